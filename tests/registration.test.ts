// Registration rules of the data sheet and IEC 62053-21: starting current, no-load, quadrants, S0 pulses.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Simulator } from "../host/sim.js";
import { Reading, Register, ConfigId, Err } from "../host/abi.js";
import { calibratedMeter } from "../host/calibrate.js";
import { TYPICAL_FRONT_END } from "../host/shims/frontend.js";

const uwh = (sim: Simulator, reg: Register): number => Number(sim.meter.energyUwh(reg));

test("registers from the starting current: 20 mA at 230 V PF 1 within 1 % over 10 minutes", () => {
  const sim = new Simulator({ waveform: { vrms: 230, irms: 0.02, noiseLsb: 4, seed: 1 } });
  sim.boot();
  sim.run(600);
  const hours = sim.meter.reading(Reading.WINDOW_END_SAMPLE) / 4000 / 3600;
  const exactUwh = 230 * 0.02 * hours * 1e6;
  const errorPct = (uwh(sim, Register.A_PLUS) - exactUwh) / exactUwh * 100;
  console.log(`starting current 20 mA: exact ${exactUwh.toFixed(0)} µWh, registered ${uwh(sim, Register.A_PLUS)} µWh, error ${errorPct.toFixed(3)} %`);
  assert.ok(Math.abs(errorPct) < 1, `error ${errorPct} %`);
});

test("no-load at 115 % Un (264.5 V, no current) emits no pulse and registers nothing in 26.1 min", () => {
  // IEC 62053-21 8.3.2: test period 600e6 / (k m Un Imax) min = 600e6 / (1000 * 1 * 230 * 100) = 26.1 min.
  const sim = new Simulator({ waveform: { vrms: 264.5, irms: 0, noiseLsb: 30, iDcA: 0.05, seed: 7 } });
  sim.boot();
  sim.run(26.1 * 60);
  assert.equal(sim.s0.count, 0);
  for (let reg = 0; reg < 10; reg++) assert.equal(uwh(sim, reg), 0, `register ${reg}`);
  assert.equal(sim.meter.reading(Reading.QUADRANT), 0);
  assert.equal(sim.meter.reading(Reading.INDICATORS), 1, "supply indicator on, phase current indicator off");
});

test("each quadrant's reactive energy lands in R1..R4 and in R+ (I, II) or R- (III, IV)", () => {
  const cases = [
    { phaseDeg: 45, quadrant: 1, reg: Register.R1, sum: Register.R_PLUS, active: Register.A_PLUS },
    { phaseDeg: 135, quadrant: 2, reg: Register.R2, sum: Register.R_PLUS, active: Register.A_MINUS },
    { phaseDeg: -135, quadrant: 3, reg: Register.R3, sum: Register.R_MINUS, active: Register.A_MINUS },
    { phaseDeg: -45, quadrant: 4, reg: Register.R4, sum: Register.R_MINUS, active: Register.A_PLUS },
  ];
  for (const c of cases) {
    const sim = new Simulator({ waveform: { vrms: 230, irms: 10, phaseDeg: c.phaseDeg } });
    sim.boot();
    sim.run(10);
    assert.equal(sim.meter.reading(Reading.QUADRANT), c.quadrant, `phase ${c.phaseDeg}`);
    const expectedUwh = 230 * 10 * Math.SQRT1_2 * (sim.meter.reading(Reading.WINDOW_END_SAMPLE) / 4000 / 3600) * 1e6;
    for (let reg = Register.R1; reg <= Register.R4; reg++) {
      if (reg === c.reg) assert.ok(Math.abs(uwh(sim, reg) / expectedUwh - 1) < 0.002, `quadrant ${c.quadrant} R${reg - 3}`);
      else assert.equal(uwh(sim, reg), 0, `quadrant ${c.quadrant} must leave R${reg - 3} alone`);
    }
    assert.equal(uwh(sim, c.sum), uwh(sim, c.reg));
    assert.ok(Math.abs(uwh(sim, c.active) / expectedUwh - 1) < 0.002);
  }
});

