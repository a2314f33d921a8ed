// Analysis logger set-ups: record lengths of each Z10 set-up and the capture periods accepted.
import { setupValues, setupRecordBytes, setupPeriodS, valueOffset, periodAllowed, ALOG_MAX_VALUES } from "./setups";

describe("Z10 set-ups", () => {
  it("000 has ten values in 30 bytes: a 60-byte record, 15 min", () => {
    expect(setupValues(0)).toBe(10);
    expect(valueOffset(0, 10)).toBe(24 + 30);
    expect(setupRecordBytes(0)).toBe(60);
    expect(setupPeriodS(0)).toBe(900);
  });
  it("001 has U, I, THD U/I in 10 bytes: a 40-byte record, 10 min", () => {
    expect(setupValues(1)).toBe(4);
    expect(setupRecordBytes(1)).toBe(40);
    expect(setupPeriodS(1)).toBe(600);
  });
  it("002 has four 8-byte energies: a 60-byte record, 15 min", () => {
    expect(setupValues(2)).toBe(4);
    expect(valueOffset(2, 3)).toBe(24 + 24);
    expect(setupRecordBytes(2)).toBe(60);
    expect(setupPeriodS(2)).toBe(900);
  });
  it("003 has 24 values in 94 bytes (4 x 8 energies, 30 instantaneous, 4 x 2 aggregates, 6 x 4 counters): a 124-byte record, 15 min", () => {
    expect(setupValues(3)).toBe(24);
    expect(valueOffset(3, 4)).toBe(24 + 32);
    expect(valueOffset(3, 14)).toBe(24 + 32 + 30);
    expect(valueOffset(3, 18)).toBe(24 + 32 + 30 + 8);
    expect(valueOffset(3, 24)).toBe(24 + 94);
    expect(setupRecordBytes(3)).toBe(124);
    expect(setupPeriodS(3)).toBe(900);
  });
  it("no set-up has more than the data sheet's 24 values", () => {
    for (let k = 0; k < 4; k++) expect(setupValues(k)).toBeLessThanOrEqual(ALOG_MAX_VALUES);
  });
  it("periods: whole minutes from 1 min to a day that divide the day", () => {
    expect(periodAllowed(60)).toBe(true);
    expect(periodAllowed(600)).toBe(true);
    expect(periodAllowed(86400)).toBe(true);
    expect(periodAllowed(0)).toBe(false);
    expect(periodAllowed(30)).toBe(false);
    expect(periodAllowed(420)).toBe(false); // 7 min does not divide the day
    expect(periodAllowed(90)).toBe(false);
    expect(periodAllowed(172800)).toBe(false);
  });
});
