// The per-function estimate of wasm3 operations (host/opprofile.ts) that docs/PORTING.md's speed figures come from.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { opProfile } from "../host/opprofile.js";

function haveWat2wasm(): boolean {
  try {
    execFileSync("wat2wasm", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

// wasm3's op profiler counted 78.4 operations per pair on the bench load, about 60 of them the sample loop
// (docs/PORTING.md); the estimate must keep that shape, or the figures read from it mislead.
test("the sample loop is most of the interpreter's operations per pair, about 78 in all", { skip: !haveWat2wasm() && "wabt's wat2wasm is missing" }, () => {
  const p = opProfile(3);
  assert.equal(p.functions[0].name, "assembly/metrology/sampler/scan");
  assert.ok(p.functions[0].opsPerPair > 50 && p.functions[0].opsPerPair < 70, `scan: ${p.functions[0].opsPerPair} ops per pair`);
  assert.ok(p.opsPerPair > 65 && p.opsPerPair < 90, `${p.opsPerPair} ops per pair in all`);
  const tick = p.functions.find((f) => f.name === "assembly/meter/meterTick");
  assert.ok(tick && tick.opsPerPair > 0.5 && tick.opsPerPair < 10, "the 10 ms tick runs once a block: a few operations per pair");
});
