// ADC overload detection: a wave beyond the converter's full scale is noticed within a few blocks, one inside it never.
import { checkClipping, adcOverloaded, clippedBlocks, overloadReset } from "./overload";

const BLOCK_PAIRS: i32 = 40;
const BUF: usize = memory.data(BLOCK_PAIRS * 8);
const FULL_SCALE: f64 = 8388607.0;

// Blocks of a 50 Hz sine at 4000 pairs/s with `peakFs` times full scale on channel `ch`, saturated as an ADC does.
function feed(peakFs: f64, ch: i32, blocks: i32): void {
  let n: i32 = 0;
  for (let b = 0; b < blocks; b++) {
    for (let k = 0; k < BLOCK_PAIRS; k++) {
      const x = peakFs * FULL_SCALE * Math.sin(2.0 * Math.PI * 50.0 * <f64>n / 4000.0);
      const s = <i32>Math.round(Math.max(-FULL_SCALE - 1.0, Math.min(FULL_SCALE, x)));
      store<i32>(BUF + (<usize>k << 3), ch == 0 ? s : 1000);
      store<i32>(BUF + (<usize>k << 3), ch == 1 ? s : 1000, 4);
      n++;
    }
    checkClipping(BUF, BLOCK_PAIRS);
  }
}

describe("ADC overload", () => {
  beforeEach(() => {
    overloadReset();
  });

  it("is not raised by a voltage whose peak is 99.9 % of full scale, over 10 s", () => {
    feed(0.999, 0, 1000);
    expect(adcOverloaded()).toBe(false);
    expect(clippedBlocks).toBe(0);
  });

  it("is raised within 16 blocks (160 ms) when the voltage peak is 1 % over full scale", () => {
    // 1 % over clips about +-8 degrees around each crest: 3 of every 80 samples at each rail; the
    // offset of the 16th-pair check turns every block, so 16 blocks see every phase of the cycle.
    feed(1.01, 0, 16);
    expect(adcOverloaded()).toBe(true);
  });

  it("reads samples beyond 24 bits (a broken converter) as overload too", () => {
    store<i32>(BUF, 1 << 24);
    store<i32>(BUF, 0, 4);
    checkClipping(BUF, 1); // offset 0 after the reset: pair 0 is checked
    expect(adcOverloaded()).toBe(true);
  });

  it("is raised by a clipping current channel too, at the negative rail as well", () => {
    feed(1.2, 1, 8);
    // 20 % over: |sin| >= 1/1.2 for 37 % of the samples, in runs of 15 around each crest, so a check
    // of every 8th pair finds one in every block.
    expect(clippedBlocks).toBe(8);
  });
});
