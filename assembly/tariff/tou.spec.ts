// Time-of-use calendar: two seasons, weekends, special days, boundary seconds, refused calendars, activation.
import { Err } from "../errors";
import { packDateTime, secondsFromCivil } from "../clock/calendar";
import { setTimezone, localFromUtcS } from "../clock/timezone";
import {
  passiveClear, passiveAddSeason, passiveAddWeek, passiveAddSwitch, passiveSetActivationUtcS,
  calendarValidate, PASSIVE_CALENDAR, ACTIVE_CALENDAR, CALENDAR_IMAGE_BYTES, seasonCount,
  activationUtcS, MAX_SWITCHES, MAX_DAY_PROFILES,
} from "./image";
import { specialDaysClear, specialDayInsert, EVERY_YEAR } from "./special";
import {
  calendarActivatePassive, calendarTick, calendarRestore, tariffAtLocalS, tariffAtLocalCivil, nextSwitchLocalS,
  Activation,
} from "./tou";

function at(year: i32, month: i32, day: i32, hour: i32, minute: i32, second: i32): i64 {
  return secondsFromCivil(packDateTime(year, month, day, hour, minute, second));
}

const WORKDAY: i32 = 1;   // 00:00 T2, 06:00 T1, 22:00 T2
const WEEKEND: i32 = 2;   // 00:00 T2
const SUMMER_DAY: i32 = 3; // 07:00 T1, 21:00 T3: no 00:00 switch, the night carries over
const HOLIDAY: i32 = 4;   // 00:00 T4
const WINTER: i32 = 10;
const SUMMER: i32 = 20;

// Summer from 1 April, winter from 1 October; January lies in the winter season of the year before.
function buildTwoSeasons(): void {
  passiveClear();
  passiveAddSwitch(WORKDAY, 0, 0, 2);
  passiveAddSwitch(WORKDAY, 6, 0, 1);
  passiveAddSwitch(WORKDAY, 22, 0, 2);
  passiveAddSwitch(WEEKEND, 0, 0, 2);
  passiveAddSwitch(SUMMER_DAY, 7, 0, 1);
  passiveAddSwitch(SUMMER_DAY, 21, 0, 3);
  passiveAddSwitch(HOLIDAY, 0, 0, 4);
  passiveAddWeek(WINTER, WORKDAY, WORKDAY, WORKDAY, WORKDAY, WORKDAY, WEEKEND, WEEKEND);
  passiveAddWeek(SUMMER, SUMMER_DAY, SUMMER_DAY, SUMMER_DAY, SUMMER_DAY, SUMMER_DAY, WEEKEND, WEEKEND);
  passiveAddSeason(4, 1, SUMMER);
  passiveAddSeason(10, 1, WINTER);
}

// Every day T3 from 00:00: easy to tell apart from the two-season calendar.
function buildFlatT3(): void {
  passiveClear();
  passiveAddSwitch(1, 0, 0, 3);
  passiveAddWeek(1, 1, 1, 1, 1, 1, 1, 1);
  passiveAddSeason(1, 1, 1);
}

