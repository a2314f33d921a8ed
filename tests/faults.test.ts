// Power cut at every k-th NVM operation over a simulated week: no corruption, monotonic registers, billing records intact.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Simulator } from "../host/sim.js";
import { ConfigId, Counter, Err, InputKind, Logger, REGISTER_COUNT, Register } from "../host/abi.js";
import type { BillingRecord } from "../host/firmware.js";
import { NorFlash, PowerCut } from "../host/shims/nvm.js";
import type { WaveformParams } from "../host/shims/waveform.js";
import { registersWh } from "./helpers.js";

const START_UTC_S = BigInt(Date.UTC(2026, 2, 27) / 1000); // Friday 2026-03-27 00:00 UTC: summer time starts on Sunday
const WEEK_S = 7 * 86400;
const EXTERNAL_STOP_S = 6 * 86400 + 12 * 3600; // Thursday noon: a debiting stop by command
const CUT_EVERY = 150;
// Heaviest load of the schedule (60 A at 230 V) for one ~1 s window, rounded up: the most a cut may cost.
const WINDOW_WH = 4n;

// Load changes every 20 minutes through all four quadrants; the tariff inputs follow the hour of day.
function loadAt(s: number): Partial<WaveformParams> {
  const slot = Math.floor(s / 1200);
  return { vrms: 230, irms: [4, 15, 0.3, 60, 9, 25, 0][slot % 7], phaseDeg: [10, 40, -30, 0, 150, -120, 0][slot % 5] };
}

function inputsAt(s: number): [number, number] {
  const hour = Math.floor(s / 3600) % 24;
  return hour < 6 ? [0, 0] : hour < 12 ? [1, 0] : hour < 18 ? [0, 1] : [1, 1];
}

function configure(sim: Simulator): void {
  for (const [id, v] of [[ConfigId.MODULE_CONFIG, 1], [ConfigId.TARIFF_CONTROL, 1], [ConfigId.DEBITING_STOP_DAY, 1], [ConfigId.DEBITING_INTERVAL, 1]]) {
    assert.equal(sim.meter.configSet(id, v), Err.OK);
  }
}

function applyInputs(sim: Simulator, s: number): void {
  const [a, b] = inputsAt(s);
  sim.meter.inputEvent(InputKind.MODULE_IN1, a);
  sim.meter.inputEvent(InputKind.MODULE_IN2, b);
}

function billing(sim: Simulator): BillingRecord[] {
  const out: BillingRecord[] = [];
  for (let back = 0; ; back++) {
    const r = sim.meter.billingRecord(Logger.BILLING, back);
    if (typeof r !== "object") {
      assert.ok(r === Err.OUT_OF_RANGE || r === Err.NOT_READY, `billing record ${back}: ${Err[r]}`);
      return out.reverse();
    }
    out.push(r);
  }
}

interface Run {
  records: BillingRecord[];
  final: bigint[];
  cuts: number;
  maxLossWh: bigint;
  recordsAtCut: number[]; // billing records already written at each cut
}

function week(cutEvery: number): Run {
  const nvm = new NorFlash({ seed: 2026 });
  let sim = new Simulator({ nvm, startUtcS: START_UTC_S, waveform: loadAt(0) });
  sim.boot();
  configure(sim);
  let cuts = 0;
  let maxLossWh = 0n;
  let lastGood = registersWh(sim);
  let records: BillingRecord[] = [];
  const recordsAtCut: number[] = [];
  let externalDone = false;
  nvm.cutPowerAtOp(cutEvery);
  let s = 0;
  while (s < WEEK_S) {
    try {
      applyInputs(sim, s);
      sim.setWaveform(loadAt(s));
      if (s === EXTERNAL_STOP_S && !externalDone) {
        assert.equal(sim.meter.billingStop(), Err.OK);
        externalDone = true;
      }
      sim.run(1);
      s++;
      lastGood = registersWh(sim);
      if (s % 3600 === 0) records = billing(sim);
    } catch (e) {
      if (!(e instanceof PowerCut)) throw e;
      cuts++;
      const inRam = registersWh(sim);
      recordsAtCut.push(records.length);
      nvm.cutPowerAtOp(0);
      // Power is back at once: the RTC went on, meter time restarts.
      sim = new Simulator({ nvm, startUtcS: START_UTC_S + BigInt(s), waveform: loadAt(s) });
      sim.boot();
      const restored = registersWh(sim);
      for (let r = 0; r < REGISTER_COUNT; r++) {
        assert.ok(restored[r] >= lastGood[r], `cut ${cuts} at ${s} s: register ${r} went back ${lastGood[r]} -> ${restored[r]}`);
        assert.ok(restored[r] <= inRam[r], `cut ${cuts}: register ${r} jumped ${inRam[r]} -> ${restored[r]}`);
        if (inRam[r] - restored[r] > maxLossWh) maxLossWh = inRam[r] - restored[r];
      }
      // Every billing record written before the cut reads back the same after it.
      const now = billing(sim);
      assert.ok(now.length >= records.length, `cut ${cuts}: billing records lost`);
      assert.deepEqual(now.slice(0, records.length), records, `cut ${cuts}: billing records changed`);
      records = now;
      lastGood = restored;
      nvm.cutPowerAtOp(cutEvery);
    }
  }
  nvm.cutPowerAtOp(0);
  return { records: billing(sim), final: registersWh(sim), cuts, maxLossWh, recordsAtCut };
}

