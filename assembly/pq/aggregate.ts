// IEC 61000-4-30 aggregation: 10/12-cycle, 150/180-cycle and 10-minute voltage, 10-second frequency, 10-minute THD.
// Values are kept as integer mean squares (LSB^2) and frequencies in mHz; volts come from the gain when read.

let cyclesPerBlock: i32 = 10; // 10 cycles at 50 Hz, 12 at 60 Hz: about 200 ms
let nominalHz: i32 = 50;
let rateHz: i32 = 4000;

// The open 10/12-cycle interval.
let blkCycles: i32 = 0;
let blkN: i64 = 0;
let blkSv: i64 = 0;
let blkSvv: i64 = 0;
export let ms10: i64 = -1; // the last 10/12-cycle value; -1 none yet
// 15 of them make the 150/180-cycle value (about 3 s).
let sum15: i64 = 0;
let count15: i32 = 0;
export let ms150: i64 = -1;
// The open 10-minute interval: its 10/12-cycle values and the windows' THD squares.
let sum10min: i64 = 0;
export let count10min: i32 = 0;
let thdVSq: f64 = 0.0;
let thdISq: f64 = 0.0;
export let thdWindows: i32 = 0;
let thdIWindows: i32 = 0;

// The open 10-second frequency interval: whole cycles and their total duration (Q16 samples).
let freqEndSample: i64 = 0;
let freqCycles: i64 = 0;
let freqSumQ16: i64 = 0;
export let freq10sMhz: i32 = 0; // the last 10-s mean; 0 none yet
// 10-s values of the open 10-minute interval: how many, how many outside +-1 % of nominal, the worst.
export let freqValues: i32 = 0;
export let freqOutside: i32 = 0;
export let freqWorstMhz: i32 = 0;

export function aggregateConfigure(rate: i32, nominal: i32): void {
  rateHz = rate;
  nominalHz = nominal;
  cyclesPerBlock = nominal == 60 ? 12 : 10;
}

export function aggregateReset(): void {
  blkCycles = 0;
  blkN = 0;
  blkSv = 0;
  blkSvv = 0;
  ms10 = -1;
  sum15 = 0;
  count15 = 0;
  ms150 = -1;
  freqEndSample = 0;
  freqCycles = 0;
  freqSumQ16 = 0;
  freq10sMhz = 0;
  tenMinuteReset();
}

export function tenMinuteReset(): void {
  sum10min = 0;
  count10min = 0;
  thdVSq = 0.0;
  thdISq = 0.0;
  thdWindows = 0;
  thdIWindows = 0;
  freqValues = 0;
  freqOutside = 0;
  freqWorstMhz = 0;
}

// Called with every cycle: sums only, the divisions run once per 10/12 cycles (5 times a second).
export function aggregateCycle(n: i32, sv: i64, svv: i64): void {
  blkN += <i64>n;
  blkSv += sv;
  blkSvv += svv;
  const cycles = blkCycles + 1;
  blkCycles = cycles;
  if (cycles < cyclesPerBlock) return;
  const mean = blkSv / blkN;
  let ms = blkSvv / blkN - mean * mean;
  if (ms < 0) ms = 0;
  ms10 = ms;
  blkCycles = 0;
  blkN = 0;
  blkSv = 0;
  blkSvv = 0;
  sum15 += ms;
  if (++count15 == 15) {
    ms150 = sum15 / 15;
    sum15 = 0;
    count15 = 0;
  }
  sum10min += ms;
  count10min++;
}

// The 10-minute mean square of the interval now closing, -1 when it had no cycle at all.
export function tenMinuteMs(): i64 {
  return count10min > 0 ? sum10min / <i64>count10min : -1;
}

// Each valid period (Q16 samples) ending at crossing time tQ16. IEC 61000-4-30: the 10-s value is the
// number of whole cycles in the interval over their total duration.
export function aggregatePeriod(periodQ16: i64, tQ16: i64): void {
  const t = tQ16 >> 16;
  if (freqEndSample == 0) freqEndSample = (t / (<i64>rateHz * 10) + 1) * <i64>rateHz * 10;
  if (t >= freqEndSample) {
    if (freqCycles > 0) closeFrequency();
    freqEndSample = (t / (<i64>rateHz * 10) + 1) * <i64>rateHz * 10;
    freqCycles = 0;
    freqSumQ16 = 0;
  }
  freqCycles++;
  freqSumQ16 += periodQ16;
}

function closeFrequency(): void {
  const mhz = <i32>((freqCycles * <i64>rateHz * 65536000 + (freqSumQ16 >> 1)) / freqSumQ16);
  freq10sMhz = mhz;
  freqValues++;
  const dev = mhz - nominalHz * 1000;
  const absDev = dev < 0 ? -dev : dev;
  if (absDev * 100 > nominalHz * 1000) freqOutside++; // outside +-1 %
  const worst = freqWorstMhz - nominalHz * 1000;
  if (freqValues == 1 || absDev > (worst < 0 ? -worst : worst)) freqWorstMhz = mhz;
}

// Below this fundamental current a window's current THD is the noise's, not the load's (Imin of 5(100) A).
const THD_I_MIN_A: f64 = 0.25;

// Once a window (about 1 s): the window's THD of voltage and current in %, and its fundamental current.
export function aggregateThd(thdVPct: f64, thdIPct: f64, i1A: f64): void {
  thdVSq += thdVPct * thdVPct;
  thdWindows++;
  if (i1A >= THD_I_MIN_A) {
    thdISq += thdIPct * thdIPct;
    thdIWindows++;
  }
}

export function thdV10min(): f64 {
  return thdWindows > 0 ? Math.sqrt(thdVSq / <f64>thdWindows) : 0.0;
}

export function thdI10min(): f64 {
  return thdIWindows > 0 ? Math.sqrt(thdISq / <f64>thdIWindows) : NaN;
}

export function nominalFrequencyHz(): i32 {
  return nominalHz;
}
