// Benchmark of the module port: V8 time of a tick that answers one block of the object list, against an idle tick.
import { Err, UartPort } from "./abi.js";
import { Simulator } from "./sim.js";

const hex = (s: string): number[] => s.match(/../g)!.map((b) => parseInt(b, 16));
// Management with LLS (the longer object list), then GET of 0.0.40.0.0.255 attribute 2 and GET next.
const AARQ = hex("6036A1090607608574050801018A0207808B0760857405080201AC0A80083132333435363738BE10040E01000000065F1F0400401E5DFFFF");
const GET_OBJECT_LIST = hex("C001C1000F0000280000FF0200");
const ROUNDS = 2000;

function frame(apdu: number[]): Uint8Array {
  return Uint8Array.from([0, 1, 0, 1, 0, 1, apdu.length >> 8, apdu.length & 0xff, ...apdu]);
}

export interface DlmsBench {
  idleTickNs: number;
  blockTickNs: number;
  blockBytes: number;
  blocksPerList: number;
}

// Each round: the GET (block 1) and every GET next, one tick each; the same number of idle ticks.
export function benchDlms(): DlmsBench {
  const sim = new Simulator({});
  sim.boot();
  const meter = sim.meter;
  const send = (apdu: number[]): Uint8Array => {
    if (meter.uartReceive(UartPort.MODULE, frame(apdu)) !== Err.OK) throw new Error("uart_rx refused");
    meter.tick();
    return sim.uart.take(UartPort.MODULE);
  };
  send(AARQ);
  let blockNs = 0n;
  let blocks = 0;
  let bytes = 0;
  let idleNs = 0n;
  for (let r = 0; r < ROUNDS; r++) {
    let apdu = GET_OBJECT_LIST;
    for (let block = 1; ; block++) {
      const t0 = process.hrtime.bigint();
      if (meter.uartReceive(UartPort.MODULE, frame(apdu)) !== Err.OK) throw new Error("uart_rx refused");
      meter.tick();
      blockNs += process.hrtime.bigint() - t0;
      const out = sim.uart.take(UartPort.MODULE);
      blocks++;
      bytes += out.length;
      const t1 = process.hrtime.bigint();
      meter.tick();
      idleNs += process.hrtime.bigint() - t1;
      if (out[8 + 1] !== 0x02 || out[8 + 3] === 1) break; // one APDU, or the last block
      apdu = [0xc0, 0x02, 0xc1, 0, 0, block >> 8, block & 0xff];
    }
  }
  return {
    idleTickNs: Number(idleNs) / blocks,
    blockTickNs: Number(blockNs) / blocks,
    blockBytes: bytes / blocks,
    blocksPerList: blocks / ROUNDS,
  };
}
