// Benchmark of profile reads over DLMS: one day of 15-minute load profile entries by range access, tick by tick (V8 time, flash bytes read).
import { Err, UartPort } from "./abi.js";
import { Simulator } from "./sim.js";

const hex = (s: string): number[] => s.match(/../g)!.map((b) => parseInt(b, 16));
const AARQ = hex("6036A1090607608574050801018A0207808B0760857405080201AC0A80083132333435363738BE10040E01000000065F1F0400401E5DFFFF");
const START_UTC_S = 1777852800n; // 2026-05-04 00:00 UTC
const DAYS = 7;
const ROUNDS = 20;

function frame(apdu: number[]): Uint8Array {
  return Uint8Array.from([0, 1, 0, 1, 0, 1, apdu.length >> 8, apdu.length & 0xff, ...apdu]);
}

function dateTime(s: bigint): number[] {
  const d = new Date(Number(s) * 1000);
  const y = d.getUTCFullYear();
  return [0x09, 12, y >> 8, y & 0xff, d.getUTCMonth() + 1, d.getUTCDate(), 0xff, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), 0, 0, 0, 0];
}

export interface ProfileBench {
  entries: number;
  ticks: number; // one block per tick: the GET, then GET next per block
  firstTickUs: number;
  blockTickUs: number; // mean of the GET next ticks
  medianBlockTickUs: number;
  maxBlockTickUs: number;
  maxIdleTickUs: number;
  idleTickUs: number;
  firstTickFlashBytes: number;
  maxBlockFlashBytes: number;
}

// A week of Z29 3 entries (A+, A-, R+, R-), then the range read of the fourth day, 96 entries, ROUNDS times.
export function benchProfileDay(): ProfileBench {
  const sim = new Simulator({ startUtcS: START_UTC_S, waveform: { vrms: 230, irms: 10, phaseDeg: 30 } });
  sim.boot();
  for (let k = 0; k < DAYS * 96 + 1; k++) {
    sim.rtc.skipAhead(899);
    sim.run(1);
  }
  const meter = sim.meter;
  const send = (apdu: number[]): Uint8Array => {
    if (meter.uartReceive(UartPort.MODULE, frame(apdu)) !== Err.OK) throw new Error("uart_rx refused");
    meter.tick();
    return sim.uart.take(UartPort.MODULE);
  };
  send(AARQ);
  const from = START_UTC_S + 3n * 86400n + 900n;
  const to = from + 86400n - 900n;
  const restrict = [0x02, 0x04, 0x12, 0, 8, 0x09, 6, 0, 0, 1, 0, 0, 255, 0x0f, 2, 0x12, 0, 0];
  const get = [0xc0, 0x01, 0xc1, 0, 7, 1, 0, 99, 1, 0, 255, 2, 1, 1, 0x02, 0x04, ...restrict, ...dateTime(from), ...dateTime(to), 0x01, 0];
  let ticks = 0;
  let firstNs = 0;
  let blockNs = 0;
  let maxNs = 0;
  let maxIdleNs = 0;
  const blockTimes: number[] = [];
  let idleNs = 0;
  let firstBytes = 0;
  let maxBytes = 0;
  for (let r = 0; r < ROUNDS; r++) {
  let apdu = get;
  for (let block = 1; ; block++) {
    const bytes0 = sim.nvm.readBytes;
    const t0 = process.hrtime.bigint();
    const out = send(apdu);
    const ns = Number(process.hrtime.bigint() - t0);
    const bytes = sim.nvm.readBytes - bytes0;
    ticks++;
    if (block > 1) maxBytes = Math.max(maxBytes, bytes);
    if (block === 1) firstBytes = bytes;
    if (r === 0) {
      // the first round warms V8 up: its flash reads count, its times do not
    } else if (block === 1) {
      firstNs += ns / (ROUNDS - 1);
    } else {
      blockNs += ns;
      maxNs = Math.max(maxNs, ns);
      blockTimes.push(ns);
    }
    const t1 = process.hrtime.bigint();
    meter.tick();
    const idle = Number(process.hrtime.bigint() - t1);
    idleNs += idle;
    maxIdleNs = Math.max(maxIdleNs, idle);
    if (out[8 + 1] !== 0x02 || out[8 + 3] === 1) break;
    apdu = [0xc0, 0x02, 0xc1, 0, 0, block >> 8, block & 0xff];
  }
  }
  ticks /= ROUNDS;
  return {
    entries: 96,
    ticks,
    firstTickUs: firstNs / 1000,
    blockTickUs: blockTimes.length > 0 ? blockNs / blockTimes.length / 1000 : 0,
    medianBlockTickUs: blockTimes.sort((a, b) => a - b)[blockTimes.length >> 1] / 1000,
    maxBlockTickUs: maxNs / 1000,
    maxIdleTickUs: maxIdleNs / 1000,
    idleTickUs: idleNs / (ticks * ROUNDS) / 1000,
    firstTickFlashBytes: firstBytes,
    maxBlockFlashBytes: maxBytes,
  };
}
