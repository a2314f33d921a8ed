// Register journal: energy registers persisted at every whole-unit change, as appended deltas on a ring of flash sectors.
import { Err } from "../errors";
import { crc32 } from "../util/crc32";
import { nvmRead, nvmProgram, nvmErase, nvmSectorSizeBytes, nvmSizeBytes } from "../hal/nvm";
import {
  JOURNAL_FIRST_SECTOR, JOURNAL_SECTORS, SECTOR_MAGIC, JOURNAL_VERSION, HEADER_BYTES,
  TAG_SNAPSHOT, SNAPSHOT_BYTES, SNAPSHOT_REGISTERS, TAG_DELTA, DELTA_BYTES, DELTA_ENTRIES, DELTA_MAX,
} from "./layout";
import { HeaderState, headerSeq, readHeader, scanSector, scanAbsolute, scanClean, scanCorrupt, scanEnd, scanRecords, scanTorn, valuesSum } from "./journalscan";

export const enum JournalFound {
  NEW = 0, // every journal sector erased: a new meter
  FOUND = 1,
  DAMAGED = 2, // records failed their CRC (other than a cut write's) or no snapshot was intact
}

// The values the flash holds, in whole units; the meter compares its registers against them.
const PERSISTED: usize = memory.data(8 * SNAPSHOT_REGISTERS);
const RECORD: usize = memory.data(SNAPSHOT_BYTES);
const SCAN: usize = memory.data(8 * SNAPSHOT_REGISTERS);
const SAVED: usize = memory.data(8 * SNAPSHOT_REGISTERS);
// Per sector at boot: header state, sequence, corrupt steps, clean tail, end of the intact records.
const HEADERS = new StaticArray<u8>(JOURNAL_SECTORS);
const SEQS = new StaticArray<u32>(JOURNAL_SECTORS);
const CORRUPT = new StaticArray<u8>(JOURNAL_SECTORS);
const CLEAN = new StaticArray<u8>(JOURNAL_SECTORS);
const ENDS = new StaticArray<u16>(JOURNAL_SECTORS);
const TORN = new StaticArray<u8>(JOURNAL_SECTORS);

let sectorBytes: i32 = 4096;
let currentSector: i32 = -1; // index within the journal, 0..JOURNAL_SECTORS-1
let currentSeq: u32 = 0;
let writeOffset: i32 = 0; // next free byte in the current sector
// Statistics for tests and diagnostics.
export let journalRecords: i32 = 0;
export let journalSectorsOpened: i32 = 0;
export let journalWriteFaults: i32 = 0;
// Found at the last boot: damaged records that were not a cut write's tail, and cut writes' tails.
export let journalCorrupt: i32 = 0;
export let journalTorn: i32 = 0;
let journalRaised = false;

export function persistedWh(reg: i32): u64 {
  return load<u64>(PERSISTED + (<usize>reg << 3));
}

function sectorAddr(index: i32): i32 {
  return (JOURNAL_FIRST_SECTOR + index) * sectorBytes;
}

