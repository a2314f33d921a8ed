// The waveform generator is the reference of the accuracy suite, so it is checked against numeric integration of its own samples.
import { test } from "node:test";
import assert from "node:assert/strict";
import { WaveformGenerator } from "./waveform.js";

const RATE = 4000;
const V_LSB = 500 / 8388607;
const I_LSB = 250 / 8388607;

// Mean of v*i, v^2 and i^2 over whole cycles (1 s at 50 Hz), in physical units.
function integrate(gen: WaveformGenerator, pairs: number): { p: number; vrms: number; irms: number; vMean: number; iMean: number } {
  const buf = new Int32Array(2 * pairs);
  gen.fill(buf, pairs, RATE);
  let vi = 0, vv = 0, ii = 0, sv = 0, si = 0;
  for (let k = 0; k < pairs; k++) {
    const v = buf[2 * k] * V_LSB, i = buf[2 * k + 1] * I_LSB;
    vi += v * i; vv += v * v; ii += i * i; sv += v; si += i;
  }
  return { p: vi / pairs, vrms: Math.sqrt(vv / pairs), irms: Math.sqrt(ii / pairs), vMean: sv / pairs, iMean: si / pairs };
}

test("a 230 V, 10 A wave lagging 60 degrees has P = 1150 W in its samples and in exactPowerW", () => {
  const gen = new WaveformGenerator({ vrms: 230, irms: 10, phaseDeg: 60 });
  const m = integrate(gen, RATE);
  assert.ok(Math.abs(m.vrms - 230) < 1e-4);
  assert.ok(Math.abs(m.irms - 10) < 1e-5);
  assert.ok(Math.abs(m.p - 1150) < 1e-3, `${m.p}`);
  assert.equal(gen.exactPowerW(), 230 * 10 * Math.cos(Math.PI / 3));
  assert.ok(Math.abs(gen.exactReactiveFundamentalVar() - 2300 * Math.sin(Math.PI / 3)) < 1e-9);
});

test("harmonic power counts only where voltage and current share the order, with the phase between them", () => {
  const gen = new WaveformGenerator({
    vrms: 230, irms: 10,
    vHarmonics: [{ order: 3, pct: 8, phaseDeg: 10 }, { order: 5, pct: 4, phaseDeg: 0 }],
    iHarmonics: [{ order: 3, pct: 40, phaseDeg: 70 }, { order: 7, pct: 20, phaseDeg: 0 }],
  });
  const expected = 2300 + 230 * 0.08 * 10 * 0.4 * Math.cos(60 * Math.PI / 180);
  assert.ok(Math.abs(gen.exactPowerW() - expected) < 1e-9);
  assert.ok(Math.abs(integrate(gen, RATE).p - expected) < 2e-3);
});

test("DC in the current shows in the samples but carries no energy against the DC-free voltage", () => {
  const gen = new WaveformGenerator({ vrms: 230, irms: 5, iDcA: 2 });
  const m = integrate(gen, RATE);
  assert.ok(Math.abs(m.iMean - 2) < 1e-4);
  assert.ok(Math.abs(m.p - 1150) < 1e-3);
  assert.equal(gen.exactPowerW(), 1150);
});

test("a frequency change keeps the phase continuous: no step between blocks", () => {
  const gen = new WaveformGenerator({ vrms: 230, irms: 0, freqHz: 50 });
  const a = new Int32Array(80);
  gen.fill(a, 40, RATE);
  gen.set({ freqHz: 51 });
  const b = new Int32Array(80);
  gen.fill(b, 40, RATE);
  // Largest step of a 325 V peak sine at 51 Hz between samples 250 us apart: 2 pi f Vpk / fs = 26 V.
  const stepV = Math.abs(b[0] - a[78]) * V_LSB;
  assert.ok(stepV < 27, `${stepV} V step`);
});

test("the ADC saturates at full scale and clears the bits below its resolution", () => {
  const gen = new WaveformGenerator({ vrms: 230, irms: 150, iFullScaleA: 200, adcBits: 16 });
  const buf = new Int32Array(2 * RATE);
  gen.fill(buf, RATE, RATE);
  let maxI = -Infinity, minI = Infinity;
  for (let k = 0; k < RATE; k++) {
    maxI = Math.max(maxI, buf[2 * k + 1]);
    minI = Math.min(minI, buf[2 * k + 1]);
    assert.equal(buf[2 * k] & 255, 0, "16 bits: the low 8 of 24 are zero");
  }
  assert.ok(maxI <= 8388607 && minI >= -8388608);
  assert.equal(maxI, 8388352, "212 A peak clips at a 200 A full scale");
});

test("noise is reproducible from its seed", () => {
  const a = new Int32Array(200), b = new Int32Array(200), c = new Int32Array(200);
  new WaveformGenerator({ noiseLsb: 50, seed: 9 }).fill(a, 100, RATE);
  new WaveformGenerator({ noiseLsb: 50, seed: 9 }).fill(b, 100, RATE);
  new WaveformGenerator({ noiseLsb: 50, seed: 10 }).fill(c, 100, RATE);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});

test("impossible waveforms are refused with a message", () => {
  assert.throws(() => new WaveformGenerator({ irms: -1 }), /irms -1 A is outside/);
  assert.throws(() => new WaveformGenerator({ freqHz: Number.NaN }), /not a finite number: freqHz/);
  assert.throws(() => new WaveformGenerator({ iHarmonics: [{ order: 1, pct: 5, phaseDeg: 0 }] }), /order 1 is outside/);
});
