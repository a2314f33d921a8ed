// Debiting periods: at each stop (Z6/Z7, 00:00 local) one billing record of every listed value; debit logger 2 (Z25).
import { Err } from "../errors";
import { RecordRing } from "../store/ring";
import { BILLING_FIRST_SECTOR, BILLING_SECTORS, LOGGER2_FIRST_SECTOR, LOGGER2_SECTORS } from "../store/layout";
import { registerWh } from "../metrology/energy";
import { SNAPSHOT_REGISTERS } from "../store/layout";
import { Counter, counterGet, counterIncrement, counterSet } from "./counters";
import { demandSave, demandRestore, demandResetPeaks, DEMAND_STATE_BYTES } from "./demand";
import { localOffsetAtS } from "../clock/timezone";
import { isStopDay, isLogger2Day, Z7_MAX } from "./schedule";

// Billing record payload (after the ring's 12-byte header), little-endian:
//   12 i64 stop time, UTC s       20 u8 clock status (COSEM)   21 u8 flags   22 u16 reserved
//   24 u32 debiting stop counter  28 u32 reserved              32 i64 hour counter
//   40 i64 power threshold counter  48 i64 pulse input          56 18 x u64 registers (whole units)
//  200 demand block: 8 x f64 peak W, 8 x i64 peak end UTC s, 4 x f64 accumulated peak W (160 bytes)
//  360 u32 CRC                                                   = 364 bytes
export const BILLING_RECORD_BYTES: i32 = 364;
export const BILLING_MAGIC: u32 = 0x4c424d57; // "WMBL"
export const BILLING_VERSION: u16 = 1;
// Debit logger 2 payload: 12 i64 time, 20 u8 clock status, 21 u8 flags, 22 u16 reserved, 24 18 x u64 registers, 168 CRC.
export const LOGGER2_RECORD_BYTES: i32 = 172;
export const LOGGER2_MAGIC: u32 = 0x32444d57; // "WMD2"

export const FLAG_TAKEN_AT_POWER_UP: u8 = 1; // the stop fell while the meter was unpowered
export const FLAG_EXTERNAL: u8 = 2; // triggered by a command or the module input, not the calendar

export const billingRing = new RecordRing(BILLING_FIRST_SECTOR, BILLING_SECTORS, BILLING_MAGIC, BILLING_VERSION, BILLING_RECORD_BYTES);
export const logger2Ring = new RecordRing(LOGGER2_FIRST_SECTOR, LOGGER2_SECTORS, LOGGER2_MAGIC, 1, LOGGER2_RECORD_BYTES);
export const BILLING_BUFFER: usize = memory.data(BILLING_RECORD_BYTES);

let stopDay: i32 = 1; // Z6
let stopInterval: i32 = 1; // Z7
let logger2Interval: i32 = 1; // Z25
// Last local day (days since 1970) whose 00:00 was examined; persisted in the state record.
export let lastCheckedDay: i32 = -1;
// At most this many missed days are examined at power-up: a meter off for longer takes the stops of the last year.
const MAX_CATCH_UP_DAYS: i32 = 400;

export function billingConfigure(z6: i32, z7: i32, z25: i32): Err {
  if (z6 < 1 || z6 > 28 || z7 < 0 || z7 > Z7_MAX || z25 < 1 || z25 > 3) return Err.OUT_OF_RANGE;
  stopDay = z6;
  stopInterval = z7;
  logger2Interval = z25;
  return Err.OK;
}

export function billingLoad(): void {
  billingRing.load(BILLING_BUFFER);
  logger2Ring.load(BILLING_BUFFER);
}

// The billing record is the truth: when power failed after a stop's record but before the state that
// follows it was saved, the state is brought up to the stop (counter, peaks into the accumulated
// peaks, the stop's day checked) instead of taking the stop a second time.
export function billingReconcile(): void {
  if (billingRing.read(0, BILLING_BUFFER) != Err.OK) return;
  const stops = <i64>load<u32>(BILLING_BUFFER, 24);
  if (stops <= counterGet(Counter.DEBITING_STOPS)) return;
  counterSet(Counter.DEBITING_STOPS, stops);
  demandRestore(BILLING_BUFFER + <usize>BILLING_DEMAND_OFFSET);
  demandResetPeaks();
  const t = load<i64>(BILLING_BUFFER, 12);
  const localS = t + <i64>localOffsetAtS(t);
  const day = <i32>(localS >= 0 ? localS / 86400 : (localS - 86399) / 86400);
  if (day > lastCheckedDay) lastCheckedDay = day;
}

