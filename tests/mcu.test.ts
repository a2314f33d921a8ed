// The same scenario in Node, in the native wasm2c and wasm3 builds and on the Cortex-M4 in QEMU (wasm2c and wasm3):
// every register, count, the last LCD bitmap and the NVM image identical.
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
const wasm3NativePath = path.join(root, "build/mcu/wasm3/meter-wasm3-native");
const wasm3ElfPath = path.join(root, "build/mcu/wasm3/meter-wasm3-m4.elf");
const wasm3LazyPath = path.join(root, "build/mcu/wasm3/meter-wasm3-lazy-native");
// As mcu/wasm3/wasm3.mk: the vendored wasm3 beside the repository, or WASM3_SRC; without either the wasm3 runs are skipped.
const wasm3Src = process.env.WASM3_SRC ?? path.join(root, "../shared/vendor/wasm3");
const wasm3Skip = fs.existsSync(wasm3Src) || fs.existsSync(wasm3NativePath)
  ? false : `no wasm3 sources at ${wasm3Src} (set WASM3_SRC): the wasm3 board variant was not built`;
const qemuArgs = (elf: string): string[] =>
  ["-M", "mps2-an386", "-nographic", "-monitor", "none", "-serial", "null", "-semihosting", "-kernel", elf];

function built(file: string): string {
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run 'make mcu' (make test-host builds it)`);
  return file;
}

// Without the Debian toolchain of .ci/deps these tests are skipped, loudly; CI (.ci/run) requires them.
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
  assert.notEqual(r.nvmCrc32, 0x956bac74, "the store was written: the NVM image is not the erased 1 MiB");
  assert.ok(r.lcdBitmapHex.length > 0 && /[1-9a-f]/.test(r.lcdBitmapHex), "the display shows segments");
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

// Runs a build of the hour scenario and checks its result lines against Node's; returns its output for more checks.
function sameAsNode(label: string, command: string, args: string[], timeoutMs: number): string {
  const started = Date.now();
  const text = execFileSync(command, args, { encoding: "utf8", timeout: timeoutMs });
  const result = parseResult(text);
  assert.equal(formatResult(result), formatResult(inNode()));
  assert.deepEqual(result, inNode());
  console.log(`${label}: one simulated hour in ${Date.now() - started} ms`);
  return text;
}

test("the native wasm2c build gives the Node results bit for bit", { skip: skipMcu }, () => {
  sameAsNode("native wasm2c", built(nativePath), [], 120_000);
});

test("the Cortex-M4 image in QEMU gives the Node results bit for bit", { skip: skipMcu }, () => {
  sameAsNode("Cortex-M4 in QEMU", "qemu-system-arm", qemuArgs(built(elfPath)), 600_000);
});

test("the native wasm3 build gives the Node results bit for bit", { skip: skipMcu ?? wasm3Skip }, () => {
  sameAsNode("native wasm3", built(wasm3NativePath), [], 300_000);
});

// Lazy compilation (W3_COMPILE_AT_BOOT=0): the heap grows when a code path first runs. With a heap smaller than that
// need, the compile that finds no room must stop the meter with its own fault, never run on half-compiled code.
test("lazily compiling wasm3 needs exactly its measured heap high-water mark, and one compile that does not fit stops the meter with an out-of-heap fault", { skip: skipMcu ?? wasm3Skip }, () => {
  const lazy = built(wasm3LazyPath);
  const text = sameAsNode("native wasm3, lazy", lazy, [], 300_000);
  const ram = Object.fromEntries([...text.matchAll(/^RAM (\w+) (\d+)$/gm)].map((m) => [m[1], Number(m[2])]));
  assert.ok(ram.functions_compiled > ram.functions_compiled_at_boot + 20,
    `${ram.functions_compiled_at_boot} functions compiled by boot, ${ram.functions_compiled} after the hour: metering compiles on first call`);
  const peak = ram.wasm3_heap_peak_bytes;
  // The high-water mark is enough: the same hour, bit for bit, in a heap of exactly that many bytes.
  const exact = execFileSync(lazy, { encoding: "utf8", timeout: 300_000, env: { ...process.env, WASM3_HEAP_LIMIT: String(peak) } });
  assert.deepEqual(parseResult(exact), inNode());
  // Two 4 KiB code pages less: boot fits, a compile during the hour does not.
  const run = spawnSync(lazy, { encoding: "utf8", timeout: 300_000, env: { ...process.env, WASM3_HEAP_LIMIT: String(peak - 8192) } });
  assert.equal(run.status, 3, `exit status ${run.status}: board_fault`);
  assert.match(run.stdout, /^SCENARIO hour$/m, "boot succeeded");
  assert.match(run.stdout, /^FAULT (adc_block|tick|config_set|input_event): wasm3 heap exhausted: reset/m);
  assert.doesNotMatch(run.stdout, /^(REG|END)/m, "no result after the fault");
});

test("the wasm3 Cortex-M4 image in QEMU gives the Node results bit for bit, compiling only what the board can run, before boot", { skip: skipMcu ?? wasm3Skip }, () => {
  const text = sameAsNode("Cortex-M4 wasm3 in QEMU", "qemu-system-arm", qemuArgs(built(wasm3ElfPath)), 900_000);
  // What the board's calls can reach is compiled before boot (mcu/wasm3/reach.c), so an hour of metering compiles and
  // allocates nothing: the peak is what is still live, and the functions compiled are those compiled at boot.
  const ram = Object.fromEntries([...text.matchAll(/^RAM (\w+) (\d+)$/gm)].map((m) => [m[1], Number(m[2])]));
  assert.equal(ram.functions_compiled, ram.functions_compiled_at_boot, "no function compiled after boot");
  assert.ok(ram.functions_compiled < ram.functions, `${ram.functions_compiled} of ${ram.functions} functions compiled: the update and configuration exports the board never calls stay uncompiled`);
  // wasm3 backs only the part of the page below heap_top() (HAL.md), rounded up to 1 KiB; the rest traps.
  assert.ok(ram.linear_memory_bytes % 1024 === 0 && ram.linear_memory_bytes < 65536, `linear memory ${ram.linear_memory_bytes} B`);
  assert.ok(ram.wasm3_heap_peak_bytes > ram.linear_memory_bytes, `wasm3 heap ${ram.wasm3_heap_peak_bytes} B holds the linear memory`);
  assert.ok(ram.wasm3_heap_peak_bytes - ram.wasm3_heap_live_bytes < 1024, `heap peak ${ram.wasm3_heap_peak_bytes} B, live ${ram.wasm3_heap_live_bytes} B`);
  assert.ok(ram.wasm3_value_stack_used_bytes < ram.wasm3_value_stack_bytes, "wasm3's value stack never filled");
  console.log(`Cortex-M4 wasm3: heap region ${ram.heap_region_used_bytes} B, C stack ${ram.c_stack_used_bytes} B`);
});
