// The COSEM object table: one row per object (OBIS, class, version, binding, access rights per association).
// Adding an object is one row here; the object list, the access checks and docs/DLMS.md derive from it.

import { readingPresent } from "./readings";
import { ConfigId, configGet } from "../config";
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
  LONG_SET_ABORTED = 17,
  NO_LONG_SET_IN_PROGRESS = 18,
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
  SECURITY_SETUP = 64,
  EXTENDED_REGISTER = 4,
  ACTIVITY_CALENDAR = 20,
  SPECIAL_DAYS_TABLE = 11,
  PROFILE_GENERIC = 7,
  SCRIPT_TABLE = 9,
  SINGLE_ACTION_SCHEDULE = 22,
  IMAGE_TRANSFER = 18,
  LIMITER = 71,
  ACCOUNT = 111,
  CREDIT = 112,
  CHARGE = 113,
  IEC_LOCAL_PORT_SETUP = 19,
  IEC_HDLC_SETUP = 23,
  PUSH_SETUP = 40,
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
  // dlmssec (security, HLS): 20..39
  SECURITY_SETUP = 20,
  INVOCATION_COUNTER = 21,
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
  // cosem2: profiles and logs (100..139)
  LOAD_PROFILE = 100,
  BILLING_PROFILE = 101,
  LOGGER2_PROFILE = 102,
  STANDARD_EVENT_LOG = 103, // the six event logs in EventLogId order: 103 + log
  FRAUD_EVENT_LOG = 104,
  DISCONNECTOR_EVENT_LOG = 105,
  POWER_QUALITY_EVENT_LOG = 106,
  FIRMWARE_EVENT_LOG = 107,
  POWER_FAILURE_LOG = 108,
  BILLING_ACTION_SCHEDULE = 109,
  BILLING_SCRIPT_TABLE = 110,
  // cosem3: limiter, image transfer, prepayment
  LIMITER = 140,
  IMAGE_TRANSFER = 141,
  ACCOUNT = 142,
  CREDIT_TOKEN = 143,
  CREDIT_EMERGENCY = 144,
  CHARGE = 145,
  FRIENDLY_HOURS = 146,
  HDLC_SETUP_MODULE = 22,
  HDLC_SETUP_OPTICAL = 23,
  LOCAL_PORT_SETUP = 24,
  // push: alarm register, filter, descriptor (class 1), the alarm and the consumer push setups (class 40)
  ALARM_REGISTER = 150,
  ALARM_FILTER = 151,
  ALARM_DESCRIPTOR = 152,
  PUSH_ALARM = 153,
  PUSH_PERIODIC = 154,
  // alog: 180..199
  ANALYSIS_LOGGER = 180,
  // pq (160..179): power quality, cosem/pq.ts
  PQ_SAGS = 160, // then swells, interruptions (class 1)
  PQ_SWELLS = 161,
  PQ_INTERRUPTIONS = 162,
  PQ_U_10_MIN = 163, // then 10-s frequency, 10-minute THD of U and I (class 3)
  PQ_FREQUENCY_10_S = 164,
  PQ_THD_U_10_MIN = 165,
  PQ_THD_I_10_MIN = 166,
  PQ_WEEK = 167, // weekly EN 50160 summary, this week and the last complete one (class 1)
  PQ_LAST_WEEK = 168,
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
const R_ALL6: u32 = 0x7e; // security setup v1: 1..6
const M_1_2: u32 = 0x6; // methods 1 and 2 (class 70 remote_disconnect / remote_reconnect, class 64 activate / key_transfer)
const R_PROFILE: u32 = 0x1fe; // profile generic 1..8
const M_CAPTURE: u32 = 0x4; // profile generic method 2
const M_EXECUTE: u32 = 0x2; // script table method 1
// cosem3. Method bit 0 (no method 0 exists) on a management (LLS) column: the row's methods need HLS when the
// order says so (methodAllowed asks hlsOrdered()), so one table serves both kinds of order.
const HLS_WHEN_ORDERED: u32 = 0x1;
const W_MODE: u32 = 0x10; // disconnect control_mode (Z9)
const M_3: u32 = 0x8;
const M_1_4: u32 = 0x1e;
const M_TOPUP_LLS: u32 = M_1_2 | HLS_WHEN_ORDERED;
const M_INVOKE_LLS: u32 = M_3 | HLS_WHEN_ORDERED;
const R_LIMITER: u32 = 0xffe; // 1..11
const W_LIMITER: u32 = 0xbf4; // 2, 4..9, 11: thresholds, durations, emergency profile, group ids, actions
const R_IMAGE: u32 = 0xfe; // 1..7
const R_ACCOUNT: u32 = 0xffffe; // 1..19
const R_CREDIT: u32 = 0xffe; // 1..11
const W_TOKEN: u32 = 0x20; // token credit warning_threshold
const W_EMERGENCY: u32 = 0x200; // emergency credit preset_credit_amount
const R_CHARGE: u32 = 0x3ffe; // 1..13
const W_VALUE: u32 = 0x4; // a Data object's value
const R_ALL9: u32 = 0x3fe; // HDLC setup: 1..9
const R_ALL6_ONLY: u32 = 0x7e; // IEC local port setup: 1..6 (the passwords 7..9 never)
const M1: u32 = 0x2; // method 1
const R_PUSH: u32 = 0xfe; // push setup v0: 1..7
const W_PUSH: u32 = 0xf8; // send_destination_and_method (3), communication_window (4), randomisation, retries, repetition delay (5..7)
const W_PERIOD: u32 = 0x10; // profile generic capture_period (4)

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
  // remote_disconnect / remote_reconnect: HLS always; management with LLS only while the order does not ask for
  // local encryption (Z28 = 1). control_mode (Z9) written by HLS only, like the Z9 configuration object.
  CosemClass.DISCONNECT_CONTROL, 0, Binding.DISCONNECT, R1, 0, 0, R_ALL4, 0, M_1_2 | HLS_WHEN_ORDERED, R_ALL4, W_MODE, M_1_2,
  // dlmssec: security setup (keys change and policy only under HLS), the client's invocation counter.
  CosemClass.SECURITY_SETUP, 1, Binding.SECURITY_SETUP, 0, 0, 0, R_ALL6, 0, 0, R_ALL6, 0, M_1_2,
  CosemClass.DATA, 0, Binding.INVOCATION_COUNTER, R_ALL2, 0, 0, R_ALL2, 0, 0, R_ALL2, 0, 0,
  // cosem2: profiles and logs, management only; capture of the billing profile is a debiting stop
  CosemClass.PROFILE_GENERIC, 1, Binding.LOAD_PROFILE, 0, 0, 0, R_PROFILE, 0, 0, R_PROFILE, 0, 0,
  CosemClass.PROFILE_GENERIC, 1, Binding.BILLING_PROFILE, 0, 0, 0, R_PROFILE, 0, M_CAPTURE, R_PROFILE, 0, M_CAPTURE,
  CosemClass.PROFILE_GENERIC, 1, Binding.LOGGER2_PROFILE, 0, 0, 0, R_PROFILE, 0, 0, R_PROFILE, 0, 0,
  CosemClass.PROFILE_GENERIC, 1, Binding.STANDARD_EVENT_LOG, 0, 0, 0, R_PROFILE, 0, 0, R_PROFILE, 0, 0,
  CosemClass.PROFILE_GENERIC, 1, Binding.FRAUD_EVENT_LOG, 0, 0, 0, R_PROFILE, 0, 0, R_PROFILE, 0, 0,
  CosemClass.PROFILE_GENERIC, 1, Binding.DISCONNECTOR_EVENT_LOG, 0, 0, 0, R_PROFILE, 0, 0, R_PROFILE, 0, 0,
  CosemClass.PROFILE_GENERIC, 1, Binding.POWER_QUALITY_EVENT_LOG, 0, 0, 0, R_PROFILE, 0, 0, R_PROFILE, 0, 0,
  CosemClass.PROFILE_GENERIC, 1, Binding.FIRMWARE_EVENT_LOG, 0, 0, 0, R_PROFILE, 0, 0, R_PROFILE, 0, 0,
  CosemClass.PROFILE_GENERIC, 1, Binding.POWER_FAILURE_LOG, 0, 0, 0, R_PROFILE, 0, 0, R_PROFILE, 0, 0,
  CosemClass.SINGLE_ACTION_SCHEDULE, 0, Binding.BILLING_ACTION_SCHEDULE, 0, 0, 0, R_ALL4, 0, 0, R_ALL4, 0, 0,
  CosemClass.SCRIPT_TABLE, 0, Binding.BILLING_SCRIPT_TABLE, 0, 0, 0, R_ALL2, 0, M_EXECUTE, R_ALL2, 0, M_EXECUTE,
  // cosem3: limiter, image transfer, prepayment (account, token and emergency credit, charge); management only
  CosemClass.LIMITER, 0, Binding.LIMITER, 0, 0, 0, R_LIMITER, W_LIMITER, 0, R_LIMITER, W_LIMITER, 0,
  CosemClass.IMAGE_TRANSFER, 0, Binding.IMAGE_TRANSFER, 0, 0, 0, R_IMAGE, 0, M_1_4, R_IMAGE, 0, M_1_4,
  CosemClass.ACCOUNT, 0, Binding.ACCOUNT, 0, 0, 0, R_ACCOUNT, 0, M_TOPUP_LLS, R_ACCOUNT, 0, M_1_2,
  CosemClass.CREDIT, 0, Binding.CREDIT_TOKEN, 0, 0, 0, R_CREDIT, W_TOKEN, M_TOPUP_LLS, R_CREDIT, W_TOKEN, M_1_2,
  CosemClass.CREDIT, 0, Binding.CREDIT_EMERGENCY, 0, 0, 0, R_CREDIT, W_EMERGENCY, M_INVOKE_LLS, R_CREDIT, W_EMERGENCY, M_3,
  CosemClass.CHARGE, 0, Binding.CHARGE, 0, 0, 0, R_CHARGE, 0, 0, R_CHARGE, 0, 0,
  CosemClass.IEC_HDLC_SETUP, 1, Binding.HDLC_SETUP_MODULE, 0, 0, 0, R_ALL9, 0, 0, R_ALL9, 0, 0,
  CosemClass.IEC_HDLC_SETUP, 1, Binding.HDLC_SETUP_OPTICAL, 0, 0, 0, R_ALL9, 0, 0, R_ALL9, 0, 0,
  CosemClass.IEC_LOCAL_PORT_SETUP, 1, Binding.LOCAL_PORT_SETUP, 0, 0, 0, R_ALL6_ONLY, 0, 0, R_ALL6_ONLY, 0, 0,
  // cosem3: friendly hours (prepayment), written whole by management
  CosemClass.DATA, 0, Binding.FRIENDLY_HOURS, 0, 0, 0, R_ALL2, W_VALUE, 0, R_ALL2, W_VALUE, 0,
  // push: a SET of the alarm register or descriptor clears the bits written as 1 (IDIS); management only
  CosemClass.DATA, 0, Binding.ALARM_REGISTER, 0, 0, 0, R_ALL2, W_VALUE, 0, R_ALL2, W_VALUE, 0,
  CosemClass.DATA, 0, Binding.ALARM_FILTER, 0, 0, 0, R_ALL2, W_VALUE, 0, R_ALL2, W_VALUE, 0,
  CosemClass.DATA, 0, Binding.ALARM_DESCRIPTOR, 0, 0, 0, R_ALL2, W_VALUE, 0, R_ALL2, W_VALUE, 0,
  CosemClass.PUSH_SETUP, 0, Binding.PUSH_ALARM, 0, 0, 0, R_PUSH, W_PUSH, M1, R_PUSH, W_PUSH, M1,
  CosemClass.PUSH_SETUP, 0, Binding.PUSH_PERIODIC, 0, 0, 0, R_PUSH, W_PUSH, M1, R_PUSH, W_PUSH, M1,
  // cfg: configuration ids 32.. (LED and S0 pulse energies, radio in use), management only like ids 1..31
  CosemClass.DATA, 0, Binding.CONFIG, 0, 0, 0, R_ALL2, W_VALUE, 0, R_ALL2, W_VALUE, 0,
  CosemClass.DATA, 0, Binding.CONFIG, 0, 0, 0, R_ALL2, W_VALUE, 0, R_ALL2, W_VALUE, 0,
  CosemClass.DATA, 0, Binding.CONFIG, 0, 0, 0, R_ALL2, W_VALUE, 0, R_ALL2, W_VALUE, 0,
  // alog: the analysis logger (Z10); management sets its capture period, resets it and captures
  CosemClass.PROFILE_GENERIC, 1, Binding.ANALYSIS_LOGGER, 0, 0, 0, R_PROFILE, W_PERIOD, M_1_2, R_PROFILE, W_PERIOD, M_1_2,
  // pq: supply voltage quality, read-only, management only like the instantaneous values they aggregate
  CosemClass.DATA, 0, Binding.PQ_SAGS, 0, 0, 0, R_ALL2, 0, 0, R_ALL2, 0, 0,
  CosemClass.DATA, 0, Binding.PQ_SWELLS, 0, 0, 0, R_ALL2, 0, 0, R_ALL2, 0, 0,
  CosemClass.DATA, 0, Binding.PQ_INTERRUPTIONS, 0, 0, 0, R_ALL2, 0, 0, R_ALL2, 0, 0,
  CosemClass.REGISTER, 0, Binding.PQ_U_10_MIN, 0, 0, 0, R_ALL3, 0, 0, R_ALL3, 0, 0,
  CosemClass.REGISTER, 0, Binding.PQ_FREQUENCY_10_S, 0, 0, 0, R_ALL3, 0, 0, R_ALL3, 0, 0,
  CosemClass.REGISTER, 0, Binding.PQ_THD_U_10_MIN, 0, 0, 0, R_ALL3, 0, 0, R_ALL3, 0, 0,
  CosemClass.REGISTER, 0, Binding.PQ_THD_I_10_MIN, 0, 0, 0, R_ALL3, 0, 0, R_ALL3, 0, 0,
  CosemClass.DATA, 0, Binding.PQ_WEEK, 0, 0, 0, R_ALL2, 0, 0, R_ALL2, 0, 0,
  CosemClass.DATA, 0, Binding.PQ_LAST_WEEK, 0, 0, 0, R_ALL2, 0, 0, R_ALL2, 0, 0,
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
  // dlmssec
  0, 0, 43, 0, 0, 255,
  0, 0, 43, 1, 0, 255,
  // cosem2: profiles and logs
  1, 0, 99, 1, 0, 255,
  1, 0, 98, 1, 0, 255,
  1, 0, 98, 2, 0, 255,
  0, 0, 99, 98, 0, 255,
  0, 0, 99, 98, 1, 255,
  0, 0, 99, 98, 2, 255,
  0, 0, 99, 98, 4, 255,
  0, 0, 99, 98, 5, 255,
  1, 0, 99, 97, 0, 255,
  0, 0, 15, 0, 0, 255,
  0, 0, 10, 0, 1, 255,
  // cosem3
  0, 0, 17, 0, 0, 255,
  0, 0, 44, 0, 0, 255,
  0, 0, 19, 0, 0, 255,
  0, 0, 19, 10, 0, 255,
  0, 0, 19, 10, 1, 255,
  0, 0, 19, 20, 0, 255,
  0, 0, 22, 0, 0, 255,
  0, 1, 22, 0, 0, 255,
  0, 0, 20, 0, 0, 255,
  0, 0, 19, 128, 0, 255,
  // push
  0, 0, 97, 98, 0, 255,
  0, 0, 97, 98, 10, 255,
  0, 0, 97, 98, 20, 255,
  0, 0, 25, 9, 0, 255,
  0, 1, 25, 9, 0, 255,
  // cfg
  0, 128, 96, 0, 32, 255,
  0, 128, 96, 0, 33, 255,
  0, 128, 96, 0, 34, 255,
  // alog
  1, 0, 99, 2, 0, 255,
  // pq (C 128 and 129 manufacturer-specific: docs/DLMS.md)
  1, 0, 32, 32, 0, 255,
  1, 0, 32, 36, 0, 255,
  1, 0, 32, 40, 0, 255,
  1, 0, 32, 128, 0, 255,
  1, 0, 14, 128, 0, 255,
  1, 0, 32, 128, 124, 255,
  1, 0, 31, 128, 124, 255,
  1, 0, 32, 129, 0, 255,
  1, 0, 32, 129, 0, 101,
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
    case CosemClass.SECURITY_SETUP: return 6;
    case CosemClass.PROFILE_GENERIC: return 8;
    case CosemClass.SCRIPT_TABLE: return 2;
    case CosemClass.SINGLE_ACTION_SCHEDULE: return 4;
    case CosemClass.LIMITER: return 11;
    case CosemClass.IMAGE_TRANSFER: return 7;
    case CosemClass.ACCOUNT: return 19;
    case CosemClass.CREDIT: return 11;
    case CosemClass.CHARGE: return 13;
    case CosemClass.IEC_HDLC_SETUP: return 9;
    case CosemClass.IEC_LOCAL_PORT_SETUP: return 9;
    case CosemClass.PUSH_SETUP: return 7;
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
    case CosemClass.SECURITY_SETUP: return 8;
    case CosemClass.PROFILE_GENERIC: return 2;
    case CosemClass.SCRIPT_TABLE: return 1;
    case CosemClass.IMAGE_TRANSFER: return 4;
    case CosemClass.ACCOUNT: return 4;
    case CosemClass.CREDIT: return 3;
    case CosemClass.CHARGE: return 5;
    case CosemClass.PUSH_SETUP: return 1;
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
  const mask = field(row, 5 + 3 * <i32>level);
  if ((mask & HLS_WHEN_ORDERED) != 0 && hlsOrdered()) return false;
  return (mask & (<u32>1 << <u32>method)) != 0;
}

// Z28 = 1 (local interface encryption enabled, variant 2): breaker and top-up commands need HLS.
export function hlsOrdered(): bool {
  return configGet(ConfigId.LOCAL_ENCRYPTION) == 1;
}
