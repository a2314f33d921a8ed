// `make charts`: the data sheet's typical accuracy charts measured from the firmware's own registers behind the modelled front end, as SVG in docs/.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CalId, Err, InputKind, Reading, Register } from "../abi.js";
import { calibratedMeter } from "../calibrate.js";
import { ROOT } from "../firmware.js";
import type { Simulator } from "../sim.js";
import { TYPICAL_FRONT_END, type FrontEndSource } from "../shims/frontend.js";
import { WaveformGenerator, type WaveformParams } from "../shims/waveform.js";
import { dots, legend, linePath, plotFrame } from "./plot.js";

export type Energy = "active" | "reactive";

// The load angles of the charts: the current lags the voltage by phaseDeg (negative: leads).
export interface Angle {
  label: string;
  phaseDeg: number;
  color: string;
}

const DEG = 180 / Math.PI;
export const ACTIVE_ANGLES: Angle[] = [
  { label: "PF 1", phaseDeg: 0, color: "#1f5fa8" },
  { label: "PF 0.5 L", phaseDeg: 60, color: "#c0392b" },
  { label: "PF 0.8 C", phaseDeg: -Math.acos(0.8) * DEG, color: "#27ae60" },
];
export const REACTIVE_ANGLES: Angle[] = [
  { label: "sin φ 1 L", phaseDeg: 90, color: "#1f5fa8" },
  { label: "sin φ 0.5 L", phaseDeg: 30, color: "#c0392b" },
  { label: "sin φ 0.5 C", phaseDeg: -30, color: "#27ae60" },
];

export const UN_V = 230;
export const IREF_A = 5;
export const IMIN_A = 0.25;
export const ITR_A = 0.5;
export const IMAX_A = 100;

// The points of the sweeps: log-spaced currents Imin..Imax, -20..+15 % Un, +-5 % of 50 and 60 Hz.
export const CURRENTS_A = [0.25, 0.3, 0.4, 0.5, 0.75, 1, 1.5, 2, 3, 5, 7.5, 10, 15, 20, 30, 50, 75, 100];
export const VOLTAGE_PCT = [-20, -17.5, -15, -12.5, -10, -7.5, -5, -2.5, 0, 2.5, 5, 7.5, 10, 12.5, 15];
export const FREQ_PCT = [-5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5];

// The error limits (reference/METROLOGY.md): intrinsic EN 50470-3 class B and IEC 62053-21 class 1 for active,
// IEC 62053-23 class 2 for reactive energy; voltage and frequency add class 1's influence limits within their
// ranges (+-10 % Un, +-2 % fn) and the MID class B MPE of 2 % applies beyond.
export function limitVsCurrentPct(kind: Energy, phaseDeg: number, amps: number): number {
  if (kind === "active") {
    if (phaseDeg === 0) return amps < ITR_A ? 1.5 : 1.0;
    if (amps < ITR_A) return NaN; // no limit is given below Itr at PF 0.5 L / 0.8 C
    return amps < 2 * ITR_A ? 1.5 : 1.0;
  }
  if (Math.abs(phaseDeg) === 90) return amps < ITR_A ? 2.5 : 2.0;
  return amps < ITR_A ? NaN : 2.5; // sin φ 0.5 (unconfirmed)
}

export function limitVsVoltagePct(kind: Energy, phaseDeg: number, pct: number): number {
  const base = limitVsCurrentPct(kind, phaseDeg, 10);
  if (kind === "reactive") return base; // the reference gives no reactive voltage influence limit: the intrinsic one
  return Math.abs(pct) <= 10 ? base + (phaseDeg === 0 ? 0.7 : 1.0) : 2.0;
}

export function limitVsFrequencyPct(kind: Energy, phaseDeg: number, pct: number): number {
  const base = limitVsCurrentPct(kind, phaseDeg, 10);
  if (kind === "reactive") return base;
  return Math.abs(pct) <= 2 ? base + (phaseDeg === 0 ? 0.5 : 0.8) : 2.0;
}

