// Update failures: an image that traps at boot or resets before confirming is rolled back; a power cut at any slot write recovers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Err, Register } from "../host/abi.js";
import { PowerCut, NorFlash } from "../host/shims/nvm.js";
import type { FwSlots } from "../host/shims/fwslot.js";
import { Simulator } from "../host/sim.js";
import { registersWh } from "./helpers.js";
import {
  ImageStatus, UpdateEvent, LEGAL_KEY, variant, signed, trappingModule, meterOnSlots, start, transfer, verify, sendMissing,
} from "./updatekit.js";

function activateAndReset(sim: Simulator): void {
  assert.equal(sim.meter.imageActivate(), Err.OK);
  sim.run(1);
  assert.ok(sim.resetRequested);
}

test("an image that traps in boot() is rolled back at the next boot: version 1 runs, status 7, event 45 once", () => {
  const { nvm, slots } = meterOnSlots();
  let sim = start(nvm, slots);
  sim.run(3);
  assert.equal(transfer(sim, signed(trappingModule(), 2, { legalKey: LEGAL_KEY }), 64), Err.OK);
  verify(sim);
  assert.equal(sim.meter.imageStatus(), ImageStatus.VERIFICATION_SUCCESSFUL);
  activateAndReset(sim);
  const before = registersWh(sim);
  assert.throws(() => start(nvm, slots), /unreachable/);
  sim = start(nvm, slots);
  assert.equal(sim.meter.imageRunningSlot(), 0);
  assert.equal(sim.meter.imageRunningVersion(), 1);
  assert.equal(sim.meter.imageStatus(), ImageStatus.ACTIVATION_FAILED);
  assert.deepEqual(registersWh(sim), before);
  const rolled = sim.meter.events().filter((e) => e.code === UpdateEvent.ROLLED_BACK);
  assert.deepEqual(rolled.map((e) => [e.cause, e.a]), [[1, 2]]);
  sim = start(nvm, slots);
  assert.equal(sim.meter.events().filter((e) => e.code === UpdateEvent.ROLLED_BACK).length, 1, "reported once");
  // The failed slot can take the next transfer.
  assert.equal(transfer(sim, signed(variant("v3"), 3)), Err.OK);
});

test("a reset 30 s into the trial, before the 60 s self-confirmation, brings version 1 back with the registers metered meanwhile", () => {
  const { nvm, slots } = meterOnSlots();
  let sim = start(nvm, slots, 20);
  assert.equal(transfer(sim, signed(variant("v2"), 2)), Err.OK);
  verify(sim);
  activateAndReset(sim);
  sim = start(nvm, slots, 20);
  assert.equal(sim.meter.imageRunningVersion(), 2);
  sim.run(30);
  assert.equal(sim.meter.imageStatus(), ImageStatus.ACTIVATION_INITIATED, "not confirmed yet");
  const metered = registersWh(sim);
  sim = start(nvm, slots, 20);
  assert.equal(sim.meter.imageRunningVersion(), 1);
  assert.equal(sim.meter.imageStatus(), ImageStatus.ACTIVATION_FAILED);
  assert.deepEqual(registersWh(sim), metered, "what version 2 metered carries back");
  assert.ok(sim.meter.events().some((e) => e.code === UpdateEvent.ROLLED_BACK && e.a === 2));
});

// Brings the meter to version 2 from whatever state a power cut left: resumes a transfer or starts over.
function finish(nvm: NorFlash, slots: FwSlots, file: Buffer): Simulator {
  let sim = start(nvm, slots);
  for (let round = 0; round < 2 && sim.meter.imageRunningVersion() !== 2; round++) {
    if (sim.meter.imageStatus() === ImageStatus.INITIATED) sendMissing(sim, file);
    else assert.equal(transfer(sim, file), Err.OK);
    verify(sim);
    assert.equal(sim.meter.imageStatus(), ImageStatus.VERIFICATION_SUCCESSFUL);
    activateAndReset(sim);
    sim = start(nvm, slots);
  }
  return sim;
}

test("a power cut at every slot write of a transfer, of activation and of the boot loader's trial mark: the update resumes and version 2 runs", () => {
  const file = signed(variant("v2"), 2);
  let cuts = 0;
  let resumed = 0;
  let rolledBack = 0;
  for (let k = 1; ; k++) {
    const { nvm, slots } = meterOnSlots();
    let sim = start(nvm, slots);
    sim.run(2);
    const aPlusWh = sim.meter.energyWh(Register.A_PLUS);
    slots.cutPowerAtOp(k);
    try {
      assert.equal(transfer(sim, file), Err.OK);
      verify(sim);
      activateAndReset(sim);
      sim = start(nvm, slots);
    } catch (e) {
      if (!(e instanceof PowerCut)) throw e;
    }
    slots.cutPowerAtOp(0);
    if (sim.meter.imageRunningVersion() === 2 && k > 1) break; // no write left to cut
    cuts++;
    const probe = start(nvm, slots);
    if (probe.meter.imageStatus() === ImageStatus.INITIATED) resumed++;
    if (probe.meter.imageStatus() === ImageStatus.ACTIVATION_FAILED) rolledBack++;
    sim = finish(nvm, slots, file);
    assert.equal(sim.meter.imageRunningVersion(), 2, `cut at slot write ${k}`);
    assert.ok(sim.meter.energyWh(Register.A_PLUS) >= aPlusWh, `cut at slot write ${k}: A+ went back`);
  }
  // 16 sectors erased and marked, 62 blocks programmed and marked, the record, the pending and booted words.
  assert.ok(cuts > 140, `${cuts} cuts`);
  assert.ok(resumed > 120, `${resumed} transfers resumed from the bitmap`);
  console.log(`# ${cuts} cuts: ${resumed} resumed a transfer, ${rolledBack} rolled back a half-marked trial`);
});
