// Tariff from the module port inputs (Z3 primary module configuration) and the Z13 tariff control plan.
import { Err } from "../errors";
import { LineFn, lineFunction, z3Defined } from "../port/functions";

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

// Read off the one Z3 table (port/functions.ts), so the tariff wiring and the line functions cannot disagree.
function portUse(z3Code: i32): PortUse {
  if (!z3Defined(z3Code)) return PortUse.UNDEFINED;
  const io1 = lineFunction(z3Code, 1);
  const io2 = lineFunction(z3Code, 2);
  if (io1 == LineFn.TARIFF && io2 == LineFn.TARIFF) return PortUse.FOUR;
  if (io1 == LineFn.TARIFF_INVERTED && io2 == LineFn.TARIFF_INVERTED) return PortUse.FOUR_INVERTED;
  if (io1 == LineFn.TARIFF) return PortUse.TWO_ON_IO1;
  if (io1 == LineFn.TARIFF_INVERTED) return PortUse.TWO_ON_IO1_INVERTED;
  if (io2 == LineFn.TARIFF) return PortUse.TWO_ON_IO2;
  if (io2 == LineFn.TARIFF_INVERTED) return PortUse.TWO_ON_IO2_INVERTED;
  return PortUse.NONE;
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
