// Module port functions against the data sheet's Z3 table: which line is an input, an output or unused for every code.
import { LineFn, lineFunction, isOutput, z3Defined } from "./functions";

// The data sheet's I/O 1 and I/O 2 columns: 0 "-", 1 Input, 2 Output, 3 I2C.
const CODES: StaticArray<i32> = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 26, 27, 28, 29];
const IO1: StaticArray<i32> = [0, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 3];
const IO2: StaticArray<i32> = [0, 1, 1, 1, 1, 2, 2, 1, 1, 1, 1, 2, 2, 1, 1, 0, 2, 2, 2, 2, 2, 2, 1, 1, 2, 2, 2, 3];

function direction(fn: LineFn): i32 {
  if (fn == LineFn.NONE) return 0;
  if (fn == LineFn.EARTH_FAULT) return 3;
  return isOutput(fn) ? 2 : 1;
}

describe("Z3 line functions", () => {
  it("make each line an input, an output or unused as the data sheet's columns say", () => {
    for (let k = 0; k < CODES.length; k++) {
      expect(direction(lineFunction(CODES[k], 1))).toBe(IO1[k], "I/O 1 of Z3 " + CODES[k].toString());
      const io2 = direction(lineFunction(CODES[k], 2));
      // The earth fault stand-in uses only I/O 1 of the module's I2C pair.
      expect(io2).toBe(IO2[k] == 3 ? 0 : IO2[k], "I/O 2 of Z3 " + CODES[k].toString());
    }
  });

  it("know no codes 24, 25 and none above 29", () => {
    expect(z3Defined(24)).toBe(false);
    expect(z3Defined(25)).toBe(false);
    expect(z3Defined(30)).toBe(false);
    expect(z3Defined(-1)).toBe(false);
    expect(lineFunction(24, 1)).toBe(LineFn.NONE);
    for (let k = 0; k < CODES.length; k++) expect(z3Defined(CODES[k])).toBe(true);
  });

  it("give the pulse outputs of 06 (R+, A+) and 16 (A-, A+) on the data sheet's lines", () => {
    expect(lineFunction(6, 1)).toBe(LineFn.OUT_R_PLUS);
    expect(lineFunction(6, 2)).toBe(LineFn.OUT_A_PLUS);
    expect(lineFunction(16, 1)).toBe(LineFn.OUT_A_MINUS);
    expect(lineFunction(16, 2)).toBe(LineFn.OUT_A_PLUS);
    expect(lineFunction(19, 1)).toBe(LineFn.PULSE_IN_INVERTED);
    expect(lineFunction(21, 2)).toBe(LineFn.LOAD_TARIFF_SYNC_INVERTED);
    expect(lineFunction(5, 3)).toBe(LineFn.NONE);
  });
});
