// Tariff control: picks the tariff in force (Z13: module port inputs per Z3, or the activity calendar) and persists the calendar.
import { Err } from "../errors";
import { RecordRing } from "../store/ring";
import { CALENDAR_FIRST_SECTOR, CALENDAR_SECTORS } from "../store/layout";
import { ACTIVE_CALENDAR, PASSIVE_CALENDAR, CALENDAR_IMAGE_BYTES } from "./image";
import { SPECIAL_DAYS, SPECIAL_DAYS_BYTES, specialDaysRestore } from "./special";
import { calendarTick, calendarRestore, tariffAtLocalS } from "./tou";
import { portTariff, tariffByControl } from "./input";
import { eventLog, EventCode } from "../events/log";

// Record: ring header (12), active image, passive image, special days table, CRC.
const ACTIVE_AT: i32 = 12;
const PASSIVE_AT: i32 = ACTIVE_AT + CALENDAR_IMAGE_BYTES;
const SPECIAL_AT: i32 = PASSIVE_AT + CALENDAR_IMAGE_BYTES;
export const CALENDAR_RECORD_BYTES: i32 = (SPECIAL_AT + SPECIAL_DAYS_BYTES + 4 + 3) & ~3;
const calendarRing = new RecordRing(CALENDAR_FIRST_SECTOR, CALENDAR_SECTORS, 0x4c434d57 /* "WMCL" */, 1, CALENDAR_RECORD_BYTES);
const BUF: usize = memory.data(CALENDAR_RECORD_BYTES);

let tariffControl: i32 = 0; // Z13: 0 disabled, 1 module port, 2 register control (calendar)
let moduleConfig: i32 = 0; // Z3
export let tariffNow: i32 = 0;

export function tariffConfigure(z13: i32, z3: i32): Err {
  if (z13 < 0 || z13 > 2) return Err.OUT_OF_RANGE;
  if (z3 < 0 || z3 > 29 || z3 == 24 || z3 == 25) return Err.OUT_OF_RANGE;
  tariffControl = z13;
  moduleConfig = z3;
  return Err.OK;
}

// The tariff in force now, from the inputs' levels and local time; 0 when no tariff applies.
// Also activates a passive calendar whose time has come (and persists the result).
export function tariffSelect(utcS: i64, localS: i64, in1: i32, in2: i32): i32 {
  const activated = calendarTick(utcS);
  if (activated != 0) {
    calendarSave();
    if (activated > 0) eventLog(utcS, EventCode.CALENDAR_ACTIVATED, 0, 0, 0);
  }
  const port = portTariff(moduleConfig, in1, in2);
  const calendar = tariffControl == 2 ? tariffAtLocalS(localS) : 0;
  const t = tariffByControl(tariffControl, port > 0 ? port : 0, calendar > 0 ? calendar : 0);
  tariffNow = t >= 1 && t <= 4 ? t : 0;
  return tariffNow;
}

export function calendarSave(): Err {
  memory.fill(BUF, 0, CALENDAR_RECORD_BYTES);
  memory.copy(BUF + <usize>ACTIVE_AT, ACTIVE_CALENDAR, <usize>CALENDAR_IMAGE_BYTES);
  memory.copy(BUF + <usize>PASSIVE_AT, PASSIVE_CALENDAR, <usize>CALENDAR_IMAGE_BYTES);
  memory.copy(BUF + <usize>SPECIAL_AT, SPECIAL_DAYS, <usize>SPECIAL_DAYS_BYTES);
  return calendarRing.append(BUF);
}

// Boot: the newest stored calendars; an image that no longer validates leaves its slot empty.
export function calendarLoad(): bool {
  if (!calendarRing.load(BUF) || calendarRing.read(0, BUF) != Err.OK) return false;
  calendarRestore(true, BUF + <usize>ACTIVE_AT);
  calendarRestore(false, BUF + <usize>PASSIVE_AT);
  specialDaysRestore(BUF + <usize>SPECIAL_AT);
  return true;
}
