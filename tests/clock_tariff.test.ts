// Clock quality, summer time and tariff control through the real firmware: module port inputs, activity calendar, special days.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Simulator } from "../host/sim.js";
import { ClockChange, ClockStatus, ConfigId, Err, EventCode, EVERY_YEAR, InputKind, Register } from "../host/abi.js";
import { NorFlash } from "../host/shims/nvm.js";
import { utc } from "./helpers.js";

const DAY = 86400n;

test("a new meter's clock is invalid until set; a 2-minute correction a day later is an adjustment, 10 minutes a set", () => {
  const sim = new Simulator({ startUtcS: utc(2026, 1, 10, 12) });
  sim.boot();
  assert.equal(sim.meter.clockStatus() & ClockStatus.INVALID_VALUE, ClockStatus.INVALID_VALUE);
  assert.equal(sim.meter.clockSet(utc(2026, 1, 10, 12, 0, 30)), ClockChange.SET, "an invalid clock is set, not adjusted");
  sim.run(2);
  assert.equal(sim.meter.clockStatus() & ClockStatus.INVALID_VALUE, 0);
  assert.equal(sim.meter.clockSet(utc(2026, 1, 11, 12, 2)), ClockChange.SET, "a day later but 23:58 off");
  assert.equal(sim.meter.clockSet(utc(2026, 1, 12, 12, 2)), ClockChange.SET, "24 h further is a set, not 2 min");
  sim.meter.clockSet(utc(2026, 1, 13, 12)); // set
  assert.equal(sim.meter.clockSet(utc(2026, 1, 13, 12, 2)), ClockChange.ADJUSTED, "+120 s on a valid clock");
  assert.equal(sim.meter.clockSet(utc(2026, 1, 13, 12, 1)), ClockChange.SET, "a second correction within 24 h is a set");
  assert.equal(sim.meter.clockSet(utc(2026, 1, 13, 12, 11)), ClockChange.SET, "600 s is more than an adjustment");
});

test("a power loss longer than the 7-day supercap makes the clock invalid; the battery option (X12) carries 30 days", () => {
  for (const [battery, downDays, invalid] of [[0, 6, false], [0, 8, true], [1, 30, false]] as const) {
    const nvm = new NorFlash();
    const a = new Simulator({ nvm, startUtcS: utc(2026, 2, 1, 10) });
    a.boot();
    assert.equal(a.meter.configSet(ConfigId.SUPPLY_BACKUP, battery), Err.OK);
    a.meter.clockSet(utc(2026, 2, 1, 10));
    a.run(5);
    const b = new Simulator({ nvm, startUtcS: utc(2026, 2, 1, 10) + BigInt(downDays) * DAY });
    b.boot();
    assert.equal((b.meter.clockStatus() & ClockStatus.INVALID_VALUE) !== 0, invalid, `X12 ${battery}, ${downDays} days down`);
  }
});

test("summer time: local time is UTC+2 with the DST bit from 2027-03-28 01:00 UTC, UTC+1 before", () => {
  const sim = new Simulator({ startUtcS: utc(2027, 3, 28, 0, 59, 50) });
  sim.boot();
  sim.meter.clockSet(utc(2027, 3, 28, 0, 59, 50));
  assert.equal(sim.meter.clockLocalS(), utc(2027, 3, 28, 1, 59, 50));
  sim.run(3);
  assert.equal(sim.meter.clockStatus() & ClockStatus.DST_ACTIVE, 0);
  sim.run(10);
  assert.equal(sim.meter.clockLocalS(), utc(2027, 3, 28, 3, 0, 3), "02:00 CET became 03:00 CEST");
  assert.equal(sim.meter.clockStatus() & ClockStatus.DST_ACTIVE, ClockStatus.DST_ACTIVE);
  assert.equal(sim.meter.configSet(ConfigId.GMT_OFFSET, 13), Err.OK); // -11 h
  assert.equal(sim.meter.configSet(ConfigId.DST_TABLE, 0), Err.OK);
  assert.equal(sim.meter.clockLocalS(), utc(2027, 3, 27, 14, 0, 3));
  assert.equal(sim.meter.configSet(ConfigId.GMT_OFFSET, 24), Err.OUT_OF_RANGE);
});

