// Firmware slot shim: the MCU's image flash, two NOR slots (A/B) beside the NVM file, with power-cut control.
import fs from "node:fs";
import { Err } from "../abi.js";
import type { FwSlotDevice } from "../devices.js";
import { PowerCut } from "./nvm.js";
import { mulberry32 } from "./random.js";

export const SLOT_SECTOR_BYTES = 4096;
export const SLOT_SECTORS = 34; // assembly/update/layout.ts
export const SLOT_BYTES = SLOT_SECTOR_BYTES * SLOT_SECTORS;

export class FwSlots implements FwSlotDevice {
  readonly data: Uint8Array[] = [new Uint8Array(SLOT_BYTES).fill(0xff), new Uint8Array(SLOT_BYTES).fill(0xff)];
  // The slot the boot loader started the firmware from; -1 when the firmware came from build/ directly.
  running = -1;
  // Set when the firmware handed control to the boot loader; the harness then restarts the meter.
  resetRequested = false;
  ops = 0;
  private cutAtOp = 0;
  private readonly fd: number | undefined;
  private readonly rand: () => number;

  // `path`: the backing file (both slots), kept like the NVM file so a restarted harness finds its images.
  constructor(path?: string, seed = 1) {
    this.rand = mulberry32(seed);
    if (path) {
      const fresh = !fs.existsSync(path);
      this.fd = fs.openSync(path, fresh ? "w+" : "r+");
      if (fresh) {
        for (let s = 0; s < 2; s++) this.persist(s, 0, SLOT_BYTES);
      } else {
        if (fs.fstatSync(this.fd).size !== 2 * SLOT_BYTES) throw new Error(`firmware slot file ${path} is not ${2 * SLOT_BYTES} bytes`);
        for (let s = 0; s < 2; s++) fs.readSync(this.fd, this.data[s], 0, SLOT_BYTES, s * SLOT_BYTES);
      }
    }
  }

  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
  }

  // Control API: the n-th program or erase from now on is cut part-way and throws PowerCut.
  cutPowerAtOp(n: number): void {
    this.cutAtOp = n > 0 ? this.ops + n : 0;
  }

  read(slot: number, offset: number, len: number): Uint8Array | Err {
    if (!this.inRange(slot, offset, len)) return Err.OUT_OF_RANGE;
    return this.data[slot].subarray(offset, offset + len);
  }

  program(slot: number, offset: number, bytes: Uint8Array): Err {
    if (!this.inRange(slot, offset, bytes.length)) return Err.OUT_OF_RANGE;
    const cut = this.nextOpIsCut();
    const n = cut ? Math.floor(this.rand() * bytes.length) : bytes.length;
    const d = this.data[slot];
    for (let k = 0; k < n; k++) d[offset + k] &= bytes[k];
    this.persist(slot, offset, n);
    if (cut) throw new PowerCut(this.ops);
    return Err.OK;
  }

  erase(slot: number, sector: number): Err {
    if (!this.inRange(slot, 0, 0) || !Number.isInteger(sector) || sector < 0 || sector >= SLOT_SECTORS) return Err.OUT_OF_RANGE;
    const cut = this.nextOpIsCut();
    const start = sector * SLOT_SECTOR_BYTES;
    const n = cut ? Math.floor(this.rand() * SLOT_SECTOR_BYTES) : SLOT_SECTOR_BYTES;
    this.data[slot].fill(0xff, start, start + n);
    this.persist(slot, start, n);
    if (cut) throw new PowerCut(this.ops);
    return Err.OK;
  }

  reset(): void {
    this.resetRequested = true;
  }

  private nextOpIsCut(): boolean {
    this.ops++;
    return this.cutAtOp > 0 && this.ops === this.cutAtOp;
  }

  private inRange(slot: number, offset: number, len: number): boolean {
    return (slot === 0 || slot === 1) && Number.isInteger(offset) && Number.isInteger(len) && offset >= 0 && len >= 0 &&
      offset + len <= SLOT_BYTES;
  }

  private persist(slot: number, offset: number, len: number): void {
    if (this.fd !== undefined && len > 0) fs.writeSync(this.fd, this.data[slot], offset, len, slot * SLOT_BYTES + offset);
  }
}
