// Breaker event ring: the last 32 operations of disconnect control, relay, limiter and prepayment, readable by index.
import { Err } from "../errors";

// Codes 10..14 and 20..23 are those of events/log.ts, so the integrator can copy entries to the NVM log 1:1.
export const enum BreakerEvent {
  OPENED = 10, // from: control state before, to: after
  CLOSED = 11,
  READY = 12, // released for reconnection (remote_reconnect d)
  FAULT = 13, // the relay did not follow its drive; value: attempts
  DEFERRED = 14, // opening deferred: current above the breaking current; value: current in mA
  WITHDRAWN = 15, // a release taken back by remote_disconnect (c)
  MODE_CHANGED = 16, // from/to: control_mode
  RELAY_FOLLOWED = 17, // the position contact confirms the drive; to: 1 closed, 0 open
  RESTORED = 18, // power-up; from: relay position found, to: control state; value: 1 when the relay had to be driven
  LIMITER_OVER = 19, // value: monitored value that tripped (W or mA)
  CREDIT_LOW = 20, // value: credit in credit units
  CREDIT_EXHAUSTED = 21,
  CREDIT_TOP_UP = 22, // value: amount (clamped to i32)
  EMERGENCY_CREDIT = 23, // value: amount granted
  LIMITER_UNDER = 24, // the under-threshold duration passed: reconnection allowed
  FRIENDLY_HOLD = 25, // zero credit inside the friendly hours: disconnection postponed
  COMMAND_REFUSED = 26, // from: trigger, to: control state; value: Err
}

// Who asked.
export const enum Cause {
  NONE = 0,
  REMOTE = 1,
  BUTTON = 2,
  LIMITER = 3,
  PREPAYMENT = 4,
  CONFIGURATION = 5,
  POWER_UP = 6,
  RELAY = 7,
}

// Entry: i64 time in ms (as the caller passes it), u8 code, u8 cause, u8 from, u8 to, i32 value.
export const BREAKER_EVENT_BYTES: i32 = 16;
export const BREAKER_EVENT_CAPACITY: i32 = 32;
const RING: usize = memory.data(BREAKER_EVENT_BYTES * BREAKER_EVENT_CAPACITY);
let head: i32 = 0; // next slot to write
let stored: i32 = 0;
let total: u32 = 0; // lets a reader notice that entries were overwritten between two reads

export function breakerEventsClear(): void {
  memory.fill(RING, 0, <usize>(BREAKER_EVENT_BYTES * BREAKER_EVENT_CAPACITY));
  head = 0;
  stored = 0;
  total = 0;
}

export function breakerEventLog(timeMs: i64, code: BreakerEvent, cause: Cause, from: i32, to: i32, value: i32): void {
  const slot = RING + <usize>(head * BREAKER_EVENT_BYTES);
  store<i64>(slot, timeMs);
  store<u8>(slot, <u8>code, 8);
  store<u8>(slot, <u8>cause, 9);
  store<u8>(slot, <u8>from, 10);
  store<u8>(slot, <u8>to, 11);
  store<i32>(slot, value, 12);
  head = (head + 1) % BREAKER_EVENT_CAPACITY;
  if (stored < BREAKER_EVENT_CAPACITY) stored++;
  total++;
}

export function breakerEventCount(): i32 {
  return stored;
}

export function breakerEventTotal(): u32 {
  return total;
}

// Address of the entry `back` places before the newest (0 = newest), or 0 when there is none.
export function breakerEventAt(back: i32): usize {
  if (back < 0 || back >= stored) return 0;
  const index = (head - 1 - back + 2 * BREAKER_EVENT_CAPACITY) % BREAKER_EVENT_CAPACITY;
  return RING + <usize>(index * BREAKER_EVENT_BYTES);
}

// Copies an entry to dst (BREAKER_EVENT_BYTES); OUT_OF_RANGE when there is no such entry.
export function breakerEventRead(back: i32, dst: usize): Err {
  const src = breakerEventAt(back);
  if (src == 0) return Err.OUT_OF_RANGE;
  memory.copy(dst, src, <usize>BREAKER_EVENT_BYTES);
  return Err.OK;
}

export function eventTimeMs(entry: usize): i64 { return load<i64>(entry); }
export function eventCode(entry: usize): i32 { return <i32>load<u8>(entry, 8); }
export function eventCause(entry: usize): i32 { return <i32>load<u8>(entry, 9); }
export function eventFrom(entry: usize): i32 { return <i32>load<u8>(entry, 10); }
export function eventTo(entry: usize): i32 { return <i32>load<u8>(entry, 11); }
export function eventValue(entry: usize): i32 { return load<i32>(entry, 12); }

// The newest entry with this code, searching back at most the whole ring; 0 when none.
export function breakerEventFind(code: BreakerEvent): usize {
  for (let back = 0; back < stored; back++) {
    const entry = breakerEventAt(back);
    if (eventCode(entry) == <i32>code) return entry;
  }
  return 0;
}
