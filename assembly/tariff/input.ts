// Tariff from the module port inputs (Z3 primary module configuration) and the Z13 tariff control plan.
import { Err } from "../errors";

// Z13 tariff control plan.
export const enum TariffControl {
  DISABLED = 0,
  MODULE_PORT = 1,
  REGISTER = 2,
}

// How a Z3 code uses the two module I/Os for tariffs.
const enum PortUse {
  NONE = 0,
  // Two inputs as a binary code: I/O 1 is bit 0, I/O 2 bit 1, so T = 1 + in1 + 2 * in2.
  FOUR = 1,
  FOUR_INVERTED = 2,
  // One input: inactive T1, active T2.
  TWO_ON_IO1 = 3,
  TWO_ON_IO1_INVERTED = 4,
  TWO_ON_IO2 = 5,
  TWO_ON_IO2_INVERTED = 6,
  // Codes the data sheet does not define (24, 25, beyond 29).
  UNDEFINED = 7,
}

function portUse(z3Code: i32): PortUse {
  switch (z3Code) {
    case 1: case 22: return PortUse.FOUR;
    case 2: case 23: return PortUse.FOUR_INVERTED;
    // 07 2-tariff/Alarm in, 09 2-tariff/Alarm in inverted (only the alarm is inverted), 11 2-tariff/A+ out.
    case 7: case 9: case 11: return PortUse.TWO_ON_IO1;
    case 8: case 10: case 12: return PortUse.TWO_ON_IO1_INVERTED;
    // 13 Pulse in/2-tariff: the tariff input is I/O 2.
    case 13: return PortUse.TWO_ON_IO2;
    case 14: return PortUse.TWO_ON_IO2_INVERTED;
    case 0: case 3: case 4: case 5: case 6: case 15: case 16: case 17: case 18: case 19: case 20:
    case 21: case 26: case 27: case 28: case 29:
      return PortUse.NONE;
    default:
      return PortUse.UNDEFINED;
  }
}

// Tariff 1..4 selected by the module port inputs (levels 0/1, 1 = voltage applied), 0 when the
// Z3 configuration has no tariff function, or -Err.INVALID_ARGUMENT for an undefined Z3 code
// or an input level other than 0 and 1.
export function portTariff(z3Code: i32, in1: i32, in2: i32): i32 {
  if ((in1 & ~1) != 0 || (in2 & ~1) != 0) return -<i32>Err.INVALID_ARGUMENT;
  switch (portUse(z3Code)) {
    case PortUse.FOUR: return 1 + in1 + 2 * in2;
    case PortUse.FOUR_INVERTED: return 1 + (in1 ^ 1) + 2 * (in2 ^ 1);
    case PortUse.TWO_ON_IO1: return 1 + in1;
    case PortUse.TWO_ON_IO1_INVERTED: return 2 - in1;
    case PortUse.TWO_ON_IO2: return 1 + in2;
    case PortUse.TWO_ON_IO2_INVERTED: return 2 - in2;
    case PortUse.NONE: return 0;
    default: return -<i32>Err.INVALID_ARGUMENT;
  }
}

// Whether a Z3 code reads tariffs from the port (the wiring then watches the inputs).
export function z3HasTariffInputs(z3Code: i32): bool {
  const use = portUse(z3Code);
  return use != PortUse.NONE && use != PortUse.UNDEFINED;
}

// The tariff in force under the Z13 plan: 0 disabled, the port's tariff under module port
// control, the activity calendar's under register control; -Err.INVALID_ARGUMENT for another
// Z13 code or a source tariff outside 0..4.
export function tariffByControl(z13Code: i32, portTariffNow: i32, calendarTariffNow: i32): i32 {
  if (portTariffNow < 0 || portTariffNow > 4 || calendarTariffNow < 0 || calendarTariffNow > 4) {
    return -<i32>Err.INVALID_ARGUMENT;
  }
  switch (z13Code) {
    case TariffControl.DISABLED: return 0;
    case TariffControl.MODULE_PORT: return portTariffNow;
    case TariffControl.REGISTER: return calendarTariffNow;
    default: return -<i32>Err.INVALID_ARGUMENT;
  }
}
