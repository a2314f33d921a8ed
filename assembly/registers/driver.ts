// Drives demand, counters and debiting periods from the meter's windows and ticks, and persists their state.
import { Register, registerUwh, currentTariff } from "../metrology/energy";
import { localFromUtcS, localOffsetAtS } from "../clock/timezone";
import { demandAdd, lastPeriodMeanPW } from "./demand";
import { Counter, counterIncrement, countPoweredMs, countPeriodMean } from "./counters";
import { billingLoad, billingReconcile, billingCheck, takeStop, FLAG_EXTERNAL } from "./billing";
import { stateLoad, stateSave, stateClockBlock } from "../store/state";
import { clockBoot, clockAlive, clockStatusNow } from "../clock/clock";
import { eventLog, EventCode } from "../events/log";
import { Err } from "../errors";

// Register values at the last window, µWh, for the window's increments.
let lastAPlus: i64 = 0;
let lastRPlus: i64 = 0;
let lastEPlus: i64 = 0;
let lastEMinus: i64 = 0;
let powerUpUtcS: i64 = 0;
let started = false;
// Clock status byte (COSEM) stamped on records, refreshed every window.
export let clockStatus: u8 = 0;

// After a clock write: the new time's status now, and persisted so a power cut keeps it.
export function registersClockWritten(utcS: i64): void {
  clockStatus = clockStatusNow(utcS);
  if (started) stateSave();
}

function snapshotRegisters(): void {
  lastAPlus = registerUwh(Register.A_PLUS);
  lastRPlus = registerUwh(Register.R_PLUS);
  lastEPlus = registerUwh(Register.E_PLUS);
  lastEMinus = registerUwh(Register.E_MINUS);
}

// At boot, after the registers are restored: state back, a power failure counted, missed stops taken.
export function registersBoot(utcS: i64, powerOn: bool, batteryX12: i32): void {
  const known = stateLoad();
  const downS = clockBoot(known ? stateClockBlock() : 0, utcS, batteryX12);
  if (powerOn) eventLog(utcS, EventCode.POWER_UP, 0, downS > <i64>i32.MAX_VALUE ? i32.MAX_VALUE : <i32>downS, downS);
  clockStatus = clockStatusNow(utcS);
  billingLoad();
  billingReconcile();
  if (known && powerOn) counterIncrement(Counter.POWER_FAILURES);
  powerUpUtcS = utcS;
  snapshotRegisters();
  started = true;
  billingCheck(localFromUtcS(utcS), <i64>localOffsetAtS(utcS), powerUpUtcS, clockStatus);
  stateSave();
}

// After each measurement window: the window's energy into the demand period, calendar stops.
export function registersWindow(utcS: i64): void {
  if (!started) return;
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
  if (dirty) stateSave();
}

// Every tick with supply: the hour counter.
export function registersTick(ms: i32): void {
  if (started && countPoweredMs(ms)) stateSave();
}

// Supply failing (the early warning): the state goes to flash with this time as the last one alive,
// so the next power-up counts the time off from here, not from the last periodic save.
export function registersPowerFail(utcS: i64): void {
  if (!started) return;
  clockAlive(utcS);
  stateSave();
}

export function registersPulseInput(): void {
  counterIncrement(Counter.PULSE_INPUT);
}

// A debiting stop by command or module input (Z7 00, externally controlled).
export function registersExternalStop(utcS: i64): Err {
  if (!started) return Err.NOT_READY;
  const status = takeStop(utcS, clockStatus, FLAG_EXTERNAL);
  stateSave();
  return status;
}