test("module port 4-tariff (Z3 01, Z13 001): input levels select T1..T4, and only that tariff's A+ and R+ count", () => {
  const sim = new Simulator({ waveform: { vrms: 230, irms: 20, phaseDeg: 30 } });
  sim.boot();
  assert.equal(sim.meter.configSet(ConfigId.MODULE_CONFIG, 1), Err.OK);
  assert.equal(sim.meter.configSet(ConfigId.TARIFF_CONTROL, 1), Err.OK);
  const levels: Array<[number, number]> = [[0, 0], [1, 0], [0, 1], [1, 1]];
  for (let t = 0; t < 4; t++) {
    sim.meter.inputEvent(InputKind.MODULE_IN1, levels[t][0]);
    sim.meter.inputEvent(InputKind.MODULE_IN2, levels[t][1]);
    sim.run(2); // the tariff follows at the next window
    assert.equal(sim.meter.tariff(), t + 1);
    const before = [0, 1, 2, 3].map((k) => sim.meter.energyUwh(Register.A_PLUS_T1 + k));
    const rBefore = sim.meter.energyUwh(Register.R_PLUS_T1 + t);
    sim.run(60);
    for (let k = 0; k < 4; k++) {
      const moved = sim.meter.energyUwh(Register.A_PLUS_T1 + k) - before[k];
      if (k === t) assert.ok(moved > 60_000_000n, `T${k + 1} counts in tariff ${t + 1}: ${moved}`);
      else assert.equal(moved, 0n, `T${k + 1} must not count in tariff ${t + 1}`);
    }
    assert.ok(sim.meter.energyUwh(Register.R_PLUS_T1 + t) > rBefore);
  }
  const sum = [0, 1, 2, 3].reduce((a, k) => a + sim.meter.energyUwh(Register.A_PLUS_T1 + k), 0n);
  assert.ok(sim.meter.energyUwh(Register.A_PLUS) - sum < 3_000_000n, "the tariff registers add up to A+ but the first windows");
  assert.equal(sim.meter.configSet(ConfigId.TARIFF_CONTROL, 3), Err.OUT_OF_RANGE);
  assert.equal(sim.meter.configSet(ConfigId.MODULE_CONFIG, 25), Err.OUT_OF_RANGE);
});

// Winter (from Oct 1) and summer (from Apr 1) seasons; weekdays T2 07:00-22:00 else T1; weekends T1;
// summer weekdays T3 peak 11:00-15:00; a public holiday on 24 Dec every year is a weekend day.
function loadCalendar(sim: Simulator): void {
  const m = sim.meter;
  m.touClear();
  assert.equal(m.touSeason(4, 1, 2), Err.OK);
  assert.equal(m.touSeason(10, 1, 1), Err.OK);
  assert.equal(m.touWeek(1, [1, 1, 1, 1, 1, 3, 3]), Err.OK);
  assert.equal(m.touWeek(2, [2, 2, 2, 2, 2, 3, 3]), Err.OK);
  for (const [day, h, min, t] of [[1, 0, 0, 1], [1, 7, 0, 2], [1, 22, 0, 1], [2, 0, 0, 1], [2, 7, 0, 2], [2, 11, 0, 3], [2, 15, 0, 2], [2, 22, 0, 1], [3, 0, 0, 1]]) {
    assert.equal(m.touSwitch(day, h, min, t), Err.OK);
  }
  assert.equal(m.touActivate(), Err.OK);
  assert.equal(m.specialDaySet(0, EVERY_YEAR, 12, 24, 3), Err.OK);
}

