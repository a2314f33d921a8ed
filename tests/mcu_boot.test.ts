// The Cortex-M4 boot stage (mcu/boot/) in QEMU: a pending image gets one trial boot, confirms itself after a minute of
// metering, or is given up after a reset before that; on wasm3 the chosen slot's module bytes are what runs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { FwSlots } from "../host/shims/fwslot.js";
import { provision, BootWord, TRAILER_OFFSET } from "../host/bootloader.js";
import { FIRMWARE, LEGAL_KEY, signed, variant } from "./updatekit.js";
import { ROOT } from "../host/firmware.js";

const wasm2cElf = path.join(ROOT, "build/mcu/bootrun-m4.elf");
const wasm3Elf = path.join(ROOT, "build/mcu/wasm3/bootrun-wasm3-m4.elf");
const FWSLOT_ADDR = 0x20300000; // mcu/board/mps2-an386/link.ld: FWSLOT_RAM
const missing = ["arm-none-eabi-gcc", "qemu-system-arm", "wasm2c"].filter((t) => spawnSync("sh", ["-c", `command -v ${t}`]).status !== 0);
const skip = process.env.WASMETER_REQUIRE_MCU !== "1" && missing.length > 0 ? `NOT RUN: ${missing.join(", ")} missing (.ci/deps)` : false;
const wasm3Src = process.env.WASM3_SRC ?? path.join(ROOT, "../shared/vendor/wasm3");
const wasm3Skip = skip || (fs.existsSync(wasm3Src) ? false : `no wasm3 sources at ${wasm3Src}`);

// Slot A: the factory image, version 1, confirmed. Slot B: version 2 of `newWasm`, activated (pending) and nothing else.
function slotsImage(newWasm: Uint8Array): Buffer {
  const slots = new FwSlots();
  provision(slots, signed(FIRMWARE, 1, { legalKey: LEGAL_KEY }), 0);
  const update = signed(newWasm, 2);
  slots.program(1, 0, update);
  slots.program(1, TRAILER_OFFSET + BootWord.PENDING, new Uint8Array(4));
  return Buffer.concat([slots.data[0], slots.data[1]]);
}

interface Boot { slot: number; version: number; trial: number; wasm?: string; words: Record<number, number[]> }

// Runs the boot stage in QEMU with the slots loaded into their RAM region: the factory boot, then one reset into the
// boot stage per entry of `seconds` (the metering before the next reset).
function bootRun(elf: string, slotBytes: Buffer, seconds: number[]): Boot[] {
  if (!fs.existsSync(elf)) throw new Error(`${elf} is missing: run 'make ${path.relative(ROOT, elf)}' (make test-host builds it)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wasmeter-slots-"));
  const file = path.join(dir, "slots.bin");
  fs.writeFileSync(file, slotBytes);
  const args = ["-M", "mps2-an386", "-nographic", "-monitor", "none", "-serial", "null",
    "-semihosting-config", ["enable=on", "target=native", "arg=bootrun", ...seconds.map((s) => `arg=${s}`)].join(","),
    "-device", `loader,file=${file},addr=0x${FWSLOT_ADDR.toString(16)},force-raw=on`, "-kernel", elf];
  const r = spawnSync("qemu-system-arm", args, { encoding: "utf8", timeout: 300_000 });
  fs.rmSync(dir, { recursive: true, force: true });
  assert.equal(r.status, 0, `QEMU: ${r.stdout}${r.stderr}`);
  assert.match(r.stdout, /^END$/m, r.stdout);
  const boots: Boot[] = [];
  for (const line of r.stdout.split("\n")) {
    const b = /^BOOT \d+ SLOT (-?\d+) VERSION (\d+) TRIAL (\d)(?: WASM ([0-9a-f]+))?$/.exec(line);
    if (b) boots.push({ slot: Number(b[1]), version: Number(b[2]), trial: Number(b[3]), wasm: b[4], words: {} });
    const w = /^WORDS (\d)((?: [01]){5})$/.exec(line);
    if (w) boots.at(-1)!.words[Number(w[1])] = w[2].trim().split(" ").map(Number);
  }
  assert.equal(boots.length, seconds.length, r.stdout);
  return boots;
}

const sha16 = (b: Uint8Array): string => crypto.createHash("sha256").update(b).digest("hex").slice(0, 16);
// Boot words in the order pending, confirmed, booted, reverted, reported.
const WORDS = { confirmedImage: [1, 1, 0, 0, 0], trialTaken: [1, 0, 1, 0, 0], givenUpReported: [1, 0, 1, 1, 1], trialConfirmed: [1, 1, 1, 0, 0] };

for (const [runtime, elf, skipIt, newWasm] of [
  ["wasm2c", wasm2cElf, skip, FIRMWARE], // a wasm2c board runs only the module it carries translated
  ["wasm3", wasm3Elf, wasm3Skip, variant("slot B")], // wasm3 parses whatever module the slot holds
] as const) {
  test(`${runtime} in QEMU: a reset before the trial image confirmed itself rolls back to the confirmed slot, which reports it`, { skip: skipIt }, () => {
    const boots = bootRun(elf, slotsImage(newWasm), [5, 2]);
    assert.deepEqual(boots.map((b) => [b.slot, b.version, b.trial]), [[1, 2, 1], [0, 1, 0]]);
    assert.equal(boots[0].wasm, sha16(newWasm), "the trial boot started slot B's module");
    assert.equal(boots[1].wasm, sha16(FIRMWARE));
    assert.deepEqual(boots[0].words[1], WORDS.trialTaken, "5 s of metering: booted, not confirmed");
    assert.deepEqual(boots[1].words[1], WORDS.givenUpReported, "the boot stage set reverted; the firmware in A logged the rollback");
    assert.deepEqual(boots[1].words[0], WORDS.confirmedImage);
  });

  test(`${runtime} in QEMU: the trial image confirms itself after 60 s of metering and then boots as the newest confirmed image`, { skip: skipIt }, () => {
    const boots = bootRun(elf, slotsImage(newWasm), [65, 1]);
    assert.deepEqual(boots.map((b) => [b.slot, b.version, b.trial]), [[1, 2, 1], [1, 2, 0]]);
    assert.deepEqual(boots[0].words[1], WORDS.trialConfirmed, "confirmed by the image itself after 60 s and 50 windows");
    assert.equal(boots[1].wasm, sha16(newWasm));
  });
}

test("wasm2c in QEMU: a slot whose module is not the translated one is not started; the confirmed slot runs", { skip }, () => {
  const boots = bootRun(wasm2cElf, slotsImage(variant("not translated")), [1]);
  assert.deepEqual(boots.map((b) => [b.slot, b.version, b.trial]), [[0, 1, 0]]);
  assert.equal(boots[0].words[1][3], 1, "the pending image is given up (reverted)");
});
