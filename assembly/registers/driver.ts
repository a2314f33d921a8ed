// Drives demand, counters and debiting periods from the meter's windows and ticks; says when their state must be persisted.
import { Register, registerUwh, currentTariff } from "../metrology/energy";
import { localFromUtcS, localOffsetAtS } from "../clock/timezone";
import { demandAdd, lastPeriodMeanPW } from "./demand";
import { Counter, counterIncrement, countPoweredMs, countPeriodMean } from "./counters";
import { billingReconcile, billingCheck, takeStop, FLAG_EXTERNAL } from "./billing";
import { clockBoot, clockAlive, clockStatusNow } from "../clock/clock";
import { eventLog, EventCode } from "../events/log";
import { Err } from "../errors";

// A power failure longer than this is a long interruption (EN 50160: 3 minutes).
export const LONG_POWER_FAILURE_S: i64 = 180;

// Register values at the last window, µWh, for the window's increments.
let lastAPlus: i64 = 0;
let lastRPlus: i64 = 0;
let lastEPlus: i64 = 0;
let lastEMinus: i64 = 0;
let powerUpUtcS: i64 = 0;
let started = false;
// Clock status byte (COSEM) stamped on records, refreshed every window.
export let clockStatus: u8 = 0;

// After a clock write: the new time's status now; true when the state must be saved so a power cut keeps it.
export function registersClockWritten(utcS: i64): bool {
  clockStatus = clockStatusNow(utcS);
  return started;
}

function snapshotRegisters(): void {
  lastAPlus = registerUwh(Register.A_PLUS);
  lastRPlus = registerUwh(Register.R_PLUS);
  lastEPlus = registerUwh(Register.E_PLUS);
  lastEMinus = registerUwh(Register.E_MINUS);
}

// At boot, after the state is loaded and the registers restored: a power failure counted, missed
// stops taken. `clockBlock` is the stored clock state, 0 when none was stored. The state is saved after.
export function registersBoot(utcS: i64, powerOn: bool, batteryX12: i32, clockBlock: usize): void {
  const known = clockBlock != 0;
  const downS = clockBoot(clockBlock, utcS, batteryX12);
  if (powerOn) eventLog(utcS, EventCode.POWER_UP, 0, downS > <i64>i32.MAX_VALUE ? i32.MAX_VALUE : <i32>downS, downS);
  clockStatus = clockStatusNow(utcS);
  billingReconcile();
  if (known && powerOn) counterIncrement(Counter.POWER_FAILURES);
  // The power failure log: each failure longer than 3 minutes, with its start and duration.
  if (known && powerOn && downS > LONG_POWER_FAILURE_S) {
    counterIncrement(Counter.LONG_POWER_FAILURES);
    eventLog(utcS, EventCode.LONG_POWER_FAILURE, 0, downS > <i64>i32.MAX_VALUE ? i32.MAX_VALUE : <i32>downS, utcS - downS);
  }
  powerUpUtcS = utcS;
  snapshotRegisters();
  started = true;
  billingCheck(localFromUtcS(utcS), <i64>localOffsetAtS(utcS), powerUpUtcS, clockStatus);
}

// After each measurement window: the window's energy into the demand period, calendar stops; true
// when the state must be saved.
export function registersWindow(utcS: i64): bool {
  if (!started) return false;
  clockAlive(utcS);
  clockStatus = clockStatusNow(utcS);
  const aPlus = registerUwh(Register.A_PLUS);
  const rPlus = registerUwh(Register.R_PLUS);
  const ePlus = registerUwh(Register.E_PLUS);
  const eMinus = registerUwh(Register.E_MINUS);
  let dirty = false;
  if (demandAdd(utcS, currentTariff(), aPlus - lastAPlus, rPlus - lastRPlus, ePlus - lastEPlus, eMinus - lastEMinus)) {
    countPeriodMean(lastPeriodMeanPW);
    dirty = true;
  }
  lastAPlus = aPlus;
  lastRPlus = rPlus;
  lastEPlus = ePlus;
  lastEMinus = eMinus;
  if (billingCheck(localFromUtcS(utcS), <i64>localOffsetAtS(utcS), powerUpUtcS, clockStatus) > 0) dirty = true;
  return dirty;
}

// Every tick with supply: the hour counter; true when the state must be saved.
export function registersTick(ms: i32): bool {
  return started && countPoweredMs(ms);
}

// Supply failing (the early warning): the state goes to flash with this time as the last one alive,
// so the next power-up counts the time off from here, not from the last periodic save.
export function registersPowerFail(utcS: i64): void {
  if (started) clockAlive(utcS);
}

export function registersPulseInput(): void {
  counterIncrement(Counter.PULSE_INPUT);
}

// A debiting stop by command or module input (Z7 00, externally controlled).
export function registersExternalStop(utcS: i64): Err {
  if (!started) return Err.NOT_READY;
  return takeStop(utcS, clockStatus, FLAG_EXTERNAL); // the caller saves the state
}
