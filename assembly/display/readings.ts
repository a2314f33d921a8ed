// Display readings: the ids the lists name, their OBIS code, unit and format, and the values the meter hands in.
import { Err } from "../errors";

// Ids 0..17 equal the energy register ids of metrology/energy.ts, so their Source names the register by index.
export const enum ReadingId {
  A_PLUS = 0,
  A_MINUS = 1,
  R_PLUS = 2,
  R_MINUS = 3,
  R1 = 4,
  R2 = 5,
  R3 = 6,
  R4 = 7,
  E_PLUS = 8,
  E_MINUS = 9,
  A_PLUS_T1 = 10,
  A_PLUS_T4 = 13,
  R_PLUS_T1 = 14,
  R_PLUS_T4 = 17,
  P_PLUS_MAX = 18,
  P_PLUS_MAX_DATE = 19,
  P_PLUS_MAX_TIME = 20,
  Q_PLUS_MAX = 21,
  Q_PLUS_MAX_DATE = 22,
  Q_PLUS_MAX_TIME = 23,
  S_PLUS_MAX = 24,
  S_PLUS_MAX_DATE = 25,
  S_PLUS_MAX_TIME = 26,
  S_MINUS_MAX = 27,
  S_MINUS_MAX_DATE = 28,
  S_MINUS_MAX_TIME = 29,
  VOLTAGE = 30,
  CURRENT = 31,
  POWER = 32,
  FREQUENCY = 33,
  POWER_FACTOR = 34,
  DATE = 35,
  TIME = 36,
  METER_NUMBER = 37,
  FIRMWARE_VERSION = 38,
  FIRMWARE_CHECKSUM = 39,
  ERROR_CODE = 40,
  CREDIT = 41,
  CONFIG_ID = 42, // the configuration id: CRC-32 of the Z codes in force (docs/CONFIG.md)
  // 43.. the catalogue of issue 17, fetched when shown (Source below; docs/LCD.md lists each id).
  Q_PLUS = 43,
  Q_MINUS = 44,
  APPARENT_POWER = 45,
  THD_V = 46,
  THD_I = 47,
  HOURS = 48,
  PULSE_INPUT = 51,
  P_PLUS_MAX_T1 = 58,
  ACC_P_PLUS_MAX = 70,
  BILLING_DATE = 74,
  BILLING_TIME = 75,
  BILLING_A_PLUS = 76,
  BILLING_P_PLUS_MAX = 84,
  COUNT = 90,
}

// Where a reading's value comes from (the table's last column, kind << 5 | index). HANDED: the meter hands
// it in (displaySetValue) after each window. The others are fetched by the meter's pull hook (display/pull.ts)
// only while the reading is drawn, so a catalogue of 90 readings costs nothing while it is not on screen.
export const enum Source {
  HANDED = 0,
  INSTANT = 1, // metrology Reading `index` in milli-units, rounded to the step shown; NaN: dashes
  INSTANT_SPLIT = 2, // the positive part of Reading `index & 15`, of its negation when `index & 16` (Q+, Q-)
  COUNTER = 3, // registers/counters.ts Counter `index`; 16 + PqEvent: a pq/voltage.ts event count
  REGISTER = 4, // energy register `index` in Wh; dashes for one the ordered X9 does not measure
  PEAK = 5, // demand Peak `index`: its value, or its date or time by the row's Format
  ACC_PEAK = 6, // demand AccPeak `index`
  BILLING = 7, // newest billing record: register `index` 0..17, 18 + Peak its peak, 31 the stop's date or time
}
export const BILLING_PEAK_INDEX: i32 = 18;
export const PQ_EVENT_INDEX: i32 = 16;

export const enum Format {
  ENERGY = 1, // Wh (varh, VAh) shown in k-units with the Z1 decimals, truncated, low digits on overflow
  FIXED = 2, // signed integer divided by 10^div, shown with `decimals` digits after the point
  DATE = 3, // yymmdd shown as yy-mm-dd; 0 = not set
  TIME = 4, // hhmmss shown as hh:mm:ss
  PLAIN = 5, // 0..999999999 right-aligned
  VERSION = 6, // major*10000 + minor*100 + patch shown as M.mm.pp
  HEX = 7, // 32-bit value as 8 hex digits
}

export const enum Unit {
  NONE = 0,
  KWH = 1,
  KVARH = 2,
  KVAH = 3,
  KW = 4,
  KVAR = 5,
  KVA = 6,
  V = 7,
  A = 8,
  HZ = 9,
  COS_PHI = 10,
  PERCENT = 11,
  HOUR = 12,
  PULSE = 13, // the unit Z12 gives the pulse input: kWh for 01, none for m3 and L (the text field says those)
}

