// Register journal: energy registers persisted at every whole-unit change, as appended deltas on a ring of flash sectors.
import { Err } from "../errors";
import { crc32 } from "../util/crc32";
import { nvmRead, nvmProgram, nvmErase, nvmSectorSizeBytes, nvmSizeBytes } from "../hal/nvm";
import {
  JOURNAL_FIRST_SECTOR, JOURNAL_SECTORS, SECTOR_MAGIC, JOURNAL_VERSION, HEADER_BYTES,
  TAG_SNAPSHOT, SNAPSHOT_BYTES, SNAPSHOT_REGISTERS, TAG_DELTA, DELTA_BYTES, DELTA_ENTRIES, DELTA_MAX, TAG_ERASED,
} from "./layout";

// The values the flash holds, in whole units; the meter compares its registers against them.
const PERSISTED: usize = memory.data(8 * SNAPSHOT_REGISTERS);
const RECORD: usize = memory.data(SNAPSHOT_BYTES);

let sectorBytes: i32 = 4096;
let currentSector: i32 = -1; // index within the journal, 0..JOURNAL_SECTORS-1
let currentSeq: u32 = 0;
let writeOffset: i32 = 0; // next free byte in the current sector
// Statistics for tests and diagnostics.
export let journalRecords: i32 = 0;
export let journalSectorsOpened: i32 = 0;
export let journalWriteFaults: i32 = 0;

export function persistedWh(reg: i32): u64 {
  return load<u64>(PERSISTED + (<usize>reg << 3));
}

function sectorAddr(index: i32): i32 {
  return (JOURNAL_FIRST_SECTOR + index) * sectorBytes;
}

function readHeaderSeq(index: i32): i64 {
  if (nvmRead(sectorAddr(index), RECORD, HEADER_BYTES) != Err.OK) return -1;
  if (load<u32>(RECORD) != SECTOR_MAGIC || load<u16>(RECORD, 4) != JOURNAL_VERSION) return -1;
  if (<i32>load<u16>(RECORD, 6) != HEADER_BYTES) return -1;
  if (crc32(RECORD, 12) != load<u32>(RECORD, 12)) return -1;
  return <i64>load<u32>(RECORD, 8);
}

// Replays one sector into PERSISTED; returns the offset after the last valid record, or -1 when the
// sector's opening snapshot is not intact (then the sector holds nothing trustworthy).
// `clean` tells whether everything after that offset is still erased, so appending may continue there.
let replayClean = false;

function replaySector(index: i32): i32 {
  const base = sectorAddr(index);
  let offset = HEADER_BYTES;
  let snapshots = 0;
  replayClean = false;
  while (offset + DELTA_BYTES <= sectorBytes) {
    if (nvmRead(base + offset, RECORD, 1) != Err.OK) return -1;
    const tag = load<u8>(RECORD);
    if (tag == TAG_ERASED) {
      replayClean = restErased(base + offset, DELTA_BYTES);
      break;
    }
    if (tag == TAG_SNAPSHOT && offset + SNAPSHOT_BYTES <= sectorBytes) {
      if (nvmRead(base + offset, RECORD, SNAPSHOT_BYTES) != Err.OK || !snapshotValid()) break;
      memory.copy(PERSISTED, RECORD + 8, 8 * SNAPSHOT_REGISTERS);
      snapshots++;
      offset += SNAPSHOT_BYTES;
    } else if (tag == TAG_DELTA && snapshots > 0) {
      if (nvmRead(base + offset, RECORD, DELTA_BYTES) != Err.OK || !deltaValid()) break;
      applyDelta();
      offset += DELTA_BYTES;
    } else {
      break; // a torn or foreign record ends the sector's history
    }
  }
  if (offset + DELTA_BYTES > sectorBytes) replayClean = false;
  return snapshots > 0 ? offset : -1;
}

function restErased(addr: i32, len: i32): bool {
  if (nvmRead(addr, RECORD, len) != Err.OK) return false;
  for (let k = 0; k < len; k++) if (load<u8>(RECORD + <usize>k) != 0xff) return false;
  return true;
}

function snapshotValid(): bool {
  return load<u8>(RECORD, 1) == <u8>SNAPSHOT_REGISTERS && <i32>load<u16>(RECORD, 2) == SNAPSHOT_BYTES &&
    crc32(RECORD, SNAPSHOT_BYTES - 4) == load<u32>(RECORD, SNAPSHOT_BYTES - 4);
}

function deltaValid(): bool {
  const n = <i32>load<u8>(RECORD, 1);
  if (n < 1 || n > DELTA_ENTRIES) return false;
  if (crc32(RECORD, DELTA_BYTES - 4) != load<u32>(RECORD, DELTA_BYTES - 4)) return false;
  for (let e = 0; e < n; e++) {
    if (<i32>load<u8>(RECORD + <usize>(4 + 4 * e)) >= SNAPSHOT_REGISTERS) return false;
  }
  return true;
}

function applyDelta(): void {
  const n = <i32>load<u8>(RECORD, 1);
  for (let e = 0; e < n; e++) {
    const word = load<u32>(RECORD + <usize>(4 + 4 * e));
    const slot = PERSISTED + (<usize>(word & 0xff) << 3);
    store<u64>(slot, load<u64>(slot) + <u64>(word >>> 8));
  }
}

