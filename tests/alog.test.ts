// Analysis logger (Z10) over DLMS: a day of U, I, P, Q, PF, THD and f entries as the harness drove them, its set-ups, capture period, depth and power cuts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Simulator } from "../host/sim.js";
import { ConfigId, Err, EventLog, Register } from "../host/abi.js";
import { NorFlash, PowerCut } from "../host/shims/nvm.js";
import { utc } from "./helpers.js";
import { exchange } from "./dlmsframes.js";
import { associate, get, getRaw, getSelected, set, u32, obis, utcOf, dateTime, MANAGEMENT, PUBLIC, type Data } from "./cosemclient.js";

const ALOG = [1, 0, 99, 2, 0, 255];
const CLOCK = [0, 0, 1, 0, 0, 255];
const T0 = utc(2026, 5, 4, 0); // Monday 4 May 2026 00:00 UTC

// Three steps of eight hours: import at PF 1, import at PF 0.8 inductive, export.
const STEPS = [
  { vrms: 230, irms: 5, phaseDeg: 0, u: 2300, i: 500, pPlus: 1150, pMinus: 0, qPlus: 0, pf: 1000 },
  { vrms: 240, irms: 20, phaseDeg: 36.8699, u: 2400, i: 2000, pPlus: 3840, pMinus: 0, qPlus: 2880, pf: 800 },
  { vrms: 220, irms: 10, phaseDeg: 180, u: 2200, i: 1000, pPlus: 0, pMinus: 2200, qPlus: 0, pf: -1000 },
];

// The step in force at boundary k (k x 15 min): the entry of a boundary holds the window just after it.
const stepAt = (k: number): number => Math.min(2, Math.floor(k / 32));

// The meter with `periods` quarter-hour entries of the three steps, the RTC running 900 times faster:
// loop k runs the second after boundary k (the window that takes its entry) with that step's wave,
// then a second of the next step's,
// and ends one second past the last boundary, so a DLMS exchange never crosses another.
function dayMeter(periods = 96, nvm = new NorFlash()): Simulator {
  const sim = new Simulator({ nvm, startUtcS: T0, waveform: { ...STEPS[0], freqHz: 50 } });
  sim.boot();
  for (let k = 0; k <= periods; k++) {
    sim.run(1);
    if (k == periods) break;
    // The next step's wave a second before the skip, so the window that takes the next entry is all of it.
    const s = STEPS[stepAt(k + 1)];
    sim.setWaveform({ vrms: s.vrms, irms: s.irms, phaseDeg: s.phaseDeg });
    sim.run(1);
    sim.rtc.skipAhead(898);
  }
  return sim;
}

function buffer(sim: Simulator, selector = 0, params: number[] = []): Data[][] {
  return (selector ? getSelected(sim, MANAGEMENT, 7, ALOG, 2, [selector, ...params]) : get(sim, MANAGEMENT, 7, ALOG, 2)) as Data[][];
}

function action(sim: Simulator, method: number): number {
  const reply = exchange(sim, [0xc3, 0x01, 0xc1, 0, 7, ...ALOG, method, 0], MANAGEMENT)!;
  assert.deepEqual(reply.slice(0, 3), [0xc7, 0x01, 0xc1]);
  return reply[3];
}

const near = (got: number, want: number, tol: number, what: string): void =>
  assert.ok(Math.abs(got - want) <= tol, `${what}: ${got}, want ${want} +- ${tol}`);

