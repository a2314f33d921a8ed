// Firmware update over DLMS: class 18 image transfer (0.0.44.0.0.255) driven by the unmodified Gurux client and by raw APDUs, with power cuts.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Simulator } from "../host/sim.js";
import { Err, UartPort } from "../host/abi.js";
import { PowerCut } from "../host/shims/nvm.js";
import { wordIsSet, BootWord } from "../host/bootloader.js";
import { registersWh } from "./helpers.js";
import { ImageStatus, Refusal, UpdateEvent, variant, signed, meterOnSlots, start } from "./updatekit.js";
import { aarqLls, exchange, toHex, AARQ_PUBLIC } from "./dlmsframes.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const clients = path.resolve(root, "../shared/clients/gurux-python");
const skip = fs.existsSync(clients) ? false : "../shared/clients/gurux-python is absent";
const IMAGE = [0, 0, 44, 0, 0, 255];
const BLOCK = 256;
const MGMT = 1;

// Runs tests/gurux_image.py against the meter: each request's wrapper frames go to the module port, one tick each.
async function guruxUpdate(sim: Simulator, file: Uint8Array): Promise<Record<string, unknown>> {
  const imagePath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "wasmeter-image-")), "v2.img");
  fs.writeFileSync(imagePath, file);
  const py = spawn("python3", [path.join(root, "tests/gurux_image.py"), clients, imagePath, "12345678"], { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  py.stderr.on("data", (d: Buffer) => { stderr += d.toString(); });
  const lines = readline.createInterface({ input: py.stdout });
  try {
    for await (const line of lines) {
      const msg = JSON.parse(line) as { send?: string[]; ticks?: number; done?: Record<string, unknown> };
      if (msg.done) return msg.done;
      let answer = "";
      for (const f of msg.send!) {
        // The module port takes at most 256 bytes a tick: a block's frame arrives in two pieces, then a tick.
        const bytes = Buffer.from(f, "hex");
        for (let k = 0; k < bytes.length; k += 256) assert.equal(sim.meter.uartReceive(UartPort.MODULE, bytes.subarray(k, k + 256)), Err.OK);
        sim.step();
        answer = Buffer.from(sim.uart.take(UartPort.MODULE)).toString("hex");
      }
      for (let t = 0; t < (msg.ticks ?? 0); t++) sim.step();
      py.stdin.write(answer + "\n");
    }
  } finally {
    py.stdin.end();
  }
  throw new Error(`gurux_image.py ended without a result: ${stderr}`);
}

test("the unmodified Gurux client updates a running meter over DLMS: 256-byte blocks, verify polled to status 3, activate; version 2 runs with the same registers", { skip }, async () => {
  const { nvm, slots } = meterOnSlots();
  let sim = start(nvm, slots, 20);
  sim.run(3);
  assert.equal(sim.meter.imageRunningVersion(), 1);
  const file = signed(variant("v2"), 2);
  const log = await guruxUpdate(sim, file);
  const blocks = Math.ceil(file.length / BLOCK);
  assert.deepEqual({ ...log, polls: undefined }, {
    blockSize: BLOCK, enabled: true, initiate: 0, blocks, blockErrors: 0, firstMissing: blocks, verify: 2, polls: undefined,
    status: ImageStatus.VERIFICATION_SUCCESSFUL, toActivate: [[file.length, "wasmeter-v2", 64]], activate: 0,
  });
  assert.ok((log.polls as number) >= 10, `verification took ${log.polls} polls of 20 ticks`);
  sim.run(1);
  assert.ok(sim.resetRequested, "activation hands over to the boot loader");
  const before = registersWh(sim);
  sim = start(nvm, slots, 20);
  assert.equal(sim.meter.imageRunningVersion(), 2);
  assert.equal(sim.meter.imageRunningSlot(), 1);
  assert.deepEqual(registersWh(sim), before);
  sim.run(61);
  assert.equal(sim.meter.imageStatus(), ImageStatus.ACTIVATION_SUCCESSFUL);
  const codes = sim.meter.events().map((e) => e.code);
  for (const c of [UpdateEvent.TRANSFER_STARTED, UpdateEvent.VERIFIED, UpdateEvent.ACTIVATED, UpdateEvent.CONFIRMED]) assert.ok(codes.includes(c), `event ${c}`);
});

// The same as raw APDUs (what a head-end sends), so power cuts can fall anywhere.
const action = (m: number, params: number[]): number[] => [0xc3, 1, 0xc1, 0, 18, ...IMAGE, m, 1, ...params];
const get = (a: number): number[] => [0xc0, 1, 0xc1, 0, 18, ...IMAGE, a, 0];
const u32 = (v: number): number[] => [0x06, (v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
const len = (n: number): number[] => (n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 255]);
const ID = Array.from(Buffer.from("wasmeter-v2"));

function associate(sim: Simulator): void {
  assert.equal(exchange(sim, aarqLls("12345678"), MGMT)![17], 0, "LLS association accepted");
}

function result(sim: Simulator, apdu: number[]): number {
  const r = exchange(sim, apdu, MGMT)!;
  return r[3];
}

function attribute(sim: Simulator, a: number): number[] {
  const r = exchange(sim, get(a), MGMT)!;
  assert.equal(r[3], 0, toHex(r));
  return r.slice(4);
}

const initiate = (sim: Simulator, size: number): number => result(sim, action(1, [2, 2, 9, ID.length, ...ID, ...u32(size)]));
const block = (sim: Simulator, file: Uint8Array, b: number): number => {
  const data = Array.from(file.subarray(b * BLOCK, Math.min(file.length, (b + 1) * BLOCK)));
  return result(sim, action(2, [2, 2, ...u32(b), 9, ...len(data.length), ...data]));
};

test("image refusals over DLMS: blocks before initiate, a wrong block length, 200 KiB, an unsigned image (status 4, event 41), management-only", () => {
  const { nvm, slots } = meterOnSlots();
  const sim = start(nvm, slots, 0);
  sim.run(2);
  associate(sim);
  const file = signed(variant("v2"), 2);
  assert.equal(block(sim, file, 0), 250, "no transfer initiated");
  assert.equal(initiate(sim, 200 * 1024), 250, "over 128 KiB + header");
  assert.equal(attribute(sim, 6)[1], ImageStatus.NOT_INITIATED);
  const unsigned = Buffer.from(file);
  unsigned.fill(0, 96, 160); // the utility signature zeroed
  assert.equal(initiate(sim, unsigned.length), 0);
  assert.equal(result(sim, action(2, [2, 2, ...u32(0), 9, 4, 1, 2, 3, 4])), 250, "a 4-byte block 0");
  const blocks = Math.ceil(unsigned.length / BLOCK);
  for (let b = 0; b < blocks; b++) assert.equal(block(sim, unsigned, b), 0);
  assert.equal(result(sim, action(4, [0x0f, 0])), 250, "activate before verify");
  let verify = result(sim, action(3, [0x0f, 0]));
  for (let polls = 0; verify === 2 && polls < 2000; polls++) {
    sim.run(0.1);
    verify = attribute(sim, 6)[1] === ImageStatus.VERIFICATION_INITIATED ? 2 : 0;
  }
  assert.equal(attribute(sim, 6)[1], ImageStatus.VERIFICATION_FAILED, "the refusal: class 18 status 4");
  assert.equal(sim.meter.imageRefusal(), Refusal.UNSIGNED);
  const refused = sim.meter.events().filter((e) => e.code === UpdateEvent.REFUSED);
  assert.equal(refused.length, 1);
  assert.equal(result(sim, action(4, [0x0f, 0])), 250, "nothing to activate");
  assert.equal(toHex(attribute(sim, 7)), "01 00", "image_to_activate_info empty");
  assert.equal(sim.meter.imageRunningVersion(), 1);
  // The public client does not see the object at all: object-undefined (4).
  const pub = start(nvm, slots, 0);
  exchange(pub, AARQ_PUBLIC);
  const statusBefore = pub.meter.imageStatus();
  assert.equal(toHex(exchange(pub, [0xc3, 1, 0xc1, 0, 18, ...IMAGE, 1, 1, 2, 2, 9, ID.length, ...ID, ...u32(1000)])!), "c7 01 c1 04 00");
  assert.equal(pub.meter.imageStatus(), statusBefore, "no initiate happened");
});

// The state a head-end sees: a run that ends in the same state made no progress.
function progress(sim: Simulator): string {
  return `${sim.meter.imageRunningVersion()} ${sim.meter.imageStatus()} ${sim.meter.imageFirstMissing()}`;
}

test("power cuts over a DLMS update: one at each block's program and mark, in verification and at activation; the head-end resumes from image_first_not_transferred_block_number and version 2 runs", () => {
  const file = signed(variant("v2"), 2);
  const blocks = Math.ceil(file.length / BLOCK);
  const { nvm, slots } = meterOnSlots();
  let sim = start(nvm, slots, 0);
  sim.run(1);
  const before = registersWh(sim);
  let cuts = 0;
  let resumed = 0;
  let verifyCut = false;
  let lastState = "";
  // Each run cuts the 2nd slot write from its start (the 1st is the retry of the write cut before); a run that
  // made no progress lets one more write through, so every block's program and mark are cut in turn.
  let allowed = 1;
  const cutIn = new Map<string, number>();
  let stage = "";
  let arm = true;
  // After the cut in verification: the activation's pending mark is cut, then the boot loader's trial mark.
  let phase: "blocks" | "pending" | "booted" | "done" = "blocks";
  for (let run = 0; run < 4 * blocks; run++) {
    // Armed only after a cut: an activation's restart keeps the count running into the boot loader.
    if (arm) {
      let n = allowed + 1;
      if (phase === "pending") n = 1;
      // A torn pending mark may read as set: then the boot loader's own mark is the next write.
      if (phase === "booted") n = wordIsSet(slots, 1, BootWord.PENDING) ? 1 : 2;
      slots.cutPowerAtOp(phase === "done" ? 0 : n);
    }
    arm = false;
    try {
      stage = phase === "booted" ? "boot loader's trial mark" : "boot";
      sim = start(nvm, slots, 0);
      stage = "transfer";
      const state = progress(sim);
      allowed = state === lastState ? allowed + 1 : 1;
      lastState = state;
      if (sim.meter.imageRunningVersion() === 2) break;
      sim.run(0.2);
      associate(sim);
      const status = attribute(sim, 6)[1];
      if (status === ImageStatus.INITIATED) resumed++;
      if (status !== ImageStatus.INITIATED && status !== ImageStatus.VERIFICATION_SUCCESSFUL) assert.equal(initiate(sim, file.length), 0);
      const first = Buffer.from(attribute(sim, 4).slice(1)).readUInt32BE();
      for (let b = first; b < blocks; b++) assert.equal(block(sim, file, b), 0, `block ${b}`);
      stage = "verification";
      let verifying = result(sim, action(3, [0x0f, 0])) === 2;
      for (let polls = 0; verifying && polls < 2000; polls++) {
        sim.run(0.1);
        if (!verifyCut && polls === 5) {
          verifyCut = true;
          phase = "pending";
          throw new PowerCut(0); // the supply fails while the meter verifies
        }
        verifying = attribute(sim, 6)[1] === ImageStatus.VERIFICATION_INITIATED;
      }
      assert.equal(attribute(sim, 6)[1], ImageStatus.VERIFICATION_SUCCESSFUL);
      stage = "activation";
      assert.equal(result(sim, action(4, [0x0f, 0])), 0);
      sim.run(1);
      assert.ok(sim.resetRequested);
    } catch (e) {
      if (!(e instanceof PowerCut)) throw e;
      cutIn.set(stage, (cutIn.get(stage) ?? 0) + 1);
      arm = true;
      if (stage === "activation") phase = "booted";
      if (stage === "boot loader's trial mark") phase = "done";
      cuts++;
    }
  }
  slots.cutPowerAtOp(0);
  assert.equal(sim.meter.imageRunningVersion(), 2);
  assert.deepEqual(registersWh(sim), before, "no load: the registers are those before the update");
  sim.run(61);
  assert.equal(sim.meter.imageStatus(), ImageStatus.ACTIVATION_SUCCESSFUL, "confirmed after 60 s");
  assert.ok(verifyCut);
  for (const where of ["transfer", "verification", "activation", "boot loader's trial mark"]) assert.ok(cutIn.has(where), `a cut in ${where}: ${[...cutIn]}`);
  // Two cuts per block (its program and its mark), more for the sectors, the record and the boot words.
  assert.ok(cuts >= 2 * blocks, `${cuts} cuts for ${blocks} blocks`);
  assert.ok(resumed >= 2 * blocks - 2, `${resumed} transfers resumed`);
  console.log(`# ${cuts} cuts over DLMS for ${blocks} blocks (${[...cutIn].map(([k, v]) => `${v} in ${k}`).join(", ")}), ${resumed} resumed from the bitmap`);
});
