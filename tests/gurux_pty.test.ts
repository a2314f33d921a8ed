// The unmodified Gurux DLMS client over HDLC on paced pty lines (module port 9600 8N1, optical port mode E), values checked against the firmware.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Simulator } from "../host/sim.js";
import { ConfigId, Err, Register, UartPort } from "../host/abi.js";
import { PtyBridge, runRealTime } from "../host/ports.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const helper = path.join(root, "tests/gurux_pty.py");
const clients = path.resolve(root, "../shared/clients/gurux-python");
const haveSocat = spawnSync("socat", ["-V"]).status === 0;
const skip = !haveSocat ? "NOT RUN: needs socat (apt-get install -y socat)" : fs.existsSync(clients) ? false : "../shared/clients/gurux-python is absent";
// GXDLMSReader writes logFile.txt into its working directory: keep it out of the tree.
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "gurux-pty-"));

// Gurux's default test keys are the simulator's (docs/DLMS.md "Keys").
const EK = "000102030405060708090A0B0C0D0E0F";
const AK = "D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF";

type Answer = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function gurux(args: string[]): Promise<Answer> {
  return new Promise((resolve, reject) => {
    // TZ=UTC: Gurux prints date-times in the machine's zone.
    execFile("python3", [helper, ...args], { cwd: scratch, timeout: 120_000, maxBuffer: 1 << 22, env: { ...process.env, TZ: "UTC" } },
      (error, stdout, stderr) => {
        const last = stdout.trim().split("\n").pop() ?? "";
        if (!last.startsWith("{")) reject(new Error(`${error?.message ?? ""}\n${stdout}\n${stderr}`));
        else resolve(JSON.parse(last) as Answer);
      });
  });
}

let sim: Simulator;
let module: PtyBridge;
let optical: PtyBridge;
let modulePath = "";
let opticalPath = "";
let stopped = false;
let pump: Promise<void>;

before(async () => {
  if (skip) return;
  sim = new Simulator({ startUtcS: 1767268800n /* 2026-01-01 12:00 UTC */, waveform: { vrms: 230, irms: 10, phaseDeg: 0 } });
  sim.boot();
  assert.equal(sim.meter.configSet(ConfigId.METER_NUMBER, 12345678), Err.OK);
  sim.run(600); // 383 Wh, then no load so A+ holds still while the client reads
  sim.setWaveform({ irms: 0 });
  sim.run(5);
  module = new PtyBridge(sim, UartPort.MODULE);
  optical = new PtyBridge(sim, UartPort.OPTICAL);
  modulePath = await module.open();
  opticalPath = await optical.open();
  pump = runRealTime(sim, [module, optical], 3600, () => stopped);
});

after(async () => {
  if (skip) return;
  stopped = true;
  await pump;
  await module.close();
  await optical.close();
  fs.rmSync(scratch, { recursive: true, force: true });
});

const utcOf = (iso: string): number => Date.parse(iso) / 1000;

test("module port pty, HDLC 9600 8N1, 10 min after boot: the public client reads A+ and the clock equal to the firmware's", { skip, timeout: 120_000 }, async () => {
  const out = await gurux([modulePath, "module", "16", "-", "read", "3/1.0.1.8.0.255/2", "8/0.0.1.0.0.255/2"]);
  assert.equal(out.associated, true, JSON.stringify(out));
  const aPlusWh = sim.meter.energyWh(Register.A_PLUS);
  assert.ok(aPlusWh >= 382n && aPlusWh <= 384n, `${aPlusWh} Wh after 600 s at 2300 W`);
  assert.equal(out["3/1.0.1.8.0.255/2"], Number(aPlusWh));
  const clockS = utcOf(out["8/0.0.1.0.0.255/2"]);
  assert.ok(Math.abs(clockS - Number(sim.rtc.readUtcS())) <= 5, `${out["8/0.0.1.0.0.255/2"]} vs the RTC's ${sim.rtc.readUtcS()}`);
  assert.equal(sim.uart.line[UartPort.MODULE].baud, 9600);
});

test("module port pty: management with LLS reads the object list, 142 objects starting with the association", { skip, timeout: 120_000 }, async () => {
  const out = await gurux([modulePath, "module", "1", "12345678", "objects"]);
  assert.equal(out.associated, true, JSON.stringify(out));
  assert.equal(out.objects.length, 142);
  assert.deepEqual(out.objects.slice(0, 4), ["0.0.40.0.0.255", "0.0.41.0.0.255", "0.0.42.0.0.255", "0.0.1.0.0.255"]);
  assert.ok(out.objects.includes("0.0.22.0.0.255"), "the module port's HDLC setup");
});

test("module port pty: Gurux's full sweep (object list, then every attribute of every object) as public and as management, no error but the write-only LLS secret", { skip, timeout: 300_000 }, async () => {
  const publicSweep = await gurux([modulePath, "module", "16", "-", "sweep"]);
  assert.equal(publicSweep.objects, 9, JSON.stringify(publicSweep));
  assert.deepEqual(publicSweep.errors, []);
  const management = await gurux([modulePath, "module", "1", "12345678", "sweep"]);
  assert.equal(management.objects, 142, JSON.stringify(management.errors));
  assert.deepEqual(management.errors, ["Error! Index: 7 Access Error : Device reports Read-Write denied."]);
});

