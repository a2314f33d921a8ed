// Waveform generator for the ADC shim: mains voltage and load current with harmonics, DC, noise and ADC quantisation.
import { mulberry32 } from "./random.js";

export interface Harmonic {
  order: number; // 2..50
  pct: number; // amplitude, % of the fundamental
  phaseDeg: number; // phase of the harmonic's sine against the voltage fundamental's zero crossing
}

export interface WaveformParams {
  vrms: number; // fundamental voltage, V RMS
  irms: number; // fundamental current, A RMS
  phaseDeg: number; // current lags voltage by this angle: + inductive, - capacitive, 180 pure export
  freqHz: number;
  vHarmonics: Harmonic[];
  iHarmonics: Harmonic[];
  vDcV: number; // DC in the voltage channel: a front-end offset, carries no energy (mains has no DC)
  iDcA: number; // DC in the current (half-wave loads); it carries no energy against a DC-free voltage
  noiseLsb: number; // uniform noise of +-noiseLsb on each channel, in 24-bit LSB
  seed: number;
  adcBits: number; // effective resolution; samples stay 24-bit with the low bits cleared
  vFullScaleV: number; // peak voltage at 24-bit full scale
  iFullScaleA: number; // peak current at 24-bit full scale
}

export const DEFAULT_WAVEFORM: WaveformParams = {
  vrms: 230, irms: 0, phaseDeg: 0, freqHz: 50, vHarmonics: [], iHarmonics: [],
  vDcV: 0, iDcA: 0, noiseLsb: 0, seed: 1, adcBits: 24, vFullScaleV: 500, iFullScaleA: 250,
};

const FULL_SCALE = 8388607;

// One sine component: amplitude in LSB, harmonic order and phase at the generator's phase 0.
export interface Component {
  ampLsb: number;
  order: number;
  phaseRad: number;
}

export function validateWaveform(p: WaveformParams): string | undefined {
  const finite = Object.entries(p).filter(([, v]) => typeof v === "number" && !Number.isFinite(v)).map(([k]) => k);
  if (finite.length) return `not a finite number: ${finite.join(", ")}`;
  if (p.vrms < 0 || p.vrms > 400) return `vrms ${p.vrms} V is outside 0..400 V`;
  if (p.irms < 0 || p.irms > 160) return `irms ${p.irms} A is outside 0..160 A`;
  if (p.freqHz < 30 || p.freqHz > 80) return `freqHz ${p.freqHz} Hz is outside 30..80 Hz`;
  if (!Number.isInteger(p.adcBits) || p.adcBits < 8 || p.adcBits > 24) return `adcBits ${p.adcBits} is outside 8..24`;
  if (p.noiseLsb < 0) return `noiseLsb ${p.noiseLsb} is negative`;
  if (p.vFullScaleV <= 0 || p.iFullScaleA <= 0) return "full scale must be positive";
  for (const h of [...p.vHarmonics, ...p.iHarmonics]) {
    if (!Number.isInteger(h.order) || h.order < 2 || h.order > 50) return `harmonic order ${h.order} is outside 2..50`;
    if (!(h.pct >= 0 && h.pct <= 100)) return `harmonic ${h.order}: ${h.pct} % is outside 0..100 %`;
  }
  return undefined;
}

export class WaveformGenerator {
  private p: WaveformParams;
  private phaseCycles = 0; // phase of the voltage fundamental, in cycles, kept in [0, 1)
  private rand: () => number;
  private v: Component[] = [];
  private i: Component[] = [];
  private acc = new Float64Array(256);

  constructor(params: Partial<WaveformParams> = {}) {
    this.p = { ...DEFAULT_WAVEFORM };
    this.rand = mulberry32(this.p.seed);
    this.set(params);
  }

  get params(): Readonly<WaveformParams> {
    return this.p;
  }

