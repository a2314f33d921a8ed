// Module port (Z3): for every code, which line is an input or an output, what each edge or pulse does, and that unused lines do nothing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Simulator } from "../host/sim.js";
import { ConfigId, Counter, Err, EventCode, InputKind, PortBit, Register } from "../host/abi.js";
import { utc } from "./helpers.js";
import { NorFlash } from "../host/shims/nvm.js";
import { associate, get, obis, MANAGEMENT } from "./cosemclient.js";

const LINE_INPUT = [0, InputKind.MODULE_IN1, InputKind.MODULE_IN2];

// The data sheet's Z3 table: which lines are outputs.
const OUTPUTS: Record<number, number[]> = {
  0: [], 1: [], 2: [], 3: [], 4: [], 5: [2], 6: [1, 2], 7: [], 8: [], 9: [], 10: [], 11: [2], 12: [2], 13: [], 14: [],
  15: [], 16: [1, 2], 17: [2], 18: [2], 19: [2], 20: [2], 21: [2], 22: [], 23: [], 26: [1, 2], 27: [2], 28: [2], 29: [],
};
const CODES = Object.keys(OUTPUTS).map(Number);

function meterWith(z3: number, extra: [ConfigId, number][] = [], irms = 0, phaseDeg = 0): Simulator {
  const sim = new Simulator({ startUtcS: utc(2026, 3, 10, 8), waveform: { vrms: 230, irms, phaseDeg } });
  sim.boot();
  for (const [id, v] of extra) assert.equal(sim.meter.configSet(id, v), Err.OK, `config ${ConfigId[id]} = ${v}`);
  assert.equal(sim.meter.configSet(ConfigId.MODULE_CONFIG, z3), Err.OK, `Z3 ${z3}`);
  sim.run(1);
  return sim;
}

// Everything an input edge may do, to compare before and after.
function observe(sim: Simulator): string {
  const m = sim.meter;
  return JSON.stringify({
    pulses: m.counter(Counter.PULSE_INPUT).toString(), stops: m.counter(Counter.DEBITING_STOPS).toString(),
    events: m.events().length, tariff: m.tariff(), port: m.portState() & ~(PortBit.LINE1_OUT | PortBit.LINE2_OUT),
  });
}

function edges(sim: Simulator, line: number, count: number): void {
  for (let k = 0; k < count; k++) {
    assert.equal(sim.meter.inputEvent(LINE_INPUT[line], 1), Err.OK);
    sim.run(0.1);
    assert.equal(sim.meter.inputEvent(LINE_INPUT[line], 0), Err.OK);
    sim.run(0.1);
  }
}

test("Z3 24, 25 and 30 are not in the data sheet's table: refused, the port keeps its code", () => {
  const sim = meterWith(5);
  for (const bad of [24, 25, 30, -1]) assert.equal(sim.meter.configSet(ConfigId.MODULE_CONFIG, bad), Err.OUT_OF_RANGE);
  assert.equal(sim.meter.configGet(ConfigId.MODULE_CONFIG), 5);
});

// One day type every day: T1 from 00:00, T2 from 09:00 local (08:00 UTC).
function t1ThenT2At0900(m: Simulator["meter"]): void {
  m.touClear();
  assert.equal(m.touSeason(1, 1, 1), Err.OK);
  assert.equal(m.touWeek(1, [1, 1, 1, 1, 1, 1, 1]), Err.OK);
  assert.equal(m.touSwitch(1, 0, 0, 1), Err.OK);
  assert.equal(m.touSwitch(1, 9, 0, 2), Err.OK);
  assert.equal(m.touActivate(), Err.OK);
}

