// Calibration constants (legal data): channel gains and the current channel's phase correction.
export const DEFAULT_V_GAIN_V: f64 = 500.0 / 8388608.0; // 500 V peak full scale, 24-bit
export const DEFAULT_I_GAIN_A: f64 = 250.0 / 8388608.0; // 250 A peak full scale, 24-bit

export let vGainV: f64 = DEFAULT_V_GAIN_V;
export let iGainA: f64 = DEFAULT_I_GAIN_A;
export let phaseRad: f64 = 0.0;
// Kept with phaseRad so the window computation never evaluates a trigonometric function.
export let phaseCos: f64 = 1.0;
export let phaseSin: f64 = 0.0;

// Front ends within +-20 % of nominal gain and +-5 degrees of phase are plausible; anything else is a typo.
export function gainPlausible(value: f64, nominal: f64): bool {
  return value >= nominal * 0.8 && value <= nominal * 1.2;
}

export function phasePlausible(value: f64): bool {
  return value >= -0.0873 && value <= 0.0873;
}

export function applyCalibration(vGain: f64, iGain: f64, phase: f64): void {
  vGainV = vGain;
  iGainA = iGain;
  phaseRad = phase;
  phaseCos = Math.cos(phase);
  phaseSin = Math.sin(phase);
}
