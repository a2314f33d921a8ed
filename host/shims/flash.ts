// NOR flash model without storage behind it (erase to 0xFF, program only clears bits), wear counters and power cuts: Node and browser.
import { Err } from "../abi.js";
import type { NvmDevice } from "../devices.js";
import { mulberry32 } from "./random.js";

export interface NorFlashOptions {
  sizeBytes?: number; // default 1 MiB
  sectorBytes?: number; // default 4 KiB
  seed?: number; // for the torn prefix of a cut write
}

// Thrown out of the firmware's NVM call when the test's power cut falls on it; the meter is then dead until rebooted.
export class PowerCut extends Error {
  constructor(readonly op: number) {
    super(`power cut at NVM operation ${op}`);
    this.name = "PowerCut";
  }
}

export class NorFlashCore implements NvmDevice {
  readonly sizeBytes: number;
  readonly sectorBytes: number;
  readonly data: Uint8Array;
  readonly eraseCounts: Uint32Array;
  // Program and erase operations since construction (reads do not count).
  ops = 0;
  // Reads and bytes read since construction: what a range access costs.
  reads = 0;
  readBytes = 0;
  // Control API: a worn-out or write-protected part: every program and erase fails with NVM_FAULT.
  failing = false;
  private cutAtOp = 0;
  private readonly rand: () => number;

  constructor(opts: NorFlashOptions = {}) {
    this.sizeBytes = opts.sizeBytes ?? 1 << 20;
    this.sectorBytes = opts.sectorBytes ?? 4096;
    if (this.sectorBytes < 256 || this.sizeBytes % this.sectorBytes !== 0) {
      throw new RangeError(`NVM: size ${this.sizeBytes} is not a whole number of ${this.sectorBytes}-byte sectors`);
    }
    this.rand = mulberry32(opts.seed ?? 1);
    const sectors = this.sizeBytes / this.sectorBytes;
    this.data = new Uint8Array(this.sizeBytes).fill(0xff);
    this.eraseCounts = new Uint32Array(sectors);
  }

  // A store behind the flash (a file, IndexedDB) releases it here.
  close(): void {}

  // Control API: the n-th program or erase from now on is cut part-way and throws PowerCut.
  cutPowerAtOp(n: number): void {
    this.cutAtOp = n > 0 ? this.ops + n : 0;
  }

  // Control API: flip one stored bit, as a retention fault would.
  flipBit(addr: number, bit: number): void {
    this.data[addr] ^= 1 << bit;
    this.persist(addr, 1);
  }

  maxEraseCount(): number {
    return this.eraseCounts.reduce((a, b) => Math.max(a, b), 0);
  }

  totalErases(): number {
    return this.eraseCounts.reduce((a, b) => a + b, 0);
  }

  read(addr: number, len: number): Uint8Array | Err {
    if (!this.inRange(addr, len)) return Err.OUT_OF_RANGE;
    this.reads++;
    this.readBytes += len;
    return this.data.subarray(addr, addr + len);
  }

  program(addr: number, bytes: Uint8Array): Err {
    if (!this.inRange(addr, bytes.length)) return Err.OUT_OF_RANGE;
    if (this.failing) return Err.NVM_FAULT;
    const cut = this.nextOpIsCut();
    // A cut write leaves a random prefix of the bytes programmed.
    const n = cut ? Math.floor(this.rand() * bytes.length) : bytes.length;
    for (let k = 0; k < n; k++) this.data[addr + k] &= bytes[k];
    this.persist(addr, n);
    if (cut) throw new PowerCut(this.ops);
    return Err.OK;
  }

  erase(sector: number): Err {
    if (!Number.isInteger(sector) || sector < 0 || sector >= this.eraseCounts.length) return Err.OUT_OF_RANGE;
    if (this.failing) return Err.NVM_FAULT;
    const cut = this.nextOpIsCut();
    const start = sector * this.sectorBytes;
    // A cut erase leaves the sector partly erased: a random prefix is 0xFF, the rest keeps its old bits.
    const n = cut ? Math.floor(this.rand() * this.sectorBytes) : this.sectorBytes;
    this.data.fill(0xff, start, start + n);
    this.eraseCounts[sector]++;
    this.persist(start, n);
    this.persistWear(sector, 1);
    if (cut) throw new PowerCut(this.ops);
    return Err.OK;
  }

  private nextOpIsCut(): boolean {
    this.ops++;
    return this.cutAtOp > 0 && this.ops === this.cutAtOp;
  }

  private inRange(addr: number, len: number): boolean {
    return Number.isInteger(addr) && Number.isInteger(len) && addr >= 0 && len >= 0 && addr + len <= this.sizeBytes;
  }

  // Hooks for a store behind the flash: these bytes (of `data`) and these erase counters changed.
  protected persist(_addr: number, _len: number): void {}

  protected persistWear(_sector: number, _count: number): void {}
}
