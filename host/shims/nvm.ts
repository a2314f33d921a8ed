// NVM shim: the NOR flash model of flash.ts, file-backed (restarting the harness on the file is a power cycle).
import fs from "node:fs";
import { NorFlashCore, type NorFlashOptions as CoreOptions } from "./flash.js";

export { PowerCut } from "./flash.js";

export interface NorFlashOptions extends CoreOptions {
  path?: string; // backing file: restarting the harness on it is a power cycle
}

export class NorFlash extends NorFlashCore {
  private fd: number | undefined;

  constructor(opts: NorFlashOptions = {}) {
    super(opts);
    const sectors = this.eraseCounts.length;
    if (opts.path) {
      const fresh = !fs.existsSync(opts.path);
      this.fd = fs.openSync(opts.path, fresh ? "w+" : "r+");
      // The file holds the flash image followed by one u32 erase counter per sector.
      const fileBytes = this.sizeBytes + 4 * sectors;
      if (fresh || fs.fstatSync(this.fd).size !== fileBytes) {
        if (!fresh) {
          throw new Error(`NVM file ${opts.path} has ${fs.fstatSync(this.fd).size} bytes, expected ${fileBytes}: the ` +
            `${this.sizeBytes}-byte flash (${sectors} sectors of ${this.sectorBytes}) and a 4-byte erase counter per sector`);
        }
        this.persist(0, this.sizeBytes);
        this.persistWear(0, sectors);
      } else {
        fs.readSync(this.fd, this.data, 0, this.sizeBytes, 0);
        fs.readSync(this.fd, new Uint8Array(this.eraseCounts.buffer), 0, 4 * sectors, this.sizeBytes);
      }
    }
  }

  override close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
  }

  protected override persist(addr: number, len: number): void {
    if (this.fd !== undefined && len > 0) fs.writeSync(this.fd, this.data, addr, len, addr);
  }

  protected override persistWear(sector: number, count: number): void {
    if (this.fd === undefined) return;
    const bytes = new Uint8Array(this.eraseCounts.buffer, sector * 4, count * 4);
    fs.writeSync(this.fd, bytes, 0, bytes.length, this.sizeBytes + sector * 4);
  }
}
