// Disconnect control (COSEM class 70, 0.0.96.3.10.255): control_state, control_mode and the transitions a..h.
import { Err } from "../errors";
import { Cause, BreakerEvent, breakerEventLog } from "./eventlog";

// control_state attribute values (IEC 62056-6-2 class 70, attribute 3).
export const enum ControlState {
  DISCONNECTED = 0,
  CONNECTED = 1,
  READY_FOR_RECONNECTION = 2,
}

// control_mode attribute values 0..6 (attribute 4).
export const enum ControlMode {
  NONE = 0, // always connected: no trigger moves the object
  MODE_1 = 1,
  MODE_2 = 2,
  MODE_3 = 3,
  MODE_4 = 4,
  MODE_5 = 5,
  MODE_6 = 6,
}
export const CONTROL_MODE_COUNT: i32 = 7;

// The six triggers of the standard's state diagram.
export const enum Trigger {
  REMOTE_DISCONNECT = 0, // method 1 remote_disconnect
  REMOTE_RECONNECT = 1, // method 2 remote_reconnect
  MANUAL_DISCONNECT = 2, // push button
  MANUAL_RECONNECT = 3, // push button
  LOCAL_DISCONNECT = 4, // limiter, prepayment
  LOCAL_RECONNECT = 5, // limiter under-threshold action, credit restored
}
export const TRIGGER_COUNT: i32 = 6;
export const STATE_COUNT: i32 = 3;
// Returned by controlNextState when the mode gives the trigger no transition out of the state.
export const NO_TRANSITION: i32 = -1;

// Transitions a..h of the class 70 state diagram (DLMS UA 1000-1 "Blue Book", 4.5.8), one row of
// (trigger, from, to) each, numbered as Trigger and ControlState. a and d are the two flavours of
// remote_reconnect: a reconnects directly, d only releases the output for the push button (or a
// local reconnect).
const EDGES: usize = memory.data<u8>([
  1, 0, 1, // a remote_reconnect: disconnected -> connected
  0, 1, 0, // b remote_disconnect: connected -> disconnected
  0, 2, 0, // c remote_disconnect: ready_for_reconnection -> disconnected
  1, 0, 2, // d remote_reconnect: disconnected -> ready_for_reconnection
  3, 2, 1, // e manual_reconnect: ready_for_reconnection -> connected
  2, 1, 2, // f manual_disconnect: connected -> ready_for_reconnection
  4, 1, 2, // g local_disconnect: connected -> ready_for_reconnection
  5, 2, 1, // h local_reconnect: ready_for_reconnection -> connected
]);
const EDGE_COUNT: i32 = 8;
const EDGE_D: i32 = 1 << 3;

// Which of a..h each control_mode allows, bit k = edge k (bits hgfedcba), from the standard's mode list.
const MODE_EDGES: usize = memory.data<u8>([
  0b00000000, // 0: none, always connected
  0b01111110, // 1: disconnection remote b c, manual f, local g; reconnection remote d, manual e
  0b01110111, // 2: as 1 but remote reconnection a (direct)
  0b01011110, // 3: no manual disconnection; remote d, manual e
  0b01010111, // 4: no manual disconnection; remote a, manual e
  0b11111110, // 5: as 1 plus local reconnection h
  0b11011110, // 6: as 3 plus local reconnection h
]);

let state: ControlState = ControlState.CONNECTED;
let mode: ControlMode = ControlMode.NONE;

export function controlState(): ControlState {
  return state;
}

export function controlMode(): ControlMode {
  return mode;
}

// Whether a disconnect trigger is the kind that opens (used for idempotent repeats below).
function opens(trigger: i32): bool {
  return trigger == Trigger.REMOTE_DISCONNECT || trigger == Trigger.MANUAL_DISCONNECT || trigger == Trigger.LOCAL_DISCONNECT;
}

