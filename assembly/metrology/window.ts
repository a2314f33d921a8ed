// Cycle and window control: zero crossings, frequency, Urms(1), and windows of whole mains cycles.
import {
  scan, SAMPLE_BUFFER, resetAccumulators, accN, accSv, accSvv, zcLevel,
  setReferenceIncrement, setCrossingLevels, disarmCrossing, setCurrentDelay,
} from "./sampler";
import { computeWindow, Reading, readingGet, readingSet } from "./measure";
import { vGainV, delayWeight } from "./calibration";
import { registerWindow } from "./energy";

// Power quality (assembly/pq) follows the cycles found here but is not legal metrology: meter.ts plugs its
// functions in at boot, so the legal sources (host/legal.ts) end at this folder and a new event code or counter
// does not change the legal checksum. Called at cycle rate, never per sample.
function noCycle(n: i32, sv: i64, svv: i64, endSample: i64): void {}
function noPeriod(periodQ16: i64, tQ16: i64): void {}
function noRate(rateHz: i32, nominalHz: i32): void {}
let cycleHook: (n: i32, sv: i64, svv: i64, endSample: i64) => void = noCycle;
let periodHook: (periodQ16: i64, tQ16: i64) => void = noPeriod;
let rateHook: (rateHz: i32, nominalHz: i32) => void = noRate;
let nominalHook: (rateHz: i32, nominalHz: i32) => void = noRate;

export function windowHooks(
  cycle: (n: i32, sv: i64, svv: i64, endSample: i64) => void,
  period: (periodQ16: i64, tQ16: i64) => void,
  rate: (rateHz: i32, nominalHz: i32) => void,
  nominal: (rateHz: i32, nominalHz: i32) => void,
): void {
  cycleHook = cycle;
  periodHook = period;
  rateHook = rate;
  nominalHook = nominal;
}

export let sampleRateHz: i32 = 4000;
// Samples processed before the current block: the metrology time base.
export let samplesTotal: i64 = 0;
// Incremented at every window close; the meter polls it after each block.
export let windowsClosed: i32 = 0;

// Crossing times are absolute sample times in Q16 fixed point: a crossing runs ~50 times a second,
// and on a core without a double-precision FPU it must not cost thousands of instructions.
const NONE: i64 = -1;
let lastSample: i32 = 0;
let lastCrossQ16: i64 = NONE;
let winFirstQ16: i64 = NONE; // first crossing inside the open window
let winLastQ16: i64 = 0;
let winCycles: i32 = 0;
let minPeriodQ16: i64 = 0;
let maxPeriodQ16: i64 = 0;
// Window sums at the last crossing, and the sums of the last whole cycle, for Urms(1).
let cycN: i32 = 0;
let cycSv: i64 = 0;
let cycSvv: i64 = 0;
let lastCycN: i32 = 0;
let lastCycSv: i64 = 0;
let lastCycSvv: i64 = 0;
// The cycle sums start at a crossing (or a stretch without one): the power quality code gets whole cycles only.
let cycAligned: bool = false;
// The reference oscillator runs at the nominal frequency until a period has been measured (after boot
// and after a close on time alone). Readings of samples taken before that read reactive power 2.6 to
// 5.7 % low at 45..65 Hz, so those samples leave the accumulators and are only counted (unlockedN):
// the first locked window's powers register their energy, so no sample's energy is lost.
let refLocked: bool = false;
let unlockedN: i32 = 0;

// Mains 40..70 Hz is accepted as a period; outside it the crossing is noise or a missing cycle.
const MIN_FREQ_HZ: i32 = 40;
const MAX_FREQ_HZ: i32 = 70;
// Hysteresis floor: about 0.5 V at the default gain, so noise never fires the detector.
const MIN_HYSTERESIS_LSB: i32 = 8192;

function incrementFor(nominalHz: i32, rateHz: i32): u32 {
  return <u32>((((<u64>nominalHz) << 32) + <u64>(rateHz >> 1)) / <u64>rateHz);
}

export function configureRate(rateHz: i32, nominalHz: i32): void {
  sampleRateHz = rateHz;
  minPeriodQ16 = ((<i64>rateHz) << 16) / <i64>MAX_FREQ_HZ;
  maxPeriodQ16 = ((<i64>rateHz) << 16) / <i64>MIN_FREQ_HZ;
  setReferenceIncrement(incrementFor(nominalHz, rateHz));
  setCurrentDelay(delayWeight(rateHz));
  rateHook(rateHz, nominalHz);
}

export function retuneNominal(nominalHz: i32): void {
  nominalHook(sampleRateHz, nominalHz);
  if (lastCrossQ16 < 0) setReferenceIncrement(incrementFor(nominalHz, sampleRateHz));
}

