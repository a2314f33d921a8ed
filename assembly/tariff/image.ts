// Activity calendar images (COSEM class 20): fixed-size static buffers for the active and passive calendar, builders and validation.
import { Err } from "../errors";
import { daysInMonth } from "../clock/calendar";
import { CLOCK_MIN_UTC_S, CLOCK_MAX_UTC_S } from "../clock/timezone";

// Limits of one calendar; a meter tariff plan rarely needs more, and the image stays at 352 bytes.
export const MAX_SEASONS: i32 = 4;
export const MAX_WEEKS: i32 = 4;
export const MAX_DAY_PROFILES: i32 = 8;
export const MAX_SWITCHES: i32 = 8;
export const TARIFF_MAX: i32 = 4;
export const MINUTES_PER_DAY: i32 = 1440;

// Image layout in bytes. The image is position-independent plain data, so NVM can store it
// as is (with its own CRC) and restore it through calendarRestore.
const OFF_SEASON_COUNT: usize = 0;
const OFF_WEEK_COUNT: usize = 1;
const OFF_DAY_COUNT: usize = 2;
// i64 UTC seconds of the passive calendar's activation; 0 = none pending.
const OFF_ACTIVATION: usize = 8;
// Season: month u8, day u8, weekId u8, pad; starts at 00:00 local of that date every year.
const OFF_SEASONS: usize = 16;
const SEASON_BYTES: usize = 4;
// Week: weekId u8, then the day ids of Monday..Sunday.
const OFF_WEEKS: usize = 32;
const WEEK_BYTES: usize = 8;
// Day profile: dayId u8, switchCount u8, pad 2, then switches of minuteOfDay u16, tariff u8, pad.
const OFF_DAYS: usize = 64;
const DAY_HEADER_BYTES: usize = 4;
const SWITCH_BYTES: usize = 4;
const DAY_BYTES: usize = DAY_HEADER_BYTES + <usize>MAX_SWITCHES * SWITCH_BYTES;
export const CALENDAR_IMAGE_BYTES: i32 = <i32>(OFF_DAYS + <usize>MAX_DAY_PROFILES * DAY_BYTES);

export const ACTIVE_CALENDAR: usize = memory.data(CALENDAR_IMAGE_BYTES, 8);
export const PASSIVE_CALENDAR: usize = memory.data(CALENDAR_IMAGE_BYTES, 8);

// Readers. Counts are only trusted in validated images; validate clamps nothing, it refuses.
export function seasonCount(img: usize): i32 { return <i32>load<u8>(img + OFF_SEASON_COUNT); }
export function weekCount(img: usize): i32 { return <i32>load<u8>(img + OFF_WEEK_COUNT); }
export function dayProfileCount(img: usize): i32 { return <i32>load<u8>(img + OFF_DAY_COUNT); }
export function activationUtcS(img: usize): i64 { return load<i64>(img + OFF_ACTIVATION); }

function seasonAt(img: usize, k: i32): usize { return img + OFF_SEASONS + <usize>k * SEASON_BYTES; }
export function seasonMonth(img: usize, k: i32): i32 { return <i32>load<u8>(seasonAt(img, k)); }
export function seasonDay(img: usize, k: i32): i32 { return <i32>load<u8>(seasonAt(img, k), 1); }
export function seasonWeekId(img: usize, k: i32): i32 { return <i32>load<u8>(seasonAt(img, k), 2); }

function weekAt(img: usize, k: i32): usize { return img + OFF_WEEKS + <usize>k * WEEK_BYTES; }
export function weekId(img: usize, k: i32): i32 { return <i32>load<u8>(weekAt(img, k)); }
// dayOfWeek 1 = Monday .. 7 = Sunday.
export function weekDayId(img: usize, k: i32, dayOfWeek: i32): i32 {
  return <i32>load<u8>(weekAt(img, k) + <usize>dayOfWeek);
}

