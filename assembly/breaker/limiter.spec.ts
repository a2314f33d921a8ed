// Limiter (class 71): over/under durations, the emergency profile, its local disconnect and reconnect through class 70.
import { Err } from "../errors";
import { ControlState, controlState } from "./control";
import {
  Monitored, LimiterAction, limiterConfigure, limiterSetEmergency, limiterUpdate, limiterActiveThreshold, limiterEmergencyActive,
  limiterTripped, limiterResetTiming,
} from "./limiter";
import { breakerInit, breakerSecond, breakerButtonReconnect } from "./breaker";
import { BreakerEvent, Cause, breakerEventFind, eventCause } from "./eventlog";

const MONDAY = 1;
const T0: i64 = 1767225600000; // 2026-01-01 00:00 UTC in ms

describe("limiter thresholds and durations", () => {
  beforeEach(() => {
    limiterResetTiming();
    limiterSetEmergency(0, 0);
    expect(limiterConfigure(true, Monitored.ACTIVE_POWER_IMPORT_W, 5000, 2000, 60, 300)).toBe(Err.OK);
  });

  it("trips only after 60 s continuously above 5000 W; a dip to 4000 W restarts the count", () => {
    for (let s = 0; s < 30; s++) expect(limiterUpdate(T0 + <i64>s * 1000, 6000, 0)).toBe(LimiterAction.NONE);
    expect(limiterUpdate(T0 + 30000, 4000, 0)).toBe(LimiterAction.NONE);
    for (let s = 31; s < 91; s++) expect(limiterUpdate(T0 + <i64>s * 1000, 6000, 0)).toBe(LimiterAction.NONE);
    expect(limiterUpdate(T0 + 91000, 6000, 0)).toBe(LimiterAction.OVER);
    expect(limiterTripped()).toBe(true);
    expect(limiterUpdate(T0 + 92000, 6000, 0)).toBe(LimiterAction.NONE); // once per trip
  });

  it("does not trip at exactly the threshold (5000 W)", () => {
    for (let s = 0; s < 200; s++) expect(limiterUpdate(T0 + <i64>s * 1000, 5000, 0)).toBe(LimiterAction.NONE);
  });

  it("allows reconnection after 300 s at or below the threshold; 5100 W in between restarts the count", () => {
    limiterConfigure(true, Monitored.ACTIVE_POWER_IMPORT_W, 5000, 2000, 0, 300);
    expect(limiterUpdate(T0, 6000, 0)).toBe(LimiterAction.OVER);
    expect(limiterUpdate(T0 + 1000, 0, 0)).toBe(LimiterAction.NONE);
    expect(limiterUpdate(T0 + 200000, 5100, 0)).toBe(LimiterAction.NONE); // load back above: count restarts
    expect(limiterUpdate(T0 + 201000, 0, 0)).toBe(LimiterAction.NONE);
    expect(limiterUpdate(T0 + 500999, 0, 0)).toBe(LimiterAction.NONE);
    expect(limiterUpdate(T0 + 501000, 0, 0)).toBe(LimiterAction.UNDER);
    expect(limiterTripped()).toBe(false);
  });

  it("uses the 2000 W emergency threshold only inside the emergency profile (1 h from 18:00)", () => {
    const startS: i64 = T0 / 1000 + 18 * 3600;
    expect(limiterSetEmergency(startS, 3600)).toBe(Err.OK);
    expect(limiterActiveThreshold(startS * 1000 - 1000)).toBe(5000);
    expect(limiterEmergencyActive(startS * 1000)).toBe(true);
    expect(limiterActiveThreshold(startS * 1000)).toBe(2000);
    expect(limiterActiveThreshold(startS * 1000 + 3599000)).toBe(2000);
    expect(limiterActiveThreshold(startS * 1000 + 3600000)).toBe(5000);
    limiterConfigure(true, Monitored.ACTIVE_POWER_IMPORT_W, 5000, 2000, 0, 300);
    expect(limiterUpdate(startS * 1000 - 1000, 3000, 0)).toBe(LimiterAction.NONE);
    expect(limiterUpdate(startS * 1000, 3000, 0)).toBe(LimiterAction.OVER);
  });

  it("watches the current in mA when monitored value 1 is chosen: 40 A limit trips at 40.001 A", () => {
    expect(limiterConfigure(true, Monitored.CURRENT_MA, 40000, 20000, 0, 10)).toBe(Err.OK);
    expect(limiterUpdate(T0, 99999, 40000)).toBe(LimiterAction.NONE);
    expect(limiterUpdate(T0 + 1000, 0, 40001)).toBe(LimiterAction.OVER);
  });

  it("refuses thresholds 0 W and 50001 W, 150001 mA, durations -1 s and 86401 s, monitored value 2, emergency of 32 days", () => {
    expect(limiterConfigure(true, 0, 0, 2000, 60, 300)).toBe(Err.OUT_OF_RANGE);
    expect(limiterConfigure(true, 0, 50001, 2000, 60, 300)).toBe(Err.OUT_OF_RANGE);
    expect(limiterConfigure(true, 0, 5000, -5, 60, 300)).toBe(Err.OUT_OF_RANGE);
    expect(limiterConfigure(true, 1, 150001, 2000, 60, 300)).toBe(Err.OUT_OF_RANGE);
    expect(limiterConfigure(true, 0, 5000, 2000, -1, 300)).toBe(Err.OUT_OF_RANGE);
    expect(limiterConfigure(true, 0, 5000, 2000, 60, 86401)).toBe(Err.OUT_OF_RANGE);
    expect(limiterConfigure(true, 2, 5000, 2000, 60, 300)).toBe(Err.UNSUPPORTED);
    expect(limiterSetEmergency(0, 32 * 86400)).toBe(Err.OUT_OF_RANGE);
    expect(limiterSetEmergency(-1, 60)).toBe(Err.OUT_OF_RANGE);
    // The refused changes left the configuration in force: still trips after 60 s above 5000 W.
    for (let s = 0; s < 60; s++) limiterUpdate(T0 + <i64>s * 1000, 5001, 0);
    expect(limiterUpdate(T0 + 60000, 5001, 0)).toBe(LimiterAction.OVER);
  });
});

