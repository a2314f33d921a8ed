// Stored energy never goes back silently: bit flips, erased, zeroed and garbage journals, failed writes; every loss is reported.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Simulator } from "../host/sim.js";
import { EventCode, Logger, REGISTER_COUNT, Register } from "../host/abi.js";
import { NorFlash } from "../host/shims/nvm.js";
import { crc32, registersWh } from "./helpers.js";

const SECTOR = 4096;
const JOURNAL_FIRST = 2 * SECTOR;
const JOURNAL_SECTORS = 64;
const STATE_FIRST = 66 * SECTOR;
const STORED_DATA = 0x08; // error register bit: stored data damaged (latched)
const START_UTC_S = BigInt(Date.UTC(2026, 4, 4, 8) / 1000);

interface Flash {
  nvm: NorFlash;
  before: bigint[];
  newest: number; // journal sector index holding the newest records
  end: number; // offset after its last record
}

// A meter that ran `seconds` at `irms`, with its journal's newest sector located from the flash itself.
function ranFor(seconds: number, irms: number): Flash {
  const nvm = new NorFlash();
  const sim = new Simulator({ nvm, startUtcS: START_UTC_S, waveform: { vrms: 230, irms } });
  sim.boot();
  sim.run(seconds);
  let newest = -1;
  let bestSeq = -1;
  for (let s = 0; s < JOURNAL_SECTORS; s++) {
    const base = JOURNAL_FIRST + s * SECTOR;
    const view = new DataView(nvm.data.buffer, base, 16);
    if (view.getUint32(0, true) !== 0x4a524d57 || view.getUint32(12, true) !== crc32(nvm.data.subarray(base, base + 12))) continue;
    if (view.getUint32(8, true) > bestSeq) {
      bestSeq = view.getUint32(8, true);
      newest = s;
    }
  }
  let end = 16;
  const base = JOURNAL_FIRST + newest * SECTOR;
  while (end + 32 <= SECTOR && nvm.data[base + end] !== 0xff) end += nvm.data[base + end] === 0x53 ? 160 : 32;
  return { nvm, before: registersWh(sim), newest, end };
}

function copyFlash(from: NorFlash): NorFlash {
  const nvm = new NorFlash();
  nvm.data.set(from.data);
  return nvm;
}

function bootOn(nvm: NorFlash): Simulator {
  const sim = new Simulator({ nvm, startUtcS: START_UTC_S + 3600n, waveform: { vrms: 230, irms: 0 } });
  sim.boot();
  return sim;
}

// The most one journal record can hold at 30 A: one window of ~1 s at 6.9 kW is 2 Wh, 3 for a snapshot's trigger.
const RECORD_WH = 3n;

test("a flipped bit at every byte of the newest journal sector costs at most the record it hit, and any loss is reported", () => {
  const f = ranFor(150, 30); // sector 0 full (122 deltas), sector 1 part-written
  assert.ok(f.newest >= 1, "the run reached a second sector");
  const base = JOURNAL_FIRST + f.newest * SECTOR;
  let flips = 0;
  let maxLoss = 0n;
  let reported = 0;
  for (let byte = 0; byte < f.end; byte++) {
    const nvm = copyFlash(f.nvm);
    nvm.flipBit(base + byte, byte % 8);
    const sim = bootOn(nvm);
    flips++;
    const after = registersWh(sim);
    let loss = 0n;
    for (let r = 0; r < REGISTER_COUNT; r++) {
      assert.ok(after[r] <= f.before[r], `byte ${byte}: register ${r} rose ${f.before[r]} -> ${after[r]}`);
      const d = f.before[r] - after[r];
      if (d > loss) loss = d;
    }
    if (loss > maxLoss) maxLoss = loss;
    assert.ok(loss <= RECORD_WH, `byte ${byte}: lost ${loss} Wh`);
    const lastRecord = byte >= f.end - 32;
    const flagged = (sim.meter.errorRegister() & STORED_DATA) !== 0;
    if (flagged) {
      reported++;
      assert.ok(sim.meter.events().some((e) => e.code === EventCode.STORED_DATA_DAMAGED), `byte ${byte}: flagged without an event`);
    }
    // Only the last record can be a cut write's: a flip anywhere else is a retention fault and is reported.
    if (!lastRecord) assert.ok(flagged, `byte ${byte}: a damaged header, snapshot or delta went unreported`);
    else assert.ok(sim.meter.events().some((e) => e.code === EventCode.RECORD_TORN), `byte ${byte}: last record dropped silently`);
    // Nothing is ever appended after the damaged record: what is counted next survives the next power cycle.
    if (byte % 97 === 0) {
      sim.setWaveform({ irms: 30 });
      sim.run(4);
      const inRam = registersWh(sim);
      assert.deepEqual(registersWh(bootOn(nvm)), inRam, `byte ${byte}: energy after the damage not kept`);
    }
  }
  console.log(`integrity: ${flips} bit flips in the newest journal sector, ${reported} reported, largest loss ${maxLoss} Wh`);
});

