// Display formats: Z1 decimals with truncation and roll-over, OBIS in the identification field, units, texts, the catalogue.
import { Err } from "../errors";
import { bitmapClear } from "./segments";
import {
  ReadingId, Source, setValue, clearValues, setPulseUnit, readingSource, readingOnBattery, readingIsBilling,
} from "./readings";
import { drawReading, setDecimals, obisDigits } from "./format";
import { valueText, idText, unitText, textText } from "./lcdtext";

function show(id: i32, value: i64): string {
  expect(setValue(id, value)).toBe(Err.OK);
  bitmapClear();
  drawReading(id);
  return valueText();
}

describe("energy decimals (Z1)", () => {
  beforeEach(() => {
    clearValues();
    setDecimals(1);
  });

  it("shows 7.0 as whole kWh, truncated: 12345.999 kWh -> 12345", () => {
    expect(show(ReadingId.A_PLUS, 12345999)).toBe("    12345");
    expect(unitText()).toBe("kWh");
  });

  it("shows 6.1 with one decimal, truncated: 12345.999 kWh -> 12345.9", () => {
    expect(setDecimals(2)).toBe(Err.OK);
    expect(show(ReadingId.A_PLUS, 12345999)).toBe("   12345.9");
  });

  it("shows 7.2 with two decimals, truncated: 12345.999 kWh -> 12345.99", () => {
    expect(setDecimals(3)).toBe(Err.OK);
    expect(show(ReadingId.A_PLUS, 12345999)).toBe("  12345.99");
  });

  it("shows 6.3 with three decimals: every Wh, 12345.999 kWh", () => {
    expect(setDecimals(4)).toBe(Err.OK);
    expect(show(ReadingId.A_PLUS, 12345999)).toBe(" 12345.999");
  });

  it("never rounds up: 999 Wh is 0 kWh in 7.0 and 0.9 in 6.1", () => {
    expect(show(ReadingId.A_PLUS, 999)).toBe("        0");
    setDecimals(2);
    expect(show(ReadingId.A_PLUS, 999)).toBe("       0.9");
  });

  it("keeps a zero before the point: 5 Wh in 7.2 is 0.00, in 6.3 0.005", () => {
    setDecimals(3);
    expect(show(ReadingId.A_PLUS, 5)).toBe("      0.00");
    setDecimals(4);
    expect(show(ReadingId.A_PLUS, 5)).toBe("     0.005");
  });

  it("rolls over to the low digits beyond the field: 12,345,678.9 kWh in 7.0 is 2345678", () => {
    expect(show(ReadingId.A_PLUS, 12345678901)).toBe("  2345678");
    setDecimals(2);
    expect(show(ReadingId.A_PLUS, 12345678901)).toBe("  345678.9");
    setDecimals(4);
    expect(show(ReadingId.A_PLUS, 12345678901)).toBe("345678.901");
  });

  it("refuses Z1 codes outside 1..4 and negative energy", () => {
    expect(setDecimals(0)).toBe(Err.OUT_OF_RANGE);
    expect(setDecimals(5)).toBe(Err.OUT_OF_RANGE);
    expect(setValue(ReadingId.A_PLUS, -1)).toBe(Err.OUT_OF_RANGE);
    expect(setValue(ReadingId.COUNT, 1)).toBe(Err.INVALID_ARGUMENT);
    expect(setValue(-1, 1)).toBe(Err.INVALID_ARGUMENT);
  });

  it("shows kvarh and kVAh for reactive and apparent registers", () => {
    show(ReadingId.R_PLUS, 1000);
    expect(unitText()).toBe("kvarh");
    show(ReadingId.E_MINUS, 1000);
    expect(unitText()).toBe("kVAh");
  });
});

describe("OBIS shown in the identification field", () => {
  beforeEach(() => {
    clearValues();
    setDecimals(1);
  });

  it("shows 1.8.0 for A+, 1.8.1 for A+ T1, 3.8.4 for R+ T4, 10.8.0 for E-", () => {
    show(ReadingId.A_PLUS, 0);
    expect(idText()).toBe("1.8.0");
    show(ReadingId.A_PLUS_T1, 0);
    expect(idText()).toBe("1.8.1");
    show(ReadingId.R_PLUS_T4, 0);
    expect(idText()).toBe("3.8.4");
    show(ReadingId.E_MINUS, 0);
    expect(idText()).toBe("10.8.0");
  });

  it("shows 32.7.0 V, 31.7.0 A, 16.7.0 kW, 14.7.0 Hz, 13.7.0 cos phi", () => {
    show(ReadingId.VOLTAGE, 230000);
    expect(idText()).toBe("32.7.0");
    expect(unitText()).toBe("V");
    show(ReadingId.CURRENT, 1000);
    expect(idText()).toBe("31.7.0");
    expect(unitText()).toBe("A");
    show(ReadingId.POWER, 1000);
    expect(idText()).toBe("16.7.0");
    expect(unitText()).toBe("kW");
    show(ReadingId.FREQUENCY, 50000);
    expect(idText()).toBe("14.7.0");
    expect(unitText()).toBe("Hz");
    show(ReadingId.POWER_FACTOR, 950);
    expect(idText()).toBe("13.7.0");
    expect(unitText()).toBe("cos");
  });

  it("writes value groups 96 and 97 as letters: C.1.0 meter number, F.F.0 error code", () => {
    show(ReadingId.METER_NUMBER, 12345678);
    expect(idText()).toBe("C.1.0");
    show(ReadingId.ERROR_CODE, 0);
    expect(idText()).toBe("F.F.0");
    expect(textText()).toBe("Error");
  });

  it("fits every reading's code into the 7 digits", () => {
    for (let id = 0; id < <i32>ReadingId.COUNT; id++) expect(obisDigits(id)).toBeGreaterThan(0);
  });
});

