// COSEM date-time octet-strings of the cosem3 objects (limiter, prepayment): local time with deviation, or "not specified".
import { AxdrWriter, Tag } from "../dlms/axdr";
import { localOffsetAtS } from "../clock/timezone";
import { civilFromSeconds, dtYear, dtMonth, dtDay, dtDayOfWeek, dtHour, dtMinute, dtSecond } from "../clock/calendar";
import { utcOfDateTime } from "./clock";

export const DATE_TIME_BYTES: i32 = 12;
const DEVIATION_UNSPECIFIED: i32 = 0x8000;

// Every field not specified (0xFF, deviation 0x8000): "no time", as for an emergency profile never set.
export function putDateTimeNone(w: AxdrWriter): void {
  w.u8(<i32>Tag.OCTET_STRING);
  w.u8(DATE_TIME_BYTES);
  for (let k = 0; k < 9; k++) w.u8(0xff);
  w.u16(DEVIATION_UNSPECIFIED);
  w.u8(0xff);
}

// UTC seconds as the meter's local time with its deviation (UTC = local + deviation, as the clock object).
export function putDateTimeUtc(w: AxdrWriter, utcS: i64): void {
  const offsetS = localOffsetAtS(utcS);
  const dt = utcS > 0 ? civilFromSeconds(utcS + <i64>offsetS) : -1;
  if (dt < 0) {
    putDateTimeNone(w);
    return;
  }
  w.u8(<i32>Tag.OCTET_STRING);
  w.u8(DATE_TIME_BYTES);
  w.u16(dtYear(dt));
  w.u8(dtMonth(dt));
  w.u8(dtDay(dt));
  w.u8(dtDayOfWeek(dt));
  w.u8(dtHour(dt));
  w.u8(dtMinute(dt));
  w.u8(dtSecond(dt));
  w.u8(0);
  w.u16(-(offsetS / 60) & 0xffff);
  w.u8(0);
}

// UTC seconds of 12 bytes at `at`: 0 for "not specified" (date and time all 0xFF), -1 when invalid.
export function readDateTimeUtc(at: usize): i64 {
  let none = true;
  for (let k = 0; k < 8 && none; k++) if (k != 4 && load<u8>(at + <usize>k) != 0xff) none = false;
  if (none) return 0;
  return utcOfDateTime(at);
}
