// Analysis logger (Z10): the set-up's COSEM values at every capture period boundary on a ring of its own, flagged like the load profile.
import { Err } from "../errors";
import { AxdrWriter } from "../dlms/axdr";
import { RecordRing } from "../store/ring";
import { nvmRead, nvmErase, nvmSectorSizeBytes } from "../hal/nvm";
import { rtcReadUtcS } from "../hal/rtc";
import { ALOG_FIRST_SECTOR, ALOG_SECTORS } from "../store/layout";
import { LP_MAGIC } from "../profile/store";
import { LpStatus, clockFlags, CapturePeriod } from "../profile/period";
import { OBJECT_COUNT, rowBinding } from "../cosem/table";
import { cosemEncode } from "../cosem/objects";
import { eventLog, EventCode } from "../events/log";
import { configGet, ConfigId } from "../config";
import {
  ALOG_SETUPS, setupValues, setupBinding, setupTag, setupPeriodS, tagWidth, valueOffset, periodAllowed,
} from "./setups";

// Record (docs/NVM.md "Analysis logger"): ring header (12), i64 time UTC s, u8 status (LpStatus),
// u8 set-up, u16 capture period in minutes, the values (setups.ts), CRC. One ring per set-up, each
// with its own magic and record length over the same sectors: a new set-up erases them first.
const MAGICS: StaticArray<u32> = [0x30414d57 /* "WMA0" */, 0x31414d57 /* "WMA1" */, 0x32414d57 /* "WMA2" */, 0x33414d57 /* "WMA3" */];
// Record lengths as constants (module start order must not matter): setupRecordBytes of each set-up,
// which alog/setups.spec.ts pins.
const RINGS: StaticArray<RecordRing> = [
  new RecordRing(ALOG_FIRST_SECTOR, ALOG_SECTORS, 0x30414d57, 1, 60),
  new RecordRing(ALOG_FIRST_SECTOR, ALOG_SECTORS, 0x31414d57, 1, 40),
  new RecordRing(ALOG_FIRST_SECTOR, ALOG_SECTORS, 0x32414d57, 1, 60),
  new RecordRing(ALOG_FIRST_SECTOR, ALOG_SECTORS, 0x33414d57, 1, 124),
];
export const ALOG_RECORD_MAX: i32 = 124;
export const ALOG_BUFFER: usize = memory.data(ALOG_RECORD_MAX); // the record a reader last read
const WRITE: usize = memory.data(ALOG_RECORD_MAX);
const VALUE: usize = memory.data(16);
const writer = new AxdrWriter();

// Why the logger restarted (cause of event 80).
export const enum AlogRestart {
  SETUP = 1, // Z10 changed
  PERIOD = 2, // capture_period written
  RESET = 3, // reset method
}

let setup = 0;
let lastTimeS: i64 = i64.MIN_VALUE; // the newest entry's time; MIN: no entry
export let alogEntriesWritten: i32 = 0;
// Sectors a restart left to erase, one a tick, the highest first (the one before the new records, where a reader
// going back would look next); 0 when none, ALOG_SECTORS before the first tick.
export let alogErasing: i32 = 0;
// A restart's first sequence number jumps this far past the old records' (more than the 1,632 slots of any
// set-up), so no old record ever reads as the continuation of the new ones.
const GENERATION_GAP: u32 = 4096;

// The logger's capture clock (profile/period.ts), whose entries are this logger's records.
class AlogPeriod extends CapturePeriod {
  capture(atS: i64, status: u8): void {
    capture(atS, status);
  }
}
const period = new AlogPeriod();

export function alogRing(): RecordRing {
  return RINGS[setup];
}

export function alogSetup(): i32 {
  return setup;
}

export function alogPeriodS(): i32 {
  return period.periodS;
}

// The object table's row of a capture object.
export function alogRowOf(binding: i32): i32 {
  for (let row = 0; row < OBJECT_COUNT; row++) if (<i32>rowBinding(row) == binding) return row;
  return -1;
}

// One entry: each capture object's attribute 2 as the COSEM object gives it now; a value that does
// not encode as the set-up says is stored as zeros and the entry flagged data not valid.
function capture(atS: i64, status: u8): Err {
  const n = setupValues(setup);
  memory.fill(WRITE, 0, ALOG_RECORD_MAX);
  for (let k = 0; k < n; k++) {
    const tag = setupTag(setup, k);
    const width = tagWidth(tag);
    writer.reset(VALUE, 16, 0);
    const row = alogRowOf(setupBinding(setup, k));
    if (row < 0 || cosemEncode(row, 2, writer) != 0 || writer.pos != 1 + width || <i32>load<u8>(VALUE) != tag) {
      status |= <u8>LpStatus.DATA_NOT_VALID;
      continue;
    }
    memory.copy(WRITE + <usize>valueOffset(setup, k), VALUE + 1, width);
  }
  store<i64>(WRITE, atS, 12);
  store<u8>(WRITE, status, 20);
  store<u8>(WRITE, <u8>setup, 21);
  store<u16>(WRITE, <u16>(period.periodS / 60), 22);
  const result = RINGS[setup].append(WRITE);
  if (result == Err.OK) {
    lastTimeS = atS;
    alogEntriesWritten++;
  }
  return result;
}

