// The COSEM object table: one row per object (OBIS, class, version, binding, access rights per association).
// Adding an object is one row here; the object list, the access checks and docs/DLMS.md derive from it.

import { readingPresent } from "./readings";
import { COSEM1_ROWS, COSEM1_OBIS, COSEM1_FIELDS } from "./rows1";

// Data-access-result (Green Book 9.5, also action-result where the codes coincide).
export const enum AccessResult {
  SUCCESS = 0,
  HARDWARE_FAULT = 1,
  TEMPORARY_FAILURE = 2,
  READ_WRITE_DENIED = 3,
  OBJECT_UNDEFINED = 4,
  OBJECT_CLASS_INCONSISTENT = 9,
  OBJECT_UNAVAILABLE = 11,
  TYPE_UNMATCHED = 12,
  SCOPE_OF_ACCESS_VIOLATED = 13,
  DATA_BLOCK_UNAVAILABLE = 14,
  LONG_GET_ABORTED = 15,
  NO_LONG_GET_IN_PROGRESS = 16,
  DATA_BLOCK_NUMBER_INVALID = 19,
  OTHER_REASON = 250,
}

export const enum CosemClass {
  DATA = 1,
  REGISTER = 3,
  CLOCK = 8,
  ASSOCIATION_LN = 15,
  SAP_ASSIGNMENT = 17,
  DISCONNECT_CONTROL = 70,
  EXTENDED_REGISTER = 4,
  ACTIVITY_CALENDAR = 20,
  SPECIAL_DAYS_TABLE = 11,
}

// What a row is bound to in the meter; the class file maps it to a subsystem.
export const enum Binding {
  LOGICAL_DEVICE_NAME = 0,
  METER_NUMBER = 1,
  A_PLUS = 2,
  A_MINUS = 3,
  CLOCK = 4,
  CURRENT_ASSOCIATION = 5,
  SAP_ASSIGNMENT = 6,
  DISCONNECT = 7,
  // cosem1 (40..99): readings, settings, firmware identifiers (cosem/readings.ts, demand.ts, settings.ts).
  ENERGY_FIRST = 40, // 40 + the energy register id of metrology/energy.ts (R+ 42 .. R+ T4 57)
  ENERGY_LAST = 57,
  INSTANT_FIRST = 58, // U, I, P+, P-, Q+, Q-, S, PF, f, THD U, THD I, quadrant
  INSTANT_LAST = 69,
  COUNTER_FIRST = 70, // hours, power failures, long power failures, debiting stops, threshold periods, pulses
  COUNTER_LAST = 75,
  ERROR_REGISTER = 76,
  FIRMWARE_VERSION = 77,
  LEGAL_CHECKSUM = 78,
  METER_CONSTANT = 79,
  PEAK_FIRST = 80, // 80 + Peak of registers/demand.ts
  PEAK_LAST = 87,
  ACC_PEAK_FIRST = 88, // 88 + AccPeak
  ACC_PEAK_LAST = 91,
  CONFIG = 92, // one row per configuration id, the id in value group E of the name
  CALENDAR = 93,
  SPECIAL_DAYS = 94,
  DISPLAY_LIST_FIRST = 95, // 95 automatic, 96 manual, 97 battery
  LAST_EVENT = 98, // one row per event log, the log in value group E of the name
  TAMPER = 99,
}

// The associations this meter offers: public client (SAP 16, no authentication), management (SAP 1) with LLS,
// and management with HLS-GMAC (mechanism 5: authenticated, able to cipher). Each row carries rights per level;
// commands that only an HLS association may give (breaker, prepayment, keys) sit in the HLS column alone.
export const enum Level {
  PUBLIC = 0,
  MANAGEMENT = 1,
  HLS = 2,
}
export const LEVELS: i32 = 3;

// Attribute access modes of the object list (class 15 v1) and method access.
export const enum AccessMode {
  NO_ACCESS = 0,
  READ = 1,
  WRITE = 2,
  READ_WRITE = 3,
}

// Attributes counted from 1; bit k = attribute k (bit 0 unused). R1: logical_name only.
const R1: u32 = 0x2;
const R_ALL2: u32 = 0x6; // attributes 1..2
const R_ALL3: u32 = 0xe;
const R_ALL4: u32 = 0x1e;
const R_CLOCK: u32 = 0x3fe; // 1..9
const R_ASSOC: u32 = 0x37e; // 1..6, 8, 9: the secret (7) is never read
const W_CLOCK: u32 = 0x10c; // clock: time (2), time_zone (3) onto Z11, daylight_savings_enabled (8) onto Z15
const M_CLOCK: u32 = 0x7e; // clock methods 1..6
const W_SECRET: u32 = 0x80; // association attribute 7, write-only

