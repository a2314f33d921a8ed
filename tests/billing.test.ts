// Debiting periods, maximum demand and counters: stops at 00:00 local on the Z6/Z7 schedule, missed stops, depth, power cuts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Simulator } from "../host/sim.js";
import { AccPeak, ConfigId, Counter, Err, InputKind, Logger, Peak, Register, type ResetCause } from "../host/abi.js";
import type { BillingRecord } from "../host/firmware.js";
import { NorFlash } from "../host/shims/nvm.js";
import { utc } from "./helpers.js";

// Energy goes to a demand period by whole measurement windows (~1 s), so a period's mean may miss one window: P / 900 at 15 min.
const windowShareW = (w: number): number => w / 900 + 0.5;

function record(sim: Simulator, logger: Logger, back: number): BillingRecord {
  const r = sim.meter.billingRecord(logger, back);
  assert.ok(typeof r === "object", `record ${back} of logger ${logger}: ${Err[r as Err]}`);
  return r;
}

test("a monthly stop at 00:00 local (CET) on day 1 saves registers, counters and peaks, then resets the peaks", () => {
  // 2026-01-31 22:30 UTC is 23:30 CET; the stop is 2026-02-01 00:00 CET = 2026-01-31 23:00 UTC.
  const sim = new Simulator({ startUtcS: utc(2026, 1, 31, 22, 30), waveform: { vrms: 230, irms: 20, phaseDeg: 30 } });
  sim.boot();
  sim.run(15 * 60); // until 22:45 UTC: one whole 15-minute period at 3983.7 W
  sim.setWaveform({ irms: 10 });
  sim.run(14 * 60); // 22:59
  const aPlusBeforeWh = sim.meter.energyWh(Register.A_PLUS);
  const peakBeforeW = sim.meter.peakW(Peak.P_PLUS);
  const meanW = 230 * 20 * Math.cos(Math.PI / 6);
  assert.ok(Math.abs(peakBeforeW - meanW) < windowShareW(meanW), `P+max ${peakBeforeW} W`);
  assert.equal(sim.meter.peakTimeUtcS(Peak.P_PLUS), utc(2026, 1, 31, 22, 45));
  assert.equal(sim.meter.billingRecord(Logger.BILLING, 0), Err.NOT_READY, "no stop yet");
  sim.run(2 * 60); // over midnight local
  const r = record(sim, Logger.BILLING, 0);
  assert.equal(r.timeUtcS, utc(2026, 1, 31, 23));
  assert.equal(r.flags, 0);
  assert.equal(r.stopCounter, 1);
  assert.equal(sim.meter.counter(Counter.DEBITING_STOPS), 1n);
  // Registers at the stop: within the one window that closed just after midnight (1.9 Wh at 1992 W).
  const aPlus = r.registersWh[Register.A_PLUS];
  assert.ok(aPlus >= aPlusBeforeWh && aPlus <= aPlusBeforeWh + 60n, `${aPlus} vs ${aPlusBeforeWh}`);
  assert.equal(r.peaksW![Peak.P_PLUS], peakBeforeW);
  assert.equal(r.peakTimesUtcS![Peak.P_PLUS], utc(2026, 1, 31, 22, 45));
  assert.ok(Math.abs(r.peaksW![Peak.S_PLUS] - 4600) < windowShareW(4600), `S+max ${r.peaksW![Peak.S_PLUS]}`);
  // After the stop the peaks start again and the old ones are accumulated.
  assert.ok(sim.meter.peakW(Peak.P_PLUS) < 2000, "peak reset at the stop");
  assert.equal(sim.meter.peakAccumulatedW(AccPeak.P_PLUS), peakBeforeW);
});

test("maximum demand is the mean power of each 15-minute period, stamped with the period's end", () => {
  const sim = new Simulator({ startUtcS: utc(2026, 3, 10, 8, 0), waveform: { vrms: 230, irms: 10 } });
  sim.boot();
  sim.run(5 * 60);
  sim.setWaveform({ irms: 30 }); // 2300 W for 5 min, then 6900 W for 10 min: mean 5366.7 W
  sim.run(10 * 60 + 5);
  assert.ok(Math.abs(sim.meter.peakW(Peak.P_PLUS) - (2300 * 5 + 6900 * 10) / 15) < windowShareW(6900), `${sim.meter.peakW(Peak.P_PLUS)} W`);
  assert.equal(sim.meter.peakTimeUtcS(Peak.P_PLUS), utc(2026, 3, 10, 8, 15));
  assert.equal(sim.meter.configSet(ConfigId.INTEGRATION_PERIOD, 4), Err.OK); // 60 min
  assert.equal(sim.meter.configSet(ConfigId.INTEGRATION_PERIOD, 5), Err.OUT_OF_RANGE);
  assert.equal(sim.meter.configGet(ConfigId.INTEGRATION_PERIOD), 4);
});

