// Clock quality: the COSEM clock status byte (class 8) and the rules that set and clear its bits.
import { Err } from "../errors";
import { isDstAt, CLOCK_MIN_UTC_S, CLOCK_MAX_UTC_S } from "./timezone";

// Bits of the COSEM clock status (IEC 62056-6-2, class 8 attribute 4 and date-time octet 11).
export const enum ClockStatus {
  OK = 0x00,
  INVALID_VALUE = 0x01,
  DOUBTFUL_VALUE = 0x02,
  DIFFERENT_BASE = 0x04,
  INVALID_STATUS = 0x08,
  DST_ACTIVE = 0x80,
}

// How a write of the clock was classified; the caller logs a SET as a time-change event and
// closes the running load-profile period, while an ADJUSTED write only trims drift.
export const enum ClockChange {
  ADJUSTED = 1,
  SET = 2,
}

// Supercap: 7 days fully charged (data sheet); battery option X12 = 1: 10 years.
export const SUPERCAP_BACKUP_S: i64 = 7 * 86400;
export const BATTERY_BACKUP_S: i64 = 10 * 365 * 86400;
// A supercap is only rated for 7 days when fully charged, so a loss that used more than 3/4
// of the backup leaves the time doubtful rather than trusted.
const DOUBTFUL_NUM: i64 = 3;
const DOUBTFUL_DEN: i64 = 4;
// A write within +-5 min counts as an adjustment: 5 ppm drift is 0.43 s a day, so 5 min covers
// two years without synchronisation, while larger steps change which period energy falls in.
export const ADJUST_MAX_S: i64 = 300;
// At most one adjustment per day: repeated small steps could otherwise walk the clock any
// distance without a time-change event.
export const ADJUST_MIN_INTERVAL_S: i64 = 86400;

// Bits other than DST_ACTIVE, which is derived from the time zone whenever the byte is read.
let statusBits: i32 = <i32>ClockStatus.INVALID_VALUE;
let lastAdjustUtcS: i64 = -1;

// State of a meter whose clock was never set.
export function qualityReset(): void {
  statusBits = <i32>ClockStatus.INVALID_VALUE;
  lastAdjustUtcS = -1;
}

// Restores the persisted state at boot (bits without DST; -1 = no adjustment yet).
export function qualityRestore(bits: i32, adjustUtcS: i64): Err {
  if ((bits & ~0x0f) != 0) return Err.INVALID_ARGUMENT;
  if (adjustUtcS != -1 && (adjustUtcS < CLOCK_MIN_UTC_S || adjustUtcS > CLOCK_MAX_UTC_S)) return Err.INVALID_ARGUMENT;
  statusBits = bits;
  lastAdjustUtcS = adjustUtcS;
  return Err.OK;
}

// The persisted clock status record could not be read: nothing is known about the clock.
export function qualityRecordLost(): void {
  statusBits = <i32>ClockStatus.INVALID_VALUE | <i32>ClockStatus.INVALID_STATUS;
  lastAdjustUtcS = -1;
}

export function qualityBits(): i32 { return statusBits; }
export function qualityLastAdjustUtcS(): i64 { return lastAdjustUtcS; }

export function clockIsValid(): bool {
  return (statusBits & (<i32>ClockStatus.INVALID_VALUE | <i32>ClockStatus.INVALID_STATUS)) == 0;
}

// The status byte as read at utcS: the stored bits plus summer time from the zone.
export function clockStatusAt(utcS: i64): i32 {
  return statusBits | (isDstAt(utcS) ? <i32>ClockStatus.DST_ACTIVE : 0);
}

// Power is back: lastAliveUtcS is the last time stored before the loss (-1 unknown), rtcUtcS
// what the RTC reads now, batteryX12 the X12 supply backup code (0 supercap, 1 battery).
// Returns the new status bits, or -Err for a bad X12 code (bits then unchanged).
export function qualityOnPowerUp(lastAliveUtcS: i64, rtcUtcS: i64, batteryX12: i32): i32 {
  if (batteryX12 != 0 && batteryX12 != 1) return -<i32>Err.INVALID_ARGUMENT;
  const backupS = batteryX12 == 1 ? BATTERY_BACKUP_S : SUPERCAP_BACKUP_S;
  if (lastAliveUtcS < 0 || rtcUtcS < CLOCK_MIN_UTC_S || rtcUtcS > CLOCK_MAX_UTC_S) {
    // An RTC that reset to its epoch or reads garbage has lost the time.
    statusBits |= <i32>ClockStatus.INVALID_VALUE;
    return statusBits;
  }
  const downS = rtcUtcS - lastAliveUtcS;
  if (downS < 0 || downS > backupS) {
    // Time ran backwards, or the outage outlasted the backup, so the RTC cannot have kept time.
    statusBits |= <i32>ClockStatus.INVALID_VALUE;
  } else if (downS * DOUBTFUL_DEN > backupS * DOUBTFUL_NUM) {
    statusBits |= <i32>ClockStatus.DOUBTFUL_VALUE;
  }
  return statusBits;
}

// A client writes the clock: rtcUtcS is the time before the write, newUtcS the time written.
// Returns ClockChange.ADJUSTED or SET (and the clock is then valid), or -Err.OUT_OF_RANGE for
// a time outside the clock's range, which changes nothing.
export function qualityOnClockWrite(rtcUtcS: i64, newUtcS: i64): i32 {
  if (newUtcS < CLOCK_MIN_UTC_S || newUtcS > CLOCK_MAX_UTC_S) return -<i32>Err.OUT_OF_RANGE;
  let change = ClockChange.SET;
  // Only a trusted clock can be adjusted: a delta against an invalid time means nothing.
  if (clockIsValid() && (statusBits & <i32>ClockStatus.DOUBTFUL_VALUE) == 0
    && rtcUtcS >= CLOCK_MIN_UTC_S && rtcUtcS <= CLOCK_MAX_UTC_S) {
    const deltaS = newUtcS - rtcUtcS;
    const small = deltaS >= -ADJUST_MAX_S && deltaS <= ADJUST_MAX_S;
    const rested = lastAdjustUtcS < 0 || newUtcS - lastAdjustUtcS >= ADJUST_MIN_INTERVAL_S;
    if (small && rested) change = ClockChange.ADJUSTED;
  }
  if (change == ClockChange.ADJUSTED) {
    lastAdjustUtcS = newUtcS;
  } else {
    // A set starts a new history: the next small correction may be an adjustment again.
    lastAdjustUtcS = -1;
  }
  statusBits &= ~(<i32>ClockStatus.INVALID_VALUE | <i32>ClockStatus.DOUBTFUL_VALUE | <i32>ClockStatus.INVALID_STATUS);
  return <i32>change;
}
