// NIST P-256 curve (FIPS 186-4 D.1.2.3): field and order constants, Jacobian points in Montgomery form.
//
// A point is 96 bytes at a pointer: X, Y, Z (each 32 bytes, mod p, Montgomery form); Z = 0 is the point
// at infinity. Doubling uses a = -3 (dbl-2001-b); addition handles infinity, P + P and P + (-P), which
// crafted signatures reach on purpose (Wycheproof's edge cases).
import { U256_BYTES, modAdd, modSub, montMul, u256Copy, u256Equal, u256IsZero, u256Less, u256FromBytesBe } from "./mont";

export const POINT_BYTES: i32 = 96;

// Field prime p = 2^256 - 2^224 + 2^192 + 2^96 - 1; -p^-1 mod 2^32 = 1.
export const P: usize = memory.data<u32>([0xffffffff, 0xffffffff, 0xffffffff, 0, 0, 0, 1, 0xffffffff]);
export const P_M0INV: u32 = 1;
// Group order n and -n^-1 mod 2^32.
export const N: usize = memory.data<u32>([0xfc632551, 0xf3b9cac2, 0xa7179e84, 0xbce6faad, 0xffffffff, 0xffffffff, 0, 0xffffffff]);
export const N_M0INV: u32 = 0xee00bc4f;
// 2^512 mod p and mod n: multiplying by them enters Montgomery form.
export const R2_P: usize = memory.data<u32>([3, 0, 0xffffffff, 0xfffffffb, 0xfffffffe, 0xffffffff, 0xfffffffd, 4]);
export const R2_N: usize = memory.data<u32>([0xbe79eea2, 0x83244c95, 0x49bd6fa6, 0x4699799c, 0x2b6bec59, 0x2845b239, 0xf3d95620, 0x66e12d94]);
// 1 in Montgomery form mod p and mod n.
export const ONE_P: usize = memory.data<u32>([1, 0, 0, 0xffffffff, 0xffffffff, 0xffffffff, 0xfffffffe, 0]);
export const ONE_N: usize = memory.data<u32>([0x039cdaaf, 0x0c46353d, 0x58e8617b, 0x43190552, 0, 0, 0xffffffff, 0]);
// Curve coefficient b and the base point G (Z = 1), all in Montgomery form.
const B_M: usize = memory.data<u32>([0x29c4bddf, 0xd89cdf62, 0x78843090, 0xacf005cd, 0xf7212ed6, 0xe5a220ab, 0x04874834, 0xdc30061d]);
export const G: usize = memory.data<u32>([
  0x18a9143c, 0x79e730d4, 0x5fedb601, 0x75ba95fc, 0x77622510, 0x79fb732b, 0xa53755c6, 0x18905f76,
  0xce95560a, 0xddf25357, 0xba19e45c, 0x8b4ab8e4, 0xdd21f325, 0xd2e88688, 0x25885d85, 0x8571ff18,
  1, 0, 0, 0xffffffff, 0xffffffff, 0xffffffff, 0xfffffffe, 0,
]);

// Scratch field elements for the point formulas.
const SCRATCH: usize = memory.data(12 * U256_BYTES);
@inline function tmp(k: i32): usize {
  return SCRATCH + <usize>(k * U256_BYTES);
}

@inline function fmul(d: usize, a: usize, b: usize): void {
  montMul(d, a, b, P, P_M0INV);
}
@inline function fadd(d: usize, a: usize, b: usize): void {
  modAdd(d, a, b, P);
}
@inline function fsub(d: usize, a: usize, b: usize): void {
  modSub(d, a, b, P);
}

export function pointCopy(dst: usize, src: usize): void {
  for (let k = 0; k < POINT_BYTES; k += 4) store<u32>(dst + <usize>k, load<u32>(src + <usize>k));
}

export function pointSetInfinity(dst: usize): void {
  u256Copy(dst, ONE_P);
  u256Copy(dst + 32, ONE_P);
  for (let k = 0; k < U256_BYTES; k += 4) store<u32>(dst + 64 + <usize>k, 0);
}

export function pointIsInfinity(pt: usize): bool {
  return u256IsZero(pt + 64);
}

