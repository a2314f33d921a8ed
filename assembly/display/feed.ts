// Hands the meter's readings to the display after each measurement window, in the units of docs/LCD.md.
import { ReadingId } from "./readings";
import { displaySetValue, displaySetStatus, Status } from "./controller";
import { Reading, readingGet } from "../metrology/measure";
import { civilFromSeconds, dtYear, dtMonth, dtDay, dtHour, dtMinute, dtSecond } from "../clock/calendar";
import { localFromUtcS } from "../clock/timezone";
import { ConfigId, configGet } from "../config";
import { errorRegister } from "../diagnostics";

export const FIRMWARE_VERSION: i64 = 100; // 0.01.00: major * 10000 + minor * 100 + patch
// CRC-32 of the firmware image, from the boot loader (a module cannot read its own code); -1 unknown.
export let firmwareChecksum: i64 = -1;

export function setFirmwareChecksum(crc: u32): void {
  firmwareChecksum = <i64>crc;
}

export function yymmdd(dt: i64): i64 {
  return <i64>((dtYear(dt) % 100) * 10000 + dtMonth(dt) * 100 + dtDay(dt));
}

export function hhmmss(dt: i64): i64 {
  return <i64>(dtHour(dt) * 10000 + dtMinute(dt) * 100 + dtSecond(dt));
}

// Milli-units, truncated toward zero: for peaks, which are billing values.
export function milli(x: f64): i64 {
  return Number.isFinite(x) ? <i64>(x * 1000.0) : 0;
}

// Instantaneous values are rounded to the step the display shows (the display then truncates
// nothing), so a measured 231.39998 V reads 231.4 V; only energy registers are truncated.
export function rounded(x: f64, stepMilli: f64): i64 {
  return Number.isFinite(x) ? <i64>(Math.round(x * 1000.0 / stepMilli) * stepMilli) : 0;
}

// Energies, instantaneous values, peaks and the rest of the catalogue are fetched when shown (pull.ts);
// handed in here are the readings the display itself needs (error code) or that cost nothing to keep.
let fedDay: i64 = -1;

export function displayFeed(utcS: i64, tariff: i32): void {
  const localS = localFromUtcS(utcS);
  if (localS >= 0) {
    const day = localS / 86400;
    if (day != fedDay) {
      fedDay = day;
      const local = civilFromSeconds(localS);
      if (local >= 0) displaySetValue(ReadingId.DATE, yymmdd(local));
    }
    // Seconds of the day fit 32 bits: hh, mm, ss by hardware division.
    const sod = <i32>(localS - day * 86400);
    displaySetValue(ReadingId.TIME, <i64>((sod / 3600) * 10000 + ((sod / 60) % 60) * 100 + sod % 60));
  }
  displaySetValue(ReadingId.FIRMWARE_VERSION, FIRMWARE_VERSION);
  if (firmwareChecksum >= 0) displaySetValue(ReadingId.FIRMWARE_CHECKSUM, firmwareChecksum);
  displaySetValue(ReadingId.ERROR_CODE, <i64>errorRegister());
  displaySetValue(ReadingId.METER_NUMBER, <i64>configGet(ConfigId.METER_NUMBER));
  displaySetStatus(Status.TARIFF, tariff);
  displaySetStatus(Status.QUADRANT, <i32>readingGet(Reading.QUADRANT));
  displaySetStatus(Status.INDICATORS, <i32>readingGet(Reading.INDICATORS));
}
