// HDLC cost in V8: the module port receiving 128-byte I-frames (ns per byte in uart_rx) and the tick that answers one.
import { Simulator } from "./sim.js";
import { UartPort } from "./abi.js";
import { hdlcFrame, iControl } from "./hdlcclient.js";

export interface HdlcFigures {
  nsPerRxByte: number;
  nsPerAnsweringTick: number;
  nsPerIdleTick: number;
  frames: number;
}

const FRAMES = 20_000;

// The answering tick includes everything else a tick does (display, breaker, pulses) and the host's uart_tx
// callback; the idle tick right after it is the same work without HDLC, so the difference is HDLC's.

export function benchHdlc(): HdlcFigures {
  const sim = new Simulator({});
  sim.boot();
  const exp = sim.meter.exports;
  const info = [0xe6, 0xe6, 0x00, ...Array.from({ length: 125 }, (_, k) => k)];
  // The client's frames with N(S) 0..7 in turn; without an application layer each is acknowledged with RR.
  const frames = Array.from({ length: 8 }, (_, ns) => hdlcFrame(iControl(ns, 0), info));
  sim.meter.uartReceive(UartPort.MODULE, hdlcFrame(0x93));
  exp.tick();
  let rxNs = 0n;
  let tickNs = 0n;
  let idleNs = 0n;
  let bytes = 0;
  for (let n = 0; n < FRAMES; n++) {
    const frame = frames[n & 7];
    const t0 = process.hrtime.bigint();
    sim.meter.uartReceive(UartPort.MODULE, frame);
    const t1 = process.hrtime.bigint();
    exp.tick();
    const t2 = process.hrtime.bigint();
    exp.tick();
    const t3 = process.hrtime.bigint();
    rxNs += t1 - t0;
    tickNs += t2 - t1;
    idleNs += t3 - t2;
    bytes += frame.length;
    if (n % 1000 === 0) sim.uart.take(UartPort.MODULE);
  }
  return {
    nsPerRxByte: Number(rxNs) / bytes,
    nsPerAnsweringTick: Number(tickNs) / FRAMES,
    nsPerIdleTick: Number(idleNs) / FRAMES,
    frames: FRAMES,
  };
}
