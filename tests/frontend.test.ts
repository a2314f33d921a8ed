// Accuracy behind a modelled analog front end: one calibration at the nominal frequency holds at 45..65 Hz, every PF and current, and with harmonics.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CalId, ConfigId, Err, InputKind, Reading, Register } from "../host/abi.js";
import { Simulator } from "../host/sim.js";
import { WaveformGenerator, type WaveformParams } from "../host/shims/waveform.js";
import { FrontEndSource, TYPICAL_FRONT_END, type FrontEndParams } from "../host/shims/frontend.js";
import { calibrateMeter } from "../host/calibrate.js";

const RATE_HZ = 4000;

interface Row {
  name: string;
  errorPct: number;
  limitPct: number;
}
const table: Row[] = [];

function meterBehind(frontEnd: Partial<FrontEndParams>, nominalHz: number): { sim: Simulator; source: FrontEndSource } {
  const source = new FrontEndSource({ freqHz: nominalHz }, frontEnd);
  const sim = new Simulator();
  sim.adc.setSource(source);
  sim.boot();
  assert.equal(sim.meter.configSet(ConfigId.NOMINAL_FREQ_HZ, nominalHz), Err.OK);
  return { sim, source };
}

// Energy registered over `seconds` of whole windows of this wave against the wave's exact energy, in %.
function energyErrorPct(sim: Simulator, source: FrontEndSource, wave: Partial<WaveformParams>, seconds: number, kind: "active" | "reactive"): number {
  source.set(wave);
  sim.run(2); // the window that straddles the change is not counted
  const [plus, minus] = kind === "active" ? [Register.A_PLUS, Register.A_MINUS] : [Register.R_PLUS, Register.R_MINUS];
  const net = () => Number(sim.meter.energyUwh(plus) - sim.meter.energyUwh(minus)) / 1e6;
  const start = { wh: net(), sample: sim.meter.reading(Reading.WINDOW_END_SAMPLE) };
  sim.run(seconds);
  const hours = (sim.meter.reading(Reading.WINDOW_END_SAMPLE) - start.sample) / RATE_HZ / 3600;
  const exact = new WaveformGenerator(source.wave);
  const exactWh = (kind === "active" ? exact.exactPowerW() : exact.exactReactiveFundamentalVar()) * hours;
  return (net() - start.wh - exactWh) / Math.abs(exactWh) * 100;
}

function check(name: string, errorPct: number, limitPct: number): void {
  table.push({ name, errorPct, limitPct });
  assert.ok(Math.abs(errorPct) <= limitPct, `${name}: ${errorPct.toFixed(4)} % exceeds ${limitPct} %`);
}

const PFS = [
  { name: "PF 1", phaseDeg: 0 },
  { name: "PF 0.5L", phaseDeg: 60 },
  { name: "PF 0.8C", phaseDeg: -Math.acos(0.8) * 180 / Math.PI },
];

// Voltage within EN 50160 harmonic levels (THD 6.4 %) and a rectifier-like current (THD 41 %), every order up to
// the 40th, also those above half the sample rate (at 65 Hz from the 31st): they alias, carry little energy.
function harmonics(freqHz: number): Pick<WaveformParams, "vHarmonics" | "iHarmonics"> {
  const vPct: Record<number, number> = { 3: 3, 5: 4.5, 7: 3, 9: 1, 11: 2, 13: 1.5, 15: 0.4, 17: 1, 19: 0.8, 21: 0.3, 23: 0.6, 25: 0.6 };
  const orders = Array.from({ length: 39 }, (_, k) => k + 2);
  return {
    vHarmonics: orders.filter((h) => vPct[h]).map((h) => ({ order: h, pct: vPct[h], phaseDeg: 10 * h })),
    iHarmonics: orders.filter((h) => h % 2 === 1).map((h) => ({ order: h, pct: 100 / h / 1.2, phaseDeg: 35 * h % 360 })),
  };
}

for (const nominalHz of [50, 60]) {
  test(`a meter calibrated once at ${nominalHz} Hz behind the typical front end: active within 0.2 %, reactive within 0.5 %, 45..65 Hz, PF 1/0.5L/0.8C, 0.25..100 A`, () => {
    const { sim, source } = meterBehind(TYPICAL_FRONT_END, nominalHz);
    const cal = calibrateMeter(sim, source, nominalHz);
    assert.ok(Math.abs(cal.delayUs - 134.2) < 1, `delay ${cal.delayUs} µs: skew 125 + shunt 8.3 + filter mismatch 0.8`);
    for (const freqHz of [45, 47.5, 50, 52.5, 57, 60, 63, 65]) {
      for (const pf of PFS) {
        for (const irms of [0.25, 1, 10, 100]) {
          const wave = { vrms: 230, irms, phaseDeg: pf.phaseDeg, freqHz, vHarmonics: [], iHarmonics: [] };
          check(`cal ${nominalHz}: active ${freqHz} Hz ${pf.name} ${irms} A`, energyErrorPct(sim, source, wave, 4, "active"), 0.2);
          if (pf.phaseDeg !== 0) check(`cal ${nominalHz}: reactive ${freqHz} Hz ${pf.name} ${irms} A`, energyErrorPct(sim, source, wave, 4, "reactive"), 0.5);
        }
      }
    }
  });
}

