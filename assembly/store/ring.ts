// Record ring: fixed-size records with magic, version, sequence and CRC appended over a ring of flash sectors.
import { Err } from "../errors";
import { crc32 } from "../util/crc32";
import { nvmRead, nvmProgram, nvmErase, nvmSectorSizeBytes } from "../hal/nvm";

// Every record: u32 magic, u16 version, u16 length (whole record), u32 sequence, payload, u32 CRC of all before it.
export const RING_RECORD_OVERHEAD: i32 = 16;
// Failed erases and programs of every ring since boot, for the error register.
export let ringWriteFaults: i32 = 0;
// Records of every ring that failed their CRC at load other than a cut write's: intact records follow
// them in their sector, or more than one slot in a row is damaged. A cut write damages one slot at
// the end of what was written; a cut erase leaves erased slots before old ones. Neither counts.
export let ringCorruptRecords: i32 = 0;

// One ring per kind of record (billing, debit logger 2, meter state). Instances are made at module
// start, never after boot; the scratch buffer is the caller's, so a ring owns no memory of its own.
export class RecordRing {
  newestSeq: u32 = 0;
  // Records below this sequence are another generation's, left in sectors not erased yet: read never gives them.
  floorSeq: u32 = 0;
  // The oldest sequence load found in the newest run: runs more than the ring's slots apart are generations
  // (a ring that restarts jumps its sequence), so an owner whose ring restarts takes this as its floor.
  runFirstSeq: u32 = 0;
  count: i32 = 0; // valid records found at load or appended since
  corrupt: i32 = 0; // damaged records found at load (not a cut write's)
  private sectorBytes: i32 = 4096;
  private loaded: bool = false;
  private writeAddr: i32 = 0; // next free record slot
  private eraseBeforeWrite: i32 = -1; // sector to erase before the next append, -1 none
  private newestAddr: i32 = -1;

  constructor(
    readonly firstSector: i32,
    readonly sectors: i32,
    readonly magic: u32,
    readonly version: u16,
    readonly recordBytes: i32, // payload + RING_RECORD_OVERHEAD, a multiple of 4
  ) {}

  get perSector(): i32 {
    return this.sectorBytes / this.recordBytes;
  }

  // Records the ring can always give back: a full ring minus the sector that is erased next.
  get guaranteedDepth(): i32 {
    return (this.sectors - 1) * this.perSector;
  }

  private slotAddr(sector: i32, slot: i32): i32 {
    return (this.firstSector + sector) * this.sectorBytes + slot * this.recordBytes;
  }

  private valid(buf: usize): bool {
    if (load<u32>(buf) != this.magic || load<u16>(buf, 4) != this.version) return false;
    if (<i32>load<u16>(buf, 6) != this.recordBytes) return false;
    return crc32(buf, this.recordBytes - 4) == load<u32>(buf + <usize>(this.recordBytes - 4));
  }

  private erased(buf: usize): bool {
    for (let k = 0; k < this.recordBytes; k += 4) if (load<u32>(buf + <usize>k) != 0xffffffff) return false;
    return true;
  }

  // Scans every slot once (bounded: sectors x records per sector reads) for the newest valid record.
  // Appending resumes after it only where the next slot reads erased; otherwise in the next sector.
  load(buf: usize): bool {
    this.sectorBytes = nvmSectorSizeBytes();
    this.loaded = true;
    this.eraseBeforeWrite = -1;
    this.newestSeq = 0;
    this.floorSeq = 0;
    this.runFirstSeq = 0;
    this.newestAddr = -1;
    this.count = 0;
    let newestSector = 0;
    let newestSlot = -1;
    const slots = <u32>(this.sectors * this.perSector);
    this.corrupt = 0;
    for (let s = 0; s < this.sectors; s++) {
      // A sector an older record version wrote (before a firmware update) holds no records of ours and no
      // damage: a new version starts in an erased sector (continueAfter), so versions never share a sector.
      if (nvmRead(this.slotAddr(s, 0), buf, 8) == Err.OK && load<u32>(buf) == this.magic && load<u16>(buf, 4) < this.version) continue;
      let damaged = 0; // damaged slots since the last valid one
      let erasedSeen = false;
      for (let k = 0; k < this.perSector; k++) {
        const readOk = nvmRead(this.slotAddr(s, k), buf, this.recordBytes) == Err.OK;
        if (!readOk || !this.valid(buf)) {
          if (readOk && this.erased(buf)) erasedSeen = true;
          else if (!erasedSeen) damaged++;
          continue;
        }
        this.corrupt += damaged;
        damaged = 0;
        this.count++;
        const seq = load<u32>(buf, 8);
        if (this.newestAddr < 0 || seq > this.newestSeq) {
          this.newestSeq = seq;
          this.newestAddr = this.slotAddr(s, k);
          newestSector = s;
          newestSlot = k;
        }
        // In the newest's run, and older than its first so far, or that first was of an older run.
        const newest = this.newestSeq;
        if (newest - seq < slots && (seq < this.runFirstSeq || newest - this.runFirstSeq >= slots)) this.runFirstSeq = seq;
      }
      if (damaged > 1) this.corrupt += damaged;
    }
    ringCorruptRecords += this.corrupt;
    if (this.newestAddr < 0) {
      this.eraseBeforeWrite = 0;
      return false;
    }
    const next = newestSlot + 1;
    if (next < this.perSector && nvmRead(this.slotAddr(newestSector, next), buf, this.recordBytes) == Err.OK && this.erased(buf)) {
      this.writeAddr = this.slotAddr(newestSector, next);
    } else {
      this.eraseBeforeWrite = (newestSector + 1) % this.sectors;
    }
    return true;
  }

