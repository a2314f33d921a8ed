// Analysis logger profile (class 7, 1.0.99.2.0.255): the capture period written by management, and its reset and capture methods.
import { AxdrReader, Tag } from "../dlms/axdr";
import { AccessResult } from "./table";
import { Err } from "../errors";
import { alogSetPeriod, alogReset, alogCaptureNow } from "../alog/logger";

// capture_period (attribute 4), double-long-unsigned seconds: a new one restarts the logger (its
// entries go, as a profile whose period changes is cleared); a period that does not divide the day
// in whole minutes is refused with other-reason and changes nothing.
export function alogProfileSet(attr: i32, r: AxdrReader): AccessResult {
  if (attr != 4) return AccessResult.READ_WRITE_DENIED;
  if (r.u8() != <i32>Tag.DOUBLE_LONG_UNSIGNED) return AccessResult.TYPE_UNMATCHED;
  const periodS = r.u32();
  if (r.bad) return AccessResult.TYPE_UNMATCHED;
  const status = alogSetPeriod(<i64>periodS);
  if (status == Err.OUT_OF_RANGE) return AccessResult.OTHER_REASON;
  return status == Err.OK ? AccessResult.SUCCESS : AccessResult.TEMPORARY_FAILURE;
}

// Method 1 reset: the entries go and the logger starts again; method 2 capture: an entry now.
export function alogProfileAction(method: i32): AccessResult {
  const status = method == 1 ? alogReset() : method == 2 ? alogCaptureNow() : Err.INVALID_ARGUMENT;
  if (status == Err.INVALID_ARGUMENT) return AccessResult.READ_WRITE_DENIED;
  return status == Err.OK ? AccessResult.SUCCESS : AccessResult.TEMPORARY_FAILURE;
}
