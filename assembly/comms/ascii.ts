// ASCII writer over a static transmit buffer: characters, literals and fixed-point numbers, with no allocation.
export const TX_CAPACITY: i32 = 1536;
export const TX: usize = memory.data(TX_CAPACITY);
export let txLength: i32 = 0;
// Set when a message did not fit: the message is dropped rather than sent cut short.
export let txOverflow: bool = false;

export function txReset(): void {
  txLength = 0;
  txOverflow = false;
}

export function putChar(c: i32): void {
  if (txLength >= TX_CAPACITY) {
    txOverflow = true;
    return;
  }
  store<u8>(TX + <usize>txLength, <u8>c);
  txLength++;
}

// String literals are static data: reading their code units allocates nothing.
export function putText(s: string): void {
  for (let k = 0; k < s.length; k++) putChar(s.charCodeAt(k));
}

// Unsigned integer with at least `width` digits, zero-padded.
export function putUint(value: u64, width: i32): void {
  let digits = 1;
  let scale: u64 = 1;
  while (value / scale >= 10) {
    scale *= 10;
    digits++;
  }
  for (let k = digits; k < width; k++) putChar(0x30);
  while (scale > 0) {
    putChar(0x30 + <i32>((value / scale) % 10));
    scale /= 10;
  }
}

// value / 10^decimals with `intWidth` zero-padded integer digits, truncated (the value is already integer).
export function putFixed(value: i64, intWidth: i32, decimals: i32): void {
  let v = value;
  if (v < 0) {
    putChar(0x2d);
    v = -v;
  }
  let div: i64 = 1;
  for (let k = 0; k < decimals; k++) div *= 10;
  putUint(<u64>(v / div), intWidth);
  if (decimals > 0) {
    putChar(0x2e);
    putUint(<u64>(v % div), decimals);
  }
}

// XOR of the bytes from `from` to the end: the block check character of IEC 62056-21.
export function bccFrom(from: i32): u8 {
  let bcc: u8 = 0;
  for (let k = from; k < txLength; k++) bcc ^= load<u8>(TX + <usize>k);
  return bcc;
}
