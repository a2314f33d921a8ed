// LCD shim: keeps the last segment bitmap the firmware wrote, as an LCD driver's RAM would.
import type { MeterClock, LcdDevice } from "../devices.js";

export class LcdCapture implements LcdDevice {
  bitmap: Uint8Array = new Uint8Array(0);
  writes = 0;
  lastWriteMs = -1;

  constructor(private readonly clock: MeterClock) {}

  write(bitmap: Uint8Array): void {
    this.bitmap = bitmap;
    this.writes++;
    this.lastWriteMs = this.clock.nowMs;
  }
}
