// Tamper state: terminal cover and magnet now (temporary), and latched since the last clear (permanent), kept through power cuts.
export const enum TamperBit {
  COVER = 1,
  MAGNET = 2,
}

let latched: i32 = 0; // TamperBit set since the last clear

export function tamperSeen(bit: TamperBit): void {
  latched |= <i32>bit;
}

export function tamperLatched(): i32 {
  return latched;
}

export function tamperClear(): void {
  latched = 0;
}

export function tamperRestore(bits: i32): void {
  latched = bits & 3;
}