describe("instantaneous and other formats", () => {
  beforeEach(() => {
    clearValues();
  });

  it("truncates V to 0.1 V, A to 0.01 A, kW to W, Hz to 0.01 Hz, PF to 0.001", () => {
    expect(show(ReadingId.VOLTAGE, 230199)).toBe("     230.1");
    expect(show(ReadingId.CURRENT, 12349)).toBe("     12.34");
    expect(show(ReadingId.POWER, 2300999)).toBe("     2.300");
    expect(show(ReadingId.FREQUENCY, 49999)).toBe("     49.99");
    expect(show(ReadingId.POWER_FACTOR, 950)).toBe("     0.950");
  });

  it("puts a minus before exported power and a capacitive-export PF", () => {
    expect(show(ReadingId.POWER, -1500000)).toBe("    -1.500");
    expect(show(ReadingId.POWER_FACTOR, -800)).toBe("    -0.800");
  });

  it("shows dates as yy-mm-dd and times as hh:mm:ss", () => {
    expect(show(ReadingId.DATE, 240517)).toBe(" 24-05-17");
    expect(show(ReadingId.TIME, 143507)).toBe("   14:35:07");
    expect(show(ReadingId.P_PLUS_MAX_DATE, 241231)).toBe(" 24-12-31");
    expect(idText()).toBe("1.6.0");
    expect(textText()).toBe("dAtE");
    show(ReadingId.P_PLUS_MAX_TIME, 90000);
    expect(textText()).toBe("tinE");
  });

  it("refuses impossible dates and times", () => {
    expect(setValue(ReadingId.DATE, 241301)).toBe(Err.OUT_OF_RANGE);
    expect(setValue(ReadingId.DATE, 240500)).toBe(Err.OUT_OF_RANGE);
    expect(setValue(ReadingId.TIME, 246000)).toBe(Err.OUT_OF_RANGE);
    expect(setValue(ReadingId.TIME, 126100)).toBe(Err.OUT_OF_RANGE);
  });

  it("shows the peak power in kW at 1.6.0 and the firmware checksum in hex", () => {
    expect(show(ReadingId.P_PLUS_MAX, 17250000)).toBe("    17.250");
    expect(unitText()).toBe("kW");
    expect(show(ReadingId.FIRMWARE_CHECKSUM, 0xdeadbeef)).toBe(" dEAdbEEF");
    expect(idText()).toBe("0.2.8");
    expect(setValue(ReadingId.FIRMWARE_CHECKSUM, 0x100000000)).toBe(Err.OUT_OF_RANGE);
  });

  it("shows firmware version 1.02.03, meter number and credit with its text", () => {
    expect(show(ReadingId.FIRMWARE_VERSION, 10203)).toBe("    1.02.03");
    expect(show(ReadingId.METER_NUMBER, 987654321)).toBe("987654321");
    expect(show(ReadingId.CREDIT, -1250)).toBe("    -12.50");
    expect(textText()).toBe("CrEdit");
    expect(idText()).toBe("C.50.0");
  });

  it("shows dashes for a reading the meter has not handed in yet", () => {
    bitmapClear();
    drawReading(ReadingId.CREDIT);
    expect(valueText()).toBe(" --------");
  });
});

describe("the catalogue of issue 17 (ids 43..89)", () => {
  beforeEach(() => {
    clearValues();
    setDecimals(1);
    setPulseUnit(0);
  });

  it("writes a last-billing-period value with .01 after its code: 1.8.0.01, 0.1.2.01, still 7 digits at most", () => {
    show(ReadingId.BILLING_A_PLUS, 4321999);
    expect(idText()).toBe("1.8.0.01");
    expect(valueText()).toBe("     4321");
    show(ReadingId.BILLING_DATE, 260301);
    expect(idText()).toBe("0.1.2.01");
    expect(obisDigits(ReadingId.BILLING_P_PLUS_MAX)).toBe(5);
  });

  it("shows Q+ 1.380 kvar, THD 30.0 %, hours in h and the pulse input in the Z12 unit", () => {
    expect(show(ReadingId.Q_PLUS, 1380000)).toBe("     1.380");
    expect(unitText()).toBe("kvar");
    expect(show(ReadingId.THD_I, 30000)).toBe("      30.0");
    expect(unitText()).toBe("%");
    expect(show(ReadingId.HOURS, 8760)).toBe("     8760");
    expect(unitText()).toBe("h");
    expect(idText()).toBe("C.8.0");
    show(ReadingId.PULSE_INPUT, 42);
    expect(unitText()).toBe("");
    setPulseUnit(1);
    show(ReadingId.PULSE_INPUT, 42);
    expect(unitText()).toBe("kWh");
    setPulseUnit(3);
    show(ReadingId.PULSE_INPUT, 42);
    expect(textText()).toBe("L");
  });

  it("classifies every reading: fetched instantaneous values never on battery, every last-billing value on battery", () => {
    for (let id = 0; id < <i32>ReadingId.COUNT; id++) {
      const kind = readingSource(id) >> 5;
      if (kind == <i32>Source.INSTANT || kind == <i32>Source.INSTANT_SPLIT) expect(readingOnBattery(id)).toBe(false);
      if (readingIsBilling(id)) expect(kind).toBe(<i32>Source.BILLING);
      if (kind == <i32>Source.BILLING) expect(readingOnBattery(id) && readingIsBilling(id)).toBe(true);
      if (id >= 43) expect(kind).toBeGreaterThan(<i32>Source.HANDED);
    }
  });
});
