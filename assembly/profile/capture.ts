// Load profile capture: an entry at every period boundary (Z4) with the Z29 channels and a status byte; power cuts and clock changes flagged.
import { Err } from "../errors";
import { lpStoreLoad, lpStart, lpAppend, lpLastTimeS } from "./store";
import { z29ChannelMask, LP_CHANNELS } from "./codec";
import { registerWh } from "../metrology/energy";
import { rtcReadUtcS } from "../hal/rtc";
import { CapturePeriod, LpStatus } from "./period";

// Z4 codes: 2 = 15 min, 3 = 30 min, 4 = 60 min.
export function z4PeriodS(z4: i32): i32 {
  return z4 == 2 ? 900 : z4 == 3 ? 1800 : z4 == 4 ? 3600 : 0;
}

let channelMask: i32 = 0x0f;
// Data not valid, and the power-down and clock-adjusted flags, of an entry whose write failed (or of
// registers restored from a damaged journal): the next entry written covers that period too.
let carried: u8 = 0;

// Z4 and Z29. A change while the profile runs closes the running period with an entry now, under the
// old setting; the new one starts a new sector.
export function profileConfigure(z4: i32, z29: i32): Err {
  const p = z4PeriodS(z4);
  const m = z29ChannelMask(z29);
  if (p == 0 || m == 0) return Err.OUT_OF_RANGE;
  if (period.started && (p != period.periodS || m != channelMask)) {
    const nowS = rtcReadUtcS();
    period.close(nowS, lpLastTimeS);
    period.periodS = p;
    channelMask = m;
    period.restart(nowS);
    return Err.OK;
  }
  period.periodS = p;
  channelMask = m;
  return Err.OK;
}

// The eight channels' registers in whole Wh now.
const VALUES: usize = memory.data(8 * LP_CHANNELS);
// The load profile's capture clock (period.ts), whose entries are this profile's records.
class ProfilePeriod extends CapturePeriod {
  capture(atS: i64, status: u8): void {
    capture(atS, status);
  }
}
const period = new ProfilePeriod();

function fillValues(): void {
  for (let c = 0; c < LP_CHANNELS; c++) store<u64>(VALUES + (<usize>c << 3), <u64>registerWh(c));
}

function capture(atS: i64, status: u8): void {
  fillValues();
  status |= carried;
  carried = lpAppend(atS, status, VALUES, channelMask, period.periodS / 60) == Err.OK ? 0 : (status & <u8>(LpStatus.POWER_DOWN | LpStatus.CLOCK_ADJUSTED)) | <u8>LpStatus.DATA_NOT_VALID;
}

// Boot, with the registers and the clock's state restored (period.ts). Registers restored from damaged
// stored data (`damaged`) flag the first entry written data not valid.
export function profileBoot(nowS: i64, powerOn: bool, damaged: bool): void {
  lpStoreLoad();
  carried = damaged ? <u8>LpStatus.DATA_NOT_VALID : 0;
  const last = lpLastTimeS;
  if (last == i64.MIN_VALUE) {
    fillValues();
    lpStart(nowS, VALUES, channelMask, period.periodS / 60); // a new profile: its start is stored at once
  }
  period.boot(nowS, powerOn, last);
}

export function profileWindow(nowS: i64): void {
  period.window(nowS);
}

export function profileClockChanged(oldS: i64, newS: i64, set: bool): void {
  period.clockChanged(oldS, newS, set, lpLastTimeS);
}

export function profileChannelMask(): i32 {
  return channelMask;
}

export const PROFILE_CHANNELS: i32 = LP_CHANNELS;
