// Special days table (COSEM class 11): dates, once or every year, that replace the week profile's day.
import { Err } from "../errors";
import { checkDate, daysInMonth, MIN_YEAR, MAX_YEAR } from "../clock/calendar";
import { ACTIVE_CALENDAR, PASSIVE_CALENDAR, findDayProfile } from "./image";

export const MAX_SPECIAL_DAYS: i32 = 32;
// COSEM date wildcard for the year: the entry repeats every year.
export const EVERY_YEAR: i32 = 0xffff;

// Layout: count u8 at 0, entries from 8: index u16, year u16, month u8, day u8, dayId u8, pad.
// Plain data, so NVM can store the table as is and restore it through specialDaysRestore.
const OFF_COUNT: usize = 0;
const OFF_ENTRIES: usize = 8;
const ENTRY_BYTES: usize = 8;
export const SPECIAL_DAYS_BYTES: i32 = <i32>(OFF_ENTRIES + <usize>MAX_SPECIAL_DAYS * ENTRY_BYTES);
export const SPECIAL_DAYS: usize = memory.data(SPECIAL_DAYS_BYTES, 8);

function entryAt(k: i32): usize { return SPECIAL_DAYS + OFF_ENTRIES + <usize>k * ENTRY_BYTES; }
export function specialDayCount(): i32 { return <i32>load<u8>(SPECIAL_DAYS + OFF_COUNT); }
export function specialDayIndex(k: i32): i32 { return <i32>load<u16>(entryAt(k)); }
export function specialDayYear(k: i32): i32 { return <i32>load<u16>(entryAt(k), 2); }
export function specialDayMonth(k: i32): i32 { return <i32>load<u8>(entryAt(k), 4); }
export function specialDayDay(k: i32): i32 { return <i32>load<u8>(entryAt(k), 5); }
export function specialDayDayId(k: i32): i32 { return <i32>load<u8>(entryAt(k), 6); }

function dateOk(year: i32, month: i32, day: i32): bool {
  // An every-year 29 February applies in leap years only, so it is accepted.
  if (year == EVERY_YEAR) return day >= 1 && day <= daysInMonth(2000, month);
  return checkDate(year, month, day) == Err.OK;
}

function slotOfIndex(index: i32): i32 {
  const n = specialDayCount();
  for (let k = 0; k < n; k++) if (specialDayIndex(k) == index) return k;
  return -1;
}

export function specialDaysClear(): void {
  store<u8>(SPECIAL_DAYS + OFF_COUNT, 0);
}

// COSEM insert: an entry with the same index is replaced. Refuses with INVALID_ARGUMENT a bad
// date, a day id in neither the active nor the passive calendar (so either may be loaded
// first), or a date another index already holds; with OUT_OF_RANGE a full table.
export function specialDayInsert(index: i32, year: i32, month: i32, day: i32, dayId: i32): Err {
  if (index < 0 || index > 0xffff || dayId < 0 || dayId > 255) return Err.INVALID_ARGUMENT;
  if (!dateOk(year, month, day)) return Err.INVALID_ARGUMENT;
  if (findDayProfile(ACTIVE_CALENDAR, dayId) < 0 && findDayProfile(PASSIVE_CALENDAR, dayId) < 0) {
    return Err.INVALID_ARGUMENT;
  }
  const n = specialDayCount();
  for (let k = 0; k < n; k++) {
    if (specialDayIndex(k) != index && specialDayYear(k) == year && specialDayMonth(k) == month
      && specialDayDay(k) == day) return Err.INVALID_ARGUMENT;
  }
  let slot = slotOfIndex(index);
  if (slot < 0) {
    if (n >= MAX_SPECIAL_DAYS) return Err.OUT_OF_RANGE;
    slot = n;
    store<u8>(SPECIAL_DAYS + OFF_COUNT, <u8>(n + 1));
  }
  const p = entryAt(slot);
  store<u16>(p, <u16>index);
  store<u16>(p, <u16>year, 2);
  store<u8>(p, <u8>month, 4);
  store<u8>(p, <u8>day, 5);
  store<u8>(p, <u8>dayId, 6);
  return Err.OK;
}

// COSEM delete by index; the last entry fills the hole, as order carries no meaning.
export function specialDayDelete(index: i32): Err {
  const slot = slotOfIndex(index);
  if (slot < 0) return Err.INVALID_ARGUMENT;
  const last = specialDayCount() - 1;
  if (slot != last) store<u64>(entryAt(slot), load<u64>(entryAt(last)));
  store<u8>(SPECIAL_DAYS + OFF_COUNT, <u8>last);
  return Err.OK;
}

// Day id replacing the week profile on that date, or -1. A dated entry beats an every-year one.
export function specialDayIdOn(year: i32, month: i32, day: i32): i32 {
  const n = specialDayCount();
  let yearly = -1;
  for (let k = 0; k < n; k++) {
    if (specialDayMonth(k) != month || specialDayDay(k) != day) continue;
    const y = specialDayYear(k);
    if (y == year) return specialDayDayId(k);
    if (y == EVERY_YEAR) yearly = specialDayDayId(k);
  }
  return yearly;
}

// Takes a table image (e.g. from NVM) after checking every entry; the old table stays on refusal.
// Day ids are not checked here: the calendar may be restored after the table.
export function specialDaysRestore(src: usize): Err {
  const n = <i32>load<u8>(src + OFF_COUNT);
  if (n > MAX_SPECIAL_DAYS) return Err.OUT_OF_RANGE;
  for (let k = 0; k < n; k++) {
    const p = src + OFF_ENTRIES + <usize>k * ENTRY_BYTES;
    const year = <i32>load<u16>(p, 2);
    if (year != EVERY_YEAR && (year < MIN_YEAR || year > MAX_YEAR)) return Err.INVALID_ARGUMENT;
    if (!dateOk(year, <i32>load<u8>(p, 4), <i32>load<u8>(p, 5))) return Err.INVALID_ARGUMENT;
  }
  memory.copy(SPECIAL_DAYS, src, <usize>SPECIAL_DAYS_BYTES);
  return Err.OK;
}
