// IEC 62056-21 programming mode data sets: R1 reads and W1 writes by OBIS id; what a local port may change, and what never.
import { Err } from "../errors";
import { TX, txLength, txReset, putChar, putText, putUint, putFixed } from "./ascii";
import { putReadout } from "./readout";
import { ConfigId, configGet } from "../config";
import { settingSet } from "../settings";
import { calibrationSet, calibrationGet, CalId } from "../metrology/calrecord";
import { inputLevel, InputKind } from "../meter";

// Manufacturer-specific OBIS value groups (IEC 62056-61: C 128..199): 128.K.0 the calibration constants
// (K = the HAL's calibration id, 0 the record's CRC-32), 129.0.N configuration setting N of docs/HAL.md.
const C_CALIBRATION: i32 = 128;
const C_SETTING: i32 = 129;
// Decimals a calibration constant is read and written with: V/LSB, A/LSB, rad, µs (11, 10, 9, 7 significant digits).
const CAL_DECIMALS: StaticArray<i32> = [0, 15, 15, 9, 4];

// The data set address of a request, parsed: A.B.C (C.1.0 reads as 12.1.0, F.F as 15.15.-1; letters are 10+).
let idA: i32 = -1;
let idB: i32 = -1;
let idC: i32 = -1;

// Settings the data sheet lets the optical port change: the meter number and other non-legal settings.
// The order (Z codes), the breaker, the clock and everything legal stay with the factory and DLMS.
function locallyWritable(id: i32): bool {
  return id == <i32>ConfigId.METER_NUMBER || id == <i32>ConfigId.DISPLAY_DECIMALS || id == <i32>ConfigId.POWER_THRESHOLD_W;
}

function groupValue(c: i32): i32 {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10; // C, F: the IEC letter groups
  return -1;
}

// Parses "A.B.C(" or "A.B(" from `src`; returns the index of "(" or -1.
function parseId(src: usize, length: i32): i32 {
  idA = -1;
  idB = -1;
  idC = -1;
  let group = 0;
  let value = -1;
  for (let k = 0; k < length; k++) {
    const c = <i32>load<u8>(src + <usize>k);
    if (c == 0x2e || c == 0x28) {
      if (value < 0 || group > 2) return -1;
      if (group == 0) idA = value;
      else if (group == 1) idB = value;
      else idC = value;
      group++;
      value = -1;
      if (c == 0x28) return group >= 2 ? k : -1;
      continue;
    }
    const d = groupValue(c);
    if (d < 0 || (value >= 0 && (d > 9 || value >= 100))) return -1;
    value = value < 0 ? d : value * 10 + d;
  }
  return -1;
}

// A decimal number "-12.345" between `from` and `to`: mantissa and decimals, or false.
let numMantissa: i64 = 0;
let numDecimals: i32 = 0;

function parseNumber(src: usize, from: i32, to: i32): bool {
  let k = from;
  let negative = false;
  if (k < to && load<u8>(src + <usize>k) == 0x2d) {
    negative = true;
    k++;
  }
  let digits = 0;
  let decimals = -1;
  let m: i64 = 0;
  for (; k < to; k++) {
    const c = <i32>load<u8>(src + <usize>k);
    if (c == 0x2e && decimals < 0) {
      decimals = 0;
      continue;
    }
    if (c < 0x30 || c > 0x39 || digits >= 18) return false;
    m = m * 10 + <i64>(c - 0x30);
    digits++;
    if (decimals >= 0) decimals++;
  }
  if (digits == 0) return false;
  numMantissa = negative ? -m : m;
  numDecimals = decimals < 0 ? 0 : decimals;
  return true;
}

function calibrationSwitchOn(): bool {
  return inputLevel(InputKind.CAL_MODE);
}

