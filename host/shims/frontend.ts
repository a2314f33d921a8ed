// Analog front-end model between the waves and the ADC codes: gains, shunt inductance, RC filters, sampling skew, integrating or instant codes, offsets, noise, clock error.
import { mulberry32 } from "./random.js";
import { DEFAULT_WAVEFORM, addComponents, toCodes, validateWaveform, type Component, type WaveformParams } from "./waveform.js";
import type { SampleSource } from "./adc.js";

export interface FrontEndParams {
  vGain: number; // divider ratio against nominal (1.002: the voltage channel reads 0.2 % high)
  iGain: number; // shunt resistance against nominal
  shuntLeadUs: number; // shunt inductance over resistance, L/R in µs: the shunt voltage leads the current
  vFilterHz: number; // single-pole RC anti-alias corner of the voltage channel, 0 = none
  iFilterHz: number; // the same for the current channel
  iSkewUs: number; // a multiplexed ADC converts the current this long after the voltage
  adc: "instant" | "integrating"; // a code is the value at one instant, or the mean over the sample period before it
  vOffsetLsb: number; // offsets of the converter, in 24-bit LSB
  iOffsetLsb: number;
  noiseLsb: number; // uniform noise of +-noiseLsb on each channel
  seed: number;
  clockPpm: number; // the sample clock runs this much fast: the meter's time base is off by as much
}

export const IDEAL_FRONT_END: FrontEndParams = {
  vGain: 1, iGain: 1, shuntLeadUs: 0, vFilterHz: 0, iFilterHz: 0, iSkewUs: 0, adc: "instant",
  vOffsetLsb: 0, iOffsetLsb: 0, noiseLsb: 0, seed: 1, clockPpm: 0,
};

// The front end the independent check of issue 13 modelled: 0.15 degree shunt lead at 50 Hz (8.3 µs),
// 2 kHz anti-alias filters mismatched by 1 %, the current converted 125 µs after the voltage.
export const TYPICAL_FRONT_END: FrontEndParams = {
  ...IDEAL_FRONT_END, vGain: 1.012, iGain: 0.985, shuntLeadUs: 0.15 / 360 / 50 * 1e6, vFilterHz: 2000, iFilterHz: 2020,
  iSkewUs: 125, vOffsetLsb: 900, iOffsetLsb: -700, noiseLsb: 40, seed: 7,
};

const FULL_SCALE = 8388607;

export function validateFrontEnd(f: FrontEndParams): string | undefined {
  for (const [k, v] of Object.entries(f)) if (typeof v === "number" && !Number.isFinite(v)) return `not a finite number: ${k}`;
  if (!(f.vGain > 0.5 && f.vGain < 2 && f.iGain > 0.5 && f.iGain < 2)) return "gains must be within 0.5..2";
  if (f.vFilterHz < 0 || f.iFilterHz < 0) return "filter corners must be positive (0: none)";
  if (Math.abs(f.iSkewUs) > 1000 || Math.abs(f.shuntLeadUs) > 1000) return "skew and shunt lead must be within +-1000 µs";
  if (Math.abs(f.clockPpm) > 10000) return "clock error must be within +-10000 ppm";
  if (f.adc !== "instant" && f.adc !== "integrating") return `adc must be "instant" or "integrating"`;
  if (f.noiseLsb < 0) return "noiseLsb is negative";
  return undefined;
}

// Complex gain of one channel at frequency fHz: what the code shows of a sine, as magnitude and phase.
export function channelResponse(f: FrontEndParams, channel: "v" | "i", fHz: number, rateHz: number): { gain: number; phaseRad: number } {
  const w = 2 * Math.PI * fHz;
  let gain = channel === "v" ? f.vGain : f.iGain;
  let phase = 0;
  const corner = channel === "v" ? f.vFilterHz : f.iFilterHz;
  if (corner > 0) {
    gain /= Math.hypot(1, fHz / corner);
    phase -= Math.atan(fHz / corner);
  }
  if (channel === "i") {
    gain *= Math.hypot(1, w * f.shuntLeadUs * 1e-6);
    phase += Math.atan(w * f.shuntLeadUs * 1e-6) + w * f.iSkewUs * 1e-6;
  }
  if (f.adc === "integrating") {
    // Mean over [t - Ts, t]: sinc(f Ts) and half a period of delay, on both channels alike.
    const x = Math.PI * fHz / (rateHz * (1 + f.clockPpm * 1e-6));
    if (x > 0) gain *= Math.sin(x) / x;
    phase -= x;
  }
  return { gain, phaseRad: phase };
}

