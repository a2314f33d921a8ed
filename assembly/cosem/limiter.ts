// Class 71 Limiter (version 0) over the breaker's limiter: monitored value, thresholds, durations, emergency profile, actions.
import { AxdrReader, AxdrWriter, Tag } from "../dlms/axdr";
import { AccessResult } from "./table";
import { Err } from "../errors";
import {
  Monitored, limiterEnabled, limiterMonitored, limiterNormalThreshold, limiterEmergencyThreshold, limiterMinOverS,
  limiterMinUnderS, limiterEmergencyStartS, limiterEmergencyDurationS, limiterEmergencyActive, limiterActiveThreshold,
  limiterConfigure, limiterSetEmergency, limiterCheckConfig, limiterCheckEmergency,
} from "../breaker/limiter";
import { breakerWallMs, breakerCommitted } from "../breaker/link";
import { meterNowMs } from "../meter";
import { putDateTimeUtc, readDateTimeUtc, DATE_TIME_BYTES } from "./datetime";
import { limiterWithinRating, orderRating } from "../factory/ordered";

// The meter has one emergency profile group: profile 1 in group 1. A head-end that addresses another
// profile or group is refused rather than silently ignored.
const EMERGENCY_PROFILE_ID: i32 = 1;
const EMERGENCY_GROUP_ID: i32 = 1;
const CLASS_REGISTER: i32 = 3;
// 1.0.1.7.0.255 active power import, 1.0.31.7.0.255 current, attribute 2 of each.
const LN_POWER: StaticArray<u8> = [1, 0, 1, 7, 0, 255];
const LN_CURRENT: StaticArray<u8> = [1, 0, 31, 7, 0, 255];
// The disconnect control script table: script 1 opens (local_disconnect), 2 releases (local_reconnect).
const LN_DISCONNECT_SCRIPTS: StaticArray<u8> = [0, 0, 10, 0, 106, 255];
const SCRIPT_DISCONNECT: i32 = 1;
const SCRIPT_RECONNECT: i32 = 2;
const ZERO_LN: StaticArray<u8> = [0, 0, 0, 0, 0, 0];

function nowWallMs(): i64 {
  return breakerWallMs(meterNowMs());
}

@noinline
function putLn(w: AxdrWriter, ln: StaticArray<u8>): void {
  w.octets(Tag.OCTET_STRING, changetype<usize>(ln), 6);
}

function putScript(w: AxdrWriter, on: bool, selector: i32): void {
  w.container(Tag.STRUCTURE, 2);
  putLn(w, on ? LN_DISCONNECT_SCRIPTS : ZERO_LN);
  w.tagged16(Tag.LONG_UNSIGNED, on ? selector : 0);
}

export function limiterGet(attr: i32, w: AxdrWriter): AccessResult {
  const on = limiterEnabled();
  switch (attr) {
    case 2:
      w.container(Tag.STRUCTURE, 3);
      w.tagged16(Tag.LONG_UNSIGNED, CLASS_REGISTER);
      putLn(w, limiterMonitored() == Monitored.CURRENT_MA ? LN_CURRENT : LN_POWER);
      w.tagged8(Tag.INTEGER, 2);
      break;
    case 3: w.tagged32(Tag.DOUBLE_LONG_UNSIGNED, <u32>limiterActiveThreshold(nowWallMs())); break;
    case 4: w.tagged32(Tag.DOUBLE_LONG_UNSIGNED, <u32>limiterNormalThreshold()); break;
    case 5: w.tagged32(Tag.DOUBLE_LONG_UNSIGNED, <u32>limiterEmergencyThreshold()); break;
    case 6: w.tagged32(Tag.DOUBLE_LONG_UNSIGNED, <u32>limiterMinOverS()); break;
    case 7: w.tagged32(Tag.DOUBLE_LONG_UNSIGNED, <u32>limiterMinUnderS()); break;
    case 8:
      w.container(Tag.STRUCTURE, 3);
      w.tagged16(Tag.LONG_UNSIGNED, EMERGENCY_PROFILE_ID);
      putDateTimeUtc(w, limiterEmergencyStartS());
      w.tagged32(Tag.DOUBLE_LONG_UNSIGNED, <u32>limiterEmergencyDurationS());
      break;
    case 9:
      w.container(Tag.ARRAY, 1);
      w.tagged16(Tag.LONG_UNSIGNED, EMERGENCY_GROUP_ID);
      break;
    case 10: w.tagged8(Tag.BOOLEAN, limiterEmergencyActive(nowWallMs()) ? 1 : 0); break;
    case 11:
      w.container(Tag.STRUCTURE, 2);
      putScript(w, on, SCRIPT_DISCONNECT);
      putScript(w, on, SCRIPT_RECONNECT);
      break;
    default: return AccessResult.READ_WRITE_DENIED;
  }
  return AccessResult.SUCCESS;
}

function readU32(r: AxdrReader): i64 {
  if (r.u8() != <i32>Tag.DOUBLE_LONG_UNSIGNED) {
    r.bad = true;
    return -1;
  }
  return <i64>r.u32();
}

function sameLn(at: usize, ln: StaticArray<u8>): bool {
  return memory.compare(at, changetype<usize>(ln), 6) == 0;
}

// One script reference {octet-string[6], long-unsigned}: 1 the disconnect script, 0 none, -1 another.
function readScript(r: AxdrReader, selector: i32): i32 {
  if (r.u8() != <i32>Tag.STRUCTURE || r.u8() != 2 || r.u8() != <i32>Tag.OCTET_STRING || r.u8() != 6) {
    r.bad = true;
    return -1;
  }
  const ln = r.take(6);
  if (r.u8() != <i32>Tag.LONG_UNSIGNED) r.bad = true;
  const sel = r.u16();
  if (r.bad) return -1;
  if (sel == 0 && sameLn(ln, ZERO_LN)) return 0;
  return sel == selector && sameLn(ln, LN_DISCONNECT_SCRIPTS) ? 1 : -1;
}

