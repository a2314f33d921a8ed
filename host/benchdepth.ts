// Load profile depth (issue 14): bytes per entry the real store wrote to flash, and the days 508 KiB hold, per Z29 and Z4, at full load and for a household.
import { ConfigId, Err, Register } from "./abi.js";
import { Simulator } from "./sim.js";

const START_UTC_S = 1777852800n; // 2026-05-04 00:00 UTC, a period boundary for every Z4
const LP_FIRST_SECTOR = 92; // docs/NVM.md
const LP_SECTORS = 127; // the analysis logger has the 16 after them
const SECTOR_BYTES = 4096;
const ANCHOR_BYTES = 96;
const LP_MAGIC = 0x504c4d57;
// A ring keeps one sector erased for the next, and an entry never straddles sectors.
const USABLE_SECTORS = LP_SECTORS - 1;

// The data sheet's "Logging depth in days" (OMNIA 3.0 and newer), per Z29, at 15 / 30 / 60 min.
export const SHEET_DAYS: Record<number, number[]> = { 1: [278, 556, 1113], 2: [235, 470, 941], 3: [180, 360, 720], 4: [145, 291, 583], 5: [122, 244, 489] };
export const PERIODS_S = [900, 1800, 3600];
const Z4_OF_PERIOD: Record<number, number> = { 900: 2, 1800: 3, 3600: 4 };

// Full load: 100 A at 230 V the whole period, the current's angle turned through the four quadrants
// (a quarter period each) so every one of the eight channels moves in every entry: the most channels
// a real wave can move, A+ and A- included. Entries compared: those after the first full period.
const FULL_QUADRANTS_DEG = [45, 135, 225, 315];
const FULL_ENTRIES = 5;

// A household: about 4,000 kWh a year (10.97 kWh a day), mean W per hour of the day from 00:00: a low night,
// a morning peak, a quiet day, the evening peak at 18..20. Inductive (PF 0.95) while appliances run,
// capacitive (PF 0.9, electronics and LED drivers) in the standby hours, so R+ and R- both move.
export const HOUSEHOLD_W = [230, 210, 200, 200, 210, 260, 520, 700, 560, 380, 360, 400, 560, 420, 360, 360, 420, 680, 1000, 900, 760, 560, 420, 300];
const CAPACITIVE_W = 300; // at or below: PF 0.9 capacitive
// Meter time runs COMPRESS times faster than the wave, with the current COMPRESS times higher: each
// period keeps its energy (its increments, so its record) and a day costs a quarter of the sample loop.
const COMPRESS = 4;

export interface DepthRow {
  z29: number;
  periodS: number;
  load: "full" | "household";
  entries: number; // regular entries measured (step = period)
  bytesPerEntry: number; // mean record bytes of those entries as read back from the flash
  flashBytes: number; // anchors and records the store wrote in the run
  aPlusWh: number; // A+ register at the end of the run
  days: number; // 126 sectors of (4096 - 96) bytes / bytesPerEntry entries, in days of this period
  sheetDays: number;
  aimDays: number; // the data sheet at full load, twice it for the household
  met: boolean;
}

export interface FlashUse { lengths: number[]; flashBytes: number; aPlusWh: number }

function zigzagVarint(data: Uint8Array, at: number): number {
  let v = 0;
  let mul = 1;
  for (;;) {
    const b = data[at++];
    v += (b & 0x7f) * mul;
    if ((b & 0x80) === 0) break;
    mul *= 128;
  }
  return v % 2 === 0 ? v / 2 : -(v + 1) / 2;
}

// Walks the load profile sectors of the flash: the record length of every entry whose time step is `periodS`.
export function readFlash(sim: Simulator, periodS: number): FlashUse {
  const data = sim.nvm.data;
  const lengths: number[] = [];
  let flashBytes = 0;
  for (let s = 0; s < LP_SECTORS; s++) {
    const base = (LP_FIRST_SECTOR + s) * SECTOR_BYTES;
    const view = new DataView(data.buffer, data.byteOffset + base, SECTOR_BYTES);
    if (view.getUint32(0, true) !== LP_MAGIC) continue;
    let at = ANCHOR_BYTES;
    while (at < SECTOR_BYTES && data[base + at] !== 0xff && data[base + at] >= 6) {
      const length = data[base + at];
      if (zigzagVarint(data, base + at + 2) === periodS) lengths.push(length);
      at += length;
    }
    flashBytes += at;
  }
  return { lengths, flashBytes, aPlusWh: Number(sim.meter.energyWh(Register.A_PLUS)) };
}

