// The order code's tables: type number X1..X16 and software configuration Z1..Z30, as the data sheet and docs/CONFIG.md define them.

// Z16 frequency code protocols of the data sheet (000 none).
const FREQUENCY_CODES: StaticArray<i32> = [0, 318, 319, 326, 328, 329, 337, 338, 339, 348, 349, 356, 357, 359, 369, 376, 379];

export function frequencyCodeKnown(code: i32): bool {
  for (let k = 0; k < FREQUENCY_CODES.length; k++) if (FREQUENCY_CODES[k] == code) return true;
  return false;
}

// Z26 alarm configuration bits (docs/CONFIG.md): 1 alarm input, 2 terminal cover, 4 magnetic field,
// 8 earth fault, 16 breaker fault, 32 stored data damaged.
export const ALARM_CONFIG_MASK: i32 = 63;

// The allowed characters of each type number position X1..X16, '#' standing for any digit.
const X_ALLOWED: StaticArray<string> = [
  "", "6", "1", "12", "1", "14678", "AB21", "N", "12", "124", "023", "01", "01", "1", "#", "#", "#",
];

export const X_COUNT: i32 = 16;
export const Z_COUNT: i32 = 30;

export function xAllowed(index: i32, char: i32): bool {
  if (index < 1 || index > X_COUNT) return false;
  const allowed = X_ALLOWED[index];
  if (allowed == "#") return char >= 0x30 && char <= 0x39;
  for (let k = 0; k < allowed.length; k++) if (<i32>allowed.charCodeAt(k) == char) return true;
  return false;
}

// Whether `value` is in Z`index`'s table (data sheet, or docs/CONFIG.md where it says "see order form").
export function zAllowed(index: i32, value: i32): bool {
  switch (index) {
    case 1: return value >= 1 && value <= 4;
    case 2: return value == 1 || value == 2;
    case 3: return value >= 0 && value <= 29 && value != 24 && value != 25;
    case 4: return value >= 2 && value <= 4;
    case 5: case 20: return value >= 0 && value <= 999;
    case 6: return value >= 1 && value <= 28;
    case 7: return value >= 0 && value <= 24;
    case 8: return value >= 1 && value <= 4;
    case 9: return value >= 0 && value <= 6;
    case 11: return value >= 0 && value <= 23;
    case 10: case 12: return value >= 0 && value <= 3;
    case 13: return value >= 0 && value <= 2;
    case 14: case 15: return value == 0 || value == 1;
    case 16: return frequencyCodeKnown(value);
    case 17: case 18: case 19: case 28: return value >= 0 && value <= 2;
    case 25: return value >= 1 && value <= 3;
    case 26: return value >= 0 && (value & ~ALARM_CONFIG_MASK) == 0;
    case 27: case 30: return value == 1 || value == 2;
    case 29: return value >= 1 && value <= 5;
    default: return false; // Z21..Z24 are not in the data sheet
  }
}

export function zDefined(index: i32): bool {
  return index >= 1 && index <= Z_COUNT && (index < 21 || index > 24);
}

// X5 current range "Ib-Imax A": the base current in A (5 or 10).
export function ibA(x5: i32): i32 {
  return x5 == 0x36 || x5 == 0x37 ? 10 : 5;
}

// X5: Imax in A (the meter's overload limit).
export function imaxA(x5: i32): i32 {
  switch (x5) {
    case 0x31: return 100;
    case 0x34: return 65;
    case 0x36: return 60;
    case 0x37: case 0x38: return 80;
    default: return 100;
  }
}

// X6 accuracy class: maximum permissible error at reference conditions in hundredths of a percent
// (EN 50470-3 class A 2 %, B 1 %; IEC 62053-21 class 2 2 %, class 1 1 %).
export function mpeCentiPercent(x6: i32): i32 {
  return x6 == 0x42 || x6 == 0x31 ? 100 : 200;
}

// ISO 3166-1 numeric country codes with defaults of their own (docs/CONFIG.md).
export const COUNTRY_AUSTRIA: i32 = 40;
export const COUNTRY_FINLAND: i32 = 246;