export const enum Text {
  NONE = 0,
  DATE = 1,
  TIME = 2,
  CREDIT = 3,
  ERROR = 4,
  CHECKSUM = 5,
  VERSION = 6,
  M3 = 7, // the pulse input in m3 (Z12 02), "n3": seven segments have no m
  LITRE = 8, // Z12 03
  PULSE = 9, // M3, LITRE or none by Z12
}

export const FLAG_LEGAL: u8 = 1; // may never leave the manual list
export const FLAG_BATTERY: u8 = 2; // a stored value, meaningful without mains
export const FLAG_BILLING: u8 = 4; // of the last billing period: the OBIS code ends in .01 (F = 101, one back)

// OBIS value groups 96 and 97 are written C and F (IEC 62056-61), as in C.1.0 and F.F.0.
export const OBIS_C: u8 = 96;
export const OBIS_F: u8 = 97;

// One row per reading: C, D, E of the OBIS code, Unit, Format, div << 4 | decimals, Text, flags, Source
// (numbers, since memory.data takes no enum members; the enums above give their meaning).
const ROW_BYTES: i32 = 9;
const TABLE: usize = memory.data<u8>([
  1, 8, 0, 1, 1, 0, 0, 3, 0x80, // 0 A+ 1.8.0 (legal)
  2, 8, 0, 1, 1, 0, 0, 2, 0x81, // 1 A- 2.8.0
  3, 8, 0, 2, 1, 0, 0, 2, 0x82, // 2 R+ 3.8.0
  4, 8, 0, 2, 1, 0, 0, 2, 0x83, // 3 R- 4.8.0
  5, 8, 0, 2, 1, 0, 0, 2, 0x84, // 4 R1 5.8.0
  6, 8, 0, 2, 1, 0, 0, 2, 0x85, // 5 R2 6.8.0
  7, 8, 0, 2, 1, 0, 0, 2, 0x86, // 6 R3 7.8.0
  8, 8, 0, 2, 1, 0, 0, 2, 0x87, // 7 R4 8.8.0
  9, 8, 0, 3, 1, 0, 0, 2, 0x88, // 8 E+ 9.8.0
  10, 8, 0, 3, 1, 0, 0, 2, 0x89, // 9 E- 10.8.0
  1, 8, 1, 1, 1, 0, 0, 2, 0x8a, // 10 A+ T1
  1, 8, 2, 1, 1, 0, 0, 2, 0x8b, // 11 A+ T2
  1, 8, 3, 1, 1, 0, 0, 2, 0x8c, // 12 A+ T3
  1, 8, 4, 1, 1, 0, 0, 2, 0x8d, // 13 A+ T4
  3, 8, 1, 2, 1, 0, 0, 2, 0x8e, // 14 R+ T1
  3, 8, 2, 2, 1, 0, 0, 2, 0x8f, // 15 R+ T2
  3, 8, 3, 2, 1, 0, 0, 2, 0x90, // 16 R+ T3
  3, 8, 4, 2, 1, 0, 0, 2, 0x91, // 17 R+ T4
  // Peak powers in mW shown in kW (kvar, kVA) with 3 decimals, then the date and time of the peak.
  1, 6, 0, 4, 2, 0x33, 0, 2, 0xa0, // 18 P+max
  1, 6, 0, 0, 3, 0, 1, 2, 0xa0, // 19 P+max date
  1, 6, 0, 0, 4, 0, 2, 2, 0xa0, // 20 P+max time
  3, 6, 0, 5, 2, 0x33, 0, 2, 0xa1, // 21 Q+max
  3, 6, 0, 0, 3, 0, 1, 2, 0xa1, // 22 Q+max date
  3, 6, 0, 0, 4, 0, 2, 2, 0xa1, // 23 Q+max time
  9, 6, 0, 6, 2, 0x33, 0, 2, 0xa2, // 24 S+max
  9, 6, 0, 0, 3, 0, 1, 2, 0xa2, // 25 S+max date
  9, 6, 0, 0, 4, 0, 2, 2, 0xa2, // 26 S+max time
  10, 6, 0, 6, 2, 0x33, 0, 2, 0xa3, // 27 S-max
  10, 6, 0, 0, 3, 0, 1, 2, 0xa3, // 28 S-max date
  10, 6, 0, 0, 4, 0, 2, 2, 0xa3, // 29 S-max time
  // Instantaneous values in milli-units (mV, mA, mW, mHz, PF x 1000): nothing to show on battery.
  32, 7, 0, 7, 2, 0x21, 0, 0, 0x20, // 30 voltage
  31, 7, 0, 8, 2, 0x12, 0, 0, 0x21, // 31 current
  16, 7, 0, 4, 2, 0x33, 0, 0, 0x22, // 32 power
  14, 7, 0, 9, 2, 0x12, 0, 0, 0x26, // 33 frequency
  13, 7, 0, 10, 2, 0x03, 0, 0, 0x25, // 34 power factor
  0, 9, 2, 0, 3, 0, 0, 2, 0, // 35 date
  0, 9, 1, 0, 4, 0, 0, 2, 0, // 36 time
  96, 1, 0, 0, 5, 0, 0, 2, 0, // 37 meter number
  0, 2, 0, 0, 6, 0, 6, 2, 0, // 38 firmware version
  0, 2, 8, 0, 7, 0, 5, 2, 0, // 39 firmware checksum
  97, 97, 0, 0, 7, 0, 4, 2, 0, // 40 error code
  // Prepayment credit in hundredths of the currency (manufacturer-specific code C.50.0).
  96, 50, 0, 0, 2, 0x02, 3, 2, 0, // 41 credit
  96, 90, 2, 0, 7, 0, 0, 2, 0, // 42 configuration id C.90.2 (manufacturer-specific), 8 hex digits
  // Instantaneous: Q+ and Q- (the positive parts of Q, as COSEM 1.0.3.7.0 and 1.0.4.7.0), S, THD of U and I
  // (the window's, as COSEM 1.0.32.7.124 and 1.0.31.7.124) in milli-units (mvar, mVA, milli-%).
  3, 7, 0, 5, 2, 0x33, 0, 0, 0x43, // 43 Q+ 3.7.0
  4, 7, 0, 5, 2, 0x33, 0, 0, 0x53, // 44 Q- 4.7.0
  9, 7, 0, 6, 2, 0x33, 0, 0, 0x24, // 45 S 9.7.0
  32, 7, 124, 11, 2, 0x21, 0, 0, 0x2a, // 46 THD U 32.7.124
  31, 7, 124, 11, 2, 0x21, 0, 0, 0x2b, // 47 THD I 31.7.124
  // Counters (COSEM codes of docs/DLMS.md; the pq interruptions manufacturer-specific C.128.2/3).
  96, 8, 0, 12, 5, 0, 0, 2, 0x60, // 48 hours with supply C.8.0
  0, 1, 0, 0, 5, 0, 0, 2, 0x61, // 49 debiting stops 0.1.0
  96, 128, 0, 0, 5, 0, 0, 2, 0x62, // 50 power threshold periods C.128.0
  96, 128, 1, 13, 5, 0, 9, 2, 0x63, // 51 pulse input C.128.1, unit by Z12
  96, 7, 21, 0, 5, 0, 0, 2, 0x64, // 52 power failures C.7.21
  96, 7, 9, 0, 5, 0, 0, 2, 0x65, // 53 long power failures C.7.9
  32, 32, 0, 0, 5, 0, 0, 2, 0x66, // 54 voltage sags 32.32.0
  32, 36, 0, 0, 5, 0, 0, 2, 0x67, // 55 voltage swells 32.36.0
  96, 128, 2, 0, 5, 0, 0, 2, 0x72, // 56 short interruptions (pq)
  96, 128, 3, 0, 5, 0, 0, 2, 0x73, // 57 long interruptions (pq)
  // Tariff peaks with date and time, then the accumulated peaks (cumulative maximum, C.2.E).
  1, 6, 1, 4, 2, 0x33, 0, 2, 0xa4, // 58 P+max T1
  1, 6, 1, 0, 3, 0, 1, 2, 0xa4, // 59 its date
  1, 6, 1, 0, 4, 0, 2, 2, 0xa4, // 60 its time
  1, 6, 2, 4, 2, 0x33, 0, 2, 0xa5, // 61 P+max T2
  1, 6, 2, 0, 3, 0, 1, 2, 0xa5, // 62
  1, 6, 2, 0, 4, 0, 2, 2, 0xa5, // 63
  3, 6, 1, 5, 2, 0x33, 0, 2, 0xa6, // 64 Q+max T1
  3, 6, 1, 0, 3, 0, 1, 2, 0xa6, // 65
  3, 6, 1, 0, 4, 0, 2, 2, 0xa6, // 66
  3, 6, 2, 5, 2, 0x33, 0, 2, 0xa7, // 67 Q+max T2
  3, 6, 2, 0, 3, 0, 1, 2, 0xa7, // 68
  3, 6, 2, 0, 4, 0, 2, 2, 0xa7, // 69
  1, 2, 0, 4, 2, 0x33, 0, 2, 0xc0, // 70 accumulated P+max 1.2.0
  1, 2, 1, 4, 2, 0x33, 0, 2, 0xc1, // 71 accumulated P+max T1
  1, 2, 2, 4, 2, 0x33, 0, 2, 0xc2, // 72 accumulated P+max T2
  3, 2, 0, 5, 2, 0x33, 0, 2, 0xc3, // 73 accumulated Q+max 3.2.0
  // The last billing period (newest billing record), shown with .01 after the code: flags battery | billing.
  0, 1, 2, 0, 3, 0, 1, 6, 0xff, // 74 date of the stop 0.1.2.01
  0, 1, 2, 0, 4, 0, 2, 6, 0xff, // 75 time of the stop
  1, 8, 0, 1, 1, 0, 0, 6, 0xe0, // 76 A+ 1.8.0.01
  1, 8, 1, 1, 1, 0, 0, 6, 0xea, // 77 A+ T1
  1, 8, 2, 1, 1, 0, 0, 6, 0xeb, // 78 A+ T2
  1, 8, 3, 1, 1, 0, 0, 6, 0xec, // 79 A+ T3
  1, 8, 4, 1, 1, 0, 0, 6, 0xed, // 80 A+ T4
  2, 8, 0, 1, 1, 0, 0, 6, 0xe1, // 81 A-
  3, 8, 0, 2, 1, 0, 0, 6, 0xe2, // 82 R+
  4, 8, 0, 2, 1, 0, 0, 6, 0xe3, // 83 R-
  1, 6, 0, 4, 2, 0x33, 0, 6, 0xf2, // 84 P+max
  1, 6, 0, 0, 3, 0, 1, 6, 0xf2, // 85 its date
  1, 6, 0, 0, 4, 0, 2, 6, 0xf2, // 86 its time
  3, 6, 0, 5, 2, 0x33, 0, 6, 0xf3, // 87 Q+max
  3, 6, 0, 0, 3, 0, 1, 6, 0xf3, // 88 its date
  3, 6, 0, 0, 4, 0, 2, 6, 0xf3, // 89 its time
]);