function newMeter(z29: number, periodS: number, waveform: { vrms: number; irms: number; phaseDeg: number }): Simulator {
  const sim = new Simulator({ startUtcS: START_UTC_S, waveform });
  sim.boot();
  if (sim.meter.configSet(ConfigId.LP_CHANNELS, z29) !== Err.OK) throw new Error(`Z29 ${z29} refused`);
  if (sim.meter.configSet(ConfigId.INTEGRATION_PERIOD, Z4_OF_PERIOD[periodS]) !== Err.OK) throw new Error(`Z4 for ${periodS} s refused`);
  return sim;
}

function fullLoad(z29: number, periodS: number): Simulator {
  const sim = newMeter(z29, periodS, { vrms: 230, irms: 100, phaseDeg: FULL_QUADRANTS_DEG[0] });
  for (let k = 0; k < FULL_ENTRIES + 1; k++) {
    for (const deg of FULL_QUADRANTS_DEG) {
      sim.adc.waveform.set({ phaseDeg: deg });
      sim.run(periodS / 4);
    }
  }
  sim.run(2); // the last boundary's entry
  return sim;
}

function household(z29: number, periodS: number): Simulator {
  const sim = newMeter(z29, periodS, { vrms: 230, irms: 1, phaseDeg: 0 });
  for (const w of HOUSEHOLD_W) {
    const capacitive = w <= CAPACITIVE_W;
    const pf = capacitive ? 0.9 : 0.95;
    sim.adc.waveform.set({ irms: COMPRESS * w / (230 * pf), phaseDeg: (capacitive ? -1 : 1) * Math.acos(pf) * 180 / Math.PI });
    // An hour of meter time: a second of wave, then the clock moves on COMPRESS - 1 seconds more.
    for (let s = 0; s < 3600 / COMPRESS; s++) {
      sim.run(1);
      sim.rtc.skipAhead(COMPRESS - 1);
    }
  }
  sim.run(2);
  return sim;
}

export function depthDays(bytesPerEntry: number, periodS: number): number {
  return Math.floor((SECTOR_BYTES - ANCHOR_BYTES) / bytesPerEntry) * USABLE_SECTORS * periodS / 86400;
}

// The meter after the run, for a reader to check the flash against the firmware's own profile.
export function runDepth(z29: number, periodS: number, load: "full" | "household"): Simulator {
  return load === "full" ? fullLoad(z29, periodS) : household(z29, periodS);
}

export function measureDepth(z29: number, periodS: number, load: "full" | "household"): DepthRow {
  const use = readFlash(runDepth(z29, periodS, load), periodS);
  const entries = use.lengths.length;
  const bytesPerEntry = entries > 0 ? use.lengths.reduce((a, b) => a + b, 0) / entries : NaN;
  const days = depthDays(bytesPerEntry, periodS);
  const sheetDays = SHEET_DAYS[z29][PERIODS_S.indexOf(periodS)];
  const aimDays = load === "full" ? sheetDays : 2 * sheetDays;
  return { z29, periodS, load, entries, bytesPerEntry, flashBytes: use.flashBytes, aPlusWh: use.aPlusWh, days, sheetDays, aimDays, met: entries > 0 && days >= aimDays };
}

export function benchDepth(): DepthRow[] {
  const rows: DepthRow[] = [];
  for (const z29 of [1, 2, 3, 4, 5]) {
    for (const periodS of PERIODS_S) {
      rows.push(measureDepth(z29, periodS, "full"));
      rows.push(measureDepth(z29, periodS, "household"));
    }
  }
  return rows;
}

export function formatDepth(r: DepthRow): string {
  return `Z29 ${r.z29} ${String(r.periodS / 60).padStart(2)} min ${r.load.padEnd(9)}: ${r.bytesPerEntry.toFixed(2).padStart(5)} bytes/entry ` +
    `(${r.entries} entries, ${r.flashBytes} flash bytes), ${r.days.toFixed(0).padStart(4)} days; data sheet ${String(r.sheetDays).padStart(4)}, ` +
    `aim >= ${String(r.aimDays).padStart(4)}: ${r.met ? "met" : "NOT met"}`;
}

// `node build/js/host/benchdepth.js` prints the table alone.
if (process.argv[1]?.endsWith("benchdepth.js")) {
  const t0 = Date.now();
  for (const r of benchDepth()) console.log(formatDepth(r));
  console.log(`load profile depth: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