// Runs breakerSecond from `fromS` to `toS` (exclusive) at a constant load.
function run(fromS: i32, toS: i32, powerW: i32): void {
  for (let s = fromS; s < toS; s++) expect(breakerSecond(T0 + <i64>s * 1000, powerW, powerW * 4, MONDAY, 10)).toBe(Err.OK);
}

describe("limiter through disconnect control", () => {
  it("mode 1: trips after 10 s above 5 kW into ready_for_reconnection; the button waits out 60 s under", () => {
    breakerInit(1, 1, T0);
    limiterConfigure(true, Monitored.ACTIVE_POWER_IMPORT_W, 5000, 2000, 10, 60);
    run(0, 10, 7000);
    expect(controlState()).toBe(ControlState.CONNECTED);
    run(10, 11, 7000);
    expect(controlState()).toBe(ControlState.READY_FOR_RECONNECTION);
    expect(eventCause(breakerEventFind(BreakerEvent.OPENED))).toBe(Cause.LIMITER);
    run(11, 40, 0);
    expect(breakerButtonReconnect(T0 + 40000)).toBe(Err.BUSY);
    run(40, 72, 0);
    // Mode 1 has no local reconnection (h): the output stays released for the button.
    expect(controlState()).toBe(ControlState.READY_FOR_RECONNECTION);
    expect(breakerButtonReconnect(T0 + 72000)).toBe(Err.OK);
    expect(controlState()).toBe(ControlState.CONNECTED);
  });

  it("mode 5: reconnects by itself (local_reconnect h) after the 60 s under-threshold duration", () => {
    breakerInit(1, 5, T0);
    limiterConfigure(true, Monitored.ACTIVE_POWER_IMPORT_W, 5000, 2000, 0, 60);
    run(0, 1, 9000);
    expect(controlState()).toBe(ControlState.READY_FOR_RECONNECTION);
    run(1, 61, 0);
    expect(controlState()).toBe(ControlState.READY_FOR_RECONNECTION);
    run(61, 62, 0);
    expect(controlState()).toBe(ControlState.CONNECTED);
    expect(eventCause(breakerEventFind(BreakerEvent.CLOSED))).toBe(Cause.LIMITER);
  });

  it("mode 0: the limiter trips but the output stays connected (no disconnection possible)", () => {
    breakerInit(1, 0, T0);
    limiterConfigure(true, Monitored.ACTIVE_POWER_IMPORT_W, 5000, 2000, 0, 60);
    run(0, 5, 9000);
    expect(limiterTripped()).toBe(true);
    expect(controlState()).toBe(ControlState.CONNECTED);
  });

  it("refuses breakerSecond with weekday 0 or 8 and hour 24", () => {
    breakerInit(1, 1, T0);
    expect(breakerSecond(T0, 0, 0, 0, 10)).toBe(Err.INVALID_ARGUMENT);
    expect(breakerSecond(T0, 0, 0, 8, 10)).toBe(Err.INVALID_ARGUMENT);
    expect(breakerSecond(T0, 0, 0, 1, 24)).toBe(Err.INVALID_ARGUMENT);
  });
});
