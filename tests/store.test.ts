// Register journal: registers survive power cuts at any NVM operation, torn and flipped records are never trusted, wear stays in budget.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Simulator } from "../host/sim.js";
import { REGISTER_COUNT, Register } from "../host/abi.js";
import { NorFlash, PowerCut } from "../host/shims/nvm.js";
import type { WaveformParams } from "../host/shims/waveform.js";
import { crc32, registersWh } from "./helpers.js";

const SECTOR = 4096;
const JOURNAL_FIRST = 2 * SECTOR;
const JOURNAL_SECTORS = 64;

// A load that walks through all four quadrants and several power levels, one minute each.
function loadAt(minute: number): Partial<WaveformParams> {
  const phases = [20, 160, -150, -40, 0, 85];
  return { vrms: 230, irms: [3, 17, 42, 0.5, 80][minute % 5], phaseDeg: phases[minute % phases.length] };
}

test("the journal layout is pinned: sector header, opening snapshot, 32-byte delta records", () => {
  const nvm = new NorFlash();
  const sim = new Simulator({ nvm, waveform: { vrms: 230, irms: 50, phaseDeg: 30 } });
  sim.boot();
  const header = nvm.data.subarray(JOURNAL_FIRST, JOURNAL_FIRST + 16);
  const hv = new DataView(header.buffer, header.byteOffset, 16);
  assert.deepEqual([...header.subarray(0, 4)], [0x57, 0x4d, 0x52, 0x4a]); // "WMRJ"
  assert.equal(hv.getUint16(4, true), 1, "version");
  assert.equal(hv.getUint16(6, true), 16, "header length");
  assert.equal(hv.getUint32(8, true), 1, "sector sequence");
  assert.equal(hv.getUint32(12, true), crc32(header.subarray(0, 12)));
  const snap = nvm.data.subarray(JOURNAL_FIRST + 16, JOURNAL_FIRST + 176);
  assert.deepEqual([snap[0], snap[1], snap[2] | (snap[3] << 8)], [0x53, 18, 160]);
  assert.ok(snap.subarray(4, 152).every((b) => b === 0), "a new meter starts at zero");
  assert.equal(new DataView(snap.buffer, snap.byteOffset).getUint32(156, true), crc32(snap.subarray(0, 156)));
  sim.run(2.5); // first window closes after one second: 10.0 kW for ~1 s adds 2-3 Wh
  const delta = nvm.data.subarray(JOURNAL_FIRST + 176, JOURNAL_FIRST + 208);
  const dv = new DataView(delta.buffer, delta.byteOffset, 32);
  assert.equal(delta[0], 0x44, "tag D");
  const n = delta[1];
  const entries = Array.from({ length: n }, (_, e) => ({ reg: delta[4 + 4 * e], wh: dv.getUint32(4 + 4 * e, true) >>> 8 }));
  // Import, inductive, no tariff: A+, R+, R1 and E+ moved.
  assert.deepEqual(entries.map((e) => e.reg).sort((a, b) => a - b), [Register.A_PLUS, Register.R_PLUS, Register.R1, Register.E_PLUS]);
  for (let e = n; e < 6; e++) assert.equal(dv.getUint32(4 + 4 * e, true), 0xff, "unused entry");
  assert.equal(dv.getUint32(28, true), crc32(delta.subarray(0, 28)));
  // Replaying every delta of the sector over the zero snapshot gives the registers exactly.
  const sums = new Array<bigint>(18).fill(0n);
  for (let off = JOURNAL_FIRST + 176; nvm.data[off] === 0x44; off += 32) {
    const rec = new DataView(nvm.data.buffer, off, 32);
    for (let e = 0; e < nvm.data[off + 1]; e++) {
      const word = rec.getUint32(4 + 4 * e, true);
      sums[word & 0xff] += BigInt(word >>> 8);
    }
  }
  assert.deepEqual(sums, registersWh(sim));
  assert.ok(sums[Register.A_PLUS] >= 2n);
});

test("every register survives a power cycle to the last whole unit", () => {
  const nvm = new NorFlash();
  const sim = new Simulator({ nvm });
  sim.boot();
  for (let minute = 0; minute < 30; minute++) {
    sim.setWaveform(loadAt(minute));
    sim.run(60);
  }
  const before = registersWh(sim);
  assert.ok(before.every((wh, r) => r >= 10 || wh > 0n), "every quadrant moved");
  const after = new Simulator({ nvm });
  after.boot();
  assert.deepEqual(registersWh(after), before);
  assert.equal(after.s0.count, 0, "restored energy is not pulsed again");
});