test("every Z3 code drives only the lines the data sheet makes outputs, and each of those at least once; an input line is never driven", () => {
  for (const z3 of CODES) {
    // Load control 1 and 2 on, energy flowing: every output has a reason to become active.
    const sim = meterWith(z3, [[ConfigId.TARIFF_CONTROL, 2]], 60, 30);
    // T1 so far (the inverted load tariff sync is active), T2 from now on (the plain one is).
    const m = sim.meter;
    t1ThenT2At0900(m);
    sim.meter.loadControl(1, 1);
    sim.run(0.1); // the toggle output changes at each switching: one tick between the two
    sim.meter.loadControl(2, 1);
    edges(sim, 1, 3);
    edges(sim, 2, 3);
    sim.run(3);
    sim.setWaveform({ phaseDeg: 210 }); // export too, for the A- outputs
    sim.run(3);
    const driven = [...new Set(sim.module.changes.map((c) => c.line))].sort();
    for (const line of driven) assert.ok(OUTPUTS[z3].includes(line), `Z3 ${z3}: line ${line} is an input or unused but was driven`);
    for (const line of OUTPUTS[z3]) assert.ok(driven.includes(line), `Z3 ${z3}: output line ${line} was never driven`);
  }
});

test("a line the code does not use (unused or an output) ignores its input edges: no pulse, stop, event, tariff or state change", () => {
  for (const z3 of CODES) {
    const sim = meterWith(z3, [[ConfigId.ALARM_INPUT, 1], [ConfigId.TARIFF_CONTROL, 1], [ConfigId.DEBITING_INTERVAL, 0]]);
    for (const line of [1, 2]) {
      const used = !OUTPUTS[z3].includes(line) && !(z3 === 0 || (z3 === 15 && line === 2) || (z3 === 29 && line === 2));
      if (used) continue;
      const before = observe(sim);
      edges(sim, line, 2);
      assert.equal(observe(sim), before, `Z3 ${z3} line ${line}`);
    }
  }
});

test("pulse input codes count one pulse per activation on I/O 1 (inverted: per release), in the Z12 unit", () => {
  const inverted = new Set([19, 21]);
  for (const z3 of [3, 4, 5, 13, 14, 18, 19, 20, 21, 27, 28]) {
    const sim = meterWith(z3, [[ConfigId.PULSE_UNIT, 2]]);
    assert.equal(sim.meter.inputEvent(InputKind.MODULE_IN1, 1), Err.OK);
    assert.equal(sim.meter.counter(Counter.PULSE_INPUT), inverted.has(z3) ? 0n : 1n, `Z3 ${z3} on activation`);
    assert.equal(sim.meter.inputEvent(InputKind.MODULE_IN1, 1), Err.OK); // a level held is no pulse
    assert.equal(sim.meter.inputEvent(InputKind.MODULE_IN1, 0), Err.OK);
    assert.equal(sim.meter.counter(Counter.PULSE_INPUT), 1n, `Z3 ${z3} after one whole pulse`);
    edges(sim, 1, 4);
    assert.equal(sim.meter.counter(Counter.PULSE_INPUT), 5n, `Z3 ${z3}`);
    assert.equal(sim.meter.orderZ(12), 2, "Z12 02: m3");
  }
});

test("alarm input codes raise a time-stamped alarm event only when Z8 says the alarm input is active; inverted codes alarm on release", () => {
  const alarmLine: Record<number, [number, boolean]> = { 3: [2, false], 4: [2, true], 7: [2, false], 8: [2, false], 9: [2, true], 10: [2, true] };
  for (const [code, [line, inverted]] of Object.entries(alarmLine)) {
    const z3 = Number(code);
    const off = meterWith(z3, [[ConfigId.ALARM_INPUT, 0]]);
    const before = off.meter.events().length;
    edges(off, line, 2);
    assert.equal(off.meter.events().length, before, `Z3 ${z3} with Z8 1: no alarm`);

    const sim = meterWith(z3, [[ConfigId.ALARM_INPUT, 1], [ConfigId.ALARM_CONFIG, 1]]);
    associate(sim, MANAGEMENT);
    assert.equal(get(sim, MANAGEMENT, 1, obis("0.0.97.98.0.255"), 2), 0, `Z3 ${z3}: alarm register clear before`);
    sim.meter.inputEvent(LINE_INPUT[line], inverted ? 1 : 0);
    sim.meter.inputEvent(LINE_INPUT[line], inverted ? 0 : 1);
    assert.ok(sim.meter.portState() & PortBit.ALARM, `Z3 ${z3}: alarm active`);
    assert.equal(get(sim, MANAGEMENT, 1, obis("0.0.97.98.0.255"), 2), 1, `Z3 ${z3}: alarm register bit 0 (alarm input, Z26 1)`);
    const on = sim.meter.events().at(-1)!;
    assert.equal(on.code, EventCode.ALARM_INPUT_ON);
    assert.equal(on.cause, line);
    assert.equal(on.timeUtcS, utc(2026, 3, 10, 8, 0, 1));
    sim.meter.inputEvent(LINE_INPUT[line], inverted ? 1 : 0);
    assert.equal(sim.meter.events().at(-1)!.code, EventCode.ALARM_INPUT_OFF);
    assert.equal(sim.meter.portState() & PortBit.ALARM, 0);
  }
});

