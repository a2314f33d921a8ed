// The page's layout the Cortex-M4 build relies on: the sample buffer low in the page, statics below 64 KiB.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Simulator } from "../host/sim.js";

// The sample loop indexes its buffer as 8 * k + constant (assembly/metrology/sampler.ts); a Thumb-2 load takes a
// constant of 0..4095 as its immediate offset, so on the Cortex-M4 the buffer's start costs no instruction per
// sample only while it lies below 4 KiB. Static data is laid out in import order (assembly/index.ts): a new early
// import can push the buffer up without any other test noticing, only the M4 figures of `make bench`.
test("the ADC sample buffer starts in the first 4 KiB of the page (a Thumb-2 immediate offset)", () => {
  const sim = new Simulator({});
  sim.boot();
  const start = sim.meter.exports.adc_buffer();
  const bytes = 8 * sim.meter.exports.adc_capacity();
  assert.equal(bytes, 1024, "128 pairs of two i32");
  assert.ok(start > 0 && start + 4 <= 4095, `sample buffer at ${start}..${start + bytes}: voltage and current words of pair 0 above 4095`);
});

test("static data and the bump heap stay inside the one 64 KiB page with room to spare", () => {
  const sim = new Simulator({});
  sim.boot();
  sim.run(2);
  const top = sim.meter.heapTop();
  assert.ok(top < 60 * 1024, `heap top ${top} B of 65,536`);
});