// Segment masks per Unit (segments.ts UNIT_* bits): k=1 W=2 var=4 V=8 A=16 h=32 Hz=64 %=128 cos=256.
const UNIT_MASKS: usize = memory.data<u16>([0, 0x23, 0x25, 0x39, 0x03, 0x05, 0x19, 0x08, 0x10, 0x40, 0x100, 0x80, 0x20]);

// Six characters per text, ASCII, blank-padded: "", dAtE, tinE, CrEdit, Error, Crc, uEr, n3, L.
export const TEXT_CHARS: i32 = 6;
const TEXTS: usize = memory.data<u8>([
  0x20, 0x20, 0x20, 0x20, 0x20, 0x20,
  0x64, 0x41, 0x74, 0x45, 0x20, 0x20,
  0x74, 0x69, 0x6e, 0x45, 0x20, 0x20,
  0x43, 0x72, 0x45, 0x64, 0x69, 0x74,
  0x45, 0x72, 0x72, 0x6f, 0x72, 0x20,
  0x43, 0x72, 0x63, 0x20, 0x20, 0x20,
  0x75, 0x45, 0x72, 0x20, 0x20, 0x20,
  0x6e, 0x33, 0x20, 0x20, 0x20, 0x20,
  0x4c, 0x20, 0x20, 0x20, 0x20, 0x20,
]);

