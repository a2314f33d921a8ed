// Every export of the firmware called with random and hostile arguments: refusals, never a trap; the registers stay intact.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Simulator } from "../host/sim.js";
import { Register } from "../host/abi.js";
import { FirmwareAbort, firmwareModule } from "../host/firmware.js";
import { mulberry32 } from "../host/shims/random.js";
import { NorFlash } from "../host/shims/nvm.js";

// Integers that break careless code: boundaries of i32/i64, small negatives, typical ids.
const INTS = [0, 1, 2, 3, 4, 7, 8, 15, 16, 17, 18, 29, 30, 31, 32, 33, 99, 255, 256, 65535, 65536, -1, -2, -128,
  0x7fffffff, -0x80000000, 0x40000000, 1_000_000];
const BIGS = [0n, 1n, -1n, 946684800n, 1767225600n, 4102444800n, 1n << 62n, -(1n << 63n), (1n << 63n) - 1n];
const FLOATS = [0, 1, -1, Number.NaN, Infinity, -Infinity, 1e308, -1e-308, 2.98e-5, 5.96e-5];

// Exports a host may call at any time, with the kinds of their parameters (i: i32, I: i64, F: f64).
const SKIP = new Set(["boot", "adc_block", "memory", "ABI_VERSION"]);

test("30,000 random calls of every export with hostile arguments never trap and never corrupt the registers", () => {
  const exportsOf = WebAssembly.Module.exports(firmwareModule()).filter((e) => e.kind === "function" && !SKIP.has(e.name));
  assert.ok(exportsOf.length >= 39, `${exportsOf.length} exports`);
  const nvm = new NorFlash();
  const sim = new Simulator({ nvm, waveform: { vrms: 230, irms: 10 } });
  sim.boot();
  sim.run(5);
  const rand = mulberry32(77);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
  const exp = sim.meter.exports as unknown as Record<string, (...args: unknown[]) => unknown>;
  // The parameter kinds come from the function's own arity and the names of docs/HAL.md.
  const i64Params: Record<string, number[]> = {
    clock_set: [0], tou_activation: [0], limiter_emergency: [0], prepay_set: [2, 3], prepay_top_up: [0],
    profile_seek: [0], profile_entry_bytes: [1],
  };
  const f64Params: Record<string, number[]> = { cal_set: [1] };
  let calls = 0;
  let aPlus = sim.meter.energyUwh(Register.A_PLUS);
  for (let round = 0; round < 30_000; round++) {
    const e = pick(exportsOf);
    const fn = exp[e.name];
    const args: unknown[] = [];
    for (let k = 0; k < fn.length; k++) {
      if (i64Params[e.name]?.includes(k)) args.push(pick(BIGS));
      else if (f64Params[e.name]?.includes(k)) args.push(pick(FLOATS));
      else args.push(pick(INTS));
    }
    try {
      fn(...args);
    } catch (err) {
      if (err instanceof FirmwareAbort || err instanceof WebAssembly.RuntimeError) {
        assert.fail(`${e.name}(${args.join(", ")}) trapped: ${(err as Error).message}`);
      }
      throw err;
    }
    calls++;
    if (round % 500 === 0) {
      sim.run(1.2);
      const now = sim.meter.energyUwh(Register.A_PLUS);
      assert.ok(now >= aPlus, "A+ never goes back");
      aPlus = now;
    }
  }
  assert.equal(calls, 30_000);
  // After all that, the meter still measures (no current if the fuzzing opened the breaker) and a
  // power cycle still restores its registers.
  sim.run(5);
  const expectW = sim.relay.position() ? 2300 : 0;
  assert.ok(Math.abs(sim.meter.reading(2) - expectW) < 1, `P ${sim.meter.reading(2)} W with the relay ${sim.relay.position() ? "closed" : "open"}`);
  const wh = sim.meter.energyWh(Register.A_PLUS);
  const again = new Simulator({ nvm, waveform: { vrms: 230, irms: 10 }, relayClosed: sim.relay.position() });
  again.boot();
  assert.equal(again.meter.energyWh(Register.A_PLUS), wh);
});

test("random bytes in the ADC buffer and the UART buffers never trap", () => {
  const sim = new Simulator({});
  sim.boot();
  const rand = mulberry32(5);
  const samples = new Int32Array(2 * sim.meter.adcCapacity());
  for (let b = 0; b < 3000; b++) {
    for (let k = 0; k < samples.length; k++) samples[k] = (rand() * 2 ** 32) | 0;
    sim.meter.writeSamples(samples, sim.meter.adcCapacity());
    sim.meter.adcBlock(1 + Math.floor(rand() * sim.meter.adcCapacity()));
    sim.meter.tick();
    const bytes = Uint8Array.from({ length: Math.floor(rand() * 256) }, () => Math.floor(rand() * 256));
    sim.meter.uartReceive(b % 2, bytes);
  }
  assert.ok(Number.isFinite(sim.meter.reading(0)) || Number.isNaN(sim.meter.reading(0)));
});
