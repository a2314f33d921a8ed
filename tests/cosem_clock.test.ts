// The COSEM clock complete: time_zone and DST enable onto Z11/Z15, and the methods that adjust, preset and shift the time.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Simulator } from "../host/sim.js";
import { ConfigId, EventCode, EventLog } from "../host/abi.js";
import { utc } from "./helpers.js";
import { exchange } from "./dlmsframes.js";
import { associate, get, set, MANAGEMENT, PUBLIC } from "./cosemclient.js";

const CLOCK = [0, 0, 1, 0, 0, 255];
// A date-time in UTC (deviation 0).
const dt = (y: number, mo: number, d: number, h: number, mi: number, s: number): number[] =>
  [0x09, 12, y >> 8, y & 0xff, mo, d, 0xff, h, mi, s, 0, 0, 0, 0];

function meter(startUtcS: bigint): Simulator {
  const sim = new Simulator({ startUtcS });
  sim.boot();
  sim.run(0.05);
  associate(sim, MANAGEMENT);
  return sim;
}

function action(sim: Simulator, method: number, params: number[] | null, client = MANAGEMENT): number {
  const reply = exchange(sim, [0xc3, 0x01, 0xc1, 0, 8, ...CLOCK, method, params ? 1 : 0, ...(params ?? [])], client)!;
  assert.deepEqual(reply.slice(0, 3), [0xc7, 0x01, 0xc1]);
  return reply[3];
}

const clockEvents = (sim: Simulator) => sim.meter.eventLog(EventLog.STANDARD)
  .filter((e) => e.code === EventCode.CLOCK_ADJUSTED || e.code === EventCode.CLOCK_SET);

test("time_zone -120 (UTC+2) is Z11 02, logged as a configuration change; -90 is refused (250); DST off is Z15 0", () => {
  const sim = meter(utc(2026, 1, 1, 12));
  assert.equal(get(sim, MANAGEMENT, 8, CLOCK, 3), -60);
  assert.equal(set(sim, MANAGEMENT, 8, CLOCK, 3, [0x10, 0xff, 0x88]), 0);
  assert.equal(sim.meter.configGet(ConfigId.GMT_OFFSET), 2);
  assert.equal(get(sim, MANAGEMENT, 8, CLOCK, 3), -120);
  const local = get(sim, MANAGEMENT, 8, CLOCK, 2) as number[];
  assert.equal(local[5], 14, "12:00 UTC is 14:00 local");
  assert.equal(set(sim, MANAGEMENT, 8, CLOCK, 3, [0x10, 0xff, 0xa6]), 250, "-90: not a whole hour");
  assert.equal(set(sim, MANAGEMENT, 8, CLOCK, 3, [0x10, 0x02, 0xd0]), 250, "+720: UTC-12 is no Z11 code");
  assert.equal(set(sim, MANAGEMENT, 8, CLOCK, 3, [0x10, 0x00, 0x3c]), 0, "+60: UTC-1");
  assert.equal(sim.meter.configGet(ConfigId.GMT_OFFSET), 23);
  assert.equal(set(sim, MANAGEMENT, 8, CLOCK, 8, [0x03, 0]), 0);
  assert.equal(sim.meter.configGet(ConfigId.DST_TABLE), 0);
  assert.equal(get(sim, MANAGEMENT, 8, CLOCK, 8), false);
  assert.equal((get(sim, MANAGEMENT, 8, CLOCK, 5) as number[])[2], 0xff, "no summer time: begin not specified");
  const changes = sim.meter.eventLog(EventLog.STANDARD).filter((e) => e.code === EventCode.CONFIG_CHANGED);
  assert.deepEqual(changes.map((e) => [e.a, Number(e.b & 0xffffffffn), e.cause]).sort(),
    [[ConfigId.DST_TABLE, 0, 1], [ConfigId.GMT_OFFSET, 2, 1], [ConfigId.GMT_OFFSET, 23, 1]].sort());
});

test("shift_time +30 s moves the RTC 30 s and logs an adjustment; 1000 s is beyond the method's 900 (250)", () => {
  const sim = meter(utc(2026, 1, 1, 12));
  const before = sim.rtc.readUtcS();
  assert.equal(action(sim, 6, [0x10, 0, 30]), 0);
  assert.ok(sim.rtc.readUtcS() - before >= 30n && sim.rtc.readUtcS() - before <= 31n, `${sim.rtc.readUtcS() - before} s`);
  const events = clockEvents(sim);
  assert.equal(events.length, 1);
  assert.equal(events[0].a, 30);
  assert.equal(action(sim, 6, [0x10, 0x03, 0xe8]), 250);
  assert.equal(clockEvents(sim).length, 1, "nothing more logged");
});

test("adjust_to_minute takes 12:00:20 to 12:00:00, adjust_to_quarter 12:08:00 to 12:15:00, as logged clock writes", () => {
  const sim = meter(utc(2026, 1, 1, 12, 0, 20));
  assert.equal(action(sim, 3, null), 0);
  assert.ok(sim.rtc.readUtcS() - utc(2026, 1, 1, 12) <= 1n, `RTC ${sim.rtc.readUtcS()}`);
  const late = meter(utc(2026, 1, 1, 12, 8));
  assert.equal(action(late, 1, null), 0);
  assert.ok(late.rtc.readUtcS() - utc(2026, 1, 1, 12, 15) <= 1n, `RTC ${late.rtc.readUtcS()}`);
  assert.equal(clockEvents(late).length, 1);
  assert.equal(clockEvents(late)[0].a, 7 * 60);
});

test("preset_adjusting_time then adjust_to_preset_time: taken once inside its validity interval, refused outside", () => {
  const sim = meter(utc(2026, 1, 1, 12));
  assert.equal(action(sim, 4, null), 250, "nothing preset");
  assert.equal(action(sim, 5, [0x02, 3, ...dt(2026, 1, 1, 12, 0, 40), ...dt(2026, 1, 1, 11, 0, 0), ...dt(2026, 1, 1, 13, 0, 0)]), 0);
  assert.equal(action(sim, 4, null), 0);
  assert.ok(sim.rtc.readUtcS() - utc(2026, 1, 1, 12, 0, 40) <= 1n, `RTC ${sim.rtc.readUtcS()}`);
  assert.equal(action(sim, 4, null), 250, "a preset is taken once");
  assert.equal(action(sim, 5, [0x02, 3, ...dt(2026, 1, 1, 14, 0, 0), ...dt(2026, 1, 1, 13, 30, 0), ...dt(2026, 1, 1, 15, 0, 0)]), 0);
  assert.equal(action(sim, 4, null), 250, "not yet valid at 12:00");
  assert.equal(action(sim, 5, [0x02, 2, ...dt(2026, 1, 1, 14, 0, 0), ...dt(2026, 1, 1, 13, 30, 0)]), 12, "three date-times");
});

test("the public client may not adjust the clock: every method read-write-denied (3)", () => {
  const sim = meter(utc(2026, 1, 1, 12, 0, 20));
  associate(sim, PUBLIC);
  for (const m of [1, 2, 3, 4]) assert.equal(action(sim, m, null, PUBLIC), 3, `method ${m}`);
  assert.equal(action(sim, 6, [0x10, 0, 30], PUBLIC), 3);
  assert.equal(set(sim, PUBLIC, 8, CLOCK, 3, [0x10, 0xff, 0x88]), 3);
  assert.equal(clockEvents(sim).length, 0);
});
