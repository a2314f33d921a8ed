// S0/LED pulse scheduling: 1 pulse per registered Wh, DIN 43864 widths and gaps, evenly spread.
import {
  addPulses, pulseDue, pulsesPending, resetPulses, setPulseWidthMs, minPeriodTicks, TICK_MS,
} from "./scheduler";

// Ticks between the starts of consecutive pulses over the next `ticks` ticks.
function pulseStarts(ticks: i32, out: StaticArray<i32>): i32 {
  let count = 0;
  for (let t = 0; t < ticks; t++) {
    if (pulseDue()) {
      if (count < out.length) out[count] = t;
      count++;
    }
  }
  return count;
}

describe("S0 pulse scheduler", () => {
  beforeEach(() => {
    resetPulses();
    setPulseWidthMs(30);
  });

  it("emits no pulse without registered energy", () => {
    const starts = new StaticArray<i32>(4);
    expect(pulseStarts(1000, starts)).toBe(0);
  });

  it("emits exactly one pulse per registered Wh", () => {
    addPulses(7, 1000.0);
    const starts = new StaticArray<i32>(16);
    expect(pulseStarts(200, starts)).toBe(7);
    expect(pulsesPending()).toBe(0);
  });

  it("spreads 4 pulses of a 1 s window 250 ms apart", () => {
    addPulses(4, 1000.0);
    const starts = new StaticArray<i32>(8);
    expect(pulseStarts(200, starts)).toBe(4);
    for (let k = 1; k < 4; k++) expect((starts[k] - starts[k - 1]) * TICK_MS).toBe(250);
  });

  it("never starts 30 ms pulses closer than 60 ms (30 ms pulse + 30 ms gap)", () => {
    addPulses(50, 1000.0);
    const starts = new StaticArray<i32>(64);
    expect(pulseStarts(400, starts)).toBe(50);
    for (let k = 1; k < 50; k++) expect((starts[k] - starts[k - 1]) * TICK_MS).toBeGreaterThanOrEqual(60);
  });

  it("never starts 80 ms pulses closer than 110 ms (Z8 option)", () => {
    setPulseWidthMs(80);
    expect(minPeriodTicks() * TICK_MS).toBe(110);
    addPulses(20, 1000.0);
    const starts = new StaticArray<i32>(32);
    expect(pulseStarts(400, starts)).toBe(20);
    for (let k = 1; k < 20; k++) expect((starts[k] - starts[k - 1]) * TICK_MS).toBeGreaterThanOrEqual(110);
  });

  it("keeps a backlog instead of dropping pulses when energy outruns the pulse rate", () => {
    setPulseWidthMs(80);
    addPulses(12, 1000.0); // 12 pulses/s is more than 1 / 110 ms allows
    const starts = new StaticArray<i32>(16);
    expect(pulseStarts(100, starts)).toBe(10);
    expect(pulsesPending()).toBe(2);
    expect(pulseStarts(100, starts)).toBe(2);
  });
});