// One calibrated meter per nominal frequency, as a factory calibrates it before the type test.
export interface Bench {
  sim: Simulator;
  source: FrontEndSource;
}

export function bench(nominalHz: 50 | 60): Bench {
  const { sim, source } = calibratedMeter(TYPICAL_FRONT_END, nominalHz);
  return { sim, source };
}

// The same calibration without delay compensation, as the meter was before DELAY_US (issue 13): DELAY_US 0
// and the whole phase error at the nominal frequency taken as one fixed angle in PHASE_RAD.
export function uncompensatedBench(nominalHz: 50 | 60): Bench {
  const { sim, source, result } = calibratedMeter(TYPICAL_FRONT_END, nominalHz);
  const set = (id: CalId, value: number): void => {
    const status = sim.meter.calSet(id, value);
    if (status !== Err.OK) throw new Error(`cal_set(${CalId[id]}, ${value}) refused: ${Err[status] ?? status}`);
  };
  if (sim.meter.inputEvent(InputKind.CAL_MODE, 1) !== Err.OK) throw new Error("calibration switch refused");
  set(CalId.DELAY_US, 0);
  set(CalId.PHASE_RAD, result.phaseRad - 2 * Math.PI * nominalHz * result.delayUs * 1e-6);
  sim.meter.inputEvent(InputKind.CAL_MODE, 0);
  return { sim, source };
}

// Registered energy against the exact energy of the same samples (those before the last closed window's end).
export function errorPct(b: Bench, kind: Energy, wave: Partial<WaveformParams>, seconds: number): number {
  b.source.set(wave);
  b.sim.run(2); // the window that straddled the change is closed and counted before the start
  const snap = (): { sample: number; wh: number } => {
    const m = b.sim.meter;
    const uwh = kind === "active"
      ? Number(m.energyUwh(Register.A_PLUS)) - Number(m.energyUwh(Register.A_MINUS))
      : Number(m.energyUwh(Register.R_PLUS)) - Number(m.energyUwh(Register.R_MINUS));
    return { sample: m.reading(Reading.WINDOW_END_SAMPLE), wh: uwh / 1e6 };
  };
  const a = snap();
  b.sim.run(seconds);
  const z = snap();
  const hours = (z.sample - a.sample) / b.sim.adc.rateHz / 3600;
  const gen = new WaveformGenerator(b.source.wave);
  const exactWh = (kind === "active" ? gen.exactPowerW() : gen.exactReactiveFundamentalVar()) * hours;
  return ((z.wh - a.wh - exactWh) / Math.abs(exactWh)) * 100;
}

export interface Series {
  angle: Angle;
  label: string;
  dash: string;
  points: Array<[number, number]>; // x, error %
  // A comparison only (the meter without delay compensation): drawn in the top panel, not held to the limits.
  uncompensated?: boolean;
}

export interface Chart {
  file: string;
  title: string;
  kind: Energy;
  xLabel: string;
  xLog: boolean;
  x: [number, number];
  xTicks?: number[];
  series: Series[];
  limit(phaseDeg: number, x: number): number;
}