// A SampleSource: the waves of WaveformParams as a real front end delivers them. Exact energies come
// from the waves (WaveformGenerator.exactPowerW on the same params), so tests compare against physics.
export class FrontEndSource implements SampleSource {
  private w: WaveformParams;
  private f: FrontEndParams;
  private phaseCycles = 0;
  private rand: () => number;
  private rateHz = 0;
  private v: Component[] = [];
  private i: Component[] = [];

  constructor(wave: Partial<WaveformParams> = {}, frontEnd: Partial<FrontEndParams> = {}) {
    this.w = { ...DEFAULT_WAVEFORM };
    this.f = { ...IDEAL_FRONT_END };
    this.rand = mulberry32(1);
    this.set(wave, frontEnd);
  }

  get wave(): Readonly<WaveformParams> {
    return this.w;
  }

  get frontEnd(): Readonly<FrontEndParams> {
    return this.f;
  }

  // Control API: change the waves and/or the front end; phase-continuous, from the next sample.
  set(wave: Partial<WaveformParams> = {}, frontEnd: Partial<FrontEndParams> = {}): void {
    const w = { ...this.w, ...wave };
    const f = { ...this.f, ...frontEnd };
    const problem = validateWaveform(w) ?? validateFrontEnd(f);
    if (problem) throw new RangeError(`front end: ${problem}`);
    if (f.seed !== this.f.seed || this.rateHz === 0) this.rand = mulberry32(f.seed);
    this.w = w;
    this.f = f;
    this.rateHz = 0; // components are recomputed for the rate at the next fill
  }

  private prepare(rateHz: number): void {
    const w = this.w;
    const deg = Math.PI / 180;
    const comp = (channel: "v" | "i", ampLsb: number, order: number, phaseRad: number): Component => {
      const r = channelResponse(this.f, channel, order * w.freqHz, rateHz);
      return { ampLsb: ampLsb * r.gain, order, phaseRad: phaseRad + r.phaseRad };
    };
    const vPk = w.vrms * Math.SQRT2 * FULL_SCALE / w.vFullScaleV;
    const iPk = w.irms * Math.SQRT2 * FULL_SCALE / w.iFullScaleA;
    this.v = [comp("v", vPk, 1, 0), ...w.vHarmonics.map((h) => comp("v", vPk * h.pct / 100, h.order, -h.phaseDeg * deg))];
    this.i = [comp("i", iPk, 1, -w.phaseDeg * deg), ...w.iHarmonics.map((h) => comp("i", iPk * h.pct / 100, h.order, -h.phaseDeg * deg))];
    this.rateHz = rateHz;
  }

  fill(out: Int32Array, pairs: number, rateHz: number): void {
    if (rateHz !== this.rateHz) this.prepare(rateHz);
    const f = this.f;
    // The meter believes it samples at rateHz; the true interval is shorter by the clock error.
    const step = this.w.freqHz / (rateHz * (1 + f.clockPpm * 1e-6));
    const acc = new Float64Array(2 * pairs);
    addComponents(acc, 0, pairs, this.v, 2 * Math.PI * this.phaseCycles, 2 * Math.PI * step);
    addComponents(acc, 1, pairs, this.i, 2 * Math.PI * this.phaseCycles, 2 * Math.PI * step);
    const vDc = this.w.vDcV * FULL_SCALE / this.w.vFullScaleV * f.vGain + f.vOffsetLsb;
    const iDc = this.w.iDcA * FULL_SCALE / this.w.iFullScaleA * f.iGain + f.iOffsetLsb;
    toCodes(out, acc, pairs, vDc, iDc, this.w.adcBits, f.noiseLsb + this.w.noiseLsb, this.rand);
    this.phaseCycles = (this.phaseCycles + step * pairs) % 1;
  }
}
