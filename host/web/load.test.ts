// The simulator page's load model: controls to waveform parameters, daily shapes, refusals.
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkLoad, DEFAULT_LOAD, shapeFactor, waveformFor } from "./load.js";

test("PF and direction set the current's angle: 0.5 inductive lags 60 deg, 0.8 capacitive leads 36.87 deg, export adds 180 deg", () => {
  const at = (pf: number, capacitive: boolean, exporting: boolean): number =>
    waveformFor({ ...DEFAULT_LOAD, pf, capacitive, exporting }, 0).phaseDeg!;
  assert.ok(Math.abs(at(0.5, false, false) - 60) < 1e-9);
  assert.ok(Math.abs(at(0.8, true, false) + 36.8699) < 1e-3);
  assert.ok(Math.abs(at(1, false, true) - 180) < 1e-9);
});

test("the household shape peaks at 18:00 (the full current) and is 5 % at midnight; PV export turns the flow at noon", () => {
  assert.equal(shapeFactor("household", 18 * 3600), 1);
  assert.equal(shapeFactor("household", 0), 0.05);
  assert.ok(Math.abs(shapeFactor("household", 18.5 * 3600) - 0.95) < 1e-9, "linear between the hours");
  const noon = waveformFor({ ...DEFAULT_LOAD, irms: 20, shape: "pv-export" }, 12 * 3600);
  assert.equal(noon.irms, 20);
  assert.equal(noon.phaseDeg, 180);
  assert.equal(shapeFactor("constant", 12345), 1);
});

test("controls beyond the simulated ADC or the generator are refused with the reason", () => {
  assert.equal(checkLoad(DEFAULT_LOAD), undefined);
  assert.match(checkLoad({ ...DEFAULT_LOAD, vrms: 400 })!, /voltage 400 V is outside 0..300 V/);
  assert.match(checkLoad({ ...DEFAULT_LOAD, irms: -1 })!, /current/);
  assert.match(checkLoad({ ...DEFAULT_LOAD, pf: 1.2 })!, /power factor/);
  assert.match(checkLoad({ ...DEFAULT_LOAD, freqHz: Number.NaN })!, /frequency/);
});