test("a day of Z10 000 at 15 min read over DLMS: 96 entries of U, I, P+, P-, Q+, Q-, PF, THD U/I and f as the harness drove them", () => {
  const sim = dayMeter();
  associate(sim, MANAGEMENT);
  const objects = (get(sim, MANAGEMENT, 7, ALOG, 3) as Data[][]).map((d) => `${d[0]}/${(d[1] as number[]).join(".")}/${d[2]}`);
  assert.deepEqual(objects, ["8/0.0.1.0.0.255/2", "1/0.0.96.10.7.255/2", "3/1.0.32.7.0.255/2", "3/1.0.31.7.0.255/2",
    "3/1.0.1.7.0.255/2", "3/1.0.2.7.0.255/2", "3/1.0.3.7.0.255/2", "3/1.0.4.7.0.255/2", "3/1.0.13.7.0.255/2",
    "3/1.0.32.7.124.255/2", "3/1.0.31.7.124.255/2", "3/1.0.14.7.0.255/2"]);
  assert.equal(get(sim, MANAGEMENT, 7, ALOG, 4), 900, "capture period of Z10 000");
  assert.equal(get(sim, MANAGEMENT, 7, ALOG, 7), 96, "entries in use");
  // 60-byte records (24 header, 30 value bytes, CRC): 68 a sector, 15 of the 16 sectors always kept.
  assert.equal(get(sim, MANAGEMENT, 7, ALOG, 8), 15 * 68);
  const rows = buffer(sim);
  assert.equal(rows.length, 96);
  rows.forEach((row, k) => {
    const s = STEPS[stepAt(k + 1)];
    const [time, status, u, i, pPlus, pMinus, qPlus, qMinus, pf, thdU, thdI, f] = row as [number[], ...number[]];
    assert.equal(utcOf(time), T0 + BigInt(900 * (k + 1)), `entry ${k} at its quarter hour`);
    assert.equal(status & 0xf0, 0, `entry ${k}: status ${status} (only the clock flags DST 0x08 and invalid 0x02: the harness never set the clock)`);
    near(u, s.u, 3, `entry ${k} U (0.1 V)`);
    near(i, s.i, s.i * 0.005, `entry ${k} I (0.01 A)`);
    near(pPlus, s.pPlus, 0.005 * s.vrms * s.irms + 1, `entry ${k} P+ (W)`);
    near(pMinus, s.pMinus, 0.005 * s.vrms * s.irms + 1, `entry ${k} P- (W)`);
    near(qPlus, s.qPlus, 0.01 * s.vrms * s.irms + 1, `entry ${k} Q+ (var)`);
    near(qMinus, 0, 0.01 * s.vrms * s.irms + 1, `entry ${k} Q- (var)`);
    near(pf, s.pf, 5, `entry ${k} PF (0.001)`);
    near(thdU, 0, 5, `entry ${k} THD U (0.1 %)`);
    near(thdI, 0, 5, `entry ${k} THD I (0.1 %)`);
    near(f, 5000, 2, `entry ${k} f (0.01 Hz)`);
  });
  // Range 06:00..12:00: the 25 quarter hours with both ends, the step at 08:00 inside.
  const from = T0 + 6n * 3600n;
  const to = T0 + 12n * 3600n;
  const def = [0x02, 0x04, 0x12, 0, 8, 0x09, 6, ...CLOCK, 0x0f, 2, 0x12, 0, 0];
  const range = buffer(sim, 1, [0x02, 0x04, ...def, ...dateTime(from), ...dateTime(to), 0x01, 0]);
  assert.deepEqual(range.map((r) => utcOf(r[0] as number[])), Array.from({ length: 25 }, (_, k) => from + 900n * BigInt(k)));
  assert.deepEqual(range, rows.slice(23, 48));
  // Entries 10..12, values 1..3 (time, status, U).
  const entries = buffer(sim, 2, [0x02, 0x04, ...u32(10), ...u32(12), 0x12, 0, 1, 0x12, 0, 3]);
  assert.deepEqual(entries, rows.slice(9, 12).map((r) => r.slice(0, 3)));
  // The public client does not see the logger.
  associate(sim, PUBLIC);
  assert.equal(getRaw(sim, PUBLIC, 7, ALOG, 2), 4, "object undefined for the public client");
});

test("capture_period is written by management: 600 s restarts the logger, survives a power cycle; 7 s and 0 are refused", () => {
  const nvm = new NorFlash();
  let sim = dayMeter(8, nvm);
  associate(sim, MANAGEMENT);
  assert.equal(get(sim, MANAGEMENT, 7, ALOG, 7), 8);
  assert.equal(set(sim, MANAGEMENT, 7, ALOG, 4, u32(7)), 250, "7 s does not divide the day in whole minutes: other-reason");
  assert.equal(set(sim, MANAGEMENT, 7, ALOG, 4, u32(0)), 250, "0 (no automatic capture) is refused");
  assert.equal(set(sim, MANAGEMENT, 7, ALOG, 4, [0x12, 0x02, 0x58]), 12, "long-unsigned: type unmatched");
  assert.equal(get(sim, MANAGEMENT, 7, ALOG, 7), 8, "nothing changed by a refusal");
  assert.equal(set(sim, MANAGEMENT, 7, ALOG, 3, [0x01, 0x00]), 3, "capture objects are Z10's: read-write denied");
  assert.equal(set(sim, MANAGEMENT, 7, ALOG, 4, u32(600)), 0);
  assert.equal(get(sim, MANAGEMENT, 7, ALOG, 4), 600);
  assert.equal(get(sim, MANAGEMENT, 7, ALOG, 7), 1, "cleared, and the start entry taken at once");
  const restart = sim.meter.eventLog(EventLog.STANDARD).filter((e) => e.code === 80);
  assert.equal(restart.length, 1, "event 80 logged");
  assert.equal(restart[0].cause, 2, "cause: capture period");
  // 10-minute boundaries from here; then a power cycle keeps the period.
  for (let k = 0; k < 3; k++) { sim.rtc.skipAhead(599); sim.run(1); }
  sim.run(1);
  sim = new Simulator({ nvm, startUtcS: sim.rtc.readUtcS(), waveform: { vrms: 230, irms: 5, phaseDeg: 0 } });
  sim.boot();
  associate(sim, MANAGEMENT);
  assert.equal(get(sim, MANAGEMENT, 7, ALOG, 4), 600, "the period in force after a power cycle");
  const rows = buffer(sim);
  assert.equal(rows.length, 4);
  const times = rows.slice(1).map((r) => utcOf(r[0] as number[]));
  for (const t of times) assert.equal(t % 600n, 0n, "on 10-minute boundaries");
  assert.equal((rows[0][1] as number) & 0xf0, 0x10, "the start entry: a short period");
  // Method 1 reset clears, method 2 capture adds an entry.
  assert.equal(action(sim, 1), 0);
  assert.equal(get(sim, MANAGEMENT, 7, ALOG, 7), 1);
  assert.equal(action(sim, 2), 0);
  assert.equal(get(sim, MANAGEMENT, 7, ALOG, 7), 2);
});