// Row: class, version, binding, then per level (public, management LLS, management HLS) read mask, write mask,
// method mask. A level whose read
// mask is 0 does not see the object (it is not in that association's object list).
const FIELDS: i32 = 3 + 3 * LEVELS;
const ROWS: StaticArray<u32> = [
  CosemClass.ASSOCIATION_LN, 1, Binding.CURRENT_ASSOCIATION, R_ASSOC, 0, 0, R_ASSOC, W_SECRET, 0, R_ASSOC, W_SECRET, 0,
  CosemClass.SAP_ASSIGNMENT, 0, Binding.SAP_ASSIGNMENT, R_ALL2, 0, 0, R_ALL2, 0, 0, R_ALL2, 0, 0,
  CosemClass.DATA, 0, Binding.LOGICAL_DEVICE_NAME, R_ALL2, 0, 0, R_ALL2, 0, 0, R_ALL2, 0, 0,
  CosemClass.CLOCK, 0, Binding.CLOCK, R_CLOCK, 0, 0, R_CLOCK, W_CLOCK, M_CLOCK, R_CLOCK, W_CLOCK, M_CLOCK,
  CosemClass.DATA, 0, Binding.METER_NUMBER, R_ALL2, 0, 0, R_ALL2, 0, 0, R_ALL2, 0, 0,
  CosemClass.REGISTER, 0, Binding.A_PLUS, R_ALL3, 0, 0, R_ALL3, 0, 0, R_ALL3, 0, 0,
  CosemClass.REGISTER, 0, Binding.A_MINUS, R_ALL3, 0, 0, R_ALL3, 0, 0, R_ALL3, 0, 0,
  CosemClass.DISCONNECT_CONTROL, 0, Binding.DISCONNECT, R1, 0, 0, R_ALL4, 0, 0, R_ALL4, 0, 0,
];
const OBIS: StaticArray<u8> = [
  0, 0, 40, 0, 0, 255,
  0, 0, 41, 0, 0, 255,
  0, 0, 42, 0, 0, 255,
  0, 0, 1, 0, 0, 255,
  0, 0, 96, 1, 0, 255,
  1, 0, 1, 8, 0, 255,
  1, 0, 2, 8, 0, 255,
  0, 0, 96, 3, 10, 255,
];

// cosem1's rows (cosem/rows1.ts): public none, HLS as management plus its own write mask, 14 bytes a row.
const BASE_COUNT: i32 = ROWS.length / FIELDS;
export const OBJECT_COUNT: i32 = BASE_COUNT + COSEM1_ROWS.length / COSEM1_FIELDS;

function field(row: i32, k: i32): u32 {
  if (row < BASE_COUNT) return unchecked(ROWS[row * FIELDS + k]);
  const at = (row - BASE_COUNT) * COSEM1_FIELDS;
  if (k < 3) return <u32>unchecked(COSEM1_ROWS[at + k]);
  if (k < 6) return 0; // public
  const own = <u32>unchecked(COSEM1_ROWS[at + 3 + (k - 6) % 3]);
  return k == 10 ? own | <u32>unchecked(COSEM1_ROWS[at + 6]) : own; // HLS write
}

export function rowClass(row: i32): i32 { return <i32>field(row, 0); }
export function rowVersion(row: i32): i32 { return <i32>field(row, 1); }
export function rowBinding(row: i32): Binding { return <Binding>field(row, 2); }

export function rowObis(row: i32, k: i32): i32 {
  if (row >= BASE_COUNT) return <i32>unchecked(COSEM1_OBIS[(row - BASE_COUNT) * 6 + k]);
  return <i32>unchecked(OBIS[row * 6 + k]);
}

// Row of the object with this class and logical name (6 bytes at `ln`), or -1.
export function objectFind(classId: i32, ln: usize): i32 {
  for (let row = 0; row < OBJECT_COUNT; row++) {
    let same = true;
    for (let k = 0; k < 6 && same; k++) same = <i32>load<u8>(ln + <usize>k) == rowObis(row, k);
    if (same) return rowClass(row) == classId ? row : -2 - row; // a name known under another class
  }
  return -1;
}

// Attributes and methods each class defines (IEC 62056-6-2), for the object list and range checks.
export function attributeCount(classId: i32): i32 {
  switch (classId) {
    case CosemClass.DATA: return 2;
    case CosemClass.REGISTER: return 3;
    case CosemClass.EXTENDED_REGISTER: return 5;
    case CosemClass.ACTIVITY_CALENDAR: return 10;
    case CosemClass.SPECIAL_DAYS_TABLE: return 2;
    case CosemClass.CLOCK: return 9;
    case CosemClass.ASSOCIATION_LN: return 9;
    case CosemClass.SAP_ASSIGNMENT: return 2;
    case CosemClass.DISCONNECT_CONTROL: return 4;
  }
  return 0;
}

export function methodCount(classId: i32): i32 {
  switch (classId) {
    case CosemClass.REGISTER: return 1;
    case CosemClass.EXTENDED_REGISTER: return 1;
    case CosemClass.ACTIVITY_CALENDAR: return 1;
    case CosemClass.SPECIAL_DAYS_TABLE: return 2;
    case CosemClass.CLOCK: return 6;
    case CosemClass.ASSOCIATION_LN: return 4;
    case CosemClass.SAP_ASSIGNMENT: return 1;
    case CosemClass.DISCONNECT_CONTROL: return 2;
  }
  return 0;
}

// An object the ordered meter does not have (an energy type X9 leaves out) is in no association's list.
export function visible(row: i32, level: Level): bool {
  return field(row, 3 + 3 * <i32>level) != 0 && readingPresent(rowBinding(row));
}

export function attributeAccess(row: i32, level: Level, attr: i32): AccessMode {
  if (attr < 1 || attr > 31) return AccessMode.NO_ACCESS;
  const bit: u32 = 1 << <u32>attr;
  const read = (field(row, 3 + 3 * <i32>level) & bit) != 0;
  const write = (field(row, 4 + 3 * <i32>level) & bit) != 0;
  return <AccessMode>((read ? 1 : 0) | (write ? 2 : 0));
}

export function methodAllowed(row: i32, level: Level, method: i32): bool {
  if (method < 1 || method > 31) return false;
  return (field(row, 5 + 3 * <i32>level) & (<u32>1 << <u32>method)) != 0;
}