// Opens the next sector of the ring with a header and a snapshot of PERSISTED. On a failure nothing
// is ever appended to that sector: the next commit opens the one after.
function openSector(index: i32, seq: u32): Err {
  writeOffset = sectorBytes;
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
  const status = writeSnapshot();
  if (status != Err.OK) writeOffset = sectorBytes;
  return status;
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

// Boot: the registers are the newest values that intact records prove. Every sector is replayed on
// its own (registers only grow, so the newest state is the largest); a damaged header or snapshot
// costs no more than the records it held. Bounded: one pass over the 64 sectors.
export function journalLoad(): JournalFound {
  sectorBytes = nvmSectorSizeBytes();
  memory.fill(PERSISTED, 0, 8 * SNAPSHOT_REGISTERS);
  currentSector = -1;
  currentSeq = 0;
  journalCorrupt = 0;
  journalTorn = 0;
  journalRaised = false;
  if (sectorBytes < SNAPSHOT_BYTES + HEADER_BYTES || (JOURNAL_FIRST_SECTOR + JOURNAL_SECTORS) * sectorBytes > nvmSizeBytes()) {
    return JournalFound.NEW;
  }
  let used = false;
  let maxSeq: u32 = 0;
  let best = -1;
  let bestSum: u64 = 0;
  let bestSeq: i64 = -1;
  for (let s = 0; s < JOURNAL_SECTORS; s++) {
    const state = readHeader(sectorAddr(s), RECORD);
    const seq: i64 = state == HeaderState.VALID ? <i64>headerSeq : -1;
    HEADERS[s] = <u8>state;
    SEQS[s] = <u32>seq;
    if (state == HeaderState.VALID && headerSeq > maxSeq) maxSeq = headerSeq;
    scanSector(sectorAddr(s), sectorBytes, SCAN, RECORD);
    if (state != HeaderState.ERASED || scanRecords > 0) used = true;
    // A sector whose erase was cut holds old bits after an erased header: nothing there to judge.
    if (state != HeaderState.ERASED) {
      CORRUPT[s] = <u8>min(scanCorrupt, 255);
      TORN[s] = <u8>scanTorn;
    } else {
      CORRUPT[s] = 0;
      TORN[s] = 0;
    }
    CLEAN[s] = scanClean ? 1 : 0;
    ENDS[s] = <u16>scanEnd;
    if (!scanAbsolute) continue;
    const sum = valuesSum(SCAN);
    if (best < 0 || sum > bestSum || (sum == bestSum && seq > bestSeq)) {
      best = s;
      bestSum = sum;
      bestSeq = seq;
    }
    for (let r = 0; r < SNAPSHOT_REGISTERS; r++) {
      const slot = PERSISTED + (<usize>r << 3);
      const v = load<u64>(SCAN + (<usize>r << 3));
      if (v > load<u64>(slot)) store<u64>(slot, v);
    }
  }
  if (!used) return JournalFound.NEW;
  if (best < 0) {
    // Only the first sector's opening cut part-way (a header or snapshot torn, nothing after): still new.
    let touched = 0;
    let damaged = 0;
    for (let s = 0; s < JOURNAL_SECTORS; s++) {
      if (HEADERS[s] != <u8>HeaderState.ERASED) touched++;
      damaged += <i32>CORRUPT[s];
    }
    if (touched <= 1 && damaged == 0) return JournalFound.NEW;
  }
  currentSeq = maxSeq;
  writeOffset = sectorBytes; // unless the newest sector proves it may be appended to
  let current = best;
  if (best >= 0) {
    // The sector opened after the newest one, whose opening snapshot is damaged: its increases still count.
    const next = (best + 1) % JOURNAL_SECTORS;
    if (HEADERS[best] == <u8>HeaderState.VALID && HEADERS[next] == <u8>HeaderState.VALID && SEQS[next] == SEQS[best] + 1) {
      scanSector(sectorAddr(next), sectorBytes, SCAN, RECORD);
      if (!scanAbsolute && scanRecords > 0) {
        for (let r = 0; r < SNAPSHOT_REGISTERS; r++) {
          const slot = PERSISTED + (<usize>r << 3);
          store<u64>(slot, load<u64>(slot) + load<u64>(SCAN + (<usize>r << 3)));
        }
        journalCorrupt++;
        current = next;
      }
    }
    if (current == best && HEADERS[best] == <u8>HeaderState.VALID && SEQS[best] == maxSeq && CLEAN[best] != 0) {
      writeOffset = <i32>ENDS[best];
    }
  }
  for (let s = 0; s < JOURNAL_SECTORS; s++) {
    if (HEADERS[s] == <u8>HeaderState.DAMAGED && (best < 0 || s != (best + 1) % JOURNAL_SECTORS)) journalCorrupt++;
    journalCorrupt += <i32>CORRUPT[s];
  }
  if (best < 0) journalCorrupt++; // written flash without one intact snapshot
  else journalTorn = <i32>TORN[best] + <i32>TORN[(best + 1) % JOURNAL_SECTORS]; // older tails were reported before
  currentSector = current < 0 ? (maxSeq > 0 ? <i32>((maxSeq - 1) % <u32>JOURNAL_SECTORS) : JOURNAL_SECTORS - 1) : current;
  return journalCorrupt > 0 ? JournalFound.DAMAGED : JournalFound.FOUND;
}

// Raises the registers to another record's proof (state, billing, logger 2: 18 x u64 whole units).
// Returns how many registers the journal had lost; they are written to a new sector by journalSettle.
export function journalRaise(values: usize): i32 {
  let raised = 0;
  for (let r = 0; r < SNAPSHOT_REGISTERS; r++) {
    const slot = PERSISTED + (<usize>r << 3);
    const v = load<u64>(values + (<usize>r << 3));
    if (v > load<u64>(slot)) {
      store<u64>(slot, v);
      raised++;
    }
  }
  if (raised > 0) journalRaised = true;
  return raised;
}

// After boot's recovery: a journal that lost registers, had none intact or held damaged records gets
// a new sector now, so the proof is in the journal again before anything else is written; then the
// damaged sectors are erased, so they are neither trusted nor reported again.
export function journalSettle(): Err {
  if (!journalRaised && journalCorrupt == 0 && currentSector >= 0) return Err.OK; // a torn tail: the next commit opens a new sector
  const index = currentSector < 0 ? 0 : (currentSector + 1) % JOURNAL_SECTORS;
  const status = openSector(index, currentSeq + 1);
  journalRaised = false;
  if (status != Err.OK) {
    journalWriteFaults++;
    return status;
  }
  for (let s = 0; s < JOURNAL_SECTORS; s++) {
    if (s == currentSector || (HEADERS[s] != <u8>HeaderState.DAMAGED && CORRUPT[s] == 0)) continue;
    if (nvmErase(JOURNAL_FIRST_SECTOR + s) != Err.OK) {
      journalWriteFaults++;
      return Err.NVM_FAULT;
    }
  }
  return Err.OK;
}

// Formats an empty journal with zero registers (a new meter).
export function journalFormat(): Err {
  sectorBytes = nvmSectorSizeBytes();
  memory.fill(PERSISTED, 0, 8 * SNAPSHOT_REGISTERS);
  return openSector(0, 1);
}

// Persists `wh` (18 registers in whole units, never below PERSISTED) if any of them changed.
export function journalCommit(wh: usize): Err {
  if (currentSector < 0) return Err.NOT_READY;
  // One pass (this runs every window): a delta record's entries are written as the changes are found,
  // RECORD being scratch until it is programmed.
  let changed = 0;
  let tooLarge = false;
  for (let r = 0; r < SNAPSHOT_REGISTERS; r++) {
    const now = load<u64>(wh + (<usize>r << 3));
    const was = persistedWh(r);
    if (now < was) return Err.INVALID_ARGUMENT; // registers never go backwards
    if (now != was) {
      if (changed < DELTA_ENTRIES) store<u32>(RECORD + <usize>(4 + 4 * changed), <u32>r | (<u32>(now - was) << 8));
      changed++;
      if (now - was > <u64>DELTA_MAX) tooLarge = true;
    }
  }
  if (changed == 0) return Err.OK;
  const full = changed > DELTA_ENTRIES || tooLarge;
  const need = full ? SNAPSHOT_BYTES : DELTA_BYTES;
  if (writeOffset + need > sectorBytes || full) {
    // PERSISTED is what the flash proves: it takes the new values only once the snapshot is written.
    memory.copy(SAVED, PERSISTED, 8 * SNAPSHOT_REGISTERS);
    memory.copy(PERSISTED, wh, 8 * SNAPSHOT_REGISTERS);
    const status = writeOffset + need > sectorBytes
      ? openSector((currentSector + 1) % JOURNAL_SECTORS, currentSeq + 1)
      : writeSnapshot();
    if (status != Err.OK) {
      memory.copy(PERSISTED, SAVED, 8 * SNAPSHOT_REGISTERS);
      journalWriteFaults++;
      writeOffset = sectorBytes;
    }
    return status;
  }
  store<u8>(RECORD, TAG_DELTA);
  store<u8>(RECORD, <u8>changed, 1);
  store<u16>(RECORD, 0, 2);
  for (let e = changed; e < DELTA_ENTRIES; e++) store<u32>(RECORD + <usize>(4 + 4 * e), 0xff);
  store<u32>(RECORD, crc32(RECORD, DELTA_BYTES - 4), DELTA_BYTES - 4);
  const status = program(DELTA_BYTES);
  if (status == Err.OK) {
    // Only the registers in the record changed: the rest of PERSISTED already equals wh.
    for (let e = 0; e < changed; e++) {
      const slot = <usize>load<u8>(RECORD + <usize>(4 + 4 * e)) << 3;
      store<u64>(PERSISTED + slot, load<u64>(wh + slot));
    }
  }
  return countFault(status);
}

function countFault(status: Err): Err {
  if (status != Err.OK) {
    journalWriteFaults++;
    writeOffset = sectorBytes; // never program over a failed record: the next commit opens a new sector
  }
  return status;
}
