// The simulator CLI behind `make run`: a run prints readings and the energy check; bad options get a message and exit 2.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../host/cli.js");

function run(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test("a 5-minute run at 20 A PF 0.8 capacitive shows the readings and registers A+ within 0.2 % of the wave", () => {
  const r = run("--current", "20", "--pf", "0.8", "--capacitive", "--duration", "5m");
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /PF\s+0\.800/);
  assert.match(r.out, /quadrant IV/);
  const m = /A\+ registered ([\d.]+) Wh, exact energy of the wave ([\d.]+) Wh, error (-?[\d.]+) %/.exec(r.out);
  assert.ok(m, r.out.slice(-400));
  // The registers hold whole measurement windows: the last (open) window of at most 1.1 s is not in them yet.
  const fullWh = 230 * 20 * 0.8 * 5 / 60;
  assert.ok(Number(m[2]) <= fullWh && Number(m[2]) >= fullWh * (1 - 1.1 / 300), `${m[2]} Wh`);
  assert.ok(Math.abs(Number(m[3])) < 0.2);
});

test("export at 60 Hz registers A- and shows quadrant II (export, capacitive) for a capacitive export", () => {
  const r = run("--export", "--capacitive", "--freq", "60", "--duration", "90s");
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /f\s+60\.000 Hz/);
  assert.match(r.out, /quadrant II /);
  assert.match(r.out, /A- registered/);
});

for (const [args, message] of [
  [["--current", "abc"], /--current: 'abc' is not a number/],
  [["--current", "500"], /--current: 500 is outside 0\.\.120/],
  [["--pf", "1.5"], /--pf: 1\.5 is outside 0\.\.1/],
  [["--duration", "forever"], /--duration: 'forever' is not a duration/],
  [["--freq"], /--freq needs a value/],
  [["--frobnicate"], /unknown option '--frobnicate'/],
] as const) {
  test(`refuses ${args.join(" ")} with a clear message, exit code 2 and no stack trace`, () => {
    const r = run(...args);
    assert.equal(r.code, 2);
    assert.match(r.err, message);
    assert.doesNotMatch(r.err, /\n\s+at /, "no stack trace");
    assert.match(r.err, /usage:/);
  });
}

test("remote commands from the CLI: disconnect at 30 s opens the breaker, reconnect at 60 s releases it (mode 1)", () => {
  const r = run("--duration", "90s", "--disconnect-at", "30s", "--reconnect-at", "60s");
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /0:00:30 remote disconnect: done/);
  assert.match(r.out, /0:01:00 remote reconnect: done/);
  assert.match(r.out, /breaker ready for reconnection, relay open/);
  assert.match(r.out, /the breaker switched 1 times/);
});

test("prepayment from the CLI: 40 Wh of credit at 2.2 kW runs out and opens the breaker", () => {
  const r = run("--duration", "2m", "--prepay", "40");
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /top-up 40 Wh: done/);
  assert.match(r.out, /breaker ready for reconnection, relay open/);
});

test("--help prints the options and exits 0", () => {
  const r = run("--help");
  assert.equal(r.code, 0);
  assert.match(r.out, /--duration T/);
});
