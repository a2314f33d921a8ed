// The meter clock: RTC quality across power-ups and clock writes, persisted with the meter state.
import { Err } from "../errors";
import { rtcReadUtcS, rtcSetUtcS } from "../hal/rtc";
import { eventLog, EventCode } from "../events/log";
import {
  qualityReset, qualityRestore, qualityRecordLost, qualityBits, qualityLastAdjustUtcS, qualityOnPowerUp,
  qualityOnClockWrite, clockStatusAt, ClockChange,
} from "./quality";

// The last RTC time the meter knew it was running; how long the backup had to carry the clock.
let lastAliveUtcS: i64 = -1;
export let clockSets: i32 = 0;
export let clockAdjustments: i32 = 0;

// Persisted block: i32 status bits, i32 reserved, i64 last adjustment, i64 last alive.
export const CLOCK_STATE_BYTES: i32 = 24;

export function clockSave(dst: usize): void {
  store<i32>(dst, qualityBits());
  store<i32>(dst, 0, 4);
  store<i64>(dst, qualityLastAdjustUtcS(), 8);
  store<i64>(dst, lastAliveUtcS, 16);
}

// `src` 0: no state stored yet (a new meter, never set). A block that does not validate means the
// state was lost, and so is the clock's status. Returns how long the meter was off, s (-1 unknown).
export function clockBoot(src: usize, nowUtcS: i64, batteryX12: i32): i64 {
  if (src == 0) {
    qualityReset();
    lastAliveUtcS = -1;
  } else if (qualityRestore(load<i32>(src), load<i64>(src, 8)) != Err.OK) {
    qualityRecordLost();
    lastAliveUtcS = -1;
  } else {
    lastAliveUtcS = load<i64>(src, 16);
  }
  const downS = lastAliveUtcS < 0 ? -1 : nowUtcS - lastAliveUtcS;
  qualityOnPowerUp(lastAliveUtcS, nowUtcS, batteryX12);
  lastAliveUtcS = nowUtcS;
  return downS;
}

export function clockAlive(nowUtcS: i64): void {
  lastAliveUtcS = nowUtcS;
}

// COSEM clock status byte at this instant (invalid, doubtful, invalid status, summer time).
export function clockStatusNow(nowUtcS: i64): u8 {
  return <u8>clockStatusAt(nowUtcS);
}

// Writes the RTC: a small correction of a trusted clock is an adjustment, anything else a set.
// Returns the ClockChange, or -Err (nothing changed).
export function clockWrite(newUtcS: i64): i32 {
  const oldUtcS = rtcReadUtcS();
  const change = qualityOnClockWrite(oldUtcS, newUtcS);
  if (change < 0) return change;
  const status = rtcSetUtcS(newUtcS);
  if (status != Err.OK) return -status;
  lastAliveUtcS = newUtcS;
  let deltaS = newUtcS - oldUtcS;
  if (deltaS > <i64>i32.MAX_VALUE) deltaS = <i64>i32.MAX_VALUE;
  if (deltaS < <i64>i32.MIN_VALUE) deltaS = <i64>i32.MIN_VALUE;
  if (change == <i32>ClockChange.SET) {
    clockSets++;
    eventLog(newUtcS, EventCode.CLOCK_SET, 0, <i32>deltaS, newUtcS);
  } else {
    clockAdjustments++;
    eventLog(newUtcS, EventCode.CLOCK_ADJUSTED, 0, <i32>deltaS, newUtcS);
  }
  return change;
}
