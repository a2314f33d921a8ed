// 100,000 random and mutated IEC 62056-21 messages on the optical port, and 100,000 wrapper frames on the module
// port: no trap, registers as a twin's, configuration, calibration and breaker untouched, a valid request answered after.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Simulator } from "../host/sim.js";
import { ConfigId, Err, Register, UartPort } from "../host/abi.js";
import { mulberry32 } from "../host/shims/random.js";

const INPUTS = 100_000;
const CONFIG_IDS = Array.from({ length: 31 }, (_, k) => k + 1);
// What programming mode may change with the password (docs/HAL.md "Optical port"); each stays in its range.
const LOCAL = new Set<number>([ConfigId.METER_NUMBER, ConfigId.DISPLAY_DECIMALS, ConfigId.POWER_THRESHOLD_W]);
const REGISTERS = Array.from({ length: 18 }, (_, k) => k);
const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));
const bcc = (b: number[]): number => b.reduce((x, c) => x ^ c, 0);

function meter(): Simulator {
  const sim = new Simulator({ startUtcS: 1767268800n, waveform: { vrms: 230, irms: 10, phaseDeg: 20 } });
  sim.boot();
  assert.equal(sim.meter.configSet(ConfigId.METER_NUMBER, 12345678), Err.OK);
  return sim;
}

// A dialogue as a client would hold it: request, option select, programming commands, each one whole or
// mutated later; between dialogues, noise.
function dialogue(int: (n: number) => number): number[][] {
  const ids = ["1.8.0", "C.1.0", "129.0.17", "129.0.14", "129.0.16", "128.1.0", "128.0.0", "F.F", "0.9.1", "99.1.2"];
  const values = ["", "12345678", "0", "3", "-1", "0.00006", "99999999999999999999", "1.5", "x"];
  if (int(8) === 0) {
    return [Array.from({ length: 1 + int(48) }, () => (int(4) === 0 ? [0x2f, 0x21, 0x0d, 0x0a, 0x01, 0x03, 0x15][int(7)] : int(256)))];
  }
  const out: number[][] = [ascii(["/?!\r\n", "/?!\r\n", "/?12345678!\r\n", "/?999!\r\n"][int(4)])];
  out.push([0x06, ...ascii(`${int(8) ? 0 : int(3)}${int(7)}${int(3) ? 1 : 0}\r\n`)]);
  for (let c = int(7); c > 0; c--) {
    if (int(8) === 0) {
      out.push([[0x15, 0x06, 0x01, 0x02, 0x03][int(5)]]);
      continue;
    }
    const cmd = ["P1", "P1", "R1", "R1", "W1", "W1", "B0", "R2", "E2"][int(9)];
    const data = cmd === "P1" ? `(${int(4) ? "12345678" : "1234"})` : `${ids[int(ids.length)]}(${values[int(values.length)]})`;
    const body = cmd === "B0" ? [...ascii(cmd), 0x03] : [...ascii(cmd), 0x02, ...ascii(data), int(16) ? 0x03 : 0x04];
    out.push([0x01, ...body, bcc(body)]);
  }
  return out;
}

function mutate(bytes: number[], int: (n: number) => number): number[] {
  let out = bytes;
  for (let f = int(3); f > 0; f--) {
    const at = int(out.length);
    const how = int(3);
    if (how === 0) out[at] ^= 1 << int(8);
    else if (how === 1) out = out.slice(0, at + 1);
    else out = [...out.slice(0, at), int(256), ...out.slice(at)];
  }
  return out;
}