test("a stop that falls while the meter is unpowered is taken at power-up, stamped with the stop time and flagged", () => {
  const nvm = new NorFlash();
  const a = new Simulator({ nvm, startUtcS: utc(2026, 4, 30, 20), waveform: { vrms: 230, irms: 5 } });
  a.boot();
  a.run(60);
  // Power returns at 2026-05-01 06:00 CEST; the stop was 2026-05-01 00:00 CEST = 2026-04-30 22:00 UTC.
  const b = new Simulator({ nvm, startUtcS: utc(2026, 5, 1, 4), waveform: { vrms: 230, irms: 5 } });
  b.boot();
  const r = record(b, Logger.BILLING, 0);
  assert.equal(r.timeUtcS, utc(2026, 4, 30, 22));
  assert.equal(r.flags & 1, 1, "taken at power-up");
  assert.deepEqual(r.registersWh, Array.from({ length: 18 }, (_, k) => a.meter.energyWh(k)).map(BigInt));
  assert.equal(b.meter.counter(Counter.POWER_FAILURES), 1n);
});

test("the last 25 debiting stops (and more) are kept and read back by index, newest first", () => {
  const sim = new Simulator({ startUtcS: utc(2026, 1, 1, 12), waveform: { vrms: 230, irms: 3 } });
  sim.boot();
  for (let m = 0; m < 30; m++) {
    const year = 2026 + Math.floor((m + 1) / 12);
    const month = ((m + 1) % 12) + 1;
    assert.ok(sim.meter.clockSet(utc(year, month, 1) - 3600n - 30n) > 0); // 30 s before midnight CET
    sim.run(60);
  }
  assert.equal(sim.meter.counter(Counter.DEBITING_STOPS), 30n);
  let previous: BillingRecord | undefined;
  for (let back = 0; back < 25; back++) {
    const r = record(sim, Logger.BILLING, back);
    assert.equal(r.stopCounter, 30 - back);
    if (previous) {
      assert.ok(r.timeUtcS < previous.timeUtcS);
      assert.ok(r.registersWh[Register.A_PLUS] <= previous.registersWh[Register.A_PLUS]);
    }
    previous = r;
  }
  assert.equal(sim.meter.billingRecord(Logger.BILLING, 99), Err.OUT_OF_RANGE);
  assert.equal(sim.meter.billingRecord(Logger.BILLING, -1), Err.OUT_OF_RANGE);
  assert.equal(sim.meter.billingRecord(7 as Logger, 0), Err.INVALID_ARGUMENT);
});

test("Z7 every third month from February stops in Feb, May, Aug and Nov only; a stop on day 15 (Z6)", () => {
  const sim = new Simulator({ startUtcS: utc(2026, 1, 1, 12), waveform: { vrms: 230, irms: 1 } });
  sim.boot();
  assert.equal(sim.meter.configSet(ConfigId.DEBITING_INTERVAL, 5), Err.OK);
  assert.equal(sim.meter.configSet(ConfigId.DEBITING_STOP_DAY, 15), Err.OK);
  assert.equal(sim.meter.configSet(ConfigId.DEBITING_STOP_DAY, 29), Err.OUT_OF_RANGE);
  for (let month = 1; month <= 12; month++) {
    sim.meter.clockSet(utc(2026, month, 14, 22, 59, 40));
    sim.run(40);
  }
  const months = [3, 2, 1, 0].map((back) => new Date(Number(record(sim, Logger.BILLING, back).timeUtcS) * 1000).getUTCMonth() + 1);
  assert.deepEqual(months, [2, 5, 8, 11]);
  assert.equal(sim.meter.counter(Counter.DEBITING_STOPS), 4n);
});

test("debit logger 2 (Z25 daily) writes a record at every local midnight, weekly on Mondays", () => {
  const sim = new Simulator({ startUtcS: utc(2026, 6, 1, 12), waveform: { vrms: 230, irms: 2 } });
  sim.boot();
  for (let day = 1; day <= 7; day++) {
    sim.meter.clockSet(utc(2026, 6, 1 + day) - 7200n - 20n); // CEST: local midnight is 22:00 UTC the day before
    sim.run(40);
  }
  for (let back = 0; back < 7; back++) {
    assert.equal(record(sim, Logger.LOGGER2, back).timeUtcS, utc(2026, 6, 7 - back, 22));
  }
  assert.equal(sim.meter.configSet(ConfigId.LOGGER2_INTERVAL, 2), Err.OK);
  sim.meter.clockSet(utc(2026, 6, 14, 21, 59, 40)); // to Monday 2026-06-15 00:00 CEST
  sim.run(40);
  assert.equal(record(sim, Logger.LOGGER2, 0).timeUtcS, utc(2026, 6, 14, 22));
});