test("Z10 002 records A+, A-, R+, R- as the registers read at each boundary; a Z10 change restarts the logger", () => {
  const sim = dayMeter(4);
  assert.equal(sim.meter.configSet(ConfigId.ANALYSIS_LOGGER, 2), Err.OK);
  associate(sim, MANAGEMENT);
  assert.equal(get(sim, MANAGEMENT, 7, ALOG, 7), 1, "cleared for the new set-up");
  assert.deepEqual((get(sim, MANAGEMENT, 7, ALOG, 3) as Data[][]).map((d) => (d[1] as number[]).join(".")),
    ["0.0.1.0.0.255", "0.0.96.10.7.255", "1.0.1.8.0.255", "1.0.2.8.0.255", "1.0.3.8.0.255", "1.0.4.8.0.255"]);
  // 68-byte records (24 header, 4 x 8 value bytes, CRC... rounded): 60 bytes, 68 a sector.
  assert.equal(get(sim, MANAGEMENT, 7, ALOG, 8), 15 * 68);
  const want: bigint[][] = [];
  for (let k = 0; k < 4; k++) {
    sim.rtc.skipAhead(899);
    sim.run(1);
    want.push([Register.A_PLUS, Register.A_MINUS, Register.R_PLUS, Register.R_MINUS].map((r) => sim.meter.energyWh(r)));
  }
  const rows = buffer(sim);
  assert.equal(rows.length, 5);
  // The entry holds the registers at the boundary's window; the rest of that second adds under 1 Wh (1.15 kW).
  rows.slice(1).forEach((r, k) => r.slice(2).forEach((v, j) => {
    const d = want[k][j] - (v as bigint);
    assert.ok(d >= 0n && d <= 1n, `entry ${k + 1} register ${j}: ${v} against ${want[k][j]} a second later`);
  }));
  assert.ok(want[3][0] > want[0][0], "A+ grew");
  const restart = sim.meter.eventLog(EventLog.STANDARD).filter((e) => e.code === 80);
  assert.equal(restart.length, 1);
  assert.equal(restart[0].cause, 1, "cause: Z10");
  assert.equal(sim.meter.configSet(ConfigId.ANALYSIS_LOGGER, 4), Err.OUT_OF_RANGE);
});

test("power off across three boundaries: one entry at the first missed boundary flagged power down, with U and I 0", () => {
  const nvm = new NorFlash();
  let sim = dayMeter(4, nvm);
  const offAt = sim.rtc.readUtcS(); // a second into the 5th quarter hour
  sim = new Simulator({ nvm, startUtcS: offAt + 3n * 900n, waveform: { vrms: 230, irms: 5, phaseDeg: 0 } });
  sim.boot();
  associate(sim, MANAGEMENT);
  const rows = buffer(sim);
  assert.equal(rows.length, 5);
  const [time, status, u, i] = rows[4] as [number[], number, number, number];
  assert.equal(utcOf(time), T0 + 5n * 900n, "the boundary after the last entry");
  assert.equal(status & 0x80, 0x80, "power down");
  assert.equal(u, 0);
  assert.equal(i, 0);
});

