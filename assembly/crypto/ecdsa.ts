// ECDSA P-256 signature verification (FIPS 186-4 6.4), spread over calls: each step does bounded work.
//
// ecdsaBegin checks the key and the signature's range and starts; ecdsaStep(budget) then runs until about
// `budget` field multiplications are spent and returns BUSY, VALID or INVALID. Phases: s^-1 mod n by
// Fermat (256 square-and-multiply bits, 2 units each), u1 = e w and u2 = r w, G + Q (18), then one joint
// double-and-add per bit of u1 and u2 (Shamir's trick; 24 units), and the check x(R) = r mod n done
// without an inversion, as r Z^2 = X (or (r + n) Z^2 = X when r + n < p).
import { Err } from "../errors";
import {
  U256_BYTES, montMul, u256Add, u256Bit, u256Copy, u256Equal, u256FromBytesBe, u256IsZero, u256Less, u256Sub,
} from "./mont";
import {
  G, N, N_M0INV, ONE_N, P, P_M0INV, POINT_BYTES, R2_N, R2_P,
  pointAdd, pointDouble, pointFromAffineBe, pointIsInfinity, pointSetInfinity,
} from "./p256";

export const P256_PUBLIC_KEY_BYTES: i32 = 64; // X || Y, big-endian, without the 0x04 prefix
export const P256_SCALAR_BYTES: i32 = 32;
// Work units (field multiplications) of the largest single step: one joint double-and-add.
export const ECDSA_MAX_STEP_UNITS: i32 = 24;

export const enum EcdsaState {
  IDLE = 0,
  BUSY = 1,
  VALID = 2,
  INVALID = 3,
}

const enum Phase {
  INVERT = 0,
  SCALARS = 1,
  LADDER = 2,
  CHECK = 3,
}

const Q: usize = memory.data(POINT_BYTES);
const GQ: usize = memory.data(POINT_BYTES);
const ACC: usize = memory.data(POINT_BYTES);
const R: usize = memory.data(U256_BYTES);
const S_M: usize = memory.data(U256_BYTES);
const E: usize = memory.data(U256_BYTES);
const W_M: usize = memory.data(U256_BYTES);
const U1: usize = memory.data(U256_BYTES);
const U2: usize = memory.data(U256_BYTES);
const EXPONENT: usize = memory.data(U256_BYTES);
const TWO: usize = memory.data<u32>([2, 0, 0, 0, 0, 0, 0, 0]);

let state: EcdsaState = EcdsaState.IDLE;
let phase: Phase = Phase.INVERT;
let bitIndex: i32 = 0;

export function ecdsaState(): EcdsaState {
  return state;
}

// Starts verifying signature (r, s) over the 32-byte hash with the public key X || Y (all big-endian).
// OK: BUSY until ecdsaStep ends it. INVALID_ARGUMENT: the key is not a point of the curve. AUTH_FAILED:
// r or s outside 1..n-1. Either refusal leaves the state INVALID.
export function ecdsaBegin(publicKeyPtr: usize, hashPtr: usize, rPtr: usize, sPtr: usize): Err {
  state = EcdsaState.INVALID;
  if (!pointFromAffineBe(Q, publicKeyPtr, publicKeyPtr + 32)) return Err.INVALID_ARGUMENT;
  u256FromBytesBe(R, rPtr);
  u256FromBytesBe(S_M, sPtr);
  if (u256IsZero(R) || u256IsZero(S_M) || !u256Less(R, N) || !u256Less(S_M, N)) return Err.AUTH_FAILED;
  // The hash is as long as n, so e is its whole value, reduced once (2^256 < 2n).
  u256FromBytesBe(E, hashPtr);
  if (!u256Less(E, N)) u256Sub(E, E, N);
  montMul(S_M, S_M, R2_N, N, N_M0INV);
  u256Sub(EXPONENT, N, TWO);
  u256Copy(W_M, ONE_N);
  phase = Phase.INVERT;
  bitIndex = 255;
  state = EcdsaState.BUSY;
  return Err.OK;
}

// Cost of the next unit of work, in field multiplications (a squaring counts as one): an exponent bit
// 2, u1 and u2 with G + Q 2 + 16, a ladder bit 8 (double) + 16 (add), the final check 6.
function nextCost(): i32 {
  if (phase == Phase.INVERT) return 2;
  if (phase == Phase.SCALARS) return 18;
  if (phase == Phase.LADDER) return ECDSA_MAX_STEP_UNITS;
  return 6;
}

function invertBit(): void {
  montMul(W_M, W_M, W_M, N, N_M0INV);
  if (u256Bit(EXPONENT, bitIndex) != 0) montMul(W_M, W_M, S_M, N, N_M0INV);
  bitIndex--;
  if (bitIndex < 0) phase = Phase.SCALARS;
}

