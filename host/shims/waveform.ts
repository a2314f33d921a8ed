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

interface CachedBlock {
  key: number; // exact start phase * 1025 + pairs
  samples: Int32Array;
  numAfter: number; // the exact phase after the block
  cyclesAfter: number;
  next?: CachedBlock; // the block that followed it last time
}

// Blocks kept for a steady wave; past this (a frequency with a long common period) blocks are computed each time.
const MAX_CACHED_BLOCKS = 4096;

export class WaveformGenerator {
  // Control API: false computes every block afresh (the reference the block cache is tested against).
  reuseBlocks = true;
  private p: WaveformParams;
  private phaseCycles = 0; // phase of the voltage fundamental, in cycles, kept in [0, 1)
  // A frequency in whole mHz advances the phase by exact integers, so a steady wave's blocks recur
  // bit for bit: phase = phaseBase + phaseNum / (rate * 1000) cycles.
  private phaseBase = 0;
  private phaseNum = 0;
  private exactRateHz = 0;
  private readonly blocks = new Map<number, CachedBlock>();
  private lastBlock: CachedBlock | undefined;
  private rand: () => number;
  private v: Component[] = [];
  private i: Component[] = [];
  private acc = new Float64Array(256);

  constructor(params: Partial<WaveformParams> = {}) {
    this.p = { ...DEFAULT_WAVEFORM };
    this.rand = mulberry32(this.p.seed);
    this.set(params);
  }

  get cachedBlocks(): number {
    return this.blocks.size;
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
    this.exactRateHz = 0; // the next fill rebases the exact phase on the phase reached so far
    this.blocks.clear();
    this.lastBlock = undefined;
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

  // Largest instantaneous |v| and |i| over a cycle (harmonics and DC included): beyond full scale the ADC clips.
  peaks(): { v: number; i: number } {
    const p = this.p;
    const points = 7200;
    let v = 0, i = 0;
    for (let k = 0; k < points; k++) {
      const th = 2 * Math.PI * k / points;
      v = Math.max(v, Math.abs(p.vDcV + p.vrms * Math.SQRT2 * wave(this.v, th, p.vrms)));
      i = Math.max(i, Math.abs(p.iDcA + p.irms * Math.SQRT2 * wave(this.i, th, p.irms)));
    }
    return { v, i };
  }

  // Reactive power of the fundamental (IEC 62053-24), + when the current lags.
  exactReactiveFundamentalVar(): number {
    return this.p.vrms * this.p.irms * Math.sin(this.p.phaseDeg * Math.PI / 180);
  }

  // Writes `pairs` interleaved samples. Without noise and at a frequency in whole mHz a block depends
  // only on the exact phase it starts at, so a steady load's blocks are computed once and then copied.
  fill(out: Int32Array, pairs: number, rateHz: number): void {
    // The steady case first: the block that followed the last one before, and the phase after it.
    const known = this.lastBlock?.next;
    if (known !== undefined && known.key === this.phaseNum * 1025 + pairs && rateHz === this.exactRateHz) {
      out.set(known.samples);
      this.lastBlock = known;
      this.phaseNum = known.numAfter;
      this.phaseCycles = known.cyclesAfter;
      return;
    }
    const milliHz = Math.round(this.p.freqHz * 1000);
    if (this.p.noiseLsb > 0 || Math.abs(milliHz - this.p.freqHz * 1000) > 1e-6) {
      this.compute(out, pairs, rateHz);
      this.phaseCycles = (this.phaseCycles + this.p.freqHz / rateHz * pairs) % 1;
      return;
    }
    if (rateHz !== this.exactRateHz) {
      this.phaseBase = this.phaseCycles;
      this.phaseNum = 0;
      this.exactRateHz = rateHz;
      this.blocks.clear();
      this.lastBlock = undefined;
    }
    const key = this.phaseNum * 1025 + pairs;
    const denom = rateHz * 1000;
    const numAfter = (this.phaseNum + milliHz * pairs) % denom;
    const cyclesAfter = (this.phaseBase + numAfter / denom) % 1;
    let block = this.reuseBlocks ? this.blocks.get(key) : undefined;
    if (block) {
      out.set(block.samples);
    } else {
      this.compute(out, pairs, rateHz);
      if (this.reuseBlocks && this.blocks.size < MAX_CACHED_BLOCKS && pairs <= 1024) {
        block = { key, samples: out.slice(0, 2 * pairs), numAfter, cyclesAfter };
        this.blocks.set(key, block);
      }
    }
    if (block && this.lastBlock) this.lastBlock.next = block;
    this.lastBlock = block;
    this.phaseNum = numAfter;
    this.phaseCycles = cyclesAfter;
  }

  // Each component is rotated sample by sample from an exact start at the current phase.
  private compute(out: Int32Array, pairs: number, rateHz: number): void {
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

// The components at phase th, relative to the fundamental's amplitude.
function wave(comps: Component[], th: number, rms: number): number {
  if (rms === 0 || comps[0].ampLsb === 0) return 0;
  let x = 0;
  for (const c of comps) x += c.ampLsb / comps[0].ampLsb * Math.sin(c.order * th + c.phaseRad);
  return x;
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
