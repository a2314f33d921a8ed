// 256-bit modular arithmetic for P-256: 8 little-endian 32-bit limbs, Montgomery multiplication (CIOS).
//
// Numbers live in static 32-byte slots addressed by pointer; every result is fully reduced (< m), so
// equality and zero tests compare limbs. Branches depend on the values: this is for verification,
// where every input is public, not for signing.
import { loadBe32 } from "./bytes";

export const U256_BYTES: i32 = 32;
const LIMBS: i32 = 8;

// Product accumulator of 10 limbs (8 + carry words).
const T: usize = memory.data(40);
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
export function montMul(dst: usize, a: usize, b: usize, m: usize, m0inv: u32): void {
  multiplications++;
  for (let k = 0; k < LIMBS + 2; k++) setLimb(T, k, 0);
  for (let i = 0; i < LIMBS; i++) {
    const ai = <u64>limb(a, i);
    let c: u64 = 0;
    for (let j = 0; j < LIMBS; j++) {
      const s = <u64>limb(T, j) + ai * <u64>limb(b, j) + c;
      setLimb(T, j, <u32>s);
      c = s >> 32;
    }
    let s = <u64>limb(T, LIMBS) + c;
    setLimb(T, LIMBS, <u32>s);
    setLimb(T, LIMBS + 1, <u32>(s >> 32));
    // Add mi * m so the lowest limb becomes zero, then shift down by one limb.
    const mi = <u64>(limb(T, 0) * m0inv);
    c = (<u64>limb(T, 0) + mi * <u64>limb(m, 0)) >> 32;
    for (let j = 1; j < LIMBS; j++) {
      s = <u64>limb(T, j) + mi * <u64>limb(m, j) + c;
      setLimb(T, j - 1, <u32>s);
      c = s >> 32;
    }
    s = <u64>limb(T, LIMBS) + c;
    setLimb(T, LIMBS - 1, <u32>s);
    setLimb(T, LIMBS, limb(T, LIMBS + 1) + <u32>(s >> 32));
  }
  if (limb(T, LIMBS) != 0 || !u256Less(T, m)) u256Sub(T, T, m);
  u256Copy(dst, T);
}
