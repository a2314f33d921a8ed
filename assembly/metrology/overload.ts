// ADC overload: samples at the converter's full scale mean the input clipped and the energy reads low.
// Checked outside the sample loop, on every 16th pair with an offset that turns each block: a clip lasts
// many cycles, so a sparse check finds it within a few blocks and the loop keeps its instruction count.

// |x| + MARGIN reaches 2^23 within 512 LSB of 24-bit full scale, which also covers a 16-bit
// converter's top code (8388352).
const MARGIN: i32 = 512;
const STRIDE: i32 = 16;

let offset: i32 = 0;
// Blocks in which a checked sample was at full scale, since boot (saturates rather than wrapping).
export let clippedBlocks: i32 = 0;

export function overloadReset(): void {
  offset = 0;
  clippedBlocks = 0;
}

// One's complement |x| (x ^ sign) plus the margin, ORed: any bit from 23 up is a sample at either rail
// (or beyond 24 bits). One 64-bit load per pair, no branch inside the loop.
export function checkClipping(buf: usize, pairs: i32): void {
  let acc: i32 = 0;
  for (let k = offset; k < pairs; k += STRIDE) {
    const x = load<i64>(buf + (<usize>k << 3));
    const v = <i32>x;
    const i = <i32>(x >> 32);
    acc |= ((v ^ (v >> 31)) + MARGIN) | ((i ^ (i >> 31)) + MARGIN);
  }
  offset = (offset + 1) & (STRIDE - 1);
  if ((acc >>> 23) != 0 && clippedBlocks < i32.MAX_VALUE) clippedBlocks++;
}

export function adcOverloaded(): bool {
  return clippedBlocks > 0;
}
