// The same scenario in Node, in the native wasm2c build and on the Cortex-M4 in QEMU: every register and count identical.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { formatResult, loadScenario, parseResult, runScenario, type ScenarioResult } from "../host/scenario.js";
import { compileScenario, IntegerSynth } from "../host/synth.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const scenarioPath = path.join(root, "tests/scenarios/hour.json");
const nativePath = path.join(root, "build/mcu/meter-native");
const elfPath = path.join(root, "build/mcu/meter-m4.elf");

function built(file: string): string {
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run 'make mcu' (make test-host builds it)`);
  return file;
}

// Without the Debian toolchain of .ci/deps these two tests are skipped, loudly; CI (.ci/run) requires them.
function toolchainMissing(): string | undefined {
  if (process.env.WASMETER_REQUIRE_MCU === "1") return undefined;
  const missing = ["wasm2c", "arm-none-eabi-gcc", "qemu-system-arm"].filter((t) => spawnSync("sh", ["-c", `command -v ${t}`]).status !== 0);
  if (missing.length === 0) return undefined;
  const why = `NOT RUN: ${missing.join(", ")} missing; install the toolchain with .ci/deps as root (or sudo apt-get install -y $(.ci/deps --list))`;
  process.stderr.write(`\n*** Cortex-M4 and wasm2c tests ${why} ***\n\n`);
  return why;
}
const skipMcu = toolchainMissing();

let nodeResult: ScenarioResult | undefined;
function inNode(): ScenarioResult {
  nodeResult ??= runScenario(loadScenario(scenarioPath));
  return nodeResult;
}

test("the hour scenario registers energy in all four quadrants, import and export, and pulses every whole Wh of A+", () => {
  const r = inNode();
  assert.equal(r.steps, 360000, "one hour of 10 ms steps");
  assert.ok(r.registersUwh.length >= 10);
  const [aPlus, aMinus, rPlus, rMinus, r1, r2, r3, r4, ePlus, eMinus] = r.registersUwh;
  for (const [name, v] of Object.entries({ aPlus, aMinus, rPlus, rMinus, r1, r2, r3, r4, ePlus, eMinus })) {
    assert.ok(v > 100_000_000n, `${name} = ${v} uWh: the scenario must put at least 0.1 Wh into every register`);
  }
  assert.equal(rPlus, r1 + r2, "R+ is QI + QII");
  assert.equal(rMinus, r3 + r4, "R- is QIII + QIV");
  // 1000 imp/kWh: one pulse per registered Wh; at most the last few Wh are still pending at the end.
  const wholeWh = Number(aPlus / 1_000_000n);
  assert.ok(r.s0Pulses <= wholeWh && r.s0Pulses >= wholeWh - 3, `S0 ${r.s0Pulses} for ${wholeWh} Wh`);
  assert.equal(r.ledPulses, r.s0Pulses);
});

test("the integer synthesiser's first samples are the scenario's amplitudes in LSB, with noise inside its bound", () => {
  const sc = compileScenario(loadScenario(scenarioPath));
  const seg = sc.segments[0];
  assert.equal(seg.vAmpLsb, Math.round(230 * Math.SQRT2 * 8388608 / 500));
  assert.equal(seg.phaseInc, Math.round(50 / 4000 * 2 ** 32));
  const out = new Int32Array(2 * 4000);
  new IntegerSynth(sc).fill(out, 4000, 4000);
  let vMax = -Infinity;
  for (let n = 0; n < 4000; n++) vMax = Math.max(vMax, out[2 * n]);
  // A 2 % third harmonic moves the crest by at most 2 % of the fundamental's amplitude.
  assert.ok(Math.abs(vMax - seg.vAmpLsb) <= 1.05 * seg.vhAmpLsb + seg.noiseLsb, `voltage peak ${vMax} LSB, fundamental ${seg.vAmpLsb}`);
  assert.ok(Math.abs(out[0]) <= seg.noiseLsb, "the voltage starts at phase 0");
});

test("the native wasm2c build gives the Node results bit for bit", { skip: skipMcu }, () => {
  const started = Date.now();
  const text = execFileSync(built(nativePath), { encoding: "utf8", timeout: 120_000 });
  const native = parseResult(text);
  assert.equal(formatResult(native), formatResult(inNode()));
  assert.deepEqual(native, inNode());
  console.log(`native wasm2c: one simulated hour in ${Date.now() - started} ms`);
});

test("the Cortex-M4 image in QEMU gives the Node results bit for bit", { skip: skipMcu }, () => {
  const started = Date.now();
  const text = execFileSync("qemu-system-arm",
    ["-M", "mps2-an386", "-nographic", "-monitor", "none", "-serial", "null", "-semihosting", "-kernel", built(elfPath)],
    { encoding: "utf8", timeout: 600_000 });
  const m4 = parseResult(text);
  assert.equal(formatResult(m4), formatResult(inNode()));
  assert.deepEqual(m4, inNode());
  console.log(`Cortex-M4 in QEMU: one simulated hour in ${Date.now() - started} ms`);
});
