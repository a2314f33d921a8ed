// Class 4 Extended register (version 0): maximum demand peaks with the local time of the period that set them.
import { AxdrWriter, Tag } from "../dlms/axdr";
import { AccessResult, Binding } from "./table";
import { Peak, peakW, peakUtcS } from "../registers/demand";
import { putDateTime, deviationMin } from "./clock";
import { localOffsetAtS } from "../clock/timezone";
import { civilFromSeconds } from "../clock/calendar";

const UNIT_W: i32 = 27;
const UNIT_VA: i32 = 28;
const UNIT_VAR: i32 = 29;
const DEVIATION_UNSPECIFIED: i32 = 0x8000;

function unitOf(peak: i32): i32 {
  if (peak == <i32>Peak.S_PLUS || peak == <i32>Peak.S_MINUS) return UNIT_VA;
  if (peak == <i32>Peak.Q_PLUS || peak == <i32>Peak.Q_PLUS_T1 || peak == <i32>Peak.Q_PLUS_T2) return UNIT_VAR;
  return UNIT_W;
}

// The peak's time stamp as COSEM date-time in local time; every field not specified before a first peak.
function putCaptureTime(w: AxdrWriter, peak: i32): void {
  const at = peakUtcS(peak);
  const offsetS = at > 0 ? localOffsetAtS(at) : 0;
  const dt = at > 0 ? civilFromSeconds(at + <i64>offsetS) : -1;
  if (dt < 0) putDateTime(w, -1, DEVIATION_UNSPECIFIED, 0xff);
  else putDateTime(w, dt, deviationMin(offsetS) & 0xffff, 0);
}

// Peaks are billing values: the mean power of the period truncated to the W, as the display truncates them.
// They are reset only by the debiting stop (method 1, reset, is granted to no association).
export function demandGet(binding: Binding, attr: i32, w: AxdrWriter): AccessResult {
  const peak = <i32>binding - <i32>Binding.PEAK_FIRST;
  if (peak < 0 || peak >= <i32>Peak.COUNT) return AccessResult.OBJECT_UNAVAILABLE;
  switch (attr) {
    case 2: {
      const x = peakW(peak);
      const v = Number.isFinite(x) && x > 0.0 ? Math.floor(x < 4294967295.0 ? x : 4294967295.0) : 0.0;
      w.tagged32(Tag.DOUBLE_LONG_UNSIGNED, <u32>(<i64>v));
      break;
    }
    case 3:
      w.container(Tag.STRUCTURE, 2);
      w.tagged8(Tag.INTEGER, 0);
      w.tagged8(Tag.ENUM, unitOf(peak));
      break;
    case 4: w.tagged8(Tag.UNSIGNED, 0); break; // status: no condition of this meter qualifies a peak
    case 5: putCaptureTime(w, peak); break;
    default: return AccessResult.READ_WRITE_DENIED;
  }
  return AccessResult.SUCCESS;
}
