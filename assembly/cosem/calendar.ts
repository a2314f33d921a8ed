// Class 20 Activity calendar and class 11 Special days table on the tariff calendar of assembly/tariff/.
import { AxdrReader, AxdrWriter, Tag } from "../dlms/axdr";
import { AccessResult, Binding } from "./table";
import { putDateTime, deviationMin, utcOfDateTime } from "./clock";
import { servedClientSap } from "./association";
import { Err } from "../errors";
import {
  ACTIVE_CALENDAR, PASSIVE_CALENDAR, MAX_SEASONS, MAX_WEEKS, MAX_DAY_PROFILES, MAX_SWITCHES, TARIFF_MAX,
  seasonCount, seasonMonth, seasonDay, seasonWeekId, weekCount, weekId, weekDayId, dayProfileCount, dayProfileId,
  switchCount, switchMinute, switchTariff, activationUtcS, passiveClearPart, passiveAddSeason, passiveAddWeek,
  passiveAddSwitch, passiveSetActivationUtcS,
} from "../tariff/image";
import { calendarActivatePassive } from "../tariff/tou";
import { calendarSave } from "../tariff/control";
import {
  specialDayCount, specialDayIndex, specialDayYear, specialDayMonth, specialDayDay, specialDayDayId,
  specialDayInsert, specialDayDelete,
} from "../tariff/special";
import { localOffsetAtS } from "../clock/timezone";
import { civilFromSeconds, daysInMonth } from "../clock/calendar";
import { rtcReadUtcS } from "../hal/rtc";
import { eventLog, EventCode } from "../events/log";
import { ConfigId, configGet } from "../config";

const DEVIATION_UNSPECIFIED: i32 = 0x8000;
// Switches name the tariff script table (Blue Book 4.5.1) with the tariff as script selector.
const TARIFF_SCRIPTS: StaticArray<u8> = [0, 0, 10, 0, 100, 255];
const NAME: usize = memory.data(3);

function putId(w: AxdrWriter, id: i32): void {
  w.u8(<i32>Tag.OCTET_STRING);
  w.u8(1);
  w.u8(id);
}

// Calendar names are the Z20 calendar set-up id in three digits, for both calendars: the meter keeps no other.
function putName(w: AxdrWriter): void {
  const id = configGet(ConfigId.CALENDAR_SETUP);
  store<u8>(NAME, <u8>(0x30 + (id / 100) % 10));
  store<u8>(NAME, <u8>(0x30 + (id / 10) % 10), 1);
  store<u8>(NAME, <u8>(0x30 + id % 10), 2);
  w.octets(Tag.OCTET_STRING, NAME, 3);
}

// Seasons start at 00:00 local of a date every year: year, weekday and deviation not specified.
function putSeasons(w: AxdrWriter, img: usize): void {
  const n = seasonCount(img);
  w.container(Tag.ARRAY, n);
  for (let k = 0; k < n; k++) {
    w.container(Tag.STRUCTURE, 3);
    putId(w, k + 1);
    const dt = (<i64>0xffff << 48) | (<i64>seasonMonth(img, k) << 40) | (<i64>seasonDay(img, k) << 32) | (<i64>0xff << 24);
    putDateTime(w, dt, DEVIATION_UNSPECIFIED, 0xff);
    putId(w, seasonWeekId(img, k));
  }
}

function putWeeks(w: AxdrWriter, img: usize): void {
  const n = weekCount(img);
  w.container(Tag.ARRAY, n);
  for (let k = 0; k < n; k++) {
    w.container(Tag.STRUCTURE, 8);
    putId(w, weekId(img, k));
    for (let dow = 1; dow <= 7; dow++) w.tagged8(Tag.UNSIGNED, weekDayId(img, k, dow));
  }
}

function putDays(w: AxdrWriter, img: usize): void {
  const n = dayProfileCount(img);
  w.container(Tag.ARRAY, n);
  for (let k = 0; k < n; k++) {
    w.container(Tag.STRUCTURE, 2);
    w.tagged8(Tag.UNSIGNED, dayProfileId(img, k));
    const m = switchCount(img, k);
    w.container(Tag.ARRAY, m);
    for (let s = 0; s < m; s++) {
      const minute = switchMinute(img, k, s);
      w.container(Tag.STRUCTURE, 3);
      w.u8(<i32>Tag.OCTET_STRING);
      w.u8(4);
      w.u8(minute / 60);
      w.u8(minute % 60);
      w.u8(0);
      w.u8(0);
      w.octets(Tag.OCTET_STRING, changetype<usize>(TARIFF_SCRIPTS), 6);
      w.tagged16(Tag.LONG_UNSIGNED, switchTariff(img, k, s));
    }
  }
}