test("a resistive load behind the calibrated front end is quadrant I (import) or III (export) and adds nothing to R1..R4", () => {
  // Its Q is a few mvar either side of zero (-0.002 var at 10 A, -0.06 var at 100 A): under the 0.5 var dead band.
  const { sim, source } = calibratedMeter(TYPICAL_FRONT_END, 50);
  for (const [phaseDeg, irms, quadrant] of [[0, 0.25, 1], [0, 10, 1], [0, 100, 1], [180, 10, 3]]) {
    source.set({ vrms: 230, irms, phaseDeg, freqHz: 50 });
    sim.run(2);
    const before = [Register.R1, Register.R2, Register.R3, Register.R4, Register.R_PLUS, Register.R_MINUS].map((r) => uwh(sim, r));
    for (let s = 0; s < 30; s++) {
      sim.run(1);
      assert.equal(sim.meter.reading(Reading.QUADRANT), quadrant, `${irms} A at ${phaseDeg} deg, second ${s}: Q ${sim.meter.reading(Reading.Q)} var`);
      assert.ok(Math.abs(sim.meter.reading(Reading.Q)) < 0.5, `Q ${sim.meter.reading(Reading.Q)} var`);
    }
    const after = [Register.R1, Register.R2, Register.R3, Register.R4, Register.R_PLUS, Register.R_MINUS].map((r) => uwh(sim, r));
    assert.deepEqual(after, before, `${irms} A at ${phaseDeg} deg: R1..R4, R+, R- in µvarh`);
  }
});

test("S0 emits 1000 pulses per kWh: pulse count equals registered A+ Wh, pulses 30 ms wide, never closer than 60 ms", () => {
  const sim = new Simulator({ waveform: { vrms: 264.5, irms: 100, phaseDeg: 0 } });
  sim.boot();
  sim.run(600); // 26.45 kW for 10 min: 4408 Wh
  sim.setWaveform({ irms: 0 });
  sim.run(30); // let the last window's pulses out
  const wh = Number(sim.meter.energyWh(Register.A_PLUS));
  assert.ok(wh > 4400 && wh < 4420, `${wh} Wh`);
  assert.equal(sim.meter.s0Pending(), 0);
  assert.equal(sim.s0.count, wh);
  assert.equal(sim.led.count, wh, "the LED pulses with S0");
  assert.ok(sim.s0.pulses.every((p) => p.widthMs === 30));
  const starts = sim.s0.pulses.map((p) => p.tMs);
  let minGapMs = Infinity;
  for (let k = 1; k < starts.length; k++) minGapMs = Math.min(minGapMs, starts[k] - starts[k - 1]);
  console.log(`S0 at 26.45 kW: ${sim.s0.count} pulses for ${wh} Wh, closest starts ${minGapMs} ms apart`);
  assert.ok(minGapMs >= 60, `pulses ${minGapMs} ms apart`);
});

test("S0 pulse width follows Z8: 80 ms pulses at least 110 ms apart, count still equals Wh", () => {
  const sim = new Simulator({ waveform: { vrms: 230, irms: 100 } });
  sim.boot();
  assert.equal(sim.meter.configSet(ConfigId.PULSE_WIDTH_MS, 80), Err.OK);
  assert.equal(sim.meter.configSet(ConfigId.PULSE_WIDTH_MS, 50), Err.OUT_OF_RANGE);
  sim.run(120);
  sim.setWaveform({ irms: 0 });
  sim.run(30);
  const wh = Number(sim.meter.energyWh(Register.A_PLUS));
  assert.equal(sim.s0.count, wh);
  assert.ok(sim.s0.pulses.every((p) => p.widthMs === 80));
  const starts = sim.s0.pulses.map((p) => p.tMs);
  for (let k = 1; k < starts.length; k++) assert.ok(starts[k] - starts[k - 1] >= 110);
});

test("LED configuration Z2: steady on without consumption when configured, off otherwise", () => {
  const sim = new Simulator({ waveform: { vrms: 230, irms: 0 } });
  sim.boot();
  assert.equal(sim.meter.configSet(ConfigId.LED_MODE, 2), Err.OK);
  sim.run(3);
  assert.equal(sim.led.level, 1);
  sim.setWaveform({ irms: 5 });
  sim.run(3);
  assert.equal(sim.led.level, 0);
  assert.equal(sim.meter.configSet(ConfigId.LED_MODE, 3), Err.OUT_OF_RANGE);
});
