// Analysis logger restart and capture clock: one sector erased in the request, the rest a sector a tick, power cuts in between, a clock behind, critical errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Simulator } from "../host/sim.js";
import { ConfigId, Err, EventLog, LpStatus } from "../host/abi.js";
import { NorFlash, PowerCut } from "../host/shims/nvm.js";
import { utc } from "./helpers.js";
import { exchange } from "./dlmsframes.js";
import { associate, get, MANAGEMENT, type Data } from "./cosemclient.js";

const ALOG = [1, 0, 99, 2, 0, 255];
const FIRST_SECTOR = 219; // docs/NVM.md: the logger's 16 sectors
const SECTORS = 16;
const T0 = utc(2026, 5, 4, 0); // Monday 4 May 2026 00:00 UTC
const WAVE = { vrms: 230, irms: 5, phaseDeg: 0 };

const meter = (nvm: NorFlash, startUtcS = T0): Simulator => {
  const sim = new Simulator({ nvm, startUtcS, waveform: WAVE });
  sim.boot();
  associate(sim, MANAGEMENT);
  return sim;
};

// Method 1 reset, 2 capture.
function action(sim: Simulator, method: number): number {
  return exchange(sim, [0xc3, 0x01, 0xc1, 0, 7, ...ALOG, method, 0], MANAGEMENT)![3];
}

// A new association each time: the wrapper releases one after 120 s without frames.
function rows(sim: Simulator): Data[][] {
  associate(sim, MANAGEMENT);
  return get(sim, MANAGEMENT, 7, ALOG, 2) as Data[][];
}
const logErases = (nvm: NorFlash): number[] => Array.from(nvm.eraseCounts.subarray(FIRST_SECTOR, FIRST_SECTOR + SECTORS));
const sum = (a: number[]): number => a.reduce((x, y) => x + y, 0);

// Z10 000 (68 entries a sector) with 1,100 captured entries: the ring has wrapped, every sector holds records
// (15 full sectors and 12 entries read back). Made once; each test boots a copy.
let base: NorFlash | undefined;
function filled(): NorFlash {
  if (base) return base;
  base = new NorFlash();
  const sim = meter(base);
  sim.run(1);
  for (let k = 0; k < 1100; k++) assert.equal(action(sim, 2), 0);
  assert.equal(get(sim, MANAGEMENT, 7, ALOG, 7), 1032); // 15 full sectors and 12 in the one the ring wrapped into
  return base;
}

function copyOf(nvm: NorFlash, seed: number): NorFlash {
  const copy = new NorFlash({ seed });
  copy.data.set(nvm.data);
  return copy;
}

// A reset over DLMS (its exchange runs a tick after the request), or a Z10 change (then a tick): the first tick erases nothing.
function restart(sim: Simulator, change: string): void {
  if (change === "reset") {
    assert.equal(action(sim, 1), 0);
    return;
  }
  assert.equal(sim.meter.configSet(ConfigId.ANALYSIS_LOGGER, 2), Err.OK);
  sim.meter.tick();
}

for (const change of ["reset", "Z10 002"]) {
  test(`a ${change} erases one logger sector in the request and the other 15 one a tick in the next 15 ticks; reads in between give only the new entry`, () => {
    const nvm = copyOf(filled(), 1);
    const sim = meter(nvm, T0 + 10n);
    const before = logErases(nvm);
    restart(sim, change);
    assert.deepEqual(logErases(nvm).map((n, k) => n - before[k]), [1, ...Array(15).fill(0)], "the request erases the ring's first sector only");
    // Reads between ticks: each exchange runs a tick of its own, which erases one sector too.
    let erased = 0;
    for (let tick = 1; erased < 15; tick++) {
      assert.ok(tick <= 15, "15 ticks at most");
      const was = sum(logErases(nvm));
      sim.meter.tick();
      assert.equal(sum(logErases(nvm)) - was, 1, `tick ${tick}: one sector`);
      if (tick == 1 || tick == 6) assert.equal(rows(sim).length, 1, `after tick ${tick}: only the restart's entry`);
      erased = sum(logErases(nvm)) - sum(before) - 1;
    }
    const done = sum(logErases(nvm));
    for (let tick = 0; tick < 5; tick++) sim.meter.tick();
    assert.equal(sum(logErases(nvm)), done, "then none");
    assert.deepEqual(logErases(nvm).map((n, k) => n - before[k]), Array(16).fill(1), "every sector erased once");
    assert.equal(action(sim, 2), 0);
    assert.equal(get(sim, MANAGEMENT, 7, ALOG, 7), 2, "entries go on");
  });
}