// Affine x, y (32 big-endian bytes each) into a Jacobian point; false unless both are < p and the point is
// on y^2 = x^3 - 3x + b (the point at infinity has no such encoding, so it is refused too).
export function pointFromAffineBe(dst: usize, xPtr: usize, yPtr: usize): bool {
  const x = tmp(0), y = tmp(1), lhs = tmp(2), rhs = tmp(3);
  u256FromBytesBe(x, xPtr);
  u256FromBytesBe(y, yPtr);
  if (!u256Less(x, P) || !u256Less(y, P)) return false;
  fmul(x, x, R2_P);
  fmul(y, y, R2_P);
  fmul(lhs, y, y);
  fmul(rhs, x, x);
  fmul(rhs, rhs, x);
  fsub(rhs, rhs, x);
  fsub(rhs, rhs, x);
  fsub(rhs, rhs, x);
  fadd(rhs, rhs, B_M);
  if (!u256Equal(lhs, rhs)) return false;
  u256Copy(dst, x);
  u256Copy(dst + 32, y);
  u256Copy(dst + 64, ONE_P);
  return true;
}

// dst = 2 * src (dst may be src): 4 multiplications and 4 squarings.
export function pointDouble(dst: usize, src: usize): void {
  if (pointIsInfinity(src)) {
    pointCopy(dst, src);
    return;
  }
  const x1 = src, y1 = src + 32, z1 = src + 64;
  const delta = tmp(0), gamma = tmp(1), beta = tmp(2), alpha = tmp(3), t = tmp(4), z3 = tmp(5);
  fmul(delta, z1, z1);
  fmul(gamma, y1, y1);
  fmul(beta, x1, gamma);
  fsub(t, x1, delta);
  fadd(alpha, x1, delta);
  fmul(alpha, alpha, t);
  fadd(t, alpha, alpha);
  fadd(alpha, alpha, t);
  fadd(z3, y1, z1);
  fmul(z3, z3, z3);
  fsub(z3, z3, gamma);
  fsub(z3, z3, delta);
  // X3 = alpha^2 - 8 beta
  fadd(beta, beta, beta);
  fadd(beta, beta, beta);
  fmul(dst, alpha, alpha);
  fsub(dst, dst, beta);
  fsub(dst, dst, beta);
  // Y3 = alpha (4 beta - X3) - 8 gamma^2
  fsub(beta, beta, dst);
  fmul(gamma, gamma, gamma);
  fadd(gamma, gamma, gamma);
  fadd(gamma, gamma, gamma);
  fadd(gamma, gamma, gamma);
  fmul(t, alpha, beta);
  fsub(dst + 32, t, gamma);
  u256Copy(dst + 64, z3);
}

// dst = a + b (dst may be a): 12 multiplications and 4 squarings in the general case.
export function pointAdd(dst: usize, a: usize, b: usize): void {
  if (pointIsInfinity(a)) {
    pointCopy(dst, b);
    return;
  }
  if (pointIsInfinity(b)) {
    if (dst != a) pointCopy(dst, a);
    return;
  }
  const z1z1 = tmp(6), z2z2 = tmp(7), u1 = tmp(8), u2 = tmp(9), s1 = tmp(10), s2 = tmp(11);
  fmul(z1z1, a + 64, a + 64);
  fmul(z2z2, b + 64, b + 64);
  fmul(u1, a, z2z2);
  fmul(u2, b, z1z1);
  fmul(s1, a + 32, b + 64);
  fmul(s1, s1, z2z2);
  fmul(s2, b + 32, a + 64);
  fmul(s2, s2, z1z1);
  const h = u2, r = s2;
  fsub(h, u2, u1);
  fsub(r, s2, s1);
  if (u256IsZero(h)) {
    if (u256IsZero(r)) pointDouble(dst, a);
    else pointSetInfinity(dst);
    return;
  }
  const hh = z1z1, hhh = z2z2, v = tmp(0), z3 = tmp(1);
  fmul(z3, a + 64, b + 64);
  fmul(z3, z3, h);
  fmul(hh, h, h);
  fmul(hhh, h, hh);
  fmul(v, u1, hh);
  // X3 = r^2 - HHH - 2V
  fmul(dst, r, r);
  fsub(dst, dst, hhh);
  fsub(dst, dst, v);
  fsub(dst, dst, v);
  // Y3 = r (V - X3) - S1 HHH
  fsub(v, v, dst);
  fmul(v, r, v);
  fmul(s1, s1, hhh);
  fsub(dst + 32, v, s1);
  u256Copy(dst + 64, z3);
}
