// Integer-only sample synthesiser: the same integers in Node and in C (build/mcu/scenario.h), so every runtime sees identical samples.
import type { SampleSource } from "./shims/adc.js";

// Full scale of HAL.md's default calibration: 2^23 LSB is 500 V peak and 250 A peak.
export const V_FULL_SCALE_V = 500;
export const I_FULL_SCALE_A = 250;
export const SAMPLE_MAX = 8388607;
export const SAMPLE_MIN = -8388608;

// 1024 steps per turn plus a guard entry, so interpolation never wraps the index.
export const SINE_BITS = 10;
export const SINE_STEPS = 1 << SINE_BITS;
// Interpolated sine is Q15 * 2^10 = Q25; an amplitude below 2^23 times it stays below 2^48, exact in a double.
export const SINE_FRAC_BITS = 32 - SINE_BITS;
export const SINE_Q_SHIFT = 25;
export const TICK_MS = 10;

export interface Harmonic {
  order: number; // 2..50
  vPct: number; // of the fundamental's amplitude
  iPct: number;
  phaseDeg?: number; // lag of the current harmonic behind order x the voltage's phase
}

// One stretch of steady load. phaseDeg is the current's lag behind the voltage: +inductive import,
// negative capacitive, 180 +- x export.
export interface Segment {
  durationS: number;
  vrms: number;
  irms: number;
  phaseDeg: number;
  freqHz: number;
  harmonic?: Harmonic;
  dcV?: number;
  dcA?: number;
  noiseLsb?: number; // uniform noise in +- noiseLsb on each channel
}

export interface ScenarioEvent {
  atS: number; // applied before the samples of the 10 ms step that starts at atS
  kind: "config_set" | "input_event";
  id: number;
  value: number;
}

export interface Scenario {
  name: string;
  rateHz: number;
  startUtcS: number;
  seed: number;
  segments: Segment[];
  events?: ScenarioEvent[];
}

// The scenario as the integers both synthesisers use. Phases are u32 turns (2^32 = 360 degrees).
export interface IntSegment {
  steps: number;
  phaseInc: number;
  vAmpLsb: number;
  iAmpLsb: number;
  iPhase: number;
  hOrder: number;
  vhAmpLsb: number;
  ihAmpLsb: number;
  ihPhase: number;
  vDcLsb: number;
  iDcLsb: number;
  noiseLsb: number;
}

export const EVENT_CONFIG_SET = 1;
export const EVENT_INPUT = 2;

export interface IntEvent {
  step: number;
  kind: number; // EVENT_CONFIG_SET or EVENT_INPUT
  id: number;
  value: number;
}

export interface IntScenario {
  name: string;
  rateHz: number;
  pairsPerStep: number;
  startUtcS: bigint;
  seed: number;
  segments: IntSegment[];
  events: IntEvent[];
  totalSteps: number;
}

const TURN = 4294967296;

function turns(deg: number): number {
  return Math.round(((-deg / 360) % 1 + 1) % 1 * TURN) % TURN >>> 0;
}

function lsb(value: number, fullScale: number): number {
  return Math.round(value * 8388608 / fullScale);
}

// The only floating point of the synthesis: turning physical units into integers, once, before any sample.
export function compileScenario(s: Scenario): IntScenario {
  if (s.rateHz % (1000 / TICK_MS) !== 0) throw new RangeError(`rate ${s.rateHz} is not a whole number of pairs per 10 ms`);
  if (!Number.isInteger(s.seed) || s.seed <= 0 || s.seed >= TURN) throw new RangeError("seed must be a non-zero u32");
  const segments = s.segments.map((g): IntSegment => {
    const steps = Math.round(g.durationS * 1000 / TICK_MS);
    if (steps <= 0) throw new RangeError("segment shorter than one step");
    const h = g.harmonic;
    if (h && (!Number.isInteger(h.order) || h.order < 2 || h.order > 50)) throw new RangeError(`harmonic order ${h.order}`);
    const vAmp = g.vrms * Math.SQRT2;
    const iAmp = g.irms * Math.SQRT2;
    return {
      steps,
      phaseInc: Math.round(g.freqHz / s.rateHz * TURN) >>> 0,
      vAmpLsb: lsb(vAmp, V_FULL_SCALE_V),
      iAmpLsb: lsb(iAmp, I_FULL_SCALE_A),
      iPhase: turns(g.phaseDeg),
      hOrder: h ? h.order : 0,
      vhAmpLsb: h ? lsb(vAmp * h.vPct / 100, V_FULL_SCALE_V) : 0,
      ihAmpLsb: h ? lsb(iAmp * h.iPct / 100, I_FULL_SCALE_A) : 0,
      ihPhase: h ? turns(h.phaseDeg ?? 0) : 0,
      vDcLsb: lsb(g.dcV ?? 0, V_FULL_SCALE_V),
      iDcLsb: lsb(g.dcA ?? 0, I_FULL_SCALE_A),
      noiseLsb: Math.round(g.noiseLsb ?? 0),
    };
  });
  const totalSteps = segments.reduce((a, g) => a + g.steps, 0);
  const events = (s.events ?? []).map((e): IntEvent => ({
    step: Math.round(e.atS * 1000 / TICK_MS),
    kind: e.kind === "config_set" ? EVENT_CONFIG_SET : EVENT_INPUT,
    id: e.id,
    value: e.value,
  })).sort((a, b) => a.step - b.step);
  for (const e of events) if (e.step >= totalSteps) throw new RangeError(`event at step ${e.step} is after the end`);
  return {
    name: s.name, rateHz: s.rateHz, pairsPerStep: s.rateHz * TICK_MS / 1000, startUtcS: BigInt(s.startUtcS),
    seed: s.seed >>> 0, segments, events, totalSteps,
  };
}