test("a flipped bit in the newest sector's header loses nothing and is reported (the header CRC is checked)", () => {
  const f = ranFor(150, 30);
  for (const byte of [0, 5, 8, 12]) {
    const nvm = copyFlash(f.nvm);
    nvm.flipBit(JOURNAL_FIRST + f.newest * SECTOR + byte, 3);
    const sim = bootOn(nvm);
    assert.deepEqual(registersWh(sim), f.before, `header byte ${byte}`);
    assert.equal(sim.meter.errorRegister() & STORED_DATA, STORED_DATA, `header byte ${byte} unreported`);
  }
  // An old sector's header whose sequence bit flips would look newest if its CRC were not checked.
  const nvm = copyFlash(f.nvm);
  const old = JOURNAL_FIRST + ((f.newest + JOURNAL_SECTORS - 1) % JOURNAL_SECTORS) * SECTOR;
  nvm.flipBit(old + 11, 7);
  const sim = bootOn(nvm);
  assert.deepEqual(registersWh(sim), f.before);
  assert.equal(sim.meter.errorRegister() & STORED_DATA, STORED_DATA);
});

test("random bit flips over the rest of the stored data never lower a register", () => {
  const f = ranFor(400, 60);
  const rand = (() => { let x = 12345; return () => (x = (x * 1103515245 + 12345) >>> 0) / 2 ** 32; })();
  const newestBase = JOURNAL_FIRST + f.newest * SECTOR;
  let flips = 0;
  for (let k = 0; k < 300; k++) {
    // Anywhere in the used partitions (journal, state, billing, logger 2, configuration, calendars, events, breaker).
    const addr = JOURNAL_FIRST + Math.floor(rand() * (92 - 2) * SECTOR);
    if (addr >= newestBase && addr < newestBase + SECTOR) continue;
    const nvm = copyFlash(f.nvm);
    nvm.flipBit(addr, Math.floor(rand() * 8));
    const sim = bootOn(nvm);
    flips++;
    assert.deepEqual(registersWh(sim), f.before, `flip at ${addr}`);
  }
  console.log(`integrity: ${flips} random bit flips over the rest of the NVM, no register lowered`);
});

// Runs 20 minutes with a debiting stop by command after 16: the state record (15-min period end)
// and a billing record both hold registers the journal also has.
function meterWithRecords(): { nvm: NorFlash; before: bigint[]; billingAPlus: bigint; stateRegs: bigint[] } {
  const nvm = new NorFlash();
  const sim = new Simulator({ nvm, startUtcS: START_UTC_S, waveform: { vrms: 230, irms: 20 } });
  sim.boot();
  sim.run(16 * 60);
  assert.equal(sim.meter.billingStop(), 0);
  sim.run(4 * 60);
  const rec = sim.meter.billingRecord(Logger.BILLING, 0);
  assert.ok(typeof rec === "object");
  return { nvm, before: registersWh(sim), billingAPlus: rec.registersWh[Register.A_PLUS], stateRegs: newestStateRegisters(nvm) };
}

// The state record's layout (version 2, 408 bytes, registers at 260), read from the flash as a tool would.
function newestStateRegisters(nvm: NorFlash): bigint[] {
  let best: bigint[] = [];
  let bestSeq = -1;
  for (let s = 0; s < 8; s++) {
    for (let k = 0; k + 408 <= SECTOR; k += 408) {
      const at = STATE_FIRST + s * SECTOR + k;
      const v = new DataView(nvm.data.buffer, at, 408);
      if (v.getUint32(0, true) !== 0x54534d57 || v.getUint16(4, true) !== 2 || v.getUint16(6, true) !== 408) continue;
      if (v.getUint32(404, true) !== crc32(nvm.data.subarray(at, at + 404))) continue;
      if (v.getUint32(8, true) > bestSeq) {
        bestSeq = v.getUint32(8, true);
        best = Array.from({ length: REGISTER_COUNT }, (_, r) => v.getBigUint64(260 + 8 * r, true));
      }
    }
  }
  assert.ok(bestSeq >= 0, "a version 2 state record is stored");
  return best;
}

