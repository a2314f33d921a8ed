// Load profile capture: an entry at every period boundary (Z4) with the Z29 channels and a status byte; power cuts and clock changes flagged.
import { Err } from "../errors";
import { lpStoreLoad, lpStart, lpAppend, lpLastTimeS } from "./store";
import { z29ChannelMask, LP_CHANNELS } from "./codec";
import { registerWh } from "../metrology/energy";
import { rtcReadUtcS } from "../hal/rtc";
import { isDstAt } from "../clock/timezone";
import { clockStatusAt, ClockStatus } from "../clock/quality";

// Status byte of an entry (the AMR profile status of DLMS/IDIS load profiles); bits 4 and 6,
// reserved there, flag a period shorter or longer than the capture period.
export const enum LpStatus {
  CRITICAL_ERROR = 0x01,
  CLOCK_INVALID = 0x02,
  DATA_NOT_VALID = 0x04,
  DST = 0x08,
  SHORT_PERIOD = 0x10,
  CLOCK_ADJUSTED = 0x20,
  LONG_PERIOD = 0x40,
  POWER_DOWN = 0x80,
}

// Z4 codes: 2 = 15 min, 3 = 30 min, 4 = 60 min.
export function z4PeriodS(z4: i32): i32 {
  return z4 == 2 ? 900 : z4 == 3 ? 1800 : z4 == 4 ? 3600 : 0;
}

let periodS: i32 = 900;
let channelMask: i32 = 0x0f;
let started = false;
let nextBoundaryS: i64 = 0;
let periodStartS: i64 = 0; // RTC time the running period's energy began
let pending: u8 = 0; // flags gathered for the running period's entry
// Data not valid, and the power-down and clock-adjusted flags, of an entry whose write failed (or of
// registers restored from a damaged journal): the next entry written covers that period too.
let carried: u8 = 0;

// Z4 and Z29. A change while the profile runs closes the running period with an entry now, under the
// old setting; the new one starts a new sector.
export function profileConfigure(z4: i32, z29: i32): Err {
  const p = z4PeriodS(z4);
  const m = z29ChannelMask(z29);
  if (p == 0 || m == 0) return Err.OUT_OF_RANGE;
  if (started && (p != periodS || m != channelMask)) {
    const nowS = rtcReadUtcS();
    if (nowS > lpLastTimeS) capture(nowS, statusFor(nowS) | <u8>LpStatus.SHORT_PERIOD);
    pending = 0;
    periodStartS = nowS;
    periodS = p;
    channelMask = m;
    nextBoundaryS = boundaryAfter(nowS);
    return Err.OK;
  }
  periodS = p;
  channelMask = m;
  return Err.OK;
}

// The eight channels' registers in whole Wh now.
const VALUES: usize = memory.data(8 * LP_CHANNELS);

function fillValues(): void {
  for (let c = 0; c < LP_CHANNELS; c++) store<u64>(VALUES + (<usize>c << 3), <u64>registerWh(c));
}

function boundaryAfter(t: i64): i64 {
  const p = <i64>periodS;
  return (t >= 0 ? t / p : (t - p + 1) / p) * p + p;
}

function statusFor(atS: i64): u8 {
  let status = pending;
  const covered = atS - periodStartS;
  if (covered < <i64>periodS) status |= <u8>LpStatus.SHORT_PERIOD;
  if (covered > <i64>periodS) status |= <u8>LpStatus.LONG_PERIOD;
  return status | clockFlags(atS);
}

export function clockFlags(atS: i64): u8 {
  let flags: u8 = 0;
  if ((clockStatusAt(atS) & (<i32>ClockStatus.INVALID_VALUE | <i32>ClockStatus.DOUBTFUL_VALUE)) != 0) flags |= <u8>LpStatus.CLOCK_INVALID;
  if (isDstAt(atS)) flags |= <u8>LpStatus.DST;
  return flags;
}

function capture(atS: i64, status: u8): void {
  fillValues();
  status |= carried;
  carried = lpAppend(atS, status, VALUES, channelMask, periodS / 60) == Err.OK ? 0 : (status & <u8>(LpStatus.POWER_DOWN | LpStatus.CLOCK_ADJUSTED)) | <u8>LpStatus.DATA_NOT_VALID;
}

// Boot, with the registers and the clock's state restored. A period whose boundary
// passed while the meter was off gets its entry now, at that boundary, flagged power down; the
// periods wholly inside the outage get none; the running one is flagged power down too. Registers
// restored from damaged stored data (`damaged`) flag the first entry written data not valid.
export function profileBoot(nowS: i64, powerOn: bool, damaged: bool): void {
  lpStoreLoad();
  carried = damaged ? <u8>LpStatus.DATA_NOT_VALID : 0;
  started = true;
  const last = lpLastTimeS;
  pending = powerOn ? <u8>LpStatus.POWER_DOWN : 0;
  if (last == i64.MIN_VALUE) {
    fillValues();
    lpStart(nowS, VALUES, channelMask, periodS / 60); // a new profile: its first entry covers from now to the boundary
    periodStartS = nowS;
    pending = 0;
  } else if (last > nowS) {
    pending |= <u8>LpStatus.CLOCK_ADJUSTED; // the clock went back while the meter was off
    periodStartS = nowS;
  } else if (boundaryAfter(last) <= nowS) {
    const missed = boundaryAfter(last);
    capture(missed, <u8>LpStatus.POWER_DOWN | clockFlags(missed));
    periodStartS = nowS;
  } else {
    periodStartS = last; // power came back inside the period of the last entry
  }
  // A clock behind the last entry (its battery failed, or it was set back while off): the profile goes on from
  // the next boundary after now, flagged, rather than stop until the clock catches up (a clock set back does so).
  nextBoundaryS = boundaryAfter(last > nowS ? nowS : max(lpLastTimeS, nowS));
}

// Every window: the entry of a boundary that has passed.
export function profileWindow(nowS: i64): void {
  if (!started || nowS < nextBoundaryS) return;
  capture(nextBoundaryS, statusFor(nextBoundaryS));
  periodStartS = nextBoundaryS;
  pending = 0;
  nextBoundaryS = boundaryAfter(nowS);
}

// The clock was written (`set`: a time change, else a small adjustment). A set closes the running
// period with an entry at the old time; an adjustment only flags the period, and one set back
// lengthens it rather than repeat a boundary.
export function profileClockChanged(oldS: i64, newS: i64, set: bool): void {
  if (!started) return;
  if (set) {
    if (oldS > lpLastTimeS) capture(oldS, statusFor(oldS) | <u8>LpStatus.SHORT_PERIOD);
    pending = <u8>LpStatus.CLOCK_ADJUSTED;
    periodStartS = newS;
    nextBoundaryS = boundaryAfter(newS);
    return;
  }
  pending |= <u8>LpStatus.CLOCK_ADJUSTED;
  if (newS < oldS) {
    pending |= <u8>LpStatus.LONG_PERIOD;
    nextBoundaryS = boundaryAfter(max(lpLastTimeS, newS));
  } else {
    pending |= <u8>LpStatus.SHORT_PERIOD;
  }
}

export function profileChannelMask(): i32 {
  return channelMask;
}

export const PROFILE_CHANNELS: i32 = LP_CHANNELS;