// Sectors that hold another set-up's records or the load profile's anchors (the ring's sectors were
// the load profile's before the analysis logger) are not this ring's damage: erased before it loads.
function clearForeign(): void {
  for (let s = 0; s < ALOG_SECTORS; s++) {
    if (nvmRead((ALOG_FIRST_SECTOR + s) * nvmSectorSizeBytes(), VALUE, 4) != Err.OK) continue;
    const magic = load<u32>(VALUE);
    let foreign = magic == LP_MAGIC;
    for (let k = 0; k < ALOG_SETUPS; k++) if (k != setup && magic == MAGICS[k]) foreign = true;
    if (foreign) nvmErase(ALOG_FIRST_SECTOR + s);
  }
}

// Boot, after the load profile's: the newest entry gives the period in force; the capture clock (period.ts)
// catches up as the load profile's does.
export function alogBoot(nowS: i64, powerOn: bool): void {
  const z10 = configGet(ConfigId.ANALYSIS_LOGGER);
  setup = z10 >= 0 && z10 < ALOG_SETUPS ? z10 : 0;
  alogErasing = 0;
  clearForeign();
  const ring = RINGS[setup];
  ring.load(WRITE);
  lastTimeS = i64.MIN_VALUE;
  period.periodS = setupPeriodS(setup);
  if (ring.read(0, WRITE) == Err.OK) {
    ring.floorSeq = ring.runFirstSeq; // after a cut during a restart's erase, older records are still there
    lastTimeS = load<i64>(WRITE, 12);
    const stored = <i32>load<u16>(WRITE, 22) * 60;
    if (periodAllowed(<i64>stored)) period.periodS = stored;
  }
  period.boot(nowS, powerOn, lastTimeS);
}

export function alogWindow(nowS: i64): void {
  period.window(nowS);
}

export function alogClockChanged(oldS: i64, newS: i64, set: bool): void {
  period.clockChanged(oldS, newS, set, lastTimeS);
}

// A new set-up or period, or a reset: the ring starts again (a real meter clears a profile whose capture
// objects or period change) and the first entry is taken at once, so the period in force is stored. Erasing
// the 16 sectors at once would block the sample loop for seconds on a NOR flash: one sector now, the rest one a
// tick (alogEraseTick). A cut before the new entry is written leaves the old records, valid for the old set-up.
function restart(newSetup: i32, newPeriodS: i32, cause: AlogRestart): Err {
  const nowS = rtcReadUtcS();
  if (nvmErase(ALOG_FIRST_SECTOR) != Err.OK) return Err.NVM_FAULT;
  // Every restart jumps from the ring in force, and boot erases other set-ups' records: sequences only grow.
  const firstSeq = RINGS[setup].newestSeq + GENERATION_GAP;
  setup = newSetup;
  RINGS[setup].restartAt(0, firstSeq);
  alogErasing = ALOG_SECTORS;
  lastTimeS = i64.MIN_VALUE;
  period.periodS = newPeriodS;
  period.restart(nowS);
  eventLog(nowS, EventCode.ANALYSIS_LOGGER_RESTARTED, <i32>cause, setup, <i64>newPeriodS);
  return capture(nowS, <u8>LpStatus.SHORT_PERIOD | clockFlags(nowS));
}

// One sector of a restart's erase (meter.ts calls it every tick while alogErasing > 0), none in the first tick:
// a request over HDLC restarts the logger inside a tick. Sectors the new records have reached were erased by the
// ring itself: the erase is then done. Not inlined: the idle tick only tests alogErasing.
@noinline
export function alogEraseTick(): void {
  const sector = alogErasing;
  if (sector <= RINGS[setup].newestSector) {
    alogErasing = 0;
    return;
  }
  alogErasing = sector - 1;
  if (sector < ALOG_SECTORS) nvmErase(ALOG_FIRST_SECTOR + sector); // a failed erase leaves records below the floor
}

// One change of the logger: a new set-up (with its default period), a new period, or a reset. One
// function with three callers, so the optimizer keeps the restart out of its callers (wasm3 boards
// compile each function within a fixed stack height).
function change(newSetup: i32, newPeriodS: i32, cause: AlogRestart): Err {
  if (!period.started) return Err.NOT_READY;
  if (cause == AlogRestart.SETUP) {
    if (newSetup == setup) return Err.OK;
    newPeriodS = setupPeriodS(newSetup);
  } else if (cause == AlogRestart.PERIOD && newPeriodS == period.periodS) {
    return Err.OK;
  }
  return restart(newSetup, newPeriodS, cause);
}

// Z10 changed (meter.ts configEffects, after the setting was validated and stored): a different
// set-up restarts the logger with that set-up's default period.
export function alogConfigure(z10: i32): Err {
  return z10 < 0 || z10 >= ALOG_SETUPS ? Err.OUT_OF_RANGE : change(z10, 0, AlogRestart.SETUP);
}

// capture_period written (seconds): another period restarts the logger.
export function alogSetPeriod(newPeriodS: i64): Err {
  return periodAllowed(newPeriodS) ? change(setup, <i32>newPeriodS, AlogRestart.PERIOD) : Err.OUT_OF_RANGE;
}

export function alogReset(): Err {
  return change(setup, period.periodS, AlogRestart.RESET);
}

// The capture method: an entry now, outside the schedule, flagged short period.
export function alogCaptureNow(): Err {
  if (!period.started) return Err.NOT_READY;
  const nowS = rtcReadUtcS();
  return capture(nowS, period.statusFor(nowS) | <u8>LpStatus.SHORT_PERIOD);
}
