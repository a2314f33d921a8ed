// Pulse recorder for the S0 output and the LED: every pulse with its meter time and width, and the steady level.
import type { MeterClock, PulseDevice } from "../devices.js";

export interface Pulse {
  tMs: number;
  widthMs: number;
}

export class PulseRecorder implements PulseDevice {
  count = 0;
  level = 0;
  readonly pulses: Pulse[] = [];
  // Pulses that started while the previous one was still on: a real output would merge them.
  overlaps = 0;
  private lastEndMs = -Infinity;

  // Keeps at most `keep` pulses in `pulses` so year-long runs stay small; `count` counts them all.
  constructor(private readonly clock: MeterClock, private readonly keep = 1_000_000) {}

  pulse(widthMs: number): void {
    const tMs = this.clock.nowMs;
    if (tMs < this.lastEndMs) this.overlaps++;
    this.lastEndMs = tMs + widthMs;
    this.count++;
    if (this.pulses.length < this.keep) this.pulses.push({ tMs, widthMs });
  }

  setLevel(on: boolean): void {
    this.level = on ? 1 : 0;
  }
}