function newestTime(ring: RecordRing): i64 {
  return ring.read(0, BILLING_BUFFER) == Err.OK ? load<i64>(BILLING_BUFFER, 12) : -1;
}

function putRegisters(dst: usize): void {
  for (let r = 0; r < SNAPSHOT_REGISTERS; r++) store<u64>(dst + <usize>(r << 3), <u64>registerWh(r));
}

// Takes a debiting stop now: the record, then the peaks reset into the accumulated peaks.
export function takeStop(stopUtcS: i64, clockStatus: u8, flags: u8): Err {
  counterIncrement(Counter.DEBITING_STOPS);
  const b = BILLING_BUFFER;
  memory.fill(b, 0, BILLING_RECORD_BYTES);
  store<i64>(b, stopUtcS, 12);
  store<u8>(b, clockStatus, 20);
  store<u8>(b, flags, 21);
  store<u32>(b, <u32>counterGet(Counter.DEBITING_STOPS), 24);
  store<i64>(b, counterGet(Counter.HOURS), 32);
  store<i64>(b, counterGet(Counter.POWER_THRESHOLD), 40);
  store<i64>(b, counterGet(Counter.PULSE_INPUT), 48);
  putRegisters(b + 56);
  demandSave(b + 200);
  const status = billingRing.append(b);
  demandResetPeaks();
  return status;
}

function takeLogger2(atUtcS: i64, clockStatus: u8, flags: u8): Err {
  const b = BILLING_BUFFER;
  memory.fill(b, 0, LOGGER2_RECORD_BYTES);
  store<i64>(b, atUtcS, 12);
  store<u8>(b, clockStatus, 20);
  store<u8>(b, flags, 21);
  putRegisters(b + 24);
  return logger2Ring.append(b);
}

// Examines every local day boundary passed since the last call. `offsetS` = local - UTC now;
// `powerUpUtcS` is when this power-up began: a stop before it fell while the meter was unpowered.
// Returns how many records were written.
export function billingCheck(localS: i64, offsetS: i64, powerUpUtcS: i64, clockStatus: u8): i32 {
  const today = <i32>(localS >= 0 ? localS / 86400 : (localS - 86399) / 86400);
  if (lastCheckedDay < 0 || today < lastCheckedDay) {
    lastCheckedDay = today; // a first start, or the clock set back: nothing to catch up
    return 0;
  }
  let first = lastCheckedDay + 1;
  if (today - first >= MAX_CATCH_UP_DAYS) first = today - MAX_CATCH_UP_DAYS + 1;
  let written = 0;
  for (let d = first; d <= today; d++) {
    const atUtcS = <i64>d * 86400 - offsetS;
    const flags = atUtcS < powerUpUtcS ? FLAG_TAKEN_AT_POWER_UP : 0;
    // A record already there for this instant was written before a power cut: never twice.
    if (isStopDay(d, stopDay, stopInterval) && newestTime(billingRing) != atUtcS) {
      takeStop(atUtcS, clockStatus, flags);
      written++;
    }
    if (isLogger2Day(d, logger2Interval) && newestTime(logger2Ring) != atUtcS) {
      takeLogger2(atUtcS, clockStatus, flags);
      written++;
    }
  }
  lastCheckedDay = today;
  return written;
}

export function billingSetLastCheckedDay(day: i32): void {
  lastCheckedDay = day;
}

// Copies the record `back` places before the newest of `logger` (0 billing, 1 debit logger 2) into BILLING_BUFFER.
export function billingRead(logger: i32, back: i32): Err {
  if (logger == 0) return billingRing.read(back, BILLING_BUFFER);
  if (logger == 1) return logger2Ring.read(back, BILLING_BUFFER);
  return Err.INVALID_ARGUMENT;
}

// The registers (18 x u64 whole units) of the newest record of a logger (0 billing, 1 logger 2) in
// BILLING_BUFFER, or 0 when it has no intact newest record.
export function billingNewestRegisters(logger: i32): usize {
  if (billingRead(logger, 0) != Err.OK) return 0;
  return BILLING_BUFFER + <usize>(logger == 0 ? 56 : 24);
}

export const BILLING_DEMAND_OFFSET: i32 = 200;
export const BILLING_DEMAND_BYTES: i32 = DEMAND_STATE_BYTES;