for (const [name, fill] of [
  ["zeros", (a: Uint8Array) => a.fill(0)],
  ["garbage", (a: Uint8Array) => { let x = 7; for (let i = 0; i < a.length; i++) a[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24; }],
  ["erased", (a: Uint8Array) => a.fill(0xff)],
] as const) {
  test(`a journal area that reads as ${name} restores the registers from the state and billing records, never from zero`, () => {
    const m = meterWithRecords();
    assert.ok(m.stateRegs[Register.A_PLUS] >= m.billingAPlus && m.billingAPlus > 0n);
    fill(m.nvm.data.subarray(JOURNAL_FIRST, JOURNAL_FIRST + JOURNAL_SECTORS * SECTOR));
    const sim = bootOn(m.nvm);
    const after = registersWh(sim);
    for (let r = 0; r < REGISTER_COUNT; r++) {
      assert.ok(after[r] >= m.stateRegs[r], `register ${r}: ${after[r]} below the state record's ${m.stateRegs[r]}`);
      assert.ok(after[r] <= m.before[r]);
    }
    assert.equal(sim.meter.errorRegister() & STORED_DATA, STORED_DATA);
    const events = sim.meter.events();
    const recovered = events.find((e) => e.code === EventCode.REGISTERS_RECOVERED);
    assert.ok(recovered && recovered.a > 0, "recovery logged with the registers raised");
    assert.equal(BigInt(recovered.b), after[Register.A_PLUS], "the journal held nothing: all of A+ came from the other records");
    // The next billing record continues from there: A+ never goes from thousands back to tens.
    assert.equal(sim.meter.billingStop(), 0);
    const rec = sim.meter.billingRecord(Logger.BILLING, 0);
    assert.ok(typeof rec === "object" && rec.registersWh[Register.A_PLUS] >= m.billingAPlus);
    // The recovered values are in the journal again: the next power cycle needs no fallback and says so.
    const again = bootOn(m.nvm);
    assert.deepEqual(registersWh(again), registersWh(sim));
    again.meter.errorClear();
    assert.equal(again.meter.errorRegister(), 0, "the utility clears the latched bit");
    assert.equal(bootOn(m.nvm).meter.errorRegister(), 0, "and it stays cleared");
  });
}

test("the error bit is latched through power cuts until cleared", () => {
  const f = ranFor(150, 30);
  f.nvm.flipBit(JOURNAL_FIRST + f.newest * SECTOR + 40, 1); // inside the opening snapshot
  const first = bootOn(f.nvm);
  assert.equal(first.meter.errorRegister() & STORED_DATA, STORED_DATA);
  first.run(2);
  const second = bootOn(f.nvm);
  assert.equal(second.meter.errorRegister() & STORED_DATA, STORED_DATA, "still latched after a power cycle");
});

test("a failed journal write followed by no load is kept across a power cycle, at any point of the sector ring", () => {
  let checked = 0;
  for (let t = 1; t <= 130; t += 3) {
    const nvm = new NorFlash();
    const sim = new Simulator({ nvm, startUtcS: START_UTC_S, waveform: { vrms: 230, irms: 80 } });
    sim.boot();
    sim.run(t);
    // Half a window of 18.4 kW after a window closed (2.5 Wh), then no load: the window that closes
    // next is the last with energy, and its commit (a delta, or a sector's opening) fails.
    const at = registersWh(sim)[Register.A_PLUS];
    while (registersWh(sim)[Register.A_PLUS] === at) sim.step();
    sim.run(0.5);
    sim.setWaveform({ irms: 0 });
    nvm.failing = true;
    const loaded = registersWh(sim)[Register.A_PLUS];
    while (registersWh(sim)[Register.A_PLUS] === loaded) sim.step();
    sim.run(1.5);
    nvm.failing = false;
    sim.run(3); // no load: the registers do not change, yet the lost write must still be made
    const inRam = registersWh(sim);
    assert.deepEqual(registersWh(bootOn(nvm)), inRam, `failed write at ${t} s lost energy`);
    checked++;
  }
  assert.ok(checked >= 40);
});
