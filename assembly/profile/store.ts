// Load profile store: variable-length entries on a ring of 127 sectors (508 KiB), each sector opened by an anchor with absolute values.
import { Err } from "../errors";
import { crc32 } from "../util/crc32";
import { nvmRead, nvmProgram, nvmErase, nvmSectorSizeBytes, nvmSizeBytes } from "../hal/nvm";
import { LP_FIRST_SECTOR, LP_SECTORS } from "../store/layout";
import { lpEncode, lpDecode, recLength, recStatus, recStepS, REC_INCREMENTS, LP_CHANNELS, LP_RECORD_MAX } from "./codec";
import { factoryPresent, factoryXs } from "../factory/record";
import { country } from "../factory/rules";
import { COUNTRY_AUSTRIA } from "../factory/codes";

// Anchor, 96 bytes at the start of each sector: u32 magic "WMLP", u16 version 1, u16 length 96,
// u32 sequence, u8 channel mask, u8 reserved, u16 period in minutes, i64 time UTC s of the entry
// before the sector's first (or of the profile's start), 8 x u64 channel values in Wh then,
// u32 reserved, u32 CRC-32 of bytes 0..91. Entries follow from byte 96 (codec.ts).
export const LP_MAGIC: u32 = 0x504c4d57;
export const LP_VERSION: u16 = 1;
export const ANCHOR_BYTES: i32 = 96;

const BUF: usize = memory.data(LP_RECORD_MAX);
const ANCHOR: usize = memory.data(ANCHOR_BYTES);
// Absolute channel values (u64 Wh) at the newest entry, and the increments of the next one.
const LAST_VALUES: usize = memory.data(8 * LP_CHANNELS);
const STEP: usize = memory.data(8 * LP_CHANNELS);

let sectorBytes: i32 = 4096;
let ready = false;
let curSector: i32 = -1;
let curSeq: u32 = 0;
let curMask: i32 = 0;
let curPeriodMin: i32 = 0;
let writeOffset: i32 = 0;
export let lpLastTimeS: i64 = i64.MIN_VALUE; // time of the newest entry or anchor; MIN: empty profile
export let lpEntriesWritten: i32 = 0;
export let lpWriteFaults: i32 = 0;

// Austria (X14..X16 040) limits the load profile to 60 days before the newest entry (the data sheet; a
// data-protection limit): 0 elsewhere, the whole ring.
export function lpKeepS(): i64 {
  return factoryPresent() && country(factoryXs()) == COUNTRY_AUSTRIA ? 60 * 86400 : 0;
}

// Entries at or before this time are aged out (never given out); MIN_VALUE when nothing is.
function agedUpToS(): i64 {
  const keep = lpKeepS();
  return keep == 0 || lpLastTimeS == i64.MIN_VALUE ? i64.MIN_VALUE : lpLastTimeS - keep;
}

function sectorAddr(index: i32): i32 {
  return (LP_FIRST_SECTOR + index) * sectorBytes;
}

export function lpLastValue(channel: i32): u64 {
  return load<u64>(LAST_VALUES + (<usize>channel << 3));
}

// Reads the anchor of a sector into ANCHOR; its sequence, or -1 when it is not intact.
function readAnchor(index: i32): i64 {
  if (nvmRead(sectorAddr(index), ANCHOR, ANCHOR_BYTES) != Err.OK) return -1;
  if (load<u32>(ANCHOR) != LP_MAGIC || load<u16>(ANCHOR, 4) != LP_VERSION || <i32>load<u16>(ANCHOR, 6) != ANCHOR_BYTES) return -1;
  if (crc32(ANCHOR, ANCHOR_BYTES - 4) != load<u32>(ANCHOR, ANCHOR_BYTES - 4)) return -1;
  return <i64>load<u32>(ANCHOR, 8);
}

