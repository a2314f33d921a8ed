// Capture objects of the profile generic objects (class 7): which columns each profile has and how an entry's values encode.
import { AxdrWriter, Tag } from "../dlms/axdr";
import { Binding } from "./table";
import { configGet, ConfigId } from "../config";
import { profileChannelMask } from "../profile/capture";
import { LP_ENTRY } from "../profile/store";
import { EVENT_BUFFER } from "../events/log";
import { BILLING_BUFFER } from "../registers/billing";
import { localOffsetAtS, timezoneOffsetS } from "../clock/timezone";
import { putUtcDateTimeStatus } from "./datetime";
import { rowClass, rowObis } from "./table";
import { alogSetup, alogRowOf, ALOG_BUFFER } from "../alog/logger";
import { setupValues, setupBinding, setupTag, tagWidth, valueOffset } from "../alog/setups";
import { registerAvailable } from "../factory/ordered";
import { readingPresent } from "./readings";

// What a column holds; the encoded size of every kind is fixed, so an entry's size is known before it is read.
export const enum Column {
  CLOCK = 0, // date-time, 14 bytes
  LP_STATUS = 1, // unsigned, 2
  LP_CHANNEL = 2, // long64-unsigned, 9 (argument: channel)
  EVENT_CODE = 3, // long-unsigned, 3
  EVENT_VALUE = 4, // double-long, 5 (the event's value a: a long power failure's duration in s)
  STOP_COUNTER = 5, // double-long-unsigned, 5
  REGISTER = 6, // long64-unsigned, 9 (argument: register 0..17)
  ALOG_STATUS = 7, // unsigned, 2
  ALOG_VALUE = 8, // the capture object's own type (argument: value 0..23 of the set-up)
}

// OBIS C and E of the eighteen registers (A: 1, B: 0, D: 8, F: 255): A+, A-, R+, R-, R1..R4, E+, E-,
// A+ T1..T4, R+ T1..T4.
const REGISTER_C: StaticArray<u8> = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1, 1, 1, 1, 3, 3, 3, 3];
const REGISTER_E: StaticArray<u8> = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 1, 2, 3, 4];
// Event code objects (0.0.96.11.e.255) of the six logs, in EventLogId order.
const EVENT_CODE_E: StaticArray<u8> = [0, 1, 2, 4, 5, 6];
// Debit logger 2 with Z30 01: A+, A-, R+, R- (docs/CONFIG.md); 02: all eighteen.
const LOGGER2_SMALL: i32 = 4;

export let colKind: Column = Column.CLOCK;
export let colArg: i32 = 0;
export let colClass: i32 = 0;
export const COL_NAME: usize = memory.data(6);

function isEventLog(b: i32): bool {
  return b >= <i32>Binding.STANDARD_EVENT_LOG && b <= <i32>Binding.POWER_FAILURE_LOG;
}

export function eventLogOfBinding(b: i32): i32 {
  return b - <i32>Binding.STANDARD_EVENT_LOG;
}

function lpChannels(): i32 {
  return <i32>popcnt<u32>(<u32>profileChannelMask());
}

function logger2Registers(): i32 {
  return configGet(ConfigId.LOGGER2_PROFILE) == 2 ? 18 : LOGGER2_SMALL;
}

// Bit v set: the order measures value v of a profile (a register of billing and logger 2, a capture object of
// the analysis logger's set-up). One X9 leaves out is absent from the object list, so no capture object names
// it either: its column is left out, the record keeps it (docs/DLMS.md).
function measuredMask(b: i32): i32 {
  const alog = b == <i32>Binding.ANALYSIS_LOGGER;
  const n = alog ? setupValues(alogSetup()) : b == <i32>Binding.BILLING_PROFILE ? 18 : logger2Registers();
  let mask = 0;
  for (let v = 0; v < n; v++) {
    if (alog ? readingPresent(<Binding>setupBinding(alogSetup(), v)) : registerAvailable(v)) mask |= 1 << v;
  }
  return mask;
}

function measuredValues(b: i32): i32 {
  return <i32>popcnt<u32>(<u32>measuredMask(b));
}

