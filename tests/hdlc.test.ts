// HDLC on the real module: mode E from the optical readout at the agreed speed and back, the module port, line settings.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Simulator } from "../host/sim.js";
import { Err, UartFormat, UartPort } from "../host/abi.js";
import { hdlcFrame, parseFrames, SNRM, DISC, UA, DM, iControl } from "../host/hdlcclient.js";

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const text = (b: Uint8Array): string => String.fromCharCode(...b);
const hex = (b: Uint8Array): string => [...b].map((x) => x.toString(16).padStart(2, "0")).join(" ");

function booted(): Simulator {
  const sim = new Simulator({ startUtcS: 1767268800n, waveform: { vrms: 230, irms: 5 } });
  sim.boot();
  sim.run(2);
  return sim;
}

function send(sim: Simulator, port: UartPort, data: Uint8Array): void {
  assert.equal(sim.meter.uartReceive(port, data), Err.OK);
}

// A frame in, then the ticks of 20 ms for the meter to answer.
function frameIn(sim: Simulator, port: UartPort, frame: Uint8Array): void {
  send(sim, port, frame);
  sim.run(0.02);
}

// Sign-on and option select for mode E at baud character `z`; returns the bytes sent before the switch.
function enterModeE(sim: Simulator, z: string): number {
  send(sim, UartPort.OPTICAL, ascii("/?!\r\n"));
  sim.run(0.3);
  const ident = text(sim.uart.take(UartPort.OPTICAL));
  assert.equal(ident, "/WAS5\\2wasmeter-1\r\n", "the identification offers mode E");
  send(sim, UartPort.OPTICAL, ascii(`\x062${z}2\r\n`));
  return ident.length;
}

test("mode E: ACK 2 5 2 switches the optical port to 9600 baud 8N1 after 220 ms, and it answers Gurux's SNRM with UA", () => {
  const sim = booted();
  const before = enterModeE(sim, "5");
  sim.run(0.2);
  assert.equal(sim.uart.lineLog[UartPort.OPTICAL].length, 0, "no switch before the reaction time");
  sim.run(0.05);
  assert.deepEqual(sim.uart.line[UartPort.OPTICAL], { baud: 9600, format: UartFormat.EIGHT_N_ONE, afterBytes: before });
  assert.equal(sim.uart.take(UartPort.OPTICAL).length, 0, "nothing sent at the old speed");
  send(sim, UartPort.OPTICAL, Uint8Array.from([0x7e, 0xa0, 0x07, 0x03, 0x21, 0x93, 0x0f, 0x01, 0x7e]));
  sim.run(0.01);
  assert.equal(hex(sim.uart.take(UartPort.OPTICAL)),
    "7e a0 1e 21 03 73 c3 7a 81 80 12 05 01 80 06 01 80 07 04 00 00 00 01 08 04 00 00 00 01 53 3b 7e");
});

test("mode E: after the UA to DISC the optical port returns to 300 baud 7E1 and reads out again", () => {
  const sim = booted();
  enterModeE(sim, "4");
  sim.run(0.3);
  assert.equal(sim.uart.line[UartPort.OPTICAL].baud, 4800);
  frameIn(sim, UartPort.OPTICAL, hdlcFrame(SNRM));
  frameIn(sim, UartPort.OPTICAL, hdlcFrame(iControl(0, 0), [0xe6, 0xe6, 0x00, 0x60, 0x00]));
  frameIn(sim, UartPort.OPTICAL, hdlcFrame(DISC));
  const sent = sim.uart.take(UartPort.OPTICAL);
  const frames = parseFrames(sent);
  // The bad AARQ is answered by the application layer in an I-frame (N(R) 1, N(S) 0), then DISC gets UA.
  assert.deepEqual(frames.map((f) => f.control), [UA, 0x30, UA]);
  const log = sim.uart.lineLog[UartPort.OPTICAL];
  const last = log[log.length - 1];
  assert.equal(last.baud, 300);
  assert.equal(last.format, UartFormat.SEVEN_E_ONE);
  assert.equal(last.afterBytes, log[0].afterBytes + sent.length, "after the UA, the answer and the UA left the line");
  send(sim, UartPort.OPTICAL, ascii("/?!\r\n"));
  sim.run(0.3);
  assert.equal(text(sim.uart.take(UartPort.OPTICAL)), "/WAS5\\2wasmeter-1\r\n");
});