// The answer "id(value)" for R1 of a manufacturer-specific id (all numeric) into TX after STX; false when
// the meter has no such data set or may not give it.
function putSet(): bool {
  if (idA == C_CALIBRATION && idC == 0 && idB >= 0 && idB <= 4) {
    if (!calibrationSwitchOn()) return false;
    putId();
    if (idB == 0) {
      const crc = <u32>calibrationGet(<i32>CalId.RECORD_CRC);
      for (let shift = 28; shift >= 0; shift -= 4) {
        const d = <i32>((crc >>> <u32>shift) & 15);
        putChar(d < 10 ? 0x30 + d : 0x41 + d - 10);
      }
    } else {
      const decimals = CAL_DECIMALS[idB];
      let scale: f64 = 1.0;
      for (let k = 0; k < decimals; k++) scale *= 10.0;
      putFixed(<i64>Math.round(calibrationGet(idB) * scale), 1, decimals);
    }
    putChar(0x29);
    return true;
  }
  if (idA == C_SETTING && idB == 0 && idC > 0 && idC < <i32>ConfigId.COUNT) {
    putId();
    putUint(<u64>configGet(idC), 1);
    putChar(0x29);
    return true;
  }
  return false;
}

function putId(): void {
  putUint(<u64>idA, 1);
  putChar(0x2e);
  putUint(<u64>idB, 1);
  putChar(0x2e);
  putUint(<u64>idC, 1);
  putChar(0x28);
}

// The readout rendered into TX: the line starting with the request's "id(" moved to just after STX, so an
// R1 and the readout always agree. False when the readout has no such line.
function readoutSet(utcS: i64, full: bool, src: usize, idLength: i32): bool {
  txReset();
  putChar(0x02);
  const start = txLength;
  putReadout(utcS, full);
  const end = txLength;
  let line = start;
  while (line < end) {
    let eol = line;
    while (eol < end && load<u8>(TX + <usize>eol) != 0x0d) eol++;
    let same = eol - line > idLength;
    for (let k = 0; same && k < idLength; k++) same = load<u8>(TX + <usize>(line + k)) == load<u8>(src + <usize>k);
    if (same) {
      for (let k = 0; k < eol - line; k++) store<u8>(TX + <usize>(start + k), load<u8>(TX + <usize>(line + k)));
      txLength = start + (eol - line);
      return true;
    }
    line = eol + 2;
  }
  return false;
}

// R1: STX data set ETX is built in TX from STX on (the caller adds ETX and the BCC). False: "(ERROR)".
export function datasetRead(src: usize, length: i32, utcS: i64, full: bool): bool {
  const open = parseId(src, length);
  if (open < 0 || length != open + 2 || load<u8>(src + <usize>(open + 1)) != 0x29) return false;
  if (readoutSet(utcS, full, src, open + 1)) return true;
  txReset();
  putChar(0x02);
  return putSet();
}

// W1 "id(value)": Err.OK, or why not (NOT_PERMITTED for legal data and settings the port may not change,
// and calibration without the switch; OUT_OF_RANGE and INVALID_ARGUMENT for values; UNSUPPORTED for ids).
export function datasetWrite(src: usize, length: i32): Err {
  const open = parseId(src, length);
  if (open < 0 || length < open + 3 || load<u8>(src + <usize>(length - 1)) != 0x29) return Err.INVALID_ARGUMENT;
  if (!parseNumber(src, open + 1, length - 1)) return Err.INVALID_ARGUMENT;
  if (idA == C_CALIBRATION && idC == 0 && idB >= 1 && idB <= 4) {
    if (!calibrationSwitchOn()) return Err.NOT_PERMITTED;
    let value = <f64>numMantissa;
    let div: f64 = 1.0;
    for (let k = 0; k < numDecimals; k++) div *= 10.0;
    return calibrationSet(idB, value / div);
  }
  let setting = -1;
  if (idA == 12 && load<u8>(src) == 0x43 && idB == 1 && idC == 0) setting = <i32>ConfigId.METER_NUMBER; // C.1.0, not 12.1.0
  else if (idA == C_SETTING && idB == 0 && idC > 0 && idC < <i32>ConfigId.COUNT) setting = idC;
  if (setting < 0) return Err.NOT_PERMITTED; // legal data (registers, calibration CRC) and readout values
  if (!locallyWritable(setting)) return Err.NOT_PERMITTED;
  if (numDecimals != 0 || numMantissa < 0 || numMantissa > 0x7fffffff) return Err.OUT_OF_RANGE;
  return settingSet(setting, <i32>numMantissa);
}