test("a power cut at every NVM write of a capture's window: earlier entries intact, at most that entry lost, no damage reported", () => {
  // The window of the 5th boundary, uncut, to count its writes.
  const probe = dayMeter(4);
  const before = probe.nvm.ops;
  probe.rtc.skipAhead(899);
  probe.run(1);
  const writes = probe.nvm.ops - before;
  assert.ok(writes >= 2, `${writes} writes in the window`);
  for (let cut = 1; cut <= writes; cut++) {
    const nvm = new NorFlash({ seed: cut });
    let sim = dayMeter(4, nvm);
    associate(sim, MANAGEMENT);
    const kept = buffer(sim);
    nvm.cutPowerAtOp(cut);
    try {
      sim.rtc.skipAhead(899);
      sim.run(1);
    } catch (e) {
      if (!(e instanceof PowerCut)) throw e;
    }
    nvm.cutPowerAtOp(0);
    sim = new Simulator({ nvm, startUtcS: T0 + 5n * 900n + 500n, waveform: { vrms: 230, irms: 5, phaseDeg: 0 } });
    sim.boot();
    associate(sim, MANAGEMENT);
    const rows = buffer(sim);
    assert.deepEqual(rows.slice(0, 4), kept, `cut at write ${cut}: the four earlier entries unchanged`);
    assert.ok(rows.length === 4 || rows.length === 5, `cut at write ${cut}: ${rows.length} entries`);
    if (rows.length === 5) assert.equal(utcOf(rows[4][0] as number[]), T0 + 5n * 900n, `cut at write ${cut}: the boundary's entry`);
    assert.equal(sim.meter.errorRegister() & 0x8, 0, `cut at write ${cut}: no stored-data damage reported`);
  }
});

test("sectors 219..234 still holding load profile anchors (firmware before the logger) are erased at boot, never reported as damage", () => {
  const nvm = new NorFlash();
  for (const sector of [219, 226, 234]) {
    const base = sector * 4096;
    nvm.data.set([0x57, 0x4d, 0x4c, 0x50, 1, 0, 96, 0], base); // "WMLP", version 1, length 96
    nvm.data.fill(0x5a, base + 8, base + 700); // the rest of an anchor and records
  }
  const sim = dayMeter(4, nvm);
  assert.equal(sim.meter.errorRegister() & 0x8, 0, "no stored-data damage");
  assert.equal(sim.meter.eventLog(EventLog.STANDARD).filter((e) => e.code === 30).length, 0, "no damage event");
  for (const sector of [226, 234]) assert.ok(nvm.data.subarray(sector * 4096, sector * 4096 + 4096).every((b) => b === 0xff), `sector ${sector} erased`);
  associate(sim, MANAGEMENT);
  assert.equal(buffer(sim).length, 4, "the logger's four entries");
});

test("a clock set closes the running period with an entry at the old time (0x10) and flags the next (0x20), as the load profile does", () => {
  const sim = dayMeter(4); // 01:00:01, the entries of 00:15..01:00 taken
  sim.rtc.skipAhead(299); // 01:05:00
  sim.run(1);
  const oldS = sim.rtc.readUtcS();
  assert.ok(sim.meter.clockSet(oldS + 3600n) > 0, "clock set an hour forward");
  sim.run(1);
  sim.rtc.skipAhead(600); // past 02:15
  sim.run(2);
  associate(sim, MANAGEMENT);
  const rows = buffer(sim);
  assert.equal(rows.length, 6);
  const [closed, next] = rows.slice(4);
  assert.equal(utcOf(closed[0] as number[]), oldS, "the entry at the old time");
  assert.equal((closed[1] as number) & 0xf0, 0x10, "a short period");
  assert.equal(utcOf(next[0] as number[]), T0 + 9n * 900n, "then the boundary of the new time, 02:15");
  assert.equal((next[1] as number) & 0x20, 0x20, "clock adjusted");
});

// Z10 003's 24 capture objects (docs/DLMS.md): class and logical name, attribute 2 each.
const FULL = [
  "3/1.0.1.8.0.255", "3/1.0.2.8.0.255", "3/1.0.3.8.0.255", "3/1.0.4.8.0.255", // A+, A-, R+, R-
  "3/1.0.32.7.0.255", "3/1.0.31.7.0.255", "3/1.0.1.7.0.255", "3/1.0.2.7.0.255", "3/1.0.3.7.0.255", "3/1.0.4.7.0.255", // U, I, P+, P-, Q+, Q-
  "3/1.0.13.7.0.255", "3/1.0.14.7.0.255", "3/1.0.32.7.124.255", "3/1.0.31.7.124.255", // PF, f, THD U, THD I
  "3/1.0.32.128.0.255", "3/1.0.14.128.0.255", "3/1.0.32.128.124.255", "3/1.0.31.128.124.255", // U 10 min, f 10 s, THD U/I 10 min
  "1/1.0.32.32.0.255", "1/1.0.32.36.0.255", "1/1.0.32.40.0.255", // sags, swells, interruptions
  "1/0.0.96.7.21.255", "1/0.0.96.7.9.255", "3/0.0.96.8.0.255", // power failures, long power failures, hours with supply
];
const FULL_ENERGIES = 4;
const FULL_INSTANT = 14; // columns 4..13 instantaneous: the wave is steady, so they read as at the boundary
const FULL_SAGS = 18;

