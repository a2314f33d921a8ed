// AES-128 inverse cipher and RFC 3394 key unwrap: how DLMS key_transfer carries new keys under the KEK.
//
// GCM needs only the forward cipher; the key wrap is the one place that runs AES backwards. The inverse
// S-box is derived from the forward one at first use rather than stored twice.
import { Err } from "../errors";
import { aes128ExpandKey, AES128_SCHEDULE_BYTES, sboxAt } from "./aes";
import { equalBytesCt } from "./bytes";

const INV_SBOX: usize = memory.data(256);
const SCHEDULE: usize = memory.data(AES128_SCHEDULE_BYTES);
// A || R1 || R2 of the unwrap, then the 16-byte block being deciphered.
const STATE: usize = memory.data(24);
const BLOCK: usize = memory.data(16);
const IV_CHECK: usize = memory.data<u8>([0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6]);
let invReady = false;

function invInit(): void {
  for (let k = 0; k < 256; k++) store<u8>(INV_SBOX + <usize>sboxAt(k), <u8>k);
  invReady = true;
}

@inline
function isub(b: u32): u32 {
  return <u32>load<u8>(INV_SBOX + <usize>(b & 0xff));
}

@inline
function xtime4(x: u32): u32 {
  return ((x & 0x7f7f7f7f) << 1) ^ (((x >> 7) & 0x01010101) * 0x1b);
}

// InvMixColumns = MixColumns after adding 4(a0 ^ a2) to a0, a2 and 4(a1 ^ a3) to a1, a3.
@inline
function invMixColumn(t: u32): u32 {
  const x = t ^ xtime4(xtime4(t ^ rotr<u32>(t, 16)));
  const r8 = rotr<u32>(x, 8);
  return xtime4(x ^ r8) ^ r8 ^ rotr<u32>(x, 16) ^ rotr<u32>(x, 24);
}

// Deciphers the block at inPtr into outPtr (they may be the same) with a schedule of aes128ExpandKey.
export function aes128DecryptBlock(schedulePtr: usize, inPtr: usize, outPtr: usize): void {
  if (!invReady) invInit();
  const last = schedulePtr + 160;
  let s0 = load<u32>(inPtr) ^ load<u32>(last);
  let s1 = load<u32>(inPtr, 4) ^ load<u32>(last, 4);
  let s2 = load<u32>(inPtr, 8) ^ load<u32>(last, 8);
  let s3 = load<u32>(inPtr, 12) ^ load<u32>(last, 12);
  for (let round = 9; round >= 0; round--) {
    // InvShiftRows and InvSubBytes: row r of column c comes from column c - r.
    const t0 = isub(s0) | (isub(s3 >> 8) << 8) | (isub(s2 >> 16) << 16) | (isub(s1 >> 24) << 24);
    const t1 = isub(s1) | (isub(s0 >> 8) << 8) | (isub(s3 >> 16) << 16) | (isub(s2 >> 24) << 24);
    const t2 = isub(s2) | (isub(s1 >> 8) << 8) | (isub(s0 >> 16) << 16) | (isub(s3 >> 24) << 24);
    const t3 = isub(s3) | (isub(s2 >> 8) << 8) | (isub(s1 >> 16) << 16) | (isub(s0 >> 24) << 24);
    const rk = schedulePtr + <usize>(round << 4);
    s0 = t0 ^ load<u32>(rk);
    s1 = t1 ^ load<u32>(rk, 4);
    s2 = t2 ^ load<u32>(rk, 8);
    s3 = t3 ^ load<u32>(rk, 12);
    if (round > 0) {
      s0 = invMixColumn(s0);
      s1 = invMixColumn(s1);
      s2 = invMixColumn(s2);
      s3 = invMixColumn(s3);
    }
  }
  store<u32>(outPtr, s0);
  store<u32>(outPtr, s1, 4);
  store<u32>(outPtr, s2, 8);
  store<u32>(outPtr, s3, 12);
}

// RFC 3394 unwrap of one 128-bit key: 24 bytes at wrappedPtr into 16 at outPtr. AUTH_FAILED (outPtr
// untouched) when the integrity value is not A6..A6: a wrong KEK or a damaged key.
export function aesUnwrap128(kekPtr: usize, wrappedPtr: usize, outPtr: usize): Err {
  aes128ExpandKey(kekPtr, SCHEDULE);
  memory.copy(STATE, wrappedPtr, 24);
  for (let j = 5; j >= 0; j--) {
    for (let i = 2; i >= 1; i--) {
      const t = 2 * j + i;
      memory.copy(BLOCK, STATE, 8);
      store<u8>(BLOCK, load<u8>(BLOCK, 7) ^ <u8>t, 7); // A ^ t, t < 256
      memory.copy(BLOCK + 8, STATE + <usize>(8 * i), 8);
      aes128DecryptBlock(SCHEDULE, BLOCK, BLOCK);
      memory.copy(STATE, BLOCK, 8);
      memory.copy(STATE + <usize>(8 * i), BLOCK + 8, 8);
    }
  }
  const ok = equalBytesCt(STATE, IV_CHECK, 8);
  if (ok) memory.copy(outPtr, STATE + 8, 16);
  memory.fill(STATE, 0, 24);
  memory.fill(BLOCK, 0, 16);
  memory.fill(SCHEDULE, 0, AES128_SCHEDULE_BYTES);
  return ok ? Err.OK : Err.AUTH_FAILED;
}
