// Module port functions: what each Z3 primary module configuration code makes of I/O 1 and I/O 2 (docs/CONFIG.md).

// One line's function. Inputs are below OUTPUTS_FROM, outputs from it on.
export const enum LineFn {
  NONE = 0,
  TARIFF = 1, // a tariff input (tariff/input.ts derives the tariff wiring from this table)
  TARIFF_INVERTED = 2,
  PULSE_IN = 3, // a pulse is the input becoming active
  PULSE_IN_INVERTED = 4, // a pulse is the input going inactive
  ALARM_IN = 5, // the alarm is the input active (used only when Z8 says the alarm input is active)
  ALARM_IN_INVERTED = 6,
  DEBIT_STOP_IN = 7, // a debiting stop at each activation (Z7 00)
  STATUS_IN = 8, // the controlled load's status contact
  EARTH_FAULT = 9, // the earth fault module's I2C, stood in for by its fault signal on I/O 1
  OUT_A_PLUS = 16, // 1000 imp/kWh of A+, Z8 pulse length
  OUT_R_PLUS = 17, // 1000 imp/kvarh of R+
  OUT_A_MINUS = 18, // 1000 imp/kWh of A-
  LOAD_CONTROL_1 = 19, // Z14 load control 1
  LOAD_CONTROL_2 = 20,
  LOAD_TARIFF_SYNC = 21, // active while the tariff in force is a load tariff (T2, T4)
  LOAD_TARIFF_SYNC_INVERTED = 22,
  TOGGLE_LOAD_CONTROL = 23, // changes level at every switching of load control 1 or 2
}

export const OUTPUTS_FROM: i32 = 16;

// I/O 1 in the low byte, I/O 2 in the next; -1 for the codes the data sheet leaves out (24, 25, over 29).
function lines(z3: i32): i32 {
  switch (z3) {
    case 0: return pair(LineFn.NONE, LineFn.NONE);
    case 1: case 22: return pair(LineFn.TARIFF, LineFn.TARIFF);
    case 2: case 23: return pair(LineFn.TARIFF_INVERTED, LineFn.TARIFF_INVERTED);
    // "inverted" in 04 and 09 applies to the alarm only, as the tariff input reads it (tariff/input.ts).
    case 3: return pair(LineFn.PULSE_IN, LineFn.ALARM_IN);
    case 4: return pair(LineFn.PULSE_IN, LineFn.ALARM_IN_INVERTED);
    case 5: return pair(LineFn.PULSE_IN, LineFn.OUT_A_PLUS);
    case 6: return pair(LineFn.OUT_R_PLUS, LineFn.OUT_A_PLUS);
    case 7: return pair(LineFn.TARIFF, LineFn.ALARM_IN);
    case 8: return pair(LineFn.TARIFF_INVERTED, LineFn.ALARM_IN);
    case 9: return pair(LineFn.TARIFF, LineFn.ALARM_IN_INVERTED);
    case 10: return pair(LineFn.TARIFF_INVERTED, LineFn.ALARM_IN_INVERTED);
    case 11: return pair(LineFn.TARIFF, LineFn.OUT_A_PLUS);
    case 12: return pair(LineFn.TARIFF_INVERTED, LineFn.OUT_A_PLUS);
    case 13: return pair(LineFn.PULSE_IN, LineFn.TARIFF);
    case 14: return pair(LineFn.PULSE_IN, LineFn.TARIFF_INVERTED);
    case 15: return pair(LineFn.DEBIT_STOP_IN, LineFn.NONE);
    case 16: return pair(LineFn.OUT_A_MINUS, LineFn.OUT_A_PLUS);
    case 17: return pair(LineFn.STATUS_IN, LineFn.LOAD_CONTROL_1);
    case 18: return pair(LineFn.PULSE_IN, LineFn.LOAD_TARIFF_SYNC);
    case 19: return pair(LineFn.PULSE_IN_INVERTED, LineFn.LOAD_TARIFF_SYNC);
    case 20: return pair(LineFn.PULSE_IN, LineFn.LOAD_TARIFF_SYNC_INVERTED);
    case 21: return pair(LineFn.PULSE_IN_INVERTED, LineFn.LOAD_TARIFF_SYNC_INVERTED);
    case 26: return pair(LineFn.LOAD_CONTROL_1, LineFn.LOAD_CONTROL_2);
    case 27: return pair(LineFn.PULSE_IN, LineFn.LOAD_CONTROL_1);
    case 28: return pair(LineFn.PULSE_IN, LineFn.TOGGLE_LOAD_CONTROL);
    case 29: return pair(LineFn.EARTH_FAULT, LineFn.NONE);
    default: return -1;
  }
}

function pair(io1: LineFn, io2: LineFn): i32 {
  return <i32>io1 | (<i32>io2 << 8);
}

export function z3Defined(z3: i32): bool {
  return lines(z3) >= 0;
}

// The function of line 1 or 2 under a Z3 code; NONE for an undefined code or line.
export function lineFunction(z3: i32, line: i32): LineFn {
  const both = lines(z3);
  if (both < 0 || line < 1 || line > 2) return LineFn.NONE;
  return <LineFn>((both >> (8 * (line - 1))) & 0xff);
}

export function isOutput(fn: LineFn): bool {
  return <i32>fn >= OUTPUTS_FROM;
}

// The codes with load control, which the Z14 plan drives: 22 and 23 (both lines are tariff inputs, the load
// control follows the tariff they select: a load control module's relays) and those with a load control line.
export function z3HasLoadControl(z3: i32): bool {
  if (z3 == 22 || z3 == 23) return true;
  for (let line = 1; line <= 2; line++) {
    const fn = lineFunction(z3, line);
    if (fn == LineFn.LOAD_CONTROL_1 || fn == LineFn.LOAD_CONTROL_2 || fn == LineFn.TOGGLE_LOAD_CONTROL) return true;
  }
  return false;
}