test("a year of the activity calendar: seasons, weekdays, weekends, a special day, each switch at its boundary", () => {
  const nvm = new NorFlash();
  const sim = new Simulator({ nvm, waveform: { vrms: 230, irms: 10 } });
  sim.boot();
  assert.equal(sim.meter.configSet(ConfigId.TARIFF_CONTROL, 2), Err.OK);
  loadCalendar(sim);
  // Local times (CET = UTC+1 in winter, CEST = UTC+2 in summer) and the tariff expected after them.
  const cases: Array<[bigint, number, string]> = [
    [utc(2026, 1, 14, 6, 59, 50) - 3600n, 1, "winter Wednesday 06:59:50"],
    [utc(2026, 1, 14, 7, 0, 0) - 3600n, 2, "winter Wednesday 07:00:00"],
    [utc(2026, 1, 14, 21, 59, 55) - 3600n, 2, "winter Wednesday 21:59:55"],
    [utc(2026, 1, 14, 22, 0, 0) - 3600n, 1, "winter Wednesday 22:00"],
    [utc(2026, 1, 17, 12) - 3600n, 1, "winter Saturday noon"],
    [utc(2026, 6, 10, 12) - 7200n, 3, "summer Wednesday noon peak"],
    [utc(2026, 6, 10, 15, 30) - 7200n, 2, "summer Wednesday 15:30"],
    [utc(2026, 6, 13, 12) - 7200n, 1, "summer Saturday noon"],
    [utc(2026, 10, 1, 12) - 7200n, 2, "1 October noon: winter season, weekday"],
    [utc(2026, 12, 24, 12) - 3600n, 1, "24 December (Thursday): special day"],
    [utc(2027, 12, 24, 12) - 3600n, 1, "24 December next year (Friday): every year"],
    [utc(2026, 12, 23, 12) - 3600n, 2, "23 December: ordinary weekday"],
  ];
  for (const [at, tariff, what] of cases) {
    sim.meter.clockSet(at);
    sim.run(1.5); // the window that closes after the set picks the tariff
    assert.equal(sim.meter.tariff(), tariff, what);
  }
  // The register that counts follows: 60 s in the summer peak go to A+ T3.
  sim.meter.clockSet(utc(2026, 6, 10, 11, 30) - 7200n);
  sim.run(2);
  const t3 = sim.meter.energyUwh(Register.A_PLUS_T3);
  sim.run(60);
  assert.ok(sim.meter.energyUwh(Register.A_PLUS_T3) - t3 > 38_000_000n);
  // The calendar is kept through a power cycle.
  const again = new Simulator({ nvm, startUtcS: utc(2026, 6, 10, 12) - 7200n, waveform: { vrms: 230, irms: 10 } });
  again.boot();
  again.run(1.5);
  assert.equal(again.meter.tariff(), 3);
});

test("an invalid calendar is refused with a clear code and the old one stays active", () => {
  const sim = new Simulator({ startUtcS: utc(2026, 1, 14, 12) - 3600n, waveform: { vrms: 230, irms: 1 } });
  sim.boot();
  sim.meter.configSet(ConfigId.TARIFF_CONTROL, 2);
  loadCalendar(sim);
  sim.run(1.5);
  assert.equal(sim.meter.tariff(), 2);
  const m = sim.meter;
  m.touClear();
  assert.equal(m.touSeason(1, 1, 9), Err.OK); // week 9 does not exist
  assert.equal(m.touWeek(1, [1, 1, 1, 1, 1, 1, 1]), Err.OK);
  assert.equal(m.touSwitch(1, 0, 0, 4), Err.OK);
  assert.equal(m.touActivate(), Err.INVALID_ARGUMENT, "unknown week id");
  assert.equal(m.touSwitch(1, 25, 0, 1), Err.INVALID_ARGUMENT, "hour 25");
  assert.equal(m.touSwitch(1, 8, 0, 5), Err.INVALID_ARGUMENT, "tariff 5");
  for (let k = 0; k < 7; k++) m.touSwitch(1, 1 + k, 0, 1);
  assert.equal(m.touSwitch(1, 23, 0, 1), Err.OUT_OF_RANGE, "a ninth switch does not fit");
  sim.run(2);
  assert.equal(sim.meter.tariff(), 2, "the old calendar is still in force");
});

test("the passive calendar takes over at its activation time", () => {
  const sim = new Simulator({ startUtcS: utc(2026, 1, 14, 12) - 3600n, waveform: { vrms: 230, irms: 1 } });
  sim.boot();
  sim.meter.configSet(ConfigId.TARIFF_CONTROL, 2);
  loadCalendar(sim);
  const m = sim.meter;
  m.touClear();
  m.touSeason(1, 1, 1);
  m.touWeek(1, [5, 5, 5, 5, 5, 5, 5]);
  m.touSwitch(5, 0, 0, 4);
  assert.equal(m.touActivation(utc(2026, 1, 14, 11, 0, 30)), Err.OK);
  sim.run(20);
  assert.equal(m.tariff(), 2);
  sim.run(15);
  assert.equal(m.tariff(), 4);
});

