// Austria (X14..X16 040): the load profile holds 60 days (5760 entries of 15 min) before the newest; other countries the whole ring.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Simulator } from "../host/sim.js";
import { Err } from "../host/abi.js";
import { NorFlash } from "../host/shims/nvm.js";
import { utc } from "./helpers.js";
import { associate, get, getSelected, utcOf, dateTime, Data, MANAGEMENT } from "./cosemclient.js";

const T0 = utc(2026, 5, 4, 0); // Monday 4 May 2026 00:00 UTC
const LOAD_PROFILE = [1, 0, 99, 1, 0, 255];
const CLOCK = [0, 0, 1, 0, 0, 255];
const KEEP = 5760; // 60 days of 15 min
const PERIODS = 72 * 96; // 72 days of boundaries: at about 500 entries a sector, two sectors age out whole
const LP_FIRST_SECTOR = 92; // docs/NVM.md
const LP_SECTORS = 127;

// A meter ordered for `country` (X14..X16) whose RTC runs 900 times faster than the energy: one boundary a second.
function ordered(country: string): Simulator {
  const sim = new Simulator({ nvm: new NorFlash(), startUtcS: T0, waveform: { vrms: 230, irms: 10, phaseDeg: 30 } });
  sim.boot();
  assert.deepEqual(sim.meter.factoryConfigure(`61111BN143001${country}`, new Map()), { status: Err.OK });
  for (let k = 0; k < PERIODS; k++) {
    sim.rtc.skipAhead(899);
    sim.run(1);
  }
  sim.run(2); // the last boundary's entry; the next is 898 s away, after every read here
  associate(sim, MANAGEMENT);
  return sim;
}

const u32 = (v: number): number[] => [v >>> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff];
const clockColumn = [0x02, 0x04, 0x12, 0, 8, 0x09, 6, ...CLOCK, 0x0f, 2, 0x12, 0, 0];
const byRange = (from: bigint, to: bigint): number[] => [1, [0x02, 0x04, ...clockColumn, ...dateTime(from), ...dateTime(to), 0x01, 0]].flat();
const byEntry = (from: number, to: number): number[] => [2, [0x02, 0x04, 0x06, ...u32(from), 0x06, ...u32(to), 0x12, 0, 1, 0x12, 0, 1]].flat();

// The load profile buffer with selective access (blocks joined): the clock column's UTC seconds.
function bufferTimes(sim: Simulator, access: number[]): bigint[] {
  return (getSelected(sim, MANAGEMENT, 7, LOAD_PROFILE, 2, access) as Data[][]).map((row) => utcOf(row[0] as number[]));
}

// Load profile sectors with an anchor (magic "WMLP") in the flash.
function sectorsHeld(sim: Simulator): number {
  let n = 0;
  for (let s = 0; s < LP_SECTORS; s++) if (Buffer.from(sim.nvm.data.buffer, sim.nvm.data.byteOffset + (LP_FIRST_SECTOR + s) * 4096, 4).readUInt32LE(0) === 0x504c4d57) n++;
  return n;
}

const austria = ordered("040");
const denmark = ordered("208");

test("Austria: the profile export gives exactly the last 5760 entries (60 days of 15 min) after 72 days; Denmark all of them", () => {
  const dk = denmark.meter.profile();
  const at = austria.meter.profile();
  assert.equal(dk.length, PERIODS, "Denmark keeps an entry for every boundary of the 72 days");
  assert.equal(at.length, KEEP);
  assert.deepEqual(at.map((e) => [e.timeUtcS, e.status, ...e.valuesWh]), dk.slice(-KEEP).map((e) => [e.timeUtcS, e.status, ...e.valuesWh]),
    "the same last 5760 entries, values and status");
  const newest = at[at.length - 1].timeUtcS;
  assert.equal(at[0].timeUtcS, newest - BigInt(KEEP - 1) * 900n, "the oldest is 59 d 23 h 45 min before the newest");
  // A seek to before the limit starts at the limit, not before.
  assert.equal(austria.meter.profile(T0, 1)[0].timeUtcS, at[0].timeUtcS);
  assert.equal(denmark.meter.profile(T0, 1)[0].timeUtcS, dk[0].timeUtcS);
});

test("Austria: entries_in_use and profile_entries are 5760; Denmark's count every entry and the ring's depth", () => {
  const dk = denmark.meter.profile().length;
  assert.equal(get(austria, MANAGEMENT, 7, LOAD_PROFILE, 7), KEEP);
  assert.equal(get(austria, MANAGEMENT, 7, LOAD_PROFILE, 8), KEEP);
  assert.equal(get(denmark, MANAGEMENT, 7, LOAD_PROFILE, 7), dk);
  assert.ok((get(denmark, MANAGEMENT, 7, LOAD_PROFILE, 8) as number) >= 122 * 96, "Denmark: the data sheet's 122 days");
});

test("Austria: range and entry access give nothing older than 60 days before the newest; Denmark gives it", () => {
  const dk = denmark.meter.profile();
  const oldest = dk[dk.length - KEEP].timeUtcS; // Austria's oldest
  // From the profile's start to one hour after Austria's oldest: 5 entries there, 2 days of them more in Denmark.
  const range = byRange(dk[0].timeUtcS, oldest + 3600n);
  assert.deepEqual(bufferTimes(austria, range), [0n, 1n, 2n, 3n, 4n].map((k) => oldest + 900n * k));
  assert.equal(bufferTimes(denmark, range).length, dk.length - KEEP + 5);
  // A range wholly older than the limit is empty in Austria.
  assert.deepEqual(bufferTimes(austria, byRange(dk[0].timeUtcS, oldest - 900n)), []);
  // Entry 1 is the oldest kept; entry 5760 the newest; 5761 does not exist.
  assert.deepEqual(bufferTimes(austria, byEntry(1, 2)), [oldest, oldest + 900n]);
  assert.deepEqual(bufferTimes(austria, byEntry(KEEP, 0)), [dk[dk.length - 1].timeUtcS]);
  assert.deepEqual(bufferTimes(austria, byEntry(KEEP + 1, 0)), []);
  assert.deepEqual(bufferTimes(denmark, byEntry(1, 1)), [dk[0].timeUtcS]);
});

test("Austria: sectors whose entries all aged out are erased from the flash; Denmark keeps every sector", () => {
  const dkEntries = denmark.meter.profile().length;
  const dkSectors = sectorsHeld(denmark);
  const atSectors = sectorsHeld(austria);
  console.log(`load profile after 72 days: Denmark ${dkSectors} sectors for ${dkEntries} entries, Austria ${atSectors} sectors for ${KEEP}`);
  // Each sector holds the same number of entries in both meters; Austria keeps one sector more than 60 days need.
  const perSector = dkEntries / dkSectors;
  assert.ok(atSectors < dkSectors, "sectors erased");
  assert.ok(atSectors <= Math.ceil(KEEP / perSector) + 1, `${atSectors} sectors for 60 days of ${perSector.toFixed(0)} entries a sector`);
});

test("Austria: the 60-day limit holds after a power cycle (the factory record and the newest entry read back from the flash)", () => {
  const before = austria.meter.profile();
  const newest = before[before.length - 1].timeUtcS;
  const again = new Simulator({ nvm: austria.nvm, startUtcS: newest + 60n, waveform: { vrms: 230, irms: 10, phaseDeg: 30 } });
  again.boot();
  const after = again.meter.profile();
  assert.equal(after.length, KEEP);
  assert.equal(after[0].timeUtcS, before[0].timeUtcS);
  assert.equal(after[KEEP - 1].timeUtcS, newest);
});