  // The ring's sector (0-based) holding the newest record, -1 when none was found.
  get newestSector(): i32 {
    return this.newestAddr < 0 ? -1 : this.newestAddr / this.sectorBytes - this.firstSector;
  }

  // The slots this ring's load took for damage were an older version's records (found by that version's
  // ring): they are not damage.
  forgetDamage(): void {
    ringCorruptRecords -= this.corrupt;
    this.corrupt = 0;
  }

  // A ring of a new record version over the sectors of an older one: appending starts in the sector
  // after the older ring's newest record, so that record survives until the new one is written.
  continueAfter(older: RecordRing): void {
    if (older.newestAddr < 0) return;
    this.eraseBeforeWrite = (older.newestAddr / this.sectorBytes - this.firstSector + 1) % this.sectors;
  }

  // A new generation in `sector`, erased by the caller: the other sectors are erased later, or when
  // appending reaches them; until then their records stay below the floor.
  restartAt(sector: i32, firstSeq: u32): void {
    this.sectorBytes = nvmSectorSizeBytes();
    this.loaded = true;
    this.eraseBeforeWrite = -1;
    this.writeAddr = this.slotAddr(sector, 0);
    this.newestSeq = firstSeq - 1;
    this.floorSeq = firstSeq;
    this.newestAddr = -1;
  }

  // Appends the payload at buf + 12 (the caller leaves 12 header bytes and 4 CRC bytes around it).
  append(buf: usize): Err {
    if (!this.loaded) return Err.NOT_READY;
    if (this.eraseBeforeWrite >= 0) {
      if (nvmErase(this.firstSector + this.eraseBeforeWrite) != Err.OK) {
        ringWriteFaults++;
        return Err.NVM_FAULT;
      }
      this.writeAddr = this.slotAddr(this.eraseBeforeWrite, 0);
      this.eraseBeforeWrite = -1;
    }
    const seq = this.newestSeq + 1;
    store<u32>(buf, this.magic);
    store<u16>(buf, this.version, 4);
    store<u16>(buf, <u16>this.recordBytes, 6);
    store<u32>(buf, seq, 8);
    store<u32>(buf + <usize>(this.recordBytes - 4), crc32(buf, this.recordBytes - 4));
    const addr = this.writeAddr;
    const sector = addr / this.sectorBytes - this.firstSector;
    const slot = (addr % this.sectorBytes) / this.recordBytes;
    // Whatever happens to this write, the next one goes to a fresh slot.
    if (slot + 1 < this.perSector) this.writeAddr = addr + this.recordBytes;
    else this.eraseBeforeWrite = (sector + 1) % this.sectors;
    if (nvmProgram(addr, buf, this.recordBytes) != Err.OK) {
      ringWriteFaults++;
      return Err.NVM_FAULT;
    }
    this.newestSeq = seq;
    this.newestAddr = addr;
    if (this.count < this.sectors * this.perSector) this.count++;
    return Err.OK;
  }

  // Reads the record `back` places before the newest (0 = newest) into buf; skips nothing: a record
  // that fails its CRC is reported as CRC, so a reader never gets a neighbour in its place. Slots a
  // cut or failed write left behind (the torn slot, and the rest of its sector when appending moved
  // on) hold no sequence: the record is looked for further back, at most a sector's slots.
  read(back: i32, buf: usize): Err {
    if (this.newestAddr < 0) return Err.NOT_READY;
    if (back < 0 || back >= this.sectors * this.perSector) return Err.OUT_OF_RANGE;
    const newestIndex = (this.newestAddr / this.sectorBytes - this.firstSector) * this.perSector +
      (this.newestAddr % this.sectorBytes) / this.recordBytes;
    const total = this.sectors * this.perSector;
    const target = this.newestSeq - <u32>back;
    if (<u32>back > this.newestSeq - this.floorSeq) return Err.OUT_OF_RANGE;
    for (let extra = 0; extra <= this.perSector; extra++) {
      const status = this.readSlot((((newestIndex - back - extra) % total) + total) % total, buf);
      if (status == Err.NVM_FAULT) return status;
      if (status == Err.OK) {
        const seq = load<u32>(buf, 8);
        if (seq == target) return Err.OK;
        if (seq < target) return Err.OUT_OF_RANGE; // overwritten
        continue; // a newer record: slots were skipped after the one sought
      }
      if (status == Err.CRC) {
        // A damaged slot is the record sought unless the one before it is that record or a newer one
        // (the damaged slot is then a torn write's, which took no sequence).
        if (this.readSlot((((newestIndex - back - extra - 1) % total) + total) % total, buf) != Err.OK) return Err.CRC;
        const seq = load<u32>(buf, 8);
        if (seq == target) return Err.OK;
        if (seq < target) return Err.CRC;
      }
    }
    return Err.OUT_OF_RANGE;
  }

  // Slot `index` of the ring into buf: OK valid, OUT_OF_RANGE erased, CRC damaged.
  private readSlot(index: i32, buf: usize): Err {
    const addr = this.slotAddr(index / this.perSector, index % this.perSector);
    if (nvmRead(addr, buf, this.recordBytes) != Err.OK) return Err.NVM_FAULT;
    if (this.valid(buf)) return Err.OK;
    return this.erased(buf) ? Err.OUT_OF_RANGE : Err.CRC;
  }
}
