// EN 50160 power quality measured per IEC 61000-4-30 class S: events, aggregates, flags and the weekly summary.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Simulator } from "../host/sim.js";
import { ConfigId, Counter, Err, EventCode, EventLog, InputKind, PqFlag, PqReading, PqWeek, UartPort } from "../host/abi.js";
import type { WaveformParams } from "../host/shims/waveform.js";
import { crc32, utc } from "./helpers.js";
import { NorFlash, PowerCut } from "../host/shims/nvm.js";
import { associate, get, getResult, obis, MANAGEMENT, PUBLIC } from "./cosemclient.js";

const MONDAY = utc(2026, 3, 2); // 2026-03-02 00:00 UTC, a Monday: 10-minute intervals and the week start here

function meterAt(startUtcS: bigint, wave: Partial<WaveformParams> = {}): Simulator {
  const sim = new Simulator({ waveform: { vrms: 230, irms: 5, ...wave }, startUtcS });
  sim.boot();
  return sim;
}

function pqEvents(sim: Simulator, startUtcS: bigint) {
  return sim.meter.eventLog(EventLog.POWER_QUALITY).map((e) => ({
    code: e.code, cause: e.cause, startS: Number(e.timeUtcS - startUtcS), ms: e.a, mv: Number(e.b), endS: Number(e.b - startUtcS),
  }));
}

