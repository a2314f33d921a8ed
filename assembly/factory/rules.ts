// The order's combination rules: which X and Z codes go together (the data sheet's conditions, docs/CONFIG.md "Rules").
import { z3HasTariffInputs } from "../tariff/input";
import { lineFunction, LineFn } from "../port/functions";
import { xAllowed, zAllowed, zDefined, X_COUNT, Z_COUNT, COUNTRY_AUSTRIA } from "./codes";

// The rule an order breaks; a refusal is (code << 8) | rule, code 1..16 for X1..X16 and 101..130 for Z1..Z30.
export const enum Rule {
  NONE = 0,
  NOT_IN_TABLE = 1, // the value is not in the code's table
  VARIANT_2_ONLY = 2, // "only available for variant 2" (Z27 2, Z28 1 and 2, Z29 4 and 5, Z30 2)
  VARIANT_1_ONLY = 3, // "only available for variant 1" (Z18 1 and 2, Z28 0)
  NEEDS_BREAKER = 4, // a breaker setting on a meter without breaker (X10 0): Z9, Z17 2, Z19 1 and 2
  NEEDS_BREAKER_POSITION = 5, // a meter with breaker needs its factory position (Z19 1 or 2)
  ENERGY_TYPE = 6, // a channel or output of an energy the meter does not measure (X9 against Z29, Z3 06 and 16)
  NEEDS_RADIO = 7, // the earth fault module (Z3 29) is for OMNIA systems only: X11 1
  NEEDS_TARIFF_INPUTS = 8, // Z13 001 module port control with a Z3 code without tariff inputs
  NEEDS_EXTERNAL_STOP = 9, // Z3 15 debiting stop pulse input with a Z7 other than 00
  NEEDS_PULSE_INPUT = 10, // a Z12 unit with a Z3 code without pulse input
  COUNTRY = 11, // the country's rule: Austria's load profile has a fixed 15 min period (Z4 2)
}

export const Z_CODE_BASE: i32 = 100;

function refusal(code: i32, rule: Rule): i32 {
  return (code << 8) | <i32>rule;
}

function z(index: i32): i32 {
  return Z_CODE_BASE + index;
}

function hasPulseInput(z3: i32): bool {
  const fn = lineFunction(z3, 1);
  return fn == LineFn.PULSE_IN || fn == LineFn.PULSE_IN_INVERTED;
}

export function country(xs: StaticArray<i32>): i32 {
  return (xs[14] - 0x30) * 100 + (xs[15] - 0x30) * 10 + (xs[16] - 0x30);
}

// 0 when the order is valid, else the first refusal: tables first (X1..X16, Z1..Z30), then combinations.
// `xs` holds the type number's characters at 1..16, `zs` the Z codes at 1..30.
export function orderRefusal(xs: StaticArray<i32>, zs: StaticArray<i32>): i32 {
  for (let i = 1; i <= X_COUNT; i++) if (!xAllowed(i, xs[i])) return refusal(i, Rule.NOT_IN_TABLE);
  for (let i = 1; i <= Z_COUNT; i++) if (zDefined(i) && !zAllowed(i, zs[i])) return refusal(z(i), Rule.NOT_IN_TABLE);
  const variant2 = xs[8] == 0x32;
  if (variant2 && (zs[18] == 1 || zs[18] == 2)) return refusal(z(18), Rule.VARIANT_1_ONLY);
  if (!variant2 && zs[28] != 0) return refusal(z(28), Rule.VARIANT_2_ONLY);
  if (variant2 && zs[28] == 0) return refusal(z(28), Rule.VARIANT_1_ONLY);
  if (!variant2 && zs[27] == 2) return refusal(z(27), Rule.VARIANT_2_ONLY);
  if (!variant2 && zs[29] >= 4) return refusal(z(29), Rule.VARIANT_2_ONLY);
  if (!variant2 && zs[30] == 2) return refusal(z(30), Rule.VARIANT_2_ONLY);
  const breaker = xs[10] != 0x30;
  if (!breaker && zs[19] != 0) return refusal(z(19), Rule.NEEDS_BREAKER);
  if (!breaker && zs[9] != 0) return refusal(z(9), Rule.NEEDS_BREAKER);
  if (!breaker && zs[17] == 2) return refusal(z(17), Rule.NEEDS_BREAKER);
  if (breaker && zs[19] == 0) return refusal(z(19), Rule.NEEDS_BREAKER_POSITION);
  // X9: 1 A+, 2 A+/A-, 4 A+/A-/R+/R-; Z29 3..5 need reactive energy, 2 needs A-.
  const x9 = xs[9] - 0x30;
  if ((x9 == 1 && zs[29] > 1) || (x9 == 2 && zs[29] > 2)) return refusal(z(29), Rule.ENERGY_TYPE);
  if ((zs[3] == 16 && x9 < 2) || (zs[3] == 6 && x9 < 4)) return refusal(z(3), Rule.ENERGY_TYPE);
  if (zs[3] == 29 && xs[11] != 0x31) return refusal(z(3), Rule.NEEDS_RADIO);
  if (zs[13] == 1 && !z3HasTariffInputs(zs[3])) return refusal(z(13), Rule.NEEDS_TARIFF_INPUTS);
  if (zs[3] == 15 && zs[7] != 0) return refusal(z(7), Rule.NEEDS_EXTERNAL_STOP);
  if (zs[12] != 0 && !hasPulseInput(zs[3])) return refusal(z(12), Rule.NEEDS_PULSE_INPUT);
  if (country(xs) == COUNTRY_AUSTRIA && zs[4] != 2) return refusal(z(4), Rule.COUNTRY);
  return 0;
}
