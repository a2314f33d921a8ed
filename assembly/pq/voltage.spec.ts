// The per-cycle event detector on exact cycle sums: thresholds, hysteresis, classification, durations in samples.
import {
  pqCycle, voltageThresholds, voltageReset, voltageState, VoltageState, PqEvent, queued, queuedKind, queuedStart,
  queuedEnd, queuedExtremeMs, queueClear, eventCount,
} from "./voltage";
import { DEFAULT_V_GAIN_V } from "../metrology/calibration";

const N: i32 = 80; // one 50 Hz cycle at 4000 pairs/s
let sample: i64 = 0;
let cycSv: i64 = 0;
let cycSvv: i64 = 0;

// Sums of one cycle of a sine of vrms volts with a DC offset, as the window code hands them over.
function cycle(vrms: f64, dcLsb: i32 = 0): void {
  let sv: i64 = 0;
  let svv: i64 = 0;
  for (let k = 0; k < N; k++) {
    const v = <i64>Math.round(vrms * Math.SQRT2 * Math.sin(2.0 * Math.PI * <f64>k / <f64>N) / DEFAULT_V_GAIN_V) + <i64>dcLsb;
    sv += v;
    svv += v * v;
  }
  cycSv = sv;
  cycSvv = svv;
  sample += <i64>N;
  pqCycle(N, sv, svv, sample);
}

function cycles(vrms: f64, count: i32): void {
  for (let k = 0; k < count; k++) cycle(vrms);
}

function voltsOf(ms: i64): f64 {
  return Math.sqrt(<f64>ms) * DEFAULT_V_GAIN_V;
}

describe("power quality cycle detector", () => {
  beforeEach(() => {
    voltageThresholds(4000);
    voltageReset();
    queueClear();
    sample = 0;
  });

  it("starts a dip at the first cycle below 90 % Un (207 V) and not at 207.5 V", () => {
    cycles(207.5, 5);
    expect(voltageState).toBe(VoltageState.NORMAL);
    cycles(206.5, 1);
    expect(voltageState).toBe(VoltageState.LOW);
  });

  it("ends a dip at the first cycle at 92 % Un (211.6 V), with the duration and residual of its cycles", () => {
    cycles(230.0, 3);
    cycles(180.0, 10);
    cycles(150.0, 2);
    cycles(211.0, 4); // 91.7 %: still in the dip
    cycles(212.0, 1);
    expect(voltageState).toBe(VoltageState.NORMAL);
    expect(queued).toBe(1);
    expect(queuedKind(0)).toBe(<i32>PqEvent.DIP);
    expect(queuedStart(0)).toBe(<i64>(3 * N));
    expect(queuedEnd(0) - queuedStart(0)).toBe(<i64>(16 * N)); // 320 ms
    expect(Math.abs(voltsOf(queuedExtremeMs(0)) - 150.0)).toBeLessThan(0.01);
    expect(eventCount(PqEvent.DIP)).toBe(1);
  });

  it("a swell above 110 % Un ends at 108 % (248.4 V) and keeps its highest cycle", () => {
    cycles(254.0, 3);
    cycles(270.0, 1);
    cycles(249.0, 2); // 108.3 %: still a swell
    cycles(248.0, 1);
    expect(queued).toBe(1);
    expect(queuedKind(0)).toBe(<i32>PqEvent.SWELL);
    expect(queuedEnd(0) - queuedStart(0)).toBe(<i64>(6 * N));
    expect(Math.abs(voltsOf(queuedExtremeMs(0)) - 270.0)).toBeLessThan(0.01);
  });

  it("a residual under 5 % Un (11.5 V) makes it an interruption: short up to 3 min, long beyond", () => {
    cycles(10.0, 5);
    cycles(230.0, 1);
    cycles(0.0, 9001); // 180.02 s
    cycles(230.0, 1);
    cycles(12.0, 5); // 5.2 %: a dip
    cycles(230.0, 1);
    expect(queued).toBe(3);
    expect(queuedKind(0)).toBe(<i32>PqEvent.SHORT_INTERRUPTION);
    expect(queuedKind(1)).toBe(<i32>PqEvent.LONG_INTERRUPTION);
    expect(queuedKind(2)).toBe(<i32>PqEvent.DIP);
    expect(queuedEnd(1) - queuedStart(1)).toBe(<i64>(9001 * N));
  });

  it("a DC offset in the cycle does not move the thresholds (offset removed per cycle)", () => {
    cycle(208.0, 400000);
    expect(voltageState).toBe(VoltageState.NORMAL);
    cycle(206.0, -400000);
    expect(voltageState).toBe(VoltageState.LOW);
  });
});