describe("time-of-use calendar", () => {
  beforeEach(() => {
    specialDaysClear();
    memory.fill(ACTIVE_CALENDAR, 0, <usize>CALENDAR_IMAGE_BYTES);
    buildTwoSeasons();
    expect(calendarActivatePassive()).toBe(Err.OK);
  });

  it("selects no tariff (0) from an empty calendar", () => {
    memory.fill(ACTIVE_CALENDAR, 0, <usize>CALENDAR_IMAGE_BYTES);
    expect(tariffAtLocalS(at(2026, 1, 14, 12, 0, 0))).toBe(0);
    expect(nextSwitchLocalS(at(2026, 1, 14, 12, 0, 0))).toBe(-1);
  });

  it("switches exactly at the boundary second: 2026-01-14 05:59:59 T2, 06:00:00 T1, 22:00:00 T2", () => {
    expect(tariffAtLocalS(at(2026, 1, 14, 0, 0, 0))).toBe(2);
    expect(tariffAtLocalS(at(2026, 1, 14, 5, 59, 59))).toBe(2);
    expect(tariffAtLocalS(at(2026, 1, 14, 6, 0, 0))).toBe(1);
    expect(tariffAtLocalS(at(2026, 1, 14, 21, 59, 59))).toBe(1);
    expect(tariffAtLocalS(at(2026, 1, 14, 22, 0, 0))).toBe(2);
    expect(tariffAtLocalS(at(2026, 1, 14, 23, 59, 59))).toBe(2);
  });

  it("keeps T2 all weekend: Saturday 2026-01-17 and Sunday 2026-01-18 at 12:00", () => {
    expect(tariffAtLocalS(at(2026, 1, 17, 12, 0, 0))).toBe(2);
    expect(tariffAtLocalS(at(2026, 1, 18, 12, 0, 0))).toBe(2);
    expect(tariffAtLocalS(at(2026, 1, 19, 12, 0, 0))).toBe(1);
  });

  it("uses the winter season of 2025 on 2026-01-01 (seasons wrap over New Year)", () => {
    expect(tariffAtLocalS(at(2026, 1, 1, 6, 30, 0))).toBe(1);
    expect(tariffAtLocalS(at(2025, 12, 31, 23, 0, 0))).toBe(2);
  });

  it("changes season on 2026-04-01 00:00: 2026-03-31 12:00 winter T1, 2026-04-01 12:00 summer T1, 21:00 T3", () => {
    expect(tariffAtLocalS(at(2026, 3, 31, 22, 0, 0))).toBe(2);
    expect(tariffAtLocalS(at(2026, 4, 1, 6, 59, 59))).toBe(2); // carried over from 22:00 on 31 March
    expect(tariffAtLocalS(at(2026, 4, 1, 7, 0, 0))).toBe(1);
    expect(tariffAtLocalS(at(2026, 4, 1, 21, 0, 0))).toBe(3);
    expect(tariffAtLocalS(at(2026, 10, 1, 5, 0, 0))).toBe(2);
    expect(tariffAtLocalS(at(2026, 9, 30, 23, 0, 0))).toBe(3);
  });

  it("carries the previous day's last switch before the first: 2026-07-15 06:59 T3, 2026-07-13 03:00 T2", () => {
    expect(tariffAtLocalS(at(2026, 7, 15, 6, 59, 59))).toBe(3); // Tuesday ended at 21:00 T3
    expect(tariffAtLocalS(at(2026, 7, 13, 3, 0, 0))).toBe(2); // Sunday's T2 continues into Monday
  });

  it("puts a special day over the week: 2026-05-14 T4 all day, 2027-05-14 back to T1", () => {
    expect(specialDayInsert(1, 2026, 5, 14, HOLIDAY)).toBe(Err.OK);
    expect(tariffAtLocalS(at(2026, 5, 14, 12, 0, 0))).toBe(4);
    expect(tariffAtLocalS(at(2026, 5, 15, 6, 0, 0))).toBe(4); // the holiday's T4 carries over
    expect(tariffAtLocalS(at(2026, 5, 15, 7, 0, 0))).toBe(1);
    expect(tariffAtLocalS(at(2027, 5, 14, 12, 0, 0))).toBe(1);
  });

  it("repeats an every-year special day: 25 December 2026 (Friday) and 2027 (Saturday) are T4", () => {
    expect(specialDayInsert(2, EVERY_YEAR, 12, 25, HOLIDAY)).toBe(Err.OK);
    expect(tariffAtLocalS(at(2026, 12, 25, 12, 0, 0))).toBe(4);
    expect(tariffAtLocalS(at(2027, 12, 25, 12, 0, 0))).toBe(4);
    expect(tariffAtLocalS(at(2026, 12, 24, 12, 0, 0))).toBe(1);
  });

  it("switches at 06:00 CEST on Monday 2026-03-30, which is 04:00:00 UTC", () => {
    setTimezone(1, 1);
    expect(tariffAtLocalS(localFromUtcS(at(2026, 3, 30, 3, 59, 59)))).toBe(2);
    expect(tariffAtLocalS(localFromUtcS(at(2026, 3, 30, 4, 0, 0)))).toBe(1);
  });

  it("takes a packed local date-time: 2026-01-14 06:00:00 is T1, 2026-02-30 is refused", () => {
    expect(tariffAtLocalCivil(packDateTime(2026, 1, 14, 6, 0, 0))).toBe(1);
    expect(tariffAtLocalCivil(packDateTime(2026, 1, 14, 5, 59, 59))).toBe(2);
    expect(tariffAtLocalCivil(packDateTime(2026, 2, 30, 6, 0, 0))).toBe(-Err.INVALID_ARGUMENT);
  });

  it("applies a 02:30 switch in the missing hour at 03:00 CEST and twice in the repeated hour", () => {
    passiveClear();
    passiveAddSwitch(1, 0, 0, 1);
    passiveAddSwitch(1, 2, 30, 2);
    passiveAddWeek(1, 1, 1, 1, 1, 1, 1, 1);
    passiveAddSeason(1, 1, 1);
    expect(calendarActivatePassive()).toBe(Err.OK);
    setTimezone(1, 1);
    // 2026-03-29: 00:59:59 UTC is 01:59:59 CET (T1), 01:00:00 UTC is 03:00:00 CEST (T2).
    expect(tariffAtLocalS(localFromUtcS(at(2026, 3, 29, 0, 59, 59)))).toBe(1);
    expect(tariffAtLocalS(localFromUtcS(at(2026, 3, 29, 1, 0, 0)))).toBe(2);
    // 2026-10-25: 02:30 CEST (00:30 UTC) T2, 02:00 CET (01:00 UTC) T1 again, 02:30 CET (01:30 UTC) T2.
    expect(tariffAtLocalS(localFromUtcS(at(2026, 10, 25, 0, 30, 0)))).toBe(2);
    expect(tariffAtLocalS(localFromUtcS(at(2026, 10, 25, 1, 0, 0)))).toBe(1);
    expect(tariffAtLocalS(localFromUtcS(at(2026, 10, 25, 1, 30, 0)))).toBe(2);
  });

  it("finds the next switch: after 2026-01-14 12:00 at 22:00, after Friday 23:00 on Monday 06:00", () => {
    expect(nextSwitchLocalS(at(2026, 1, 14, 12, 0, 0))).toBe(at(2026, 1, 14, 22, 0, 0));
    expect(nextSwitchLocalS(at(2026, 1, 16, 23, 0, 0))).toBe(at(2026, 1, 19, 6, 0, 0));
  });

  it("refuses local times before 1970-01-02 and after 9999", () => {
    expect(tariffAtLocalS(0)).toBe(-Err.OUT_OF_RANGE);
    expect(tariffAtLocalS(i64.MAX_VALUE)).toBe(-Err.OUT_OF_RANGE);
  });
});

