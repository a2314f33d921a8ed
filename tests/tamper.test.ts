// Magnetic tamper at the boundary, like the cover: time-stamped in the log, latched through power cuts, on the display until cleared.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Simulator } from "../host/sim.js";
import { EventCode, InputKind } from "../host/abi.js";
import { NorFlash } from "../host/shims/nvm.js";
import { decodeLcd } from "../host/lcdview.js";
import { utc } from "./helpers.js";

test("a magnetic field is logged with its time, latched (bit 1) through a power cut, steady on the LCD while present and blinking after", () => {
  const nvm = new NorFlash();
  const start = utc(2026, 6, 1, 10);
  const sim = new Simulator({ nvm, startUtcS: start, waveform: { vrms: 230, irms: 1 } });
  sim.boot();
  sim.run(5);
  assert.equal(decodeLcd(sim.lcd.bitmap).symbols.tamper, false);
  sim.meter.inputEvent(InputKind.MAGNET, 1);
  sim.meter.inputEvent(InputKind.MAGNET, 1); // a level held is no new edge
  sim.run(0.05);
  assert.equal(decodeLcd(sim.lcd.bitmap).symbols.tamper, true, "steady while the field is present");
  assert.equal(sim.meter.tamperLatched(), 2, "bit 1: magnetic field");
  sim.run(60);
  sim.meter.inputEvent(InputKind.MAGNET, 0);
  const events = sim.meter.events().filter((e) => e.code === EventCode.MAGNET_ON || e.code === EventCode.MAGNET_OFF);
  assert.deepEqual(events.map((e) => [e.code, e.timeUtcS]), [[EventCode.MAGNET_ON, start + 5n], [EventCode.MAGNET_OFF, start + 65n]]);
  const seen = new Set<boolean>();
  for (let k = 0; k < 20; k++) {
    sim.run(0.1);
    seen.add(decodeLcd(sim.lcd.bitmap).symbols.tamper);
  }
  assert.deepEqual([...seen].sort(), [false, true], "blinks once only latched");
  const again = new Simulator({ nvm, startUtcS: start + 100n, waveform: { vrms: 230, irms: 1 } });
  again.boot();
  assert.equal(again.meter.tamperLatched(), 2, "kept through the power cut");
  assert.equal(again.meter.events().filter((e) => e.code === EventCode.MAGNET_ON).length, 1, "the log survives");
  again.meter.tamperClear();
  again.run(4);
  assert.equal(again.meter.tamperLatched(), 0);
  assert.equal(decodeLcd(again.lcd.bitmap).symbols.tamper, false);
});