test("tariff codes: 4-tariff T = 1 + I/O1 + 2 x I/O2 (inverted: released inputs), 2-tariff on its one line", () => {
  const sim = meterWith(1, [[ConfigId.TARIFF_CONTROL, 1]]);
  const set = (a: number, b: number): number => {
    sim.meter.inputEvent(InputKind.MODULE_IN1, a);
    sim.meter.inputEvent(InputKind.MODULE_IN2, b);
    return sim.meter.tariff();
  };
  assert.deepEqual([set(0, 0), set(1, 0), set(0, 1), set(1, 1)], [1, 2, 3, 4]);
  assert.equal(sim.meter.configSet(ConfigId.MODULE_CONFIG, 2), Err.OK);
  assert.deepEqual([set(1, 1), set(0, 1), set(1, 0), set(0, 0)], [1, 2, 3, 4]);
  assert.equal(sim.meter.configSet(ConfigId.MODULE_CONFIG, 13), Err.OK); // pulse in / 2-tariff: the tariff is I/O 2
  assert.deepEqual([set(1, 0), set(0, 1)], [1, 2]);
  assert.equal(sim.meter.configSet(ConfigId.MODULE_CONFIG, 12), Err.OK); // 2-tariff inverted / A+ out
  assert.deepEqual([set(1, 0), set(0, 0)], [1, 2]);
});

test("Z3 06, 16, 05 and 11: pulse outputs give 1000 imp/kWh (kvarh) of A+, R+ and A- with the Z8 pulse length", () => {
  const cases: [number, number, Register, number][] = [
    [6, 1, Register.R_PLUS, 60], [6, 2, Register.A_PLUS, 60], [16, 1, Register.A_MINUS, 180], [16, 2, Register.A_PLUS, 180],
    [5, 2, Register.A_PLUS, 0], [11, 2, Register.A_PLUS, 0],
  ];
  for (const [z3, line, reg, phaseDeg] of cases) {
    const sim = meterWith(z3, [[ConfigId.PULSE_WIDTH_MS, 80]], 0, phaseDeg);
    const startWh = sim.meter.energyWh(reg);
    sim.setWaveform({ irms: 80 });
    sim.run(6);
    sim.setWaveform({ irms: 0 });
    sim.run(4); // the pulses owed drain
    const wh = Number(sim.meter.energyWh(reg) - startWh);
    const rises = sim.module.rises[line];
    if (reg === Register.A_MINUS || (reg === Register.A_PLUS && phaseDeg === 180)) {
      assert.equal(rises, reg === Register.A_MINUS ? wh : 0, `Z3 ${z3} line ${line}: ${rises} pulses for ${wh} Wh`);
      if (reg === Register.A_MINUS) assert.ok(wh > 25, `${wh} Wh exported`);
      continue;
    }
    assert.ok(wh > 12, `Z3 ${z3}: ${wh} units registered`);
    assert.equal(rises, wh, `Z3 ${z3} line ${line}: one pulse per Wh/varh`);
    const ch = sim.module.changes.filter((c) => c.line === line);
    for (let k = 0; k + 1 < ch.length; k += 2) {
      assert.equal(ch[k].level, 1);
      assert.equal(ch[k + 1].tMs - ch[k].tMs, 80, "Z8 3/4: 80 ms pulses");
    }
  }
});

