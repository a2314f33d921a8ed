// AES-128-GCM and GMAC (NIST SP 800-38D) over one static key context; GHASH with 4-bit tables (Shoup).
//
// The GHASH table (256 bytes) is indexed by data bytes: like the S-box, timing-neutral on a cache-less
// Cortex-M4, not constant time on a CPU with caches. Decryption checks the tag over the ciphertext before
// it writes a single byte of plaintext, so a forged message leaves the output buffer as it was.
import { Err } from "../errors";
import { AES128_SCHEDULE_BYTES, aes128EncryptBlock, aes128ExpandKey, inc32 } from "./aes";
import { copyBytes, equalBytesCt, loadBe64, storeBe64, zeroBytes } from "./bytes";

export const GCM_TAG_MAX_BYTES: i32 = 16;
// SP 800-38D 5.2.1.2 allows 96..128-bit tags for general use (and 32/64 bits only with extra limits).
export const GCM_TAG_MIN_BYTES: i32 = 12;
export const GCM_IV_BYTES: i32 = 12;

const SCHEDULE: usize = memory.data(AES128_SCHEDULE_BYTES);
// H times the 16 4-bit values, as (high, low) 64-bit halves.
const TABLE_HI: usize = memory.data(16 * 8);
const TABLE_LO: usize = memory.data(16 * 8);
// Pre-counter block J0, running counter, keystream or GHASH scratch, GHASH accumulator, partial block.
const J0: usize = memory.data(16);
const CTR: usize = memory.data(16);
const BLOCK: usize = memory.data(16);
const ACC: usize = memory.data(16);
const PARTIAL: usize = memory.data(16);
let partialBytes: i32 = 0;

// Reduction of the 4 bits shifted out of the low end (x^128 + x^7 + x^2 + x + 1, reflected).
const LAST4: usize = memory.data<u16>([
  0x0000, 0x1c20, 0x3840, 0x2460, 0x7080, 0x6ca0, 0x48c0, 0x54e0,
  0xe100, 0xfd20, 0xd940, 0xc560, 0x9180, 0x8da0, 0xa9c0, 0xb5e0,
]);

// Sets the AES-128 key: expands it and derives the hash key H = E(K, 0^128) and its table.
export function gcmSetKey(keyPtr: usize): void {
  aes128ExpandKey(keyPtr, SCHEDULE);
  zeroBytes(BLOCK, 16);
  aes128EncryptBlock(SCHEDULE, BLOCK, BLOCK);
  let vh = loadBe64(BLOCK);
  let vl = loadBe64(BLOCK + 8);
  store<u64>(TABLE_HI, 0);
  store<u64>(TABLE_LO, 0);
  store<u64>(TABLE_HI + 64, vh);
  store<u64>(TABLE_LO + 64, vl);
  for (let i = 4; i > 0; i >>= 1) {
    const t: u64 = (vl & 1) * 0xe1000000;
    vl = (vh << 63) | (vl >> 1);
    vh = (vh >> 1) ^ (t << 32);
    store<u64>(TABLE_HI + <usize>(i << 3), vh);
    store<u64>(TABLE_LO + <usize>(i << 3), vl);
  }
  for (let i = 2; i <= 8; i <<= 1) {
    const hh = load<u64>(TABLE_HI + <usize>(i << 3));
    const hl = load<u64>(TABLE_LO + <usize>(i << 3));
    for (let j = 1; j < i; j++) {
      store<u64>(TABLE_HI + <usize>((i + j) << 3), hh ^ load<u64>(TABLE_HI + <usize>(j << 3)));
      store<u64>(TABLE_LO + <usize>((i + j) << 3), hl ^ load<u64>(TABLE_LO + <usize>(j << 3)));
    }
  }
}