test("with harmonics up to the 40th (V THD 6 %, I THD 40 %) active energy stays within 0.2 % at 45..65 Hz after one 50 Hz calibration", () => {
  const { sim, source } = meterBehind(TYPICAL_FRONT_END, 50);
  calibrateMeter(sim, source, 50);
  for (const freqHz of [45, 50, 55, 60, 65]) {
    for (const pf of PFS) {
      const wave = { vrms: 230, irms: 10, phaseDeg: pf.phaseDeg, freqHz, ...harmonics(freqHz) };
      check(`harmonics to the 40th: active ${freqHz} Hz ${pf.name}`, energyErrorPct(sim, source, wave, 4, "active"), 0.2);
      if (pf.phaseDeg !== 0) check(`harmonics to the 40th: reactive ${freqHz} Hz ${pf.name}`, energyErrorPct(sim, source, wave, 4, "reactive"), 0.5);
    }
  }
});

test("a 5th harmonic current at 60 degrees (IEC 62053-21 harmonic test levels: 10 % V5, 40 % I5) is registered within 0.2 % (was +0.62 %)", () => {
  const { sim, source } = meterBehind(TYPICAL_FRONT_END, 50);
  calibrateMeter(sim, source, 50);
  const wave = {
    vrms: 230, irms: 10, phaseDeg: 0, freqHz: 50,
    vHarmonics: [{ order: 5, pct: 10, phaseDeg: 0 }], iHarmonics: [{ order: 5, pct: 40, phaseDeg: 60 }],
  };
  check("5th harmonic at 60 degrees", energyErrorPct(sim, source, wave, 10, "active"), 0.2);
});

test("an integrating (sigma-delta) converter behind the same analog parts calibrates and holds the same limits", () => {
  const { sim, source } = meterBehind({ ...TYPICAL_FRONT_END, adc: "integrating", iSkewUs: 0 }, 50);
  const cal = calibrateMeter(sim, source, 50);
  assert.ok(Math.abs(cal.delayUs - 9.1) < 1, `delay ${cal.delayUs} µs: shunt 8.3 + filter mismatch 0.8`);
  for (const freqHz of [45, 55, 65]) {
    for (const pf of PFS) {
      const wave = { vrms: 230, irms: 5, phaseDeg: pf.phaseDeg, freqHz, ...harmonics(freqHz) };
      check(`integrating: active ${freqHz} Hz ${pf.name}`, energyErrorPct(sim, source, wave, 4, "active"), 0.2);
    }
  }
});

test("why a delay and not an angle: the same front end calibrated by one fixed angle at 50 Hz is off by more than 1 % at 60 Hz PF 0.5L", () => {
  const { sim, source } = meterBehind(TYPICAL_FRONT_END, 50);
  const cal = calibrateMeter(sim, source, 50);
  assert.equal(sim.meter.inputEvent(InputKind.CAL_MODE, 1), Err.OK);
  assert.equal(sim.meter.calSet(CalId.DELAY_US, 0), Err.OK);
  assert.equal(sim.meter.calSet(CalId.PHASE_RAD, cal.phaseRad - 2 * Math.PI * 50 * cal.delayUs * 1e-6), Err.OK);
  const wave = { vrms: 230, irms: 10, phaseDeg: 60, vHarmonics: [], iHarmonics: [] };
  const at50 = energyErrorPct(sim, source, { ...wave, freqHz: 50 }, 4, "active");
  const at60 = energyErrorPct(sim, source, { ...wave, freqHz: 60 }, 4, "active");
  assert.ok(Math.abs(at50) < 0.02, `angle calibration is right at 50 Hz: ${at50.toFixed(4)} %`);
  assert.ok(at60 > 1, `and wrong at 60 Hz: ${at60.toFixed(4)} %`);
});

test("prints the error table it measured", () => {
  assert.ok(table.length > 0);
  const worst = table.reduce((a, b) => (Math.abs(b.errorPct / b.limitPct) > Math.abs(a.errorPct / a.limitPct) ? b : a));
  const byGroup = new Map<string, Row[]>();
  for (const r of table) {
    const key = r.name.replace(/ [\d.]+ Hz.*$/, "");
    byGroup.set(key, [...(byGroup.get(key) ?? []), r]);
  }
  for (const [key, rows] of byGroup) {
    const max = rows.reduce((a, b) => Math.max(a, Math.abs(b.errorPct)), 0);
    console.log(`${key.padEnd(44)} ${String(rows.length).padStart(4)} points, largest |error| ${max.toFixed(4)} % (limit ${rows[0].limitPct} %)`);
  }
  console.log(`worst against its limit: ${worst.name} ${worst.errorPct.toFixed(4)} % (limit ${worst.limitPct} %)`);
});