export function columnCount(b: i32): i32 {
  if (b == <i32>Binding.LOAD_PROFILE) return 2 + lpChannels();
  if (b == <i32>Binding.ANALYSIS_LOGGER || b == <i32>Binding.BILLING_PROFILE) return 2 + measuredValues(b);
  if (b == <i32>Binding.LOGGER2_PROFILE) return 1 + measuredValues(b);
  if (b == <i32>Binding.POWER_FAILURE_LOG) return 3;
  if (isEventLog(b)) return 2;
  return 0;
}

function name(a: i32, bb: i32, c: i32, d: i32, e: i32, f: i32): void {
  store<u8>(COL_NAME, <u8>a);
  store<u8>(COL_NAME, <u8>bb, 1);
  store<u8>(COL_NAME, <u8>c, 2);
  store<u8>(COL_NAME, <u8>d, 3);
  store<u8>(COL_NAME, <u8>e, 4);
  store<u8>(COL_NAME, <u8>f, 5);
}

// The n-th set bit of a mask (the channel of the n-th load profile value column, the value of a measured column).
function nthBit(mask: i32, n: i32): i32 {
  for (let c = 0; c < 32; c++) {
    if ((mask & (1 << c)) == 0) continue;
    if (n == 0) return c;
    n--;
  }
  return 0;
}

// Describes column k of a profile into colKind, colArg, colClass and COL_NAME (the capture object's attribute is always 2).
export function column(b: i32, k: i32): void {
  colArg = 0;
  if (k == 0) {
    colKind = Column.CLOCK;
    colClass = 8;
    name(0, 0, 1, 0, 0, 255);
    return;
  }
  if (b == <i32>Binding.LOAD_PROFILE) {
    if (k == 1) {
      colKind = Column.LP_STATUS;
      colClass = 1;
      name(0, 0, 96, 10, 7, 255); // the AMR profile status of IDIS load profiles
      return;
    }
    colKind = Column.LP_CHANNEL;
    colArg = nthBit(profileChannelMask(), k - 2);
    colClass = 3;
    // Z27 02: the increment of the capture period (C.29), else the register (C.8).
    name(1, 0, <i32>unchecked(REGISTER_C[colArg]), configGet(ConfigId.LP_VALUES) == 2 ? 29 : 8, 0, 255);
    return;
  }
  if (b == <i32>Binding.ANALYSIS_LOGGER) {
    if (k == 1) {
      colKind = Column.ALOG_STATUS;
      colClass = 1;
      name(0, 0, 96, 10, 7, 255); // the entry's status, as the load profile's
      return;
    }
    // The capture object's class and name from the object table.
    colKind = Column.ALOG_VALUE;
    colArg = nthBit(measuredMask(b), k - 2);
    const row = alogRowOf(setupBinding(alogSetup(), colArg));
    colClass = row < 0 ? 0 : rowClass(row);
    for (let j = 0; j < 6; j++) store<u8>(COL_NAME + <usize>j, row < 0 ? 0 : <u8>rowObis(row, j));
    return;
  }
  if (isEventLog(b)) {
    if (k == 1) {
      colKind = Column.EVENT_CODE;
      colClass = 1;
      name(0, 0, 96, 11, <i32>unchecked(EVENT_CODE_E[eventLogOfBinding(b)]), 255);
      return;
    }
    colKind = Column.EVENT_VALUE;
    colClass = 3;
    name(0, 0, 96, 7, 19, 255); // duration of the long power failure
    return;
  }
  if (b == <i32>Binding.BILLING_PROFILE && k == 1) {
    colKind = Column.STOP_COUNTER;
    colClass = 1;
    name(0, 0, 0, 1, 0, 255); // billing period counter
    return;
  }
  colKind = Column.REGISTER;
  colArg = nthBit(measuredMask(b), k - (b == <i32>Binding.BILLING_PROFILE ? 2 : 1));
  colClass = 3;
  name(1, 0, <i32>unchecked(REGISTER_C[colArg]), 8, <i32>unchecked(REGISTER_E[colArg]), 255);
}

export function columnBytes(kind: Column): i32 {
  switch (kind) {
    case Column.CLOCK: return 14;
    case Column.LP_STATUS: return 2;
    case Column.EVENT_CODE: return 3;
    case Column.EVENT_VALUE: return 5;
    case Column.STOP_COUNTER: return 5;
    case Column.ALOG_STATUS: return 2;
    case Column.ALOG_VALUE: return 1 + tagWidth(setupTag(alogSetup(), colArg)); // colArg of the column just described
  }
  return 9;
}

