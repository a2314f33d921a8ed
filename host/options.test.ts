// Simulator options: load, power factor, quadrant and durations become the waveform the user asked for.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseArgs, parseDuration, harmonicsForThd, UsageError } from "./options.js";

test("defaults: 1 h of 10 A at 230 V, 50 Hz, PF 0.95 inductive, as fast as possible", () => {
  const o = parseArgs([]);
  assert.equal(o.durationS, 3600);
  assert.equal(o.speed, Infinity);
  assert.equal(o.waveform.irms, 10);
  assert.ok(Math.abs(Math.cos((o.waveform.phaseDeg as number) * Math.PI / 180) - 0.95) < 1e-12);
  assert.ok((o.waveform.phaseDeg as number) > 0, "lagging");
});

test("--capacitive leads, --export adds 180 degrees", () => {
  assert.ok(Math.abs((parseArgs(["--pf", "0.8", "--capacitive"]).waveform.phaseDeg as number) + 36.8699) < 1e-4);
  assert.ok(Math.abs((parseArgs(["--pf", "1", "--export"]).waveform.phaseDeg as number) - 180) < 1e-12);
});

test("durations in s, m, h and d", () => {
  assert.equal(parseDuration("90s"), 90);
  assert.equal(parseDuration("15m"), 900);
  assert.equal(parseDuration("2h"), 7200);
  assert.equal(parseDuration("3d"), 259200);
  assert.equal(parseDuration("45"), 45);
  assert.throws(() => parseDuration("0s"), UsageError);
  assert.throws(() => parseDuration("1y"), UsageError);
});

test("--thd-i 40 gives 3rd, 5th and 7th harmonics whose total is 40 %", () => {
  const h = harmonicsForThd(40, [0, 0, 0]);
  assert.deepEqual(h.map((x) => x.order), [3, 5, 7]);
  assert.ok(Math.abs(Math.hypot(...h.map((x) => x.pct)) - 40) < 1e-9);
});

test("values out of range and unknown options are usage errors", () => {
  assert.throws(() => parseArgs(["--voltage", "1e3"]), /outside 0\.\.400/);
  assert.throws(() => parseArgs(["--speed", "0"]), /outside/);
  assert.throws(() => parseArgs(["--nvm"]), /needs a file name/);
  assert.throws(() => parseArgs(["--current", "-3"]), /outside/);
});