test("a week with two debiting stops survives a power cut at every 150th NVM operation (over 2,000 cuts)", () => {
  const clean = week(0);
  const cut = week(CUT_EVERY);
  console.log(`faults: ${cut.cuts} power cuts survived in a simulated week; largest loss at one cut ${cut.maxLossWh} Wh; ` +
    `A+ ${cut.final[Register.A_PLUS]} Wh against ${clean.final[Register.A_PLUS]} Wh uninterrupted`);
  assert.ok(cut.cuts >= 2000, `only ${cut.cuts} cuts`);
  assert.ok(cut.maxLossWh <= WINDOW_WH, `a cut lost ${cut.maxLossWh} Wh`);
  // The same stops, in the same order, at the same instants, with the same counters.
  assert.equal(clean.records.length, 2);
  assert.equal(cut.records.length, 2);
  for (let k = 0; k < 2; k++) {
    const a = clean.records[k];
    const b = cut.records[k];
    assert.equal(b.stopCounter, a.stopCounter);
    assert.equal(b.flags & 2, a.flags & 2, "external flag");
    // A stop by command happens when the command arrives; after a cut the command waits for the meter.
    if ((a.flags & 2) === 0) assert.equal(b.timeUtcS, a.timeUtcS, "calendar stop at 00:00 local");
    // Registers in the record: never above the uninterrupted run, and behind it by at most what the cuts before it cost.
    const cutsBefore = BigInt(cut.recordsAtCut.filter((n) => n <= k).length);
    for (let r = 0; r < REGISTER_COUNT; r++) {
      assert.ok(b.registersWh[r] <= a.registersWh[r] + 1n, `stop ${k} register ${r}: ${b.registersWh[r]} > ${a.registersWh[r]}`);
      assert.ok(a.registersWh[r] - b.registersWh[r] <= cutsBefore * WINDOW_WH, `stop ${k} register ${r} lost too much`);
    }
  }
  assert.equal(clean.records[0].timeUtcS, BigInt(Date.UTC(2026, 2, 31, 22) / 1000), "1 April 00:00 CEST");
  for (let r = 0; r < REGISTER_COUNT; r++) {
    assert.ok(cut.final[r] <= clean.final[r] + 1n);
    assert.ok(clean.final[r] - cut.final[r] <= BigInt(cut.cuts) * WINDOW_WH);
  }
  assert.ok(clean.final[Register.A_PLUS_T4] > 0n && clean.final[Register.A_PLUS_T2] > 0n, "tariffs counted");
});

test("a flipped bit in a billing record is reported as CRC and the other records still read", () => {
  const nvm = new NorFlash();
  const sim = new Simulator({ nvm, startUtcS: START_UTC_S, waveform: { vrms: 230, irms: 5 } });
  sim.boot();
  for (let k = 0; k < 3; k++) assert.equal(sim.meter.billingStop(), Err.OK);
  nvm.flipBit(74 * 4096 + 364 + 60, 2); // the second record's A+ (sector 74, slot 1)
  const again = new Simulator({ nvm, startUtcS: START_UTC_S, waveform: { vrms: 230, irms: 5 } });
  again.boot();
  assert.equal(again.meter.billingRecord(Logger.BILLING, 1), Err.CRC);
  const newest = again.meter.billingRecord(Logger.BILLING, 0);
  const oldest = again.meter.billingRecord(Logger.BILLING, 2);
  assert.ok(typeof newest === "object" && newest.stopCounter === 3);
  assert.ok(typeof oldest === "object" && oldest.stopCounter === 1);
  assert.equal(again.meter.counter(Counter.DEBITING_STOPS), 3n);
});
