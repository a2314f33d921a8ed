// The hardware boundary of docs/HAL.md: hal-only imports, one fixed page, no allocation after boot, no traps on bad input.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Simulator } from "../host/sim.js";
import { Err, InputKind, Reading } from "../host/abi.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const wasmPath = path.join(root, "build/firmware.wasm");
const halDoc = fs.readFileSync(path.join(root, "docs/HAL.md"), "utf8");

// Names in the first column of the table under a "## <heading>" of HAL.md.
function documentedNames(heading: string): Set<string> {
  const section = halDoc.split(/^## /m).find((s) => s.startsWith(heading)) ?? "";
  return new Set([...section.matchAll(/^\| `([a-z_0-9]+)` \|/gm)].map((m) => m[1]));
}

test("the module imports only documented functions of module hal", () => {
  const module = new WebAssembly.Module(fs.readFileSync(wasmPath));
  const documented = documentedNames("Imports");
  assert.ok(documented.size >= 15, "HAL.md lists the imports");
  for (const imp of WebAssembly.Module.imports(module)) {
    assert.equal(imp.module, "hal", `${imp.module}.${imp.name}`);
    assert.equal(imp.kind, "function", imp.name);
    assert.ok(documented.has(imp.name), `import ${imp.name} is not in docs/HAL.md`);
  }
});

test("every export is documented in HAL.md and the ABI version is 1", () => {
  const module = new WebAssembly.Module(fs.readFileSync(wasmPath));
  const documented = documentedNames("Exports");
  for (const exp of WebAssembly.Module.exports(module)) {
    if (exp.name === "ABI_VERSION") continue; // the same number as a global, for runtimes that read globals
    assert.ok(documented.has(exp.name), `export ${exp.name} is not in docs/HAL.md`);
  }
  const sim = new Simulator({});
  assert.equal(sim.meter.abiVersion(), 1);
});

test("after a 24-hour run memory is still one page, cannot grow, and the allocator never moved after boot", () => {
  const sim = new Simulator({ waveform: { vrms: 230, irms: 12, phaseDeg: 25 } });
  sim.boot();
  const heapAfterBoot = sim.meter.heapTop();
  assert.equal(sim.meter.memory.buffer.byteLength, 65536);
  sim.run(6 * 3600);
  sim.setWaveform({ irms: 60, phaseDeg: -150, freqHz: 49.8 });
  sim.run(6 * 3600);
  sim.setWaveform({ irms: 0, vrms: 0 });
  sim.run(6 * 3600);
  sim.setWaveform({ irms: 3, vrms: 240, freqHz: 50.1 });
  sim.run(6 * 3600);
  assert.equal(sim.nowMs, 24 * 3600 * 1000);
  assert.equal(sim.meter.heapTop(), heapAfterBoot);
  assert.equal(sim.meter.memory.buffer.byteLength, 65536);
  assert.throws(() => sim.meter.memory.grow(1), RangeError, "maximum is one page");
});

test("bad input gets an error code, never a trap", () => {
  const sim = new Simulator({});
  assert.equal(sim.meter.adcBlock(40), Err.NOT_READY, "samples before boot");
  sim.boot();
  assert.equal(sim.meter.adcBlock(0), Err.OUT_OF_RANGE);
  assert.equal(sim.meter.adcBlock(sim.meter.adcCapacity() + 1), Err.OUT_OF_RANGE);
  assert.equal(sim.meter.adcBlock(-5), Err.OUT_OF_RANGE);
  assert.equal(sim.meter.inputEvent(99, 1), Err.INVALID_ARGUMENT);
  assert.equal(sim.meter.inputEvent(InputKind.BUTTON_LEFT, 7), Err.OUT_OF_RANGE);
  assert.ok(Number.isNaN(sim.meter.reading(999)));
  assert.ok(Number.isNaN(sim.meter.reading(-1)));
  assert.equal(sim.meter.energyWh(77), -1n);
  assert.equal(sim.meter.configSet(42, 1), Err.INVALID_ARGUMENT);
  assert.equal(sim.meter.calSet(1, 1e-4), Err.NOT_PERMITTED, "calibration outside calibration mode");
  // Samples far outside 24 bits (a broken front end) wrap, they do not trap.
  const garbage = new Int32Array(2 * 128);
  let x = 12345;
  for (let k = 0; k < garbage.length; k++) {
    x = (Math.imul(x, 1103515245) + 12345) | 0;
    garbage[k] = x;
  }
  for (let b = 0; b < 200; b++) {
    sim.meter.writeSamples(garbage, 128);
    assert.equal(sim.meter.adcBlock(128), Err.OK);
    sim.meter.tick();
  }
  assert.equal(typeof sim.meter.reading(Reading.VRMS), "number");
});