test("clock writes, power-ups and tamper edges are logged with time stamps, and the log survives a power cycle", () => {
  const nvm = new NorFlash();
  const a = new Simulator({ nvm, startUtcS: utc(2026, 5, 4, 9) });
  a.boot();
  a.meter.clockSet(utc(2026, 5, 4, 9)); // set (never set before)
  a.run(86400 * 0 + 2);
  a.meter.clockSet(utc(2026, 5, 5, 9)); // a day on: a set
  a.meter.clockSet(utc(2026, 5, 5, 9, 0, 20)); // +20 s after a set: an adjustment (a set starts a new history)
  a.meter.inputEvent(InputKind.COVER, 1);
  a.meter.inputEvent(InputKind.COVER, 1); // no edge, no event
  a.run(1);
  a.meter.inputEvent(InputKind.COVER, 0);
  const b = new Simulator({ nvm, startUtcS: utc(2026, 5, 6, 9) });
  b.boot();
  b.meter.clockSet(utc(2026, 5, 6, 9, 1)); // +60 s, over 24 h after the last adjustment: an adjustment
  const clockCodes = new Set([EventCode.POWER_UP, EventCode.CLOCK_SET, EventCode.CLOCK_ADJUSTED, EventCode.COVER_OPENED, EventCode.COVER_CLOSED]);
  const log = b.meter.events().filter((e) => clockCodes.has(e.code)).map((e) => [e.code, e.a]);
  assert.deepEqual(log.map((e) => e[0]), [
    EventCode.POWER_UP, EventCode.CLOCK_SET, EventCode.CLOCK_SET, EventCode.CLOCK_ADJUSTED,
    EventCode.COVER_OPENED, EventCode.COVER_CLOSED, EventCode.POWER_UP, EventCode.CLOCK_ADJUSTED,
  ]);
  assert.equal(log[7][1], 60, "the adjustment logs its +60 s");
  assert.equal(log[0][1], -1, "first power-up: off time unknown");
  assert.ok(log[6][1] > 86000 && log[6][1] < 86500, `off for about a day: ${log[6][1]} s`);
  const last = b.meter.eventRecord(0);
  assert.ok(typeof last === "object" && last.timeUtcS === utc(2026, 5, 6, 9, 1));
});

// The calendar of loadCalendar() written out independently: the expected tariff at a local wall time.
function expectedTariff(local: Date, specialDays: Set<string>): number {
  const month = local.getUTCMonth() + 1;
  const day = local.getUTCDate();
  const minutes = local.getUTCHours() * 60 + local.getUTCMinutes();
  const summer = month >= 4 && month <= 9; // season from Apr 1, winter from Oct 1
  const weekday = (local.getUTCDay() + 6) % 7; // 0 Monday .. 6 Sunday
  const weekend = weekday >= 5 || specialDays.has(`${month}-${day}`);
  if (weekend) return 1;
  if (minutes < 7 * 60 || minutes >= 22 * 60) return 1;
  if (summer && minutes >= 11 * 60 && minutes < 15 * 60) return 3;
  return 2;
}

test("every hour of 2026 against an independent model of the calendar: the tariff in force and the register that counted", () => {
  const sim = new Simulator({ waveform: { vrms: 230, irms: 10 } });
  sim.boot();
  sim.meter.configSet(ConfigId.TARIFF_CONTROL, 2);
  loadCalendar(sim);
  const special = new Set(["12-24"]);
  let checked = 0;
  for (let hourUtc = 0; hourUtc < 8760; hourUtc++) {
    const at = utc(2026, 1, 1) + BigInt(hourUtc * 3600 + 1800); // the middle of each UTC hour
    sim.meter.clockSet(at);
    sim.run(1.2);
    const localS = Number(sim.meter.clockLocalS());
    const want = expectedTariff(new Date(localS * 1000), special);
    assert.equal(sim.meter.tariff(), want, `local ${new Date(localS * 1000).toISOString()}`);
    const before = [0, 1, 2, 3].map((k) => sim.meter.energyUwh(Register.A_PLUS_T1 + k));
    sim.run(1.1); // at least one whole window in this tariff
    for (let k = 0; k < 4; k++) {
      const moved = sim.meter.energyUwh(Register.A_PLUS_T1 + k) > before[k];
      assert.equal(moved, k + 1 === want, `T${k + 1} at ${new Date(localS * 1000).toISOString()}`);
    }
    checked++;
  }
  assert.equal(checked, 8760);
});
