// The meter's readings over DLMS/COSEM (issue 12, part 1): energies, instantaneous values, counters, peaks, against the firmware's own registers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Simulator } from "../host/sim.js";
import { ConfigId, Counter, Err, Peak, Reading, Register } from "../host/abi.js";
import { utc } from "./helpers.js";
import { associate, get, getResult, objectList, obis, MANAGEMENT, PUBLIC, Data } from "./cosemclient.js";

const TYPE_DK = "61111BN143001208";
const withX = (type: string, index: number, char: string): string => type.slice(0, index - 1) + char + type.slice(index);

// 10 A at PF 0.95 inductive (quadrant I), 2026-01-01 12:00 UTC, 6 minutes, then no load so registers hold still.
function meter(seconds = 360): Simulator {
  const sim = new Simulator({ startUtcS: utc(2026, 1, 1, 12), waveform: { vrms: 230, irms: 10, phaseDeg: 18.19 } });
  sim.boot();
  sim.run(seconds);
  return sim;
}

const ENERGY: [string, Register, number][] = [
  ["1.0.1.8.0.255", Register.A_PLUS, 30], ["1.0.2.8.0.255", Register.A_MINUS, 30], ["1.0.3.8.0.255", Register.R_PLUS, 32],
  ["1.0.4.8.0.255", Register.R_MINUS, 32], ["1.0.5.8.0.255", Register.R1, 32], ["1.0.6.8.0.255", Register.R2, 32],
  ["1.0.7.8.0.255", Register.R3, 32], ["1.0.8.8.0.255", Register.R4, 32], ["1.0.9.8.0.255", Register.E_PLUS, 31],
  ["1.0.10.8.0.255", Register.E_MINUS, 31],
  ...[1, 2, 3, 4].map((t): [string, Register, number] => [`1.0.1.8.${t}.255`, Register.A_PLUS_T1 + t - 1, 30]),
  ...[1, 2, 3, 4].map((t): [string, Register, number] => [`1.0.3.8.${t}.255`, Register.R_PLUS_T1 + t - 1, 32]),
];

test("management reads all 18 energy registers as the firmware's Wh (varh, VAh), scaler 0; 6 min of 2185 W is 218.5 Wh", () => {
  const sim = meter();
  sim.setWaveform({ irms: 0 });
  sim.run(2);
  associate(sim, MANAGEMENT);
  for (const [ln, reg, unit] of ENERGY) {
    assert.equal(get(sim, MANAGEMENT, 3, obis(ln), 2), sim.meter.energyWh(reg), ln);
    assert.deepEqual(get(sim, MANAGEMENT, 3, obis(ln), 3), [0, unit], `${ln} scaler 0, unit ${unit}`);
  }
  const aPlus = Number(get(sim, MANAGEMENT, 3, obis("1.0.1.8.0.255"), 2));
  assert.ok(Math.abs(aPlus - 218.5) <= 1.5, `A+ ${aPlus} Wh`);
  const rPlus = Number(get(sim, MANAGEMENT, 3, obis("1.0.3.8.0.255"), 2));
  assert.ok(Math.abs(rPlus - 71.8) <= 1.5, `R+ ${rPlus} varh (718 var for 6 min)`);
  assert.equal(get(sim, MANAGEMENT, 3, obis("1.0.5.8.0.255"), 2), BigInt(rPlus), "all reactive energy in quadrant I");
});

test("the public client sees A+ and A- totals only: the other energies are object-undefined (4) for it", () => {
  const sim = meter(60);
  associate(sim, PUBLIC);
  assert.equal(get(sim, PUBLIC, 3, obis("1.0.1.8.0.255"), 2), sim.meter.energyWh(Register.A_PLUS));
  for (const ln of ["1.0.3.8.0.255", "1.0.1.8.1.255", "1.0.32.7.0.255", "1.0.1.6.0.255", "0.128.96.0.4.255"]) {
    const classId = ln === "1.0.1.6.0.255" ? 4 : ln.startsWith("0.128") ? 1 : 3;
    assert.equal(getResult(sim, PUBLIC, classId, obis(ln), 2), 4, ln);
  }
});

