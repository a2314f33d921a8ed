// HDLC against the unmodified Gurux DLMS client's own frame code (../shared/clients/gurux-python, via tests/gurux_hdlc.py).
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Simulator } from "../host/sim.js";
import { Err, UartPort } from "../host/abi.js";
import { parseFrames, UA } from "../host/hdlcclient.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const clients = path.resolve(root, "../shared/clients/gurux-python");
const skip = fs.existsSync(clients) ? false : "../shared/clients/gurux-python is absent";

function gurux(...args: string[]): Record<string, unknown> {
  const run = spawnSync("python3", [path.join(root, "tests/gurux_hdlc.py"), clients, ...args], { encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as Record<string, unknown>;
}

const framesOf = (answer: Record<string, unknown>): Uint8Array[] =>
  (answer.frames as string[]).map((h) => Uint8Array.from(Buffer.from(h, "hex")));
const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

function meter(): Simulator {
  const sim = new Simulator({ startUtcS: 1767268800n, waveform: { vrms: 230, irms: 5 } });
  sim.boot();
  sim.run(1);
  return sim;
}

// Sends one frame on the module port and returns what the meter sent within 20 ms.
function ask(sim: Simulator, frame: Uint8Array): Uint8Array {
  assert.equal(sim.meter.uartReceive(UartPort.MODULE, frame), Err.OK);
  sim.run(0.02);
  return sim.uart.take(UartPort.MODULE);
}

test("Gurux's SNRM with default parameters gets a UA that Gurux reads as 128/128 bytes, window 1/1", { skip }, () => {
  const sim = meter();
  const ua = ask(sim, framesOf(gurux("snrm"))[0]);
  assert.deepEqual(gurux("ua", hex(ua)), { maxInfoTX: 128, maxInfoRX: 128, windowTX: 1, windowRX: 1 });
});

test("Gurux proposing 256 bytes out, 64 in and window 7 is held to 256/64 and window 1 by the UA", { skip }, () => {
  const sim = meter();
  const ua = ask(sim, framesOf(gurux("snrm", "256", "64", "7", "7"))[0]);
  assert.deepEqual(gurux("ua", hex(ua), "256", "64", "7", "7"), { maxInfoTX: 256, maxInfoRX: 64, windowTX: 1, windowRX: 1 });
});

test("Gurux's AARQ in 32-byte segments is acknowledged segment by segment, answered by an AARE Gurux accepts, and its DISC gets UA", { skip }, () => {
  const sim = meter();
  const ua = ask(sim, framesOf(gurux("snrm", "32"))[0]);
  const segments = framesOf(gurux("aarq", "32"));
  assert.ok(segments.length >= 2, "the AARQ does not fit one 32-byte information field");
  const answers = segments.map((s) => ask(sim, s));
  const controls = answers.map((a) => parseFrames(a)[0].control);
  // RR with N(R) = segments received, then the last segment answered by an I-frame N(S) 0 carrying the AARE.
  const n = segments.length;
  assert.deepEqual(controls, segments.map((_, k) => k < n - 1 ? (((k + 1) & 7) << 5) | 0x11 : ((n & 7) << 5) | 0x10));
  assert.deepEqual(gurux("aare", "32", hex(ua), ...answers.map(hex)), { accepted: true, maxReceivePDUSize: 512 });
  assert.deepEqual(parseFrames(ask(sim, framesOf(gurux("disc"))[0])).map((f) => f.control), [UA]);
});
