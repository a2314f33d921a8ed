// The front-end model is the reference of the calibration tests, so its samples are checked against the analog behaviour it claims.
import { test } from "node:test";
import assert from "node:assert/strict";
import { FrontEndSource, IDEAL_FRONT_END, channelResponse } from "./frontend.js";

const RATE = 4000;

// Amplitude (LSB) and phase (rad) of the 50 Hz component of each channel over one second of samples.
function phasors(source: FrontEndSource, freqHz = 50): { v: [number, number]; i: [number, number] } {
  const buf = new Int32Array(2 * RATE);
  source.fill(buf, RATE, RATE);
  const acc = [0, 0, 0, 0];
  for (let k = 0; k < RATE; k++) {
    const th = 2 * Math.PI * freqHz * k / RATE;
    acc[0] += buf[2 * k] * Math.sin(th);
    acc[1] += buf[2 * k] * Math.cos(th);
    acc[2] += buf[2 * k + 1] * Math.sin(th);
    acc[3] += buf[2 * k + 1] * Math.cos(th);
  }
  const polar = (s: number, c: number): [number, number] => [2 * Math.hypot(s, c) / RATE, Math.atan2(c, s)];
  return { v: polar(acc[0], acc[1]), i: polar(acc[2], acc[3]) };
}

test("an ideal front end delivers the wave: 230 V peak-scaled to 500 V full scale, current in phase", () => {
  const p = phasors(new FrontEndSource({ vrms: 230, irms: 10 }));
  assert.ok(Math.abs(p.v[0] / (230 * Math.SQRT2 * 8388607 / 500) - 1) < 1e-6);
  assert.ok(Math.abs(p.i[1] - p.v[1]) < 1e-6);
});

test("a current converted 125 µs after the voltage leads it by 2.25 degrees at 50 Hz and 2.7 degrees at 60 Hz", () => {
  for (const [freqHz, deg] of [[50, 2.25], [60, 2.7]]) {
    const p = phasors(new FrontEndSource({ vrms: 230, irms: 10, freqHz }, { iSkewUs: 125 }), freqHz);
    assert.ok(Math.abs((p.i[1] - p.v[1]) * 180 / Math.PI - deg) < 1e-4, `${freqHz} Hz: ${(p.i[1] - p.v[1]) * 180 / Math.PI}`);
  }
});

test("a shunt with L/R = 8.33 µs leads by 0.15 degrees at 50 Hz; a 2 kHz RC lags 1.43 degrees and attenuates 0.031 %", () => {
  const shunt = phasors(new FrontEndSource({ vrms: 230, irms: 10 }, { shuntLeadUs: 8.333 }));
  assert.ok(Math.abs((shunt.i[1] - shunt.v[1]) * 180 / Math.PI - 0.15) < 1e-4);
  const rc = phasors(new FrontEndSource({ vrms: 230, irms: 10 }, { vFilterHz: 2000 }));
  assert.ok(Math.abs((rc.i[1] - rc.v[1]) * 180 / Math.PI - Math.atan(50 / 2000) * 180 / Math.PI) < 1e-4);
  assert.ok(Math.abs(rc.v[0] / rc.i[0] * (500 / 230) * (10 / 250) - 1 / Math.hypot(1, 50 / 2000)) < 1e-6);
});

test("an integrating converter's code is the mean over the sample period: sinc gain and half a period of delay on both channels", () => {
  const r = channelResponse({ ...IDEAL_FRONT_END, adc: "integrating" }, "v", 1000, RATE);
  assert.ok(Math.abs(r.gain - Math.sin(Math.PI / 4) / (Math.PI / 4)) < 1e-12);
  assert.ok(Math.abs(r.phaseRad + Math.PI / 4) < 1e-12);
  const p = phasors(new FrontEndSource({ vrms: 230, irms: 10 }, { adc: "integrating" }));
  assert.ok(Math.abs(p.i[1] - p.v[1]) < 1e-6, "no phase between the channels");
});

test("gain errors, offsets and bad parameters: 1.2 % high voltage reads 1.2 % high, a non-finite skew is refused", () => {
  const p = phasors(new FrontEndSource({ vrms: 230, irms: 10 }, { vGain: 1.012, vOffsetLsb: 1000 }));
  assert.ok(Math.abs(p.v[0] / (230 * Math.SQRT2 * 8388607 / 500) - 1.012) < 1e-5);
  assert.throws(() => new FrontEndSource({}, { iSkewUs: Number.NaN }), RangeError);
  assert.throws(() => new FrontEndSource({}, { adc: "sampled" as "instant" }), RangeError);
});
