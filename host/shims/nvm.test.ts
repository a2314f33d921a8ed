// The NOR flash shim behaves like the real part: erase to 0xFF, programming only clears bits, wear counted, torn writes on a cut.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Err } from "../abi.js";
import { NorFlash, PowerCut } from "./nvm.js";

test("a fresh flash reads 0xFF and programming ANDs the new bytes into the old", () => {
  const f = new NorFlash({ sizeBytes: 16384 });
  assert.deepEqual([...(f.read(0, 4) as Uint8Array)], [0xff, 0xff, 0xff, 0xff]);
  assert.equal(f.program(0, Uint8Array.of(0xf0, 0x0f)), Err.OK);
  assert.equal(f.program(0, Uint8Array.of(0x3c, 0xff)), Err.OK); // a 0 cannot be programmed back to 1
  assert.deepEqual([...(f.read(0, 2) as Uint8Array)], [0x30, 0x0f]);
});

test("erasing a sector sets its 4096 bytes to 0xFF, leaves its neighbours and counts one cycle", () => {
  const f = new NorFlash({ sizeBytes: 16384 });
  f.program(4095, Uint8Array.of(0, 0));
  assert.equal(f.erase(1), Err.OK);
  assert.equal((f.read(4095, 1) as Uint8Array)[0], 0);
  assert.equal((f.read(4096, 1) as Uint8Array)[0], 0xff);
  assert.deepEqual([...f.eraseCounts], [0, 1, 0, 0]);
  assert.equal(f.maxEraseCount(), 1);
});

test("out-of-range access returns OUT_OF_RANGE and changes nothing", () => {
  const f = new NorFlash({ sizeBytes: 8192 });
  assert.equal(f.read(8190, 4), Err.OUT_OF_RANGE);
  assert.equal(f.program(-1, Uint8Array.of(0)), Err.OUT_OF_RANGE);
  assert.equal(f.erase(2), Err.OUT_OF_RANGE);
  assert.equal(f.erase(0.5), Err.OUT_OF_RANGE);
  assert.ok(f.data.every((b) => b === 0xff));
  assert.equal(f.ops, 0);
});

test("a power cut on a program leaves a prefix of the bytes and throws PowerCut", () => {
  const f = new NorFlash({ sizeBytes: 8192, seed: 3 });
  f.cutPowerAtOp(2);
  assert.equal(f.program(0, new Uint8Array(64)), Err.OK);
  assert.throws(() => f.program(64, new Uint8Array(64)), PowerCut);
  const written = f.data.subarray(64, 128).findIndex((b) => b === 0xff);
  assert.ok(written >= 0 && written < 64, "torn: some bytes, not all");
  assert.ok(f.data.subarray(64, 64 + written).every((b) => b === 0));
});

test("a power cut on an erase leaves the sector half erased", () => {
  const f = new NorFlash({ sizeBytes: 8192, seed: 5 });
  f.program(0, new Uint8Array(4096));
  f.cutPowerAtOp(1);
  assert.throws(() => f.erase(0), PowerCut);
  const erased = f.data.subarray(0, 4096).filter((b) => b === 0xff).length;
  assert.ok(erased > 0 && erased < 4096, `${erased} bytes erased`);
});

test("the backing file keeps contents and wear across a restart of the harness (a power cycle)", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wasmeter-nvm-"));
  const file = path.join(dir, "flash.bin");
  const a = new NorFlash({ sizeBytes: 8192, path: file });
  a.erase(1);
  a.program(4100, Uint8Array.of(0x12, 0x34));
  a.close();
  const b = new NorFlash({ sizeBytes: 8192, path: file });
  assert.deepEqual([...(b.read(4100, 2) as Uint8Array)], [0x12, 0x34]);
  assert.deepEqual([...b.eraseCounts], [0, 1]);
  b.close();
  assert.throws(() => new NorFlash({ sizeBytes: 16384, path: file }), /has 8200 bytes, expected 16400: the 16384-byte flash \(4 sectors of 4096\) and a 4-byte erase counter per sector/);
  fs.rmSync(dir, { recursive: true });
});
