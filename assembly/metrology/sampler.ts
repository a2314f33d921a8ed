// The per-sample loop: integer accumulation of one measurement window, stopping at voltage zero crossings.
import { SINE_TABLE, SINE_TABLE_BYTES } from "./reftable";

// Sums of the open window over raw samples (LSB). Offsets are removed algebraically at window close,
// so the loop never subtracts anything.
export let accN: i32 = 0;
export let accSv: i64 = 0;
export let accSi: i64 = 0;
export let accSvv: i64 = 0;
export let accSii: i64 = 0;
export let accSvi: i64 = 0;
// Over the current one sample earlier: the window blends it with accSvi into the current delayed by a
// fraction of a sample (see delayW1), so the V-to-I delay compensation reaches every harmonic, not only
// the fundamental that measure.ts rotates.
export let accSviPrev: i64 = 0;
// Correlations with the reference oscillator (fundamental phasors) and the reference's own sums.
export let accSvc: i64 = 0;
export let accSvs: i64 = 0;
export let accSic: i64 = 0;
export let accSis: i64 = 0;
export let accSc: i64 = 0;
export let accSs: i64 = 0;

// Fractional delay of the current in 1/256 sample (0..256): i'[n] = ((256 - w1) * i[n] + w1 * i[n-1]) / 256.
// The blend is linear, so it is applied to the window's two sums (accSvi, accSviPrev) once at window
// close instead of to every sample: the same delay, 5 Cortex-M4 instructions less per pair.
export let delayW1: i32 = 0;
// The current sample before the read position, carried across blocks and windows.
export let lastI: i32 = 0;

// Positive-going zero-crossing detector with hysteresis: armed below zcArmLevel, fires at zcLevel.
export let zcLevel: i32 = 0;
export let zcArmLevel: i32 = -16384;
export let zcArmed: i32 = 0;

// Reference oscillator: 32-bit phase, increment = f / fs * 2^32, retuned every cycle.
export let refPhase: u32 = 0;
export let refInc: u32 = 53687091; // 50 Hz at 4000 pairs/s

// The ADC's block buffer (pairs of i32: voltage, then current), owned here so that the loop indexes it
// from a constant address: wasm2c then proves every sample load in bounds from one guard read per call
// and drops the per-load check (13 Cortex-M4 instructions per pair with a pointer argument).
export const SAMPLE_PAIRS_MAX: i32 = 128;
export const SAMPLE_BUFFER: usize = memory.data(SAMPLE_PAIRS_MAX * 8);

let tableGuard: u8 = 0;
let bufferGuard: u8 = 0;

export function resetAccumulators(): void {
  accN = 0;
  accSv = 0;
  accSi = 0;
  accSvv = 0;
  accSii = 0;
  accSvi = 0;
  accSviPrev = 0;
  accSvc = 0;
  accSvs = 0;
  accSic = 0;
  accSis = 0;
  accSc = 0;
  accSs = 0;
}

// Accumulates the pairs of SAMPLE_BUFFER from index k up to end, or up to (not including) the first
// sample at which the armed detector fires; returns the index where it stopped. At most
// SAMPLE_PAIRS_MAX (128) pairs per call, so the 32-bit partial sums of 24-bit samples cannot overflow.
export function scan(k: u32, end: u32): u32 {
  if (end > <u32>SAMPLE_PAIRS_MAX) end = <u32>SAMPLE_PAIRS_MAX;
  const start = k;
  let sv: i32 = 0;
  let si: i32 = 0;
  let sc: i32 = 0;
  let ss: i32 = 0;
  let svv = accSvv;
  let sii = accSii;
  let svi = accSvi;
  let svp = accSviPrev;
  let prevI = lastI;
  let svc = accSvc;
  let svs = accSvs;
  let sic = accSic;
  let sis = accSis;
  let phase = refPhase;
  const inc = refInc;
  const zc = zcLevel;
  const arm = zcArmLevel;
  let armed = zcArmed;
  // One read of the table's last byte: a runtime that checks bounds (wasm2c) then knows the whole table
  // is in memory and drops the check from the loop's two table reads (4 instructions each on a Cortex-M4).
  tableGuard = load<u8>(SINE_TABLE + SINE_TABLE_BYTES - 1);
  bufferGuard = load<u8>(SAMPLE_BUFFER + <usize>SAMPLE_PAIRS_MAX * 8 - 1);
  while (k < end) {
    const p = SAMPLE_BUFFER + (<usize>k << 3);
    const v = load<i32>(p);
    if ((armed & <i32>(v >= zc)) != 0) break;
    armed |= <i32>(v < arm);
    const i = load<i32>(p, 4);
    const t = <usize>((phase >>> 22) << 1);
    const s = <i32>load<i16>(SINE_TABLE + t);
    const c = <i32>load<i16>(SINE_TABLE + t, 512);
    phase += inc;
    sv += v;
    si += i;
    sc += c;
    ss += s;
    const vw = <i64>v;
    const iw = <i64>i;
    svv += vw * vw;
    sii += iw * iw;
    svi += vw * iw;
    svp += vw * <i64>prevI;
    prevI = i;
    svc += vw * <i64>c;
    svs += vw * <i64>s;
    sic += iw * <i64>c;
    sis += iw * <i64>s;
    k++;
  }
  accN += <i32>(k - start);
  accSv += <i64>sv;
  accSi += <i64>si;
  accSc += <i64>sc;
  accSs += <i64>ss;
  accSvv = svv;
  accSii = sii;
  accSvi = svi;
  accSviPrev = svp;
  lastI = prevI;
  accSvc = svc;
  accSvs = svs;
  accSic = sic;
  accSis = sis;
  refPhase = phase;
  zcArmed = armed;
  return k;
}

export function setReferenceIncrement(inc: u32): void {
  refInc = inc;
}

// weight1 = delay in 1/256 of a sample, 0..256.
export function setCurrentDelay(weight1: i32): void {
  delayW1 = weight1;
}

export function setCrossingLevels(level: i32, armLevel: i32): void {
  zcLevel = level;
  zcArmLevel = armLevel;
}

export function disarmCrossing(): void {
  zcArmed = 0;
}