test("instantaneous values: U 230.0 V, I 10.00 A, P+ 2185 W, Q+ 718 var, S 2300 VA, PF 0.950, f 50.00 Hz, quadrant I, each the firmware's reading rounded", () => {
  const sim = meter(5);
  associate(sim, MANAGEMENT);
  const read = (ln: string): number => Number(get(sim, MANAGEMENT, 3, obis(ln), 2));
  const scalerUnit = (ln: string): Data => get(sim, MANAGEMENT, 3, obis(ln), 3);
  assert.equal(read("1.0.32.7.0.255"), Math.round(sim.meter.reading(Reading.VRMS) * 10));
  assert.ok(Math.abs(read("1.0.32.7.0.255") - 2300) <= 2, "230.0 V in 0.1 V");
  assert.deepEqual(scalerUnit("1.0.32.7.0.255"), [-1, 35]);
  assert.equal(read("1.0.31.7.0.255"), Math.round(sim.meter.reading(Reading.IRMS) * 100));
  assert.ok(Math.abs(read("1.0.31.7.0.255") - 1000) <= 2, "10.00 A in 0.01 A");
  assert.deepEqual(scalerUnit("1.0.31.7.0.255"), [-2, 33]);
  assert.equal(read("1.0.1.7.0.255"), Math.round(sim.meter.reading(Reading.P)));
  assert.ok(Math.abs(read("1.0.1.7.0.255") - 2185) <= 3, "P+ 2185 W");
  assert.equal(read("1.0.2.7.0.255"), 0, "no export");
  assert.ok(Math.abs(read("1.0.3.7.0.255") - 718) <= 3, "Q+ 718 var");
  assert.equal(read("1.0.4.7.0.255"), 0);
  assert.ok(Math.abs(read("1.0.9.7.0.255") - 2300) <= 3, "S 2300 VA");
  assert.deepEqual(scalerUnit("1.0.9.7.0.255"), [0, 28]);
  assert.equal(read("1.0.13.7.0.255"), Math.round(sim.meter.reading(Reading.PF) * 1000));
  assert.ok(Math.abs(read("1.0.13.7.0.255") - 950) <= 1, "PF 0.950");
  assert.ok(Math.abs(read("1.0.14.7.0.255") - 5000) <= 1, "50.00 Hz");
  assert.deepEqual(scalerUnit("1.0.14.7.0.255"), [-2, 44]);
  assert.ok(read("1.0.32.7.124.255") <= 5 && read("1.0.31.7.124.255") <= 5, "a pure sine: THD below 0.5 %");
  assert.equal(read("1.0.128.7.0.255"), 1, "quadrant I");
});

