// ADC overload: samples at the converter's full scale mean the input clipped and the energy reads low.
// Checked outside the sample loop, on every 8th pair with an offset that turns each block: a clip lasts
// many cycles, so a sparse check finds it within a few blocks and the loop keeps its instruction count.

// 24-bit full scale, less a margin that also covers a 16-bit converter's top code (8388352).
const CLIP_LSB: i32 = 8388607 - 512;
const STRIDE: i32 = 8;

let offset: i32 = 0;
// Checked samples found at full scale since boot (saturates rather than wrapping).
export let clippedSamples: i32 = 0;

export function overloadReset(): void {
  offset = 0;
  clippedSamples = 0;
}

// One's complement |x| (x ^ sign) reaches CLIP_LSB at either rail: no branch, no overflow at -2^23.
export function checkClipping(buf: usize, pairs: i32): void {
  let hits: i32 = 0;
  for (let k = offset; k < pairs; k += STRIDE) {
    const p = buf + (<usize>k << 3);
    const v = load<i32>(p);
    const i = load<i32>(p, 4);
    hits += <i32>((v ^ (v >> 31)) >= CLIP_LSB) + <i32>((i ^ (i >> 31)) >= CLIP_LSB);
  }
  offset = (offset + 1) & (STRIDE - 1);
  if (hits != 0 && clippedSamples < i32.MAX_VALUE - 2048) clippedSamples += hits;
}

export function adcOverloaded(): bool {
  return clippedSamples > 0;
}
