// Clock quality: status bits after power losses, adjustment versus set, summer time bit.
import { Err } from "../errors";
import { packDateTime, secondsFromCivil } from "./calendar";
import { setTimezone } from "./timezone";
import {
  ClockStatus, ClockChange, qualityReset, qualityRestore, qualityRecordLost, qualityBits, clockIsValid,
  clockStatusAt, qualityOnPowerUp, qualityOnClockWrite, qualityLastAdjustUtcS, SUPERCAP_BACKUP_S,
  BATTERY_BACKUP_S,
} from "./quality";

function s(year: i32, month: i32, day: i32, hour: i32, minute: i32): i64 {
  return secondsFromCivil(packDateTime(year, month, day, hour, minute, 0));
}

const T0: i64 = 1767225600; // 2026-01-01 00:00 UTC
const DAY_S: i64 = 86400;

describe("clock quality", () => {
  beforeEach(() => {
    setTimezone(1, 1);
    qualityReset();
  });

  it("starts as an invalid value (0x01) until the clock is set", () => {
    expect(qualityBits()).toBe(ClockStatus.INVALID_VALUE);
    expect(clockIsValid()).toBe(false);
    expect(qualityOnClockWrite(0, T0)).toBe(ClockChange.SET);
    expect(qualityBits()).toBe(ClockStatus.OK);
    expect(clockIsValid()).toBe(true);
  });

  it("sets bit 7 in summer: 0x80 on 2026-07-01, 0x00 on 2026-01-15", () => {
    qualityOnClockWrite(0, T0);
    expect(clockStatusAt(s(2026, 7, 1, 12, 0))).toBe(ClockStatus.DST_ACTIVE);
    expect(clockStatusAt(s(2026, 1, 15, 12, 0))).toBe(ClockStatus.OK);
    expect(clockStatusAt(s(2026, 3, 29, 1, 0))).toBe(ClockStatus.DST_ACTIVE);
  });

  it("keeps the time valid after 5 days on the supercap", () => {
    qualityOnClockWrite(0, T0);
    expect(qualityOnPowerUp(T0, T0 + 5 * DAY_S, 0)).toBe(ClockStatus.OK);
  });

  it("marks the time doubtful after 6 days on the supercap (more than 3/4 of 7 days)", () => {
    qualityOnClockWrite(0, T0);
    expect(qualityOnPowerUp(T0, T0 + 6 * DAY_S, 0)).toBe(ClockStatus.DOUBTFUL_VALUE);
  });

  it("marks the clock not set after 7 days + 1 s on the supercap", () => {
    qualityOnClockWrite(0, T0);
    expect(qualityOnPowerUp(T0, T0 + SUPERCAP_BACKUP_S, 0) & ClockStatus.INVALID_VALUE).toBe(0);
    qualityOnClockWrite(0, T0);
    expect(qualityOnPowerUp(T0, T0 + SUPERCAP_BACKUP_S + 1, 0)).toBe(ClockStatus.INVALID_VALUE);
  });

  it("keeps the time valid after 30 days with the battery (X12 = 1), not after 10 years + 1 s", () => {
    qualityOnClockWrite(0, T0);
    expect(qualityOnPowerUp(T0, T0 + 30 * DAY_S, 1)).toBe(ClockStatus.OK);
    expect(qualityOnPowerUp(T0, T0 + BATTERY_BACKUP_S + 1, 1)).toBe(ClockStatus.INVALID_VALUE);
  });

  it("marks the clock not set when the RTC reads earlier than before the loss or before 2000", () => {
    qualityOnClockWrite(0, T0);
    expect(qualityOnPowerUp(T0, T0 - 1, 0)).toBe(ClockStatus.INVALID_VALUE);
    qualityOnClockWrite(0, T0);
    expect(qualityOnPowerUp(T0, 0, 0)).toBe(ClockStatus.INVALID_VALUE);
    qualityOnClockWrite(0, T0);
    expect(qualityOnPowerUp(-1, T0, 0)).toBe(ClockStatus.INVALID_VALUE);
  });

  it("refuses X12 code 2 without touching the bits", () => {
    qualityOnClockWrite(0, T0);
    expect(qualityOnPowerUp(T0, T0 + 8 * DAY_S, 2)).toBe(-Err.INVALID_ARGUMENT);
    expect(qualityBits()).toBe(ClockStatus.OK);
  });

  it("counts +300 s as an adjustment and +301 s as a set", () => {
    qualityOnClockWrite(0, T0);
    expect(qualityOnClockWrite(T0 + 1000, T0 + 1300)).toBe(ClockChange.ADJUSTED);
    expect(qualityOnClockWrite(T0 + 2 * DAY_S, T0 + 2 * DAY_S + 301)).toBe(ClockChange.SET);
  });

  it("counts -300 s as an adjustment and -301 s as a set", () => {
    qualityOnClockWrite(0, T0);
    expect(qualityOnClockWrite(T0 + 1000, T0 + 700)).toBe(ClockChange.ADJUSTED);
    expect(qualityOnClockWrite(T0 + 2 * DAY_S, T0 + 2 * DAY_S - 301)).toBe(ClockChange.SET);
  });

  it("allows one adjustment per 24 h: a second +10 s after 23 h is a set, after 24 h an adjustment", () => {
    qualityOnClockWrite(0, T0);
    expect(qualityOnClockWrite(T0 + 100, T0 + 110)).toBe(ClockChange.ADJUSTED);
    expect(qualityLastAdjustUtcS()).toBe(T0 + 110);
    expect(qualityOnClockWrite(T0 + 110 + 23 * 3600, T0 + 120 + 23 * 3600)).toBe(ClockChange.SET);
    expect(qualityOnClockWrite(T0 + 1000, T0 + 1010)).toBe(ClockChange.ADJUSTED);
    expect(qualityOnClockWrite(T0 + 1010 + DAY_S, T0 + 1020 + DAY_S)).toBe(ClockChange.ADJUSTED);
  });

  it("never adjusts an invalid or doubtful clock: +1 s on it is a set that clears the bits", () => {
    expect(qualityOnClockWrite(T0, T0 + 1)).toBe(ClockChange.SET);
    qualityOnPowerUp(T0, T0 + 6 * DAY_S, 0);
    expect(qualityBits()).toBe(ClockStatus.DOUBTFUL_VALUE);
    expect(qualityOnClockWrite(T0 + 6 * DAY_S, T0 + 6 * DAY_S + 1)).toBe(ClockChange.SET);
    expect(qualityBits()).toBe(ClockStatus.OK);
  });

  it("refuses writing 1999-12-31 23:59:59 or 9999-12-31 and keeps the clock invalid", () => {
    expect(qualityOnClockWrite(0, 946684799)).toBe(-Err.OUT_OF_RANGE);
    expect(qualityOnClockWrite(0, s(9999, 12, 31, 0, 0))).toBe(-Err.OUT_OF_RANGE);
    expect(qualityBits()).toBe(ClockStatus.INVALID_VALUE);
  });

  it("restores persisted bits, refuses bit 7 or bit 4 in them, and marks a lost record 0x09", () => {
    expect(qualityRestore(ClockStatus.DOUBTFUL_VALUE, T0)).toBe(Err.OK);
    expect(qualityBits()).toBe(ClockStatus.DOUBTFUL_VALUE);
    expect(qualityLastAdjustUtcS()).toBe(T0);
    expect(qualityRestore(0x80, -1)).toBe(Err.INVALID_ARGUMENT);
    expect(qualityRestore(0x10, -1)).toBe(Err.INVALID_ARGUMENT);
    expect(qualityRestore(0, 5)).toBe(Err.INVALID_ARGUMENT);
    expect(qualityBits()).toBe(ClockStatus.DOUBTFUL_VALUE);
    qualityRecordLost();
    expect(qualityBits()).toBe(ClockStatus.INVALID_VALUE | ClockStatus.INVALID_STATUS);
  });
});
