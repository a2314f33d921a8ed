// Time zone: Z11 offsets, Z15 EU summer time over 2024..2035, the missing and the repeated local hour.
import { Err } from "../errors";
import { packDateTime, secondsFromCivil, civilFromSeconds, dtHour, dtMinute, dtDay } from "./calendar";
import {
  z11OffsetS, setTimezone, timezoneOffsetS, timezoneDstRule, dstStartUtcS, dstEndUtcS, isDstAt,
  localFromUtcS, utcFromLocalS, localKind, LocalPick, LocalKind, DstRule, OFFSET_INVALID_S,
  CLOCK_MIN_UTC_S, CLOCK_MAX_UTC_S,
} from "./timezone";

function s(year: i32, month: i32, day: i32, hour: i32, minute: i32): i64 {
  return secondsFromCivil(packDateTime(year, month, day, hour, minute, 0));
}

const Z11_CET: i32 = 1;
const Z15_EU: i32 = 1;

describe("time zone", () => {
  beforeEach(() => {
    setTimezone(Z11_CET, Z15_EU);
  });

  it("maps Z11 00 to GMT and 01..12 to +1..+12 h", () => {
    for (let code = 0; code <= 12; code++) expect(z11OffsetS(code)).toBe(code * 3600);
  });

  it("maps Z11 13..23 to -11..-1 h", () => {
    for (let code = 13; code <= 23; code++) expect(z11OffsetS(code)).toBe((code - 24) * 3600);
    expect(z11OffsetS(13)).toBe(-11 * 3600);
    expect(z11OffsetS(23)).toBe(-3600);
  });

  it("refuses Z11 codes -1, 24 and 99 and Z15 002, keeping the zone in force", () => {
    expect(z11OffsetS(-1)).toBe(OFFSET_INVALID_S);
    expect(z11OffsetS(24)).toBe(OFFSET_INVALID_S);
    expect(setTimezone(24, 0)).toBe(Err.INVALID_ARGUMENT);
    expect(setTimezone(99, 0)).toBe(Err.INVALID_ARGUMENT);
    expect(setTimezone(2, 2)).toBe(Err.INVALID_ARGUMENT);
    expect(timezoneOffsetS()).toBe(3600);
    expect(timezoneDstRule()).toBe(DstRule.EU);
  });

  it("DST starts 2027-03-28 01:00 UTC and ends 2027-10-31 01:00 UTC", () => {
    expect(dstStartUtcS(2027)).toBe(s(2027, 3, 28, 1, 0));
    expect(dstEndUtcS(2027)).toBe(s(2027, 10, 31, 1, 0));
    expect(isDstAt(s(2027, 3, 28, 1, 0) - 1)).toBe(false);
    expect(isDstAt(s(2027, 3, 28, 1, 0))).toBe(true);
    expect(isDstAt(s(2027, 10, 31, 1, 0) - 1)).toBe(true);
    expect(isDstAt(s(2027, 10, 31, 1, 0))).toBe(false);
  });

  it("switches on the last Sundays of March and October for every year 2024..2035", () => {
    const march: StaticArray<i32> = [31, 30, 29, 28, 26, 25, 31, 30, 28, 27, 26, 25];
    const october: StaticArray<i32> = [27, 26, 25, 31, 29, 28, 27, 26, 31, 30, 29, 28];
    for (let y = 2024; y <= 2035; y++) {
      const startS = s(y, 3, march[y - 2024], 1, 0);
      const endS = s(y, 10, october[y - 2024], 1, 0);
      expect(dstStartUtcS(y)).toBe(startS);
      expect(dstEndUtcS(y)).toBe(endS);
      // Spring forward: 01:59:59 CET is followed by 03:00:00 CEST.
      expect(localFromUtcS(startS - 1)).toBe(s(y, 3, march[y - 2024], 1, 59) + 59);
      expect(localFromUtcS(startS)).toBe(s(y, 3, march[y - 2024], 3, 0));
      // Fall back: 02:59:59 CEST is followed by 02:00:00 CET.
      expect(localFromUtcS(endS - 1)).toBe(s(y, 10, october[y - 2024], 2, 59) + 59);
      expect(localFromUtcS(endS)).toBe(s(y, 10, october[y - 2024], 2, 0));
    }
  });

  it("shows 2026-07-01 12:00 UTC as 14:00 CEST and 2026-01-15 12:00 UTC as 13:00 CET", () => {
    const summer = civilFromSeconds(localFromUtcS(s(2026, 7, 1, 12, 0)));
    expect(dtHour(summer)).toBe(14);
    const winter = civilFromSeconds(localFromUtcS(s(2026, 1, 15, 12, 0)));
    expect(dtHour(winter)).toBe(13);
  });

  it("local 02:30 on 2026-03-29 does not exist in CET", () => {
    const localS = s(2026, 3, 29, 2, 30);
    expect(localKind(localS)).toBe(LocalKind.MISSING);
    expect(utcFromLocalS(localS, LocalPick.EARLIER)).toBe(-(<i64>Err.INVALID_ARGUMENT));
    expect(utcFromLocalS(localS, LocalPick.LATER)).toBe(-(<i64>Err.INVALID_ARGUMENT));
    expect(localKind(s(2026, 3, 29, 2, 0))).toBe(LocalKind.MISSING);
    expect(localKind(s(2026, 3, 29, 1, 59))).toBe(LocalKind.UNIQUE);
    expect(localKind(s(2026, 3, 29, 3, 0))).toBe(LocalKind.UNIQUE);
  });

  it("maps the missing 02:30 on 2026-03-29 to 01:30 UTC (03:30 CEST) only with SHIFT_GAP", () => {
    const utcS = utcFromLocalS(s(2026, 3, 29, 2, 30), LocalPick.SHIFT_GAP);
    expect(utcS).toBe(s(2026, 3, 29, 1, 30));
    const shown = civilFromSeconds(localFromUtcS(utcS));
    expect(dtHour(shown)).toBe(3);
    expect(dtMinute(shown)).toBe(30);
  });

  it("the ambiguous 02:30 on 2026-10-25 maps to 00:30 or 01:30 UTC", () => {
    const localS = s(2026, 10, 25, 2, 30);
    expect(localKind(localS)).toBe(LocalKind.AMBIGUOUS);
    expect(utcFromLocalS(localS, LocalPick.EARLIER)).toBe(s(2026, 10, 25, 0, 30));
    expect(utcFromLocalS(localS, LocalPick.LATER)).toBe(s(2026, 10, 25, 1, 30));
    expect(localKind(s(2026, 10, 25, 1, 59))).toBe(LocalKind.UNIQUE);
    expect(localKind(s(2026, 10, 25, 3, 0))).toBe(LocalKind.UNIQUE);
  });

  it("round-trips every local quarter hour of 2024..2035 through UTC", () => {
    let mismatches = 0;
    for (let utcS = s(2024, 1, 1, 0, 0); utcS < s(2036, 1, 1, 0, 0); utcS += 900) {
      const localS = localFromUtcS(utcS);
      const later = localKind(localS) == LocalKind.AMBIGUOUS && !isDstAt(utcS);
      if (utcFromLocalS(localS, later ? LocalPick.LATER : LocalPick.EARLIER) != utcS) mismatches++;
    }
    expect(mismatches).toBe(0);
  });

  it("never shifts in Z15 000: 2026-07-01 12:00 UTC is 13:00 at +1 h", () => {
    expect(setTimezone(Z11_CET, 0)).toBe(Err.OK);
    expect(isDstAt(s(2026, 7, 1, 12, 0))).toBe(false);
    expect(localFromUtcS(s(2026, 7, 1, 12, 0))).toBe(s(2026, 7, 1, 13, 0));
    expect(localKind(s(2026, 3, 29, 2, 30))).toBe(LocalKind.UNIQUE);
  });

  it("uses 01:00 UTC in Finland too (+2 h): 2026-03-29 03:00 EET becomes 04:00 EEST", () => {
    expect(setTimezone(2, Z15_EU)).toBe(Err.OK);
    const startS = s(2026, 3, 29, 1, 0);
    expect(localFromUtcS(startS - 1)).toBe(s(2026, 3, 29, 2, 59) + 59);
    expect(localFromUtcS(startS)).toBe(s(2026, 3, 29, 4, 0));
  });

  it("keeps the date right across midnight at -5 h: 2026-01-01 03:00 UTC is 2025-12-31 22:00", () => {
    expect(setTimezone(19, 0)).toBe(Err.OK);
    const local = civilFromSeconds(localFromUtcS(s(2026, 1, 1, 3, 0)));
    expect(dtDay(local)).toBe(31);
    expect(dtHour(local)).toBe(22);
  });

  it("refuses instants before 2000 and after 9999-12-30 and a bad pick flag", () => {
    expect(localFromUtcS(CLOCK_MIN_UTC_S - 1)).toBe(-(<i64>Err.OUT_OF_RANGE));
    expect(localFromUtcS(CLOCK_MAX_UTC_S + 1)).toBe(-(<i64>Err.OUT_OF_RANGE));
    expect(utcFromLocalS(0, LocalPick.EARLIER)).toBe(-(<i64>Err.OUT_OF_RANGE));
    expect(utcFromLocalS(i64.MAX_VALUE, LocalPick.EARLIER)).toBe(-(<i64>Err.OUT_OF_RANGE));
    expect(utcFromLocalS(s(2026, 7, 1, 12, 0), 4)).toBe(-(<i64>Err.INVALID_ARGUMENT));
  });
});
