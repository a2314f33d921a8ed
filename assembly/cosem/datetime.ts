// COSEM date-time octet-strings of the cosem3 objects (limiter, prepayment): local time with deviation, or "not specified".
import { AxdrWriter, Tag } from "../dlms/axdr";
import { localOffsetAtS } from "../clock/timezone";
import { civilFromSeconds } from "../clock/calendar";
import { utcOfDateTime, putDateTime, deviationMin } from "./clock";

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

// UTC seconds as the meter's local time with its deviation (UTC = local + deviation, as the clock object) and
// `status`; a negative time (an entry that could not be read) as every field not specified.
export function putUtcDateTimeStatus(w: AxdrWriter, utcS: i64, status: i32): void {
  const offsetS = utcS < 0 ? 0 : localOffsetAtS(utcS);
  const dt = utcS < 0 ? -1 : civilFromSeconds(utcS + <i64>offsetS);
  if (dt < 0) {
    putDateTimeNone(w);
    return;
  }
  putDateTime(w, dt, deviationMin(offsetS) & 0xffff, status);
}

// The same with status 0, and time 0 (never set) as not specified.
export function putDateTimeUtc(w: AxdrWriter, utcS: i64): void {
  if (utcS <= 0) putDateTimeNone(w);
  else putUtcDateTimeStatus(w, utcS, 0);
}

// UTC seconds of 12 bytes at `at`: 0 for "not specified" (date and time all 0xFF), -1 when invalid.
export function readDateTimeUtc(at: usize): i64 {
  let none = true;
  for (let k = 0; k < 8 && none; k++) if (k != 4 && load<u8>(at + <usize>k) != 0xff) none = false;
  if (none) return 0;
  return utcOfDateTime(at);
}
