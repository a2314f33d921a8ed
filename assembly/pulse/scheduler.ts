// S0/LED pulse scheduler: turns registered A+ watt-hours into evenly spaced pulses on the 10 ms tick.
export const TICK_MS: i32 = 10;
// DIN 43864: pulses of at least 30 ms separated by at least 30 ms.
export const MIN_GAP_MS: i32 = 30;

let widthMs: i32 = 30;
let pending: i32 = 0;
let spacingTicks: i32 = 6;
let ticksSinceStart: i32 = 0x3fffffff;

export function pulseWidthMs(): i32 {
  return widthMs;
}

export function pulsesPending(): i32 {
  return pending;
}

export function minPeriodTicks(): i32 {
  return (widthMs + MIN_GAP_MS) / TICK_MS;
}

export function setPulseWidthMs(width: i32): void {
  widthMs = width;
  if (spacingTicks < minPeriodTicks()) spacingTicks = minPeriodTicks();
}

// New pulses are spread over the next window so the LED flashes at the rate of the power, as a
// calibration bench expects, never faster than the pulse width and gap allow.
export function addPulses(count: i32, windowMs: f64): void {
  if (count <= 0) return;
  pending += count;
  let spacing = <i32>(windowMs / <f64>TICK_MS / <f64>pending);
  const minimum = minPeriodTicks();
  if (spacing < minimum) spacing = minimum;
  spacingTicks = spacing;
}

// Called every tick; true when a pulse must start now.
export function pulseDue(): bool {
  if (ticksSinceStart < 0x3fffffff) ticksSinceStart++;
  if (pending > 0 && ticksSinceStart >= spacingTicks) {
    pending--;
    ticksSinceStart = 0;
    return true;
  }
  return false;
}

// Pulses still owed are dropped at power-down: the register, not the pulse train, is what is billed.
export function resetPulses(): void {
  pending = 0;
  ticksSinceStart = 0x3fffffff;
}
