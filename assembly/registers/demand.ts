// Maximum demand: mean power over each integration period (Z4: 15/30/60 min), its peaks with time stamps, and accumulated peaks.
import { Err } from "../errors";

export const enum Peak {
  P_PLUS = 0, // 1.6.0 active import
  Q_PLUS = 1, // 3.6.0 reactive import
  S_PLUS = 2, // 9.6.0 apparent import
  S_MINUS = 3, // 10.6.0 apparent export
  P_PLUS_T1 = 4, // 1.6.1
  P_PLUS_T2 = 5, // 1.6.2
  Q_PLUS_T1 = 6, // 3.6.1
  Q_PLUS_T2 = 7, // 3.6.2
  COUNT = 8,
}

// Accumulated peaks, added at each debiting stop (the "cumulative maximum demand" of billing).
export const enum AccPeak {
  P_PLUS = 0,
  P_PLUS_T1 = 1,
  P_PLUS_T2 = 2,
  Q_PLUS = 3,
  COUNT = 4,
}

// Z4 codes of the data sheet.
export function periodSecondsOfZ4(code: i32): i32 {
  if (code == 2) return 900;
  if (code == 3) return 1800;
  if (code == 4) return 3600;
  return 0;
}

// Peak values in W (var, VA) and the UTC second at which their period ended.
const PEAK_W: usize = memory.data(8 * <i32>Peak.COUNT);
const PEAK_UTC_S: usize = memory.data(8 * <i32>Peak.COUNT);
const ACC_W: usize = memory.data(8 * <i32>AccPeak.COUNT);
// Energy of the open period in µWh, per monitored quantity: P+, Q+, S+, S-.
const OPEN_UWH: usize = memory.data(8 * 4);

let periodS: i32 = 900;
let openPeriodIndex: i64 = -1; // floor(utcS / periodS) of the open period
export let lastPeriodMeanPW: f64 = 0.0;
export let periodsClosed: i32 = 0;
// Changes whenever the peaks may have changed (a period closed, a reset, a restore): readers cache by it.
export let demandGeneration: i32 = 0;

export function demandPeriodSeconds(): i32 {
  return periodS;
}

export function demandSetPeriod(z4Code: i32): Err {
  const s = periodSecondsOfZ4(z4Code);
  if (s == 0) return Err.OUT_OF_RANGE;
  periodS = s;
  openPeriodIndex = -1; // a new period length starts a new period
  memory.fill(OPEN_UWH, 0, 32);
  return Err.OK;
}

export function peakW(which: i32): f64 {
  if (which < 0 || which >= <i32>Peak.COUNT) return NaN;
  return load<f64>(PEAK_W + (<usize>which << 3));
}

export function peakUtcS(which: i32): i64 {
  if (which < 0 || which >= <i32>Peak.COUNT) return -1;
  return load<i64>(PEAK_UTC_S + (<usize>which << 3));
}

export function accumulatedPeakW(which: i32): f64 {
  if (which < 0 || which >= <i32>AccPeak.COUNT) return NaN;
  return load<f64>(ACC_W + (<usize>which << 3));
}

// The window's energies in µWh (each >= 0) go into the open period; a period that ended before
// `utcS` is closed first. Returns true when a period closed (its mean import is lastPeriodMeanPW).
export function demandAdd(utcS: i64, tariff: i32, pUwh: i64, qUwh: i64, sPlusUwh: i64, sMinusUwh: i64): bool {
  const index = utcS / <i64>periodS;
  let closed = false;
  if (openPeriodIndex < 0) {
    openPeriodIndex = index;
  } else if (index != openPeriodIndex) {
    // A clock set backwards also ends the period: its energy is never put in a later one.
    closePeriod((openPeriodIndex + 1) * <i64>periodS, tariff);
    openPeriodIndex = index;
    closed = true;
  }
  addOpen(0, pUwh);
  addOpen(1, qUwh);
  addOpen(2, sPlusUwh);
  addOpen(3, sMinusUwh);
  return closed;
}