const VALUES: usize = memory.data(8 * <i32>ReadingId.COUNT);
// 1 once the meter has handed in a value; unset readings show dashes.
const HAS_VALUE: usize = memory.data(<i32>ReadingId.COUNT);

export function readingKnown(id: i32): bool {
  return id >= 0 && id < <i32>ReadingId.COUNT;
}

function row(id: i32, field: i32): u8 {
  return load<u8>(TABLE + <usize>(id * ROW_BYTES + field));
}

export function obisC(id: i32): i32 { return row(id, 0); }
export function obisD(id: i32): i32 { return row(id, 1); }
export function obisE(id: i32): i32 { return row(id, 2); }
export function readingSource(id: i32): i32 { return row(id, 8); }
export function readingIsBilling(id: i32): bool { return (row(id, 7) & FLAG_BILLING) != 0; }

// Z12, the pulse input's unit (00 none, 01 kWh, 02 m3, 03 L), as the meter last handed it in.
let pulseUnitZ12: i32 = 0;
export function setPulseUnit(z12: i32): void { pulseUnitZ12 = z12; }

export function readingUnit(id: i32): Unit {
  const unit = <Unit>row(id, 3);
  if (unit != Unit.PULSE) return unit;
  return pulseUnitZ12 == 1 ? Unit.KWH : Unit.NONE;
}
export function readingFormat(id: i32): Format { return <Format>row(id, 4); }
export function readingDiv(id: i32): i32 { return row(id, 5) >> 4; }
export function readingDecimals(id: i32): i32 { return row(id, 5) & 15; }
export function readingText(id: i32): Text {
  const text = <Text>row(id, 6);
  if (text != Text.PULSE) return text;
  return pulseUnitZ12 == 2 ? Text.M3 : pulseUnitZ12 == 3 ? Text.LITRE : Text.NONE;
}
export function readingIsLegal(id: i32): bool { return (row(id, 7) & FLAG_LEGAL) != 0; }
export function readingOnBattery(id: i32): bool { return (row(id, 7) & FLAG_BATTERY) != 0; }