// capture_object_definition {class, logical name, attribute 2, data index 0} of column k.
export function putDefinition(w: AxdrWriter, b: i32, k: i32): void {
  column(b, k);
  w.container(Tag.STRUCTURE, 4);
  w.tagged16(Tag.LONG_UNSIGNED, colClass);
  w.octets(Tag.OCTET_STRING, COL_NAME, 6);
  w.tagged8(Tag.INTEGER, 2);
  w.tagged16(Tag.LONG_UNSIGNED, 0);
}

// A UTC time as a COSEM date-time of the meter's local time; every field not specified for an entry
// that could not be read (utcS < 0).
@noinline
export function putUtcDateTime(w: AxdrWriter, utcS: i64, status: i32): void {
  putUtcDateTimeStatus(w, utcS, status);
}

// Column k of the entry loaded for profile b (LP_ENTRY, EVENT_BUFFER or BILLING_BUFFER); `valid`
// false: the entry could not be read, its values encode as zeros and its time as not specified.
export function putColumn(w: AxdrWriter, b: i32, k: i32, valid: bool): void {
  column(b, k);
  switch (colKind) {
    case Column.CLOCK: {
      if (!valid) {
        putUtcDateTime(w, -1, 0xff);
      } else if (b == <i32>Binding.LOAD_PROFILE || b == <i32>Binding.ANALYSIS_LOGGER) {
        const lp = b == <i32>Binding.LOAD_PROFILE;
        const status = <i32>load<u8>(lp ? LP_ENTRY + 8 : ALOG_BUFFER + 20);
        // The entry's DST flag (0x08) and clock-invalid flag (0x02) as the date-time's status bits 7 and 0.
        putUtcDateTime(w, load<i64>(lp ? LP_ENTRY : ALOG_BUFFER + 12), ((status & 0x08) != 0 ? 0x80 : 0) | ((status & 0x02) != 0 ? 0x01 : 0));
      } else if (isEventLog(b)) {
        const t = load<i64>(EVENT_BUFFER, 12);
        putUtcDateTime(w, t, t >= 0 && localOffsetAtS(t) != timezoneOffsetS() ? 0x80 : 0);
      } else {
        putUtcDateTime(w, load<i64>(BILLING_BUFFER, 12), <i32>load<u8>(BILLING_BUFFER, 20));
      }
      return;
    }
    case Column.LP_STATUS: w.tagged8(Tag.UNSIGNED, valid ? <i32>load<u8>(LP_ENTRY, 8) : 0); return;
    case Column.LP_CHANNEL: {
      const at = (configGet(ConfigId.LP_VALUES) == 2 ? 80 : 16) + 8 * colArg;
      w.tagged64(Tag.LONG64_UNSIGNED, valid ? load<u64>(LP_ENTRY + <usize>at) : 0);
      return;
    }
    case Column.ALOG_STATUS: w.tagged8(Tag.UNSIGNED, valid ? <i32>load<u8>(ALOG_BUFFER, 20) : 0); return;
    case Column.ALOG_VALUE: {
      // Stored as encoded, big-endian, less the tag.
      const tag = setupTag(alogSetup(), colArg);
      const at = ALOG_BUFFER + <usize>valueOffset(alogSetup(), colArg);
      w.u8(tag);
      for (let j = 0; j < tagWidth(tag); j++) w.u8(valid ? <i32>load<u8>(at + <usize>j) : 0);
      return;
    }
    case Column.EVENT_CODE: w.tagged16(Tag.LONG_UNSIGNED, valid ? <i32>load<u16>(EVENT_BUFFER, 20) : 0); return;
    case Column.EVENT_VALUE: w.tagged32(Tag.DOUBLE_LONG, valid ? <u32>load<i32>(EVENT_BUFFER, 24) : 0); return;
    case Column.STOP_COUNTER: w.tagged32(Tag.DOUBLE_LONG_UNSIGNED, valid ? load<u32>(BILLING_BUFFER, 24) : 0); return;
    case Column.REGISTER: {
      const base = b == <i32>Binding.BILLING_PROFILE ? 56 : 24;
      w.tagged64(Tag.LONG64_UNSIGNED, valid ? load<u64>(BILLING_BUFFER + <usize>(base + 8 * colArg)) : 0);
      return;
    }
  }
}