function putActivation(w: AxdrWriter): void {
  const at = activationUtcS(PASSIVE_CALENDAR);
  const offsetS = at > 0 ? localOffsetAtS(at) : 0;
  const dt = at > 0 ? civilFromSeconds(at + <i64>offsetS) : -1;
  if (dt < 0) putDateTime(w, -1, DEVIATION_UNSPECIFIED, 0xff);
  else putDateTime(w, dt, deviationMin(offsetS) & 0xffff, 0);
}

export function calendarGet(attr: i32, w: AxdrWriter): AccessResult {
  switch (attr) {
    case 2: case 6: putName(w); break;
    case 3: putSeasons(w, ACTIVE_CALENDAR); break;
    case 4: putWeeks(w, ACTIVE_CALENDAR); break;
    case 5: putDays(w, ACTIVE_CALENDAR); break;
    case 7: putSeasons(w, PASSIVE_CALENDAR); break;
    case 8: putWeeks(w, PASSIVE_CALENDAR); break;
    case 9: putDays(w, PASSIVE_CALENDAR); break;
    case 10: putActivation(w); break;
    default: return AccessResult.READ_WRITE_DENIED;
  }
  return AccessResult.SUCCESS;
}

// Readers of the parts of a value; any mismatch sets `bad`, and a value is read twice: once to check, once to apply.
let bad = false;

function expect(r: AxdrReader, tag: Tag, count: i32): void {
  if (r.u8() != <i32>tag || r.length_() != count) bad = true;
}

function idOf(r: AxdrReader): i32 {
  if (r.u8() != <i32>Tag.OCTET_STRING) { bad = true; return 0; }
  const n = r.length_();
  if (n < 1 || n > 8) { bad = true; return 0; }
  const at = r.take(n);
  return r.bad ? 0 : <i32>load<u8>(at + <usize>(n - 1)); // the last byte names it: names are ids here
}

@noinline
function unsignedOf(r: AxdrReader): i32 {
  if (r.u8() != <i32>Tag.UNSIGNED) bad = true;
  return r.u8();
}

function arrayOf(r: AxdrReader, max: i32): i32 {
  if (r.u8() != <i32>Tag.ARRAY) { bad = true; return 0; }
  const n = r.length_();
  if (n > max) bad = true;
  return bad ? 0 : n;
}

// season_profile: {name, season_start date-time (month and day; year and time not specified or 00:00), week_name}.
function readSeasons(r: AxdrReader, apply: bool): Err {
  const n = arrayOf(r, MAX_SEASONS);
  for (let k = 0; k < n && !bad; k++) {
    expect(r, Tag.STRUCTURE, 3);
    idOf(r);
    expect(r, Tag.OCTET_STRING, 12);
    const at = r.take(12);
    if (r.bad) { bad = true; break; }
    const month = <i32>load<u8>(at, 2);
    const day = <i32>load<u8>(at, 3);
    const week = idOf(r);
    // Seasons repeat every year: 29 February would not exist in most (tariff/image.ts refuses it too).
    if (!bad && (month < 1 || month > 12 || day < 1 || day > daysInMonth(2001, month))) return Err.INVALID_ARGUMENT;
    if (apply && passiveAddSeason(month, day, week) != Err.OK) return Err.INVALID_ARGUMENT;
  }
  return Err.OK;
}

function readWeeks(r: AxdrReader, apply: bool): Err {
  const n = arrayOf(r, MAX_WEEKS);
  for (let k = 0; k < n && !bad; k++) {
    expect(r, Tag.STRUCTURE, 8);
    const id = idOf(r);
    const mo = unsignedOf(r); const tu = unsignedOf(r); const we = unsignedOf(r); const th = unsignedOf(r);
    const fr = unsignedOf(r); const sa = unsignedOf(r); const su = unsignedOf(r);
    if (apply && passiveAddWeek(id, mo, tu, we, th, fr, sa, su) != Err.OK) return Err.INVALID_ARGUMENT;
  }
  return Err.OK;
}

// day_profile: {day_id, [{start_time (hour, minute), script logical name, script_selector = tariff 1..4}]}.
function readDays(r: AxdrReader, apply: bool): Err {
  const n = arrayOf(r, MAX_DAY_PROFILES);
  for (let k = 0; k < n && !bad; k++) {
    expect(r, Tag.STRUCTURE, 2);
    const id = unsignedOf(r);
    const m = arrayOf(r, MAX_SWITCHES);
    if (!bad && m == 0) bad = true; // a day profile without a switch selects nothing
    for (let s = 0; s < m && !bad; s++) {
      expect(r, Tag.STRUCTURE, 3);
      expect(r, Tag.OCTET_STRING, 4);
      const at = r.take(4);
      expect(r, Tag.OCTET_STRING, 6);
      r.take(6);
      if (r.u8() != <i32>Tag.LONG_UNSIGNED) bad = true;
      const tariff = r.u16();
      if (r.bad || bad) { bad = true; break; }
      const hour = <i32>load<u8>(at);
      const minute = <i32>load<u8>(at, 1);
      if (tariff < 1 || tariff > TARIFF_MAX || hour > 23 || minute > 59) return Err.INVALID_ARGUMENT;
      if (apply && passiveAddSwitch(id, hour, minute, tariff) != Err.OK) return Err.INVALID_ARGUMENT;
    }
  }
  return Err.OK;
}

