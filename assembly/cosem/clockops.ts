// Class 8 Clock writes beyond the time: time_zone and DST onto Z11/Z15, and the methods that adjust or shift the time.
import { AxdrReader, Tag } from "../dlms/axdr";
import { AccessResult } from "./table";
import { utcOfDateTime } from "./clock";
import { configStageBegin, configStageValue, configStageApply, stageRefusal } from "./settings";
import { ConfigId } from "../config";
import { rtcReadUtcS } from "../hal/rtc";
import { meterClockSet } from "../meter";
import { demandPeriodSeconds } from "../registers/demand";

// shift_time takes -900..900 s (Blue Book 4.5.1): a larger step is a clock set, not a shift.
const SHIFT_MAX_S: i32 = 900;

// preset_adjusting_time: the time to take, valid between two instants (UTC s; -1: none preset).
let presetUtcS: i64 = -1;
let validFromUtcS: i64 = 0;
let validToUtcS: i64 = 0;

function applyStage(): AccessResult {
  return configStageApply() < 0 ? AccessResult.SUCCESS : stageRefusal;
}

// time_zone (attribute 3): minutes with UTC = local + deviation, so whole hours -720..+660 map onto Z11
// (00 GMT, 01..12 east, 13..23 west); daylight_savings_enabled (8) onto Z15 (0 none, 1 the EU rule).
export function clockZoneSet(attr: i32, r: AxdrReader): AccessResult {
  configStageBegin();
  if (attr == 3) {
    if (r.u8() != <i32>Tag.LONG) return AccessResult.TYPE_UNMATCHED;
    const minutes = <i32>(<i16>r.u16());
    if (r.bad) return AccessResult.TYPE_UNMATCHED;
    if (minutes % 60 != 0) return AccessResult.OTHER_REASON;
    const eastH = -minutes / 60;
    if (eastH < -11 || eastH > 12) return AccessResult.OTHER_REASON;
    configStageValue(ConfigId.GMT_OFFSET, eastH >= 0 ? eastH : 24 + eastH);
    return applyStage();
  }
  if (attr == 8) {
    if (r.u8() != <i32>Tag.BOOLEAN) return AccessResult.TYPE_UNMATCHED;
    const on = r.u8();
    if (r.bad) return AccessResult.TYPE_UNMATCHED;
    configStageValue(ConfigId.DST_TABLE, on != 0 ? 1 : 0);
    return applyStage();
  }
  return AccessResult.READ_WRITE_DENIED;
}

// The clock written as every other write is: an adjustment or a set by the clock quality rules, logged.
@noinline
function write(utcS: i64): AccessResult {
  return meterClockSet(utcS) >= 0 ? AccessResult.SUCCESS : AccessResult.OTHER_REASON;
}

// Nearest multiple of stepS (a half rounds up); zones are whole hours, so UTC and local boundaries agree.
@noinline
function nearest(utcS: i64, stepS: i64): i64 {
  return (utcS + stepS / 2) / stepS * stepS;
}

function dateTimeOf(r: AxdrReader): i64 {
  if (r.u8() != <i32>Tag.OCTET_STRING || r.u8() != 12) return -2;
  const at = r.take(12);
  if (r.bad) return -2;
  return utcOfDateTime(at);
}

// Methods 1 adjust_to_quarter, 2 adjust_to_measuring_period, 3 adjust_to_minute, 4 adjust_to_preset_time,
// 5 preset_adjusting_time, 6 shift_time.
export function clockAction(method: i32, r: AxdrReader, hasParams: bool): AccessResult {
  const now = rtcReadUtcS();
  switch (method) {
    case 1: return write(nearest(now, 900));
    case 2: return write(nearest(now, <i64>demandPeriodSeconds()));
    case 3: return write(nearest(now, 60));
    case 4: {
      if (presetUtcS < 0 || now < validFromUtcS || now > validToUtcS) return AccessResult.OTHER_REASON;
      const at = presetUtcS;
      presetUtcS = -1; // taken once
      return write(at);
    }
    case 5: {
      if (!hasParams || r.u8() != <i32>Tag.STRUCTURE || r.length_() != 3) return AccessResult.TYPE_UNMATCHED;
      const preset = dateTimeOf(r);
      const from = dateTimeOf(r);
      const to = dateTimeOf(r);
      if (preset == -2 || from == -2 || to == -2) return AccessResult.TYPE_UNMATCHED;
      if (preset < 0 || from < 0 || to < from) return AccessResult.OTHER_REASON;
      presetUtcS = preset;
      validFromUtcS = from;
      validToUtcS = to;
      return AccessResult.SUCCESS;
    }
    case 6: {
      if (!hasParams || r.u8() != <i32>Tag.LONG) return AccessResult.TYPE_UNMATCHED;
      const shiftS = <i32>(<i16>r.u16());
      if (r.bad) return AccessResult.TYPE_UNMATCHED;
      if (shiftS < -SHIFT_MAX_S || shiftS > SHIFT_MAX_S) return AccessResult.OTHER_REASON;
      return write(now + <i64>shiftS);
    }
  }
  return AccessResult.READ_WRITE_DENIED;
}