test("100,000 random and mutated IEC 62056-21 messages: no trap, registers as the twin's, nothing legal changed, a request answered after", () => {
  const sim = meter();
  const twin = meter();
  const rand = mulberry32(6205621);
  const int = (n: number): number => Math.floor(rand() * n);
  const config = CONFIG_IDS.map((id) => sim.meter.configGet(id));
  const cal = [0, 1, 2, 3, 4].map((id) => sim.meter.calGet(id));
  const breaker = sim.meter.exports.breaker_state();
  let ticks = 0;
  let sent = 0;
  const seen = { ident: 0, operand: 0, error: 0, readout: 0 };
  for (let n = 0; n < INPUTS;) {
    for (const msg of dialogue(int)) {
      n++;
      const bytes = int(4) === 0 ? mutate(msg, int) : msg;
      for (let at = 0; at < bytes.length; at += 256) {
        assert.equal(sim.meter.uartReceive(UartPort.OPTICAL, Uint8Array.from(bytes.slice(at, at + 256))), Err.OK);
      }
      sent += bytes.length;
      // Mostly the reaction time (the answer, then the next message), sometimes at once, sometimes past a time-out.
      const wait = int(16) === 0 ? 0 : int(24) === 0 ? 160 : 23;
      sim.run(wait / 100);
      ticks += wait;
      const out = String.fromCharCode(...sim.uart.take(UartPort.OPTICAL));
      seen.ident += out.split("/WAS5").length - 1;
      seen.operand += out.split("\x01P0\x02").length - 1;
      seen.error += out.split("(ERROR)").length - 1;
      seen.readout += out.split("1.8.0(").length - 1;
    }
  }
  // The fuzz reached every part of the dialogue: identification, readouts, programming mode and its refusals.
  assert.ok(seen.ident > 1000 && seen.operand > 100 && seen.error > 100 && seen.readout > 100, JSON.stringify(seen));
  assert.ok(sent > 1_000_000, `${sent} bytes`);
  for (let k = 0; k < ticks; k++) twin.step();
  assert.deepEqual(REGISTERS.map((r) => sim.meter.energyUwh(r)), REGISTERS.map((r) => twin.meter.energyUwh(r)), "registers as the twin's");
  assert.ok(sim.meter.energyUwh(Register.A_PLUS) > 0n);
  CONFIG_IDS.forEach((id, k) => {
    if (!LOCAL.has(id)) assert.equal(sim.meter.configGet(id), config[k], `setting ${id}`);
  });
  assert.ok(sim.meter.configGet(ConfigId.DISPLAY_DECIMALS) >= 1 && sim.meter.configGet(ConfigId.DISPLAY_DECIMALS) <= 4);
  assert.deepEqual([0, 1, 2, 3, 4].map((id) => sim.meter.calGet(id)), cal, "calibration untouched (switch off)");
  assert.equal(sim.meter.exports.breaker_state(), breaker);
  // Past every time-out (programming mode 120 s, HDLC inactivity 120 s), a request gets the identification.
  sim.run(125);
  sim.uart.take(UartPort.OPTICAL);
  assert.equal(sim.meter.uartReceive(UartPort.OPTICAL, Uint8Array.from(ascii(`/?${sim.meter.configGet(ConfigId.METER_NUMBER)}!\r\n`))), Err.OK);
  sim.run(0.3);
  assert.equal(String.fromCharCode(...sim.uart.take(UartPort.OPTICAL)), "/WAS5\\2wasmeter-1\r\n");
});

// IEC 62056-47 wrapper: version 0x0001, source and destination wPort, length, then the APDU.
function wrapper(src: number, dst: number, apdu: number[], length = apdu.length): number[] {
  return [0, 1, src >> 8, src & 255, dst >> 8, dst & 255, (length >> 8) & 255, length & 255, ...apdu];
}

test("100,000 random and mutated wrapper frames on the module port: no trap, nothing changed, the meter answers after", () => {
  const sim = meter();
  const rand = mulberry32(6205647);
  const int = (n: number): number => Math.floor(rand() * n);
  const bytes = (n: number): number[] => Array.from({ length: n }, () => int(256));
  const config = CONFIG_IDS.map((id) => sim.meter.configGet(id));
  const breaker = sim.meter.exports.breaker_state();
  // AARQ heads, GET/SET/ACTION heads and RLRQ, to be cut and flipped.
  const apdus = [[0x60, 0x1d, 0xa1, 0x09, 0x06, 0x07, 0x60, 0x85, 0x74, 0x05, 0x08, 0x01, 0x01], [0xc0, 0x01, 0xc1, 0x00, 0x03],
    [0xc1, 0x01, 0xc1, 0x00, 0x46], [0xc3, 0x01, 0xc1, 0x00, 0x46], [0x62, 0x03, 0x80, 0x01, 0x00]];
  let chunk: number[] = [];
  for (let n = 0; n < INPUTS; n++) {
    const kind = int(4);
    let frame: number[];
    if (kind === 0) frame = bytes(1 + int(40));
    else {
      const apdu = [...apdus[int(apdus.length)], ...bytes(int(8) === 0 ? int(300) : int(20))];
      const length = int(8) === 0 ? int(65536) : apdu.length;
      frame = wrapper(int(8) === 0 ? int(65536) : [16, 1, 32][int(3)], int(8) === 0 ? int(65536) : 1, apdu, length);
      if (kind === 3) frame = mutate(frame, int);
    }
    chunk.push(...frame);
    while (chunk.length >= 256 || (chunk.length > 0 && n === INPUTS - 1)) {
      assert.equal(sim.meter.uartReceive(UartPort.MODULE, Uint8Array.from(chunk.slice(0, 256))), Err.OK);
      chunk = chunk.slice(256);
      sim.step();
    }
    if (int(64) === 0) sim.run(0.5); // a quiet line in between: the next frame starts afresh
  }
  sim.run(1);
  sim.uart.take(UartPort.MODULE);
  assert.deepEqual(CONFIG_IDS.map((id) => sim.meter.configGet(id)), config);
  assert.equal(sim.meter.exports.breaker_state(), breaker);
  assert.ok(sim.meter.energyUwh(Register.A_PLUS) > 0n, "metering went on");
  sim.meter.uartReceive(UartPort.MODULE, Uint8Array.from(wrapper(16, 1, [0x62, 0x03, 0x80, 0x01, 0x00])));
  sim.step();
  assert.deepEqual(Array.from(sim.uart.take(UartPort.MODULE)), wrapper(1, 16, [0x63, 0x03, 0x80, 0x01, 0x00]));
});
