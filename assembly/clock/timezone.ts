// Time zone: the Z11 GMT offset and the Z15 EU summer time rule; UTC <-> local wall time in seconds.
import { Err } from "../errors";
import { daysFromCivil, dayOfWeek, daysInMonth, MAX_EPOCH_S } from "./calendar";

// Z15 summer/winter time table.
export const enum DstRule {
  NONE = 0,
  EU = 1,
}

// How utcFromLocalS resolves local times that do not map to exactly one instant. Flags.
export const enum LocalPick {
  // Autumn's repeated hour: the first pass (still summer time) ...
  EARLIER = 0,
  // ... or the second pass (already winter time).
  LATER = 1,
  // Spring's missing hour is refused with INVALID_ARGUMENT unless this flag maps it forward:
  // the time is read with the winter offset, e.g. 02:30 CET becomes 03:30 CEST (01:30 UTC),
  // which is what a wall clock left untouched would mean.
  SHIFT_GAP = 2,
}

// Result of classifying a local wall time.
export const enum LocalKind {
  UNIQUE = 0,
  MISSING = 1,
  AMBIGUOUS = 2,
}

// The clock runs from 2000-01-01 to 9999-12-30 UTC: every local time within +-12 h of that
// stays inside the calendar's 1970..9999 range, so conversions never leave it.
export const CLOCK_MIN_UTC_S: i64 = 946684800;
export const CLOCK_MAX_UTC_S: i64 = MAX_EPOCH_S - 86400;
export const OFFSET_INVALID_S: i32 = i32.MIN_VALUE;
const DST_SHIFT_S: i32 = 3600;
// EU summer time switches at 01:00 UTC in every zone.
const EU_SWITCH_S: i64 = 3600;

// One zone per meter: both fields change together through setTimezone.
let zoneOffsetS: i32 = 0;
let zoneDstRule: DstRule = DstRule.NONE;

// Standard-time offset of a Z11 code: 00 GMT, 01..12 east +1..+12 h, 13..23 west -11..-1 h.
export function z11OffsetS(z11Code: i32): i32 {
  if (z11Code < 0 || z11Code > 23) return OFFSET_INVALID_S;
  return (z11Code <= 12 ? z11Code : z11Code - 24) * 3600;
}

// Validates both codes before taking either, so a refused change leaves the old zone in force.
export function setTimezone(z11Code: i32, z15Code: i32): Err {
  const offsetS = z11OffsetS(z11Code);
  if (offsetS == OFFSET_INVALID_S) return Err.INVALID_ARGUMENT;
  if (z15Code != <i32>DstRule.NONE && z15Code != <i32>DstRule.EU) return Err.INVALID_ARGUMENT;
  zoneOffsetS = offsetS;
  zoneDstRule = <DstRule>z15Code;
  return Err.OK;
}

export function timezoneOffsetS(): i32 { return zoneOffsetS; }
export function timezoneDstRule(): DstRule { return zoneDstRule; }

// Day count of the last Sunday of a month.
function lastSundayDays(year: i32, month: i32): i32 {
  const lastDays = daysFromCivil(year, month, daysInMonth(year, month));
  return lastDays - (dayOfWeek(lastDays) % 7);
}

// EU summer time begins the last Sunday of March at 01:00 UTC.
export function dstStartUtcS(year: i32): i64 {
  return <i64>lastSundayDays(year, 3) * 86400 + EU_SWITCH_S;
}

// EU summer time ends the last Sunday of October at 01:00 UTC.
export function dstEndUtcS(year: i32): i64 {
  return <i64>lastSundayDays(year, 10) * 86400 + EU_SWITCH_S;
}

function yearOfUtcS(utcS: i64): i32 {
  // Summer time lies in March..October, far from New Year, so the year of the UTC date is
  // the year of the rule even in a +12 h or -11 h zone. 365.2425 days per Gregorian year.
  return 1970 + <i32>((utcS / 86400) * 400 / 146097);
}

// The switch instants of the year last asked for: the window and the tariff ask several times a second.
let dstYear: i32 = -1;
let dstStartS: i64 = 0;
let dstEndS: i64 = 0;

export function isDstAt(utcS: i64): bool {
  // Outside the calendar's years there is no rule to apply (and no year to compute).
  if (zoneDstRule != DstRule.EU || utcS < 0 || utcS > MAX_EPOCH_S) return false;
  const year = yearOfUtcS(utcS);
  if (year != dstYear) {
    dstStartS = dstStartUtcS(year);
    dstEndS = dstEndUtcS(year);
    dstYear = year;
  }
  return utcS >= dstStartS && utcS < dstEndS;
}

// Offset of local wall time from UTC at an instant, summer time included.
export function localOffsetAtS(utcS: i64): i32 {
  return zoneOffsetS + (isDstAt(utcS) ? DST_SHIFT_S : 0);
}

// Local wall time in seconds since 1970-01-01 00:00 local, or -Err.OUT_OF_RANGE outside the clock's range.
export function localFromUtcS(utcS: i64): i64 {
  if (utcS < CLOCK_MIN_UTC_S || utcS > CLOCK_MAX_UTC_S) return -(<i64>Err.OUT_OF_RANGE);
  return utcS + <i64>localOffsetAtS(utcS);
}

export function localKind(localS: i64): LocalKind {
  const winterUtcS = localS - <i64>zoneOffsetS;
  const summerUtcS = winterUtcS - DST_SHIFT_S;
  const winterFits = !isDstAt(winterUtcS);
  const summerFits = isDstAt(summerUtcS);
  if (winterFits && summerFits) return LocalKind.AMBIGUOUS;
  if (!winterFits && !summerFits) return LocalKind.MISSING;
  return LocalKind.UNIQUE;
}

// UTC of a local wall time, or -Err: INVALID_ARGUMENT for a missing local time without
// SHIFT_GAP, OUT_OF_RANGE outside the clock's range. pick is a LocalPick combination.
export function utcFromLocalS(localS: i64, pick: i32): i64 {
  if (pick < 0 || pick > 3) return -(<i64>Err.INVALID_ARGUMENT);
  // Bound before arithmetic so nothing overflows; the result is bounded again below.
  if (localS < CLOCK_MIN_UTC_S - 86400 || localS > CLOCK_MAX_UTC_S + 86400) return -(<i64>Err.OUT_OF_RANGE);
  const winterUtcS = localS - <i64>zoneOffsetS;
  const summerUtcS = winterUtcS - DST_SHIFT_S;
  const winterFits = !isDstAt(winterUtcS);
  const summerFits = isDstAt(summerUtcS);
  let utcS: i64;
  if (winterFits && summerFits) {
    utcS = (pick & <i32>LocalPick.LATER) != 0 ? winterUtcS : summerUtcS;
  } else if (winterFits) {
    utcS = winterUtcS;
  } else if (summerFits) {
    utcS = summerUtcS;
  } else {
    if ((pick & <i32>LocalPick.SHIFT_GAP) == 0) return -(<i64>Err.INVALID_ARGUMENT);
    utcS = winterUtcS;
  }
  if (utcS < CLOCK_MIN_UTC_S || utcS > CLOCK_MAX_UTC_S) return -(<i64>Err.OUT_OF_RANGE);
  return utcS;
}
