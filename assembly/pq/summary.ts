// EN 50160 evaluation at window rate: event log entries, 10-minute flags and the weekly summary; the PQ readings.
import { eventLog, EventCode } from "../events/log";
import { vGainV } from "../metrology/calibration";
import {
  VoltageState, voltageState, eventSeen, PqEvent, queued, queuedKind, queuedStart, queuedEnd, queuedExtremeMs,
  queueClear, msFromPct, eventCount, voltageThresholds, voltageReset, setEventSeen, pqEventsLost,
} from "./voltage";
import {
  ms10, ms150, tenMinuteMs, tenMinuteReset, thdV10min, thdI10min, thdWindows, freq10sMhz, freqValues,
  freqOutside, freqWorstMhz, aggregateConfigure, aggregateReset, aggregateThd,
} from "./aggregate";

// EN 50160 limits.
const SUPPLY_LOW_PCT: f64 = 90.0; // 10-minute mean RMS within +-10 % Un
const SUPPLY_HIGH_PCT: f64 = 110.0;
export const THD_LIMIT_PCT: f64 = 8.0;
const TEN_MINUTES_S: i64 = 600;
const WEEK_S: i64 = 604800;
const MONDAY_EPOCH_S: i64 = 345600; // 1970-01-05, the first Monday: weeks run Monday 00:00 UTC to Monday

// The weekly summary, current week and last complete week, as counts (PqWeek order).
export const enum PqWeek {
  INTERVALS = 0, // 10-minute intervals with a voltage value
  VOLTAGE_OK = 1, // of those, mean RMS within +-10 % Un
  THD_OK = 2, // of those, THD of voltage within 8 %
  FREQ_VALUES = 3, // 10-second frequency values
  FREQ_OK = 4, // of those, within +-1 % of nominal
  DIPS = 5,
  SWELLS = 6,
  SHORT_INTERRUPTIONS = 7,
  LONG_INTERRUPTIONS = 8,
  FLAGGED = 9, // of the intervals, those flagged by a dip, swell or interruption (IEC 61000-4-30)
  COUNT = 10,
}
export const WEEK_NOW: usize = memory.data(8 * <i32>PqWeek.COUNT);
export const WEEK_LAST: usize = memory.data(8 * <i32>PqWeek.COUNT);
// The next 10-minute and week boundaries (UTC s): compared every window, divided only when passed.
export let weekEndUtcS: i64 = -1;
// What changed since the PQ record was last written (assembly/pq/record.ts): PqChange bits.
export const enum PqChange {
  EVENT = 1, // a dip, swell or interruption ended
  INTERVAL = 2, // a 10-minute interval closed
}
export let pqChanged: i32 = 0;
// Start of the interval in which an event was last written: one event write per interval at most.
let eventWriteIntervalS: i64 = -1;

// Whether the PQ record is to be written now: at every closed interval, and at an event once per interval (the
// interval's write takes the others): at most two records per 10 minutes (docs/NVM.md, wear).
export function pqRecordDue(): bool {
  return (pqChanged & PqChange.INTERVAL) != 0 || ((pqChanged & PqChange.EVENT) != 0 && eventWriteIntervalS != intervalStartUtcS);
}

export function pqRecordWritten(): void {
  if (pqChanged == <i32>PqChange.EVENT) eventWriteIntervalS = intervalStartUtcS;
  pqChanged = 0;
}

// The week restored at boot ends at endUtcS (its counts are already in WEEK_NOW).
export function pqWeekRestore(endUtcS: i64): void {
  weekEndUtcS = endUtcS;
}

// The UTC second the current week ends, from any second within it.
export function weekEndOf(utcS: i64): i64 {
  return ((utcS - MONDAY_EPOCH_S) / WEEK_S + 1) * WEEK_S + MONDAY_EPOCH_S;
}
let intervalEndUtcS: i64 = -1;
let intervalStartUtcS: i64 = 0;
// Flags of the last closed 10-minute interval (PqFlag bits) and its values.
export const enum PqFlag {
  VOLTAGE_LOW = 1,
  VOLTAGE_HIGH = 2,
  THD_HIGH = 4,
  FREQUENCY = 8,
  EVENT = 16, // a dip, swell or interruption in the interval: IEC 61000-4-30 flags its values
}
let lastFlags: i32 = 0;
let last10minMs: i64 = -1;
let lastThdV: f64 = 0.0;
let lastThdI: f64 = 0.0;

