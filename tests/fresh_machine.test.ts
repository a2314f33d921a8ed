// A fresh machine: one package list for make test and CI, and MCU tests that say they were not run when the toolchain is missing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const mcuTest = path.join(root, "build/js/tests/mcu.test.js");

test(".ci/deps lists the Debian packages the MCU build and tests run, and CI installs from it", () => {
  const list = execFileSync(path.join(root, ".ci/deps"), ["--list"], { encoding: "utf8" }).trim().split(" ");
  for (const pkg of ["make", "gcc", "wabt", "gcc-arm-none-eabi", "libnewlib-arm-none-eabi", "qemu-system-arm"]) assert.ok(list.includes(pkg), pkg);
  const ci = fs.readFileSync(path.join(root, ".ci/run"), "utf8");
  assert.match(ci, /^\.ci\/deps$/m);
  assert.match(ci, /WASMETER_REQUIRE_MCU=1 make test/);
});

// A PATH with node and sh only: no wasm2c, no arm-none-eabi-gcc, no qemu-system-arm.
function bareToolPath(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wasmeter-bare-"));
  fs.symlinkSync(process.execPath, path.join(dir, "node"));
  fs.symlinkSync("/bin/sh", path.join(dir, "sh"));
  return dir;
}

test("without the Arm toolchain the wasm2c and Cortex-M4 tests are skipped, saying NOT RUN and why; CI's setting fails them", () => {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: bareToolPath() };
  delete env.WASMETER_REQUIRE_MCU;
  delete env.NODE_TEST_CONTEXT; // a test runner of its own, reporting to stdout
  const pattern = ["--test-name-pattern", "Cortex-M4 image"];
  const skipped = spawnSync(process.execPath, ["--test", ...pattern, mcuTest], { encoding: "utf8", env });
  assert.equal(skipped.status, 0, skipped.stdout.slice(-800));
  assert.match(skipped.stdout, /# SKIP NOT RUN: wasm2c, arm-none-eabi-gcc, qemu-system-arm missing; install the toolchain with \.ci\/deps/);
  assert.match(skipped.stdout + skipped.stderr, /\*\*\* Cortex-M4 and wasm2c tests NOT RUN/);
  const required = spawnSync(process.execPath, ["--test", ...pattern, mcuTest], { encoding: "utf8", env: { ...env, WASMETER_REQUIRE_MCU: "1" } });
  assert.notEqual(required.status, 0, "CI must not pass without the toolchain");
});