// ACC = ACC * H in GF(2^128).
function ghashMultiply(): void {
  let lo = <usize>(load<u8>(ACC + 15) & 0xf);
  let zh = load<u64>(TABLE_HI + (lo << 3));
  let zl = load<u64>(TABLE_LO + (lo << 3));
  for (let i = 15; i >= 0; i--) {
    const x = <usize>load<u8>(ACC + <usize>i);
    lo = x & 0xf;
    const hi = x >> 4;
    if (i != 15) {
      const rem = <usize>(zl & 0xf);
      zl = (zh << 60) | (zl >> 4);
      zh = (zh >> 4) ^ (<u64>load<u16>(LAST4 + (rem << 1)) << 48);
      zh ^= load<u64>(TABLE_HI + (lo << 3));
      zl ^= load<u64>(TABLE_LO + (lo << 3));
    }
    const rem = <usize>(zl & 0xf);
    zl = (zh << 60) | (zl >> 4);
    zh = (zh >> 4) ^ (<u64>load<u16>(LAST4 + (rem << 1)) << 48);
    zh ^= load<u64>(TABLE_HI + (hi << 3));
    zl ^= load<u64>(TABLE_LO + (hi << 3));
  }
  storeBe64(ACC, zh);
  storeBe64(ACC + 8, zl);
}

function ghashReset(): void {
  zeroBytes(ACC, 16);
  partialBytes = 0;
}

// Feeds bytes into GHASH; a trailing partial block waits in PARTIAL, so data may arrive in pieces.
function ghashAbsorb(ptr: usize, lengthBytes: i32): void {
  for (let k = 0; k < lengthBytes; k++) {
    store<u8>(PARTIAL + <usize>partialBytes, load<u8>(ptr + <usize>k));
    partialBytes++;
    if (partialBytes == 16) {
      for (let b = 0; b < 16; b += 4) store<u32>(ACC + <usize>b, load<u32>(ACC + <usize>b) ^ load<u32>(PARTIAL + <usize>b));
      ghashMultiply();
      partialBytes = 0;
    }
  }
}

// Zero-pads a partial block: AAD and ciphertext are each padded to whole blocks.
function ghashPad(): void {
  if (partialBytes == 0) return;
  zeroBytes(PARTIAL + <usize>partialBytes, 16 - partialBytes);
  for (let b = 0; b < 16; b += 4) store<u32>(ACC + <usize>b, load<u32>(ACC + <usize>b) ^ load<u32>(PARTIAL + <usize>b));
  ghashMultiply();
  partialBytes = 0;
}

function ghashLengths(aadBytes: u64, textBytes: u64): void {
  storeBe64(BLOCK, aadBytes << 3);
  storeBe64(BLOCK + 8, textBytes << 3);
  ghashAbsorb(BLOCK, 16);
}

// J0 = IV || 0^31 || 1 for 96-bit IVs, else GHASH(IV padded || 0^64 || [len(IV)]64). Starts the AAD hash.
export function gcmStart(ivPtr: usize, ivBytes: i32): void {
  ghashReset();
  if (ivBytes == GCM_IV_BYTES) {
    copyBytes(J0, ivPtr, 12);
    store<u32>(J0 + 12, bswap<u32>(1));
  } else {
    ghashAbsorb(ivPtr, ivBytes);
    ghashPad();
    ghashLengths(0, <u64>ivBytes);
    copyBytes(J0, ACC, 16);
    ghashReset();
  }
  copyBytes(CTR, J0, 16);
}

// Additional authenticated data; any number of calls after gcmStart, before the text.
export function gcmAad(ptr: usize, lengthBytes: i32): void {
  ghashAbsorb(ptr, lengthBytes);
}

// Ends the AAD: the text's GHASH starts on a block boundary.
export function gcmAadDone(): void {
  ghashPad();
}

// Counter-mode keystream over the text, continuing from the last counter (in and out may coincide).
function ctrApply(inPtr: usize, outPtr: usize, lengthBytes: i32): void {
  for (let k = 0; k < lengthBytes; k += 16) {
    inc32(CTR);
    aes128EncryptBlock(SCHEDULE, CTR, BLOCK);
    const n = min(16, lengthBytes - k);
    for (let b = 0; b < n; b++) {
      const at = <usize>(k + b);
      store<u8>(outPtr + at, load<u8>(inPtr + at) ^ load<u8>(BLOCK + <usize>b));
    }
  }
}