function closeWindow(freqHz: f64, endSample: i64): void {
  readingSet(Reading.WINDOW_END_SAMPLE, <f64>endSample);
  const windowMs = <f64>accN * 1000.0 / <f64>sampleRateHz;
  computeWindow(freqHz, windowMs, sampleRateHz);
  if (lastCycN > 0) {
    const mean = <f64>lastCycSv / <f64>lastCycN;
    const ms = <f64>lastCycSvv / <f64>lastCycN - mean * mean;
    readingSet(Reading.URMS_CYCLE, ms > 0.0 ? Math.sqrt(ms) * vGainV : 0.0);
  } else {
    readingSet(Reading.URMS_CYCLE, 0.0);
  }
  registerWindow(<f64>(accN + unlockedN) / <f64>sampleRateHz);
  unlockedN = 0;
  // The detector follows the measured offset and amplitude of the voltage channel.
  const ov = <f64>accSv / <f64>accN;
  const vrmsLsb = readingGet(Reading.VRMS) / vGainV;
  let hyst = <i32>(vrmsLsb * 0.25);
  if (hyst < MIN_HYSTERESIS_LSB) hyst = MIN_HYSTERESIS_LSB;
  const level = <i32>Math.round(ov);
  setCrossingLevels(level, level - hyst);
  resetAccumulators();
  // A new delay constant takes effect with a window, so a window's sums and its correction agree.
  setCurrentDelay(delayWeight(sampleRateHz));
  cycN = 0;
  cycSv = 0;
  cycSvv = 0;
  lastCycN = 0;
  windowsClosed++;
}

function onCrossing(k: u32): void {
  disarmCrossing();
  const q = <usize>k << 3;
  const v = load<i32>(q, SAMPLE_BUFFER);
  const prev = k > 0 ? load<i32>(q, SAMPLE_BUFFER - 8) : lastSample;
  const index = samplesTotal + <i64>k;
  // prev < level <= v, so 0 < num <= den; i64 because garbage samples may span the whole i32 range.
  const num = <i64>zcLevel - <i64>prev;
  const den = <i64>v - <i64>prev;
  const t = ((index - 1) << 16) + (den > 0 ? (num << 16) / den : 0);
  // The cycle that ends here, at cycle rate: voltage events and aggregation (assembly/pq).
  if (cycAligned && accN > cycN) cycleHook(accN - cycN, accSv - cycSv, accSvv - cycSvv, index);
  cycAligned = true;

  if (lastCrossQ16 >= 0) {
    const period = t - lastCrossQ16;
    if (period >= minPeriodQ16 && period <= maxPeriodQ16) {
      // The reference advances 2^32 per period: increment = round(2^48 / period in Q16).
      setReferenceIncrement(<u32>((((<i64>1) << 48) + (period >> 1)) / period));
      periodHook(period, t);
      lastCycN = accN - cycN;
      lastCycSv = accSv - cycSv;
      lastCycSvv = accSvv - cycSvv;
      if (!refLocked) {
        refLocked = true;
        unlockedN += accN;
        resetAccumulators();
        cycN = 0;
        cycSv = 0;
        cycSvv = 0;
        winFirstQ16 = NONE;
      }
    } else {
      winFirstQ16 = NONE; // a gap: restart the cycle count
    }
  }
  lastCrossQ16 = t;

  if (winFirstQ16 < 0) {
    winFirstQ16 = t;
    winCycles = 0;
  } else {
    winCycles++;
    winLastQ16 = t;
  }
  if (accN >= sampleRateHz && winCycles >= 1) {
    closeWindow(<f64>winCycles * <f64>sampleRateHz * 65536.0 / <f64>(winLastQ16 - winFirstQ16), index);
    winFirstQ16 = t;
    winCycles = 0;
  }
  cycN = accN;
  cycSv = accSv;
  cycSvv = accSvv;
}

// Runs the block of `pairs` (1..SAMPLE_PAIRS_MAX) pairs in SAMPLE_BUFFER through the sampler, handling
// every crossing at the sample where it falls.
export function processBlock(pairs: i32): void {
  const end = <u32>pairs;
  let k: u32 = 0;
  while (true) {
    k = scan(k, end);
    if (k >= end) break;
    onCrossing(k);
  }
  samplesTotal += <i64>pairs;
  lastSample = load<i32>(<usize>(pairs - 1) << 3, SAMPLE_BUFFER);
  // No crossing for longer than the longest cycle (an interruption, a deep dip below the detector's
  // hysteresis): the samples since the last cycle go to the power quality code as one stretch.
  if (accN - cycN > <i32>(maxPeriodQ16 >> 16)) {
    cycleHook(accN - cycN, accSv - cycSv, accSvv - cycSvv, samplesTotal);
    cycN = accN;
    cycSv = accSv;
    cycSvv = accSvv;
    cycAligned = true;
  }
  // No usable crossings for longer than a second and the longest cycle: close on time alone.
  if (accN >= sampleRateHz + sampleRateHz / MIN_FREQ_HZ) {
    closeWindow(0.0, samplesTotal);
    winFirstQ16 = NONE;
    lastCrossQ16 = NONE;
    refLocked = false;
  }
}