test("power cut at every 3rd NVM operation, 2,000 times: registers never go back, never jump, lose at most the window in flight", () => {
  const nvm = new NorFlash({ seed: 42 });
  let sim = new Simulator({ nvm });
  sim.boot();
  let meterS = 0; // meter time over all power-ups, drives the load schedule
  let cuts = 0;
  let maxLossWh = 0n;
  let lastGood = registersWh(sim);
  nvm.cutPowerAtOp(3);
  while (cuts < 2000) {
    try {
      sim.setWaveform(loadAt(Math.floor(meterS / 60)));
      sim.run(1);
      meterS++;
      lastGood = registersWh(sim);
    } catch (e) {
      if (!(e instanceof PowerCut)) throw e;
      cuts++;
      const inRam = registersWh(sim); // the dead meter's RAM, with the window that was being persisted
      sim = new Simulator({ nvm, waveform: loadAt(Math.floor(meterS / 60)) });
      nvm.cutPowerAtOp(0);
      sim.boot();
      const restored = registersWh(sim);
      for (let r = 0; r < REGISTER_COUNT; r++) {
        assert.ok(restored[r] >= lastGood[r], `cut ${cuts}: register ${r} went back from ${lastGood[r]} to ${restored[r]}`);
        assert.ok(restored[r] <= inRam[r], `cut ${cuts}: register ${r} jumped to ${restored[r]} above ${inRam[r]}`);
        const loss = inRam[r] - restored[r];
        if (loss > maxLossWh) maxLossWh = loss;
      }
      lastGood = restored;
      nvm.cutPowerAtOp(3);
    }
  }
  nvm.cutPowerAtOp(0);
  // One window at the heaviest load of the schedule, 80 A at 230 V: 18.4 kW for ~1 s = 5.1 Wh.
  assert.ok(maxLossWh <= 6n, `lost ${maxLossWh} Wh at one cut`);
  console.log(`journal: ${cuts} power cuts survived over ${meterS} s of meter time, largest loss ${maxLossWh} Wh (the window in flight)`);
});

test("a flipped bit in the newest delta is caught by its CRC: the meter restarts one step back, never from garbage", () => {
  const nvm = new NorFlash();
  const sim = new Simulator({ nvm, waveform: { vrms: 230, irms: 30 } });
  sim.boot();
  sim.run(20.5);
  const before = registersWh(sim);
  // The newest record of sector 0 of the journal: the last non-erased 32 bytes after the snapshot.
  let end = JOURNAL_FIRST + 176;
  while (nvm.data[end] !== 0xff) end += 32;
  const last = end - 32;
  const lastDelta = new DataView(nvm.data.buffer, last + 4, 4).getUint32(0, true);
  assert.equal(lastDelta & 0xff, Register.A_PLUS);
  nvm.flipBit(last + 5, 1); // inside the A+ increase
  const after = new Simulator({ nvm });
  after.boot();
  const restored = registersWh(after);
  assert.equal(restored[Register.A_PLUS], before[Register.A_PLUS] - BigInt(lastDelta >>> 8));
  // The meter continues in a fresh sector rather than writing after the bad record.
  after.setWaveform({ irms: 30 });
  after.run(3);
  assert.equal(nvm.data[JOURNAL_FIRST + SECTOR], 0x57, "sector 1 of the journal opened");
  const again = new Simulator({ nvm });
  again.boot();
  assert.deepEqual(registersWh(again), registersWh(after));
});

test("a flipped bit in an old sector is never read: boot uses the newest intact sector", () => {
  const nvm = new NorFlash();
  const sim = new Simulator({ nvm, waveform: { vrms: 230, irms: 100 } });
  sim.boot();
  sim.run(400); // more than three sectors of records
  const before = registersWh(sim);
  for (let k = 0; k < 64; k++) nvm.flipBit(JOURNAL_FIRST + 200 + 13 * k, k % 8); // sector 0's deltas
  const after = new Simulator({ nvm });
  after.boot();
  assert.deepEqual(registersWh(after), before);
});

test("wear: at 100 A and 230 V the most-worn journal sector stays under 100,000 erases in 20 years", () => {
  const nvm = new NorFlash();
  const sim = new Simulator({ nvm, waveform: { vrms: 230, irms: 100 } });
  sim.boot();
  const hours = 3;
  sim.run(hours * 3600);
  const wh = Number(sim.meter.energyWh(Register.A_PLUS));
  const journal = [...nvm.eraseCounts.subarray(2, 2 + JOURNAL_SECTORS)];
  const erases = journal.reduce((a, b) => a + b, 0);
  assert.ok(Math.max(...journal) - Math.min(...journal) <= 1, "the ring spreads wear evenly");
  const erasesPerWh = erases / wh;
  const twentyYearsWh = 23000 * 24 * 365.25 * 20;
  const perSector = erasesPerWh * twentyYearsWh / JOURNAL_SECTORS;
  console.log(`journal wear: ${erases} erases for ${wh} Wh = ${(erasesPerWh * 1000).toFixed(3)} erases per kWh; ` +
    `20 years at 23 kWh/h -> ${perSector.toFixed(0)} erases per sector (limit 100,000)`);
  assert.ok(perSector < 100000, `${perSector} erases per sector`);
  assert.equal(nvm.eraseCounts[0] + nvm.eraseCounts[1], 0, "the calibration sectors are never touched");
});

test("failing flash writes raise the error register and the error symbol; the meter keeps counting and recovers", async () => {
  const { decodeLcd } = await import("../host/lcdview.js");
  const nvm = new NorFlash();
  const sim = new Simulator({ nvm, waveform: { vrms: 230, irms: 30 } });
  sim.boot();
  sim.run(5);
  assert.equal(sim.meter.errorRegister(), 0);
  nvm.failing = true;
  sim.run(10);
  assert.equal(sim.meter.errorRegister() & 1, 1, "journal write failure");
  assert.equal(decodeLcd(sim.lcd.bitmap).symbols.error, true);
  const inRam = registersWh(sim);
  assert.ok(inRam[Register.A_PLUS] > 0n, "registers count on in RAM");
  nvm.failing = false;
  sim.run(5);
  const again = new Simulator({ nvm });
  again.boot();
  assert.ok(again.meter.energyWh(Register.A_PLUS) >= inRam[Register.A_PLUS], "written once the flash works again");
  assert.equal(again.meter.errorRegister(), 0, "a new power-up starts without the error");
});
