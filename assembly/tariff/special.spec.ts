// Special days table: insert, replace, delete, every-year entries, limits and refused entries.
import { Err } from "../errors";
import { passiveClear, passiveAddSwitch, ACTIVE_CALENDAR, CALENDAR_IMAGE_BYTES } from "./image";
import {
  specialDaysClear, specialDayInsert, specialDayDelete, specialDayIdOn, specialDayCount, specialDaysRestore,
  specialDayIndex, SPECIAL_DAYS, SPECIAL_DAYS_BYTES, MAX_SPECIAL_DAYS, EVERY_YEAR,
} from "./special";

const SCRATCH: usize = memory.data(SPECIAL_DAYS_BYTES, 8);

describe("special days", () => {
  beforeEach(() => {
    specialDaysClear();
    memory.fill(ACTIVE_CALENDAR, 0, <usize>CALENDAR_IMAGE_BYTES);
    passiveClear();
    passiveAddSwitch(4, 0, 0, 4);
    passiveAddSwitch(5, 0, 0, 3);
  });

  it("finds 2026-12-24 by date and misses 2027-12-24", () => {
    expect(specialDayInsert(7, 2026, 12, 24, 4)).toBe(Err.OK);
    expect(specialDayIdOn(2026, 12, 24)).toBe(4);
    expect(specialDayIdOn(2027, 12, 24)).toBe(-1);
  });

  it("prefers a dated 2026-12-25 entry over the every-year 25 December", () => {
    expect(specialDayInsert(1, EVERY_YEAR, 12, 25, 4)).toBe(Err.OK);
    expect(specialDayInsert(2, 2026, 12, 25, 5)).toBe(Err.OK);
    expect(specialDayIdOn(2026, 12, 25)).toBe(5);
    expect(specialDayIdOn(2031, 12, 25)).toBe(4);
  });

  it("accepts an every-year 29 February but refuses 2026-02-29 and 2100-02-29", () => {
    expect(specialDayInsert(1, EVERY_YEAR, 2, 29, 4)).toBe(Err.OK);
    expect(specialDayIdOn(2028, 2, 29)).toBe(4);
    expect(specialDayInsert(2, 2026, 2, 29, 4)).toBe(Err.INVALID_ARGUMENT);
    expect(specialDayInsert(3, 2100, 2, 29, 4)).toBe(Err.INVALID_ARGUMENT);
  });

  it("replaces the entry with the same index and refuses a date another index holds", () => {
    expect(specialDayInsert(1, 2026, 1, 6, 4)).toBe(Err.OK);
    expect(specialDayInsert(1, 2026, 1, 6, 5)).toBe(Err.OK);
    expect(specialDayCount()).toBe(1);
    expect(specialDayIdOn(2026, 1, 6)).toBe(5);
    expect(specialDayInsert(2, 2026, 1, 6, 4)).toBe(Err.INVALID_ARGUMENT);
  });

  it("refuses day id 9, which neither calendar has, and index 65536", () => {
    expect(specialDayInsert(1, 2026, 1, 6, 9)).toBe(Err.INVALID_ARGUMENT);
    expect(specialDayInsert(65536, 2026, 1, 6, 4)).toBe(Err.INVALID_ARGUMENT);
    expect(specialDayCount()).toBe(0);
  });

  it("holds 32 entries and refuses the 33rd with OUT_OF_RANGE", () => {
    for (let k = 0; k < MAX_SPECIAL_DAYS; k++) expect(specialDayInsert(k, 2026, 1 + k / 28, 1 + k % 28, 4)).toBe(Err.OK);
    expect(specialDayInsert(100, 2027, 1, 1, 4)).toBe(Err.OUT_OF_RANGE);
    expect(specialDayCount()).toBe(32);
  });

  it("deletes by index, moving the last entry into the hole", () => {
    specialDayInsert(10, 2026, 1, 1, 4);
    specialDayInsert(11, 2026, 1, 2, 4);
    specialDayInsert(12, 2026, 1, 3, 5);
    expect(specialDayDelete(10)).toBe(Err.OK);
    expect(specialDayCount()).toBe(2);
    expect(specialDayIndex(0)).toBe(12);
    expect(specialDayIdOn(2026, 1, 1)).toBe(-1);
    expect(specialDayIdOn(2026, 1, 3)).toBe(5);
    expect(specialDayDelete(10)).toBe(Err.INVALID_ARGUMENT);
  });

  it("restores a saved table and refuses one with 33 entries or month 13", () => {
    specialDayInsert(1, 2026, 5, 14, 4);
    memory.copy(SCRATCH, SPECIAL_DAYS, <usize>SPECIAL_DAYS_BYTES);
    specialDaysClear();
    expect(specialDaysRestore(SCRATCH)).toBe(Err.OK);
    expect(specialDayIdOn(2026, 5, 14)).toBe(4);
    store<u8>(SCRATCH + 8 + 4, 13);
    expect(specialDaysRestore(SCRATCH)).toBe(Err.INVALID_ARGUMENT);
    store<u8>(SCRATCH, 33);
    expect(specialDaysRestore(SCRATCH)).toBe(Err.OUT_OF_RANGE);
    expect(specialDayIdOn(2026, 5, 14)).toBe(4);
  });
});
