// Tamper state: terminal cover and magnet now (temporary), latched since the last clear (permanent), and how their edges reach the fraud log.
import { eventLog, EventCode } from "./log";
import { alarmEvent } from "../alarms/alarm";

export const enum TamperBit {
  COVER = 1,
  MAGNET = 2,
}

let latched: i32 = 0; // TamperBit set since the last clear

export function tamperSeen(bit: TamperBit): void {
  latched |= <i32>bit;
}

export function tamperLatched(): i32 {
  return latched;
}

export function tamperClear(): void {
  latched = 0;
}

export function tamperRestore(bits: i32): void {
  latched = bits & 3;
}

// A magnet pulsed at 5 Hz would otherwise write 600 events a minute: the fraud log would lose its first
// (the evidence) within seconds and its sectors would wear out in weeks. Edges of one input less than
// BURST_GAP_S apart are one burst: its first BURST_LOGGED edges are logged at once, the rest counted, and
// its last edge is logged (a: the edges not logged) once the input has been quiet BURST_GAP_S (docs/EVENTS.md).
export const BURST_GAP_S: i64 = 60;
const BURST_LOGGED: i32 = 2;
// Per input (0 cover, 1 magnet).
const lastEdgeS = new StaticArray<i64>(2);
const loggedInBurst = new StaticArray<i32>(2);
const unlogged = new StaticArray<i32>(2);
const lastCode = new StaticArray<i32>(2);

// An edge of input 0 (cover) or 1 (magnet). hold: the power-fail warning, when nothing may be written (the
// edge waits in RAM for tamperFlush at the supply's return). Returns whether the latch changed (the caller
// saves the state then, not at every edge).
export function tamperEdge(input: i32, on: bool, utcS: i64, hold: bool): bool {
  const code = <i32>EventCode.COVER_OPENED + 2 * input + (on ? 0 : 1);
  if (quiet(input, utcS)) {
    tamperFlush(input); // a burst the windows did not close yet (the warning held it)
    unchecked(loggedInBurst[input] = 0);
  }
  unchecked(lastEdgeS[input] = utcS);
  unchecked(lastCode[input] = code);
  if (!hold && unchecked(loggedInBurst[input]) < BURST_LOGGED) {
    unchecked(loggedInBurst[input]++);
    eventLog(utcS, <EventCode>code, 0, 0, 0);
  } else {
    unchecked(unlogged[input]++);
    alarmEvent(code); // the alarm does not wait for the log
  }
  if (!on) return false;
  const was = latched;
  tamperSeen(input == 0 ? TamperBit.COVER : TamperBit.MAGNET);
  return latched != was;
}

// A burst's last edge, with the count of those not logged, at its own time.
export function tamperFlush(input: i32): void {
  const n = unchecked(unlogged[input]);
  if (n == 0) return;
  unchecked(unlogged[input] = 0);
  eventLog(unchecked(lastEdgeS[input]), <EventCode>unchecked(lastCode[input]), 0, n - 1, 0);
}

// Once a window outside the power-fail warning: the bursts that have ended.
export function tamperWindow(utcS: i64): void {
  for (let k = 0; k < 2; k++) if (quiet(k, utcS)) tamperFlush(k);
}

// Quiet for BURST_GAP_S, or the clock was set back behind the last edge (a burst then ends rather than wait).
function quiet(input: i32, utcS: i64): bool {
  const last = unchecked(lastEdgeS[input]);
  return utcS - last >= BURST_GAP_S || utcS < last;
}