function dayAt(img: usize, k: i32): usize { return img + OFF_DAYS + <usize>k * DAY_BYTES; }
export function dayProfileId(img: usize, k: i32): i32 { return <i32>load<u8>(dayAt(img, k)); }
export function switchCount(img: usize, k: i32): i32 { return <i32>load<u8>(dayAt(img, k), 1); }
function switchAt(img: usize, k: i32, s: i32): usize {
  return dayAt(img, k) + DAY_HEADER_BYTES + <usize>s * SWITCH_BYTES;
}
export function switchMinute(img: usize, k: i32, s: i32): i32 { return <i32>load<u16>(switchAt(img, k, s)); }
export function switchTariff(img: usize, k: i32, s: i32): i32 { return <i32>load<u8>(switchAt(img, k, s), 2); }

// Slot of a week or day profile by id, or -1.
export function findWeek(img: usize, id: i32): i32 {
  const n = weekCount(img);
  for (let k = 0; k < n; k++) if (weekId(img, k) == id) return k;
  return -1;
}

export function findDayProfile(img: usize, id: i32): i32 {
  const n = dayProfileCount(img);
  for (let k = 0; k < n; k++) if (dayProfileId(img, k) == id) return k;
  return -1;
}

// Seasons repeat every year, so 29 February is refused as a start: it would not exist in most years.
function seasonDateOk(month: i32, day: i32): bool {
  return day >= 1 && day <= daysInMonth(2001, month);
}

function idOk(id: i32): bool { return id >= 0 && id <= 255; }

// Builders: the wiring (COSEM writes of the passive attributes, or a Z20 preset) appends entries
// in the order received; order, duplicates and references are checked by calendarValidate.
export function passiveClear(): void {
  memory.fill(PASSIVE_CALENDAR, 0, <usize>CALENDAR_IMAGE_BYTES);
}

// Empties one part of the passive calendar (0 seasons, 1 weeks, 2 day profiles) before a COSEM write refills it.
export function passiveClearPart(part: i32): void {
  if (part >= 0 && part <= 2) store<u8>(PASSIVE_CALENDAR + <usize>part, 0);
}

export function passiveAddSeason(month: i32, day: i32, weekIdRef: i32): Err {
  if (!seasonDateOk(month, day) || !idOk(weekIdRef)) return Err.INVALID_ARGUMENT;
  const n = seasonCount(PASSIVE_CALENDAR);
  if (n >= MAX_SEASONS) return Err.OUT_OF_RANGE;
  const p = seasonAt(PASSIVE_CALENDAR, n);
  store<u8>(p, <u8>month);
  store<u8>(p, <u8>day, 1);
  store<u8>(p, <u8>weekIdRef, 2);
  store<u8>(PASSIVE_CALENDAR + OFF_SEASON_COUNT, <u8>(n + 1));
  return Err.OK;
}

export function passiveAddWeek(id: i32, mon: i32, tue: i32, wed: i32, thu: i32, fri: i32, sat: i32, sun: i32): Err {
  if (!idOk(id) || !idOk(mon) || !idOk(tue) || !idOk(wed) || !idOk(thu) || !idOk(fri) || !idOk(sat) || !idOk(sun)) {
    return Err.INVALID_ARGUMENT;
  }
  const n = weekCount(PASSIVE_CALENDAR);
  if (n >= MAX_WEEKS) return Err.OUT_OF_RANGE;
  const p = weekAt(PASSIVE_CALENDAR, n);
  store<u8>(p, <u8>id);
  store<u8>(p, <u8>mon, 1);
  store<u8>(p, <u8>tue, 2);
  store<u8>(p, <u8>wed, 3);
  store<u8>(p, <u8>thu, 4);
  store<u8>(p, <u8>fri, 5);
  store<u8>(p, <u8>sat, 6);
  store<u8>(p, <u8>sun, 7);
  store<u8>(PASSIVE_CALENDAR + OFF_WEEK_COUNT, <u8>(n + 1));
  return Err.OK;
}

