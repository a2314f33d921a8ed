// Byte helpers shared by the crypto primitives: big-endian words, copies, constant-time compare, hex for self-tests.

// Big-endian load and store: the byte order of AES-GCM lengths, SHA-256 words and P-256 integers.
@inline
export function loadBe32(ptr: usize): u32 {
  return bswap<u32>(load<u32>(ptr));
}

@inline
export function storeBe32(ptr: usize, value: u32): void {
  store<u32>(ptr, bswap<u32>(value));
}

export function loadBe64(ptr: usize): u64 {
  return bswap<u64>(load<u64>(ptr));
}

export function storeBe64(ptr: usize, value: u64): void {
  store<u64>(ptr, bswap<u64>(value));
}

// Byte loops instead of memory.copy/memory.fill: bulk memory is disabled for the MCU targets.
export function copyBytes(dst: usize, src: usize, lengthBytes: i32): void {
  for (let k = 0; k < lengthBytes; k++) store<u8>(dst + <usize>k, load<u8>(src + <usize>k));
}

export function zeroBytes(dst: usize, lengthBytes: i32): void {
  for (let k = 0; k < lengthBytes; k++) store<u8>(dst + <usize>k, 0);
}

// Equal bytes, in a time that does not depend on where they differ (tags must not leak a prefix match).
export function equalBytesCt(a: usize, b: usize, lengthBytes: i32): bool {
  let diff: u32 = 0;
  for (let k = 0; k < lengthBytes; k++) diff |= <u32>(load<u8>(a + <usize>k) ^ load<u8>(b + <usize>k));
  return diff == 0;
}

export function bytesEqual(a: usize, b: usize, lengthBytes: i32): bool {
  for (let k = 0; k < lengthBytes; k++) {
    if (load<u8>(a + <usize>k) != load<u8>(b + <usize>k)) return false;
  }
  return true;
}

function hexNibble(c: i32): i32 {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

// Hex text into bytes at dst (specs and self-tests only; the firmware never parses hex). Returns the byte
// count, or -1 for an odd length or a non-hex character.
export function hexInto(dst: usize, hex: string): i32 {
  const n = hex.length;
  if ((n & 1) != 0) return -1;
  for (let k = 0; k < n; k += 2) {
    const hi = hexNibble(hex.charCodeAt(k));
    const lo = hexNibble(hex.charCodeAt(k + 1));
    if (hi < 0 || lo < 0) return -1;
    store<u8>(dst + <usize>(k >> 1), <u8>((hi << 4) | lo));
  }
  return n >> 1;
}

// Bytes as lower-case hex (specs and self-tests only).
export function toHex(ptr: usize, lengthBytes: i32): string {
  const digits = "0123456789abcdef";
  let text = "";
  for (let k = 0; k < lengthBytes; k++) {
    const b = <i32>load<u8>(ptr + <usize>k);
    text += digits.charAt(b >> 4) + digits.charAt(b & 15);
  }
  return text;
}