// Every chart of the data sheet's set, measured now; `seconds` per point (20 s: the chart set takes a few seconds).
export function measureCharts(seconds = 20, currents = CURRENTS_A, voltages = VOLTAGE_PCT, freqs = FREQ_PCT): Chart[] {
  const b50 = bench(50);
  const b60 = bench(60);
  const old50 = uncompensatedBench(50);
  const charts: Chart[] = [];
  for (const kind of ["active", "reactive"] as const) {
    const angles = kind === "active" ? ACTIVE_ANGLES : REACTIVE_ANGLES;
    const name = kind === "active" ? "active energy" : "reactive energy";
    charts.push({
      file: `accuracy-${kind}-current.svg`, kind, xLog: true, x: [0.2, 120], xTicks: [0.25, 0.5, 1, 2, 5, 10, 20, 50, 100],
      title: `Error of ${name} against current (230 V, 50 Hz)`, xLabel: "current (A), log scale",
      series: angles.map((angle) => ({ angle, label: angle.label, dash: "", points: currents.map((a): [number, number] =>
        [a, errorPct(b50, kind, { vrms: UN_V, irms: a, phaseDeg: angle.phaseDeg, freqHz: 50 }, seconds)]) })),
      limit: (phaseDeg, a) => limitVsCurrentPct(kind, phaseDeg, a),
    });
    charts.push({
      file: `accuracy-${kind}-voltage.svg`, kind, xLog: false, x: [-20, 15],
      title: `Error of ${name} against voltage (10 A, 50 Hz)`, xLabel: "voltage, % of Un 230 V",
      series: angles.map((angle) => ({ angle, label: angle.label, dash: "", points: voltages.map((pct): [number, number] =>
        [pct, errorPct(b50, kind, { vrms: UN_V * (1 + pct / 100), irms: 10, phaseDeg: angle.phaseDeg, freqHz: 50 }, seconds)]) })),
      limit: (phaseDeg, pct) => limitVsVoltagePct(kind, phaseDeg, pct),
    });
    charts.push({
      file: `accuracy-${kind}-frequency.svg`, kind, xLog: false, x: [-5, 5],
      title: `Error of ${name} against frequency (230 V, 10 A)`, xLabel: "frequency, % of fn (50 Hz solid, 60 Hz dashed)",
      series: ([[b50, 50, ""], [b60, 60, "5 3"]] as const).flatMap(([b, fn, dash]) => angles.map((angle): Series => ({
        angle, label: `${angle.label} ${fn} Hz`, dash, points: freqs.map((pct): [number, number] =>
          [pct, errorPct(b, kind, { vrms: UN_V, irms: 10, phaseDeg: angle.phaseDeg, freqHz: fn * (1 + pct / 100) }, seconds)]),
      }))).concat(
        // Before delay compensation, a meter calibrated at 50 Hz with one fixed angle, at 50 and at 60 Hz. At PF 1
        // and sin φ 1 an angle error hardly shows (cos 0 is flat), so only the other angles are drawn.
        ([[50, "1 2"], [60, "6 2 1 2"]] as const).flatMap(([fn, dash]) => angles.filter((a) => a.phaseDeg % 90 !== 0).map((angle): Series => ({
          angle, label: `${angle.label} ${fn} Hz, no delay compensation`, dash, uncompensated: true, points: freqs.map((pct): [number, number] =>
            [pct, errorPct(old50, kind, { vrms: UN_V, irms: 10, phaseDeg: angle.phaseDeg, freqHz: fn * (1 + pct / 100) }, seconds)]),
        })))),
      limit: (phaseDeg, pct) => limitVsFrequencyPct(kind, phaseDeg, pct),
    });
  }
  return charts;
}

// The limit of one angle as a step line over the chart's x range (gaps where no limit applies).
function limitLine(c: Chart, phaseDeg: number, sign: number): Array<Array<[number, number]>> {
  const n = 400;
  const runs: Array<Array<[number, number]>> = [];
  let run: Array<[number, number]> = [];
  let prev = NaN;
  for (let k = 0; k <= n; k++) {
    const t = k / n;
    const x = c.xLog ? c.x[0] * (c.x[1] / c.x[0]) ** t : c.x[0] + (c.x[1] - c.x[0]) * t;
    const y = sign * c.limit(phaseDeg, x);
    if (Number.isNaN(y)) {
      if (run.length) runs.push(run);
      run = [];
    } else {
      if (run.length && y !== prev) run.push([x, prev]);
      run.push([x, y]);
    }
    prev = y;
  }
  if (run.length) runs.push(run);
  return runs;
}