// Appends a switch to day profile dayId, creating the profile on its first switch.
export function passiveAddSwitch(dayId: i32, hour: i32, minute: i32, tariff: i32): Err {
  if (!idOk(dayId) || hour < 0 || hour > 23 || minute < 0 || minute > 59) return Err.INVALID_ARGUMENT;
  if (tariff < 1 || tariff > TARIFF_MAX) return Err.INVALID_ARGUMENT;
  let k = findDayProfile(PASSIVE_CALENDAR, dayId);
  if (k < 0) {
    k = dayProfileCount(PASSIVE_CALENDAR);
    if (k >= MAX_DAY_PROFILES) return Err.OUT_OF_RANGE;
    store<u8>(dayAt(PASSIVE_CALENDAR, k), <u8>dayId);
    store<u8>(dayAt(PASSIVE_CALENDAR, k), 0, 1);
    store<u8>(PASSIVE_CALENDAR + OFF_DAY_COUNT, <u8>(k + 1));
  }
  const n = switchCount(PASSIVE_CALENDAR, k);
  if (n >= MAX_SWITCHES) return Err.OUT_OF_RANGE;
  const p = switchAt(PASSIVE_CALENDAR, k, n);
  store<u16>(p, <u16>(hour * 60 + minute));
  store<u8>(p, <u8>tariff, 2);
  store<u8>(dayAt(PASSIVE_CALENDAR, k), <u8>(n + 1), 1);
  return Err.OK;
}

// utcS 0 cancels a pending activation.
export function passiveSetActivationUtcS(utcS: i64): Err {
  if (utcS != 0 && (utcS < CLOCK_MIN_UTC_S || utcS > CLOCK_MAX_UTC_S)) return Err.OUT_OF_RANGE;
  store<i64>(PASSIVE_CALENDAR + OFF_ACTIVATION, utcS);
  return Err.OK;
}

export function setActivationUtcS(img: usize, utcS: i64): void {
  store<i64>(img + OFF_ACTIVATION, utcS);
}

// Whole-image check, also for bytes restored from NVM: OUT_OF_RANGE for more entries than fit
// or an activation time outside the clock, INVALID_ARGUMENT for bad dates, unsorted or
// duplicate season starts or switch times, duplicate ids, unknown week or day ids, a day
// profile without switches or a tariff outside 1..4. A calendar without seasons is valid and
// selects no tariff.
export function calendarValidate(img: usize): Err {
  const seasons = seasonCount(img);
  const weeks = weekCount(img);
  const days = dayProfileCount(img);
  if (seasons > MAX_SEASONS || weeks > MAX_WEEKS || days > MAX_DAY_PROFILES) return Err.OUT_OF_RANGE;
  const activationS = activationUtcS(img);
  if (activationS != 0 && (activationS < CLOCK_MIN_UTC_S || activationS > CLOCK_MAX_UTC_S)) return Err.OUT_OF_RANGE;
  let previousKey = 0;
  for (let k = 0; k < seasons; k++) {
    const month = seasonMonth(img, k);
    const day = seasonDay(img, k);
    if (!seasonDateOk(month, day)) return Err.INVALID_ARGUMENT;
    const key = month * 32 + day;
    if (key <= previousKey) return Err.INVALID_ARGUMENT;
    previousKey = key;
    if (findWeek(img, seasonWeekId(img, k)) < 0) return Err.INVALID_ARGUMENT;
  }
  for (let k = 0; k < weeks; k++) {
    if (findWeek(img, weekId(img, k)) != k) return Err.INVALID_ARGUMENT;
    for (let dow = 1; dow <= 7; dow++) {
      if (findDayProfile(img, weekDayId(img, k, dow)) < 0) return Err.INVALID_ARGUMENT;
    }
  }
  for (let k = 0; k < days; k++) {
    if (findDayProfile(img, dayProfileId(img, k)) != k) return Err.INVALID_ARGUMENT;
    const n = switchCount(img, k);
    if (n > MAX_SWITCHES) return Err.OUT_OF_RANGE;
    if (n == 0) return Err.INVALID_ARGUMENT;
    let previousMinute = -1;
    for (let s = 0; s < n; s++) {
      const minute = switchMinute(img, k, s);
      const tariff = switchTariff(img, k, s);
      if (minute <= previousMinute || minute >= MINUTES_PER_DAY) return Err.INVALID_ARGUMENT;
      if (tariff < 1 || tariff > TARIFF_MAX) return Err.INVALID_ARGUMENT;
      previousMinute = minute;
    }
  }
  return Err.OK;
}