// Q15 sine, computed once here and copied into the C header, so no side computes its own.
export function sineTableQ15(): Int16Array {
  const t = new Int16Array(SINE_STEPS + 1);
  for (let k = 0; k <= SINE_STEPS; k++) t[k] = Math.round(32767 * Math.sin(2 * Math.PI * k / SINE_STEPS));
  return t;
}

const SINE = sineTableQ15();

// Linear interpolation between table entries with the phase's next 10 bits: Q25, integer.
function sineQ25(phase: number): number {
  const k = phase >>> SINE_FRAC_BITS;
  const f = (phase >>> (SINE_FRAC_BITS - 10)) & 1023;
  return SINE[k] * 1024 + (SINE[k + 1] - SINE[k]) * f;
}

// floor(amp * sin / 2^25): the product is below 2^48, so the double is exact and floor matches C's >> on int64.
function wave(ampLsb: number, phase: number): number {
  return Math.floor(ampLsb * sineQ25(phase) / 33554432);
}

export class IntegerSynth implements SampleSource {
  private seg = 0;
  private pairsLeft: number;
  private phase = 0; // u32 turns of the voltage fundamental, continuous across segments
  private rng: number;

  constructor(readonly scenario: IntScenario) {
    this.rng = scenario.seed;
    this.pairsLeft = scenario.segments[0].steps * scenario.pairsPerStep;
  }

  // xorshift32: the same sequence as mcu/synth.c.
  private next(): number {
    let x = this.rng;
    x = (x ^ (x << 13)) >>> 0;
    x = (x ^ (x >>> 17)) >>> 0;
    x = (x ^ (x << 5)) >>> 0;
    this.rng = x;
    return x;
  }

  fill(out: Int32Array, pairs: number, rateHz: number): void {
    if (rateHz !== this.scenario.rateHz) throw new RangeError(`firmware samples at ${rateHz}/s, scenario at ${this.scenario.rateHz}/s`);
    for (let n = 0; n < pairs; n++) {
      while (this.pairsLeft === 0) {
        if (this.seg + 1 >= this.scenario.segments.length) throw new RangeError("scenario ran out of segments");
        this.seg++;
        this.pairsLeft = this.scenario.segments[this.seg].steps * this.scenario.pairsPerStep;
      }
      const g = this.scenario.segments[this.seg];
      const p = this.phase;
      let v = g.vDcLsb + wave(g.vAmpLsb, p);
      let i = g.iDcLsb + wave(g.iAmpLsb, (p + g.iPhase) >>> 0);
      if (g.hOrder !== 0) {
        const hp = Math.imul(p, g.hOrder) >>> 0;
        v += wave(g.vhAmpLsb, hp);
        i += wave(g.ihAmpLsb, (hp + Math.imul(g.iPhase, g.hOrder) + g.ihPhase) >>> 0);
      }
      const rv = this.next();
      const ri = this.next();
      if (g.noiseLsb !== 0) {
        const span = 2 * g.noiseLsb + 1;
        v += (rv % span) - g.noiseLsb;
        i += (ri % span) - g.noiseLsb;
      }
      out[2 * n] = Math.min(SAMPLE_MAX, Math.max(SAMPLE_MIN, v));
      out[2 * n + 1] = Math.min(SAMPLE_MAX, Math.max(SAMPLE_MIN, i));
      this.phase = (p + g.phaseInc) >>> 0;
      this.pairsLeft--;
    }
  }
}
