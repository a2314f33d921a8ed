// 256-bit modular arithmetic for P-256: 8 little-endian 32-bit limbs, Montgomery multiplication (CIOS).
//
// Numbers live in static 32-byte slots addressed by pointer; every result is fully reduced (< m), so
// equality and zero tests compare limbs. Branches depend on the values: this is for verification,
// where every input is public, not for signing.
import { loadBe32 } from "./bytes";

export const U256_BYTES: i32 = 32;
const LIMBS: i32 = 8;

// The product before its final subtraction.
const T: usize = memory.data(32);
// Multiplications done since boot: the unit of the verification budget, counted so tests can hold it.
let multiplications: u32 = 0;

export function montMulCount(): u32 {
  return multiplications;
}

@inline
function limb(ptr: usize, k: i32): u32 {
  return load<u32>(ptr + <usize>(k << 2));
}

@inline
function setLimb(ptr: usize, k: i32, value: u32): void {
  store<u32>(ptr + <usize>(k << 2), value);
}

export function u256Copy(dst: usize, src: usize): void {
  for (let k = 0; k < LIMBS; k++) setLimb(dst, k, limb(src, k));
}

export function u256SetSmall(dst: usize, value: u32): void {
  setLimb(dst, 0, value);
  for (let k = 1; k < LIMBS; k++) setLimb(dst, k, 0);
}

export function u256IsZero(a: usize): bool {
  let any: u32 = 0;
  for (let k = 0; k < LIMBS; k++) any |= limb(a, k);
  return any == 0;
}

export function u256Equal(a: usize, b: usize): bool {
  let diff: u32 = 0;
  for (let k = 0; k < LIMBS; k++) diff |= limb(a, k) ^ limb(b, k);
  return diff == 0;
}

// a < b as unsigned 256-bit integers.
export function u256Less(a: usize, b: usize): bool {
  for (let k = LIMBS - 1; k >= 0; k--) {
    const x = limb(a, k);
    const y = limb(b, k);
    if (x != y) return x < y;
  }
  return false;
}

// 32 big-endian bytes (the wire order of P-256 integers) into limbs.
export function u256FromBytesBe(dst: usize, src: usize): void {
  for (let k = 0; k < LIMBS; k++) setLimb(dst, k, loadBe32(src + <usize>((LIMBS - 1 - k) << 2)));
}

// Bit `index` (0 = least significant).
export function u256Bit(a: usize, index: i32): u32 {
  return (limb(a, index >> 5) >>> <u32>(index & 31)) & 1;
}

// dst = a - b over 256 bits; returns the borrow.
export function u256Sub(dst: usize, a: usize, b: usize): u32 {
  let borrow: u64 = 0;
  for (let k = 0; k < LIMBS; k++) {
    const d = <u64>limb(a, k) - <u64>limb(b, k) - borrow;
    setLimb(dst, k, <u32>d);
    borrow = (d >> 32) & 1;
  }
  return <u32>borrow;
}

// dst = a + b over 256 bits; returns the carry.
export function u256Add(dst: usize, a: usize, b: usize): u32 {
  let carry: u64 = 0;
  for (let k = 0; k < LIMBS; k++) {
    const s = <u64>limb(a, k) + <u64>limb(b, k) + carry;
    setLimb(dst, k, <u32>s);
    carry = s >> 32;
  }
  return <u32>carry;
}

// dst = a + b mod m, for a, b < m.
export function modAdd(dst: usize, a: usize, b: usize, m: usize): void {
  const carry = u256Add(dst, a, b);
  if (carry != 0 || !u256Less(dst, m)) u256Sub(dst, dst, m);
}

// dst = a - b mod m, for a, b < m.
export function modSub(dst: usize, a: usize, b: usize, m: usize): void {
  if (u256Sub(dst, a, b) != 0) u256Add(dst, dst, m);
}