function near(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual}, expected ${expected} +- ${tolerance}`);
}

// The RMS of a schedule of steady voltages, each for the same time: what a 10-minute mean must read.
const quadraticMean = (volts: number[]): number => Math.sqrt(volts.reduce((a, v) => a + v * v, 0) / volts.length);

test("dips, swells, short and long interruptions are logged with start, duration (+-1 cycle) and extreme voltage, and counted", () => {
  const sim = meterAt(MONDAY);
  const schedule: [number, number][] = [
    [230, 3], [161, 0.5], // dip to 70 % Un for 500 ms
    [230, 2], [264.5, 0.2], // swell to 115 % Un for 200 ms
    [230, 2], [92, 0.1], // dip to 40 % Un for 100 ms (5 cycles)
    [230, 2], [0, 2], // short interruption, 2 s
    [230, 2], [0, 200], // long interruption, 200 s (over 3 min)
    [230, 3],
  ];
  for (const [vrms, seconds] of schedule) {
    sim.setWaveform({ vrms });
    sim.run(seconds);
  }
  const events = pqEvents(sim, MONDAY);
  assert.deepEqual(events.map((e) => e.code), [
    EventCode.VOLTAGE_DIP, EventCode.VOLTAGE_SWELL, EventCode.VOLTAGE_DIP, EventCode.SHORT_INTERRUPTION, EventCode.LONG_INTERRUPTION,
  ]);
  const [dip70, swell, dip40, shortInt, longInt] = events;
  // Start: UTC s of the first cycle past the threshold (the log keeps whole seconds).
  near(dip70.startS, 3, 1, "dip start s");
  near(swell.startS, 5.5, 1, "swell start s");
  near(dip40.startS, 7.7, 1, "40 % dip start s");
  near(shortInt.startS, 9.8, 1, "short interruption start s");
  near(longInt.startS, 13.8, 1, "long interruption start s");
  // Duration in ms, cycle by cycle at 50 Hz: within one cycle (20 ms); without crossings within 40 ms.
  near(dip70.ms, 500, 20, "dip ms");
  near(swell.ms, 200, 20, "swell ms");
  near(dip40.ms, 100, 20, "40 % dip ms");
  near(shortInt.ms, 2000, 40, "short interruption ms");
  near(longInt.ms, 200000, 40, "long interruption ms");
  // Extreme cycle RMS in mV: the residual voltage of a dip, the highest of a swell.
  near(dip70.mv, 161000, 200, "dip residual mV");
  near(swell.mv, 264500, 200, "swell maximum mV");
  near(dip40.mv, 92000, 200, "40 % dip residual mV");
  assert.ok(shortInt.mv < 11500 && longInt.mv < 11500, `interruption residuals ${shortInt.mv}, ${longInt.mv} mV under 5 % Un`);
  assert.equal(sim.meter.counter(Counter.VOLTAGE_SAGS), 2n);
  assert.equal(sim.meter.counter(Counter.VOLTAGE_SWELLS), 1n);
  assert.equal(sim.meter.pqReading(PqReading.DIPS), 2);
  assert.equal(sim.meter.pqReading(PqReading.SWELLS), 1);
  assert.equal(sim.meter.pqReading(PqReading.SHORT_INTERRUPTIONS), 1);
  assert.equal(sim.meter.pqReading(PqReading.LONG_INTERRUPTIONS), 1);
  assert.equal(sim.meter.pqReading(PqReading.WEEK + PqWeek.DIPS), 2);
  assert.equal(sim.meter.pqReading(PqReading.WEEK + PqWeek.LONG_INTERRUPTIONS), 1);
  assert.equal(sim.meter.pqReading(PqReading.STATE), 0);
  assert.equal(sim.meter.pqReading(PqReading.EVENTS_LOST), 0);
});

test("a dip ends only above 92 % Un and a swell only below 108 % Un (2 % hysteresis)", () => {
  const sim = meterAt(MONDAY);
  for (const [vrms, seconds] of [[230, 3], [200, 1], [210, 1], [230, 2], [260, 1], [250, 1], [230, 2]]) {
    sim.setWaveform({ vrms });
    sim.run(seconds);
  }
  const events = pqEvents(sim, MONDAY);
  assert.deepEqual(events.map((e) => e.code), [EventCode.VOLTAGE_DIP, EventCode.VOLTAGE_SWELL]);
  // 210 V (91.3 % Un) keeps the dip open and 250 V (108.7 %) the swell: each lasts 2 s, not 1 s.
  near(events[0].ms, 2000, 20, "dip ms");
  near(events[0].mv, 200000, 200, "dip residual mV");
  near(events[1].ms, 2000, 20, "swell ms");
  near(events[1].mv, 260000, 200, "swell maximum mV");
});

test("10/12-cycle, 150-cycle and 10-minute voltage; a slow drift to +15 % flags its 10-minute mean and logs one swell", () => {
  const sim = meterAt(MONDAY);
  sim.run(600);
  near(sim.meter.pqReading(PqReading.U_10_CYCLES), 230, 0.01, "10-cycle V");
  near(sim.meter.pqReading(PqReading.U_150_CYCLES), 230, 0.01, "150-cycle V");
  // 00:10-00:20: up 1 V every 20 s, 230 .. 259 V; 00:20-00:30: 265 V.
  const drift = Array.from({ length: 30 }, (_, k) => 230 + k);
  for (const vrms of drift) {
    sim.setWaveform({ vrms });
    sim.run(20);
  }
  // The first 10-minute interval closed at 00:10 with 230 V, within limits.
  near(sim.meter.pqReading(PqReading.U_10_MIN), 230, 0.01, "00:00-00:10 mean V");
  assert.equal(sim.meter.pqReading(PqReading.FLAGS_10_MIN), 0);
  sim.setWaveform({ vrms: 265 });
  sim.run(5);
  near(sim.meter.pqReading(PqReading.U_10_MIN), quadraticMean(drift), 0.05, "00:10-00:20 mean V");
  // Inside +-10 % Un (244.8 V), but the swell from 254 V on flags the interval (IEC 61000-4-30).
  assert.equal(sim.meter.pqReading(PqReading.FLAGS_10_MIN), PqFlag.EVENT);
  sim.run(600);
  near(sim.meter.pqReading(PqReading.U_10_MIN), 265, 0.01, "00:20-00:30 mean V");
  assert.equal(sim.meter.pqReading(PqReading.FLAGS_10_MIN), PqFlag.EVENT | PqFlag.VOLTAGE_HIGH);
  sim.setWaveform({ vrms: 230 });
  sim.run(5);
  const events = pqEvents(sim, MONDAY);
  // In the order written: the interval at 00:30, the swell when it ended, stamped with its start.
  assert.deepEqual(events.map((e) => e.code), [EventCode.SUPPLY_VOLTAGE_OUT_OF_RANGE, EventCode.VOLTAGE_SWELL]);
  const [outOfRange, swell] = events;
  near(swell.startS, 600 + 24 * 20, 1, "swell start s (254 V)");
  near(swell.ms, (1805 - 1080) * 1000, 1000, "swell ms (254 V to the return to 230 V)");
  near(swell.mv, 265000, 200, "swell maximum mV");
  assert.equal(outOfRange.cause, 2); // high
  near(outOfRange.startS, 1200, 0, "interval start s");
  near(outOfRange.endS, 1800, 1, "interval end s");
  near(outOfRange.ms, 265000, 20, "10-minute mean mV");
  // Week so far: 3 intervals, 2 within +-10 % Un, 2 flagged by the swell.
  assert.equal(sim.meter.pqReading(PqReading.WEEK + PqWeek.INTERVALS), 3);
  assert.equal(sim.meter.pqReading(PqReading.WEEK + PqWeek.VOLTAGE_OK), 2);
  assert.equal(sim.meter.pqReading(PqReading.WEEK + PqWeek.FLAGGED), 2);
  near(sim.meter.pqReading(PqReading.WEEK_SHARES + 0), 200 / 3, 1e-9, "voltage share %");
});

test("frequency as 10-second means: 30 s at 50.6 Hz (+1.2 %) gives three values outside +-1 % and flags the interval", () => {
  const sim = meterAt(MONDAY);
  sim.run(100);
  near(sim.meter.pqReading(PqReading.FREQUENCY_10_S), 50, 0.001, "10-s Hz at 50 Hz");
  sim.setWaveform({ freqHz: 50.6 });
  sim.run(30);
  sim.setWaveform({ freqHz: 50 });
  sim.run(0.05);
  near(sim.meter.pqReading(PqReading.FREQUENCY_10_S), 50.6, 0.001, "10-s Hz at 50.6 Hz");
  sim.run(600 - 130.05 + 2);
  assert.equal(sim.meter.pqReading(PqReading.FLAGS_10_MIN), PqFlag.FREQUENCY);
  const values = sim.meter.pqReading(PqReading.WEEK + PqWeek.FREQ_VALUES);
  near(values, 60, 1, "10-s values in 10 minutes");
  assert.equal(values - sim.meter.pqReading(PqReading.WEEK + PqWeek.FREQ_OK), 3);
  near(sim.meter.pqReading(PqReading.WEEK_SHARES + 1), (values - 3) / values * 100, 1e-9, "frequency share %");
  const events = pqEvents(sim, MONDAY);
  assert.deepEqual(events.map((e) => e.code), [EventCode.FREQUENCY_OUT_OF_RANGE]);
  near(events[0].ms, 50600, 1, "worst 10-s mean mHz");
  // Voltage and THD were within limits all along.
  assert.equal(sim.meter.pqReading(PqReading.WEEK + PqWeek.VOLTAGE_OK), 1);
  assert.equal(sim.meter.pqReading(PqReading.WEEK + PqWeek.THD_OK), 1);
});

test("THD of voltage and current over 10 minutes: a 9 % 5th harmonic voltage breaks the 8 % limit, 6 % does not", () => {
  const sim = meterAt(MONDAY, {
    vHarmonics: [{ order: 5, pct: 9, phaseDeg: 0 }], iHarmonics: [{ order: 3, pct: 40, phaseDeg: 30 }],
  });
  sim.run(602);
  near(sim.meter.pqReading(PqReading.THD_V_10_MIN), 9, 0.05, "THD V %");
  near(sim.meter.pqReading(PqReading.THD_I_10_MIN), 40, 0.1, "THD I %");
  assert.equal(sim.meter.pqReading(PqReading.FLAGS_10_MIN), PqFlag.THD_HIGH);
  sim.setWaveform({ vHarmonics: [{ order: 5, pct: 6, phaseDeg: 0 }] });
  sim.run(600);
  near(sim.meter.pqReading(PqReading.THD_V_10_MIN), 6, 0.05, "THD V %");
  assert.equal(sim.meter.pqReading(PqReading.FLAGS_10_MIN), 0);
  const events = pqEvents(sim, MONDAY);
  assert.deepEqual(events.map((e) => e.code), [EventCode.VOLTAGE_THD_HIGH]);
  near(events[0].ms, 900, 5, "THD in 0.01 %");
  assert.equal(sim.meter.pqReading(PqReading.WEEK + PqWeek.INTERVALS), 2);
  assert.equal(sim.meter.pqReading(PqReading.WEEK + PqWeek.THD_OK), 1);
  near(sim.meter.pqReading(PqReading.WEEK_SHARES + 2), 50, 1e-9, "THD share %");
});

test("the weekly summary closes at Monday 00:00 UTC: last week's intervals, shares and events, and a fresh week", () => {
  const sunday = MONDAY - 1200n; // Sunday 23:40
  const sim = meterAt(sunday);
  sim.run(100);
  sim.setWaveform({ vrms: 180 }); // a 1 s dip to 78 % Un
  sim.run(1);
  sim.setWaveform({ vrms: 230 });
  sim.run(499 + 300); // into 23:50 .. 00:00 and across midnight
  sim.setWaveform({ vHarmonics: [{ order: 3, pct: 10, phaseDeg: 0 }] });
  sim.run(302); // 23:55 .. 00:00:02 at 10 % THD, then the new week
  const last = (f: PqWeek) => sim.meter.pqReading(PqReading.LAST_WEEK + f);
  const now = (f: PqWeek) => sim.meter.pqReading(PqReading.WEEK + f);
  assert.equal(last(PqWeek.INTERVALS), 2);
  assert.equal(last(PqWeek.VOLTAGE_OK), 2);
  assert.equal(last(PqWeek.FLAGGED), 1);
  assert.equal(last(PqWeek.DIPS), 1);
  assert.equal(last(PqWeek.SWELLS), 0);
  // 23:50-00:00 had 5 min at 10 % and 5 min at 0 %: 7.07 % over 10 minutes, within the limit.
  assert.equal(last(PqWeek.THD_OK), 2);
  near(sim.meter.pqReading(PqReading.THD_V_10_MIN), Math.sqrt(50), 0.05, "23:50-00:00 THD V %");
  near(last(PqWeek.FREQ_VALUES), 120, 1, "10-s values");
  assert.equal(last(PqWeek.FREQ_OK), last(PqWeek.FREQ_VALUES));
  near(sim.meter.pqReading(PqReading.LAST_WEEK_SHARES + 0), 100, 0, "voltage share %");
  for (const f of [PqWeek.INTERVALS, PqWeek.DIPS, PqWeek.FLAGGED]) assert.equal(now(f), 0);
  sim.run(600);
  assert.equal(now(PqWeek.INTERVALS), 1);
  assert.equal(now(PqWeek.THD_OK), 0); // 00:00-00:10 at 10 %
  assert.equal(last(PqWeek.INTERVALS), 2);
});

test("the optical readout (Z18 002, UD2) carries the sag and swell counters and last week's EN 50160 summary (C.50.0..6)", () => {
  const sim = meterAt(MONDAY - 600n); // Sunday 23:50
  assert.equal(sim.meter.configSet(ConfigId.OPTICAL_MODE, 2), Err.OK, "UD2: the list with instantaneous and power quality values");
  for (const [vrms, seconds] of [[230, 60], [180, 1], [230, 60], [260, 0.5], [230, 481]]) {
    sim.setWaveform({ vrms });
    sim.run(seconds);
  }
  const ascii = Uint8Array.from("/?!\r\n\x06050\r\n", (c) => c.charCodeAt(0));
  assert.equal(sim.meter.uartReceive(UartPort.OPTICAL, ascii.subarray(0, 5)), Err.OK);
  sim.run(0.3);
  sim.uart.take(UartPort.OPTICAL);
  assert.equal(sim.meter.uartReceive(UartPort.OPTICAL, ascii.subarray(5)), Err.OK);
  sim.run(0.5);
  const body = String.fromCharCode(...sim.uart.take(UartPort.OPTICAL));
  const lines = new Map([...body.matchAll(/([0-9A-F.]+)\((.*?)\)\r\n/g)].map((m) => [m[1], m[2]]));
  assert.equal(lines.get("32.32.0"), "1");
  assert.equal(lines.get("32.36.0"), "1");
  // One interval (23:50-00:00), flagged by both events, its mean within +-10 % Un; 60 10-s values at 50 Hz.
  assert.equal(lines.get("C.50.0"), "100.0*%");
  assert.equal(lines.get("C.50.1"), "100.0*%");
  assert.equal(lines.get("C.50.2"), "100.0*%");
  assert.deepEqual(["C.50.3", "C.50.4", "C.50.5", "C.50.6"].map((k) => lines.get(k)), ["1", "1", "0", "0"]);
  assert.equal(sim.meter.pqReading(PqReading.LAST_WEEK + PqWeek.INTERVALS), 1);
});

// The PQ record ring (docs/NVM.md): sectors 252..253, 304-byte records (version 2), 13 a sector.
const PQ_SECTOR_AT = 252 * 4096;
const PQ_RECORD_BYTES = 304;
const WEEK_S = 604800n;

function onFlash(nvm: NorFlash, startUtcS: bigint, wave: Partial<WaveformParams> = {}): Simulator {
  const sim = new Simulator({ nvm, waveform: { vrms: 230, irms: 5, ...wave }, startUtcS });
  sim.boot();
  return sim;
}

function drive(sim: Simulator, schedule: [number, number][]): void {
  for (const [vrms, seconds] of schedule) {
    sim.setWaveform({ vrms });
    sim.run(seconds);
  }
}

// The newest intact record of the ring (highest sequence) as a DataView, or undefined.
function newestPqRecord(nvm: NorFlash): DataView | undefined {
  let best: DataView | undefined;
  for (let slot = 0; slot < 2 * 13; slot++) {
    const at = PQ_SECTOR_AT + (slot / 13 | 0) * 4096 + (slot % 13) * PQ_RECORD_BYTES;
    const v = new DataView(nvm.data.buffer, nvm.data.byteOffset + at, PQ_RECORD_BYTES);
    if (v.getUint32(0, true) !== 0x51504d57) continue;
    if (v.getUint32(300, true) !== crc32(nvm.data.subarray(at, at + 300))) continue;
    if (!best || v.getUint32(8, true) > best.getUint32(8, true)) best = v;
  }
  return best;
}

const week = (sim: Simulator, last: boolean): number[] =>
  Array.from({ length: 10 }, (_, f) => sim.meter.pqReading((last ? PqReading.LAST_WEEK : PqReading.WEEK) + f));

test("the PQ record (WMPQ, version 2, 304 bytes on sectors 252..253) holds the event counts, the week's end, both weeks, the push settings and the alarm register, descriptor and pending push", () => {
  const nvm = new NorFlash();
  const sim = onFlash(nvm, MONDAY - 600n); // Sunday 23:50
  drive(sim, [[230, 60], [180, 1], [230, 60], [264.5, 0.5], [230, 481], [0, 2], [230, 5]]); // into Monday 00:00:07
  const rec = newestPqRecord(nvm);
  assert.ok(rec, "a record in sector 252");
  assert.equal(rec.getUint16(4, true), 2, "version");
  assert.equal(rec.getUint16(6, true), 304, "length");
  assert.deepEqual([0, 1, 2, 3].map((k) => rec.getUint32(12 + 4 * k, true)), [1, 1, 1, 0], "dips, swells, short, long interruptions");
  assert.equal(BigInt(rec.getUint32(28, true)), MONDAY + WEEK_S, "the current week ends next Monday 00:00 UTC");
  const u32s = (at: number) => Array.from({ length: 10 }, (_, f) => rec.getUint32(at + 4 * f, true));
  assert.deepEqual(u32s(32), week(sim, false), "the current week at 32, PqWeek order");
  assert.deepEqual(u32s(72), week(sim, true), "the last complete week at 72");
  assert.deepEqual(u32s(72).slice(PqWeek.DIPS, PqWeek.FLAGGED + 1), [1, 1, 0, 0, 1], "last week: the dip, the swell, one flagged interval");
  assert.equal(u32s(32)[PqWeek.SHORT_INTERRUPTIONS], 1, "this week: the 2 s interruption");
  // Push settings at 112: alarm push 40 bytes (destination length 14, retries 3, randomisation 30 s, delay 60 s,
  // no window, route 0, "127.0.0.1:4063"), the consumer push's, then the windows at 192.
  assert.deepEqual([rec.getUint8(112), rec.getUint8(113), rec.getUint16(114, true), rec.getUint16(116, true), rec.getUint8(118)], [14, 3, 30, 60, 0]);
  assert.equal(Buffer.from(nvm.data.subarray(rec.byteOffset + 120, rec.byteOffset + 134)).toString(), "127.0.0.1:4063");
  assert.deepEqual([rec.getUint8(152), rec.getUint8(159)], [3, 1], "consumer push: \"CCC\", route 1 (the consumer channel)");
  assert.equal(Buffer.from(nvm.data.subarray(rec.byteOffset + 160, rec.byteOffset + 163)).toString(), "CCC");
  // At 288 the alarm register, the descriptor, the pending flag: the default Z26 = 2 filters the cover only, so
  // the stored-data, voltage and power bits of this run are in the descriptor alone.
  assert.equal(rec.getUint32(288, true) & ~2, 0, "register: at most the cover bit (Z26 = 2)");
  assert.equal(rec.getUint32(292, true) & (1 << 12 | 1 << 13), 1 << 12 | 1 << 13, "descriptor: the dip (bit 12) and the swell (bit 13)");
  assert.ok(rec.getUint32(296, true) <= 1, "pending push flag 0 or 1");
});

// The firmware before the alarms joined the record wrote version 1 (292 bytes, CRC at 288): an update reads it.
test("a version 1 PQ record (292 bytes) is still read after the update: dips 1, swells 1 and the alarm push's 30 s randomisation come back, no stored-data error; the next record is version 2", () => {
  const nvm = new NorFlash();
  const a = onFlash(nvm, MONDAY - 600n);
  drive(a, [[230, 60], [180, 1], [230, 60], [264.5, 0.5], [230, 481]]);
  const v2 = newestPqRecord(nvm)!;
  const v1 = new Uint8Array(292);
  v1.set(nvm.data.subarray(v2.byteOffset - nvm.data.byteOffset, v2.byteOffset - nvm.data.byteOffset + 288));
  const view = new DataView(v1.buffer);
  view.setUint16(4, 1, true);
  view.setUint16(6, 292, true);
  view.setUint32(288, crc32(v1.subarray(0, 288)), true);
  const old = new NorFlash();
  old.data.set(v1, PQ_SECTOR_AT);
  const b = onFlash(old, MONDAY + 700n);
  assert.deepEqual([b.meter.pqReading(PqReading.DIPS), b.meter.pqReading(PqReading.SWELLS)], [1, 1]);
  assert.equal(b.meter.errorRegister() & 8, 0, "a version 1 record is no damage");
  associate(b, MANAGEMENT);
  assert.equal(get(b, MANAGEMENT, 40, obis("0.0.25.9.0.255"), 5), 30, "randomisation_start_interval from the version 1 record");
  b.setWaveform({ vrms: 180 });
  b.run(1);
  b.setWaveform({ vrms: 230 });
  b.run(2);
  const rec = newestPqRecord(old)!;
  assert.equal(rec.getUint16(4, true), 2, "the next record is version 2");
  assert.equal(rec.getUint32(12, true), 2, "with both dips");
  assert.equal(old.data[PQ_SECTOR_AT], 0x57, "the version 1 record kept in sector 252 (the new one starts in 253)");
});

test("sag, swell and interruption counters and both weekly summaries survive power cycles; a week that ended while off becomes the last week", () => {
  const nvm = new NorFlash();
  const a = onFlash(nvm, MONDAY - 600n);
  drive(a, [[230, 60], [180, 1], [230, 60], [264.5, 0.5], [230, 481], [230, 60], [150, 0.3], [230, 2], [0, 2], [230, 3]]);
  // The interruption was the interval's second event: it is stored with the 10-minute interval at 00:10 (one
  // event write per interval bounds the wear). A cut without warning at 00:10:15, the supply back at 00:15.
  a.run(548);
  const counts = [PqReading.DIPS, PqReading.SWELLS, PqReading.SHORT_INTERRUPTIONS, PqReading.LONG_INTERRUPTIONS].map((r) => a.meter.pqReading(r));
  assert.deepEqual(counts, [2, 1, 1, 0]);
  const thisWeek = week(a, false);
  const lastWeek = week(a, true);
  assert.deepEqual([thisWeek[PqWeek.INTERVALS], thisWeek[PqWeek.DIPS], thisWeek[PqWeek.SHORT_INTERRUPTIONS], lastWeek[PqWeek.DIPS], lastWeek[PqWeek.SWELLS]], [1, 1, 1, 1, 1]);
  const b = onFlash(nvm, MONDAY + 900n);
  assert.deepEqual([PqReading.DIPS, PqReading.SWELLS, PqReading.SHORT_INTERRUPTIONS, PqReading.LONG_INTERRUPTIONS].map((r) => b.meter.pqReading(r)), counts);
  assert.equal(b.meter.counter(Counter.VOLTAGE_SAGS), 2n, "the sag counter (1.0.32.32.0.255) too");
  assert.equal(b.meter.counter(Counter.VOLTAGE_SWELLS), 1n);
  assert.deepEqual(week(b, false), thisWeek);
  assert.deepEqual(week(b, true), lastWeek);
  assert.equal(b.meter.errorRegister(), 0);
  b.run(2);
  // Off for a week: this week is the last complete week at the next power-up; the counters stay.
  const c = onFlash(nvm, MONDAY + WEEK_S + 3600n);
  assert.deepEqual(week(c, true), thisWeek, "the week that ended while the meter was off is the last week");
  assert.deepEqual(week(c, false), new Array(10).fill(0));
  assert.equal(c.meter.pqReading(PqReading.DIPS), 2);
  c.run(2);
  // Off for three weeks: the last complete week had no supply at the meter, so nothing was measured in it.
  const d = onFlash(nvm, MONDAY + 4n * WEEK_S + 3600n);
  assert.deepEqual(week(d, true), new Array(10).fill(0));
  assert.equal(d.meter.counter(Counter.VOLTAGE_SAGS), 2n);
});

test("a power cut at each NVM operation of the window that stores a dip loses at most that dip, never the record ring", () => {
  // One dip at 00:09:45 (stored at once), the 10-minute interval's record at 00:10, then a second dip that,
  // being the new interval's first event, is stored in the window that logs it.
  const before = (nvm: NorFlash): Simulator => {
    const sim = onFlash(nvm, MONDAY + 580n);
    drive(sim, [[230, 5], [180, 1], [230, 20], [170, 0.4], [230, 0.1]]);
    return sim;
  };
  const probe = new NorFlash();
  const p = before(probe);
  const at = probe.ops;
  p.run(1.2); // the window that logs the second dip and writes the record
  const ops = probe.ops - at;
  assert.ok(ops >= 2, `${ops} operations in that window`);
  const outcomes = new Set<number>();
  for (let k = 1; k <= ops; k++) {
    const nvm = new NorFlash({ seed: k });
    const sim = before(nvm);
    nvm.cutPowerAtOp(k);
    assert.throws(() => sim.run(1.2), PowerCut);
    nvm.cutPowerAtOp(0);
    const again = onFlash(nvm, MONDAY + 660n);
    const dips = again.meter.pqReading(PqReading.DIPS);
    assert.ok(dips === 1 || dips === 2, `cut at op ${k}: ${dips} dips`);
    outcomes.add(dips);
    assert.equal(again.meter.errorRegister(), 0, `cut at op ${k}: no stored-data error`);
    drive(again, [[230, 2], [180, 0.5], [230, 2.5]]);
    const third = onFlash(nvm, MONDAY + 720n);
    assert.equal(third.meter.pqReading(PqReading.DIPS), dips + 1, `cut at op ${k}: the ring goes on writing`);
  }
  assert.ok(outcomes.has(1), "a cut before the record is complete loses the second dip, nothing else");
  assert.equal(newestPqRecord(probe)?.getUint32(12, true), 2, "without a cut that window stores the second dip: the cuts covered its write");
});

test("no PQ record is written after the power-fail warning; the dip waits for the supply to come back", () => {
  const nvm = new NorFlash();
  const sim = onFlash(nvm, MONDAY + 30n);
  sim.run(3);
  sim.meter.inputEvent(InputKind.POWER_FAIL, 1);
  const at = nvm.ops;
  drive(sim, [[180, 0.5], [230, 3]]);
  assert.equal(sim.meter.pqReading(PqReading.DIPS), 1);
  assert.equal(nvm.ops, at, "nothing written while the supply fails");
  sim.meter.inputEvent(InputKind.POWER_FAIL, 0);
  sim.run(2);
  assert.equal(newestPqRecord(nvm)?.getUint32(12, true), 1, "stored once the supply is back");
});

test("PQ objects over DLMS (management): sags, swells, interruptions, 10-minute U, 10-s f, THD U and I, this week's summary, driven through the waveform", () => {
  const sim = meterAt(MONDAY + 10n, { vHarmonics: [{ order: 5, pct: 6, phaseDeg: 0 }], iHarmonics: [{ order: 3, pct: 20, phaseDeg: 0 }] });
  drive(sim, [[230, 100], [161, 0.5], [230, 20], [264.5, 0.2], [230, 20], [0, 2], [230, 20], [92, 0.1], [230, 440]]); // past 00:10
  associate(sim, MANAGEMENT);
  const read = (classId: number, ln: string, attr = 2) => get(sim, MANAGEMENT, classId, obis(ln), attr);
  assert.equal(read(1, "1.0.32.32.0.255"), 2, "sags: the dips to 70 and 40 %");
  assert.equal(read(1, "1.0.32.36.0.255"), 1, "swells");
  assert.equal(read(1, "1.0.32.40.0.255"), 1, "voltage interruptions (missing voltage): the 2 s one");
  const u = read(3, "1.0.32.128.0.255") as number;
  assert.deepEqual(read(3, "1.0.32.128.0.255", 3), [-2, 35], "0.01 V");
  // 00:00:10..00:10 is 590 s of 230 V with the events inside; the mean square says what the value must be.
  // The 6 % 5th harmonic adds to the RMS: sqrt(1 + 0.06^2).
  const volts = Math.sqrt((230 * 230 * (590 - 2.8) + 161 * 161 * 0.5 + 264.5 * 264.5 * 0.2 + 92 * 92 * 0.1) / 590 * 1.0036);
  near(u / 100, volts, 0.3, "10-minute U, V");
  near(u / 100, sim.meter.pqReading(PqReading.U_10_MIN), 0.005, "the register is pq_reading 2 in 0.01 V");
  assert.deepEqual(read(3, "1.0.14.128.0.255", 3), [-3, 44]);
  near(read(3, "1.0.14.128.0.255") as number, 50000, 2, "10-s frequency, mHz");
  assert.deepEqual(read(3, "1.0.32.128.124.255", 3), [-2, 56]);
  const thdU = read(3, "1.0.32.128.124.255") as number;
  near(thdU, 600, 10, "THD U 6 %, in 0.01 %");
  near(thdU, sim.meter.pqReading(PqReading.THD_V_10_MIN) * 100, 0.5, "the register is pq_reading 4 in 0.01 %");
  near(read(3, "1.0.31.128.124.255") as number, 2000, 20, "THD I 20 %");
  // This week: shares in 0.1 % (voltage, frequency, THD), intervals, flagged, dips, swells, short, long.
  assert.deepEqual(read(1, "1.0.32.129.0.255"), [1000, 1000, 1000, 1, 1, 2, 1, 1, 0]);
  assert.deepEqual(read(1, "1.0.32.129.0.101"), [null, null, null, 0, 0, 0, 0, 0, 0], "no complete week yet: shares null");
  assert.equal(getResult(sim, MANAGEMENT, 3, obis("1.0.32.128.0.255"), 4), 4, "a register has no attribute 4: object-undefined");
  associate(sim, PUBLIC);
  assert.equal(getResult(sim, PUBLIC, 1, obis("1.0.32.32.0.255"), 2), 4, "not in the public client's list");
});

test("wear: an hour with a dip every 2.5 minutes writes 12 PQ records (one per 10-minute interval, one for its first event): about 81,000 erases per sector in 20 years", () => {
  const nvm = new NorFlash();
  const sim = onFlash(nvm, MONDAY);
  const first = newestPqRecord(nvm)?.getUint32(8, true) ?? 0;
  for (let k = 0; k < 24; k++) drive(sim, [[230, 149.5], [180, 0.5]]);
  drive(sim, [[230, 2]]);
  assert.equal(sim.meter.pqReading(PqReading.DIPS), 24);
  const rec = newestPqRecord(nvm)!;
  const written = rec.getUint32(8, true) - first;
  assert.equal(written, 12, "6 intervals and the first dip of each");
  assert.equal(rec.getUint32(12, true), 24, "the last interval's record holds every dip");
  // 26 slots in the ring: 2 records per 10 minutes for 20 years erase each sector 80,862 times (NOR: 100,000).
  const erasesIn20Years = Math.round(written * 24 * 365.25 * 20 / 26);
  assert.ok(erasesIn20Years < 100000, `${erasesIn20Years} erases per sector in 20 years`);
  console.log(`PQ record wear: ${written} records an hour at most, ${erasesIn20Years} erases per sector in 20 years`);
});

// Issue 14 (docs/EVENTS.md "Bursts"): a flickering supply must not flood the power quality log.
test("30 dips in one 10-minute interval: all 30 counted (1.0.32.32.0.255 and the week), 10 in the power quality log; the next interval logs again", () => {
  const sim = onFlash(new NorFlash(), MONDAY + 5n);
  for (let k = 0; k < 30; k++) drive(sim, [[180, 0.2], [230, 0.8]]);
  drive(sim, [[230, 2]]);
  assert.equal(sim.meter.pqReading(PqReading.DIPS), 30);
  assert.equal(sim.meter.counter(Counter.VOLTAGE_SAGS), 30n);
  const dips = () => sim.meter.eventLog(EventLog.POWER_QUALITY).filter((e) => e.code === EventCode.VOLTAGE_DIP);
  assert.equal(dips().length, 10, "the first 10 of the interval logged");
  assert.ok(dips().every((e) => e.timeUtcS < MONDAY + 600n));
  drive(sim, [[230, 570], [180, 0.2], [230, 2]]); // the dip at 00:10:07
  assert.equal(dips().length, 11, "a new interval: logged");
  assert.ok(dips().at(-1)!.timeUtcS >= MONDAY + 600n);
});
