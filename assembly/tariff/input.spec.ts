// Module port tariff inputs: every Z3 code, inverted variants, and the Z13 choice of source.
import { Err } from "../errors";
import { portTariff, z3HasTariffInputs, tariffByControl, TariffControl } from "./input";

describe("module port tariff inputs", () => {
  it("decodes Z3 01 4-tariff: 00 -> T1, 10 -> T2, 01 -> T3, 11 -> T4", () => {
    expect(portTariff(1, 0, 0)).toBe(1);
    expect(portTariff(1, 1, 0)).toBe(2);
    expect(portTariff(1, 0, 1)).toBe(3);
    expect(portTariff(1, 1, 1)).toBe(4);
  });

  it("decodes Z3 02 4-tariff inverted: 11 -> T1, 01 -> T2, 10 -> T3, 00 -> T4", () => {
    expect(portTariff(2, 1, 1)).toBe(1);
    expect(portTariff(2, 0, 1)).toBe(2);
    expect(portTariff(2, 1, 0)).toBe(3);
    expect(portTariff(2, 0, 0)).toBe(4);
  });

  it("decodes Z3 22 and 23 (4-tariff sync load control) like 01 and 02", () => {
    for (let in1 = 0; in1 <= 1; in1++) {
      for (let in2 = 0; in2 <= 1; in2++) {
        expect(portTariff(22, in1, in2)).toBe(portTariff(1, in1, in2));
        expect(portTariff(23, in1, in2)).toBe(portTariff(2, in1, in2));
      }
    }
  });

  it("takes the 2-tariff input from I/O 1 for Z3 07, 09, 11 and ignores I/O 2", () => {
    expect(portTariff(7, 0, 1)).toBe(1);
    expect(portTariff(7, 1, 0)).toBe(2);
    expect(portTariff(9, 0, 0)).toBe(1);
    expect(portTariff(9, 1, 1)).toBe(2);
    expect(portTariff(11, 1, 0)).toBe(2);
  });

  it("inverts the I/O 1 tariff input for Z3 08, 10, 12: active -> T1", () => {
    expect(portTariff(8, 1, 0)).toBe(1);
    expect(portTariff(8, 0, 0)).toBe(2);
    expect(portTariff(10, 1, 1)).toBe(1);
    expect(portTariff(12, 0, 1)).toBe(2);
  });

  it("takes the 2-tariff input from I/O 2 for Z3 13 and inverted for 14", () => {
    expect(portTariff(13, 1, 0)).toBe(1);
    expect(portTariff(13, 0, 1)).toBe(2);
    expect(portTariff(14, 0, 1)).toBe(1);
    expect(portTariff(14, 1, 0)).toBe(2);
  });

  it("gives 0 (no tariff function) for Z3 00, 03..06, 15..21, 26..29", () => {
    const none: StaticArray<i32> = [0, 3, 4, 5, 6, 15, 16, 17, 18, 19, 20, 21, 26, 27, 28, 29];
    for (let k = 0; k < none.length; k++) {
      expect(portTariff(none[k], 1, 1)).toBe(0);
      expect(z3HasTariffInputs(none[k])).toBe(false);
    }
    expect(z3HasTariffInputs(1)).toBe(true);
    expect(z3HasTariffInputs(14)).toBe(true);
  });

  it("refuses undefined Z3 codes -1, 24, 25, 30 and input levels 2 and -1", () => {
    expect(portTariff(-1, 0, 0)).toBe(-Err.INVALID_ARGUMENT);
    expect(portTariff(24, 0, 0)).toBe(-Err.INVALID_ARGUMENT);
    expect(portTariff(25, 0, 0)).toBe(-Err.INVALID_ARGUMENT);
    expect(portTariff(30, 0, 0)).toBe(-Err.INVALID_ARGUMENT);
    expect(z3HasTariffInputs(24)).toBe(false);
    expect(portTariff(1, 2, 0)).toBe(-Err.INVALID_ARGUMENT);
    expect(portTariff(1, 0, -1)).toBe(-Err.INVALID_ARGUMENT);
  });

  it("picks the source by Z13: 000 -> 0, 001 -> port T3, 002 -> calendar T2", () => {
    expect(tariffByControl(TariffControl.DISABLED, 3, 2)).toBe(0);
    expect(tariffByControl(TariffControl.MODULE_PORT, 3, 2)).toBe(3);
    expect(tariffByControl(TariffControl.REGISTER, 3, 2)).toBe(2);
    expect(tariffByControl(3, 3, 2)).toBe(-Err.INVALID_ARGUMENT);
    expect(tariffByControl(TariffControl.MODULE_PORT, 5, 2)).toBe(-Err.INVALID_ARGUMENT);
  });
});