// Full 16-byte tag into tagPtr: E(K, J0) xor GHASH(A, C, lengths).
function finishTag(aadBytes: i32, textBytes: i32, tagPtr: usize): void {
  ghashPad();
  ghashLengths(<u64>aadBytes, <u64>textBytes);
  aes128EncryptBlock(SCHEDULE, J0, BLOCK);
  for (let b = 0; b < 16; b++) store<u8>(tagPtr + <usize>b, load<u8>(ACC + <usize>b) ^ load<u8>(BLOCK + <usize>b));
}

// Checks the lengths of a one-shot call and hashes its whole AAD; false (nothing done) for bad lengths.
function startWhole(ivPtr: usize, ivBytes: i32, aadPtr: usize, aadBytes: i32, textBytes: i32, tagBytes: i32): bool {
  if (ivBytes <= 0 || aadBytes < 0 || textBytes < 0 || tagBytes < GCM_TAG_MIN_BYTES || tagBytes > GCM_TAG_MAX_BYTES) return false;
  gcmStart(ivPtr, ivBytes);
  gcmAad(aadPtr, aadBytes);
  gcmAadDone();
  return true;
}

// Encrypts textBytes at inPtr into outPtr and writes a tagBytes (12..16) tag. With textBytes = 0 it is GMAC.
export function gcmEncrypt(
  ivPtr: usize, ivBytes: i32, aadPtr: usize, aadBytes: i32,
  inPtr: usize, textBytes: i32, outPtr: usize, tagPtr: usize, tagBytes: i32,
): Err {
  if (!startWhole(ivPtr, ivBytes, aadPtr, aadBytes, textBytes, tagBytes)) return Err.INVALID_ARGUMENT;
  gcmTextEncrypt(inPtr, outPtr, textBytes);
  gcmFinish(aadBytes, textBytes, tagPtr, tagBytes);
  return Err.OK;
}

// Writes the tag after gcmStart/gcmAad/gcmText* (for callers that assemble the AAD in pieces).
export function gcmFinish(aadBytes: i32, textBytes: i32, tagPtr: usize, tagBytes: i32): void {
  finishTag(aadBytes, textBytes, BLOCK);
  copyBytes(tagPtr, BLOCK, tagBytes);
}

// Encrypts text after the AAD (piecewise callers): keystream, then the ciphertext into GHASH.
export function gcmTextEncrypt(inPtr: usize, outPtr: usize, lengthBytes: i32): void {
  ctrApply(inPtr, outPtr, lengthBytes);
  ghashAbsorb(outPtr, lengthBytes);
}

// Checks the tag over AAD and ciphertext given so far; only then decrypts into outPtr. AUTH_FAILED leaves
// outPtr untouched.
export function gcmTextVerifyDecrypt(
  inPtr: usize, textBytes: i32, aadBytes: i32, tagPtr: usize, tagBytes: i32, outPtr: usize,
): Err {
  ghashAbsorb(inPtr, textBytes);
  finishTag(aadBytes, textBytes, BLOCK);
  if (!equalBytesCt(BLOCK, tagPtr, tagBytes)) return Err.AUTH_FAILED;
  ctrApply(inPtr, outPtr, textBytes);
  return Err.OK;
}

// Decrypts textBytes at inPtr into outPtr if the tagBytes tag at tagPtr is right; else AUTH_FAILED and
// outPtr is not written.
export function gcmDecrypt(
  ivPtr: usize, ivBytes: i32, aadPtr: usize, aadBytes: i32,
  inPtr: usize, textBytes: i32, outPtr: usize, tagPtr: usize, tagBytes: i32,
): Err {
  if (!startWhole(ivPtr, ivBytes, aadPtr, aadBytes, textBytes, tagBytes)) return Err.INVALID_ARGUMENT;
  return gcmTextVerifyDecrypt(inPtr, textBytes, aadBytes, tagPtr, tagBytes, outPtr);
}
