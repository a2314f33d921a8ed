// Accuracy suite: the real firmware.wasm on synthetic waves, registered energy against the exact energy of the wave.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Simulator } from "../host/sim.js";
import { Reading, Register } from "../host/abi.js";
import type { WaveformParams } from "../host/shims/waveform.js";

const RATE_HZ = 4000;

interface Point {
  name: string;
  wave: Partial<WaveformParams>;
  seconds: number;
  limitPct: number;
}

interface Outcome {
  name: string;
  exactWh: number;
  registeredWh: number;
  errorPct: number;
  limitPct: number;
}

const table: Outcome[] = [];

// Energy the firmware registered up to the end of its last closed window, and the wave's exact energy
// over the same samples; `kind` picks active or fundamental reactive energy.
function measure(wave: Partial<WaveformParams>, seconds: number, kind: "active" | "reactive"): { exactWh: number; registeredWh: number } {
  const sim = new Simulator({ waveform: wave });
  sim.boot();
  sim.run(seconds);
  const endSample = sim.meter.reading(Reading.WINDOW_END_SAMPLE);
  const hours = endSample / RATE_HZ / 3600;
  const gen = sim.adc.waveform;
  const uwh = (reg: Register) => Number(sim.meter.energyUwh(reg)) / 1e6;
  if (kind === "active") {
    const exactWh = gen.exactPowerW() * hours;
    return { exactWh, registeredWh: uwh(Register.A_PLUS) - uwh(Register.A_MINUS) };
  }
  const exactWh = gen.exactReactiveFundamentalVar() * hours;
  return { exactWh, registeredWh: uwh(Register.R_PLUS) - uwh(Register.R_MINUS) };
}

function check(point: Point, kind: "active" | "reactive"): void {
  const { exactWh, registeredWh } = measure(point.wave, point.seconds, kind);
  const errorPct = (registeredWh - exactWh) / Math.abs(exactWh) * 100;
  table.push({ name: `${kind} ${point.name}`, exactWh, registeredWh, errorPct, limitPct: point.limitPct });
  assert.ok(Math.abs(errorPct) <= point.limitPct,
    `${kind} ${point.name}: error ${errorPct.toFixed(4)} % exceeds ${point.limitPct} % (exact ${exactWh} Wh, registered ${registeredWh} Wh)`);
}

// PF 1, 0.5 inductive (current lags 60 degrees), 0.8 capacitive (current leads 36.87 degrees).
const POWER_FACTORS: Array<{ name: string; phaseDeg: number }> = [
  { name: "PF 1", phaseDeg: 0 },
  { name: "PF 0.5 ind", phaseDeg: 60 },
  { name: "PF 0.8 cap", phaseDeg: -Math.acos(0.8) * 180 / Math.PI },
];
const CURRENTS_A = [0.25, 0.5, 1, 5, 10, 50, 100];

test("active energy within 0.2 % (0.5 % at 0.25 A and PF 0.5/0.8) over 0.25..100 A, import and export", () => {
  for (const amps of CURRENTS_A) {
    for (const pf of POWER_FACTORS) {
      for (const exporting of [false, true]) {
        const limitPct = amps <= 0.25 || pf.phaseDeg !== 0 ? 0.5 : 0.2;
        check({
          name: `${amps} A ${pf.name} ${exporting ? "export" : "import"}`,
          wave: { vrms: 230, irms: amps, phaseDeg: pf.phaseDeg + (exporting ? 180 : 0), freqHz: 50 },
          seconds: 20,
          limitPct,
        }, "active");
      }
    }
  }
});

test("active energy within 0.2 % at 50 and 60 Hz and at +-5 % frequency", () => {
  for (const freqHz of [47.5, 50, 52.5, 57, 60, 63]) {
    for (const pf of POWER_FACTORS) {
      check({
        name: `10 A ${pf.name} ${freqHz} Hz`,
        wave: { vrms: 230, irms: 10, phaseDeg: pf.phaseDeg, freqHz },
        seconds: 20,
        limitPct: pf.phaseDeg === 0 ? 0.2 : 0.5,
      }, "active");
    }
  }
});

