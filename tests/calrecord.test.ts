// Legal calibration record: gain and phase calibration take effect, survive a power cycle, and a torn or flipped record is never trusted.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Simulator } from "../host/sim.js";
import { CalId, Err, InputKind, Reading } from "../host/abi.js";
import { NorFlash, PowerCut } from "../host/shims/nvm.js";
import { crc32 } from "./helpers.js";

const DEFAULT_I_GAIN = 250 / 8388608;
const SECTOR = 4096;

function calibrate(sim: Simulator, id: CalId, value: number): Err {
  assert.equal(sim.meter.inputEvent(InputKind.CAL_MODE, 1), Err.OK);
  const status = sim.meter.calSet(id, value);
  assert.equal(sim.meter.inputEvent(InputKind.CAL_MODE, 0), Err.OK);
  return status;
}

test("the record layout is pinned: magic WMCA, version 2, length 52, sequence, four f64, CRC-32 of bytes 0..47", () => {
  const nvm = new NorFlash();
  const sim = new Simulator({ nvm });
  sim.boot();
  assert.equal(calibrate(sim, CalId.I_GAIN, DEFAULT_I_GAIN * 1.01), Err.OK);
  assert.equal(calibrate(sim, CalId.DELAY_US, 133.3), Err.OK);
  const rec = nvm.data.subarray(SECTOR, SECTOR + 52); // the second write goes to slot B, sector 1
  const view = new DataView(rec.buffer, rec.byteOffset, 52);
  assert.deepEqual([...rec.subarray(0, 4)], [0x57, 0x4d, 0x43, 0x41]); // "WMCA"
  assert.equal(view.getUint16(4, true), 2);
  assert.equal(view.getUint16(6, true), 52);
  assert.equal(view.getUint32(8, true), 2);
  assert.equal(view.getUint32(12, true), 0);
  assert.equal(view.getFloat64(16, true), 500 / 8388608);
  assert.equal(view.getFloat64(24, true), DEFAULT_I_GAIN * 1.01);
  assert.equal(view.getFloat64(32, true), 0);
  assert.equal(view.getFloat64(40, true), 133.3);
  assert.equal(view.getUint32(48, true), crc32(rec.subarray(0, 48)));
  assert.equal(sim.meter.calGet(CalId.RECORD_CRC), view.getUint32(48, true), "the legal checksum reads back");
  assert.equal(sim.meter.calGet(CalId.DELAY_US), 133.3);
  assert.equal(sim.meter.calGet(CalId.I_GAIN), DEFAULT_I_GAIN * 1.01);
  assert.ok(nvm.data.subarray(SECTOR + 52, 2 * SECTOR).every((b) => b === 0xff), "nothing else written in the sector");
});

test("a version 1 record (44 bytes, no delay) written by older firmware is still read, with no delay", () => {
  const nvm = new NorFlash();
  const rec = new Uint8Array(44);
  const view = new DataView(rec.buffer);
  rec.set([0x57, 0x4d, 0x43, 0x41]);
  view.setUint16(4, 1, true);
  view.setUint16(6, 44, true);
  view.setUint32(8, 7, true);
  view.setFloat64(16, 500 / 8388608, true);
  view.setFloat64(24, DEFAULT_I_GAIN * 1.01, true);
  view.setFloat64(32, 0.5 * Math.PI / 180, true);
  view.setUint32(40, crc32(rec.subarray(0, 40)), true);
  nvm.data.set(rec, 0);
  const sim = new Simulator({ nvm, waveform: { vrms: 230, irms: 10, phaseDeg: 60.5 } });
  sim.boot();
  assert.equal(sim.meter.calGet(CalId.I_GAIN), DEFAULT_I_GAIN * 1.01);
  assert.equal(sim.meter.calGet(CalId.DELAY_US), 0);
  assert.equal(sim.meter.calGet(CalId.RECORD_CRC), view.getUint32(40, true));
  sim.run(3);
  assert.ok(Math.abs(sim.meter.reading(Reading.P) / (1150 * 1.01) - 1) < 1e-4, `${sim.meter.reading(Reading.P)} W`);
  // The next write is version 2 in the other slot, with the old constants carried over.
  assert.equal(calibrate(sim, CalId.DELAY_US, 10), Err.OK);
  const next = new DataView(nvm.data.buffer, nvm.data.byteOffset + SECTOR, 52);
  assert.equal(next.getUint16(4, true), 2);
  assert.equal(next.getUint32(8, true), 8);
  assert.equal(next.getFloat64(24, true), DEFAULT_I_GAIN * 1.01);
});

test("a current gain 1 % higher raises P by 1 %, and survives a power cycle", () => {
  const nvm = new NorFlash();
  const wave = { vrms: 230, irms: 10 };
  const sim = new Simulator({ nvm, waveform: wave });
  sim.boot();
  sim.run(3);
  const before = sim.meter.reading(Reading.P);
  assert.equal(calibrate(sim, CalId.I_GAIN, DEFAULT_I_GAIN * 1.01), Err.OK);
  sim.run(3);
  assert.ok(Math.abs(sim.meter.reading(Reading.P) / before - 1.01) < 1e-5);
  const rebooted = new Simulator({ nvm, waveform: wave });
  rebooted.boot();
  rebooted.run(3);
  assert.ok(Math.abs(rebooted.meter.reading(Reading.P) / before - 1.01) < 1e-5, "calibration kept through a power cycle");
});

