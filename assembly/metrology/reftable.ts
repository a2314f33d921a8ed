// Q15 reference oscillator table for the fundamental: 1024 points of sine plus a quarter wave for cosine.
export const TABLE_BITS: i32 = 10;
export const TABLE_AMPLITUDE: f64 = 32767.0;
// cos(k) = sin(k + 256): the loop reads both with one index and a 512-byte immediate offset.
export const SINE_TABLE_BYTES: usize = 2 * (1024 + 256);
export const SINE_TABLE: usize = memory.data(<i32>SINE_TABLE_BYTES);

// Entries sit at the middle of their phase step, so truncating the 32-bit phase to 10 bits
// neither leads nor lags on average.
export function buildSineTable(): void {
  for (let k = 0; k < 1024 + 256; k++) {
    const angle = (<f64>k + 0.5) * (2.0 * Math.PI / 1024.0);
    store<i16>(SINE_TABLE + (<usize>k << 1), <i16>Math.round(TABLE_AMPLITUDE * Math.sin(angle)));
  }
}
