// The unmodified Gurux client reads every profile generic object by range and by entry over TCP; the rows match the firmware's stores.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Simulator } from "../host/sim.js";
import { EventLog, Logger, UartPort } from "../host/abi.js";
import { NorFlash } from "../host/shims/nvm.js";
import { TcpBridge, runRealTime } from "../host/ports.js";
import { utc } from "./helpers.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const helper = path.join(root, "tests/gurux_profiles.py");
const T0 = utc(2026, 1, 30, 12); // the Z6 day 1 stop falls at 2026-01-31 23:00 UTC (00:00 CET)

function python(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile("python3", args, { timeout: 120_000, maxBuffer: 1 << 24, env: { ...process.env, TZ: "UTC" } }, (error, stdout, stderr) => {
      if (error && !stdout) reject(new Error(`${error.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

let sim: Simulator;
let bridge: TcpBridge;
let port = 0;
let stopped = false;
let pump: Promise<void>;

before(async () => {
  sim = new Simulator({ nvm: new NorFlash(), startUtcS: T0, waveform: { vrms: 230, irms: 10, phaseDeg: 30 } });
  sim.boot();
  for (let k = 0; k < 3 * 96; k++) { // three days of quarter hours, the RTC 900 times faster
    sim.rtc.skipAhead(899);
    sim.run(1);
  }
  sim.setWaveform({ irms: 0 });
  sim.run(2);
  bridge = new TcpBridge(sim, UartPort.MODULE);
  port = await bridge.listen(0);
  pump = runRealTime(sim, [bridge], 3600, () => stopped);
});

after(async () => {
  stopped = true;
  await pump;
  await bridge.close();
});

test("Gurux readRowsByRange / readRowsByEntry of the load profile, billing profile and standard event log match the firmware", async () => {
  const from = T0 + 86400n;
  const to = from + 6n * 3600n;
  const lns = ["1.0.99.1.0.255", "1.0.98.1.0.255", "1.0.98.2.0.255", "0.0.99.98.0.255", "0.0.99.98.1.255", "0.0.99.98.2.255",
    "0.0.99.98.4.255", "0.0.99.98.5.255", "1.0.99.97.0.255", "1.0.99.2.0.255"];
  const out = JSON.parse((await python([helper, String(port), "12345678", String(from), String(to), "2", "3", ...lns])).trim().split("\n").pop()!);
  assert.equal(out.association, undefined, JSON.stringify(out.association));
  for (const ln of lns) assert.equal(out[ln].error, undefined, `${ln}: ${out[ln].error}`);

  const lp = out["1.0.99.1.0.255"];
  assert.deepEqual(lp.captureObjects, ["8/0.0.1.0.0.255/2", "1/0.0.96.10.7.255/2", "3/1.0.1.8.0.255/2", "3/1.0.2.8.0.255/2", "3/1.0.3.8.0.255/2", "3/1.0.4.8.0.255/2"]);
  const want = sim.meter.profile(from).filter((e) => e.timeUtcS <= to).map((e) => [Number(e.timeUtcS), e.status, ...e.valuesWh.map(Number)]);
  assert.equal(want.length, 25, "6 h of quarter hours, both ends");
  assert.deepEqual(lp.range, want);
  const all = sim.meter.profile().map((e) => [Number(e.timeUtcS), e.status, ...e.valuesWh.map(Number)]);
  assert.deepEqual(lp.entries, all.slice(1, 4), "entries 2..4");
  assert.equal(lp.entriesInUse, all.length);

  const billing = out["1.0.98.1.0.255"];
  const rec = sim.meter.billingRecord(Logger.BILLING, 0);
  assert.ok(typeof rec === "object");
  assert.equal(billing.captureObjects.length, 20);
  assert.equal(billing.captureObjects[2], "3/1.0.1.8.0.255/2");
  assert.equal(billing.captureObjects[19], "3/1.0.3.8.4.255/2", "R+ T4 last");
  assert.deepEqual(billing.range, [], "no stop in that range");
  assert.equal(billing.entriesInUse, 1);
  assert.deepEqual(billing.entries, [], "entry 2 of 1: none");

  const standard = out["0.0.99.98.0.255"];
  const events = sim.meter.eventLog(EventLog.STANDARD);
  assert.ok(events.length >= 1, "power up at least");
  assert.equal(standard.entriesInUse, events.length);
  assert.deepEqual(standard.entries, events.slice(1, 4).map((e) => [Number(e.timeUtcS), e.code]));
  assert.deepEqual(out["1.0.99.97.0.255"].captureObjects, ["8/0.0.1.0.0.255/2", "1/0.0.96.11.6.255/2", "3/0.0.96.7.19.255/2"]);

  // The analysis logger (Z10 000): the wave the harness drove, 230 V, 10 A lagging 30 degrees, 50 Hz.
  const alog = out["1.0.99.2.0.255"];
  assert.deepEqual(alog.captureObjects, ["8/0.0.1.0.0.255/2", "1/0.0.96.10.7.255/2", "3/1.0.32.7.0.255/2", "3/1.0.31.7.0.255/2",
    "3/1.0.1.7.0.255/2", "3/1.0.2.7.0.255/2", "3/1.0.3.7.0.255/2", "3/1.0.4.7.0.255/2", "3/1.0.13.7.0.255/2",
    "3/1.0.32.7.124.255/2", "3/1.0.31.7.124.255/2", "3/1.0.14.7.0.255/2"]);
  assert.equal(alog.range.length, 25, "6 h of quarter hours, both ends");
  const expect = [2300, 1000, 1992, 0, 1150, 0, 866, 0, 0, 5000]; // 0.1 V, 0.01 A, W, W, var, var, 0.001, 0.1 %, 0.1 %, 0.01 Hz
  const tolerance = [3, 5, 12, 0, 12, 0, 5, 5, 5, 2];
  alog.range.forEach((row: number[], k: number) => {
    assert.equal(row[0], Number(from) + 900 * k, `analysis entry ${k}: time`);
    row.slice(2).forEach((v, j) => assert.ok(Math.abs(v - expect[j]) <= tolerance[j], `analysis entry ${k} value ${j}: ${v}, want ${expect[j]}`));
  });
  assert.deepEqual(alog.entries.map((r: number[]) => r[0]), [1, 2, 3].map((k) => Number(T0) + 900 * (k + 1)), "entries 2..4");
  assert.ok(alog.entriesInUse >= 288, `${alog.entriesInUse} entries in use`);
});
