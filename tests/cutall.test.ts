// Power cut at every NVM operation of a scenario, one run per operation: registers never go back, records never change, no false alarm.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Simulator } from "../host/sim.js";
import { Logger, REGISTER_COUNT } from "../host/abi.js";
import type { BillingRecord } from "../host/firmware.js";
import { NorFlash, PowerCut } from "../host/shims/nvm.js";
import { registersWh } from "./helpers.js";

// 28 February 2026, 23:56 CET: the monthly debiting stop, the daily logger 2 record and a demand
// period end fall at 00:00 local, four minutes in; 60 A at 230 V opens a journal sector every ~2 minutes.
const START_UTC_S = BigInt(Date.UTC(2026, 1, 28, 22, 56) / 1000);
const SCENARIO_S = 360;
const WINDOW_WH = 4n; // one ~1 s window at 13.8 kW, rounded up: the most one cut may cost

function records(sim: Simulator, logger: Logger): BillingRecord[] {
  const out: BillingRecord[] = [];
  for (let back = 0; ; back++) {
    const r = sim.meter.billingRecord(logger, back);
    if (typeof r !== "object") return out.reverse();
    out.push(r);
  }
}

interface Outcome {
  ops: number;
  final: bigint[];
  billing: BillingRecord[];
  cut: boolean;
  lossWh: bigint;
  errorRegister: number;
  profileTimes: bigint[];
}

// The scenario with power cut at NVM operation `cutAt` (0: never), then power back at once.
function scenario(cutAt: number): Outcome {
  const nvm = new NorFlash({ seed: cutAt });
  nvm.cutPowerAtOp(cutAt);
  let sim = new Simulator({ nvm, startUtcS: START_UTC_S, waveform: { vrms: 230, irms: 60, phaseDeg: 25 } });
  let s = 0;
  let lastGood = new Array<bigint>(REGISTER_COUNT).fill(0n);
  let cut = false;
  let lossWh = 0n;
  let billingBefore: BillingRecord[] = [];
  try {
    sim.boot();
    for (; s < SCENARIO_S; s++) {
      sim.run(1);
      lastGood = registersWh(sim);
    }
  } catch (e) {
    if (!(e instanceof PowerCut)) throw e;
    cut = true;
    const inRam = registersWh(sim);
    nvm.cutPowerAtOp(0);
    sim = new Simulator({ nvm, startUtcS: START_UTC_S + BigInt(s), waveform: { vrms: 230, irms: 60, phaseDeg: 25 } });
    sim.boot();
    const restored = registersWh(sim);
    for (let r = 0; r < REGISTER_COUNT; r++) {
      assert.ok(restored[r] >= lastGood[r], `cut at op ${cutAt} (${s} s): register ${r} went back ${lastGood[r]} -> ${restored[r]}`);
      assert.ok(restored[r] <= inRam[r], `cut at op ${cutAt}: register ${r} jumped ${inRam[r]} -> ${restored[r]}`);
      if (inRam[r] - restored[r] > lossWh) lossWh = inRam[r] - restored[r];
    }
    billingBefore = records(sim, Logger.BILLING);
    for (; s < SCENARIO_S; s++) sim.run(1);
  }
  const billing = records(sim, Logger.BILLING);
  assert.deepEqual(billing.slice(0, billingBefore.length), billingBefore, `cut at op ${cutAt}: a billing record changed`);
  const profileTimes = sim.meter.profile().map((e) => e.timeUtcS);
  return { ops: nvm.ops, final: registersWh(sim), billing, cut, lossWh, errorRegister: sim.meter.errorRegister(), profileTimes };
}

test("a power cut at every NVM operation of six minutes across a debiting stop: nothing goes back, nothing is taken twice", () => {
  const clean = scenario(0);
  assert.equal(clean.billing.length, 1, "one stop at 1 March 00:00");
  assert.equal(clean.billing[0].timeUtcS, BigInt(Date.UTC(2026, 1, 28, 23) / 1000));
  assert.ok(clean.ops > 300, `${clean.ops} operations`);
  assert.deepEqual(clean.profileTimes, [BigInt(Date.UTC(2026, 1, 28, 23) / 1000)], "the load profile's 00:00 CET entry");
  let maxLoss = 0n;
  let cuts = 0;
  for (let op = 1; op <= clean.ops; op++) {
    const run = scenario(op);
    if (!run.cut) continue;
    cuts++;
    if (run.lossWh > maxLoss) maxLoss = run.lossWh;
    assert.ok(run.lossWh <= WINDOW_WH, `cut at op ${op} lost ${run.lossWh} Wh`);
    // The stop is taken exactly once, at its instant, whatever the cut hit (its own record included).
    assert.equal(run.billing.length, 1, `cut at op ${op}: ${run.billing.length} billing records`);
    assert.equal(run.billing[0].stopCounter, 1);
    assert.equal(run.billing[0].timeUtcS, clean.billing[0].timeUtcS);
    // Behind the uninterrupted run by the window in flight and the part-window the restart measures anew.
    for (let r = 0; r < REGISTER_COUNT; r++) {
      assert.ok(run.final[r] <= clean.final[r] + 1n && clean.final[r] - run.final[r] <= 2n * WINDOW_WH, `cut at op ${op}: register ${r}`);
    }
    // The load profile has its 23:00 entry, once, whatever the cut hit (its own write included).
    assert.deepEqual(run.profileTimes, clean.profileTimes, `cut at op ${op}: load profile entries`);
    // A power cut is no fault of the stored data: the error register stays clear.
    assert.equal(run.errorRegister, 0, `cut at op ${op}: error register ${run.errorRegister}`);
  }
  assert.equal(cuts, clean.ops, "every operation was cut once");
  console.log(`cut at every operation: ${cuts} power cuts, one per NVM operation of the scenario, largest loss ${maxLoss} Wh`);
});
