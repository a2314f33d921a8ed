// Civil calendar: day counts, leap years, weekdays and packed date-times against known dates.
import { Err } from "../errors";
import {
  isLeapYear, daysInMonth, checkDate, daysFromCivil, civilFromDays, packedDateYear, packedDateMonth,
  packedDateDay, dayOfWeek, daysOfEpochS, secondOfDay, packDateTime, secondsFromCivil, civilFromSeconds,
  checkDateTime, dtYear, dtMonth, dtDay, dtDayOfWeek, dtHour, dtMinute, dtSecond, MAX_DAYS, MAX_EPOCH_S,
  Weekday,
} from "./calendar";

describe("civil calendar", () => {
  it("counts 1970-01-01 as day 0, a Thursday", () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(dayOfWeek(0)).toBe(Weekday.THURSDAY);
  });

  it("counts 2000-02-29 as day 11016 and 2000-03-01 as 11017 (2000 is leap)", () => {
    expect(isLeapYear(2000)).toBe(true);
    expect(daysFromCivil(2000, 2, 29)).toBe(11016);
    expect(daysFromCivil(2000, 3, 1)).toBe(11017);
    expect(checkDate(2000, 2, 29)).toBe(Err.OK);
  });

  it("accepts 2024-02-29 (day 19782) and refuses 2025-02-29 and 2026-02-30", () => {
    expect(daysFromCivil(2024, 2, 29)).toBe(19782);
    expect(checkDate(2024, 2, 29)).toBe(Err.OK);
    expect(checkDate(2025, 2, 29)).toBe(Err.INVALID_ARGUMENT);
    expect(checkDate(2026, 2, 30)).toBe(Err.INVALID_ARGUMENT);
  });

  it("does not make 2100 leap: 2100-02-29 refused, 2100-03-01 is day 47541", () => {
    expect(isLeapYear(2100)).toBe(false);
    expect(isLeapYear(1900)).toBe(false);
    expect(isLeapYear(2400)).toBe(true);
    expect(checkDate(2100, 2, 29)).toBe(Err.INVALID_ARGUMENT);
    expect(daysFromCivil(2100, 2, 28)).toBe(47540);
    expect(daysFromCivil(2100, 3, 1)).toBe(47541);
  });

  it("knows the month lengths 31 28 31 30 31 30 31 31 30 31 30 31 in 2026", () => {
    const lengths: StaticArray<i32> = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    for (let m = 1; m <= 12; m++) expect(daysInMonth(2026, m)).toBe(lengths[m - 1]);
    expect(daysInMonth(2026, 0)).toBe(0);
    expect(daysInMonth(2026, 13)).toBe(0);
  });

  it("refuses month 0, month 13, day 0, day 32 and years 1969 and 10000", () => {
    expect(checkDate(2026, 0, 1)).toBe(Err.INVALID_ARGUMENT);
    expect(checkDate(2026, 13, 1)).toBe(Err.INVALID_ARGUMENT);
    expect(checkDate(2026, 1, 0)).toBe(Err.INVALID_ARGUMENT);
    expect(checkDate(2026, 1, 32)).toBe(Err.INVALID_ARGUMENT);
    expect(checkDate(1969, 12, 31)).toBe(Err.OUT_OF_RANGE);
    expect(checkDate(10000, 1, 1)).toBe(Err.OUT_OF_RANGE);
  });

  it("round-trips every day from 1970-01-01 to 9999-12-31 (day 2932896)", () => {
    expect(daysFromCivil(9999, 12, 31)).toBe(MAX_DAYS);
    let y = 1970, m = 1, d = 1;
    for (let days = 0; days <= MAX_DAYS; days++) {
      const p = civilFromDays(days);
      if (packedDateYear(p) != y || packedDateMonth(p) != m || packedDateDay(p) != d) {
        expect(days).toBe(-1); // report the first day that disagrees
        break;
      }
      if (daysFromCivil(y, m, d) != days) {
        expect(days).toBe(-2);
        break;
      }
      d++;
      if (d > daysInMonth(y, m)) { d = 1; m++; }
      if (m > 12) { m = 1; y++; }
    }
  });

  it("gives ISO weekdays: 2026-03-29 Sunday 7, 2026-05-14 Thursday 4, 2024-01-01 Monday 1", () => {
    expect(dayOfWeek(daysFromCivil(2026, 3, 29))).toBe(Weekday.SUNDAY);
    expect(dayOfWeek(daysFromCivil(2026, 5, 14))).toBe(Weekday.THURSDAY);
    expect(dayOfWeek(daysFromCivil(2024, 1, 1))).toBe(Weekday.MONDAY);
    expect(dayOfWeek(-1)).toBe(Weekday.WEDNESDAY);
  });

  it("splits epoch seconds with floor division: -1 s is day -1 at 23:59:59", () => {
    expect(daysOfEpochS(-1)).toBe(-1);
    expect(secondOfDay(-1)).toBe(86399);
    expect(daysOfEpochS(86400)).toBe(1);
    expect(secondOfDay(86400)).toBe(0);
  });

  it("converts 2038-01-19 03:14:08 UTC to 2147483648 s and back, with weekday Tuesday", () => {
    const s = secondsFromCivil(packDateTime(2038, 1, 19, 3, 14, 8));
    expect(s).toBe(2147483648);
    const dt = civilFromSeconds(s);
    expect(dtYear(dt)).toBe(2038);
    expect(dtMonth(dt)).toBe(1);
    expect(dtDay(dt)).toBe(19);
    expect(dtDayOfWeek(dt)).toBe(Weekday.TUESDAY);
    expect(dtHour(dt)).toBe(3);
    expect(dtMinute(dt)).toBe(14);
    expect(dtSecond(dt)).toBe(8);
  });

  it("converts 2000-01-01 00:00:00 to 946684800 s and 9999-12-31 23:59:59 to the last second", () => {
    expect(secondsFromCivil(packDateTime(2000, 1, 1, 0, 0, 0))).toBe(946684800);
    expect(secondsFromCivil(packDateTime(9999, 12, 31, 23, 59, 59))).toBe(MAX_EPOCH_S);
    expect(civilFromSeconds(MAX_EPOCH_S + 1)).toBe(-(<i64>Err.OUT_OF_RANGE));
    expect(civilFromSeconds(-1)).toBe(-(<i64>Err.OUT_OF_RANGE));
  });

  it("refuses 24:00:00, 12:60:00, 12:00:60 and a weekday that does not match the date", () => {
    expect(secondsFromCivil(packDateTime(2026, 5, 14, 24, 0, 0))).toBe(-(<i64>Err.INVALID_ARGUMENT));
    expect(secondsFromCivil(packDateTime(2026, 5, 14, 12, 60, 0))).toBe(-(<i64>Err.INVALID_ARGUMENT));
    expect(secondsFromCivil(packDateTime(2026, 5, 14, 12, 0, 60))).toBe(-(<i64>Err.INVALID_ARGUMENT));
    const thursday = packDateTime(2026, 5, 14, 12, 0, 0) & ~(<i64>0xff << 24) | (<i64>4 << 24);
    const friday = packDateTime(2026, 5, 14, 12, 0, 0) & ~(<i64>0xff << 24) | (<i64>5 << 24);
    expect(checkDateTime(thursday)).toBe(Err.OK);
    expect(checkDateTime(friday)).toBe(Err.INVALID_ARGUMENT);
  });

  it("refuses 2100-02-29 12:00 as a date-time and accepts 2096-02-29 12:00", () => {
    expect(secondsFromCivil(packDateTime(2100, 2, 29, 12, 0, 0))).toBe(-(<i64>Err.INVALID_ARGUMENT));
    expect(secondsFromCivil(packDateTime(2096, 2, 29, 12, 0, 0))).toBeGreaterThan(0);
  });
});
