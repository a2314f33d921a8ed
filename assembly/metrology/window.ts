// Cycle and window control: zero crossings, frequency, Urms(1), and windows of whole mains cycles.
import {
  scan, resetAccumulators, accN, accSv, accSvv, zcLevel,
  setReferenceIncrement, setCrossingLevels, disarmCrossing,
} from "./sampler";
import { computeWindow, Reading, readingGet, readingSet } from "./measure";
import { vGainV } from "./calibration";
import { registerWindow } from "./energy";

export let sampleRateHz: i32 = 4000;
// Samples processed before the current block: the metrology time base.
export let samplesTotal: i64 = 0;
// Incremented at every window close; the meter polls it after each block.
export let windowsClosed: i32 = 0;

let lastSample: i32 = 0;
let lastCrossT: f64 = -1.0; // absolute sample time of the last crossing, fractional
let winFirstT: f64 = -1.0; // first crossing inside the open window
let winLastT: f64 = 0.0;
let winCycles: i32 = 0;
// Window sums at the last crossing, for the one-cycle RMS.
let cycN: i32 = 0;
let cycSv: i64 = 0;
let cycSvv: i64 = 0;

// Mains 40..70 Hz is accepted as a period; outside it the crossing is noise or a missing cycle.
const MIN_FREQ_HZ: f64 = 40.0;
const MAX_FREQ_HZ: f64 = 70.0;
// Hysteresis floor: about 0.5 V at the default gain, so noise never fires the detector.
const MIN_HYSTERESIS_LSB: i32 = 8192;

export function configureRate(rateHz: i32, nominalHz: i32): void {
  sampleRateHz = rateHz;
  setReferenceIncrement(<u32>Math.round(<f64>nominalHz / <f64>rateHz * 4294967296.0));
}

export function retuneNominal(nominalHz: i32): void {
  if (lastCrossT < 0.0) setReferenceIncrement(<u32>Math.round(<f64>nominalHz / <f64>sampleRateHz * 4294967296.0));
}

function closeWindow(freqHz: f64, endSample: i64): void {
  readingSet(Reading.WINDOW_END_SAMPLE, <f64>endSample);
  const windowMs = <f64>accN * 1000.0 / <f64>sampleRateHz;
  computeWindow(freqHz, windowMs);
  registerWindow(<f64>accN / <f64>sampleRateHz);
  // The detector follows the measured offset and amplitude of the voltage channel.
  const ov = <f64>accSv / <f64>accN;
  const vrmsLsb = readingGet(Reading.VRMS) / vGainV;
  let hyst = <i32>(vrmsLsb * 0.25);
  if (hyst < MIN_HYSTERESIS_LSB) hyst = MIN_HYSTERESIS_LSB;
  const level = <i32>Math.round(ov);
  setCrossingLevels(level, level - hyst);
  resetAccumulators();
  cycN = 0;
  cycSv = 0;
  cycSvv = 0;
  windowsClosed++;
}

function onCrossing(p: usize, blockStart: usize): void {
  disarmCrossing();
  const v = load<i32>(p);
  const prev = p > blockStart ? load<i32>(p - 8) : lastSample;
  const index = samplesTotal + <i64>((p - blockStart) >> 3);
  const frac = <f64>(zcLevel - prev) / <f64>(v - prev);
  const t = <f64>(index - 1) + frac;
  const fs = <f64>sampleRateHz;

  if (lastCrossT >= 0.0) {
    const period = t - lastCrossT;
    if (period >= fs / MAX_FREQ_HZ && period <= fs / MIN_FREQ_HZ) {
      setReferenceIncrement(<u32>Math.round(4294967296.0 / period));
      const dn = accN - cycN;
      if (dn > 0) {
        const mean = <f64>(accSv - cycSv) / <f64>dn;
        const ms = <f64>(accSvv - cycSvv) / <f64>dn - mean * mean;
        readingSet(Reading.URMS_CYCLE, ms > 0.0 ? Math.sqrt(ms) * vGainV : 0.0);
      }
    } else {
      winFirstT = -1.0; // a gap: restart the cycle count
    }
  }
  lastCrossT = t;

  if (winFirstT < 0.0) {
    winFirstT = t;
    winCycles = 0;
  } else {
    winCycles++;
    winLastT = t;
  }
  if (accN >= sampleRateHz && winCycles >= 1) {
    closeWindow(<f64>winCycles * fs / (winLastT - winFirstT), index);
    winFirstT = t;
    winCycles = 0;
  }
  cycN = accN;
  cycSv = accSv;
  cycSvv = accSvv;
}

// Runs the block through the sampler, handling every crossing at the sample where it falls.
export function processBlock(buf: usize, pairs: i32): void {
  const end = buf + (<usize>pairs << 3);
  let p = buf;
  while (true) {
    p = scan(p, end);
    if (p >= end) break;
    onCrossing(p, buf);
  }
  samplesTotal += <i64>pairs;
  lastSample = load<i32>(end - 8);
  // No usable crossings for longer than a second and the longest cycle: close on time alone.
  if (accN >= sampleRateHz + <i32>(<f64>sampleRateHz / MIN_FREQ_HZ)) {
    closeWindow(0.0, samplesTotal);
    winFirstT = -1.0;
    lastCrossT = -1.0;
  }
}