// A power cut at each background erase (at its first, eighth and last sector), after a reset (records of the same
// set-up left behind) and after a Z10 change (another set-up's records left behind).
for (const change of ["reset", "Z10 002"]) {
  for (const erase of [1, 8, 15]) {
    test(`a power cut at background erase ${erase} after a ${change}: after boot the restart's entry alone, its set-up and period, no damage; entries go on`, () => {
      const nvm = copyOf(filled(), erase);
      let sim = meter(nvm, T0 + 10n);
      restart(sim, change);
      for (let k = 1; k < erase; k++) sim.meter.tick();
      const was = sum(logErases(nvm));
      nvm.cutPowerAtOp(1);
      assert.throws(() => sim.meter.tick(), PowerCut);
      nvm.cutPowerAtOp(0);
      assert.equal(sum(logErases(nvm)) - was, 1, "the cut fell on a logger sector's erase");
      sim = meter(nvm, T0 + 60n);
      const got = rows(sim);
      assert.equal(got.length, 1, "the restart's entry, nothing of the old records");
      assert.equal((got[0][1] as number) & 0x10, 0x10, "the restart's entry: a short period");
      assert.equal(got[0].length, change === "reset" ? 12 : 6, "clock, status and the set-up's values");
      assert.equal(get(sim, MANAGEMENT, 7, ALOG, 4), 900, "the period in force");
      assert.equal(sim.meter.errorRegister() & 0x8, 0, "no stored-data damage");
      assert.equal(sim.meter.eventLog(EventLog.STANDARD).filter((e) => e.code === 30).length, 0, "no damage event");
      sim.rtc.skipAhead(900);
      sim.run(1);
      assert.equal(rows(sim).length, 2, "the 00:15 entry follows");
    });
  }
}

// Issue 14 for the logger: it used the newest entry's time, not now, and took nothing until the clock caught up.
test("an RTC one day behind the last entry at power-up: the logger goes on at the next boundary after now (8 entries in 2 h), the first flagged clock adjusted and power down", () => {
  const nvm = new NorFlash();
  const a = meter(nvm);
  a.run(3600 + 5); // entries 00:15 .. 01:00
  assert.equal(rows(a).length, 4);
  const b = meter(nvm, T0 - 86400n + 3605n); // the clock says 01:00:05 the day before
  for (let k = 0; k < 8; k++) {
    b.rtc.skipAhead(898);
    b.run(2);
  }
  const fresh = rows(b).slice(4);
  const times = fresh.map((r) => {
    const dt = r[0] as number[];
    const local = BigInt(Date.UTC((dt[0] << 8) | dt[1], dt[2] - 1, dt[3], dt[5], dt[6], dt[7]) / 1000);
    return local + BigInt.asIntN(16, BigInt((dt[9] << 8) | dt[10])) * 60n; // COSEM: UTC = local + deviation
  });
  assert.deepEqual(times, [1, 2, 3, 4, 5, 6, 7, 8].map((k) => T0 - 86400n + 3600n + BigInt(900 * k)), "01:15 .. 03:00 of the day before");
  const status = fresh.map((r) => r[1] as number);
  assert.equal(status[0] & (LpStatus.CLOCK_ADJUSTED | LpStatus.POWER_DOWN), LpStatus.CLOCK_ADJUSTED | LpStatus.POWER_DOWN, "the first: clock adjusted, power down");
  for (const s of status.slice(1)) assert.equal(s & (LpStatus.CLOCK_ADJUSTED | LpStatus.POWER_DOWN), 0, "the next ones regular");
});

test("a write failure in a period flags that period's entry critical error (0x01) in the logger and the load profile; the next entries are clean", () => {
  const nvm = new NorFlash();
  const sim = meter(nvm);
  sim.run(300); // 00:05
  nvm.failing = true; // the register journal's writes fail for 3 s: error register bit 0
  sim.run(3);
  nvm.failing = false;
  assert.equal(sim.meter.errorRegister() & 0x1, 0x1);
  sim.run(1800); // .. 00:35:03
  const log = rows(sim).map((r) => (r[1] as number) & LpStatus.CRITICAL_ERROR);
  assert.deepEqual(log, [LpStatus.CRITICAL_ERROR, 0], "logger: 00:15 critical, 00:30 clean");
  const lp = sim.meter.profile().map((e) => e.status & LpStatus.CRITICAL_ERROR);
  assert.deepEqual(lp, [LpStatus.CRITICAL_ERROR, 0], "load profile: 00:15 critical, 00:30 clean");
  // The bit stays set until the utility clears it: a power cycle does not flag the next entries again.
  const b = meter(nvm, T0 + 36n * 60n);
  b.run(900);
  assert.equal(b.meter.profile().at(-1)!.status & LpStatus.CRITICAL_ERROR, 0, "00:45 after a power cycle: clean");
  assert.equal((rows(b).at(-1)![1] as number) & LpStatus.CRITICAL_ERROR, 0);
});