function weekAdd(field: PqWeek, by: i64): void {
  const slot = WEEK_NOW + (<usize>field << 3);
  store<i64>(slot, load<i64>(slot) + by);
}

export function pqConfigure(rateHz: i32, nominalHz: i32): void {
  voltageThresholds(rateHz);
  aggregateConfigure(rateHz, nominalHz);
}

export function pqReset(): void {
  voltageReset();
  aggregateReset();
  memory.fill(WEEK_NOW, 0, 8 * <i32>PqWeek.COUNT);
  memory.fill(WEEK_LAST, 0, 8 * <i32>PqWeek.COUNT);
  weekEndUtcS = -1;
  intervalEndUtcS = -1;
  pqChanged = 0;
  eventWriteIntervalS = -1;
  lastFlags = 0;
  last10minMs = -1;
}

function millivolts(ms: i64): i32 {
  return ms > 0 ? <i32>Math.round(Math.sqrt(<f64>ms) * vGainV * 1000.0) : 0;
}

// Writes the finished voltage events: UTC of the start, duration in ms (a), extreme RMS in mV (b).
function flushEvents(utcS: i64, nowSample: i64, rateHz: i32): void {
  for (let k = 0; k < queued; k++) {
    const kind = queuedKind(k);
    const start = queuedStart(k);
    let durationMs = (queuedEnd(k) - start) * 1000 / <i64>rateHz;
    if (durationMs > <i64>i32.MAX_VALUE) durationMs = <i64>i32.MAX_VALUE; // over 24.8 days: the log's a field is i32
    const startUtcS = utcS - (nowSample - start) / <i64>rateHz;
    const code = kind == <i32>PqEvent.DIP ? EventCode.VOLTAGE_DIP
      : kind == <i32>PqEvent.SWELL ? EventCode.VOLTAGE_SWELL
      : kind == <i32>PqEvent.SHORT_INTERRUPTION ? EventCode.SHORT_INTERRUPTION : EventCode.LONG_INTERRUPTION;
    eventLog(startUtcS, code, 0, <i32>durationMs, <i64>millivolts(queuedExtremeMs(k)));
    weekAdd(<PqWeek>(<i32>PqWeek.DIPS + kind), 1);
  }
  queueClear();
  pqChanged |= PqChange.EVENT;
}

