// Energy registers: four-quadrant active, reactive and apparent energy in integer micro-units.
import { Reading, readingGet, readingSet } from "./measure";

export const enum Register {
  A_PLUS = 0,
  A_MINUS = 1,
  R_PLUS = 2,
  R_MINUS = 3,
  R1 = 4,
  R2 = 5,
  R3 = 6,
  R4 = 7,
  E_PLUS = 8,
  E_MINUS = 9,
  // A+ and R+ per tariff (1.8.1..1.8.4, 3.8.1..3.8.4): only the tariff in force counts.
  A_PLUS_T1 = 10,
  R_PLUS_T1 = 14,
  COUNT = 18,
}

export const TARIFF_COUNT: i32 = 4;
// 0: no tariff function (Z13 000), so no tariff register counts; 1..4 otherwise.
let tariffInForce: i32 = 0;

export function setTariff(tariff: i32): bool {
  if (tariff < 0 || tariff > TARIFF_COUNT) return false;
  tariffInForce = tariff;
  return true;
}

export function currentTariff(): i32 {
  return tariffInForce;
}

// Each register in µWh (µvarh, µVAh): i64 holds 9.2 TWh, far beyond a meter's life at 100 A.
export const REGISTERS_UWH: usize = memory.data(8 * <i32>Register.COUNT);
// The same registers in whole units, kept as they change: many readers each window, and a 64-bit
// division is a library call on a 32-bit core.
const REGISTERS_WH: usize = memory.data(8 * <i32>Register.COUNT);
export const UWH_PER_WH: i64 = 1000000;
// Below this current nothing registers (no-load); the starting current 20 mA is well above it.
export const CREEP_CURRENT_A: f64 = 0.010;
// Below this |Q| the load counts as purely resistive: quadrant I on import, III on export (the quadrants of
// IEC 62053-23 start at phi 0, 90, 180 and 270 degrees), and no reactive energy registers. Without it a
// resistive load's Q of a few mvar either side of zero (-0.002 var at 10 A behind the calibrated typical front
// end) flips the quadrant between I and IV and counts its noise into R1 and R4. 0.5 var is a tenth of the
// reactive power at the starting current (20 mA at 230 V, sin phi 1: 4.6 var), so no specified load falls in it.
export const Q_DEAD_BAND_VAR: f64 = 0.5;

export function registerUwh(reg: i32): i64 {
  if (reg < 0 || reg >= <i32>Register.COUNT) return -1;
  return load<i64>(REGISTERS_UWH + (<usize>reg << 3));
}

export function registerWh(reg: i32): i64 {
  if (reg < 0 || reg >= <i32>Register.COUNT) return -1;
  return load<i64>(REGISTERS_WH + (<usize>reg << 3));
}

export function registerRestore(reg: Register, uwh: i64): void {
  store<i64>(REGISTERS_UWH + (<usize>reg << 3), uwh);
  store<i64>(REGISTERS_WH + (<usize>reg << 3), uwh / UWH_PER_WH);
}

// The fraction of a µWh each register has not yet counted, in [0, 1). Rounding every window to a whole
// µWh instead would bias a steady small load by a fixed amount (+0.017 % at 20 mA). Not persisted:
// a power cut loses less than 1 µWh per register. Sum registers (R+, R-, the tariff registers) take
// the whole µWh of the register they sum, so R+ = R1 + R2 and R- = R3 + R4 hold to the µWh.
const REMAINDERS_UWH: usize = memory.data(8 * <i32>Register.COUNT);

function addWhole(reg: Register, uwh: i64): void {
  const slot = REGISTERS_UWH + (<usize>reg << 3);
  const total = load<i64>(slot) + uwh;
  store<i64>(slot, total);
  store<i64>(REGISTERS_WH + (<usize>reg << 3), total / UWH_PER_WH);
}

// Adds the energy with the register's carried fraction; returns the whole µWh added.
function add(reg: Register, energyWs: f64): i64 {
  const rest = REMAINDERS_UWH + (<usize>reg << 3);
  // Ws -> µWh is x / 0.0036.
  const exact = load<f64>(rest) + energyWs / 0.0036;
  const whole = Math.floor(exact);
  store<f64>(rest, exact - whole);
  const uwh = <i64>whole;
  addWhole(reg, uwh);
  return uwh;
}

// Registers the closed window's energy; returns whether current flowed (not no-load).
export function registerWindow(durationS: f64): bool {
  const irms = readingGet(Reading.IRMS);
  if (!(irms >= CREEP_CURRENT_A)) {
    readingSet(Reading.QUADRANT, 0.0);
    return false;
  }
  const pW = readingGet(Reading.P);
  const qVar = readingGet(Reading.Q);
  const sVA = readingGet(Reading.S);
  const importing = pW >= 0.0;
  const reactive = Math.abs(qVar) >= Q_DEAD_BAND_VAR;
  const inductive = qVar > 0.0;
  const tariff = tariffInForce;
  if (importing) {
    const uwh = add(Register.A_PLUS, pW * durationS);
    if (tariff > 0) addWhole(<Register>(<i32>Register.A_PLUS_T1 + tariff - 1), uwh);
    add(Register.E_PLUS, sVA * durationS);
  } else {
    add(Register.A_MINUS, -pW * durationS);
    add(Register.E_MINUS, sVA * durationS);
  }
  // Quadrants of IEC 62053-23: I import inductive, II export with +Q, III export with -Q, IV import with -Q.
  if (!reactive) {
    readingSet(Reading.QUADRANT, importing ? 1.0 : 3.0);
    return true;
  }
  const quadrant = inductive ? (importing ? 1 : 2) : (importing ? 4 : 3);
  const uwh = add(<Register>(<i32>Register.R1 + quadrant - 1), Math.abs(qVar) * durationS);
  if (inductive) {
    addWhole(Register.R_PLUS, uwh);
    if (tariff > 0) addWhole(<Register>(<i32>Register.R_PLUS_T1 + tariff - 1), uwh);
  } else {
    addWhole(Register.R_MINUS, uwh);
  }
  readingSet(Reading.QUADRANT, <f64>quadrant);
  return true;
}