test("Z10 003 set over DLMS: 24 capture objects; each entry holds the values GET reads at its boundary, a dip adds 1 to the sags column", () => {
  const sim = new Simulator({ startUtcS: T0, waveform: { vrms: 230, irms: 10, phaseDeg: 30, freqHz: 50 } });
  sim.boot();
  associate(sim, MANAGEMENT);
  assert.equal(set(sim, MANAGEMENT, 1, [0, 128, 96, 0, ConfigId.ANALYSIS_LOGGER, 255], 2, u32(3)), 0, "Z10 003 accepted");
  assert.equal(set(sim, MANAGEMENT, 1, [0, 128, 96, 0, ConfigId.ANALYSIS_LOGGER, 255], 2, u32(4)), 250, "Z10 004 refused");
  const objects = (get(sim, MANAGEMENT, 7, ALOG, 3) as Data[][]).map((d) => `${d[0]}/${(d[1] as number[]).join(".")}/${d[2]}`);
  assert.deepEqual(objects, ["8/0.0.1.0.0.255/2", "1/0.0.96.10.7.255/2", ...FULL.map((o) => `${o}/2`)]);
  assert.equal(get(sim, MANAGEMENT, 7, ALOG, 4), 900, "Z10 003 default period 15 min");
  // 124-byte records (24 header, 94 value bytes, CRC, rounded to 4): 33 a sector, 15 of the 16 sectors kept.
  assert.equal(get(sim, MANAGEMENT, 7, ALOG, 8), 15 * 33);
  const atBoundary = (k: number): Data[] => {
    const boundary = T0 + BigInt(900 * k);
    sim.run(Number(boundary - sim.rtc.readUtcS()) + 1);
    associate(sim, MANAGEMENT);
    return FULL.map((o) => get(sim, MANAGEMENT, Number(o.split("/")[0]), obis(o.split("/")[1]), 2));
  };
  const read1 = atBoundary(1);
  sim.setWaveform({ vrms: 161 }); // a dip to 70 % Un for 500 ms
  sim.run(0.5);
  sim.setWaveform({ vrms: 230 });
  const read2 = atBoundary(2);
  const rows = buffer(sim);
  assert.equal(rows.length, 3, "the start entry and two boundaries");
  [read1, read2].forEach((read, n) => {
    const row = rows[n + 1];
    assert.equal(utcOf(row[0] as number[]), T0 + BigInt(900 * (n + 1)), `entry ${n + 1} at its quarter hour`);
    assert.equal((row[1] as number) & 0xf4, 0, `entry ${n + 1}: status ${row[1]}, all values valid (0x04 clear)`);
    const values = row.slice(2);
    assert.equal(values.length, 24);
    values.forEach((v, j) => {
      if (j < FULL_ENERGIES) {
        // The registers a second later: 2 kW adds under 1 Wh.
        const d = (read[j] as bigint) - (v as bigint);
        assert.ok(d >= 0n && d <= 1n, `entry ${n + 1} ${FULL[j]}: ${v} against ${read[j]}`);
      } else if (j < FULL_INSTANT) {
        near(v as number, read[j] as number, Math.max(2, Math.abs(read[j] as number) * 0.005), `entry ${n + 1} ${FULL[j]}`);
      } else {
        assert.equal(v, read[j], `entry ${n + 1} ${FULL[j]}`);
      }
    });
  });
  assert.ok((rows[2][2] as bigint) > (rows[1][2] as bigint), "A+ grew");
  assert.equal(rows[1][2 + FULL_SAGS + 0], 0, "no sag before the dip");
  assert.equal(rows[2][2 + FULL_SAGS], (rows[1][2 + FULL_SAGS] as number) + 1, "the dip: sags + 1");
  near(rows[2][2 + 14] as number, 23000, 30, "U 10 min (0.01 V): the interval after the dip, 230 V");
  near(rows[2][2 + 15] as number, 50000, 20, "f 10 s (0.001 Hz): 50 Hz");
});