  // Changes take effect at the next sample, phase-continuous, like a load switching on a real line.
  set(changes: Partial<WaveformParams>): void {
    const next = { ...this.p, ...changes };
    const problem = validateWaveform(next);
    if (problem) throw new RangeError(`waveform: ${problem}`);
    if (changes.seed !== undefined && changes.seed !== this.p.seed) this.rand = mulberry32(changes.seed);
    this.p = next;
    const vLsb = FULL_SCALE / next.vFullScaleV;
    const iLsb = FULL_SCALE / next.iFullScaleA;
    const deg = Math.PI / 180;
    const vPk = next.vrms * Math.SQRT2 * vLsb;
    const iPk = next.irms * Math.SQRT2 * iLsb;
    this.v = [{ ampLsb: vPk, order: 1, phaseRad: 0 },
      ...next.vHarmonics.map((h) => ({ ampLsb: vPk * h.pct / 100, order: h.order, phaseRad: -h.phaseDeg * deg }))];
    this.i = [{ ampLsb: iPk, order: 1, phaseRad: -next.phaseDeg * deg },
      ...next.iHarmonics.map((h) => ({ ampLsb: iPk * h.pct / 100, order: h.order, phaseRad: -h.phaseDeg * deg }))];
  }

  // Active power of the wave: fundamental plus every harmonic present in both channels (DC carries none).
  exactPowerW(): number {
    const p = this.p;
    let w = p.vrms * p.irms * Math.cos(p.phaseDeg * Math.PI / 180);
    for (const hv of p.vHarmonics) {
      for (const hi of p.iHarmonics) {
        if (hv.order !== hi.order) continue;
        w += p.vrms * hv.pct / 100 * p.irms * hi.pct / 100 * Math.cos((hi.phaseDeg - hv.phaseDeg) * Math.PI / 180);
      }
    }
    return w;
  }

  // Reactive power of the fundamental (IEC 62053-24), + when the current lags.
  exactReactiveFundamentalVar(): number {
    return this.p.vrms * this.p.irms * Math.sin(this.p.phaseDeg * Math.PI / 180);
  }

  // Writes `pairs` interleaved samples; each component is rotated sample by sample from an exact start.
  fill(out: Int32Array, pairs: number, rateHz: number): void {
    const p = this.p;
    const step = p.freqHz / rateHz;
    const theta0 = 2 * Math.PI * this.phaseCycles;
    const dTheta = 2 * Math.PI * step;
    const vLsb = FULL_SCALE / p.vFullScaleV;
    const iLsb = FULL_SCALE / p.iFullScaleA;
    const vDc = p.vDcV * vLsb;
    const iDc = p.iDcA * iLsb;
    if (this.acc.length < 2 * pairs) this.acc = new Float64Array(2 * pairs);
    const acc = this.acc;
    acc.fill(0, 0, 2 * pairs);
    addComponents(acc, 0, pairs, this.v, theta0, dTheta);
    addComponents(acc, 1, pairs, this.i, theta0, dTheta);
    toCodes(out, acc, pairs, vDc, iDc, p.adcBits, p.noiseLsb, this.rand);
    this.phaseCycles = (this.phaseCycles + step * pairs) % 1;
  }
}

// Interleaved analog values (LSB) to converter codes: DC, uniform noise of +-noiseLsb, quantisation.
export function toCodes(out: Int32Array, acc: Float64Array, pairs: number, vDc: number, iDc: number, adcBits: number,
  noise: number, rand: () => number): void {
  const quantum = 1 << (24 - adcBits);
  for (let k = 0; k < pairs; k++) {
    let v = acc[2 * k] + vDc;
    let i = acc[2 * k + 1] + iDc;
    if (noise > 0) {
      v += (2 * rand() - 1) * noise;
      i += (2 * rand() - 1) * noise;
    }
    out[2 * k] = quantise(v, quantum);
    out[2 * k + 1] = quantise(i, quantum);
  }
}

export function addComponents(acc: Float64Array, channel: number, pairs: number, comps: Component[], theta0: number, dTheta: number): void {
  for (const c of comps) {
    if (c.ampLsb === 0) continue;
    const start = c.order * theta0 + c.phaseRad;
    let s = Math.sin(start);
    let co = Math.cos(start);
    const ds = Math.sin(c.order * dTheta);
    const dc = Math.cos(c.order * dTheta);
    for (let k = 0; k < pairs; k++) {
      acc[2 * k + channel] += c.ampLsb * s;
      const s2 = s * dc + co * ds;
      co = co * dc - s * ds;
      s = s2;
    }
  }
}

// A 24-bit converter that saturates at full scale, with the bits below its resolution cleared.
function quantise(x: number, quantum: number): number {
  const n = Math.round(x / quantum) * quantum;
  const top = FULL_SCALE + 1 - quantum;
  return n > top ? top : n < -FULL_SCALE - 1 ? -FULL_SCALE - 1 : n;
}