function prepareScalars(): void {
  // With w in Montgomery form, montMul(x, w R) = x w mod n in plain form.
  montMul(U1, E, W_M, N, N_M0INV);
  montMul(U2, R, W_M, N, N_M0INV);
  pointAdd(GQ, G, Q);
  pointSetInfinity(ACC);
  bitIndex = 255;
  phase = Phase.LADDER;
}

function ladderBit(): void {
  pointDouble(ACC, ACC);
  const select = u256Bit(U1, bitIndex) | (u256Bit(U2, bitIndex) << 1);
  if (select == 1) pointAdd(ACC, ACC, G);
  else if (select == 2) pointAdd(ACC, ACC, Q);
  else if (select == 3) pointAdd(ACC, ACC, GQ);
  bitIndex--;
  if (bitIndex < 0) phase = Phase.CHECK;
}

// x(ACC) mod n == r, with x = X / Z^2 mod p and r < n < p.
function checkX(): bool {
  if (pointIsInfinity(ACC)) return false;
  const zz = U1, candidate = U2, scaled = E;
  montMul(zz, ACC + 64, ACC + 64, P, P_M0INV);
  montMul(candidate, R, R2_P, P, P_M0INV);
  montMul(scaled, candidate, zz, P, P_M0INV);
  if (u256Equal(scaled, ACC)) return true;
  // x in [n, p) also reduces to r = x - n.
  if (u256Add(candidate, R, N) != 0 || !u256Less(candidate, P)) return false;
  montMul(candidate, candidate, R2_P, P, P_M0INV);
  montMul(scaled, candidate, zz, P, P_M0INV);
  return u256Equal(scaled, ACC);
}

// Runs verification work worth up to budgetUnits field multiplications (at least one unit of work, so
// a budget below ECDSA_MAX_STEP_UNITS still progresses). Returns the state after the work.
export function ecdsaStep(budgetUnits: i32): EcdsaState {
  let spent = 0;
  while (state == EcdsaState.BUSY) {
    const cost = nextCost();
    if (spent > 0 && spent + cost > budgetUnits) break;
    spent += cost;
    if (phase == Phase.INVERT) invertBit();
    else if (phase == Phase.SCALARS) prepareScalars();
    else if (phase == Phase.LADDER) ladderBit();
    else state = checkX() ? EcdsaState.VALID : EcdsaState.INVALID;
  }
  return state;
}

// Parses a strict DER ECDSA-Sig-Value (SEQUENCE of two INTEGERs, minimal lengths and no leading zeros
// beyond the sign byte, nothing after it) into 32-byte big-endian r and s. AUTH_FAILED on any deviation.
export function ecdsaSigFromDer(derPtr: usize, derBytes: i32, rOut: usize, sOut: usize): Err {
  // Short-form lengths only: a P-256 signature is at most 72 bytes.
  if (derBytes < 8 || derBytes > 72) return Err.AUTH_FAILED;
  if (load<u8>(derPtr) != 0x30 || <i32>load<u8>(derPtr + 1) != derBytes - 2) return Err.AUTH_FAILED;
  const afterR = derInteger(derPtr, 2, derBytes, rOut);
  if (afterR < 0) return Err.AUTH_FAILED;
  const afterS = derInteger(derPtr, afterR, derBytes, sOut);
  if (afterS != derBytes) return Err.AUTH_FAILED;
  return Err.OK;
}

// One non-negative INTEGER of at most 32 value bytes at offset `at`, right-aligned into out.
// Returns the offset after it, or -1.
function derInteger(derPtr: usize, at: i32, end: i32, out: usize): i32 {
  if (at + 2 > end || load<u8>(derPtr + <usize>at) != 0x02) return -1;
  let length = <i32>load<u8>(derPtr + <usize>(at + 1));
  let value = at + 2;
  if (length == 0 || length >= 0x80 || value + length > end) return -1;
  const first = load<u8>(derPtr + <usize>value);
  if ((first & 0x80) != 0) return -1; // negative
  if (first == 0) {
    if (length == 1) return fillZero(out, value + 1);
    if ((load<u8>(derPtr + <usize>(value + 1)) & 0x80) == 0) return -1; // not minimal
    value++;
    length--;
  }
  if (length > P256_SCALAR_BYTES) return -1;
  const pad = P256_SCALAR_BYTES - length;
  for (let k = 0; k < pad; k++) store<u8>(out + <usize>k, 0);
  for (let k = 0; k < length; k++) store<u8>(out + <usize>(pad + k), load<u8>(derPtr + <usize>(value + k)));
  return value + length;
}

// INTEGER 0: parsed (range checks refuse it later).
function fillZero(out: usize, next: i32): i32 {
  for (let k = 0; k < P256_SCALAR_BYTES; k++) store<u8>(out + <usize>k, 0);
  return next;
}