test("mode E: a speed above the offered 9600 baud is refused and the port stays at 300 baud", () => {
  const sim = booted();
  enterModeE(sim, "6");
  sim.run(2);
  assert.equal(sim.uart.lineLog[UartPort.OPTICAL].length, 0);
  send(sim, UartPort.OPTICAL, hdlcFrame(SNRM));
  sim.run(0.05);
  assert.equal(sim.uart.take(UartPort.OPTICAL).length, 0);
});

test("mode E: 120 s without a frame return the optical port to 300 baud 7E1", () => {
  const sim = booted();
  enterModeE(sim, "5");
  sim.run(0.3);
  send(sim, UartPort.OPTICAL, hdlcFrame(SNRM));
  sim.run(119);
  assert.equal(sim.uart.line[UartPort.OPTICAL].baud, 9600);
  sim.run(1.1);
  assert.equal(sim.uart.line[UartPort.OPTICAL].baud, 300);
  assert.equal(sim.uart.line[UartPort.OPTICAL].format, UartFormat.SEVEN_E_ONE);
});

test("mode C: the data message goes at the agreed 9600 baud, the port returns to 300 baud once it has left", () => {
  const sim = booted();
  send(sim, UartPort.OPTICAL, ascii("/?!\r\n"));
  sim.run(0.3);
  const identLength = sim.uart.take(UartPort.OPTICAL).length;
  send(sim, UartPort.OPTICAL, ascii("\x06050\r\n"));
  sim.run(0.3);
  const dataLength = sim.uart.take(UartPort.OPTICAL).length;
  assert.deepEqual(sim.uart.lineLog[UartPort.OPTICAL], [
    { baud: 9600, format: UartFormat.SEVEN_E_ONE, afterBytes: identLength },
    { baud: 300, format: UartFormat.SEVEN_E_ONE, afterBytes: identLength + dataLength },
  ]);
});

test("module port: SNRM, I-frame, DISC and DM from boot, and frames for server 2 are ignored", () => {
  const sim = booted();
  frameIn(sim, UartPort.MODULE, hdlcFrame(SNRM, [], false, 0x21, [0x05]));
  assert.equal(sim.uart.take(UartPort.MODULE).length, 0);
  frameIn(sim, UartPort.MODULE, hdlcFrame(SNRM));
  frameIn(sim, UartPort.MODULE, hdlcFrame(DISC));
  frameIn(sim, UartPort.MODULE, hdlcFrame(DISC));
  assert.deepEqual(parseFrames(sim.uart.take(UartPort.MODULE)).map((f) => f.control), [UA, UA, DM]);
});

test("mode E at 300 baud: an SNRM arriving one byte per 33 ms (8N1 at 300 baud) is still one frame", () => {
  const sim = booted();
  enterModeE(sim, "0");
  sim.run(0.3);
  assert.equal(sim.uart.line[UartPort.OPTICAL].baud, 300);
  assert.equal(sim.uart.line[UartPort.OPTICAL].format, UartFormat.EIGHT_N_ONE);
  for (const b of hdlcFrame(SNRM)) {
    send(sim, UartPort.OPTICAL, Uint8Array.of(b));
    sim.run(0.04); // a byte per 33 ms falls on the 10 ms tick grid as gaps of 30 or 40 ms
  }
  sim.run(0.02);
  assert.deepEqual(parseFrames(sim.uart.take(UartPort.OPTICAL)).map((f) => f.control), [UA]);
});
