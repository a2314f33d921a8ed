// SHA-256 (FIPS 180-4), incremental: init, update with pieces of any size, final. One static context.
//
// A firmware image is hashed as it arrives or a piece per tick: the cost is one compression
// (64 rounds) per 64 bytes, so the caller bounds the work per call by the length it passes.
import { loadBe32, storeBe32 } from "./bytes";

export const SHA256_DIGEST_BYTES: i32 = 32;

const K: usize = memory.data<u32>([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const H: usize = memory.data(32);
const BUFFER: usize = memory.data(64);
// Message schedule as a rolling window of 16 words.
const W: usize = memory.data(64);
let bufferedBytes: i32 = 0;
let totalBytes: u64 = 0;

export function sha256Init(): void {
  store<u32>(H, 0x6a09e667);
  store<u32>(H, 0xbb67ae85, 4);
  store<u32>(H, 0x3c6ef372, 8);
  store<u32>(H, 0xa54ff53a, 12);
  store<u32>(H, 0x510e527f, 16);
  store<u32>(H, 0x9b05688c, 20);
  store<u32>(H, 0x1f83d9ab, 24);
  store<u32>(H, 0x5be0cd19, 28);
  bufferedBytes = 0;
  totalBytes = 0;
}

@inline
function w(index: i32): usize {
  return W + <usize>((index & 15) << 2);
}

function compress(): void {
  let a = load<u32>(H), b = load<u32>(H, 4), c = load<u32>(H, 8), d = load<u32>(H, 12);
  let e = load<u32>(H, 16), f = load<u32>(H, 20), g = load<u32>(H, 24), h = load<u32>(H, 28);
  for (let t = 0; t < 64; t++) {
    let wt: u32;
    if (t < 16) {
      wt = loadBe32(BUFFER + <usize>(t << 2));
    } else {
      const w15 = load<u32>(w(t - 15));
      const w2 = load<u32>(w(t - 2));
      const s0 = rotr<u32>(w15, 7) ^ rotr<u32>(w15, 18) ^ (w15 >>> 3);
      const s1 = rotr<u32>(w2, 17) ^ rotr<u32>(w2, 19) ^ (w2 >>> 10);
      wt = load<u32>(w(t - 16)) + s0 + load<u32>(w(t - 7)) + s1;
    }
    store<u32>(w(t), wt);
    const t1 = h + (rotr<u32>(e, 6) ^ rotr<u32>(e, 11) ^ rotr<u32>(e, 25)) + ((e & f) ^ (~e & g)) + load<u32>(K + <usize>(t << 2)) + wt;
    const t2 = (rotr<u32>(a, 2) ^ rotr<u32>(a, 13) ^ rotr<u32>(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  store<u32>(H, load<u32>(H) + a);
  store<u32>(H, load<u32>(H, 4) + b, 4);
  store<u32>(H, load<u32>(H, 8) + c, 8);
  store<u32>(H, load<u32>(H, 12) + d, 12);
  store<u32>(H, load<u32>(H, 16) + e, 16);
  store<u32>(H, load<u32>(H, 20) + f, 20);
  store<u32>(H, load<u32>(H, 24) + g, 24);
  store<u32>(H, load<u32>(H, 28) + h, 28);
}

export function sha256Update(ptr: usize, lengthBytes: i32): void {
  for (let k = 0; k < lengthBytes; k++) {
    store<u8>(BUFFER + <usize>bufferedBytes, load<u8>(ptr + <usize>k));
    bufferedBytes++;
    if (bufferedBytes == 64) {
      compress();
      bufferedBytes = 0;
    }
  }
  if (lengthBytes > 0) totalBytes += <u64>lengthBytes;
}

// Pads, writes the 32-byte digest to outPtr; the context must be initialised again before reuse.
export function sha256Final(outPtr: usize): void {
  const bits = totalBytes << 3;
  store<u8>(BUFFER + <usize>bufferedBytes, 0x80);
  bufferedBytes++;
  if (bufferedBytes > 56) {
    for (let k = bufferedBytes; k < 64; k++) store<u8>(BUFFER + <usize>k, 0);
    compress();
    bufferedBytes = 0;
  }
  for (let k = bufferedBytes; k < 56; k++) store<u8>(BUFFER + <usize>k, 0);
  storeBe32(BUFFER + 56, <u32>(bits >> 32));
  storeBe32(BUFFER + 60, <u32>bits);
  compress();
  for (let k = 0; k < 8; k++) storeBe32(outPtr + <usize>(k << 2), load<u32>(H + <usize>(k << 2)));
  bufferedBytes = 0;
}

// One-shot digest of lengthBytes at ptr into outPtr.
export function sha256(ptr: usize, lengthBytes: i32, outPtr: usize): void {
  sha256Init();
  sha256Update(ptr, lengthBytes);
  sha256Final(outPtr);
}