test("maximum demand: P+max of the first 15-min period is the firmware's peak truncated to the W, with its local capture time", () => {
  const sim = meter(16 * 60);
  associate(sim, MANAGEMENT);
  const peakW = sim.meter.peakW(Peak.P_PLUS);
  assert.ok(peakW > 2100 && peakW < 2300, `${peakW} W`);
  assert.equal(get(sim, MANAGEMENT, 4, obis("1.0.1.6.0.255"), 2), Math.floor(peakW));
  assert.deepEqual(get(sim, MANAGEMENT, 4, obis("1.0.1.6.0.255"), 3), [0, 27]);
  assert.equal(get(sim, MANAGEMENT, 4, obis("1.0.1.6.0.255"), 4), 0);
  const at = Number(sim.meter.peakTimeUtcS(Peak.P_PLUS));
  assert.ok(at >= Number(utc(2026, 1, 1, 12)) && at <= Number(utc(2026, 1, 1, 12, 15)), `peak at ${at}`);
  const local = new Date((at + 3600) * 1000); // CET
  const ct = get(sim, MANAGEMENT, 4, obis("1.0.1.6.0.255"), 5) as number[];
  assert.deepEqual(ct.slice(0, 4), [0x07, 0xea, 1, 1], "2026-01-01");
  assert.deepEqual(ct.slice(5, 8), [local.getUTCHours(), local.getUTCMinutes(), local.getUTCSeconds()]);
  assert.deepEqual(ct.slice(9, 11), [0xff, 0xc4], "deviation -60 (CET)");
  assert.equal(get(sim, MANAGEMENT, 4, obis("1.0.9.6.0.255"), 2), Math.floor(sim.meter.peakW(Peak.S_PLUS)));
  assert.deepEqual(get(sim, MANAGEMENT, 4, obis("1.0.9.6.0.255"), 3), [0, 28]);
  // No debiting stop yet: nothing accumulated; a peak has no reset for anybody (method 1 denied).
  assert.equal(get(sim, MANAGEMENT, 3, obis("1.0.1.2.0.255"), 2), 0);
  const reset = objectList(sim, MANAGEMENT).find((e) => e.ln === "1.0.1.6.0.255")!;
  assert.deepEqual(reset.methods, [0]);
});

test("counters and identifiers: power failures and hours are the firmware's counters, F.F is the error register, the meter constant is 1000 imp/kWh", () => {
  const sim = meter(30);
  associate(sim, MANAGEMENT);
  assert.equal(get(sim, MANAGEMENT, 1, obis("0.0.96.7.21.255"), 2), Number(sim.meter.counter(Counter.POWER_FAILURES)));
  assert.equal(get(sim, MANAGEMENT, 3, obis("0.0.96.8.0.255"), 2), Number(sim.meter.counter(Counter.HOURS)));
  assert.equal(get(sim, MANAGEMENT, 1, obis("1.0.0.1.0.255"), 2), Number(sim.meter.counter(Counter.DEBITING_STOPS)));
  assert.equal(get(sim, MANAGEMENT, 1, obis("0.0.97.97.0.255"), 2), 0, "no error");
  assert.equal(get(sim, MANAGEMENT, 3, obis("1.0.0.3.0.255"), 2), 1000);
  assert.deepEqual(get(sim, MANAGEMENT, 3, obis("1.0.0.3.0.255"), 3), [-3, 45], "1000 x 10^-3 per Wh");
  assert.equal(get(sim, MANAGEMENT, 1, obis("1.0.0.2.0.255"), 2), "0.01.00");
  assert.deepEqual(get(sim, MANAGEMENT, 3, obis("0.0.96.8.0.255"), 3), [0, 5], "hours");
});

test("an A+ only meter (X9 1) has no other energy in the object list, as its display and readout have none", () => {
  const sim = new Simulator({ startUtcS: utc(2026, 1, 1, 12), waveform: { vrms: 230, irms: 10 } });
  sim.boot();
  assert.equal(sim.meter.factoryConfigure(withX(TYPE_DK, 9, "1"), new Map([[29, 1]])).status, Err.OK);
  sim.run(5);
  associate(sim, MANAGEMENT);
  const names = objectList(sim, MANAGEMENT).map((e) => e.ln);
  for (const ln of ["1.0.1.8.0.255", "1.0.1.8.1.255", "1.0.1.6.0.255", "1.0.1.6.1.255", "1.0.1.2.0.255"]) assert.ok(names.includes(ln), ln);
  for (const ln of ["1.0.2.8.0.255", "1.0.3.8.0.255", "1.0.9.8.0.255", "1.0.3.8.1.255", "1.0.3.6.0.255", "1.0.9.6.0.255", "1.0.3.2.0.255"]) {
    assert.ok(!names.includes(ln), `${ln} absent`);
  }
  assert.equal(getResult(sim, MANAGEMENT, 3, obis("1.0.3.8.0.255"), 2), 4, "object-undefined");
  assert.equal(sim.meter.configGet(ConfigId.LP_CHANNELS), 1);
});