function readPart(attr: i32, r: AxdrReader, apply: bool): Err {
  if (attr == 7) return readSeasons(r, apply);
  if (attr == 8) return readWeeks(r, apply);
  return readDays(r, apply);
}

@noinline
function stored(): AccessResult {
  return calendarSave() == Err.OK ? AccessResult.SUCCESS : AccessResult.HARDWARE_FAULT;
}

// Writes of the passive calendar: a part is checked whole, then replaces the old part and is stored; the
// calendar as a whole (references between parts, order) is checked when it is activated.
export function calendarSet(attr: i32, r: AxdrReader): AccessResult {
  if (attr == 10) {
    if (r.u8() != <i32>Tag.OCTET_STRING || r.u8() != 12) return AccessResult.TYPE_UNMATCHED;
    const at = r.take(12);
    if (r.bad) return AccessResult.TYPE_UNMATCHED;
    // All fields not specified (or a year 0xFFFF) cancels a pending activation.
    const utcS = load<u16>(at) == 0xffff ? 0 : utcOfDateTime(at);
    if (utcS < 0 || passiveSetActivationUtcS(utcS) != Err.OK) return AccessResult.OTHER_REASON;
    return stored();
  }
  if (attr < 7 || attr > 9) return AccessResult.READ_WRITE_DENIED;
  const start = r.pos;
  bad = false;
  const checked = readPart(attr, r, false);
  if (bad || r.bad) return AccessResult.TYPE_UNMATCHED;
  if (checked != Err.OK) return AccessResult.OTHER_REASON;
  r.pos = start;
  passiveClearPart(attr - 7);
  if (readPart(attr, r, true) != Err.OK) {
    passiveClearPart(attr - 7); // a half-written part is not kept: the client writes it again
    stored();
    return AccessResult.OTHER_REASON;
  }
  return stored();
}

// Method 1 activate_passive_calendar: refused (other-reason) when the passive calendar does not validate.
export function calendarAction(method: i32, params: AxdrReader, hasParams: bool): AccessResult {
  if (method != 1) return AccessResult.READ_WRITE_DENIED;
  if (calendarActivatePassive() != Err.OK) return AccessResult.OTHER_REASON;
  eventLog(rtcReadUtcS(), EventCode.CALENDAR_ACTIVATED, servedClientSap(), 0, 0);
  return stored();
}

// Class 11: entries {index, date (year 0xFFFF every year), day_id}; insert and delete by method.
export function specialDaysGet(attr: i32, w: AxdrWriter): AccessResult {
  if (attr != 2) return AccessResult.READ_WRITE_DENIED;
  const n = specialDayCount();
  w.container(Tag.ARRAY, n);
  for (let k = 0; k < n; k++) {
    w.container(Tag.STRUCTURE, 3);
    w.tagged16(Tag.LONG_UNSIGNED, specialDayIndex(k));
    w.u8(<i32>Tag.OCTET_STRING);
    w.u8(5);
    w.u16(specialDayYear(k));
    w.u8(specialDayMonth(k));
    w.u8(specialDayDay(k));
    w.u8(0xff);
    w.tagged8(Tag.UNSIGNED, specialDayDayId(k));
  }
  return AccessResult.SUCCESS;
}

export function specialDaysAction(method: i32, r: AxdrReader, hasParams: bool): AccessResult {
  if (!hasParams) return AccessResult.TYPE_UNMATCHED;
  if (method == 2) {
    if (r.u8() != <i32>Tag.LONG_UNSIGNED) return AccessResult.TYPE_UNMATCHED;
    const index = r.u16();
    if (r.bad) return AccessResult.TYPE_UNMATCHED;
    return specialDayDelete(index) == Err.OK ? stored() : AccessResult.OTHER_REASON;
  }
  bad = false;
  expect(r, Tag.STRUCTURE, 3);
  if (r.u8() != <i32>Tag.LONG_UNSIGNED) bad = true;
  const index = r.u16();
  expect(r, Tag.OCTET_STRING, 5);
  const at = r.take(5);
  const dayId = unsignedOf(r);
  if (bad || r.bad) return AccessResult.TYPE_UNMATCHED;
  const year = (<i32>load<u8>(at) << 8) | <i32>load<u8>(at, 1);
  const status = specialDayInsert(index, year, <i32>load<u8>(at, 2), <i32>load<u8>(at, 3), dayId);
  return status == Err.OK ? stored() : AccessResult.OTHER_REASON;
}

