// Relay protection: drives the bistable relay towards the control state within its breaking current and switching rate, and checks it followed.
import { Err } from "../errors";
import { controlWantsClosed, controlState } from "./control";
import { BreakerEvent, Cause, breakerEventLog } from "./eventlog";

// What the integrator must do with the coil after a step.
export const enum RelayCommand {
  NONE = 0,
  OPEN = 1,
  CLOSE = 2,
}

// Opening a contact above its rated breaking current welds or burns it: the opening waits instead.
export const DEFAULT_BREAKING_CURRENT_MA: i32 = 120000;
export const MIN_BREAKING_CURRENT_MA: i32 = 1000;
export const MAX_BREAKING_CURRENT_MA: i32 = 300000;
// A bistable coil must cool and the contacts must settle between operations.
export const DEFAULT_MIN_SWITCH_INTERVAL_MS: i32 = 2000;
export const MAX_MIN_SWITCH_INTERVAL_MS: i32 = 600000;
// The auxiliary contact reports the new position within tens of ms; 500 ms is generous.
export const DEFAULT_FOLLOW_MS: i32 = 500;
export const MIN_FOLLOW_MS: i32 = 10;
export const MAX_FOLLOW_MS: i32 = 10000;
export const DEFAULT_RETRY_MS: i32 = 5000;
export const MIN_RETRY_MS: i32 = 100;
export const MAX_RETRY_MS: i32 = 3600000;
// A relay that fails this many drives in a row is left alone: hammering a stuck coil only burns it.
export const MAX_DRIVE_ATTEMPTS: i32 = 3;

let breakingCurrentMa: i32 = DEFAULT_BREAKING_CURRENT_MA;
let minSwitchIntervalMs: i32 = DEFAULT_MIN_SWITCH_INTERVAL_MS;
let followMs: i32 = DEFAULT_FOLLOW_MS;
let retryMs: i32 = DEFAULT_RETRY_MS;

let driving: bool = false;
let driveClosed: bool = false;
let lastDriveMs: i64 = 0;
let everDriven: bool = false;
let attempts: i32 = 0;
let faulted: bool = false;
let faultTargetClosed: bool = false;
let deferred: bool = false;
let nextCurrentCheckMs: i64 = 0;
let outputClosed: bool = true;

export function relayConfigure(breakingMa: i32, minIntervalMs: i32, followWithinMs: i32, deferRetryMs: i32): Err {
  const status = relayCheckConfig(breakingMa, minIntervalMs, followWithinMs, deferRetryMs);
  if (status != Err.OK) return status;
  breakingCurrentMa = breakingMa;
  minSwitchIntervalMs = minIntervalMs;
  followMs = followWithinMs;
  retryMs = deferRetryMs;
  return Err.OK;
}

export function relayCheckConfig(breakingMa: i32, minIntervalMs: i32, followWithinMs: i32, deferRetryMs: i32): Err {
  if (breakingMa < MIN_BREAKING_CURRENT_MA || breakingMa > MAX_BREAKING_CURRENT_MA) return Err.OUT_OF_RANGE;
  if (minIntervalMs < 0 || minIntervalMs > MAX_MIN_SWITCH_INTERVAL_MS) return Err.OUT_OF_RANGE;
  if (followWithinMs < MIN_FOLLOW_MS || followWithinMs > MAX_FOLLOW_MS) return Err.OUT_OF_RANGE;
  if (deferRetryMs < MIN_RETRY_MS || deferRetryMs > MAX_RETRY_MS) return Err.OUT_OF_RANGE;
  return Err.OK;
}

export function relayBreakingCurrentMa(): i32 { return breakingCurrentMa; }
export function relayMinSwitchIntervalMs(): i32 { return minSwitchIntervalMs; }
export function relayFollowMs(): i32 { return followMs; }
export function relayRetryMs(): i32 { return retryMs; }
export function relayFaulted(): bool { return faulted; }
export function relayDeferred(): bool { return deferred; }
export function relayDriving(): bool { return driving; }
// class 70 output_state: the position the auxiliary contact last reported.
export function relayOutputState(): bool { return outputClosed; }

// Forgets everything timed: after power-up no drive is in flight and the last switch is unknown.
export function relayReset(relayClosed: bool): void {
  driving = false;
  everDriven = false;
  attempts = 0;
  faulted = false;
  deferred = false;
  nextCurrentCheckMs = 0;
  outputClosed = relayClosed;
}

export function relayClearFault(): void {
  faulted = false;
  attempts = 0;
}

// A clock set backwards must not freeze the relay until the old time comes round again.
function rebase(nowMs: i64): void {
  if (everDriven && nowMs < lastDriveMs) lastDriveMs = nowMs;
  if (deferred && nextCurrentCheckMs - nowMs > <i64>retryMs) nextCurrentCheckMs = nowMs;
}

// One step, every tick or at least every second. currentA in mA, negative when not measured yet
// (then an opening waits for a measurement). Returns the coil drive to issue now.
export function relayStep(nowMs: i64, currentMa: i32, relayClosed: bool): RelayCommand {
  rebase(nowMs);
  outputClosed = relayClosed;
  const wantClosed = controlWantsClosed();
  if (driving) {
    if (relayClosed == driveClosed) {
      driving = false;
      attempts = 0;
      breakerEventLog(nowMs, BreakerEvent.RELAY_FOLLOWED, Cause.RELAY, <i32>controlState(), relayClosed ? 1 : 0, 0);
    } else if (nowMs - lastDriveMs >= <i64>followMs) {
      driving = false;
      if (attempts >= MAX_DRIVE_ATTEMPTS) {
        faulted = true;
        faultTargetClosed = driveClosed;
        breakerEventLog(nowMs, BreakerEvent.FAULT, Cause.RELAY, relayClosed ? 1 : 0, driveClosed ? 1 : 0, attempts);
      }
    } else {
      return RelayCommand.NONE;
    }
  }
  if (relayClosed == wantClosed) {
    deferred = false;
    return RelayCommand.NONE;
  }
  // A new wish (the control state moved since the fault) deserves fresh attempts.
  if (faulted) {
    if (faultTargetClosed == wantClosed) return RelayCommand.NONE;
    faulted = false;
    attempts = 0;
  }
  if (!wantClosed) {
    if (deferred && nowMs < nextCurrentCheckMs) return RelayCommand.NONE;
    if (currentMa < 0 || currentMa > breakingCurrentMa) {
      if (!deferred) breakerEventLog(nowMs, BreakerEvent.DEFERRED, Cause.RELAY, <i32>controlState(), 0, currentMa);
      deferred = true;
      nextCurrentCheckMs = nowMs + <i64>retryMs;
      return RelayCommand.NONE;
    }
  }
  if (everDriven && nowMs - lastDriveMs < <i64>minSwitchIntervalMs) return RelayCommand.NONE;
  deferred = false;
  driving = true;
  driveClosed = wantClosed;
  lastDriveMs = nowMs;
  everDriven = true;
  attempts++;
  return wantClosed ? RelayCommand.CLOSE : RelayCommand.OPEN;
}
