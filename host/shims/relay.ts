// Relay shim: a bistable breaker that keeps its position without power and can be told to stick.
import type { MeterClock, RelayDevice } from "../devices.js";

export class BistableRelay implements RelayDevice {
  readonly operations: Array<{ tMs: number; close: boolean; widthMs: number; moved: boolean }> = [];
  // Control API: a welded or jammed contact ignores the coil.
  stuck = false;

  constructor(private readonly clock: MeterClock, private closed = true) {}

  drive(close: boolean, widthMs: number): void {
    const moved = !this.stuck && this.closed !== close;
    if (!this.stuck) this.closed = close;
    this.operations.push({ tMs: this.clock.nowMs, close, widthMs, moved });
  }

  position(): boolean {
    return this.closed;
  }
}
