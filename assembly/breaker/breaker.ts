// Breaker facade: remote, button and local (limiter, prepayment) requests into class 70 triggers, the relay step, power-up restore and display state.
import { Err } from "../errors";
import {
  ControlState, ControlMode, Trigger, controlState, controlMode, controlTrigger, controlSetMode, controlRestore,
} from "./control";
import { BreakerEvent, Cause, breakerEventLog, breakerEventsClear } from "./eventlog";
import { RelayCommand, relayStep, relayReset, relayFaulted, relayConfigure, DEFAULT_BREAKING_CURRENT_MA,
  DEFAULT_MIN_SWITCH_INTERVAL_MS, DEFAULT_FOLLOW_MS, DEFAULT_RETRY_MS } from "./relayguard";
import { LimiterAction, Monitored, limiterUpdate, limiterTripped, limiterConfigure, limiterSetEmergency, limiterResetTiming,
  DEFAULT_THRESHOLD_W } from "./limiter";
import { prepayEvaluate, prepayEnabled, prepayLow, prepayEmergencyInUse, prepayEmergencyAvailable,
  prepayTakeEmergency, prepayCreditFine, prepayReset } from "./prepay";

// Z19 "Breaker position" at delivery.
export const enum Z19 {
  NO_BREAKER = 0,
  CONNECTED = 1,
  DISCONNECTED = 2,
}

// Breaker symbol state, numbered as display/controller.ts BreakerState.
export const enum BreakerDisplay {
  NONE = 0, // no breaker or smart disconnect disabled (mode 0): no symbol
  CONNECTED = 1,
  DISCONNECTED = 2,
  RELEASED = 3, // ready_for_reconnection: waits for the push button
}

// Bits of breakerSymbols().
export const SYMBOL_PREPAYMENT: i32 = 1;
export const SYMBOL_LOW_CREDIT: i32 = 2;
export const SYMBOL_EMERGENCY_CREDIT: i32 = 4;
export const SYMBOL_BREAKER_FAULT: i32 = 8;
export const SYMBOL_LIMITER_TRIPPED: i32 = 16;

let present: bool = false;
// Whether a local function (limiter, prepayment) held the supply off at the last second, so the
// end of the hold can be turned into one local_reconnect.
let localHold: bool = false;

export function breakerPresent(): bool { return present; }
export function breakerLocalHold(): bool { return localHold; }

// Factory state of a meter: Z19 position, control_mode (Z9 disconnect setup), default relay
// protection, limiter and prepayment off, an empty event ring.
export function breakerInit(z19: i32, mode: i32, nowMs: i64): Err {
  if (z19 < Z19.NO_BREAKER || z19 > Z19.DISCONNECTED) return Err.OUT_OF_RANGE;
  if (mode < 0 || mode > <i32>ControlMode.MODE_6) return Err.OUT_OF_RANGE;
  if (z19 == Z19.DISCONNECTED && mode == ControlMode.NONE) return Err.INVALID_ARGUMENT;
  present = z19 != Z19.NO_BREAKER;
  const s = z19 == Z19.DISCONNECTED ? ControlState.DISCONNECTED : ControlState.CONNECTED;
  controlRestore(<i32>s, present ? mode : <i32>ControlMode.NONE);
  relayConfigure(DEFAULT_BREAKING_CURRENT_MA, DEFAULT_MIN_SWITCH_INTERVAL_MS, DEFAULT_FOLLOW_MS, DEFAULT_RETRY_MS);
  relayReset(s == ControlState.CONNECTED);
  limiterConfigure(false, <i32>Monitored.ACTIVE_POWER_IMPORT_W, DEFAULT_THRESHOLD_W, DEFAULT_THRESHOLD_W, 0, 0);
  limiterSetEmergency(0, 0);
  limiterResetTiming();
  prepayReset();
  breakerEventsClear();
  localHold = false;
  return Err.OK;
}

export function breakerSetHold(hold: bool): void {
  localHold = hold;
}

function refused(nowMs: i64, trigger: Trigger, status: Err): Err {
  if (status != Err.OK) breakerEventLog(nowMs, BreakerEvent.COMMAND_REFUSED, Cause.NONE, <i32>trigger, <i32>controlState(), <i32>status);
  return status;
}

function command(trigger: Trigger, nowMs: i64, cause: Cause): Err {
  if (!present) return Err.UNSUPPORTED;
  return refused(nowMs, trigger, controlTrigger(trigger, nowMs, cause));
}

// class 70 method 1.
export function breakerRemoteDisconnect(nowMs: i64): Err {
  return command(Trigger.REMOTE_DISCONNECT, nowMs, Cause.REMOTE);
}

// class 70 method 2: reconnects (modes 2, 4) or releases for the button (modes 1, 3, 5, 6).
export function breakerRemoteReconnect(nowMs: i64): Err {
  return command(Trigger.REMOTE_RECONNECT, nowMs, Cause.REMOTE);
}

// class 70 attribute 4 write.
export function breakerSetMode(mode: i32, nowMs: i64): Err {
  if (!present) return Err.UNSUPPORTED;
  return controlSetMode(mode, nowMs);
}

