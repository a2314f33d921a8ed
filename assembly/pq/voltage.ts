// Voltage events from the per-cycle RMS (IEC 61000-4-30 class S, Urms(1)): dips, swells and interruptions.
import { Counter, counterIncrement } from "../registers/counters";
import { vGainV } from "../metrology/calibration";
import { aggregateCycle } from "./aggregate";

// EN 50160 nominal supply voltage of the meter (data sheet: 230 V).
export const NOMINAL_V: f64 = 230.0;
// IEC 61000-4-30 thresholds in % of Un, and their 2 % hysteresis.
const DIP_START_PCT: f64 = 90.0;
const DIP_END_PCT: f64 = 92.0;
const SWELL_START_PCT: f64 = 110.0;
const SWELL_END_PCT: f64 = 108.0;
const INTERRUPTION_PCT: f64 = 5.0;
// EN 50160: an interruption up to 3 minutes is short, longer is long.
export const SHORT_INTERRUPTION_MAX_MS: i64 = 180000;

export const enum VoltageState {
  NORMAL = 0,
  LOW = 1, // below 90 % Un: a dip, or an interruption if it reaches below 5 % Un
  HIGH = 2, // above 110 % Un: a swell
}

export const enum PqEvent {
  DIP = 0,
  SWELL = 1,
  SHORT_INTERRUPTION = 2,
  LONG_INTERRUPTION = 3,
}

// Thresholds as mean squares in LSB^2: the cycle test then needs no square root and no division, so
// it costs a few integer multiplies per cycle (on the Cortex-M4 doubles are library calls).
let dipStartMs: i64 = 0;
let dipEndMs: i64 = 0;
let swellStartMs: i64 = 0;
let swellEndMs: i64 = 0;
let interruptionMs: i64 = 0;

export let voltageState: VoltageState = VoltageState.NORMAL;
let eventStartSample: i64 = 0;
let eventExtremeMs: i64 = 0;
let rateHz: i32 = 4000;
// Set while any event was open in the current 10-minute interval (IEC 61000-4-30 flagging).
export let eventSeen: bool = false;

export function setEventSeen(seen: bool): void {
  eventSeen = seen;
}

// Events since boot, by PqEvent.
export const EVENT_COUNTS: usize = memory.data(8 * 4);

// Finished events wait here for the window, which knows the clock and may write the NVM: kind, start
// sample, end sample, extreme mean square. A burst beyond the queue is counted in pqEventsLost.
const QUEUE_LENGTH: i32 = 8;
const QUEUE: usize = memory.data(QUEUE_LENGTH * 32);
export let queued: i32 = 0;
export let pqEventsLost: i32 = 0;

export function msFromPct(pct: f64): i64 {
  const lsb = pct / 100.0 * NOMINAL_V / vGainV;
  return <i64>(lsb * lsb);
}

let thresholdsGainV: f64 = 0.0;

// The thresholds follow the voltage gain (calibration may change it); called at configuration and every
// window, they are computed again only when the gain changed (double divisions are library calls on the M4).
export function voltageThresholds(rate: i32): void {
  rateHz = rate;
  if (vGainV == thresholdsGainV) return;
  thresholdsGainV = vGainV;
  dipStartMs = msFromPct(DIP_START_PCT);
  dipEndMs = msFromPct(DIP_END_PCT);
  swellStartMs = msFromPct(SWELL_START_PCT);
  swellEndMs = msFromPct(SWELL_END_PCT);
  interruptionMs = msFromPct(INTERRUPTION_PCT);
}

export function voltageReset(): void {
  voltageState = VoltageState.NORMAL;
  queued = 0;
  pqEventsLost = 0;
  eventSeen = false;
  memory.fill(EVENT_COUNTS, 0, 8 * 4);
}

function finish(endSample: i64): void {
  let kind = PqEvent.SWELL;
  if (voltageState == VoltageState.LOW) {
    if (eventExtremeMs >= interruptionMs) kind = PqEvent.DIP;
    else kind = (endSample - eventStartSample) * 1000 <= SHORT_INTERRUPTION_MAX_MS * <i64>rateHz
      ? PqEvent.SHORT_INTERRUPTION : PqEvent.LONG_INTERRUPTION;
  }
  const slot = EVENT_COUNTS + (<usize>kind << 3);
  store<i64>(slot, load<i64>(slot) + 1);
  if (kind == PqEvent.DIP) counterIncrement(Counter.VOLTAGE_SAGS);
  if (kind == PqEvent.SWELL) counterIncrement(Counter.VOLTAGE_SWELLS);
  if (queued >= QUEUE_LENGTH) {
    pqEventsLost++;
  } else {
    const q = QUEUE + (<usize>queued << 5);
    store<i64>(q, <i64>kind);
    store<i64>(q, eventStartSample, 8);
    store<i64>(q, endSample, 16);
    store<i64>(q, eventExtremeMs, 24);
    queued++;
  }
  voltageState = VoltageState.NORMAL;
}

// One cycle (or, with no crossings, the samples since the last one) of n voltage samples ending
// before sample endSample, with their sum and sum of squares. Runs at cycle rate from the window code.
export function pqCycle(n: i32, sv: i64, svv: i64, endSample: i64): void {
  if (n <= 0) return;
  aggregateCycle(n, sv, svv);
  // n^2 x mean square without a division: exact in i64 for n <= 256 (24-bit samples); longer stretches
  // (sample rates above 10 kHz) take the divided form.
  let x: i64;
  let n2: i64;
  if (n <= 256) {
    x = <i64>n * svv - sv * sv;
    n2 = <i64>n * <i64>n;
  } else {
    const mean = sv / <i64>n;
    x = svv / <i64>n - mean * mean;
    n2 = 1;
  }
  // The cycle's first sample is computed only where it is used: most cycles return below (wasm3 pays for it).
  if (voltageState == VoltageState.NORMAL) {
    if (x < dipStartMs * n2) voltageState = VoltageState.LOW;
    else if (x > swellStartMs * n2) voltageState = VoltageState.HIGH;
    else return;
    eventSeen = true;
    eventStartSample = endSample - <i64>n;
    eventExtremeMs = x / n2;
    return;
  }
  eventSeen = true;
  const ms = x / n2;
  if (voltageState == VoltageState.LOW) {
    if (ms >= dipEndMs) finish(endSample - <i64>n);
    else if (ms < eventExtremeMs) eventExtremeMs = ms;
  } else {
    if (ms <= swellEndMs) finish(endSample - <i64>n);
    else if (ms > eventExtremeMs) eventExtremeMs = ms;
  }
}

// The queued event k (0 oldest): kind, start and end sample, extreme mean square (LSB^2).
export function queuedKind(k: i32): i32 {
  return <i32>load<i64>(QUEUE + (<usize>k << 5));
}
export function queuedStart(k: i32): i64 {
  return load<i64>(QUEUE + (<usize>k << 5), 8);
}
export function queuedEnd(k: i32): i64 {
  return load<i64>(QUEUE + (<usize>k << 5), 16);
}
export function queuedExtremeMs(k: i32): i64 {
  return load<i64>(QUEUE + (<usize>k << 5), 24);
}
export function queueClear(): void {
  queued = 0;
}

export function eventCount(kind: PqEvent): i64 {
  return load<i64>(EVENT_COUNTS + (<usize>kind << 3));
}
