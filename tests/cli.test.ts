// The simulator CLI behind `make run`: a run prints readings and the energy check; bad options get a message and exit 2.
import { test } from "node:test";
import assert from "node:assert/strict";
import { runCli as run } from "./helpers.js";
import { duration, fmt } from "../host/screen.js";

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
  assert.match(r.out, /breaker ready for reconnection \(opened by a remote command at 2026-01-01T00:00:30 UTC\), relay open/);
  assert.match(r.out, /the breaker switched 1 times/);
});

test("prepayment from the CLI: 40 Wh of credit at 2.2 kW runs out and opens the breaker", () => {
  const r = run("--duration", "2m", "--prepay", "40");
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /top-up 40 Wh: done/);
  assert.match(r.out, /breaker ready for reconnection \(opened by prepayment \(credit exhausted\) at [-\dT:]+ UTC\), relay open/);
});

test("--help prints the options and exits 0", () => {
  const r = run("--help");
  assert.equal(r.code, 0);
  assert.match(r.out, /--duration T/);
});

for (const [args, message] of [
  [["--disconnect-at", "5x"], /--disconnect-at: '5x' is not a meter time/],
  [["--reconnect-at", "1.234s"], /--reconnect-at: 1\.234s is not a whole number of 10 ms ticks/],
  [["--duration", "1m", "--disconnect-at", "2m"], /--disconnect-at: 120 s is not before the end of the run \(--duration 60 s\)/],
  [["--press", "70s", "--duration", "1m"], /--press: 70 s is not before the end of the run/],
  [["--press", "10s:3"], /--press: '10s:3' is not T\[:B\[:long\]\]/],
  // 380 V RMS is a 537 V peak: beyond the ADC's 500 V the samples clip and A+ would read 4.7 % low.
  [["--voltage", "380"], /--voltage: the wave's peak of 537 V is beyond the ADC's full scale of 500 V/],
  [["--voltage", "360"], /--voltage: the wave's peak of 509 V is beyond the ADC's full scale of 500 V \(a sine up to 354 V RMS\)/],
] as const) {
  test(`refuses ${args.join(" ")} naming the option at fault`, () => {
    const r = run(...args);
    assert.equal(r.code, 2, r.out.slice(-300));
    assert.match(r.err, message);
  });
}

test("a voltage up to the ADC's full scale runs: 350 V RMS peaks at 495 V of 500", () => {
  const r = run("--voltage", "350", "--duration", "20s");
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /errors none/);
});

test("event times take fractions of a second: a remote disconnect at 1.5 s is noted at 0:00:01.50", () => {
  const r = run("--duration", "5s", "--disconnect-at", "1.5s");
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /0:00:01\.50 remote disconnect: done/);
});

test("mode 1: remote disconnect, remote release, and a short press of PB2 reconnects the breaker", () => {
  const r = run("--duration", "40s", "--disconnect-at", "10s", "--reconnect-at", "20s", "--press", "30s:2");
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /0:00:30 PB2 press: done/);
  assert.match(r.out, /breaker connected, relay closed/);
  assert.match(r.out, /the breaker switched 2 times/);
});

test("a long press of PB2 opens the breaker (ready for reconnection), and the screen says the push button did it", () => {
  const r = run("--duration", "20s", "--press", "5s:2:long");
  assert.equal(r.code, 0, r.err);
  // Long press: held 2 s, then the relay follows within the next poll.
  assert.match(r.out, /breaker ready for reconnection \(opened by the push button at 2026-01-01T00:00:0[78] UTC\)/);
});

test("the screen says why the breaker opened: a remote command, the limiter, prepayment", () => {
  assert.match(run("--duration", "20s", "--disconnect-at", "10s").out, /breaker disconnected \(opened by a remote command at 2026-01-01T00:00:10 UTC\)/);
  // 2.2 kW over a 1 kW limit for the 30 s minimum time.
  assert.match(run("--duration", "1m", "--limit", "1000").out, /\(opened by the limiter at 2026-01-01T00:00:3\d UTC\)/);
  assert.match(run("--duration", "2m", "--prepay", "40").out, /\(opened by prepayment \(credit exhausted\) at /);
});

test("--pf 0 gives no relative error: the wave carries no active energy", () => {
  const r = run("--pf", "0", "--duration", "1m");
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /the wave carries no active energy \(PF 0\), so there is no relative error to give/);
  assert.doesNotMatch(r.out, /error -?100/);
});

test("piped output: the banner once, ten snapshots with the time left, and the last frame once", () => {
  const r = run("--duration", "2h");
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out.split("wasmeter simulator:").length - 1, 1);
  assert.equal(r.out.split("meter time 2:00:00 of 2:00:00").length - 1, 1);
  assert.equal(r.out.match(/\[[#.]{40}\]/g)?.length, 11, "at 0 % and every tenth after");
  assert.match(r.out, /meter time 0:12:00 of 2:00:00 {2}speed \d+x {2}left 0:00:\d\d/);
});

test("meter times from one day on show the days: 30 d and 400 d runs read 30d 01:02:03 and 400d 00:00:00", () => {
  assert.equal(duration(30 * 86400 + 3723), "30d 01:02:03");
  assert.equal(duration(400 * 86400), "400d 00:00:00");
  assert.equal(duration(3723), "1:02:03");
});

test("the screen prints a value that rounds to zero without a sign: Q -0.002 var is 0.0, -0.06 is -0.1", () => {
  assert.equal(fmt(-0.002, 1, 8), "     0.0");
  assert.equal(fmt(-0.06, 1, 8), "    -0.1");
  assert.equal(fmt(2300.04, 1, 8), "  2300.0");
  assert.equal(fmt(NaN, 1, 4), "   -");
});
