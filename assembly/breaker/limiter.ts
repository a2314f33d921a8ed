// Limiter (COSEM class 71, 0.0.17.0.0.255): monitored value against the normal or emergency threshold, with minimum over/under durations.
import { Err } from "../errors";
import { BreakerEvent, Cause, breakerEventLog } from "./eventlog";

// monitored_value: which reading the limiter watches.
export const enum Monitored {
  ACTIVE_POWER_IMPORT_W = 0, // 1.0.1.7.0, the default
  CURRENT_MA = 1, // 1.0.31.7.0
}

// What the caller must do after an update: the class 71 actions over and under threshold.
export const enum LimiterAction {
  NONE = 0,
  OVER = 1, // action_over_threshold: local_disconnect
  UNDER = 2, // action_under_threshold: local_reconnect (or let the button reconnect)
}

// 100 A x 276 V (230 V + 20 %) is below 30 kW; the cap only keeps the arithmetic far from overflow.
export const MAX_POWER_THRESHOLD_W: i32 = 50000;
export const MAX_CURRENT_THRESHOLD_MA: i32 = 150000;
export const MAX_DURATION_S: i32 = 86400;
// An emergency profile (a grid operator's load-shedding window) never lasts longer than a month.
export const MAX_EMERGENCY_DURATION_S: i32 = 31 * 86400;
// Year 2286 in UTC seconds: keeps start + duration far from i64 overflow whatever a block holds.
export const MAX_EMERGENCY_START_S: i64 = 9999999999;

let enabled: bool = false;
let monitored: Monitored = Monitored.ACTIVE_POWER_IMPORT_W;
// Until configured: 100 A at 230 V, the meter's maximum, so a limiter switched on without
// thresholds protects nothing it should not.
export const DEFAULT_THRESHOLD_W: i32 = 23000;
let normalThreshold: i32 = DEFAULT_THRESHOLD_W;
let emergencyThreshold: i32 = DEFAULT_THRESHOLD_W;
let minOverS: i32 = 0;
let minUnderS: i32 = 0;
let emergencyStartS: i64 = 0;
let emergencyDurationS: i32 = 0;

let over: bool = false;
let overSinceMs: i64 = 0;
let tripped: bool = false;
let underSinceMs: i64 = 0;
let under: bool = false;

function thresholdValid(m: i32, threshold: i32): bool {
  const max = m == Monitored.CURRENT_MA ? MAX_CURRENT_THRESHOLD_MA : MAX_POWER_THRESHOLD_W;
  return threshold >= 1 && threshold <= max;
}

export function limiterCheckConfig(on: bool, m: i32, normal: i32, emergency: i32, overS: i32, underS: i32): Err {
  if (m != Monitored.ACTIVE_POWER_IMPORT_W && m != Monitored.CURRENT_MA) return Err.UNSUPPORTED;
  if (!thresholdValid(m, normal) || !thresholdValid(m, emergency)) return Err.OUT_OF_RANGE;
  if (overS < 0 || overS > MAX_DURATION_S || underS < 0 || underS > MAX_DURATION_S) return Err.OUT_OF_RANGE;
  return Err.OK;
}

// Validated as a whole: a refused configuration leaves the old one in force.
export function limiterConfigure(on: bool, m: i32, normal: i32, emergency: i32, overS: i32, underS: i32): Err {
  const status = limiterCheckConfig(on, m, normal, emergency, overS, underS);
  if (status != Err.OK) return status;
  enabled = on;
  monitored = <Monitored>m;
  normalThreshold = normal;
  emergencyThreshold = emergency;
  minOverS = overS;
  minUnderS = underS;
  if (!on) limiterResetTiming();
  return Err.OK;
}

export function limiterCheckEmergency(startS: i64, durationS: i32): Err {
  if (startS < 0 || startS > MAX_EMERGENCY_START_S || durationS < 0 || durationS > MAX_EMERGENCY_DURATION_S) return Err.OUT_OF_RANGE;
  return Err.OK;
}

// emergency_profile: activation time (UTC s) and duration (s); duration 0 removes it.
export function limiterSetEmergency(startS: i64, durationS: i32): Err {
  const status = limiterCheckEmergency(startS, durationS);
  if (status != Err.OK) return status;
  emergencyStartS = startS;
  emergencyDurationS = durationS;
  return Err.OK;
}

export function limiterEnabled(): bool { return enabled; }
export function limiterMonitored(): Monitored { return monitored; }
export function limiterNormalThreshold(): i32 { return normalThreshold; }
export function limiterEmergencyThreshold(): i32 { return emergencyThreshold; }
export function limiterMinOverS(): i32 { return minOverS; }
export function limiterMinUnderS(): i32 { return minUnderS; }
export function limiterEmergencyStartS(): i64 { return emergencyStartS; }
export function limiterEmergencyDurationS(): i32 { return emergencyDurationS; }
export function limiterTripped(): bool { return tripped; }

// emergency_profile_active
export function limiterEmergencyActive(nowMs: i64): bool {
  if (emergencyDurationS <= 0) return false;
  const nowS = nowMs / 1000;
  return nowS >= emergencyStartS && nowS < emergencyStartS + <i64>emergencyDurationS;
}

// active_threshold
export function limiterActiveThreshold(nowMs: i64): i32 {
  return limiterEmergencyActive(nowMs) ? emergencyThreshold : normalThreshold;
}

export function limiterResetTiming(): void {
  over = false;
  under = false;
  tripped = false;
}

// Restores a trip that was in force at the power cut: the under-threshold time starts again.
export function limiterRestoreTripped(wasTripped: bool): void {
  limiterResetTiming();
  tripped = wasTripped && enabled;
}

// Once a second with the window's readings; a value of the monitored kind above the active threshold
// for min_over_threshold_duration trips, and after a trip the value must stay at or below it for
// min_under_threshold_duration before reconnection is allowed again.
export function limiterUpdate(nowMs: i64, powerImportW: i32, currentMa: i32): LimiterAction {
  if (!enabled) return LimiterAction.NONE;
  const value = monitored == Monitored.CURRENT_MA ? currentMa : powerImportW;
  const threshold = limiterActiveThreshold(nowMs);
  if (value > threshold) {
    under = false;
    if (!over || nowMs < overSinceMs) {
      over = true;
      overSinceMs = nowMs;
    }
    if (!tripped && nowMs - overSinceMs >= <i64>minOverS * 1000) {
      tripped = true;
      breakerEventLog(nowMs, BreakerEvent.LIMITER_OVER, Cause.LIMITER, 0, 1, value);
      return LimiterAction.OVER;
    }
    return LimiterAction.NONE;
  }
  over = false;
  if (!tripped) return LimiterAction.NONE;
  if (!under || nowMs < underSinceMs) {
    under = true;
    underSinceMs = nowMs;
  }
  if (nowMs - underSinceMs >= <i64>minUnderS * 1000) {
    tripped = false;
    under = false;
    breakerEventLog(nowMs, BreakerEvent.LIMITER_UNDER, Cause.LIMITER, 1, 0, value);
    return LimiterAction.UNDER;
  }
  return LimiterAction.NONE;
}
