// Module port: input edges by line function, the pulse and load control outputs on the two module I/O lines.
import { Err } from "../errors";
import { moduleOut } from "../hal/module";
import { PulseTrain, pulseWidthMs, TICK_MS } from "../pulse/scheduler";
import { LineFn, lineFunction, isOutput, z3Defined, z3HasLoadControl } from "./functions";
import { stateSave } from "../state";

// What an input edge asks of the meter (meter.ts acts on it).
export const enum PortAction {
  NONE = 0,
  PULSE = 1, // one pulse of the pulse input register
  DEBIT_STOP = 2, // a debiting stop
  ALARM_ON = 3,
  ALARM_OFF = 4,
  STATUS_ON = 5, // the controlled load reports on
  STATUS_OFF = 6,
  EARTH_FAULT_ON = 7,
  EARTH_FAULT_OFF = 8,
}

// A load control channel: following the Z14 plan, or held by a command.
export const enum LoadMode {
  OFF = 0,
  ON = 1,
  PLAN = 2,
}

// port_state bits.
export const enum PortBit {
  LINE1_OUT = 0x01, // level driven on I/O 1
  LINE2_OUT = 0x02,
  LOAD_CONTROL_1 = 0x04,
  LOAD_CONTROL_2 = 0x08,
  ALARM = 0x10, // the alarm input is active now
  STATUS = 0x20, // the status control input reads on
  EARTH_FAULT = 0x40, // the earth fault stand-in reports a fault
}

let z3: i32 = 0;
let planOn: bool = false; // Z14 register control
let alarmEnabled: bool = false; // Z8 alarm input active
const MODES = new StaticArray<i32>(2);
// The levels last driven (released at reset), bit 0 I/O 1, bit 1 I/O 2: the same bits as PortBit.LINE1_OUT/LINE2_OUT.
let driven: i32 = 0;
// The lines' functions under z3, kept with it: the tick must not decode Z3 100 times a second.
let fn1: LineFn = LineFn.NONE;
let fn2: LineFn = LineFn.NONE;
const PULSE_TICKS_LEFT = new StaticArray<i32>(3);
const TRAINS: StaticArray<PulseTrain> = [new PulseTrain(), new PulseTrain(), new PulseTrain()];
let tariffNow: i32 = 0;
let loadControl: i32 = 0; // bit 0 LC1, bit 1 LC2, as last computed
let toggleLevel: i32 = 0;
let flags: i32 = 0;

// Z3, Z14 and Z8's alarm half; every output is released and recomputed at the next tick.
export function portConfigure(z3Code: i32, z14: i32, alarmInput: i32): Err {
  if (!z3Defined(z3Code)) return Err.OUT_OF_RANGE;
  if (z14 != 0 && z14 != 1) return Err.OUT_OF_RANGE;
  if (alarmInput != 0 && alarmInput != 1) return Err.OUT_OF_RANGE;
  if (z3Code != z3) {
    for (let line = 1; line <= 2; line++) {
      TRAINS[line].reset();
      PULSE_TICKS_LEFT[line] = 0;
    }
    flags = 0;
    toggleLevel = 0;
  }
  z3 = z3Code;
  fn1 = lineFunction(z3Code, 1);
  fn2 = lineFunction(z3Code, 2);
  planOn = z14 == 1 && z3HasLoadControl(z3Code); // 01 and 02 select the tariff only; 22 and 23 also the load control
  alarmEnabled = alarmInput == 1;
  if (!alarmEnabled) flags &= ~<i32>PortBit.ALARM;
  return Err.OK;
}

// An edge on line 1 or 2 (level 1 = voltage applied); outputs and unused lines ignore their input.
export function portInputEdge(line: i32, level: i32): PortAction {
  const fn = lineFunction(z3, line);
  const on = level != 0;
  switch (fn) {
    case LineFn.PULSE_IN: return on ? PortAction.PULSE : PortAction.NONE;
    case LineFn.PULSE_IN_INVERTED: return on ? PortAction.NONE : PortAction.PULSE;
    case LineFn.DEBIT_STOP_IN: return on ? PortAction.DEBIT_STOP : PortAction.NONE;
    case LineFn.ALARM_IN:
    case LineFn.ALARM_IN_INVERTED: {
      if (!alarmEnabled) return PortAction.NONE;
      const active = on != (fn == LineFn.ALARM_IN_INVERTED);
      return setFlag(PortBit.ALARM, active) ? (active ? PortAction.ALARM_ON : PortAction.ALARM_OFF) : PortAction.NONE;
    }
    case LineFn.STATUS_IN:
      setFlag(PortBit.STATUS, on);
      return on ? PortAction.STATUS_ON : PortAction.STATUS_OFF;
    case LineFn.EARTH_FAULT:
      return setFlag(PortBit.EARTH_FAULT, on) ? (on ? PortAction.EARTH_FAULT_ON : PortAction.EARTH_FAULT_OFF) : PortAction.NONE;
    default:
      return PortAction.NONE;
  }
}

// True when the flag changed.
function setFlag(bit: PortBit, on: bool): bool {
  const was = (flags & <i32>bit) != 0;
  if (on) flags |= <i32>bit;
  else flags &= ~<i32>bit;
  return was != on;
}