describe("calendar validation and activation", () => {
  beforeEach(() => {
    specialDaysClear();
    memory.fill(ACTIVE_CALENDAR, 0, <usize>CALENDAR_IMAGE_BYTES);
    buildTwoSeasons();
    expect(calendarActivatePassive()).toBe(Err.OK);
  });

  it("refuses unsorted switch times 22:00 before 06:00 and keeps the old calendar", () => {
    passiveClear();
    passiveAddSwitch(1, 22, 0, 2);
    passiveAddSwitch(1, 6, 0, 1);
    passiveAddWeek(1, 1, 1, 1, 1, 1, 1, 1);
    passiveAddSeason(1, 1, 1);
    expect(calendarActivatePassive()).toBe(Err.INVALID_ARGUMENT);
    expect(tariffAtLocalS(at(2026, 1, 17, 12, 0, 0))).toBe(2);
    expect(seasonCount(ACTIVE_CALENDAR)).toBe(2);
  });

  it("refuses two switches at 06:00", () => {
    passiveClear();
    passiveAddSwitch(1, 6, 0, 1);
    passiveAddSwitch(1, 6, 0, 2);
    passiveAddWeek(1, 1, 1, 1, 1, 1, 1, 1);
    passiveAddSeason(1, 1, 1);
    expect(calendarValidate(PASSIVE_CALENDAR)).toBe(Err.INVALID_ARGUMENT);
  });

  it("refuses a week naming day id 9 that has no profile", () => {
    buildFlatT3();
    passiveAddWeek(2, 1, 1, 1, 1, 1, 1, 9);
    expect(calendarValidate(PASSIVE_CALENDAR)).toBe(Err.INVALID_ARGUMENT);
  });

  it("refuses a season naming week id 7 that does not exist, and seasons out of order", () => {
    buildFlatT3();
    passiveAddSeason(6, 1, 7);
    expect(calendarValidate(PASSIVE_CALENDAR)).toBe(Err.INVALID_ARGUMENT);
    buildFlatT3();
    passiveAddSeason(1, 1, 1); // 1 January twice
    expect(calendarValidate(PASSIVE_CALENDAR)).toBe(Err.INVALID_ARGUMENT);
  });

  it("refuses duplicate week ids", () => {
    buildFlatT3();
    passiveAddWeek(1, 1, 1, 1, 1, 1, 1, 1);
    expect(calendarValidate(PASSIVE_CALENDAR)).toBe(Err.INVALID_ARGUMENT);
  });

  it("refuses the 5th season, 5th week, 9th day profile and 9th switch with OUT_OF_RANGE", () => {
    passiveClear();
    expect(passiveAddSeason(1, 1, 1)).toBe(Err.OK);
    expect(passiveAddSeason(2, 1, 1)).toBe(Err.OK);
    expect(passiveAddSeason(3, 1, 1)).toBe(Err.OK);
    expect(passiveAddSeason(4, 1, 1)).toBe(Err.OK);
    expect(passiveAddSeason(5, 1, 1)).toBe(Err.OUT_OF_RANGE);
    for (let k = 0; k < 4; k++) expect(passiveAddWeek(k, 0, 0, 0, 0, 0, 0, 0)).toBe(Err.OK);
    expect(passiveAddWeek(4, 0, 0, 0, 0, 0, 0, 0)).toBe(Err.OUT_OF_RANGE);
    for (let k = 0; k < MAX_DAY_PROFILES; k++) expect(passiveAddSwitch(k, 0, 0, 1)).toBe(Err.OK);
    expect(passiveAddSwitch(MAX_DAY_PROFILES, 0, 0, 1)).toBe(Err.OUT_OF_RANGE);
    for (let s = 1; s < MAX_SWITCHES; s++) expect(passiveAddSwitch(0, s, 0, 1)).toBe(Err.OK);
    expect(passiveAddSwitch(0, 23, 0, 1)).toBe(Err.OUT_OF_RANGE);
  });

  it("refuses tariff 0 and 5, 24:00, 12:60, 29 February and 31 April as season start", () => {
    passiveClear();
    expect(passiveAddSwitch(1, 6, 0, 0)).toBe(Err.INVALID_ARGUMENT);
    expect(passiveAddSwitch(1, 6, 0, 5)).toBe(Err.INVALID_ARGUMENT);
    expect(passiveAddSwitch(1, 24, 0, 1)).toBe(Err.INVALID_ARGUMENT);
    expect(passiveAddSwitch(1, 12, 60, 1)).toBe(Err.INVALID_ARGUMENT);
    expect(passiveAddSwitch(256, 12, 0, 1)).toBe(Err.INVALID_ARGUMENT);
    expect(passiveAddSeason(2, 29, 1)).toBe(Err.INVALID_ARGUMENT);
    expect(passiveAddSeason(4, 31, 1)).toBe(Err.INVALID_ARGUMENT);
    expect(passiveAddSeason(13, 1, 1)).toBe(Err.INVALID_ARGUMENT);
  });

  it("refuses a raw image with 200 seasons or a switch at minute 1440 without reading past it", () => {
    buildFlatT3();
    store<u8>(PASSIVE_CALENDAR, 200);
    expect(calendarActivatePassive()).toBe(Err.OUT_OF_RANGE);
    buildFlatT3();
    store<u16>(PASSIVE_CALENDAR + 64 + 4, 1440);
    expect(calendarActivatePassive()).toBe(Err.INVALID_ARGUMENT);
    expect(tariffAtLocalS(at(2026, 1, 14, 12, 0, 0))).toBe(1);
  });

  it("activates the passive calendar at 2026-06-01 00:00:00 UTC, not a second earlier, and once", () => {
    buildFlatT3();
    const whenS = at(2026, 6, 1, 0, 0, 0);
    expect(passiveSetActivationUtcS(whenS)).toBe(Err.OK);
    expect(calendarTick(whenS - 1)).toBe(Activation.NONE);
    expect(tariffAtLocalS(at(2026, 6, 2, 12, 0, 0))).toBe(1);
    expect(calendarTick(whenS)).toBe(Activation.ACTIVATED);
    expect(tariffAtLocalS(at(2026, 6, 2, 12, 0, 0))).toBe(3);
    expect(activationUtcS(PASSIVE_CALENDAR)).toBe(0);
    expect(calendarTick(whenS + 1)).toBe(Activation.NONE);
  });

  it("reports a refused passive calendar once at its activation time and keeps the old one", () => {
    buildFlatT3();
    passiveAddWeek(2, 1, 1, 1, 1, 1, 1, 9);
    const whenS = at(2026, 6, 1, 0, 0, 0);
    passiveSetActivationUtcS(whenS);
    expect(calendarTick(whenS)).toBe(-Err.INVALID_ARGUMENT);
    expect(calendarTick(whenS + 1)).toBe(Activation.NONE);
    expect(tariffAtLocalS(at(2026, 6, 2, 12, 0, 0))).toBe(1);
  });

  it("refuses an activation time before 2000", () => {
    expect(passiveSetActivationUtcS(12345)).toBe(Err.OUT_OF_RANGE);
    expect(passiveSetActivationUtcS(0)).toBe(Err.OK);
  });

  it("restores a valid image into the active slot and refuses a corrupt one", () => {
    buildFlatT3();
    expect(calendarRestore(true, PASSIVE_CALENDAR)).toBe(Err.OK);
    expect(tariffAtLocalS(at(2026, 1, 14, 12, 0, 0))).toBe(3);
    buildTwoSeasons();
    store<u8>(PASSIVE_CALENDAR + 2, 9); // 9 day profiles
    expect(calendarRestore(true, PASSIVE_CALENDAR)).toBe(Err.OUT_OF_RANGE);
    expect(tariffAtLocalS(at(2026, 1, 14, 12, 0, 0))).toBe(3);
  });
});