test("phase calibration cancels a 0.5 degree front-end lag at PF 0.5 to within 0.01 %", () => {
  const lagDeg = 0.5;
  const sim = new Simulator({ waveform: { vrms: 230, irms: 10, phaseDeg: 60 + lagDeg } });
  sim.boot();
  sim.run(3);
  const uncorrected = sim.meter.reading(Reading.P);
  assert.ok(Math.abs(uncorrected / 1150 - 1) > 0.01, `a 0.5 degree lag costs 1.5 % at PF 0.5 (${uncorrected} W)`);
  assert.equal(calibrate(sim, CalId.PHASE_RAD, lagDeg * Math.PI / 180), Err.OK);
  sim.run(3);
  assert.ok(Math.abs(sim.meter.reading(Reading.P) / 1150 - 1) < 1e-4, `${sim.meter.reading(Reading.P)} W`);
  assert.ok(Math.abs(sim.meter.reading(Reading.Q) / (2300 * Math.sin(Math.PI / 3)) - 1) < 1e-4);
});

test("implausible constants and unknown ids are refused and change nothing", () => {
  const sim = new Simulator({ waveform: { vrms: 230, irms: 5 } });
  sim.boot();
  assert.equal(calibrate(sim, CalId.I_GAIN, DEFAULT_I_GAIN * 2), Err.OUT_OF_RANGE);
  assert.equal(calibrate(sim, CalId.V_GAIN, -1), Err.OUT_OF_RANGE);
  assert.equal(calibrate(sim, CalId.V_GAIN, Number.NaN), Err.OUT_OF_RANGE);
  assert.equal(calibrate(sim, CalId.PHASE_RAD, 0.2), Err.OUT_OF_RANGE);
  assert.equal(calibrate(sim, CalId.DELAY_US, 251), Err.OUT_OF_RANGE, "more than one sample period");
  assert.equal(calibrate(sim, CalId.DELAY_US, Number.NaN), Err.OUT_OF_RANGE);
  assert.equal(calibrate(sim, 9 as CalId, 1), Err.INVALID_ARGUMENT);
  assert.equal(sim.meter.calSet(CalId.I_GAIN, DEFAULT_I_GAIN), Err.NOT_PERMITTED, "outside calibration mode");
  assert.ok(sim.nvm.data.subarray(0, 2 * SECTOR).every((b) => b === 0xff), "no record written");
  sim.run(3);
  assert.ok(Math.abs(sim.meter.reading(Reading.P) / 1150 - 1) < 1e-4);
});

test("a power cut at every point of a calibration write leaves the old or the new constants, never garbage", () => {
  const wave = { vrms: 230, irms: 10 };
  for (let cutAt = 1; cutAt <= 2; cutAt++) {
    for (let seed = 1; seed <= 20; seed++) {
      const nvm = new NorFlash({ seed });
      const sim = new Simulator({ nvm, waveform: wave });
      sim.boot();
      assert.equal(calibrate(sim, CalId.I_GAIN, DEFAULT_I_GAIN * 1.01), Err.OK);
      sim.meter.inputEvent(InputKind.CAL_MODE, 1);
      nvm.cutPowerAtOp(cutAt); // 1: the erase of slot B, 2: the program of slot B
      assert.throws(() => sim.meter.calSet(CalId.I_GAIN, DEFAULT_I_GAIN * 1.02), PowerCut);
      const rebooted = new Simulator({ nvm, waveform: wave });
      rebooted.boot();
      rebooted.run(3);
      const ratio = rebooted.meter.reading(Reading.P) / 2300;
      assert.ok(Math.abs(ratio - 1.01) < 1e-5 || Math.abs(ratio - 1.02) < 1e-5, `cut at op ${cutAt} seed ${seed}: P ratio ${ratio}`);
    }
  }
});

test("a flipped bit in the newest record is caught by the CRC and the older record is used", () => {
  const nvm = new NorFlash();
  const wave = { vrms: 230, irms: 10 };
  const sim = new Simulator({ nvm, waveform: wave });
  sim.boot();
  assert.equal(calibrate(sim, CalId.I_GAIN, DEFAULT_I_GAIN * 1.01), Err.OK); // slot A, sequence 1
  assert.equal(calibrate(sim, CalId.I_GAIN, DEFAULT_I_GAIN * 1.02), Err.OK); // slot B, sequence 2
  nvm.flipBit(SECTOR + 27, 3); // inside slot B's current gain
  const rebooted = new Simulator({ nvm, waveform: wave });
  rebooted.boot();
  rebooted.run(3);
  assert.ok(Math.abs(rebooted.meter.reading(Reading.P) / 2300 - 1.01) < 1e-5);
});
