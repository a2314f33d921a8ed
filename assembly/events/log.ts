// Event logs: time-stamped events with a cause and two values, kept in separate logs (standard, fraud, disconnector, power quality, firmware, power failure), each on its own record ring.
import { Err } from "../errors";
import { RecordRing } from "../store/ring";
import { alarmEvent } from "../alarms/alarm";
import { EVENTS_FIRST_SECTOR, EVENTS_SECTORS, LOGS_FIRST_SECTOR, LOG_SECTORS } from "../store/layout";

// Event codes (docs/EVENTS.md: each code's log and fields).
export const enum EventCode {
  POWER_UP = 1, // a: seconds the meter was off (-1 unknown)
  CLOCK_ADJUSTED = 2, // a: correction in s, b: new UTC s
  CLOCK_SET = 3, // a: correction in s (clamped), b: new UTC s
  CALENDAR_ACTIVATED = 4,
  COVER_OPENED = 5,
  COVER_CLOSED = 6,
  MAGNET_ON = 7,
  MAGNET_OFF = 8,
  BREAKER_OPENED = 10, // a: control state after, b: control state before
  BREAKER_CLOSED = 11,
  BREAKER_READY = 12, // released for reconnection by the push button
  BREAKER_FAULT = 13, // the relay did not follow its drive
  BREAKER_DEFERRED = 14, // opening deferred: current above the breaking current (a: mA)
  CREDIT_LOW = 20,
  CREDIT_EXHAUSTED = 21,
  CREDIT_TOP_UP = 22, // a: amount
  EMERGENCY_CREDIT = 23,
  STORED_DATA_DAMAGED = 30, // cause: 1 journal, 2 records; a: damaged records (-1: the journal was erased)
  REGISTERS_RECOVERED = 31, // cause: proofs bit 0 state, 1 billing, 2 logger 2; a: registers raised, b: Wh added to A+
  RECORD_TORN = 32, // a cut write's record discarded; cause 1 journal; a: damaged steps
  POWER_DOWN = 33, // the power-fail warning: registers, state and this event written on the hold-up energy
  LONG_POWER_FAILURE = 34, // at power-up after a failure over 3 min; a: duration s, b: start UTC s
  AUTHENTICATION_FAILED = 9, // fraud log; a: client SAP, b: 1 when this failure started a lock-out
  SECURITY_KEYS_CHANGED = 27, // fraud log; by key_transfer (cause 1) or factory provisioning (cause 2); a: key_id bits (1 EK, 4 AK, 8 KEK)
  SECURITY_POLICY_CHANGED = 28, // fraud log; a: new policy, b: previous policy
  IMAGE_TRANSFER_STARTED = 40, // a: image bytes, b: block bytes
  IMAGE_REFUSED = 41, // cause: refusal (docs/UPDATE.md), a: version in the manifest
  IMAGE_VERIFIED = 42, // a: version
  IMAGE_ACTIVATED = 43, // cause: slot tried at the next boot, a: version
  IMAGE_CONFIRMED = 44, // cause: slot, a: version
  IMAGE_ROLLED_BACK = 45, // cause: slot given up, a: its version
  // Power quality log (docs/PQ.md). Voltage events: UTC of the start; a: duration ms, b: extreme RMS mV.
  VOLTAGE_DIP = 50, // residual below 90 % Un, not below 5 %; b: residual voltage
  VOLTAGE_SWELL = 51, // above 110 % Un; b: highest voltage
  SHORT_INTERRUPTION = 52, // residual below 5 % Un, up to 3 min
  LONG_INTERRUPTION = 53, // residual below 5 % Un, over 3 min
  // 10-minute evaluations: UTC of the interval's start; b: UTC at its end.
  SUPPLY_VOLTAGE_OUT_OF_RANGE = 54, // cause 1 low, 2 high; a: 10-minute mean RMS mV
  VOLTAGE_THD_HIGH = 55, // a: THD of voltage in 0.01 %, over 8 %
  FREQUENCY_OUT_OF_RANGE = 56, // a 10-second mean outside +-1 % of nominal; a: the worst, mHz
  ALARM_INPUT_ON = 60, // module port alarm input active (Z8); cause: line
  ALARM_INPUT_OFF = 61,
  LOAD_STATUS_ON = 62, // module port status control input (Z3 17); cause: line
  LOAD_STATUS_OFF = 63,
  EARTH_FAULT_ON = 64, // earth fault module stand-in (Z3 29); cause: line
  EARTH_FAULT_OFF = 65,
  CONFIG_CHANGED = 70, // a setting changed over DLMS; cause: client SAP, a: configuration id, b: old << 32 | new
  DISPLAY_LIST_CHANGED = 71, // a display list written over DLMS; cause: client SAP, a: list, b: entries
  TAMPER_CLEARED = 72, // the latched tamper indication cleared over DLMS; cause: client SAP, a: the bits cleared
  ALARMS_CLEARED = 75, // alarm register (b 0) or descriptor (b 1) reset over DLMS; cause: client SAP, a: bits cleared
  ALARM_FILTER_SET = 76, // alarm filter written over DLMS; cause: client SAP, a: new filter, b: old filter
  // alog: 80..84
  ANALYSIS_LOGGER_RESTARTED = 80, // its ring erased for a new set-up; cause: 1 Z10, 2 capture period, 3 reset; a: Z10, b: period s
}

