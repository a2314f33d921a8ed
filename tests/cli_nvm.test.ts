// The CLI with --nvm FILE: one run at a time, a clock that runs on while the meter is off, this run's energy, prepayment once.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CLI_PATH as cli, runCli as run } from "./helpers.js";

const START_UTC_S = 1767225600; // the RTC's default, 2026-01-01T00:00:00Z

function tempFile(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), "wasmeter-nvm-")), "meter.bin");
}

const lastCredit = (out: string): number => Number([...out.matchAll(/credit (-?[\d.]+) Wh/g)].at(-1)?.[1]);

test("a second run on a busy --nvm file is refused with a clear message; a lock left by kill -9 does not block", async () => {
  const file = tempFile();
  const first = spawn(process.execPath, [cli, "--nvm", file, "--duration", "1h", "--speed", "360"], { stdio: "ignore" });
  try {
    for (let k = 0; k < 200 && !fs.existsSync(`${file}.lock`); k++) await new Promise((r) => setTimeout(r, 50));
    const second = run("--nvm", file, "--duration", "10s");
    assert.equal(second.code, 3);
    assert.match(second.err, new RegExp(`is in use by another run \\(pid ${first.pid}, see .*meter\\.bin\\.lock\\)`));
    assert.doesNotMatch(second.err, /\n\s+at /, "no stack trace");
  } finally {
    first.kill("SIGKILL");
    await new Promise((r) => first.once("exit", r));
  }
  assert.ok(fs.existsSync(`${file}.lock`), "kill -9 leaves the lock behind");
  const third = run("--nvm", file, "--duration", "10s");
  assert.equal(third.code, 0, third.err);
  assert.ok(!fs.existsSync(`${file}.lock`), "a finished run removes its lock");
});

test("a lock whose pid now belongs to another program (pid 1 here) is stale: the run takes the file over", () => {
  const file = tempFile();
  fs.writeFileSync(`${file}.lock`, "1\n");
  const r = run("--nvm", file, "--duration", "5s");
  assert.equal(r.code, 0, r.err);
  assert.ok(!fs.existsSync(`${file}.lock`));
});

test("a file of the wrong size is refused, saying what size is expected and why", () => {
  const file = tempFile();
  fs.writeFileSync(file, new Uint8Array(1 << 20));
  const r = run("--nvm", file, "--duration", "10s");
  assert.equal(r.code, 1);
  assert.match(r.err, /has 1048576 bytes, expected 1049600: the 1048576-byte flash \(256 sectors of 4096\) and a 4-byte erase counter per sector/);
  assert.equal(fs.statSync(file).size, 1 << 20, "the file is left as it was");
  assert.ok(!fs.existsSync(`${file}.lock`), "and not left locked");
});

test("a second run compares this run's register increase with this run's energy, and the RTC ran on while off", () => {
  const file = tempFile();
  const first = run("--nvm", file, "--duration", "10m");
  assert.equal(first.code, 0, first.err);
  const saved = /^(\d+) (\d+)/.exec(fs.readFileSync(`${file}.rtc`, "utf8"));
  assert.ok(saved);
  assert.equal(Number(saved[1]), START_UTC_S + 600, "FILE.rtc holds the RTC at the end of the run");
  const second = run("--nvm", file, "--duration", "10m");
  assert.equal(second.code, 0, second.err);
  assert.match(second.out, /A\+ held 363\.000000 Wh .* at power-up/);
  const m = /A\+ registered ([\d.]+) Wh, exact energy of the wave ([\d.]+) Wh, error (-?[\d.]+) %/.exec(second.out);
  assert.ok(m, second.out.slice(-400));
  assert.ok(Math.abs(Number(m[3])) < 0.2, `error ${m[3]} %`);
  // The end of a run is a power cut with the early warning: off for the wall time between the runs.
  const off = /power-up: the meter reports (-?\d+) s off \(RTC from /.exec(second.out);
  assert.ok(off, second.out.slice(-600));
  assert.ok(Number(off[1]) >= 0 && Number(off[1]) <= 30, `${off[1]} s off`);
});

test("--prepay sets up prepayment once: a second run on the same file goes on with the stored credit", () => {
  const file = tempFile();
  const first = run("--nvm", file, "--prepay", "500", "--duration", "1m");
  assert.equal(first.code, 0, first.err);
  assert.match(first.out, /top-up 500 Wh: done/);
  const afterFirst = lastCredit(first.out);
  // 2185 W for one minute uses about 36 Wh of the 500.
  assert.ok(afterFirst > 460 && afterFirst < 467, `${afterFirst} Wh`);
  const second = run("--nvm", file, "--prepay", "500", "--duration", "1m");
  assert.equal(second.code, 0, second.err);
  assert.doesNotMatch(second.out, /top-up/);
  assert.match(second.out, /prepayment is already on in this meter: --prepay 500 leaves the stored credit/);
  const afterSecond = lastCredit(second.out);
  assert.ok(afterSecond < afterFirst - 30 && afterSecond > afterFirst - 40, `${afterFirst} then ${afterSecond} Wh`);
});
