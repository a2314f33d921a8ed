// Event log: time-stamped events with a cause and two values, persisted on their own record ring.
import { Err } from "../errors";
import { RecordRing } from "../store/ring";
import { EVENTS_FIRST_SECTOR, EVENTS_SECTORS } from "../store/layout";

// Event codes (docs/HAL.md, "Events").
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
  ALARM_INPUT_ON = 40, // module port alarm input active (Z8); cause: line
  ALARM_INPUT_OFF = 41,
  LOAD_STATUS_ON = 42, // module port status control input (Z3 17); cause: line
  LOAD_STATUS_OFF = 43,
  EARTH_FAULT_ON = 44, // earth fault module stand-in (Z3 29); cause: line
  EARTH_FAULT_OFF = 45,
}

// Record: ring header (12), i64 UTC s, u16 code, u16 cause, i32 a, i64 b, CRC.
export const EVENT_RECORD_BYTES: i32 = 40;
export const eventRing = new RecordRing(EVENTS_FIRST_SECTOR, EVENTS_SECTORS, 0x56454d57 /* "WMEV" */, 1, EVENT_RECORD_BYTES);
export const EVENT_BUFFER: usize = memory.data(EVENT_RECORD_BYTES);
const WRITE: usize = memory.data(EVENT_RECORD_BYTES);
export let eventsLost: i32 = 0;

export function eventsLoad(): void {
  eventRing.load(WRITE);
}

export function eventLog(utcS: i64, code: EventCode, cause: i32, a: i32, b: i64): Err {
  memory.fill(WRITE, 0, EVENT_RECORD_BYTES);
  store<i64>(WRITE, utcS, 12);
  store<u16>(WRITE, <u16>code, 20);
  store<u16>(WRITE, <u16>cause, 22);
  store<i32>(WRITE, a, 24);
  store<i64>(WRITE, b, 28);
  const status = eventRing.append(WRITE);
  if (status != Err.OK) eventsLost++;
  return status;
}

// The event `back` places before the newest into EVENT_BUFFER.
export function eventRead(back: i32): Err {
  return eventRing.read(back, EVENT_BUFFER);
}