// The logs, as real meters keep them apart so that a flood of one kind never pushes another out.
export const enum EventLogId {
  STANDARD = 0, // power up, clock, calendar, configuration, stored data
  FRAUD = 1, // terminal cover, magnetic field, failed authentications
  DISCONNECTOR = 2, // breaker, limiter, prepayment
  POWER_QUALITY = 3, // voltage dips, swells, interruptions (codes 50..59)
  FIRMWARE = 4, // firmware update (codes 40..49)
  POWER_FAILURE = 5, // power down, long power failures
  COUNT = 6,
}

export function eventLogOf(code: i32): EventLogId {
  if ((code >= 5 && code <= 9) || code == 27 || code == 28) return EventLogId.FRAUD;
  if (code >= 10 && code <= 25) return EventLogId.DISCONNECTOR;
  if (code == 33 || code == 34) return EventLogId.POWER_FAILURE;
  if (code >= 40 && code <= 49) return EventLogId.FIRMWARE;
  if (code >= 50 && code <= 59) return EventLogId.POWER_QUALITY;
  return EventLogId.STANDARD;
}

// Record: ring header (12), i64 UTC s, u16 code, u16 cause, i32 a, i64 b, CRC. The standard log is the
// ring the single event log had ("WMEV"), so its records carry over; the others are "WME1".."WME5".
export const EVENT_RECORD_BYTES: i32 = 40;
const RINGS: StaticArray<RecordRing> = [
  new RecordRing(EVENTS_FIRST_SECTOR, EVENTS_SECTORS, 0x56454d57 /* "WMEV" */, 1, EVENT_RECORD_BYTES),
  new RecordRing(LOGS_FIRST_SECTOR, LOG_SECTORS, 0x31454d57 /* "WME1" */, 1, EVENT_RECORD_BYTES),
  new RecordRing(LOGS_FIRST_SECTOR + LOG_SECTORS, LOG_SECTORS, 0x32454d57 /* "WME2" */, 1, EVENT_RECORD_BYTES),
  new RecordRing(LOGS_FIRST_SECTOR + 2 * LOG_SECTORS, LOG_SECTORS, 0x33454d57 /* "WME3" */, 1, EVENT_RECORD_BYTES),
  new RecordRing(LOGS_FIRST_SECTOR + 3 * LOG_SECTORS, LOG_SECTORS, 0x34454d57 /* "WME4" */, 1, EVENT_RECORD_BYTES),
  new RecordRing(LOGS_FIRST_SECTOR + 4 * LOG_SECTORS, LOG_SECTORS, 0x35454d57 /* "WME5" */, 1, EVENT_RECORD_BYTES),
];
export const EVENT_BUFFER: usize = memory.data(EVENT_RECORD_BYTES);
const WRITE: usize = memory.data(EVENT_RECORD_BYTES);
export let eventsLost: i32 = 0;

export function eventsLoad(): void {
  for (let k = 0; k < <i32>EventLogId.COUNT; k++) unchecked(RINGS[k]).load(WRITE);
}

// A flickering supply could log a dip every few cycles: at most this many voltage events (50..53) of one
// 10-minute interval reach the power quality log; the counters and the week's summary still count them all.
export const PQ_EVENTS_PER_INTERVAL_MAX: i32 = 10;
let pqIntervalIndex: i64 = -1;
let pqIntervalEvents: i32 = 0;

export function eventLog(utcS: i64, code: EventCode, cause: i32, a: i32, b: i64): Err {
  if (<i32>code >= 50 && <i32>code <= 53) {
    if (utcS / 600 != pqIntervalIndex) {
      pqIntervalIndex = utcS / 600;
      pqIntervalEvents = 0;
    }
    if (++pqIntervalEvents > PQ_EVENTS_PER_INTERVAL_MAX) {
      alarmEvent(<i32>code);
      return Err.OK;
    }
  }
  memory.fill(WRITE, 0, EVENT_RECORD_BYTES);
  store<i64>(WRITE, utcS, 12);
  store<u16>(WRITE, <u16>code, 20);
  store<u16>(WRITE, <u16>cause, 22);
  store<i32>(WRITE, a, 24);
  store<i64>(WRITE, b, 28);
  const status = unchecked(RINGS[<i32>eventLogOf(<i32>code)]).append(WRITE);
  if (status != Err.OK) eventsLost++;
  // Every event passes here, so no subsystem can forget to raise its alarm (docs/DLMS.md, "Alarms and push").
  alarmEvent(<i32>code);
  return status;
}

// The event `back` places before the newest (0 = newest) of a log into EVENT_BUFFER.
export function eventLogRead(log: i32, back: i32): Err {
  if (log < 0 || log >= <i32>EventLogId.COUNT) return Err.INVALID_ARGUMENT;
  return unchecked(RINGS[log]).read(back, EVENT_BUFFER);
}

// The ring of one log, for the profile generic objects that present it (assembly/cosem/profile.ts).
export function eventLogRing(log: i32): RecordRing {
  return unchecked(RINGS[log]);
}

// The standard log's event `back` places before the newest.
export function eventRead(back: i32): Err {
  return eventLogRead(<i32>EventLogId.STANDARD, back);
}
