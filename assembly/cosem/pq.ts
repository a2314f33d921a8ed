// Power quality objects (EN 50160): voltage event counters, 10-minute and 10-second aggregates, weekly summaries.
import { AxdrWriter, Tag } from "../dlms/axdr";
import { AccessResult, Binding } from "./table";
import { pqReading, PqReading, PqWeek, pqWeekCount, pqWeekShare } from "../pq/summary";

// The class 3 objects from PQ_U_10_MIN by binding: pq_reading id, scaler, unit (Blue Book: 35 V, 44 Hz, 56 %).
const REGISTERS: StaticArray<i8> = [
  <i8>PqReading.U_10_MIN, -2, 35,
  <i8>PqReading.FREQUENCY_10_S, -3, 44,
  <i8>PqReading.THD_V_10_MIN, -2, 56,
  <i8>PqReading.THD_I_10_MIN, -2, 56,
];
const WEEK_COUNTS: StaticArray<u8> = [
  0, 9, 5, 6, 7, 8, // PqWeek: intervals, flagged, dips, swells, short and long interruptions
];
const TEN_TO: StaticArray<f64> = [1.0, 10.0, 100.0, 1000.0];

export function isPqObject(binding: Binding): bool {
  return binding >= Binding.PQ_SAGS && binding <= Binding.PQ_LAST_WEEK;
}

// A value not measured yet (NaN) is null-data; the others round at the scaler, clamped to the type.
function putScaled(w: AxdrWriter, x: f64, factor: f64, tag: Tag): void {
  if (!Number.isFinite(x)) {
    w.u8(<i32>Tag.NULL);
    return;
  }
  const v = Math.min(Math.max(Math.round(x * factor), 0.0), tag == Tag.LONG_UNSIGNED ? 65535.0 : 4294967295.0);
  if (tag == Tag.LONG_UNSIGNED) w.tagged16(tag, <i32>v);
  else w.tagged32(tag, <u32>v);
}

// The week's summary (last: the last complete week): shares within limits of voltage, frequency and THD in
// 0.1 % (null before any value), then intervals, flagged intervals, dips, swells, short and long interruptions.
function putWeek(w: AxdrWriter, last: bool): void {
  w.container(Tag.STRUCTURE, 9);
  for (let k = 0; k < 3; k++) putScaled(w, pqWeekShare(last, k), 10.0, Tag.LONG_UNSIGNED);
  for (let k = 0; k < 6; k++) putScaled(w, <f64>pqWeekCount(last, <PqWeek>unchecked(WEEK_COUNTS[k])), 1.0, Tag.DOUBLE_LONG_UNSIGNED);
}

// Class 1 (counters, weekly summaries) and class 3 (aggregates): attribute 2, and 3 of a register.
export function pqObjectGet(binding: Binding, attr: i32, w: AxdrWriter): AccessResult {
  const b = <i32>binding;
  if (attr != 2 && (attr != 3 || b < <i32>Binding.PQ_U_10_MIN || b >= <i32>Binding.PQ_WEEK)) return AccessResult.READ_WRITE_DENIED;
  if (b >= <i32>Binding.PQ_WEEK) {
    putWeek(w, binding == Binding.PQ_LAST_WEEK);
  } else if (b >= <i32>Binding.PQ_U_10_MIN) {
    const at = (b - <i32>Binding.PQ_U_10_MIN) * 3;
    const scaler = <i32>unchecked(REGISTERS[at + 1]);
    if (attr == 3) {
      w.container(Tag.STRUCTURE, 2);
      w.tagged8(Tag.INTEGER, scaler);
      w.tagged8(Tag.ENUM, <i32>unchecked(REGISTERS[at + 2]));
    } else {
      putScaled(w, pqReading(<i32>unchecked(REGISTERS[at])), unchecked(TEN_TO[-scaler]), Tag.LONG_UNSIGNED);
    }
  } else {
    // Dips, swells, interruptions short and long together (pq_reading 7, 8, 9 + 10) since the meter was made.
    let n = pqReading(<i32>PqReading.DIPS + b - <i32>Binding.PQ_SAGS);
    if (binding == Binding.PQ_INTERRUPTIONS) n += pqReading(PqReading.LONG_INTERRUPTIONS);
    putScaled(w, n, 1.0, Tag.DOUBLE_LONG_UNSIGNED);
  }
  return AccessResult.SUCCESS;
}
