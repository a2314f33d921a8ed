// S0/LED pulse scheduling: turns registered watt-hours into evenly spaced pulses on the 10 ms tick, per output.
export const TICK_MS: i32 = 10;
// DIN 43864: pulses of at least 30 ms separated by at least 30 ms.
export const MIN_GAP_MS: i32 = 30;

// Z8: one width for every pulse output of the meter (S0, LED and the module port's).
let widthMs: i32 = 30;

export function pulseWidthMs(): i32 {
  return widthMs;
}

export function minPeriodTicks(): i32 {
  return (widthMs + MIN_GAP_MS) / TICK_MS;
}

// One pulse output's train: the S0/LED one below, and the module port's A+, R+ and A- outputs.
export class PulseTrain {
  pending: i32 = 0;
  spacingTicks: i32 = 6;
  ticksSinceStart: i32 = 0x3fffffff;

  // New pulses are spread over the next window so the LED flashes at the rate of the power, as a
  // calibration bench expects, never faster than the pulse width and gap allow.
  add(count: i32, windowMs: f64): void {
    if (count <= 0) return;
    this.pending += count;
    let spacing = <i32>(windowMs / <f64>TICK_MS / <f64>this.pending);
    const minimum = minPeriodTicks();
    if (spacing < minimum) spacing = minimum;
    this.spacingTicks = spacing;
  }

  // Called every tick; true when a pulse must start now.
  due(): bool {
    // Saturating count without a branch, and the pending test first (cheaper on the tick: wasm3).
    const ticks = this.ticksSinceStart + <i32>(this.ticksSinceStart < 0x3fffffff);
    this.ticksSinceStart = ticks;
    if (this.pending > 0 && ticks >= this.spacingTicks) {
      this.pending--;
      this.ticksSinceStart = 0;
      return true;
    }
    return false;
  }

  // Pulses still owed are dropped at power-down: the register, not the pulse train, is what is billed.
  reset(): void {
    this.pending = 0;
    this.ticksSinceStart = 0x3fffffff;
  }
}

const s0Train = new PulseTrain();

export function pulsesPending(): i32 {
  return s0Train.pending;
}

export function setPulseWidthMs(width: i32): void {
  widthMs = width;
  if (s0Train.spacingTicks < minPeriodTicks()) s0Train.spacingTicks = minPeriodTicks();
}

export function addPulses(count: i32, windowMs: f64): void {
  s0Train.add(count, windowMs);
}

export function pulseDue(): bool {
  return s0Train.due();
}

export function resetPulses(): void {
  s0Train.reset();
}
