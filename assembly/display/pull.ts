// Values of the display catalogue fetched while shown (readings.ts Source): energies, instantaneous, counters, peaks, last billing period.
import { Err } from "../errors";
import {
  Source, Format, BILLING_PEAK_INDEX, PQ_EVENT_INDEX, readingSource, readingFormat, readingDiv, setValue, unsetValue, setPulseUnit, pow10,
} from "./readings";
import { yymmdd, hhmmss, milli, rounded } from "./feed";
import { readingGet } from "../metrology/measure";
import { registerWh } from "../metrology/energy";
import { Counter, counterGet } from "../registers/counters";
import { eventCount } from "../pq/voltage";
import { Peak, peakW, peakUtcS, accumulatedPeakW } from "../registers/demand";
import { billingRing, BILLING_RECORD_BYTES, BILLING_DEMAND_OFFSET } from "../registers/billing";
import { SNAPSHOT_REGISTERS } from "../store/layout";
import { civilFromSeconds } from "../clock/calendar";
import { localFromUtcS } from "../clock/timezone";
import { ConfigId, configGet } from "../config";
import { registerAvailable } from "../factory/ordered";

// Offsets in the billing record (registers/billing.ts layout): stop time, registers, peak W, peak end times.
const STOP_UTC_AT: i32 = 12;
const REGISTERS_AT: i32 = 56;
const PEAK_W_AT: i32 = BILLING_DEMAND_OFFSET;
const PEAK_UTC_AT: i32 = BILLING_DEMAND_OFFSET + 8 * <i32>Peak.COUNT;
const STOP_INDEX: i32 = 31;

// The newest billing record in a buffer of its own (a COSEM profile read keeps BILLING_BUFFER between
// blocks), read again only when the debiting stop counter moved: one flash read a stop, not a redraw.
const RECORD: usize = memory.data(BILLING_RECORD_BYTES);
let recordStops: i64 = -1;
let recordOk = false;

// A peak's value, or the local date or time its period ended, by the row's Format. A peak without a
// time stamp (none since the last stop) has no date or time: dashes, not 00-00-00.
function putPeak(id: i32, w: f64, endUtcS: i64): void {
  const format = readingFormat(id);
  if (format == Format.FIXED) {
    setValue(id, milli(w));
    return;
  }
  const dt = endUtcS > 0 ? civilFromSeconds(localFromUtcS(endUtcS)) : -1;
  if (dt < 0) unsetValue(id);
  else setValue(id, format == Format.DATE ? yymmdd(dt) : hhmmss(dt));
}

// Register `index`, peak 18 + Peak, or the stop's date or time of the newest billing record; dashes
// before the first stop, and for an energy the ordered meter does not measure.
function putBilling(id: i32, index: i32): void {
  const stops = counterGet(Counter.DEBITING_STOPS);
  if (stops != recordStops) { // every record comes with a new count (takeStop, billingReconcile)
    recordStops = stops;
    recordOk = billingRing.read(0, RECORD) == Err.OK;
  }
  if (!recordOk || (index < SNAPSHOT_REGISTERS && !registerAvailable(index))) {
    unsetValue(id);
  } else if (index < SNAPSHOT_REGISTERS) {
    setValue(id, <i64>load<u64>(RECORD + <usize>(REGISTERS_AT + 8 * index)));
  } else if (index == STOP_INDEX) {
    putPeak(id, 0.0, load<i64>(RECORD + <usize>STOP_UTC_AT));
  } else {
    const slot = <usize>((index - BILLING_PEAK_INDEX) << 3);
    putPeak(id, load<f64>(RECORD + <usize>PEAK_W_AT + slot), load<i64>(RECORD + <usize>PEAK_UTC_AT + slot));
  }
}

// The display's pull hook (controller.ts displaySetPull): sets the value of reading `id` from its Source.
export function displayPull(id: i32): void {
  const source = readingSource(id);
  const index = source & 31;
  let x: f64 = NaN;
  switch (source >> 5) {
    case Source.INSTANT:
      x = readingGet(index);
      break;
    case Source.INSTANT_SPLIT:
      x = readingGet(index & 15);
      if ((index & 16) != 0) x = -x;
      if (x < 0.0) x = 0.0;
      break;
    case Source.COUNTER:
      setPulseUnit(configGet(ConfigId.PULSE_UNIT)); // only the pulse input's row names Unit.PULSE
      setValue(id, index >= PQ_EVENT_INDEX ? eventCount(index - PQ_EVENT_INDEX) : counterGet(index));
      return;
    case Source.REGISTER: // an energy the ordered X9 does not measure shows dashes (not available), not 0
      if (registerAvailable(index)) setValue(id, registerWh(index));
      else unsetValue(id);
      return;
    case Source.PEAK:
      putPeak(id, peakW(index), peakUtcS(index));
      return;
    case Source.ACC_PEAK:
      setValue(id, milli(accumulatedPeakW(index)));
      return;
    case Source.BILLING:
      putBilling(id, index);
      return;
    default:
      return;
  }
  // Instantaneous: no window measured yet (NaN) shows dashes; else rounded to the step the field shows.
  if (Number.isFinite(x)) setValue(id, rounded(x, <f64>pow10(readingDiv(id))));
  else unsetValue(id);
}