function configure(on: bool, m: i32, normal: i64, emergency: i64, overS: i64, underS: i64): AccessResult {
  if (normal > i32.MAX_VALUE || emergency > i32.MAX_VALUE || overS > i32.MAX_VALUE || underS > i32.MAX_VALUE) {
    return AccessResult.OTHER_REASON;
  }
  if (limiterCheckConfig(on, m, <i32>normal, <i32>emergency, <i32>overS, <i32>underS) != Err.OK) return AccessResult.OTHER_REASON;
  if (!limiterWithinRating(m, <i32>normal, <i32>emergency)) return AccessResult.OTHER_REASON;
  const status = breakerCommitted(limiterConfigure(on, m, <i32>normal, <i32>emergency, <i32>overS, <i32>underS));
  return status == Err.OK ? AccessResult.SUCCESS : AccessResult.HARDWARE_FAULT;
}

// Each write is validated whole against the limiter's ranges; a refusal changes nothing.
export function limiterSet(attr: i32, r: AxdrReader): AccessResult {
  const on = limiterEnabled();
  const m = <i32>limiterMonitored();
  const normal = <i64>limiterNormalThreshold();
  const emergency = <i64>limiterEmergencyThreshold();
  const overS = <i64>limiterMinOverS();
  const underS = <i64>limiterMinUnderS();
  switch (attr) {
    case 2: {
      if (r.u8() != <i32>Tag.STRUCTURE || r.u8() != 3 || r.u8() != <i32>Tag.LONG_UNSIGNED) return AccessResult.TYPE_UNMATCHED;
      const classId = r.u16();
      if (r.u8() != <i32>Tag.OCTET_STRING || r.u8() != 6) return AccessResult.TYPE_UNMATCHED;
      const ln = r.take(6);
      if (r.u8() != <i32>Tag.INTEGER) return AccessResult.TYPE_UNMATCHED;
      const index = r.u8();
      if (r.bad) return AccessResult.TYPE_UNMATCHED;
      if (classId != CLASS_REGISTER || index != 2) return AccessResult.OTHER_REASON;
      let next = -1;
      if (sameLn(ln, LN_POWER)) next = <i32>Monitored.ACTIVE_POWER_IMPORT_W;
      else if (sameLn(ln, LN_CURRENT)) next = <i32>Monitored.CURRENT_MA;
      if (next < 0) return AccessResult.OTHER_REASON;
      // The thresholds are in the monitored value's unit: a change of kind starts from the default.
      if (next == m) return AccessResult.SUCCESS;
      return next == <i32>Monitored.CURRENT_MA // the ordered Imax (X5)
        ? configure(on, next, orderRating(0) * 1000, orderRating(0) * 1000, overS, underS)
        : configure(on, next, 23000, 23000, overS, underS);
    }
    case 4: case 5: case 6: case 7: {
      const v = readU32(r);
      if (r.bad) return AccessResult.TYPE_UNMATCHED;
      if (attr == 4) return configure(on, m, v, emergency, overS, underS);
      if (attr == 5) return configure(on, m, normal, v, overS, underS);
      if (attr == 6) return configure(on, m, normal, emergency, v, underS);
      return configure(on, m, normal, emergency, overS, v);
    }
    case 8: {
      if (r.u8() != <i32>Tag.STRUCTURE || r.u8() != 3 || r.u8() != <i32>Tag.LONG_UNSIGNED) return AccessResult.TYPE_UNMATCHED;
      const id = r.u16();
      if (r.u8() != <i32>Tag.OCTET_STRING || r.u8() != DATE_TIME_BYTES) return AccessResult.TYPE_UNMATCHED;
      const at = r.take(DATE_TIME_BYTES);
      const durationS = readU32(r);
      if (r.bad) return AccessResult.TYPE_UNMATCHED;
      if (id != EMERGENCY_PROFILE_ID || durationS > i32.MAX_VALUE) return AccessResult.OTHER_REASON;
      const startS = readDateTimeUtc(at);
      if (startS < 0 || limiterCheckEmergency(startS, <i32>durationS) != Err.OK) return AccessResult.OTHER_REASON;
      const status = breakerCommitted(limiterSetEmergency(startS, <i32>durationS));
      return status == Err.OK ? AccessResult.SUCCESS : AccessResult.HARDWARE_FAULT;
    }
    case 9: {
      if (r.u8() != <i32>Tag.ARRAY || r.u8() != 1 || r.u8() != <i32>Tag.LONG_UNSIGNED) return AccessResult.TYPE_UNMATCHED;
      const group = r.u16();
      if (r.bad) return AccessResult.TYPE_UNMATCHED;
      return group == EMERGENCY_GROUP_ID ? AccessResult.SUCCESS : AccessResult.OTHER_REASON;
    }
    case 11: {
      if (r.u8() != <i32>Tag.STRUCTURE || r.u8() != 2) return AccessResult.TYPE_UNMATCHED;
      const over = readScript(r, SCRIPT_DISCONNECT);
      const under = readScript(r, SCRIPT_RECONNECT);
      if (r.bad) return AccessResult.TYPE_UNMATCHED;
      // Both actions or neither: the limiter disconnects and releases as one function.
      if (over < 0 || under < 0 || over != under) return AccessResult.OTHER_REASON;
      return configure(over == 1, m, normal, emergency, overS, underS);
    }
  }
  return AccessResult.READ_WRITE_DENIED;
}