// dst = a * b / 2^256 mod m, for a, b < m and m odd; m0inv = -m^-1 mod 2^32. dst may alias a or b.
// Operands and the accumulator sit in locals (registers after wasm2c) rather than linear memory: every
// memory access is a bounds-checked load or store on the MCU, and this is the verification's hot loop.
export function montMul(dst: usize, a: usize, b: usize, m: usize, m0inv: u32): void {
  multiplications++;
  const b0 = <u64>load<u32>(b), b1 = <u64>load<u32>(b, 4), b2 = <u64>load<u32>(b, 8), b3 = <u64>load<u32>(b, 12);
  const b4 = <u64>load<u32>(b, 16), b5 = <u64>load<u32>(b, 20), b6 = <u64>load<u32>(b, 24), b7 = <u64>load<u32>(b, 28);
  const m0 = <u64>load<u32>(m), m1 = <u64>load<u32>(m, 4), m2 = <u64>load<u32>(m, 8), m3 = <u64>load<u32>(m, 12);
  const m4 = <u64>load<u32>(m, 16), m5 = <u64>load<u32>(m, 20), m6 = <u64>load<u32>(m, 24), m7 = <u64>load<u32>(m, 28);
  let t0: u64 = 0, t1: u64 = 0, t2: u64 = 0, t3: u64 = 0, t4: u64 = 0, t5: u64 = 0, t6: u64 = 0, t7: u64 = 0, t8: u64 = 0;
  for (let i = 0; i < LIMBS; i++) {
    // t += a[i] * b (each t_k holds 32 bits; the sums fit 64 bits).
    const ai = <u64>limb(a, i);
    let s = t0 + ai * b0;
    t0 = s & 0xffffffff;
    s = t1 + ai * b1 + (s >> 32); t1 = s & 0xffffffff;
    s = t2 + ai * b2 + (s >> 32); t2 = s & 0xffffffff;
    s = t3 + ai * b3 + (s >> 32); t3 = s & 0xffffffff;
    s = t4 + ai * b4 + (s >> 32); t4 = s & 0xffffffff;
    s = t5 + ai * b5 + (s >> 32); t5 = s & 0xffffffff;
    s = t6 + ai * b6 + (s >> 32); t6 = s & 0xffffffff;
    s = t7 + ai * b7 + (s >> 32); t7 = s & 0xffffffff;
    s = t8 + (s >> 32);
    t8 = s & 0xffffffff;
    const t9 = s >> 32;
    // t = (t + q m) / 2^32 with q chosen so the low limb cancels.
    const q = <u64>(<u32>t0 * m0inv);
    s = t0 + q * m0;
    s = t1 + q * m1 + (s >> 32); t0 = s & 0xffffffff;
    s = t2 + q * m2 + (s >> 32); t1 = s & 0xffffffff;
    s = t3 + q * m3 + (s >> 32); t2 = s & 0xffffffff;
    s = t4 + q * m4 + (s >> 32); t3 = s & 0xffffffff;
    s = t5 + q * m5 + (s >> 32); t4 = s & 0xffffffff;
    s = t6 + q * m6 + (s >> 32); t5 = s & 0xffffffff;
    s = t7 + q * m7 + (s >> 32); t6 = s & 0xffffffff;
    s = t8 + (s >> 32);
    t7 = s & 0xffffffff;
    t8 = t9 + (s >> 32);
  }
  setLimb(T, 0, <u32>t0);
  setLimb(T, 1, <u32>t1);
  setLimb(T, 2, <u32>t2);
  setLimb(T, 3, <u32>t3);
  setLimb(T, 4, <u32>t4);
  setLimb(T, 5, <u32>t5);
  setLimb(T, 6, <u32>t6);
  setLimb(T, 7, <u32>t7);
  // The result is below 2m: one conditional subtraction.
  if (t8 != 0 || !u256Less(T, m)) u256Sub(T, T, m);
  u256Copy(dst, T);
}
