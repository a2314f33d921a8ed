// Analysis logger (Z10): the set-up's COSEM values at every capture period boundary on a ring of its own, flagged like the load profile.
import { Err } from "../errors";
import { AxdrWriter } from "../dlms/axdr";
import { RecordRing } from "../store/ring";
import { nvmRead, nvmErase, nvmSectorSizeBytes } from "../hal/nvm";
import { rtcReadUtcS } from "../hal/rtc";
import { ALOG_FIRST_SECTOR, ALOG_SECTORS } from "../store/layout";
import { LP_MAGIC } from "../profile/store";
import { LpStatus, clockFlags } from "../profile/capture";
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
let periodS: i32 = 900;
let started = false;
let nextBoundaryS: i64 = 0;
let periodStartS: i64 = 0;
let lastTimeS: i64 = i64.MIN_VALUE; // the newest entry's time; MIN: no entry
let pending: u8 = 0;
export let alogEntriesWritten: i32 = 0;

export function alogRing(): RecordRing {
  return RINGS[setup];
}

export function alogSetup(): i32 {
  return setup;
}

export function alogPeriodS(): i32 {
  return periodS;
}

function boundaryAfter(t: i64): i64 {
  const p = <i64>periodS;
  return (t >= 0 ? t / p : (t - p + 1) / p) * p + p;
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
  store<u16>(WRITE, <u16>(periodS / 60), 22);
  const result = RINGS[setup].append(WRITE);
  if (result == Err.OK) {
    lastTimeS = atS;
    alogEntriesWritten++;
  }
  return result;
}

function statusFor(atS: i64): u8 {
  let status = pending;
  const covered = atS - periodStartS;
  if (covered < <i64>periodS) status |= <u8>LpStatus.SHORT_PERIOD;
  if (covered > <i64>periodS) status |= <u8>LpStatus.LONG_PERIOD;
  return status | clockFlags(atS);
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

// Boot, after the load profile's: the newest entry gives the period in force. A boundary that passed
// while the meter was off gets its entry now, flagged power down, as the load profile does.
export function alogBoot(nowS: i64, powerOn: bool): void {
  const z10 = configGet(ConfigId.ANALYSIS_LOGGER);
  setup = z10 >= 0 && z10 < ALOG_SETUPS ? z10 : 0;
  clearForeign();
  const ring = RINGS[setup];
  ring.load(WRITE);
  lastTimeS = i64.MIN_VALUE;
  periodS = setupPeriodS(setup);
  if (ring.read(0, WRITE) == Err.OK) {
    lastTimeS = load<i64>(WRITE, 12);
    const stored = <i32>load<u16>(WRITE, 22) * 60;
    if (periodAllowed(<i64>stored)) periodS = stored;
  }
  started = true;
  pending = powerOn ? <u8>LpStatus.POWER_DOWN : 0;
  const last = lastTimeS;
  if (last == i64.MIN_VALUE) {
    periodStartS = nowS;
    pending = 0;
  } else if (last > nowS) {
    pending |= <u8>LpStatus.CLOCK_ADJUSTED;
    periodStartS = nowS;
  } else if (boundaryAfter(last) <= nowS) {
    const missed = boundaryAfter(last);
    capture(missed, <u8>LpStatus.POWER_DOWN | clockFlags(missed));
    periodStartS = nowS;
  } else {
    periodStartS = last;
  }
  nextBoundaryS = boundaryAfter(max(lastTimeS, nowS));
}

// Every window: the entry of a boundary that has passed.
export function alogWindow(nowS: i64): void {
  if (!started || nowS < nextBoundaryS) return;
  capture(nextBoundaryS, statusFor(nextBoundaryS));
  periodStartS = nextBoundaryS;
  pending = 0;
  nextBoundaryS = boundaryAfter(nowS);
}

// The clock was written: as the load profile, a set closes the running period with an entry at the
// old time; an adjustment only flags it.
export function alogClockChanged(oldS: i64, newS: i64, set: bool): void {
  if (!started) return;
  if (set) {
    if (lastTimeS == i64.MIN_VALUE || oldS > lastTimeS) capture(oldS, statusFor(oldS) | <u8>LpStatus.SHORT_PERIOD);
    pending = <u8>LpStatus.CLOCK_ADJUSTED;
    periodStartS = newS;
    nextBoundaryS = boundaryAfter(newS);
    return;
  }
  pending |= <u8>LpStatus.CLOCK_ADJUSTED;
  if (newS < oldS) {
    pending |= <u8>LpStatus.LONG_PERIOD;
    nextBoundaryS = boundaryAfter(max(lastTimeS, newS));
  } else {
    pending |= <u8>LpStatus.SHORT_PERIOD;
  }
}

// A new set-up or period, or a reset: the ring is erased (a real meter clears a profile whose capture
// objects or period change) and the first entry is taken at once, so the period in force is stored.
// A power cut during the erase leaves the old records, which stay valid for the old set-up.
function restart(newSetup: i32, newPeriodS: i32, cause: AlogRestart): Err {
  const nowS = rtcReadUtcS();
  for (let s = 0; s < ALOG_SECTORS; s++) {
    if (nvmErase(ALOG_FIRST_SECTOR + s) != Err.OK) return Err.NVM_FAULT;
  }
  setup = newSetup;
  periodS = newPeriodS;
  RINGS[setup].load(WRITE);
  lastTimeS = i64.MIN_VALUE;
  pending = 0;
  periodStartS = nowS;
  nextBoundaryS = boundaryAfter(nowS);
  eventLog(nowS, EventCode.ANALYSIS_LOGGER_RESTARTED, <i32>cause, setup, <i64>periodS);
  return capture(nowS, <u8>LpStatus.SHORT_PERIOD | clockFlags(nowS));
}

// One change of the logger: a new set-up (with its default period), a new period, or a reset. One
// function with three callers, so the optimizer keeps the restart out of its callers (wasm3 boards
// compile each function within a fixed stack height).
function change(newSetup: i32, newPeriodS: i32, cause: AlogRestart): Err {
  if (!started) return Err.NOT_READY;
  if (cause == AlogRestart.SETUP) {
    if (newSetup == setup) return Err.OK;
    newPeriodS = setupPeriodS(newSetup);
  } else if (cause == AlogRestart.PERIOD && newPeriodS == periodS) {
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
  return change(setup, periodS, AlogRestart.RESET);
}

// The capture method: an entry now, outside the schedule, flagged short period.
export function alogCaptureNow(): Err {
  if (!started) return Err.NOT_READY;
  const nowS = rtcReadUtcS();
  return capture(nowS, statusFor(nowS) | <u8>LpStatus.SHORT_PERIOD);
}