// `b` of the interval's records is its end, not the window that noticed it: after a clock set forward or a
// late window those differ, and docs/HAL.md promises the end.
function closeInterval(): void {
  const endUtcS = intervalEndUtcS;
  const ms = tenMinuteMs();
  const thdV = thdV10min();
  let flags = 0;
  if (eventSeen) flags |= PqFlag.EVENT;
  if (ms >= 0) {
    if (ms < msFromPct(SUPPLY_LOW_PCT)) flags |= PqFlag.VOLTAGE_LOW;
    if (ms > msFromPct(SUPPLY_HIGH_PCT)) flags |= PqFlag.VOLTAGE_HIGH;
    if (thdWindows > 0 && thdV > THD_LIMIT_PCT) flags |= PqFlag.THD_HIGH;
    if (freqOutside > 0) flags |= PqFlag.FREQUENCY;
    // Every interval counts, flagged or not: a mean outside +-10 % Un always comes with a dip or a
    // swell (their thresholds are the same 90 and 110 %), so leaving flagged intervals out would hide it.
    weekAdd(PqWeek.INTERVALS, 1);
    if ((flags & PqFlag.EVENT) != 0) weekAdd(PqWeek.FLAGGED, 1);
    if ((flags & (PqFlag.VOLTAGE_LOW | PqFlag.VOLTAGE_HIGH)) == 0) weekAdd(PqWeek.VOLTAGE_OK, 1);
    if ((flags & PqFlag.THD_HIGH) == 0) weekAdd(PqWeek.THD_OK, 1);
    if ((flags & (PqFlag.VOLTAGE_LOW | PqFlag.VOLTAGE_HIGH)) != 0) {
      eventLog(intervalStartUtcS, EventCode.SUPPLY_VOLTAGE_OUT_OF_RANGE,
        (flags & PqFlag.VOLTAGE_LOW) != 0 ? 1 : 2, millivolts(ms), endUtcS);
    }
    if ((flags & PqFlag.THD_HIGH) != 0) {
      eventLog(intervalStartUtcS, EventCode.VOLTAGE_THD_HIGH, 0, <i32>Math.round(thdV * 100.0), endUtcS);
    }
    if ((flags & PqFlag.FREQUENCY) != 0) {
      eventLog(intervalStartUtcS, EventCode.FREQUENCY_OUT_OF_RANGE, 0, freqWorstMhz, endUtcS);
    }
  }
  weekAdd(PqWeek.FREQ_VALUES, <i64>freqValues);
  weekAdd(PqWeek.FREQ_OK, <i64>(freqValues - freqOutside));
  lastFlags = flags;
  last10minMs = ms;
  lastThdV = thdV;
  lastThdI = thdI10min();
  tenMinuteReset();
  setEventSeen(voltageState != VoltageState.NORMAL);
  pqChanged |= PqChange.INTERVAL;
}

// Once a window, with the clock: events to the log, 10-minute intervals on the clock's 10 minutes,
// the week's roll-over. thd* are the window's THD in %, i1A its fundamental current.
export function pqWindow(utcS: i64, nowSample: i64, rateHz: i32, thdVPct: f64, thdIPct: f64, i1A: f64): void {
  voltageThresholds(rateHz);
  if (queued > 0) flushEvents(utcS, nowSample, rateHz);
  // A clock set backwards starts the interval and the week again from the new time.
  if (intervalEndUtcS < 0 || utcS < intervalEndUtcS - TEN_MINUTES_S) {
    intervalStartUtcS = utcS;
    intervalEndUtcS = (utcS / TEN_MINUTES_S + 1) * TEN_MINUTES_S;
  } else if (utcS >= intervalEndUtcS) {
    closeInterval();
    intervalStartUtcS = utcS / TEN_MINUTES_S * TEN_MINUTES_S;
    intervalEndUtcS = intervalStartUtcS + TEN_MINUTES_S;
  }
  const weekStart = weekEndUtcS - WEEK_S;
  if (weekEndUtcS < 0 || utcS < weekStart) {
    weekEndUtcS = weekEndOf(utcS);
  } else if (utcS >= weekEndUtcS) {
    memory.copy(WEEK_LAST, WEEK_NOW, 8 * <i32>PqWeek.COUNT);
    memory.fill(WEEK_NOW, 0, 8 * <i32>PqWeek.COUNT);
    weekEndUtcS = weekEndOf(utcS);
  }
  // The THD of a window without voltage means nothing (a dead line reads 0 %).
  if (voltageState == VoltageState.NORMAL) aggregateThd(thdVPct, thdIPct, i1A);
}

// What pq_reading(id) returns (docs/PQ.md): values in V, Hz, %, counts; NaN for an unknown id or no value yet.
export const enum PqReading {
  U_10_CYCLES = 0, // the last 10/12-cycle RMS, V
  U_150_CYCLES = 1, // the last 150/180-cycle RMS, V
  U_10_MIN = 2, // the last closed 10-minute interval's mean RMS, V
  FREQUENCY_10_S = 3, // the last 10-second mean frequency, Hz
  THD_V_10_MIN = 4, // the last closed 10-minute interval's THD of voltage, %
  THD_I_10_MIN = 5,
  FLAGS_10_MIN = 6, // PqFlag bits of the last closed 10-minute interval
  DIPS = 7, // since the meter was made (the PQ record keeps them), by kind
  SWELLS = 8,
  SHORT_INTERRUPTIONS = 9,
  LONG_INTERRUPTIONS = 10,
  STATE = 11, // 0 normal, 1 in a dip or interruption, 2 in a swell
  EVENTS_LOST = 12, // events beyond the queue between two windows
  WEEK = 32, // 32 + PqWeek: the current week's counts
  LAST_WEEK = 48, // 48 + PqWeek: the last complete week's
  WEEK_SHARES = 64, // 64 voltage, 65 frequency, 66 THD: % within limits this week
  LAST_WEEK_SHARES = 80, // the same for the last complete week
}