function addOpen(k: i32, uwh: i64): void {
  const slot = OPEN_UWH + (<usize>k << 3);
  store<i64>(slot, load<i64>(slot) + uwh);
}

// Mean power = energy of the period / period length (IEC 62053-... block demand), compared with the peak.
function closePeriod(endUtcS: i64, tariff: i32): void {
  const toW = 3600.0 / 1e6 / <f64>periodS;
  const p = <f64>load<i64>(OPEN_UWH) * toW;
  const q = <f64>load<i64>(OPEN_UWH, 8) * toW;
  raise(Peak.P_PLUS, p, endUtcS);
  raise(Peak.Q_PLUS, q, endUtcS);
  raise(Peak.S_PLUS, <f64>load<i64>(OPEN_UWH, 16) * toW, endUtcS);
  raise(Peak.S_MINUS, <f64>load<i64>(OPEN_UWH, 24) * toW, endUtcS);
  if (tariff == 1) {
    raise(Peak.P_PLUS_T1, p, endUtcS);
    raise(Peak.Q_PLUS_T1, q, endUtcS);
  } else if (tariff == 2) {
    raise(Peak.P_PLUS_T2, p, endUtcS);
    raise(Peak.Q_PLUS_T2, q, endUtcS);
  }
  lastPeriodMeanPW = p;
  periodsClosed++;
  demandGeneration++;
  memory.fill(OPEN_UWH, 0, 32);
}

function raise(which: Peak, w: f64, endUtcS: i64): void {
  const slot = <usize>which << 3;
  if (w > load<f64>(PEAK_W + slot)) {
    store<f64>(PEAK_W + slot, w);
    store<i64>(PEAK_UTC_S + slot, endUtcS);
  }
}

// At a debiting stop the peaks are added to the accumulated peaks and start again from zero.
export function demandResetPeaks(): void {
  demandGeneration++;
  addAcc(AccPeak.P_PLUS, Peak.P_PLUS);
  addAcc(AccPeak.P_PLUS_T1, Peak.P_PLUS_T1);
  addAcc(AccPeak.P_PLUS_T2, Peak.P_PLUS_T2);
  addAcc(AccPeak.Q_PLUS, Peak.Q_PLUS);
  memory.fill(PEAK_W, 0, 8 * <i32>Peak.COUNT);
  memory.fill(PEAK_UTC_S, 0, 8 * <i32>Peak.COUNT);
}

function addAcc(acc: AccPeak, peak: Peak): void {
  const slot = ACC_W + (<usize>acc << 3);
  store<f64>(slot, load<f64>(slot) + load<f64>(PEAK_W + (<usize>peak << 3)));
}

// Persistence: peaks, stamps and accumulated peaks as one block for the state record.
export const DEMAND_STATE_BYTES: i32 = 8 * (2 * <i32>Peak.COUNT + <i32>AccPeak.COUNT);

export function demandSave(dst: usize): void {
  memory.copy(dst, PEAK_W, 8 * <i32>Peak.COUNT);
  memory.copy(dst + <usize>(8 * <i32>Peak.COUNT), PEAK_UTC_S, 8 * <i32>Peak.COUNT);
  memory.copy(dst + <usize>(16 * <i32>Peak.COUNT), ACC_W, 8 * <i32>AccPeak.COUNT);
}

export function demandRestore(src: usize): void {
  demandGeneration++;
  memory.copy(PEAK_W, src, 8 * <i32>Peak.COUNT);
  memory.copy(PEAK_UTC_S, src + <usize>(8 * <i32>Peak.COUNT), 8 * <i32>Peak.COUNT);
  memory.copy(ACC_W, src + <usize>(16 * <i32>Peak.COUNT), 8 * <i32>AccPeak.COUNT);
}

export function demandClear(): void {
  demandGeneration++;
  memory.fill(PEAK_W, 0, 8 * <i32>Peak.COUNT);
  memory.fill(PEAK_UTC_S, 0, 8 * <i32>Peak.COUNT);
  memory.fill(ACC_W, 0, 8 * <i32>AccPeak.COUNT);
  memory.fill(OPEN_UWH, 0, 32);
  openPeriodIndex = -1;
}
