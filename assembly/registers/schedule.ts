// Debiting stop schedule (Z6 stop day, Z7 interval) and debit logger 2 interval (Z25), on local calendar days.
import { civilFromDays, packedDateMonth, packedDateDay, dayOfWeek } from "../clock/calendar";

// Z7: 0 none (external), 1 monthly, 2..3 every second month from Jan/Feb, 4..6 every third month from
// Jan/Feb/Mar, 7..12 half-yearly from Jan..Jun, 13..24 yearly in Jan..Dec.
export const Z7_MAX: i32 = 24;

export function stopMonth(z7: i32, month: i32): bool {
  if (z7 == 1) return true;
  if (z7 >= 2 && z7 <= 3) return (month + 12 - (z7 - 1)) % 2 == 0;
  if (z7 >= 4 && z7 <= 6) return (month + 12 - (z7 - 3)) % 3 == 0;
  if (z7 >= 7 && z7 <= 12) return (month + 12 - (z7 - 6)) % 6 == 0;
  if (z7 >= 13 && z7 <= 24) return month == z7 - 12;
  return false;
}

// True when the debiting stop falls at 00:00 local time of this local day.
export function isStopDay(days: i32, z6Day: i32, z7: i32): bool {
  if (z7 <= 0 || z7 > Z7_MAX || z6Day < 1 || z6Day > 28) return false;
  const date = civilFromDays(days);
  return packedDateDay(date) == z6Day && stopMonth(z7, packedDateMonth(date));
}

export const enum Logger2Interval {
  DAILY = 1,
  WEEKLY = 2, // Mondays 00:00
  MONTHLY = 3, // the 1st, 00:00
}

export function isLogger2Day(days: i32, z25: i32): bool {
  if (z25 == <i32>Logger2Interval.DAILY) return true;
  if (z25 == <i32>Logger2Interval.WEEKLY) return dayOfWeek(days) == 1;
  if (z25 == <i32>Logger2Interval.MONTHLY) return packedDateDay(civilFromDays(days)) == 1;
  return false;
}
