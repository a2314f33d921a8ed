// Register journal at boot: replays one sector on its own and tells intact, torn (a cut write) and corrupt records apart.
import { Err } from "../errors";
import { crc32 } from "../util/crc32";
import { nvmRead } from "../hal/nvm";
import {
  SECTOR_MAGIC, JOURNAL_VERSION, HEADER_BYTES, TAG_SNAPSHOT, SNAPSHOT_BYTES, SNAPSHOT_REGISTERS,
  TAG_DELTA, DELTA_BYTES, DELTA_ENTRIES,
} from "./layout";

// What the last scanSector found. Records sit at 32-byte steps after the header (a snapshot is five
// steps), so a damaged record is stepped over and the records after it still count.
export let scanEnd: i32 = 0; // offset after the last intact record
export let scanAbsolute = false; // an intact snapshot was seen: the values are registers, not only increases
export let scanClean = false; // nothing damaged, everything after scanEnd erased: appending may go on there
export let scanTorn: i32 = 0; // damaged steps after the last intact record: what a cut write leaves
export let scanCorrupt: i32 = 0; // damaged steps with intact records after them, or more than a cut write damages
// A cut write damages one record: at most the five steps of a snapshot.
const TORN_MAX_STEPS: i32 = SNAPSHOT_BYTES / DELTA_BYTES;
export let scanRecords: i32 = 0;

export const enum HeaderState {
  VALID = 0,
  ERASED = 1, // never opened, or its erase was cut before the header
  DAMAGED = 2,
}
export let headerSeq: u32 = 0;

export function readHeader(addr: i32, buf: usize): HeaderState {
  if (nvmRead(addr, buf, HEADER_BYTES) != Err.OK) return HeaderState.DAMAGED;
  if (allErased(buf, HEADER_BYTES)) return HeaderState.ERASED;
  if (load<u32>(buf) != SECTOR_MAGIC || load<u16>(buf, 4) != JOURNAL_VERSION) return HeaderState.DAMAGED;
  if (<i32>load<u16>(buf, 6) != HEADER_BYTES || crc32(buf, 12) != load<u32>(buf, 12)) return HeaderState.DAMAGED;
  headerSeq = load<u32>(buf, 8);
  return HeaderState.VALID;
}

function allErased(buf: usize, len: i32): bool {
  for (let k = 0; k < len; k += 4) if (load<u32>(buf + <usize>k) != 0xffffffff) return false;
  return true;
}

export function snapshotValid(buf: usize): bool {
  return load<u8>(buf) == TAG_SNAPSHOT && load<u8>(buf, 1) == <u8>SNAPSHOT_REGISTERS &&
    <i32>load<u16>(buf, 2) == SNAPSHOT_BYTES && crc32(buf, SNAPSHOT_BYTES - 4) == load<u32>(buf, SNAPSHOT_BYTES - 4);
}

export function deltaValid(buf: usize): bool {
  const n = <i32>load<u8>(buf, 1);
  if (load<u8>(buf) != TAG_DELTA || n < 1 || n > DELTA_ENTRIES) return false;
  if (crc32(buf, DELTA_BYTES - 4) != load<u32>(buf, DELTA_BYTES - 4)) return false;
  for (let e = 0; e < n; e++) {
    if (<i32>load<u8>(buf + <usize>(4 + 4 * e)) >= SNAPSHOT_REGISTERS) return false;
  }
  return true;
}

export function applyDelta(buf: usize, values: usize): void {
  const n = <i32>load<u8>(buf, 1);
  for (let e = 0; e < n; e++) {
    const word = load<u32>(buf + <usize>(4 + 4 * e));
    const slot = values + (<usize>(word & 0xff) << 3);
    store<u64>(slot, load<u64>(slot) + <u64>(word >>> 8));
  }
}

// Replays the records of the sector at `base` into `values` (18 x u64): from zero until an intact
// snapshot makes them absolute. `buf` holds one snapshot. Bounded: one pass over the sector.
export function scanSector(base: i32, sectorBytes: i32, values: usize, buf: usize): void {
  memory.fill(values, 0, 8 * SNAPSHOT_REGISTERS);
  scanAbsolute = false;
  scanEnd = HEADER_BYTES;
  scanTorn = 0;
  scanCorrupt = 0;
  scanRecords = 0;
  let damaged = 0; // damaged steps since the last intact record
  let erasedSeen = false;
  let strays = 0; // bytes in erased space: they cost no record, but nothing may be appended after them
  let offset = HEADER_BYTES;
  while (offset + DELTA_BYTES <= sectorBytes) {
    const readOk = nvmRead(base + offset, buf, DELTA_BYTES) == Err.OK;
    if (readOk && allErased(buf, DELTA_BYTES)) {
      erasedSeen = true;
    } else if (erasedSeen) {
      strays++;
    } else if (readOk && load<u8>(buf) == TAG_SNAPSHOT && offset + SNAPSHOT_BYTES <= sectorBytes &&
      nvmRead(base + offset, buf, SNAPSHOT_BYTES) == Err.OK && snapshotValid(buf)) {
      memory.copy(values, buf + 8, 8 * SNAPSHOT_REGISTERS);
      scanAbsolute = true;
      intact(damaged);
      damaged = 0;
      offset += SNAPSHOT_BYTES;
      scanEnd = offset;
      continue;
    } else if (readOk && deltaValid(buf)) {
      applyDelta(buf, values);
      intact(damaged);
      damaged = 0;
      offset += DELTA_BYTES;
      scanEnd = offset;
      continue;
    } else {
      damaged++;
    }
    offset += DELTA_BYTES;
  }
  if (damaged > TORN_MAX_STEPS) scanCorrupt += damaged;
  else scanTorn = damaged;
  scanClean = damaged == 0 && scanCorrupt == 0 && strays == 0;
}

function intact(damagedBefore: i32): void {
  scanCorrupt += damagedBefore;
  scanRecords++;
}

export function valuesSum(values: usize): u64 {
  let sum: u64 = 0;
  for (let r = 0; r < SNAPSHOT_REGISTERS; r++) sum += load<u64>(values + (<usize>r << 3));
  return sum;
}
