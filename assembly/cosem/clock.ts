// Class 8 Clock (version 0): local date-time with deviation and status, the zone and its summer-time rule.
import { AxdrReader, AxdrWriter, Tag } from "../dlms/axdr";
import { AccessResult } from "./table";
import { rtcReadUtcS } from "../hal/rtc";
import { clockWrite, clockStatusNow } from "../clock/clock";
import { registersClockWritten } from "../registers/driver";
import { clockZoneSet } from "./clockops";
import {
  localOffsetAtS, timezoneOffsetS, timezoneDstRule, DstRule, utcFromLocalS, CLOCK_MIN_UTC_S, CLOCK_MAX_UTC_S,
} from "../clock/timezone";
import {
  civilFromSeconds, secondsFromCivil, packDateTime, dtYear, dtMonth, dtDay, dtDayOfWeek, dtHour, dtMinute, dtSecond,
} from "../clock/calendar";

const DATE_TIME_BYTES: i32 = 12;
const DEVIATION_UNSPECIFIED: i32 = 0x8000;
const DST_DEVIATION_MIN: i32 = 60;
const CLOCK_BASE_CRYSTAL: i32 = 1;
// Deviation as COSEM counts it (Gurux's default, Blue Book 4.1.6.1): UTC = local + deviation, so
// CET is -60 and CEST -120.
@noinline
export function deviationMin(offsetS: i32): i32 {
  return -(offsetS / 60);
}

export function putDateTime(w: AxdrWriter, dt: i64, deviation: i32, status: i32): void {
  w.u8(<i32>Tag.OCTET_STRING);
  w.u8(DATE_TIME_BYTES);
  w.u16(dtYear(dt));
  w.u8(dtMonth(dt));
  w.u8(dtDay(dt));
  w.u8(dtDayOfWeek(dt));
  w.u8(dtHour(dt));
  w.u8(dtMinute(dt));
  w.u8(dtSecond(dt));
  w.u8(0); // hundredths: the RTC counts whole seconds
  w.u16(deviation);
  w.u8(status);
}

// EU rule as a recurring date-time: the last Sunday (day 0xFE, weekday 7) of March or October at
// 01:00 UTC, written in local standard time (begin) or local summer time (end).
function putDstSwitch(w: AxdrWriter, month: i32, extraS: i32): void {
  if (timezoneDstRule() != DstRule.EU) {
    putDateTime(w, -1, DEVIATION_UNSPECIFIED, 0xff); // every field not specified
    return;
  }
  const hour = ((3600 + timezoneOffsetS() + extraS) / 3600 + 48) % 24;
  const dt = (<i64>0xffff << 48) | (<i64>month << 40) | (<i64>0xfe << 32) | (<i64>7 << 24) | (<i64>hour << 16);
  putDateTime(w, dt, DEVIATION_UNSPECIFIED, 0xff);
}

export function clockGet(attr: i32, w: AxdrWriter): AccessResult {
  const utcS = rtcReadUtcS();
  switch (attr) {
    case 2: {
      const offsetS = localOffsetAtS(utcS);
      const dt = civilFromSeconds(utcS + <i64>offsetS);
      if (dt < 0) return AccessResult.HARDWARE_FAULT; // an RTC outside 1970..9999
      putDateTime(w, dt, deviationMin(offsetS) & 0xffff, <i32>clockStatusNow(utcS));
      break;
    }
    case 3: w.tagged16(Tag.LONG, deviationMin(timezoneOffsetS()) & 0xffff); break;
    case 4: w.tagged8(Tag.UNSIGNED, <i32>clockStatusNow(utcS)); break;
    case 5: putDstSwitch(w, 3, 0); break;
    case 6: putDstSwitch(w, 10, 3600); break;
    case 7: w.tagged8(Tag.INTEGER, timezoneDstRule() == DstRule.EU ? DST_DEVIATION_MIN : 0); break;
    case 8: w.tagged8(Tag.BOOLEAN, timezoneDstRule() == DstRule.EU ? 1 : 0); break;
    case 9: w.tagged8(Tag.ENUM, CLOCK_BASE_CRYSTAL); break;
    default: return AccessResult.READ_WRITE_DENIED;
  }
  return AccessResult.SUCCESS;
}

// UTC seconds of a COSEM date-time octet-string, or -1 when a field is not specified or invalid.
// Without a deviation the time is the meter's local time (the earlier of an ambiguous hour).
export function utcOfDateTime(src: usize): i64 {
  const year = (<i32>load<u8>(src) << 8) | <i32>load<u8>(src, 1);
  const month = <i32>load<u8>(src, 2);
  const day = <i32>load<u8>(src, 3);
  const hour = <i32>load<u8>(src, 5);
  const minute = <i32>load<u8>(src, 6);
  const second = <i32>load<u8>(src, 7);
  const deviation = <i32>(<i16>((<i32>load<u8>(src, 9) << 8) | <i32>load<u8>(src, 10)));
  const localS = secondsFromCivil(packDateTime(year, month, day, hour, minute, second));
  if (localS < 0) return -1; // 0xFF fields fail the calendar's checks
  let utcS: i64;
  if ((deviation & 0xffff) == DEVIATION_UNSPECIFIED) {
    utcS = utcFromLocalS(localS, 0);
  } else {
    if (deviation < -720 || deviation > 720) return -1;
    utcS = localS + <i64>deviation * 60;
  }
  if (utcS < CLOCK_MIN_UTC_S || utcS > CLOCK_MAX_UTC_S) return -1;
  return utcS;
}

export function clockSet(attr: i32, r: AxdrReader): AccessResult {
  if (attr == 3 || attr == 8) return clockZoneSet(attr, r);
  if (attr != 2) return AccessResult.READ_WRITE_DENIED;
  if (r.u8() != <i32>Tag.OCTET_STRING || r.u8() != DATE_TIME_BYTES) return AccessResult.TYPE_UNMATCHED;
  const at = r.take(DATE_TIME_BYTES);
  if (r.bad) return AccessResult.TYPE_UNMATCHED;
  const utcS = utcOfDateTime(at);
  if (utcS < 0) return AccessResult.OTHER_REASON;
  const change = clockWrite(utcS);
  if (change < 0) return AccessResult.OTHER_REASON;
  if (change > 0) registersClockWritten(utcS);
  return AccessResult.SUCCESS;
}