// The state a trigger leads to in a mode, or NO_TRANSITION. A trigger the mode allows at all and that
// finds the object already where it would lead (a second remote_disconnect, a repeated limiter trip)
// is accepted without change, so retries from a head end or a limiter are harmless; everything else
// the diagram does not draw is refused.
export function controlNextState(m: i32, s: i32, trigger: i32): i32 {
  if (m < 0 || m >= CONTROL_MODE_COUNT || s < 0 || s >= STATE_COUNT || trigger < 0 || trigger >= TRIGGER_COUNT) {
    return NO_TRANSITION;
  }
  const allowed = <i32>load<u8>(MODE_EDGES + <usize>m);
  let triggerAllowed = false;
  for (let k = 0; k < EDGE_COUNT; k++) {
    if ((allowed & (1 << k)) == 0) continue;
    const row = EDGES + <usize>(k * 3);
    if (<i32>load<u8>(row) != trigger) continue;
    triggerAllowed = true;
    if (<i32>load<u8>(row, 1) == s) return <i32>load<u8>(row, 2);
  }
  if (!triggerAllowed) return NO_TRANSITION;
  const open = opens(trigger);
  if (open && s != ControlState.CONNECTED) return s;
  if (!open && s == ControlState.CONNECTED) return s;
  // remote_reconnect of modes 1, 3, 5, 6 repeated while already released
  if (trigger == Trigger.REMOTE_RECONNECT && s == ControlState.READY_FOR_RECONNECTION && (allowed & EDGE_D) != 0) return s;
  return NO_TRANSITION;
}

// Applies a trigger; the relay follows through relayStep. NOT_PERMITTED when the mode forbids it here.
export function controlTrigger(trigger: i32, nowMs: i64, cause: Cause): Err {
  if (trigger < 0 || trigger >= TRIGGER_COUNT) return Err.INVALID_ARGUMENT;
  const next = controlNextState(<i32>mode, <i32>state, trigger);
  if (next == NO_TRANSITION) return Err.NOT_PERMITTED;
  if (next != <i32>state) setState(<ControlState>next, nowMs, cause);
  return Err.OK;
}

function setState(next: ControlState, nowMs: i64, cause: Cause): void {
  const from = state;
  state = next;
  let code = BreakerEvent.OPENED;
  if (next == ControlState.CONNECTED) code = BreakerEvent.CLOSED;
  else if (next == ControlState.READY_FOR_RECONNECTION && from == ControlState.DISCONNECTED) code = BreakerEvent.READY;
  else if (next == ControlState.DISCONNECTED && from == ControlState.READY_FOR_RECONNECTION) code = BreakerEvent.WITHDRAWN;
  breakerEventLog(nowMs, code, cause, <i32>from, <i32>next, 0);
}

// Mode 0 means "always connected", so entering it connects a disconnected output at once.
export function controlSetMode(m: i32, nowMs: i64): Err {
  if (m < 0 || m >= CONTROL_MODE_COUNT) return Err.OUT_OF_RANGE;
  const from = <i32>mode;
  mode = <ControlMode>m;
  if (from != m) breakerEventLog(nowMs, BreakerEvent.MODE_CHANGED, Cause.CONFIGURATION, from, m, 0);
  if (m == ControlMode.NONE && state != ControlState.CONNECTED) setState(ControlState.CONNECTED, nowMs, Cause.CONFIGURATION);
  return Err.OK;
}

// Restores the persisted attributes without an event (power-up); refused when inconsistent.
export function controlRestore(s: i32, m: i32): Err {
  if (s < 0 || s >= STATE_COUNT || m < 0 || m >= CONTROL_MODE_COUNT) return Err.OUT_OF_RANGE;
  if (m == ControlMode.NONE && s != ControlState.CONNECTED) return Err.INVALID_ARGUMENT;
  state = <ControlState>s;
  mode = <ControlMode>m;
  return Err.OK;
}

// The relay should be closed exactly in the connected state.
export function controlWantsClosed(): bool {
  return state == ControlState.CONNECTED;
}