test("active energy within 0.2 % at Un -20 % (184 V) and +15 % (264.5 V)", () => {
  for (const vrms of [184, 264.5]) {
    for (const amps of [0.5, 10, 100]) {
      check({ name: `${vrms} V ${amps} A`, wave: { vrms, irms: amps, freqHz: 50 }, seconds: 20, limitPct: 0.2 }, "active");
    }
  }
});

test("active energy within 0.2 % with 3rd/5th/7th harmonics (I THD 40 %, V THD 8 %) and with DC in the current", () => {
  // 40 % current THD: 32 / 20 / 14.4 % -> sqrt(32^2 + 20^2 + 14.4^2) = 40.4 %; voltage 6 / 4 / 3.3 % -> 7.9 %.
  const iHarmonics = [{ order: 3, pct: 32, phaseDeg: 20 }, { order: 5, pct: 20, phaseDeg: -40 }, { order: 7, pct: 14.4, phaseDeg: 75 }];
  const vHarmonics = [{ order: 3, pct: 6, phaseDeg: 0 }, { order: 5, pct: 4, phaseDeg: 0 }, { order: 7, pct: 3.3, phaseDeg: 0 }];
  for (const amps of [5, 50]) {
    check({ name: `${amps} A harmonics`, wave: { vrms: 230, irms: amps, iHarmonics, vHarmonics }, seconds: 20, limitPct: 0.2 }, "active");
  }
  check({ name: "10 A + 2 A DC", wave: { vrms: 230, irms: 10, iDcA: 2 }, seconds: 20, limitPct: 0.2 }, "active");
  check({ name: "half-wave-like 5 A + 3 A DC", wave: { vrms: 230, irms: 5, iDcA: 3, iHarmonics }, seconds: 20, limitPct: 0.2 }, "active");
});

test("reactive energy within 0.5 % at sin phi 1 and 0.5, inductive and capacitive, from 0.5 A up", () => {
  for (const amps of [0.5, 1, 5, 10, 50, 100]) {
    for (const phaseDeg of [90, 30, -90, -30]) {
      check({ name: `${amps} A phi ${phaseDeg} deg`, wave: { vrms: 230, irms: amps, phaseDeg }, seconds: 20, limitPct: 0.5 }, "reactive");
    }
  }
});

test("active energy within 0.2 % (0.5 % at 0.25 A, PF 0.5) with a real front end: 20-bit effective ADC and +-64 LSB noise", () => {
  for (const amps of [0.25, 1, 5, 100]) {
    for (const pf of POWER_FACTORS.slice(0, 2)) {
      check({
        name: `20-bit + noise ${amps} A ${pf.name}`,
        wave: { vrms: 230, irms: amps, phaseDeg: pf.phaseDeg, adcBits: 20, noiseLsb: 64, seed: 11 },
        seconds: 20,
        limitPct: amps <= 0.25 || pf.phaseDeg !== 0 ? 0.5 : 0.2,
      }, "active");
    }
  }
});

test("prints the error table it measured", () => {
  assert.ok(table.length > 0);
  const lines = table.map((r) =>
    `${r.name.padEnd(42)} ${r.exactWh.toFixed(6).padStart(14)} ${r.registeredWh.toFixed(6).padStart(14)} ${r.errorPct.toFixed(4).padStart(9)} %  (limit ${r.limitPct} %)`);
  console.log(["point".padEnd(42) + "       exact Wh  registered Wh     error", ...lines].join("\n"));
  const worst = table.reduce((a, b) => (Math.abs(b.errorPct) > Math.abs(a.errorPct) ? b : a));
  console.log(`worst: ${worst.name} ${worst.errorPct.toFixed(4)} % over ${table.length} points`);
});