// Reads the record at `offset` of a sector into BUF and decodes it; false at erased space, the end or a damaged record.
function readRecord(index: i32, offset: i32): bool {
  if (offset + 6 > sectorBytes) return false;
  const avail = min(LP_RECORD_MAX, sectorBytes - offset);
  // Most records are under 32 bytes: read those, and the rest of a longer one only when it is one.
  const first = min(32, avail);
  if (nvmRead(sectorAddr(index) + offset, BUF, first) != Err.OK) return false;
  const length = <i32>load<u8>(BUF);
  if (length == 0xff || length > avail) return false;
  if (length > first && nvmRead(sectorAddr(index) + offset + first, BUF + <usize>first, length - first) != Err.OK) return false;
  return lpDecode(BUF, max(length, first));
}

function addIncrements(values: usize, mask: i32): void {
  for (let c = 0; c < LP_CHANNELS; c++) {
    if ((mask & (1 << c)) == 0) continue;
    const slot = values + (<usize>c << 3);
    store<u64>(slot, load<u64>(slot) + load<u64>(REC_INCREMENTS + (<usize>c << 3)));
  }
}

function erasedFrom(index: i32, offset: i32): bool {
  for (let at = offset; at < sectorBytes; at += LP_RECORD_MAX) {
    const n = min(LP_RECORD_MAX, sectorBytes - at);
    if (nvmRead(sectorAddr(index) + at, BUF, n) != Err.OK) return false;
    for (let k = 0; k < n; k++) if (load<u8>(BUF + <usize>k) != 0xff) return false;
  }
  return true;
}

// Boot: the newest intact sector by sequence, replayed to its last intact entry. Appending goes on
// there only if the rest of the sector is erased (a torn entry is never written over).
export function lpStoreLoad(): void {
  sectorBytes = nvmSectorSizeBytes();
  ready = sectorBytes >= 1024 && (LP_FIRST_SECTOR + LP_SECTORS) * sectorBytes <= nvmSizeBytes();
  curSector = -1;
  curSeq = 0;
  lpLastTimeS = i64.MIN_VALUE;
  if (!ready) return;
  let best = -1;
  let bestSeq: i64 = -1;
  for (let s = 0; s < LP_SECTORS; s++) {
    const seq = readAnchor(s);
    if (seq > bestSeq) {
      bestSeq = seq;
      best = s;
    }
  }
  if (best < 0) return;
  readAnchor(best);
  curSector = best;
  curSeq = <u32>bestSeq;
  curMask = <i32>load<u8>(ANCHOR, 12);
  curPeriodMin = <i32>load<u16>(ANCHOR, 14);
  lpLastTimeS = load<i64>(ANCHOR, 16);
  memory.copy(LAST_VALUES, ANCHOR + 24, 8 * LP_CHANNELS);
  let offset = ANCHOR_BYTES;
  while (readRecord(best, offset)) {
    lpLastTimeS += recStepS;
    addIncrements(LAST_VALUES, curMask);
    offset += recLength;
  }
  writeOffset = erasedFrom(best, offset) ? offset : sectorBytes;
}

// A new profile: its start, written at once as the first sector's anchor, so that the first entry's
// increments survive a power cut before it (a cut of this write is a start a little later).
export function lpStart(timeS: i64, values: usize, mask: i32, periodMin: i32): Err {
  lpLastTimeS = timeS;
  memory.copy(LAST_VALUES, values, 8 * LP_CHANNELS);
  if (!ready) return Err.NOT_READY;
  const status = openSector(mask, periodMin);
  if (status != Err.OK) lpWriteFaults++;
  return status;
}

function openSector(mask: i32, periodMin: i32): Err {
  const index = curSector < 0 ? 0 : (curSector + 1) % LP_SECTORS;
  writeOffset = sectorBytes;
  if (nvmErase(LP_FIRST_SECTOR + index) != Err.OK) return Err.NVM_FAULT;
  memory.fill(ANCHOR, 0, ANCHOR_BYTES);
  store<u32>(ANCHOR, LP_MAGIC);
  store<u16>(ANCHOR, LP_VERSION, 4);
  store<u16>(ANCHOR, <u16>ANCHOR_BYTES, 6);
  store<u32>(ANCHOR, curSeq + 1, 8);
  store<u8>(ANCHOR, <u8>mask, 12);
  store<u16>(ANCHOR, <u16>periodMin, 14);
  store<i64>(ANCHOR, lpLastTimeS, 16);
  memory.copy(ANCHOR + 24, LAST_VALUES, 8 * LP_CHANNELS);
  store<u32>(ANCHOR, crc32(ANCHOR, ANCHOR_BYTES - 4), ANCHOR_BYTES - 4);
  curSector = index;
  curSeq++;
  if (nvmProgram(sectorAddr(index), ANCHOR, ANCHOR_BYTES) != Err.OK) return Err.NVM_FAULT;
  curMask = mask;
  curPeriodMin = periodMin;
  writeOffset = ANCHOR_BYTES;
  eraseAged();
  return Err.OK;
}

