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
// 0 while armed, -1 while not: the mask the loop flips its samples with (see scan).
export let zcFlip: i32 = -1;

// Reference oscillator: 32-bit phase, increment = f / fs * 2^32, retuned every cycle.
export let refPhase: u32 = 0;
export let refInc: u32 = 53687091; // 50 Hz at 4000 pairs/s

// The ADC's block buffer (pairs of i32: voltage, then current), owned here so that the loop indexes it
// from a constant address: wasm2c then proves every sample load in bounds from one guard read per call
// and drops the per-load check (13 Cortex-M4 instructions per pair with a pointer argument).
export const SAMPLE_PAIRS_MAX: i32 = 128;
// Eight bytes over: the loop's offset q < 8 * pairs is all a compiler can prove, and with the guard read of
// the last byte below that bounds the current's load at q + 4 too.
const SAMPLE_BUFFER_BYTES: usize = SAMPLE_PAIRS_MAX * 8 + 8;
export const SAMPLE_BUFFER: usize = memory.data(<i32>SAMPLE_BUFFER_BYTES);
// The guard read covers the table only when the buffer lies above it.
assert(SAMPLE_BUFFER > SINE_TABLE);

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
  // One compare per sample serves both states of the detector (an interpreter pays per operation, and the
  // flag arithmetic cost six): disarmed (flip = -1), it fires where v < zcArmLevel, written
  // ~v >= -zcArmLevel, and arms; armed (flip = 0), it fires where v >= zcLevel, the crossing. Arming checks
  // v < zcArmLevel itself, so a level of i32.MIN_VALUE, whose negation wraps, never arms.
  let flip = zcFlip;
  let fire = flip != 0 ? -zcArmLevel : zcLevel;
  // One read of the buffer's last byte: a runtime that checks bounds (wasm2c) then knows the buffer and
  // the table below it are in memory and drops the check from the loop's four reads (4 Cortex-M4
  // instructions each).
  bufferGuard = load<u8>(SAMPLE_BUFFER + SAMPLE_BUFFER_BYTES - 1);
  // The loop walks byte offsets into the buffer and the table, whose addresses go into the loads' immediate
  // offsets: no address arithmetic per sample.
  let q = <usize>k << 3;
  const qEnd = <usize>end << 3;
  while (q < qEnd) {
    const v = load<i32>(q, SAMPLE_BUFFER);
    // The current is read before the test: after it, gcc (wasm2c) computes its sign extension on both paths
    // into the join and then multiplies in 64 bits (132 instead of 96 Cortex-M4 instructions per pair).
    const i = load<i32>(q, SAMPLE_BUFFER + 4);
    if ((v ^ flip) >= fire) {
      if (flip == 0) break;
      if (v < zcArmLevel) {
        flip = 0;
        fire = zcLevel;
      }
    }
    const vw = <i64>v;
    const iw = <i64>i;
    const t = <usize>((phase >>> 22) << 1);
    // Loaded as i64: an interpreter then spends no sign extension and no slot on an i32 copy; the sums stay
    // 32-bit (summed in i64 they cost wasm2c 4.7 Cortex-M4 instructions per pair).
    const sw = <i64>load<i16>(t, SINE_TABLE);
    const cw = <i64>load<i16>(t, SINE_TABLE + 512);
    phase += inc;
    sv += v;
    si += i;
    sc += <i32>cw;
    ss += <i32>sw;
    svv += vw * vw;
    sii += iw * iw;
    svi += vw * iw;
    svp += vw * <i64>prevI;
    prevI = i;
    svc += vw * cw;
    svs += vw * sw;
    sic += iw * cw;
    sis += iw * sw;
    q += 8;
  }
  const stop = <u32>(q >> 3);
  accN += <i32>(stop - k);
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
  zcFlip = flip;
  return stop;
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
  zcFlip = -1;
}