// Opens the next sector of the ring with a header and a snapshot of PERSISTED.
function openSector(index: i32, seq: u32): Err {
  if (nvmErase(JOURNAL_FIRST_SECTOR + index) != Err.OK) return Err.NVM_FAULT;
  store<u32>(RECORD, SECTOR_MAGIC);
  store<u16>(RECORD, JOURNAL_VERSION, 4);
  store<u16>(RECORD, <u16>HEADER_BYTES, 6);
  store<u32>(RECORD, seq, 8);
  store<u32>(RECORD, crc32(RECORD, 12), 12);
  if (nvmProgram(sectorAddr(index), RECORD, HEADER_BYTES) != Err.OK) return Err.NVM_FAULT;
  currentSector = index;
  currentSeq = seq;
  writeOffset = HEADER_BYTES;
  journalSectorsOpened++;
  return writeSnapshot();
}

function writeSnapshot(): Err {
  store<u8>(RECORD, TAG_SNAPSHOT);
  store<u8>(RECORD, <u8>SNAPSHOT_REGISTERS, 1);
  store<u16>(RECORD, <u16>SNAPSHOT_BYTES, 2);
  store<u32>(RECORD, 0, 4);
  memory.copy(RECORD + 8, PERSISTED, 8 * SNAPSHOT_REGISTERS);
  store<u32>(RECORD, crc32(RECORD, SNAPSHOT_BYTES - 4), SNAPSHOT_BYTES - 4);
  return program(SNAPSHOT_BYTES);
}

function program(len: i32): Err {
  if (nvmProgram(sectorAddr(currentSector) + writeOffset, RECORD, len) != Err.OK) return Err.NVM_FAULT;
  writeOffset += len;
  journalRecords++;
  return Err.OK;
}

// Finds the newest sector whose history is intact and rebuilds PERSISTED from it. Bounded: one header
// read per sector, then at most one sector's records. Returns false on an empty (new) journal.
export function journalLoad(): bool {
  sectorBytes = nvmSectorSizeBytes();
  memory.fill(PERSISTED, 0, 8 * SNAPSHOT_REGISTERS);
  currentSector = -1;
  if (sectorBytes < SNAPSHOT_BYTES + HEADER_BYTES || (JOURNAL_FIRST_SECTOR + JOURNAL_SECTORS) * sectorBytes > nvmSizeBytes()) {
    return false;
  }
  // Sequences of intact headers, newest first; a sector whose snapshot is torn yields to the one before.
  let tried: u64 = 0;
  for (let attempt = 0; attempt < JOURNAL_SECTORS; attempt++) {
    let best = -1;
    let bestSeq: i64 = -1;
    for (let s = 0; s < JOURNAL_SECTORS; s++) {
      if ((tried >> <u64>s) & 1) continue;
      const seq = readHeaderSeq(s);
      if (seq > bestSeq) {
        bestSeq = seq;
        best = s;
      }
    }
    if (best < 0) return false;
    tried |= <u64>1 << <u64>best;
    const end = replaySector(best);
    if (end < 0) continue;
    currentSector = best;
    currentSeq = <u32>bestSeq;
    // Append after the last record only if the rest is clean and this is the newest sector;
    // otherwise start a fresh sector so nothing is ever programmed over a torn record.
    writeOffset = attempt == 0 && replayClean ? end : sectorBytes;
    return true;
  }
  return false;
}

// Formats an empty journal with zero registers.
export function journalFormat(): Err {
  sectorBytes = nvmSectorSizeBytes();
  memory.fill(PERSISTED, 0, 8 * SNAPSHOT_REGISTERS);
  return openSector(0, 1);
}

// Persists `wh` (18 registers in whole units, never below PERSISTED) if any of them changed.
export function journalCommit(wh: usize): Err {
  if (currentSector < 0) return Err.NOT_READY;
  let changed = 0;
  let tooLarge = false;
  for (let r = 0; r < SNAPSHOT_REGISTERS; r++) {
    const now = load<u64>(wh + (<usize>r << 3));
    const was = persistedWh(r);
    if (now < was) return Err.INVALID_ARGUMENT; // registers never go backwards
    if (now != was) {
      changed++;
      if (now - was > <u64>DELTA_MAX) tooLarge = true;
    }
  }
  if (changed == 0) return Err.OK;
  const full = changed > DELTA_ENTRIES || tooLarge;
  const need = full ? SNAPSHOT_BYTES : DELTA_BYTES;
  if (writeOffset + need > sectorBytes) {
    memory.copy(PERSISTED, wh, 8 * SNAPSHOT_REGISTERS);
    const status = openSector((currentSector + 1) % JOURNAL_SECTORS, currentSeq + 1);
    if (status != Err.OK) journalWriteFaults++;
    return status;
  }
  if (full) {
    memory.copy(PERSISTED, wh, 8 * SNAPSHOT_REGISTERS);
    return countFault(writeSnapshot());
  }
  store<u8>(RECORD, TAG_DELTA);
  store<u8>(RECORD, <u8>changed, 1);
  store<u16>(RECORD, 0, 2);
  let e = 0;
  for (let r = 0; r < SNAPSHOT_REGISTERS; r++) {
    const now = load<u64>(wh + (<usize>r << 3));
    const was = persistedWh(r);
    if (now == was) continue;
    store<u32>(RECORD + <usize>(4 + 4 * e), <u32>r | (<u32>(now - was) << 8));
    e++;
  }
  for (; e < DELTA_ENTRIES; e++) store<u32>(RECORD + <usize>(4 + 4 * e), 0xff);
  store<u32>(RECORD, crc32(RECORD, DELTA_BYTES - 4), DELTA_BYTES - 4);
  const status = program(DELTA_BYTES);
  if (status == Err.OK) memory.copy(PERSISTED, wh, 8 * SNAPSHOT_REGISTERS);
  return countFault(status);
}

function countFault(status: Err): Err {
  if (status != Err.OK) {
    journalWriteFaults++;
    writeOffset = sectorBytes; // never program over a failed record: the next commit opens a new sector
  }
  return status;
}