// Erases, oldest first, the sectors whose entries have all aged out (the next sector's anchor is the time of
// their last): a data-protection limit wants them gone from the flash, not only hidden. The sector holding
// the limit keeps its older entries until it ages out whole; lpNext never gives them out.
function eraseAged(): void {
  const aged = agedUpToS();
  if (aged == i64.MIN_VALUE) return;
  for (let k = 1; k < LP_SECTORS; k++) {
    const s = (curSector + k) % LP_SECTORS;
    const seq = readAnchor(s);
    if (seq < 0) continue; // erased already
    if (readAnchor((s + 1) % LP_SECTORS) != seq + 1 || load<i64>(ANCHOR, 16) > aged) return;
    nvmErase(LP_FIRST_SECTOR + s); // a failed erase is hidden by lpNext all the same
  }
}

// Appends an entry at `timeS` with the channels' absolute values (u64 Wh, all eight) now. A sector
// holds one channel set and period: a change opens a new one. On a failed write the entry is not
// taken, and the next one carries its energy.
export function lpAppend(timeS: i64, status: u8, values: usize, mask: i32, periodMin: i32): Err {
  if (!ready || lpLastTimeS == i64.MIN_VALUE) return Err.NOT_READY;
  for (let c = 0; c < LP_CHANNELS; c++) {
    const now = load<u64>(values + (<usize>c << 3));
    const was = lpLastValue(c);
    store<u64>(STEP + (<usize>c << 3), now > was ? now - was : 0);
  }
  const length = lpEncode(BUF, status, timeS - lpLastTimeS, mask, STEP);
  if (length == 0) return Err.OUT_OF_RANGE; // cannot happen: LP_RECORD_MAX holds every field at its longest
  if (curSector < 0 || mask != curMask || periodMin != curPeriodMin || writeOffset + length > sectorBytes) {
    if (openSector(mask, periodMin) != Err.OK) {
      lpWriteFaults++;
      return Err.NVM_FAULT;
    }
  }
  const addr = sectorAddr(curSector) + writeOffset;
  writeOffset += length; // whatever happens to this write, nothing goes over it
  if (nvmProgram(addr, BUF, length) != Err.OK) {
    lpWriteFaults++;
    writeOffset = sectorBytes;
    return Err.NVM_FAULT;
  }
  lpLastTimeS = timeS;
  memory.copy(LAST_VALUES, values, 8 * LP_CHANNELS);
  lpEntriesWritten++;
  return Err.OK;
}

// ---- Reading: a cursor over the stored entries, oldest to newest in storage order.
// Entry buffer: i64 time UTC s, u8 status, u8 channel mask, u16 and u32 reserved, 8 x u64 absolute
// values at 16, 8 x u64 increments since the previous entry at 80 (0 for channels not recorded).
export const LP_ENTRY_BYTES: i32 = 144;
export const LP_ENTRY: usize = memory.data(LP_ENTRY_BYTES);
let cSector: i32 = -1;
let cSeq: u32 = 0;
let cOffset: i32 = 0;
let cMask: i32 = 0;
let cTimeS: i64 = 0;
const C_VALUES: usize = memory.data(8 * LP_CHANNELS);

function cursorAt(index: i32): void {
  cSector = index;
  cSeq = load<u32>(ANCHOR, 8);
  cMask = <i32>load<u8>(ANCHOR, 12);
  cTimeS = load<i64>(ANCHOR, 16);
  memory.copy(C_VALUES, ANCHOR + 24, 8 * LP_CHANNELS);
  cOffset = ANCHOR_BYTES;
}

