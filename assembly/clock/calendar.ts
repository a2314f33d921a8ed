// Civil calendar: proleptic Gregorian dates <-> days since 1970-01-01 (H. Hinnant), ISO weekday, packed date-times.
import { Err } from "../errors";

// Years outside this range are refused: four-digit years keep the packed year positive and
// the COSEM date-time year field (u16) meaningful.
export const MIN_YEAR: i32 = 1970;
export const MAX_YEAR: i32 = 9999;
export const SECONDS_PER_DAY: i32 = 86400;
// 9999-12-31 is day 2932896 since the epoch.
export const MAX_DAYS: i32 = 2932896;
export const MAX_EPOCH_S: i64 = <i64>MAX_DAYS * 86400 + 86399;

export const enum Weekday {
  MONDAY = 1,
  TUESDAY = 2,
  WEDNESDAY = 3,
  THURSDAY = 4,
  FRIDAY = 5,
  SATURDAY = 6,
  SUNDAY = 7,
}

// A date-time packed in one i64 in the order of the COSEM date-time octets 0..7, so the
// wiring can write it big-endian into an octet-string: year(16) month(8) day(8)
// dayOfWeek(8) hour(8) minute(8) second(8). dayOfWeek 0xFF = not specified (COSEM).
export const DOW_UNSPECIFIED: i32 = 0xff;

export function isLeapYear(year: i32): bool {
  return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
}

// 0 for a month outside 1..12, so callers can validate with one comparison.
export function daysInMonth(year: i32, month: i32): i32 {
  if (month < 1 || month > 12) return 0;
  if (month == 2) return isLeapYear(year) ? 29 : 28;
  // 30-day months are April, June, September, November.
  return (month == 4 || month == 6 || month == 9 || month == 11) ? 30 : 31;
}

export function checkDate(year: i32, month: i32, day: i32): Err {
  if (year < MIN_YEAR || year > MAX_YEAR) return Err.OUT_OF_RANGE;
  if (day < 1 || day > daysInMonth(year, month)) return Err.INVALID_ARGUMENT;
  return Err.OK;
}

// Days since 1970-01-01 for a date already checked with checkDate (Hinnant's days_from_civil).
export function daysFromCivil(year: i32, month: i32, day: i32): i32 {
  const y = month <= 2 ? year - 1 : year;
  const era = (y >= 0 ? y : y - 399) / 400;
  const yearOfEra = y - era * 400;
  const dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

// Date packed as year << 9 | month << 5 | day (Hinnant's civil_from_days); any i32 day count works.
export function civilFromDays(days: i32): i32 {
  const z = days + 719468;
  const era = (z >= 0 ? z : z - 146096) / 146097;
  const dayOfEra = z - era * 146097;
  const yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
  const dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
  const mp = (5 * dayOfYear + 2) / 153;
  const day = dayOfYear - (153 * mp + 2) / 5 + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return (year << 9) | (month << 5) | day;
}

export function packedDateYear(date: i32): i32 { return date >> 9; }
export function packedDateMonth(date: i32): i32 { return (date >> 5) & 15; }
export function packedDateDay(date: i32): i32 { return date & 31; }

// ISO weekday of a day count: 1970-01-01 was a Thursday.
export function dayOfWeek(days: i32): i32 {
  const r = (days + 3) % 7;
  return (r < 0 ? r + 7 : r) + 1;
}

// Floor division so that instants before an epoch still fall on the right day.
export function daysOfEpochS(epochS: i64): i32 {
  const q = epochS / 86400;
  return <i32>(epochS % 86400 < 0 ? q - 1 : q);
}

export function secondOfDay(epochS: i64): i32 {
  const r = <i32>(epochS % 86400);
  return r < 0 ? r + 86400 : r;
}

export function packDateTime(year: i32, month: i32, day: i32, hour: i32, minute: i32, second: i32): i64 {
  return (<i64>(year & 0xffff) << 48) | (<i64>(month & 0xff) << 40) | (<i64>(day & 0xff) << 32)
    | (<i64>DOW_UNSPECIFIED << 24) | (<i64>(hour & 0xff) << 16) | (<i64>(minute & 0xff) << 8)
    | <i64>(second & 0xff);
}

export function dtYear(dt: i64): i32 { return <i32>(dt >> 48) & 0xffff; }
export function dtMonth(dt: i64): i32 { return <i32>(dt >> 40) & 0xff; }
export function dtDay(dt: i64): i32 { return <i32>(dt >> 32) & 0xff; }
export function dtDayOfWeek(dt: i64): i32 { return <i32>(dt >> 24) & 0xff; }
export function dtHour(dt: i64): i32 { return <i32>(dt >> 16) & 0xff; }
export function dtMinute(dt: i64): i32 { return <i32>(dt >> 8) & 0xff; }
export function dtSecond(dt: i64): i32 { return <i32>dt & 0xff; }

export function checkDateTime(dt: i64): Err {
  const e = checkDate(dtYear(dt), dtMonth(dt), dtDay(dt));
  if (e != Err.OK) return e;
  // No leap seconds: UTC seconds since 1970 (like the RTC) have none.
  if (dtHour(dt) > 23 || dtMinute(dt) > 59 || dtSecond(dt) > 59) return Err.INVALID_ARGUMENT;
  const dow = dtDayOfWeek(dt);
  if (dow != DOW_UNSPECIFIED) {
    if (dow != dayOfWeek(daysFromCivil(dtYear(dt), dtMonth(dt), dtDay(dt)))) return Err.INVALID_ARGUMENT;
  }
  return Err.OK;
}

// Seconds since 1970-01-01 00:00 of the same time scale as dt (UTC or local wall time),
// or -Err when dt is not a valid date-time; a stated dayOfWeek must match the date.
export function secondsFromCivil(dt: i64): i64 {
  const e = checkDateTime(dt);
  if (e != Err.OK) return -(<i64>e);
  const days = daysFromCivil(dtYear(dt), dtMonth(dt), dtDay(dt));
  return <i64>days * 86400 + <i64>(dtHour(dt) * 3600 + dtMinute(dt) * 60 + dtSecond(dt));
}

// Packed date-time with its weekday, or -Err.OUT_OF_RANGE outside 1970..9999.
export function civilFromSeconds(epochS: i64): i64 {
  if (epochS < 0 || epochS > MAX_EPOCH_S) return -(<i64>Err.OUT_OF_RANGE);
  const days = daysOfEpochS(epochS);
  const date = civilFromDays(days);
  const s = secondOfDay(epochS);
  return (<i64>packedDateYear(date) << 48) | (<i64>packedDateMonth(date) << 40)
    | (<i64>packedDateDay(date) << 32) | (<i64>dayOfWeek(days) << 24)
    | (<i64>(s / 3600) << 16) | (<i64>((s / 60) % 60) << 8) | <i64>(s % 60);
}