test("Z3 15: an activation of I/O 1 takes a debiting stop (Z7 00 externally controlled), at most one a minute; I/O 2 does nothing", () => {
  const sim = meterWith(15, [[ConfigId.DEBITING_INTERVAL, 0]]);
  const stops = sim.meter.counter(Counter.DEBITING_STOPS);
  edges(sim, 2, 2);
  assert.equal(sim.meter.counter(Counter.DEBITING_STOPS), stops);
  edges(sim, 1, 2);
  assert.equal(sim.meter.counter(Counter.DEBITING_STOPS), stops + 1n, "two activations 0.2 s apart are one stop (60 s lock-out)");
  edges(sim, 1, 30);
  assert.equal(sim.meter.counter(Counter.DEBITING_STOPS), stops + 1n, "a 6 s burst of 30 pulses adds none");
  sim.run(60);
  edges(sim, 1, 1);
  assert.equal(sim.meter.counter(Counter.DEBITING_STOPS), stops + 2n, "the next activation after 60 s is the next stop");
});

test("Z3 17: load control output on I/O 2 follows the command and the Z14 plan; the status control input logs the load's state", () => {
  const sim = meterWith(17, [[ConfigId.LOAD_CONTROL, 1]]);
  assert.equal(sim.module.levels[2], 0);
  assert.equal(sim.meter.loadControl(1, 1), Err.OK);
  sim.run(0.1);
  assert.equal(sim.module.levels[2], 1);
  assert.ok(sim.meter.portState() & PortBit.LOAD_CONTROL_1);
  sim.meter.inputEvent(InputKind.MODULE_IN1, 1);
  assert.equal(sim.meter.events().at(-1)!.code, EventCode.LOAD_STATUS_ON);
  assert.ok(sim.meter.portState() & PortBit.STATUS);
  assert.equal(sim.meter.loadControl(1, 0), Err.OK);
  sim.run(0.1);
  assert.equal(sim.module.levels[2], 0);
  assert.equal(sim.meter.loadControl(3, 1), Err.INVALID_ARGUMENT);
  assert.equal(sim.meter.loadControl(1, 3), Err.OUT_OF_RANGE);
});

test("Z3 22 with Z14 001: the 4-tariff inputs switch load control 1 in T2 and T4, load control 2 in T3 and T4", () => {
  const sim = meterWith(22, [[ConfigId.TARIFF_CONTROL, 1], [ConfigId.LOAD_CONTROL, 1]]);
  const lc = (a: number, b: number): number => {
    sim.meter.inputEvent(InputKind.MODULE_IN1, a);
    sim.meter.inputEvent(InputKind.MODULE_IN2, b);
    return (sim.meter.portState() >> 2) & 3;
  };
  assert.deepEqual([lc(0, 0), lc(1, 0), lc(0, 1), lc(1, 1)], [0, 1, 2, 3]);
  assert.equal(sim.meter.configSet(ConfigId.LOAD_CONTROL, 0), Err.OK); // plan disabled: only commands switch
  sim.run(1.1);
  assert.equal((sim.meter.portState() >> 2) & 3, 0);
});

test("Z3 01 with Z14 001: the same 4-tariff inputs select the tariff only; the load control stays off (it is 22's function)", () => {
  const sim = meterWith(1, [[ConfigId.TARIFF_CONTROL, 1], [ConfigId.LOAD_CONTROL, 1]]);
  const state = (a: number, b: number): [number, number] => {
    sim.meter.inputEvent(InputKind.MODULE_IN1, a);
    sim.meter.inputEvent(InputKind.MODULE_IN2, b);
    return [sim.meter.tariff(), (sim.meter.portState() >> 2) & 3];
  };
  assert.deepEqual([state(0, 0), state(1, 0), state(0, 1), state(1, 1)], [[1, 0], [2, 0], [3, 0], [4, 0]]);
});