test("module port pty: HLS-GMAC authenticated and encrypted reads A+ and sets the clock to 2026-03-01 10:30 UTC", { skip, timeout: 120_000 }, async () => {
  const read = await gurux([modulePath, "module", "1", `hls:${EK}:${AK}`, "read", "3/1.0.1.8.0.255/2"]);
  assert.equal(read["3/1.0.1.8.0.255/2"], Number(sim.meter.energyWh(Register.A_PLUS)), JSON.stringify(read));
  const target = 1772361000;
  const done = await gurux([modulePath, "module", "1", `hls:${EK}:${AK}`, "set-clock", String(target)]);
  assert.equal(done.set, "ok", JSON.stringify(done));
  const rtcS = Number(sim.rtc.readUtcS());
  assert.ok(rtcS - target >= 0 && rtcS - target <= 10, `RTC ${rtcS}`);
  assert.ok(Math.abs(utcOf(done.time) - target) <= 10, `read back ${done.time}`);
});

test("module port pty: a wrong LLS password and a wrong HLS block cipher key are refused, nothing read", { skip, timeout: 120_000 }, async () => {
  const lls = await gurux([modulePath, "module", "1", "87654321", "read", "3/1.0.1.8.0.255/2"]);
  assert.match(String(lls.association?.error), /permanently rejected\s+Authentication failure/, JSON.stringify(lls));
  assert.equal(lls.associated, undefined);
  assert.equal(lls["3/1.0.1.8.0.255/2"], undefined);
  const hls = await gurux([modulePath, "module", "1", `hls:0F0E0D0C0B0A09080706050403020100:${AK}`, "read", "3/1.0.1.8.0.255/2"]);
  assert.match(String(hls.association?.error), /Authentication failure/, JSON.stringify(hls));
  assert.equal(hls.associated, undefined);
  assert.equal(hls["3/1.0.1.8.0.255/2"], undefined);
});

test("optical port pty, mode E: sign-on at 300 baud, ACK 2 5 2, HDLC at 9600 8N1: public A+ and LLS meter number read", { skip, timeout: 120_000 }, async () => {
  const before = sim.uart.lineLog[UartPort.OPTICAL].length;
  const pub = await gurux([opticalPath, "optical", "16", "-", "read", "3/1.0.1.8.0.255/2"]);
  assert.equal(pub["3/1.0.1.8.0.255/2"], Number(sim.meter.energyWh(Register.A_PLUS)), JSON.stringify(pub));
  // The line went to 9600 baud for HDLC, and back to 300 baud 7E1 after Gurux's DISC.
  assert.deepEqual(sim.uart.lineLog[UartPort.OPTICAL].slice(before).map((s) => s.baud), [9600, 300]);
  const lls = await gurux([opticalPath, "optical", "1", "12345678", "read", "1/0.0.96.1.0.255/2", "3/1.0.1.8.0.255/2",
    "23/0.1.22.0.0.255/2", "23/0.1.22.0.0.255/7"]);
  assert.equal(lls["3/1.0.1.8.0.255/2"], Number(sim.meter.energyWh(Register.A_PLUS)), JSON.stringify(lls));
  assert.match(String(lls["1/0.0.96.1.0.255/2"]), /12345678/);
  // The optical link's HDLC setup while it runs: comm_speed 5 (9600 baud), inter-octet time-out 25 ms.
  assert.equal(lls["23/0.1.22.0.0.255/2"], 5);
  assert.equal(lls["23/0.1.22.0.0.255/7"], 25);
});

test("optical port pty, mode E kept at 300 baud (ACK 2 0 2): Gurux's HDLC at 33 ms a character reads A+, the link reports 300 baud and a 102 ms inter-octet time-out", { skip, timeout: 120_000 }, async () => {
  const before = sim.uart.lineLog[UartPort.OPTICAL].length;
  const out = await gurux([opticalPath, "optical300", "1", "12345678", "read", "3/1.0.1.8.0.255/2", "23/0.1.22.0.0.255/2", "23/0.1.22.0.0.255/7"]);
  assert.equal(out.identification, "/WAS5\\2wasmeter-1");
  assert.equal(out["3/1.0.1.8.0.255/2"], Number(sim.meter.energyWh(Register.A_PLUS)), JSON.stringify(out));
  // The link reports what it applies: comm_speed 0 (300 baud), inter-octet time-out 102 ms (3 characters of 34 ms).
  assert.equal(out["23/0.1.22.0.0.255/2"], 0);
  assert.equal(out["23/0.1.22.0.0.255/7"], 102);
  assert.ok(sim.uart.lineLog[UartPort.OPTICAL].slice(before).every((s) => s.baud === 300), "the line never left 300 baud");
});
