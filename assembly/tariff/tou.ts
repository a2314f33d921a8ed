// Time-of-use: the tariff in force at a local time from the active calendar, and activation of the passive one.
import { Err } from "../errors";
import {
  civilFromDays, packedDateYear, packedDateMonth, packedDateDay, dayOfWeek, daysOfEpochS, secondOfDay,
  MAX_EPOCH_S, secondsFromCivil,
} from "../clock/calendar";
import {
  ACTIVE_CALENDAR, PASSIVE_CALENDAR, CALENDAR_IMAGE_BYTES, calendarValidate, seasonCount, seasonMonth,
  seasonDay, seasonWeekId, findWeek, weekDayId, findDayProfile, switchCount, switchMinute, switchTariff,
  activationUtcS, setActivationUtcS,
} from "./image";
import { specialDayIdOn } from "./special";

// Result of calendarTick.
export const enum Activation {
  NONE = 0,
  ACTIVATED = 1,
}

// Copies the passive calendar into the active one after validating it; on refusal the active
// calendar stays as it was. The passive calendar is kept (COSEM), its activation time cleared
// so it cannot fire twice.
export function calendarActivatePassive(): Err {
  const e = calendarValidate(PASSIVE_CALENDAR);
  if (e != Err.OK) return e;
  setActivationUtcS(PASSIVE_CALENDAR, 0);
  memory.copy(ACTIVE_CALENDAR, PASSIVE_CALENDAR, <usize>CALENDAR_IMAGE_BYTES);
  return Err.OK;
}

// Called once a second with the UTC time: activates the passive calendar when its time has
// come. Returns Activation.ACTIVATED or NONE, or -Err when a due passive calendar was refused
// (the activation time is then cleared too, so the refusal is reported once).
export function calendarTick(nowUtcS: i64): i32 {
  const atS = activationUtcS(PASSIVE_CALENDAR);
  if (atS == 0 || nowUtcS < atS) return <i32>Activation.NONE;
  const e = calendarActivatePassive();
  if (e != Err.OK) {
    setActivationUtcS(PASSIVE_CALENDAR, 0);
    return -<i32>e;
  }
  return <i32>Activation.ACTIVATED;
}

// Takes a calendar image (e.g. from NVM) into the active or passive slot after validating it;
// the slot keeps its old content on refusal.
export function calendarRestore(toActive: bool, src: usize): Err {
  const e = calendarValidate(src);
  if (e != Err.OK) return e;
  memory.copy(toActive ? ACTIVE_CALENDAR : PASSIVE_CALENDAR, src, <usize>CALENDAR_IMAGE_BYTES);
  return Err.OK;
}

// Slot of the season in force on a date: the last one started this year, else the last one of
// the year before (seasons wrap around New Year). -1 without seasons.
function seasonSlotOn(month: i32, day: i32): i32 {
  const n = seasonCount(ACTIVE_CALENDAR);
  if (n == 0) return -1;
  const key = month * 32 + day;
  let slot = n - 1;
  for (let k = 0; k < n; k++) {
    if (seasonMonth(ACTIVE_CALENDAR, k) * 32 + seasonDay(ACTIVE_CALENDAR, k) <= key) slot = k;
  }
  return slot;
}

// Day profile slot of the active calendar for a day count (local days since 1970), or -1 when
// the calendar has no seasons. A special day whose day id the active calendar lacks (after a
// new calendar was activated) is ignored in favour of the week profile.
export function dayProfileSlotOn(days: i32): i32 {
  const date = civilFromDays(days);
  const month = packedDateMonth(date);
  const day = packedDateDay(date);
  const special = specialDayIdOn(packedDateYear(date), month, day);
  if (special >= 0) {
    const slot = findDayProfile(ACTIVE_CALENDAR, special);
    if (slot >= 0) return slot;
  }
  const season = seasonSlotOn(month, day);
  if (season < 0) return -1;
  // Validation guarantees the week and its day ids exist.
  const week = findWeek(ACTIVE_CALENDAR, seasonWeekId(ACTIVE_CALENDAR, season));
  return findDayProfile(ACTIVE_CALENDAR, weekDayId(ACTIVE_CALENDAR, week, dayOfWeek(days)));
}

// Tariff 1..4 in force at local wall time localS (seconds since 1970-01-01 00:00 local, from
// localFromUtcS), 0 when the active calendar has no seasons, -Err.OUT_OF_RANGE outside
// 1970..9999. A switch takes effect at hh:mm:00 exactly. Before the day's first switch the
// previous day's last switch is still in force (COSEM), so a day need not start at 00:00.
export function tariffAtLocalS(localS: i64): i32 {
  if (localS < 86400 || localS > MAX_EPOCH_S) return -<i32>Err.OUT_OF_RANGE;
  const days = daysOfEpochS(localS);
  const slot = dayProfileSlotOn(days);
  if (slot < 0) return 0;
  const minute = secondOfDay(localS) / 60;
  const n = switchCount(ACTIVE_CALENDAR, slot);
  let tariff = 0;
  for (let s = 0; s < n; s++) {
    if (switchMinute(ACTIVE_CALENDAR, slot, s) > minute) break;
    tariff = switchTariff(ACTIVE_CALENDAR, slot, s);
  }
  if (tariff != 0) return tariff;
  const previous = dayProfileSlotOn(days - 1);
  // Only a special day in a calendar without seasons has no previous day profile.
  if (previous < 0) return 0;
  return switchTariff(ACTIVE_CALENDAR, previous, switchCount(ACTIVE_CALENDAR, previous) - 1);
}

// Same for a packed local date-time (calendar.ts packDateTime / civilFromSeconds), e.g. as
// received in a COSEM date-time; -Err.INVALID_ARGUMENT for an impossible date or time.
export function tariffAtLocalCivil(localDt: i64): i32 {
  const localS = secondsFromCivil(localDt);
  if (localS < 0) return <i32>localS;
  return tariffAtLocalS(localS);
}

// Local wall time of the next tariff switch after localS (the same scale), so the wiring can
// sleep until then; -1 without seasons. Looks at most 8 days ahead: a week always repeats.
export function nextSwitchLocalS(localS: i64): i64 {
  if (localS < 86400 || localS > MAX_EPOCH_S - 8 * 86400) return -1;
  const current = tariffAtLocalS(localS);
  if (current <= 0) return -1;
  const days = daysOfEpochS(localS);
  let fromMinute = secondOfDay(localS) / 60;
  for (let d = 0; d <= 8; d++) {
    const slot = dayProfileSlotOn(days + d);
    const n = slot < 0 ? 0 : switchCount(ACTIVE_CALENDAR, slot);
    for (let s = 0; s < n; s++) {
      const minute = switchMinute(ACTIVE_CALENDAR, slot, s);
      if (minute <= fromMinute) continue;
      if (switchTariff(ACTIVE_CALENDAR, slot, s) != current) {
        return <i64>(days + d) * 86400 + <i64>minute * 60;
      }
    }
    fromMinute = -1;
  }
  return -1;
}
