// Load profile record codec: one entry as length, status, time step and the non-zero increments as varints, with a CRC-16.
import { crc16 } from "../util/crc16";

// Load profile channels: the first eight energy registers (A+, A-, R+, R-, R1..R4).
export const LP_CHANNELS: i32 = 8;
// Longest record the store accepts; a longer one (a huge time step) goes into a new sector's anchor.
export const LP_RECORD_MAX: i32 = 96;

// Channel sets of Z29, as masks over the register order: 1 A+, 2 A+/A-, 3 A+/A-/R+/R-,
// 4 A+/A-/R1..R4, 5 all eight.
export function z29ChannelMask(z29: i32): i32 {
  switch (z29) {
    case 1: return 0x01;
    case 2: return 0x03;
    case 3: return 0x0f;
    case 4: return 0xf3;
    case 5: return 0xff;
    default: return 0;
  }
}

// Decoded by lpDecode; written by lpEncode from these.
export let recLength: i32 = 0;
export let recStatus: u8 = 0;
export let recStepS: i64 = 0; // seconds after the previous entry (negative after a clock set back)
export const REC_INCREMENTS: usize = memory.data(8 * LP_CHANNELS); // u64 per channel, 0 for channels not stored

function putVarint(dst: usize, at: i32, v: u64): i32 {
  while (v >= 0x80) {
    store<u8>(dst + <usize>at, <u8>(v & 0x7f) | 0x80);
    v >>= 7;
    at++;
  }
  store<u8>(dst + <usize>at, <u8>v);
  return at + 1;
}

let varintValue: u64 = 0;

// Reads a varint at `at` of a record of `end` bytes; returns the offset after it, or -1 if it runs past.
function getVarint(src: usize, at: i32, end: i32): i32 {
  let v: u64 = 0;
  let shift: u64 = 0;
  while (at < end && shift < 64) {
    const b = load<u8>(src + <usize>at);
    v |= <u64>(b & 0x7f) << shift;
    at++;
    if ((b & 0x80) == 0) {
      varintValue = v;
      return at;
    }
    shift += 7;
  }
  return -1;
}

// Encodes an entry into dst (LP_RECORD_MAX bytes): `increments` u64 per channel, stored for the
// channels of `channelMask` that are not zero. Returns the record's length, or 0 if it would not fit.
export function lpEncode(dst: usize, status: u8, stepS: i64, channelMask: i32, increments: usize): i32 {
  store<u8>(dst + 1, status);
  let at = putVarint(dst, 2, <u64>((stepS << 1) ^ (stepS >> 63)));
  const maskAt = at++;
  let nonZero = 0;
  for (let c = 0; c < LP_CHANNELS; c++) {
    if ((channelMask & (1 << c)) == 0) continue;
    const v = load<u64>(increments + (<usize>c << 3));
    if (v == 0) continue;
    if (at + 10 + 2 > LP_RECORD_MAX) return 0;
    nonZero |= 1 << c;
    at = putVarint(dst, at, v);
  }
  store<u8>(dst + <usize>maskAt, <u8>nonZero);
  const length = at + 2;
  store<u8>(dst, <u8>length);
  const crc = crc16(dst, at);
  store<u8>(dst + <usize>at, <u8>crc);
  store<u8>(dst + <usize>(at + 1), <u8>(crc >> 8));
  return length;
}

// Decodes the record at src whose first byte (its length) has been read, `avail` bytes readable.
// False for a record that fails its length, CRC or layout: a torn or damaged one.
export function lpDecode(src: usize, avail: i32): bool {
  const length = <i32>load<u8>(src);
  if (length < 6 || length > LP_RECORD_MAX || length > avail) return false;
  const crc = <u32>load<u8>(src + <usize>(length - 2)) | (<u32>load<u8>(src + <usize>(length - 1)) << 8);
  if (crc16(src, length - 2) != crc) return false;
  recLength = length;
  recStatus = load<u8>(src, 1);
  const end = length - 2;
  let at = getVarint(src, 2, end);
  if (at < 0 || at >= end) return false;
  const zz = varintValue;
  recStepS = <i64>(zz >> 1) ^ -<i64>(zz & 1);
  const mask = <i32>load<u8>(src + <usize>at);
  at++;
  for (let c = 0; c < LP_CHANNELS; c++) {
    let v: u64 = 0;
    if ((mask & (1 << c)) != 0) {
      at = getVarint(src, at, end);
      if (at < 0) return false;
      v = varintValue;
    }
    store<u64>(REC_INCREMENTS + (<usize>c << 3), v);
  }
  return at == end;
}

const SIZE_BUF: usize = memory.data(LP_RECORD_MAX);
const SIZE_INCREMENTS: usize = memory.data(8 * LP_CHANNELS);

// The length of the record of an entry with every channel of a Z29 set at `incrementWh`; 0 for a bad Z29.
export function lpEncodedBytes(z29: i32, incrementWh: i64, stepS: i32): i32 {
  const mask = z29ChannelMask(z29);
  if (mask == 0 || incrementWh < 0) return 0;
  for (let c = 0; c < LP_CHANNELS; c++) store<u64>(SIZE_INCREMENTS + (<usize>c << 3), <u64>incrementWh);
  return lpEncode(SIZE_BUF, 0, <i64>stepS, mask, SIZE_INCREMENTS);
}
