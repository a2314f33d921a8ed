// Calibration constants (legal data): channel gains, the V-to-I delay and a residual phase correction.
export const DEFAULT_V_GAIN_V: f64 = 500.0 / 8388608.0; // 500 V peak full scale, 24-bit
export const DEFAULT_I_GAIN_A: f64 = 250.0 / 8388608.0; // 250 A peak full scale, 24-bit

export let vGainV: f64 = DEFAULT_V_GAIN_V;
export let iGainA: f64 = DEFAULT_I_GAIN_A;
// What is not a time delay (a current transformer's phase error): one angle at the fundamental.
export let phaseRad: f64 = 0.0;
// How much earlier the current channel shows an event than the voltage channel (current sampled after
// the voltage by a multiplexed ADC, shunt inductance, filter mismatch), in µs; negative if later.
// A delay's angle grows with frequency, so calibration at 50 Hz holds at 45..65 Hz and for harmonics.
export let delayUs: f64 = 0.0;

// Front ends within +-20 % of nominal gain and +-5 degrees of phase are plausible; anything else is a typo.
export function gainPlausible(value: f64, nominal: f64): bool {
  return value >= nominal * 0.8 && value <= nominal * 1.2;
}

export function phasePlausible(value: f64): bool {
  return value >= -0.0873 && value <= 0.0873;
}

// +-250 µs: one sample period at 4000 pairs/s, more than sequential sampling and a shunt add up to.
export const MAX_DELAY_US: f64 = 250.0;

export function delayPlausible(value: f64): bool {
  return value >= -MAX_DELAY_US && value <= MAX_DELAY_US;
}

export function applyCalibration(vGain: f64, iGain: f64, phase: f64, delay: f64): void {
  vGainV = vGain;
  iGainA = iGain;
  phaseRad = phase;
  delayUs = delay;
}

// The sample loop's fractional delay of the current in 1/256 sample (0..256). It only delays, so a
// negative delay (current late) is left to the window's exact rotation of the fundamental.
export function delayWeight(rateHz: i32): i32 {
  const w = Math.round(delayUs * <f64>rateHz * (256.0 / 1000000.0));
  return w <= 0.0 ? 0 : w >= 256.0 ? 256 : <i32>w;
}

// cos and sin of a small angle (|x| < 0.25 rad: the window's step at 4000 pairs/s and the delay's
// angle plus the residual phase) by their series: within 3e-9 there, no library call, and the same bits
// on every engine. Results in cosOut and sinOut.
export let cosOut: f64 = 1.0;
export let sinOut: f64 = 0.0;

// Reciprocals as constants: a double division is a long library call on a core without a double FPU.
export function smallCosSin(x: f64): void {
  const x2 = x * x;
  cosOut = 1.0 - x2 * 0.5 * (1.0 - x2 * (1.0 / 12.0) * (1.0 - x2 * (1.0 / 30.0)));
  sinOut = x * (1.0 - x2 * (1.0 / 6.0) * (1.0 - x2 * (1.0 / 20.0)));
}
