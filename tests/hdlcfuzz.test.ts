// 100,000 random and mutated HDLC frames on the module port and the optical port in mode E: no trap, no change of
// configuration or breaker, metering goes on, and the meter still connects afterwards.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Simulator } from "../host/sim.js";
import { ConfigId, Err, Register, UartPort } from "../host/abi.js";
import { mulberry32 } from "../host/shims/random.js";
import { hdlcFrame, parseFrames, SNRM, DISC, UA, iControl } from "../host/hdlcclient.js";

const FRAMES = 100_000;
const CONFIG_IDS = Array.from({ length: 19 }, (_, k) => k + 1);

// On the optical port DISC is left out: it would end mode E and hand the rest to the IEC 62056-21 parser.
function fuzzPort(sim: Simulator, port: UartPort, seed: number): void {
  const rand = mulberry32(seed);
  const int = (n: number): number => Math.floor(rand() * n);
  const bytes = (n: number): number[] => Array.from({ length: n }, () => int(256));
  const controls = [SNRM, 0x11, 0x31, 0x51, 0x15, 0x13, 0x97, 0x73, ...(port === UartPort.MODULE ? [DISC] : [])];
  let chunk: number[] = [];
  for (let n = 0; n < FRAMES; n++) {
    const kind = int(3);
    let frame: number[];
    if (kind === 0) {
      frame = Array.from({ length: 1 + int(160) }, () => (int(5) === 0 ? 0x7e : int(256)));
    } else {
      const control = int(2) ? iControl(int(8), int(8)) : controls[int(controls.length)];
      const info = int(2) ? [0xe6, 0xe6, 0x00, ...bytes(int(140))] : bytes(int(8) === 0 ? int(300) : int(24));
      const server = int(8) === 0 ? [0x02, 0x21] : int(8) === 0 ? [0x05] : [0x03];
      frame = [...hdlcFrame(control, info, int(4) === 0, int(6) === 0 ? 0x03 : 0x21, server)];
      if (kind === 2) {
        for (let f = 1 + int(3); f > 0; f--) {
          const at = int(frame.length);
          if (int(2)) frame[at] ^= 1 << int(8);
          else frame = frame.slice(0, at + 1);
        }
      }
    }
    chunk.push(...frame);
    while (chunk.length >= 256 || (chunk.length > 0 && n === FRAMES - 1)) {
      assert.equal(sim.meter.uartReceive(port, Uint8Array.from(chunk.slice(0, 256))), Err.OK);
      chunk = chunk.slice(256);
      sim.step();
    }
    if (int(64) === 0) sim.run(0.05); // inter-octet time-outs in between
  }
  sim.run(0.05);
  sim.uart.take(port);
}

test("100,000 random, plausible and mutated HDLC frames per port: no trap, configuration and breaker untouched, the meter still answers", () => {
  const sim = new Simulator({ startUtcS: 1767268800n, waveform: { vrms: 230, irms: 10 } });
  sim.boot();
  sim.run(2);
  const config = CONFIG_IDS.map((id) => sim.meter.configGet(id));
  const breaker = sim.meter.exports.breaker_state();
  const aPlus = sim.meter.energyUwh(Register.A_PLUS);
  // The optical port into mode E first, so both HDLC links are under fire.
  sim.meter.uartReceive(UartPort.OPTICAL, Uint8Array.from("/?!\r\n", (c) => c.charCodeAt(0)));
  sim.run(0.3);
  sim.meter.uartReceive(UartPort.OPTICAL, Uint8Array.from("\x06252\r\n", (c) => c.charCodeAt(0)));
  sim.run(0.3);
  sim.uart.take(UartPort.OPTICAL);
  for (const port of [UartPort.OPTICAL, UartPort.MODULE]) {
    fuzzPort(sim, port, 1000 + port);
    assert.deepEqual(CONFIG_IDS.map((id) => sim.meter.configGet(id)), config);
    assert.equal(sim.meter.exports.breaker_state(), breaker);
    if (port === UartPort.OPTICAL) assert.equal(sim.uart.line[UartPort.OPTICAL].baud, 9600, "the optical port is still in mode E");
    sim.meter.uartReceive(port, hdlcFrame(SNRM));
    sim.run(0.02);
    sim.meter.uartReceive(port, hdlcFrame(DISC));
    sim.run(0.02);
    assert.deepEqual(parseFrames(sim.uart.take(port)).map((f) => f.control), [UA, UA], `port ${port} connects again`);
  }
  assert.ok(sim.meter.energyUwh(Register.A_PLUS) > aPlus, "metering went on");
  assert.equal(sim.meter.configGet(ConfigId.METER_NUMBER), config[ConfigId.METER_NUMBER - 1]);
});