export function unitMask(unit: Unit): i32 {
  return load<u16>(UNIT_MASKS + (<usize>unit << 1));
}

export function textChar(text: Text, index: i32): i32 {
  return load<u8>(TEXTS + <usize>(<i32>text * TEXT_CHARS + index));
}

export function valueOf(id: i32): i64 {
  return load<i64>(VALUES + (<usize>id << 3));
}

export function valueIsSet(id: i32): bool {
  return load<u8>(HAS_VALUE + <usize>id) != 0;
}

const POW10: usize = memory.data<i64>([
  1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000,
]);

export function pow10(exp: i32): i64 {
  return load<i64>(POW10 + (<usize>exp << 3));
}

function validDate(yymmdd: i64): bool {
  if (yymmdd == 0) return true;
  if (yymmdd < 0 || yymmdd > 991231) return false;
  const month = <i32>(yymmdd / 100 % 100);
  const day = <i32>(yymmdd % 100);
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

function validTime(hhmmss: i64): bool {
  if (hhmmss < 0 || hhmmss > 235959) return false;
  return hhmmss / 100 % 100 < 60 && hhmmss % 100 < 60;
}

// Refuses a value the field cannot show: OUT_OF_RANGE; an unknown id: INVALID_ARGUMENT. The old value stays.
export function checkValue(id: i32, value: i64): Err {
  if (!readingKnown(id)) return Err.INVALID_ARGUMENT;
  switch (readingFormat(id)) {
    case Format.ENERGY: return value >= 0 ? Err.OK : Err.OUT_OF_RANGE;
    case Format.FIXED: {
      const shown = value / pow10(readingDiv(id));
      return shown > -pow10(8) && shown < pow10(8) ? Err.OK : Err.OUT_OF_RANGE;
    }
    case Format.DATE: return validDate(value) ? Err.OK : Err.OUT_OF_RANGE;
    case Format.TIME: return validTime(value) ? Err.OK : Err.OUT_OF_RANGE;
    case Format.PLAIN: return value >= 0 && value < pow10(9) ? Err.OK : Err.OUT_OF_RANGE;
    case Format.VERSION: return value >= 0 && value < 1000000 ? Err.OK : Err.OUT_OF_RANGE;
    case Format.HEX: return value >= 0 && value <= 0xffffffff ? Err.OK : Err.OUT_OF_RANGE;
  }
  return Err.UNSUPPORTED;
}

export function setValue(id: i32, value: i64): Err {
  const err = checkValue(id, value);
  if (err != Err.OK) return err;
  store<i64>(VALUES + (<usize>id << 3), value);
  store<u8>(HAS_VALUE + <usize>id, 1);
  return Err.OK;
}

// Forgets a value: the reading shows dashes again (a fetched value that is no longer available).
export function unsetValue(id: i32): void {
  store<u8>(HAS_VALUE + <usize>id, 0);
}

export function clearValues(): void {
  memory.fill(VALUES, 0, 8 * <i32>ReadingId.COUNT);
  memory.fill(HAS_VALUE, 0, <i32>ReadingId.COUNT);
}
