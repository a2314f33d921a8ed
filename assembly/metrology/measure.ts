// Window results: RMS, active, fundamental reactive and apparent power, PF, THD, from the window's sums.
import {
  accN, accSv, accSi, accSvv, accSii, accSvi, accSviPrev, accSvc, accSvs, accSic, accSis, accSc, accSs, refInc, delayW1,
} from "./sampler";
import { TABLE_AMPLITUDE } from "./reftable";
import { vGainV, iGainA, phaseRad, delayUs, smallCosSin, cosOut, sinOut } from "./calibration";

export const enum Reading {
  VRMS = 0,
  IRMS = 1,
  P = 2,
  Q = 3,
  S = 4,
  PF = 5,
  FREQ = 6,
  QUADRANT = 7,
  V1RMS = 8,
  I1RMS = 9,
  THD_V = 10,
  THD_I = 11,
  URMS_CYCLE = 12,
  INDICATORS = 13,
  WINDOW_MS = 14,
  RTC = 15,
  RELAY = 16,
  WINDOW_END_SAMPLE = 17,
  COUNT = 18,
}

export const READINGS: usize = memory.data(8 * <i32>Reading.COUNT);

export function readingGet(id: i32): f64 {
  if (id < 0 || id >= <i32>Reading.COUNT) return NaN;
  return load<f64>(<usize>id << 3, READINGS);
}

export function readingSet(id: Reading, value: f64): void {
  store<f64>(<usize>id << 3, value, READINGS);
}

// The reference reads its table at the phase truncated to 10 bits: a phase error spread evenly over
// one table step scales every correlation by sinc(pi / 1024). Uncorrected, a pure sine shows 0.2 % THD.
const TRUNCATION_GAIN: f64 = 0.9999984312693665; // sin(pi / 1024) / (pi / 1024)

// Indicator thresholds of the data sheet.
export const SUPPLY_INDICATOR_V: f64 = 160.0;
export const PHASE_CURRENT_INDICATOR_W: f64 = 2.3;
export const MIN_PF_VA: f64 = 0.1;

function thdPercent(totalRms: f64, fundamentalRms: f64): f64 {
  if (fundamentalRms <= 0.0) return 0.0;
  const h2 = totalRms * totalRms - fundamentalRms * fundamentalRms;
  return h2 > 0.0 ? Math.sqrt(h2) / fundamentalRms * 100.0 : 0.0;
}

// Computes every reading of the window held in the sampler's accumulators.
export function computeWindow(freqHz: f64, windowMs: f64, rateHz: i32): void {
  const n = <f64>accN;
  const ov = <f64>accSv / n;
  const oi = <f64>accSi / n;
  let vv = <f64>accSvv / n - ov * ov;
  let ii = <f64>accSii / n - oi * oi;
  if (vv < 0.0) vv = 0.0;
  if (ii < 0.0) ii = 0.0;
  // The current delayed by d = delayW1 / 256 sample, by linear interpolation: (1 - d) i[n] + d i[n-1].
  // Without a delay the sum is used as it stands (no rounding at all).
  let svi = <f64>accSvi;
  if (delayW1 != 0) svi += <f64>(accSviPrev - accSvi) * (<f64>delayW1 / 256.0);
  const vi = svi / n - ov * oi;

  // Fundamental phasors against the reference, offsets taken out with the reference's own sums.
  const vc = <f64>accSvc - ov * <f64>accSc;
  const vs = <f64>accSvs - ov * <f64>accSs;
  const ic = <f64>accSic - oi * <f64>accSc;
  const is = <f64>accSis - oi * <f64>accSs;
  const nr = n * TABLE_AMPLITUDE * TRUNCATION_GAIN;
  const k1 = 2.0 / (nr * nr);
  const gP = vGainV * iGainA;
  const p1 = k1 * (vc * ic + vs * is) * gP;
  const q1 = k1 * (vc * is - vs * ic) * gP;
  // Delay compensation. svi holds the current delayed by d = delayW1 / 256 sample by linear
  // interpolation, which covers every harmonic but at the fundamental multiplies the current's phasor
  // by H = 1 - d + d e^(-j theta), theta = 2 pi f / fs (the reference's step). That fundamental part
  // of P is replaced by the exact one: the current delayed by delayUs at this window's frequency, then
  // turned by the residual phase. Q is the fundamental's, so it takes the exact rotation alone.
  // Without a delay or phase constant both corrections are identities, skipped as such: double
  // arithmetic is a library call on the Cortex-M4.
  const theta = <f64>refInc * (2.0 * Math.PI / 4294967296.0);
  let p1i = p1;
  if (delayW1 != 0) {
    const d = <f64>delayW1 / 256.0;
    smallCosSin(theta);
    p1i = p1 * (1.0 - d + d * cosOut) - q1 * (d * sinOut);
  }
  let p1c = p1;
  let q1c = q1;
  if (phaseRad != 0.0 || delayUs != 0.0) {
    smallCosSin(phaseRad - theta * delayUs * <f64>rateHz / 1000000.0);
    p1c = p1 * cosOut + q1 * sinOut;
    q1c = q1 * cosOut - p1 * sinOut;
  }
  const pW = vi * gP + (p1c - p1i);

  const vrms = Math.sqrt(vv) * vGainV;
  const irms = Math.sqrt(ii) * iGainA;
  const sVA = vrms * irms;
  const v1 = Math.SQRT2 * Math.sqrt(vc * vc + vs * vs) / nr * vGainV;
  const i1 = Math.SQRT2 * Math.sqrt(ic * ic + is * is) / nr * iGainA;

  readingSet(Reading.VRMS, vrms);
  readingSet(Reading.IRMS, irms);
  readingSet(Reading.P, pW);
  readingSet(Reading.Q, q1c);
  readingSet(Reading.S, sVA);
  readingSet(Reading.PF, sVA >= MIN_PF_VA ? pW / sVA : 0.0);
  readingSet(Reading.FREQ, freqHz);
  readingSet(Reading.V1RMS, v1);
  readingSet(Reading.I1RMS, i1);
  readingSet(Reading.THD_V, thdPercent(vrms, v1));
  readingSet(Reading.THD_I, thdPercent(irms, i1));
  readingSet(Reading.WINDOW_MS, windowMs);
  let indicators = 0;
  if (vrms > SUPPLY_INDICATOR_V) indicators |= 1;
  if (Math.abs(pW) > PHASE_CURRENT_INDICATOR_W) indicators |= 2;
  readingSet(Reading.INDICATORS, <f64>indicators);
}
