// Module port shim: the levels the firmware drives on the two module I/O lines, every change time-stamped.
import type { MeterClock, ModuleDevice } from "../devices.js";

export interface LineChange {
  tMs: number;
  line: number;
  level: number;
}

export class ModulePort implements ModuleDevice {
  readonly levels = [0, 0, 0]; // index 1, 2
  readonly rises = [0, 0, 0]; // activations per line: pulses of a pulse output
  readonly changes: LineChange[] = [];

  constructor(private readonly clock: MeterClock, private readonly keep = 100_000) {}

  out(line: number, level: number): void {
    if (line !== 1 && line !== 2) throw new RangeError(`module_out on line ${line}`);
    if (level === 1 && this.levels[line] === 0) this.rises[line]++;
    this.levels[line] = level;
    if (this.changes.length < this.keep) this.changes.push({ tMs: this.clock.nowMs, line, level });
  }
}