test("Z3 26: load control 1 on I/O 1 and load control 2 on I/O 2, by command", () => {
  const sim = meterWith(26);
  sim.meter.loadControl(2, 1);
  sim.run(0.1);
  assert.deepEqual([sim.module.levels[1], sim.module.levels[2]], [0, 1]);
  sim.meter.loadControl(1, 1);
  sim.meter.loadControl(2, 2); // back to the plan, which is disabled (Z14 000): off
  sim.run(0.1);
  assert.deepEqual([sim.module.levels[1], sim.module.levels[2]], [1, 0]);
});

test("Z3 18..21: the load tariff sync output is active in the load tariffs (T2, T4), inverted in 20 and 21", () => {
  for (const z3 of [18, 19, 20, 21]) {
    const sim = meterWith(z3, [[ConfigId.TARIFF_CONTROL, 2]]);
    const m = sim.meter;
    t1ThenT2At0900(m);
    sim.run(1.5);
    assert.equal(m.tariff(), 2);
    assert.equal(sim.module.levels[2], z3 >= 20 ? 0 : 1, `Z3 ${z3} in T2`);
    assert.equal(sim.module.levels[1], 0, "I/O 1 is the pulse input");
  }
});

test("Z3 28: the toggle output changes level at every switching of load control 1 or 2", () => {
  const sim = meterWith(28);
  const levels: number[] = [];
  for (const [ch, mode] of [[1, 1], [2, 1], [1, 0], [1, 0]]) {
    sim.meter.loadControl(ch, mode);
    sim.run(0.1);
    levels.push(sim.module.levels[2]);
  }
  assert.deepEqual(levels, [1, 0, 1, 1], "a command that switches nothing does not toggle");
});

test("Z3 29: the earth fault stand-in reports a fault on I/O 1 as events and port state; I/O 2 does nothing", () => {
  const sim = meterWith(29);
  sim.meter.inputEvent(InputKind.MODULE_IN1, 1);
  assert.equal(sim.meter.events().at(-1)!.code, EventCode.EARTH_FAULT_ON);
  assert.ok(sim.meter.portState() & PortBit.EARTH_FAULT);
  sim.meter.inputEvent(InputKind.MODULE_IN1, 0);
  assert.equal(sim.meter.events().at(-1)!.code, EventCode.EARTH_FAULT_OFF);
  assert.equal(sim.module.changes.length, 0);
});

test("load control commands hold through a power cycle: Z3 26 with load control 1 on and 2 off keeps both, back to the plan (Z14 000: off) likewise", () => {
  const nvm = new NorFlash();
  const boot = (): Simulator => {
    const sim = new Simulator({ nvm, startUtcS: utc(2026, 3, 10, 8), waveform: { vrms: 230, irms: 0 } });
    sim.boot();
    sim.run(0.1);
    return sim;
  };
  let sim = boot();
  assert.equal(sim.meter.configSet(ConfigId.MODULE_CONFIG, 26), Err.OK);
  assert.equal(sim.meter.loadControl(1, 1), Err.OK);
  assert.equal(sim.meter.loadControl(2, 0), Err.OK);
  sim.run(0.1);
  assert.deepEqual([sim.module.levels[1], sim.module.levels[2]], [1, 0]);
  sim = boot();
  assert.deepEqual([sim.module.levels[1], sim.module.levels[2]], [1, 0], "after the power cycle");
  assert.equal(sim.meter.portState() & (PortBit.LOAD_CONTROL_1 | PortBit.LOAD_CONTROL_2), PortBit.LOAD_CONTROL_1);
  assert.equal(sim.meter.loadControl(1, 2), Err.OK);
  assert.equal(sim.meter.loadControl(2, 1), Err.OK);
  sim = boot();
  assert.deepEqual([sim.module.levels[1], sim.module.levels[2]], [0, 1], "1 back to the plan (off), 2 held on");
});