function volts(ms: i64): f64 {
  return ms >= 0 ? Math.sqrt(<f64>ms) * vGainV : NaN;
}

// Share within limits in %, NaN while nothing was evaluated.
function share(week: usize, ok: PqWeek, total: PqWeek): f64 {
  const n = load<i64>(week + (<usize>total << 3));
  return n > 0 ? <f64>load<i64>(week + (<usize>ok << 3)) * 100.0 / <f64>n : NaN;
}

export function pqWeekCount(last: bool, field: PqWeek): i64 {
  return load<i64>((last ? WEEK_LAST : WEEK_NOW) + (<usize>field << 3));
}

export function pqWeekShare(last: bool, which: i32): f64 {
  const week = last ? WEEK_LAST : WEEK_NOW;
  if (which == 0) return share(week, PqWeek.VOLTAGE_OK, PqWeek.INTERVALS);
  if (which == 1) return share(week, PqWeek.FREQ_OK, PqWeek.FREQ_VALUES);
  if (which == 2) return share(week, PqWeek.THD_OK, PqWeek.INTERVALS);
  return NaN;
}

export function pqReading(id: i32): f64 {
  if (id >= <i32>PqReading.WEEK && id < <i32>PqReading.WEEK + <i32>PqWeek.COUNT) {
    return <f64>pqWeekCount(false, <PqWeek>(id - <i32>PqReading.WEEK));
  }
  if (id >= <i32>PqReading.LAST_WEEK && id < <i32>PqReading.LAST_WEEK + <i32>PqWeek.COUNT) {
    return <f64>pqWeekCount(true, <PqWeek>(id - <i32>PqReading.LAST_WEEK));
  }
  if (id >= <i32>PqReading.WEEK_SHARES && id < <i32>PqReading.WEEK_SHARES + 3) return pqWeekShare(false, id - <i32>PqReading.WEEK_SHARES);
  if (id >= <i32>PqReading.LAST_WEEK_SHARES && id < <i32>PqReading.LAST_WEEK_SHARES + 3) {
    return pqWeekShare(true, id - <i32>PqReading.LAST_WEEK_SHARES);
  }
  switch (id) {
    case PqReading.U_10_CYCLES: return volts(ms10);
    case PqReading.U_150_CYCLES: return volts(ms150);
    case PqReading.U_10_MIN: return volts(last10minMs);
    case PqReading.FREQUENCY_10_S: return freq10sMhz > 0 ? <f64>freq10sMhz / 1000.0 : NaN;
    case PqReading.THD_V_10_MIN: return last10minMs >= 0 ? lastThdV : NaN;
    case PqReading.THD_I_10_MIN: return last10minMs >= 0 ? lastThdI : NaN;
    case PqReading.FLAGS_10_MIN: return <f64>lastFlags;
    case PqReading.DIPS: return <f64>eventCount(PqEvent.DIP);
    case PqReading.SWELLS: return <f64>eventCount(PqEvent.SWELL);
    case PqReading.SHORT_INTERRUPTIONS: return <f64>eventCount(PqEvent.SHORT_INTERRUPTION);
    case PqReading.LONG_INTERRUPTIONS: return <f64>eventCount(PqEvent.LONG_INTERRUPTION);
    case PqReading.STATE: return <f64>voltageState;
    case PqReading.EVENTS_LOST: return <f64>pqEventsLost;
    default: return NaN;
  }
}
