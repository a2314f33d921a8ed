// The simulator page's load model: the controls (voltage, current, PF, direction, frequency, harmonics, a daily shape) to waveform parameters.
import type { Harmonic, WaveformParams } from "../shims/waveform.js";

export type LoadShape = "constant" | "household" | "storage-heating" | "pv-export";

export interface LoadControls {
  vrms: number; // V
  irms: number; // A: the constant load, or the shape's peak
  pf: number; // 0..1, |cos phi|
  capacitive: boolean;
  exporting: boolean;
  freqHz: number;
  harmonics: "none" | "household" | "rectifier";
  shape: LoadShape;
}

export const DEFAULT_LOAD: LoadControls = {
  vrms: 230, irms: 5, pf: 1, capacitive: false, exporting: false, freqHz: 50, harmonics: "none", shape: "constant",
};

// Fraction of the peak current in each local hour 0..23: a home's morning and evening peaks, night storage
// heaters charging on the off-peak tariff, a PV plant's export around noon (the sign turns the flow).
const SHAPES: Record<Exclude<LoadShape, "constant">, number[]> = {
  household: [0.05, 0.04, 0.04, 0.04, 0.05, 0.1, 0.45, 0.6, 0.35, 0.2, 0.2, 0.3, 0.5, 0.3, 0.2, 0.2, 0.3, 0.6, 1, 0.9, 0.7, 0.5, 0.3, 0.1],
  "storage-heating": [1, 1, 1, 1, 1, 1, 0.8, 0.1, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.1, 0.1, 0.1, 0.1, 0.1, 1, 1],
  "pv-export": [0.03, 0.03, 0.03, 0.03, 0.03, 0.05, 0.1, -0.1, -0.3, -0.55, -0.8, -0.95, -1, -0.95, -0.8, -0.55, -0.3, -0.1, 0.2, 0.25, 0.2, 0.1, 0.05, 0.03],
};

// Current spectra of common loads (IEC 61000-3-2 shaped): a home's mix and a single-phase rectifier.
const HARMONICS: Record<LoadControls["harmonics"], Harmonic[]> = {
  none: [],
  household: [{ order: 3, pct: 15, phaseDeg: 0 }, { order: 5, pct: 8, phaseDeg: 0 }, { order: 7, pct: 4, phaseDeg: 0 }],
  rectifier: [{ order: 3, pct: 80, phaseDeg: 180 }, { order: 5, pct: 55, phaseDeg: 0 }, { order: 7, pct: 30, phaseDeg: 180 }, { order: 9, pct: 12, phaseDeg: 0 }],
};

// Signed fraction of the peak for the shape at a local time of day (linear between the hours).
export function shapeFactor(shape: LoadShape, secondOfDay: number): number {
  if (shape === "constant") return 1;
  const table = SHAPES[shape];
  const h = ((secondOfDay / 3600) % 24 + 24) % 24;
  const k = Math.floor(h);
  return table[k] + (table[(k + 1) % 24] - table[k]) * (h - k);
}

// Refuses controls the simulated ADC or the waveform generator cannot represent, with the reason.
export function checkLoad(c: LoadControls): string | undefined {
  if (!(c.vrms >= 0 && c.vrms <= 300)) return `voltage ${c.vrms} V is outside 0..300 V`;
  if (!(c.irms >= 0 && c.irms <= 120)) return `current ${c.irms} A is outside 0..120 A`;
  if (!(c.pf >= 0 && c.pf <= 1)) return `power factor ${c.pf} is outside 0..1`;
  if (!(c.freqHz >= 45 && c.freqHz <= 65)) return `frequency ${c.freqHz} Hz is outside 45..65 Hz`;
  if (!(c.harmonics in HARMONICS)) return `unknown harmonics '${c.harmonics}'`;
  if (c.shape !== "constant" && !(c.shape in SHAPES)) return `unknown load shape '${c.shape}'`;
  return undefined;
}

// The waveform the ADC sees with the supply on, at a local time of day.
export function waveformFor(c: LoadControls, secondOfDay: number): Partial<WaveformParams> {
  const f = shapeFactor(c.shape, secondOfDay);
  const exporting = c.exporting !== f < 0;
  const lagDeg = (Math.acos(Math.min(1, Math.max(0, c.pf))) * 180) / Math.PI;
  return {
    vrms: c.vrms,
    irms: c.irms * Math.abs(f),
    phaseDeg: (c.capacitive ? -lagDeg : lagDeg) + (exporting ? 180 : 0),
    freqHz: c.freqHz,
    iHarmonics: HARMONICS[c.harmonics],
  };
}