test("counters: hours with supply, power failures, pulse input edges (only in a Z3 pulse-in configuration), power threshold periods; they survive a power cut", () => {
  const nvm = new NorFlash();
  const sim = new Simulator({ nvm, startUtcS: utc(2026, 2, 2, 6), waveform: { vrms: 230, irms: 20 } });
  sim.boot();
  assert.equal(sim.meter.configSet(ConfigId.POWER_THRESHOLD_W, 4000), Err.OK);
  const pulses = (n: number): void => {
    for (let k = 0; k < n; k++) {
      sim.meter.inputEvent(InputKind.MODULE_IN1, 1);
      sim.meter.inputEvent(InputKind.MODULE_IN1, 1); // a level held is not a new pulse
      sim.meter.inputEvent(InputKind.MODULE_IN1, 0);
    }
  };
  pulses(3); // Z3 00 "No function": I/O 1 counts nothing
  assert.equal(sim.meter.counter(Counter.PULSE_INPUT), 0n);
  assert.equal(sim.meter.configSet(ConfigId.MODULE_CONFIG, 1), Err.OK); // 4-tariff: I/O 1 is a tariff input
  pulses(3);
  assert.equal(sim.meter.counter(Counter.PULSE_INPUT), 0n);
  assert.equal(sim.meter.configSet(ConfigId.MODULE_CONFIG, 3), Err.OK); // 03 Pulse in/Alarm in
  pulses(5);
  sim.run(3600); // 4600 W: all four periods over the threshold
  sim.setWaveform({ irms: 10 });
  sim.run(3600 + 60); // 2300 W: under it
  assert.equal(sim.meter.counter(Counter.HOURS), 2n);
  assert.equal(sim.meter.counter(Counter.POWER_THRESHOLD), 4n);
  assert.equal(sim.meter.counter(Counter.PULSE_INPUT), 5n);
  assert.equal(sim.meter.counter(Counter.POWER_FAILURES), 0n);
  assert.equal(sim.meter.configSet(ConfigId.MODULE_CONFIG, 19), Err.OK); // 19 Pulse in inv.: the falling edge counts
  sim.meter.inputEvent(InputKind.MODULE_IN1, 1);
  assert.equal(sim.meter.counter(Counter.PULSE_INPUT), 5n);
  sim.meter.inputEvent(InputKind.MODULE_IN1, 0);
  assert.equal(sim.meter.counter(Counter.PULSE_INPUT), 6n);
  assert.equal(sim.meter.configSet(ConfigId.MODULE_CONFIG, 3), Err.OK);
  const again = new Simulator({ nvm, startUtcS: utc(2026, 2, 2, 9) });
  again.boot();
  assert.equal(again.meter.counter(Counter.HOURS), 2n);
  assert.equal(again.meter.counter(Counter.POWER_THRESHOLD), 4n);
  assert.equal(again.meter.counter(Counter.POWER_FAILURES), 1n);
  assert.equal(again.meter.configGet(ConfigId.POWER_THRESHOLD_W), 4000, "configuration survives too");
  const watchdog = new Simulator({ nvm, startUtcS: utc(2026, 2, 2, 9) });
  watchdog.boot(1 as ResetCause);
  assert.equal(watchdog.meter.counter(Counter.POWER_FAILURES), 1n, "a watchdog reset is no power failure");
});

test("clock setting refuses instants the calendar cannot hold", () => {
  const sim = new Simulator({});
  sim.boot();
  assert.equal(sim.meter.clockSet(0n), -Err.OUT_OF_RANGE);
  assert.equal(sim.meter.clockSet(-5n), -Err.OUT_OF_RANGE);
  assert.equal(sim.meter.clockSet(1n << 60n), -Err.OUT_OF_RANGE);
  assert.equal(sim.meter.clockSet(utc(2027, 7, 1)), 2, "a set");
  assert.equal(sim.meter.clockLocalS(), utc(2027, 7, 1) + 7200n, "CEST");
});

test("leap year: debit logger 2 writes 29 February 2028, and the monthly stop falls on 1 March 00:00 CET", () => {
  const sim = new Simulator({ startUtcS: utc(2028, 2, 27, 12), waveform: { vrms: 230, irms: 2 } });
  sim.boot();
  for (const day of [28, 29]) {
    sim.meter.clockSet(utc(2028, 2, day) - 3600n - 20n);
    sim.run(40);
  }
  sim.meter.clockSet(utc(2028, 3, 1) - 3600n - 20n);
  sim.run(40);
  const days = [2, 1, 0].map((back) => record(sim, Logger.LOGGER2, back).timeUtcS);
  assert.deepEqual(days, [utc(2028, 2, 28), utc(2028, 2, 29), utc(2028, 3, 1)].map((t) => t - 3600n));
  const stop = record(sim, Logger.BILLING, 0);
  assert.equal(stop.timeUtcS, utc(2028, 3, 1) - 3600n);
  assert.equal(sim.meter.counter(Counter.DEBITING_STOPS), 1n);
});