// Two panels: the errors against the limits, and the same errors magnified (the limits are far off the scale there).
export function renderChart(c: Chart): string {
  const W = 640;
  const H = 330;
  const yMax = c.kind === "active" ? 2.5 : 3;
  const compensated = c.series.filter((s) => !s.uncompensated);
  const old = c.series.filter((s) => s.uncompensated);
  const all = compensated.flatMap((s) => s.points.map(([, e]) => Math.abs(e)));
  const zoom = Math.max(0.005, ...all) * 1.25;
  const angles = [...new Map(c.series.map((s) => [s.angle.phaseDeg, s.angle])).values()];
  const limitName = c.kind === "active" ? "limits (class B / class 1)" : "limits (class 2)";
  // The uncompensated series' legend sits in a strip under the top panel: inside it would hide their points.
  const stripPx = old.length ? 8 + 14 * Math.ceil(old.length / 2) : 0;
  const strip = old.map((s, k) => {
    const x = 56 + (k % 2) * 290;
    const y = H + 8 + 14 * Math.floor(k / 2);
    return `<line x1="${x}" y1="${y}" x2="${x + 20}" y2="${y}" stroke="${s.angle.color}" stroke-width="2" stroke-dasharray="${s.dash}"/>` +
      `<text x="${x + 24}" y="${y}" dy="4" font-family="sans-serif" font-size="11">${s.label}</text>`;
  }).join("");
  const panel = (y: [number, number], yTicks: number[] | undefined, title: string, withLimits: boolean): string => {
    const f = plotFrame({ width: W, height: H, x: c.x, y, xLog: c.xLog, xTicks: c.xTicks, yTicks, title, xLabel: c.xLabel, yLabel: "error (%)" });
    const parts = [f.open];
    if (withLimits) for (const a of angles) for (const sign of [1, -1]) for (const run of limitLine(c, a.phaseDeg, sign)) parts.push(linePath(f, run, a.color, "2 3", 1));
    for (const s of withLimits ? c.series : compensated) parts.push(linePath(f, s.points, s.angle.color, s.dash), dots(f, s.points, s.angle.color));
    const items = compensated.map((s): [string, string, string] => [s.label, s.angle.color, s.dash]);
    parts.push(legend(f, W, withLimits ? [...items, [limitName, "#888", "2 3"]] : items));
    return parts.join("\n") + f.close;
  };
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${2 * H + stripPx}" viewBox="0 0 ${W} ${2 * H + stripPx}">`,
    panel([-yMax, yMax], c.kind === "active" ? [-2.5, -2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2, 2.5] : [-3, -2, -1, 0, 1, 2, 3], c.title, true),
    ...(stripPx ? [`<rect y="${H}" width="${W}" height="${stripPx}" fill="#fff"/>`, strip] : []),
    `<g transform="translate(0 ${H + stripPx})">`,
    panel([-zoom, zoom], undefined, `the same, magnified: errors within ±${zoom.toFixed(3)} %`, false),
    "</g>",
    "</svg>",
    "",
  ].join("\n");
}

// `make charts`
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const t0 = performance.now();
  const charts = measureCharts();
  for (const c of charts) {
    const out = path.join(ROOT, "docs", c.file);
    fs.writeFileSync(out, renderChart(c));
    const worst = c.series.filter((s) => !s.uncompensated).flatMap((s) => s.points.map(([x, e]) => ({ s, x, e }))).reduce((m, p) => (Math.abs(p.e) > Math.abs(m.e) ? p : m));
    const margin = Math.min(...c.series.filter((s) => !s.uncompensated).flatMap((s) => s.points.map(([x, e]) => c.limit(s.angle.phaseDeg, x) - Math.abs(e)).filter((m) => !Number.isNaN(m))));
    console.log(`docs/${c.file}: ${c.series.reduce((n, s) => n + s.points.length, 0)} points, worst ${worst.e.toFixed(4)} % (${worst.s.label} at ${worst.x}), ` +
      `smallest margin to the limit ${margin.toFixed(3)} %`);
    const old = c.series.filter((s) => s.uncompensated).flatMap((s) => s.points.map(([x, e]) => ({ s, x, e })));
    if (old.length) {
      const w = old.reduce((m, p) => (Math.abs(p.e) > Math.abs(m.e) ? p : m));
      console.log(`  without delay compensation (one 50 Hz angle): worst ${w.e.toFixed(4)} % (${w.s.label} at ${w.x} %)`);
    }
  }
  console.log(`charts measured in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