// Long press (or Z17 push button 2 long press): manual_disconnect, modes 1, 2 and 5 only.
export function breakerButtonDisconnect(nowMs: i64): Err {
  return command(Trigger.MANUAL_DISCONNECT, nowMs, Cause.BUTTON);
}

// Short press: takes the emergency credit when it is offered, then reconnects a released output.
// A released output stays open while the limiter's under-threshold time runs (BUSY) or while there
// is no credit (NOT_PERMITTED); an output disconnected remotely needs the release first.
export function breakerButtonReconnect(nowMs: i64): Err {
  if (!present) return Err.UNSUPPORTED;
  let took = false;
  if (prepayEmergencyAvailable()) took = prepayTakeEmergency(nowMs) == Err.OK;
  const s = controlState();
  if (s == ControlState.CONNECTED) return Err.OK;
  if (s == ControlState.DISCONNECTED) {
    return took ? Err.OK : refused(nowMs, Trigger.MANUAL_RECONNECT, controlTrigger(Trigger.MANUAL_RECONNECT, nowMs, Cause.BUTTON));
  }
  if (limiterTripped()) return refused(nowMs, Trigger.MANUAL_RECONNECT, Err.BUSY);
  if (prepayEnabled() && prepayCreditFine() <= 0) return refused(nowMs, Trigger.MANUAL_RECONNECT, Err.NOT_PERMITTED);
  const status = controlTrigger(Trigger.MANUAL_RECONNECT, nowMs, Cause.BUTTON);
  if (status == Err.OK) localHold = false;
  return refused(nowMs, Trigger.MANUAL_RECONNECT, status);
}

// Once a second with the window's readings and the local calendar (ISO weekday 1..7, hour 0..23):
// the limiter and prepayment decide, and their decisions become local_disconnect / local_reconnect.
export function breakerSecond(nowMs: i64, powerImportW: i32, currentMa: i32, isoWeekday: i32, localHour: i32): Err {
  if (isoWeekday < 1 || isoWeekday > 7 || localHour < 0 || localHour > 23) return Err.INVALID_ARGUMENT;
  const powerW = powerImportW < 0 ? 0 : powerImportW;
  const currentAbsMa = currentMa < 0 ? 0 : currentMa;
  const action = limiterUpdate(nowMs, powerW, currentAbsMa);
  const prepayHold = prepayEvaluate(nowMs, isoWeekday, localHour);
  if (!present) return Err.OK;
  const hold = limiterTripped() || prepayHold;
  if (hold) {
    // Level-triggered: a supply reconnected by other means while the reason persists opens again.
    if (controlState() == ControlState.CONNECTED) {
      const cause = action == LimiterAction.OVER || (limiterTripped() && !prepayHold) ? Cause.LIMITER : Cause.PREPAYMENT;
      controlTrigger(Trigger.LOCAL_DISCONNECT, nowMs, cause);
    }
    localHold = true;
  } else if (localHold) {
    localHold = false;
    // Allowed in modes 5 and 6 only; elsewhere the output stays released for the push button.
    if (controlState() == ControlState.READY_FOR_RECONNECTION) {
      controlTrigger(Trigger.LOCAL_RECONNECT, nowMs, action == LimiterAction.UNDER ? Cause.LIMITER : Cause.PREPAYMENT);
    }
  }
  return Err.OK;
}

// Every tick (10 ms) or at least every second: the coil drive to issue now.
export function breakerStep(nowMs: i64, currentMa: i32, relayClosed: bool): RelayCommand {
  if (!present) return RelayCommand.NONE;
  return relayStep(nowMs, currentMa, relayClosed);
}

// After breakerDeserialize at power-up: the bistable relay kept its position, so it is driven only
// when it disagrees with the persisted control state (subject to the same protection as any drive).
export function breakerRestore(nowMs: i64, relayClosed: bool, currentMa: i32): RelayCommand {
  relayReset(relayClosed);
  if (!present) return RelayCommand.NONE;
  const wantClosed = controlState() == ControlState.CONNECTED;
  breakerEventLog(nowMs, BreakerEvent.RESTORED, Cause.POWER_UP, relayClosed ? 1 : 0, <i32>controlState(), wantClosed != relayClosed ? 1 : 0);
  return relayStep(nowMs, currentMa, relayClosed);
}

export function breakerDisplayState(): BreakerDisplay {
  if (!present || controlMode() == ControlMode.NONE) return BreakerDisplay.NONE;
  const s = controlState();
  if (s == ControlState.CONNECTED) return BreakerDisplay.CONNECTED;
  return s == ControlState.READY_FOR_RECONNECTION ? BreakerDisplay.RELEASED : BreakerDisplay.DISCONNECTED;
}

export function breakerSymbols(): i32 {
  let bits = 0;
  if (prepayEnabled()) bits |= SYMBOL_PREPAYMENT;
  if (prepayLow()) bits |= SYMBOL_LOW_CREDIT;
  if (prepayEmergencyInUse()) bits |= SYMBOL_EMERGENCY_CREDIT;
  if (present && relayFaulted()) bits |= SYMBOL_BREAKER_FAULT;
  if (limiterTripped()) bits |= SYMBOL_LIMITER_TRIPPED;
  return bits;
}

export function breakerSetPresent(on: bool): void {
  present = on;
}