// A load control command: channel 1 or 2 held off or on, or back to the Z14 plan.
export function portLoadControl(channel: i32, mode: i32): Err {
  if (channel < 1 || channel > 2) return Err.INVALID_ARGUMENT;
  if (mode < <i32>LoadMode.OFF || mode > <i32>LoadMode.PLAN) return Err.OUT_OF_RANGE;
  const changed = MODES[channel - 1] != mode;
  MODES[channel - 1] = mode;
  updateLoadControl();
  // A command holds until the next one, through power cycles: the state record keeps it (portModes).
  return changed ? stateSave() : Err.OK;
}

// The channels' commands for the state record, 2 bits each as mode ^ 2, so 0 (a record before them) is the plan.
export function portModes(): i32 {
  return (MODES[0] ^ 2) | ((MODES[1] ^ 2) << 2);
}

export function portModesRestore(bits: i32): void {
  for (let ch = 0; ch < 2; ch++) MODES[ch] = min(((bits >> (2 * ch)) & 3) ^ 2, <i32>LoadMode.PLAN);
  updateLoadControl();
}

// The plan (docs/CONFIG.md, Z14 001): load control 1 on in the load tariffs T2 and T4, load control 2 in T3 and T4.
function planned(channel: i32): bool {
  if (!planOn) return false;
  return channel == 1 ? tariffNow == 2 || tariffNow == 4 : tariffNow == 3 || tariffNow == 4;
}

function updateLoadControl(): void {
  let now = 0;
  for (let ch = 1; ch <= 2; ch++) {
    const mode = MODES[ch - 1];
    const on = mode == <i32>LoadMode.PLAN ? planned(ch) : mode == <i32>LoadMode.ON;
    if (on) now |= 1 << (ch - 1);
  }
  // A toggle relay changes over at every switching of either channel.
  let changed = now ^ loadControl;
  while (changed != 0) {
    toggleLevel ^= changed & 1;
    changed >>= 1;
  }
  loadControl = now;
}

// The tariff in force after each window or tariff input edge.
export function portTariff(tariff: i32): void {
  tariffNow = tariff;
  updateLoadControl();
}

// Energy registered in the window, for the pulse outputs (1000 imp/kWh: one pulse per whole Wh or varh).
export function portWindow(aPlusWh: i32, rPlusVarh: i32, aMinusWh: i32, windowMs: f64): void {
  for (let line = 1; line <= 2; line++) {
    const fn = line == 1 ? fn1 : fn2;
    const count = fn == LineFn.OUT_A_PLUS ? aPlusWh : fn == LineFn.OUT_R_PLUS ? rPlusVarh : fn == LineFn.OUT_A_MINUS ? aMinusWh : 0;
    TRAINS[line].add(count, windowMs);
  }
}

// Every tick: pulse starts and ends, static output levels. Without an output line nor a level left
// driven (most meters) there is nothing to do; functions are below 32, so one OR tests both lines.
export function portTick(): void {
  if (driven == 0 && !isOutput(<LineFn>(<i32>fn1 | <i32>fn2))) return;
  for (let line = 1; line <= 2; line++) {
    const fn = line == 1 ? fn1 : fn2;
    if (!isOutput(fn)) {
      drive(line, 0); // an input or unused line is never driven; released if it was an output before
      continue;
    }
    let level = 0;
    if (fn == LineFn.OUT_A_PLUS || fn == LineFn.OUT_R_PLUS || fn == LineFn.OUT_A_MINUS) {
      let left = unchecked(PULSE_TICKS_LEFT[line]);
      if (left > 0) left--;
      if (left == 0 && unchecked(TRAINS[line]).due()) left = pulseWidthMs() / TICK_MS;
      unchecked(PULSE_TICKS_LEFT[line] = left);
      level = left > 0 ? 1 : 0;
    } else {
      level = staticLevel(fn);
    }
    drive(line, level);
  }
}

function staticLevel(fn: LineFn): i32 {
  const loadTariff = tariffNow == 2 || tariffNow == 4 ? 1 : 0;
  switch (fn) {
    case LineFn.LOAD_CONTROL_1: return loadControl & 1;
    case LineFn.LOAD_CONTROL_2: return (loadControl >> 1) & 1;
    case LineFn.LOAD_TARIFF_SYNC: return loadTariff;
    case LineFn.LOAD_TARIFF_SYNC_INVERTED: return loadTariff ^ 1;
    case LineFn.TOGGLE_LOAD_CONTROL: return toggleLevel;
    default: return 0;
  }
}

// Levels are 0 or 1.
function drive(line: i32, level: i32): void {
  const bit = 1 << (line - 1);
  if (((driven & bit) != 0) == (level != 0)) return;
  driven ^= bit;
  moduleOut(line, level);
}

export function portState(): i32 {
  return flags | ((loadControl & 3) << 2) | driven;
}

// Boot: channels follow the plan until a command holds them (the state record's, restored after this).
export function portBoot(): void {
  MODES[0] = <i32>LoadMode.PLAN;
  MODES[1] = <i32>LoadMode.PLAN;
}