// Positions the cursor before the first entry at or after `fromUtcS`: in the newest sector whose
// anchor is before it (one anchor read per sector: the per-sector index). Entries are in time
// order except after a clock set back; NOT_READY for an empty profile.
export function lpSeek(fromUtcS: i64): Err {
  cSector = -1;
  if (!ready || curSector < 0) return Err.NOT_READY;
  let start = -1;
  let startSeq: i64 = -1;
  let oldest = -1;
  let oldestSeq: i64 = i64.MAX_VALUE;
  for (let s = 0; s < LP_SECTORS; s++) {
    const seq = readAnchor(s);
    if (seq < 0) continue;
    if (seq < oldestSeq) {
      oldestSeq = seq;
      oldest = s;
    }
    if (load<i64>(ANCHOR, 16) < fromUtcS && seq > startSeq) {
      startSeq = seq;
      start = s;
    }
  }
  if (start < 0) start = oldest;
  if (start < 0) return Err.NOT_READY;
  readAnchor(start);
  cursorAt(start);
  fromS = fromUtcS;
  return Err.OK;
}
let fromS: i64 = i64.MIN_VALUE;

// The cursor as bytes, so a reader that stops between entries (a DLMS block) resumes there without a
// seek: i32 sector, u32 sequence, i32 offset, i32 mask, i64 time, i64 from, 8 x u64 values.
export const LP_CURSOR_BYTES: i32 = 32 + 8 * LP_CHANNELS;

export function lpCursorSave(dst: usize): void {
  store<i32>(dst, cSector);
  store<u32>(dst, cSeq, 4);
  store<i32>(dst, cOffset, 8);
  store<i32>(dst, cMask, 12);
  store<i64>(dst, cTimeS, 16);
  store<i64>(dst, fromS, 24);
  memory.copy(dst + 32, C_VALUES, 8 * LP_CHANNELS);
}

// Restores a saved cursor; false (and no cursor) when its sector has since been reused by the ring.
export function lpCursorRestore(src: usize): bool {
  const sector = load<i32>(src);
  if (!ready || sector < 0 || sector >= LP_SECTORS || readAnchor(sector) != <i64>load<u32>(src, 4)) {
    cSector = -1;
    return false;
  }
  cSector = sector;
  cSeq = load<u32>(src, 4);
  cOffset = load<i32>(src, 8);
  cMask = load<i32>(src, 12);
  cTimeS = load<i64>(src, 16);
  fromS = load<i64>(src, 24);
  memory.copy(C_VALUES, src + 32, 8 * LP_CHANNELS);
  return true;
}

// The next entry at or after the seek time (and not aged out) into LP_ENTRY; OUT_OF_RANGE past the newest.
export function lpNext(): Err {
  if (cSector < 0) return Err.NOT_READY;
  const aged = agedUpToS();
  while (true) {
    if (readRecord(cSector, cOffset)) {
      cOffset += recLength;
      cTimeS += recStepS;
      addIncrements(C_VALUES, cMask);
      if (cTimeS < fromS || cTimeS <= aged) continue;
      memory.fill(LP_ENTRY, 0, LP_ENTRY_BYTES);
      store<i64>(LP_ENTRY, cTimeS);
      store<u8>(LP_ENTRY, recStatus, 8);
      store<u8>(LP_ENTRY, <u8>cMask, 9);
      for (let c = 0; c < LP_CHANNELS; c++) {
        if ((cMask & (1 << c)) == 0) continue;
        store<u64>(LP_ENTRY + <usize>(16 + 8 * c), load<u64>(C_VALUES + (<usize>c << 3)));
        store<u64>(LP_ENTRY + <usize>(80 + 8 * c), load<u64>(REC_INCREMENTS + (<usize>c << 3)));
      }
      return Err.OK;
    }
    // The sector ends here: the next one in sequence, if it was opened after this one.
    const next = (cSector + 1) % LP_SECTORS;
    if (cSector == curSector || readAnchor(next) != <i64>(cSeq + 1)) {
      cSector = -1;
      return Err.OUT_OF_RANGE;
    }
    cursorAt(next);
  }
  return Err.OUT_OF_RANGE;
}
