// The numbers of docs/HAL.md on the host side: status codes, ids of inputs, readings, registers, settings.
export const ABI_VERSION = 1;

export enum Err {
  OK = 0,
  INVALID_ARGUMENT = 1,
  OUT_OF_RANGE = 2,
  BUSY = 3,
  NOT_PERMITTED = 4,
  NOT_READY = 5,
  NVM_FAULT = 6,
  CRC = 7,
  UNSUPPORTED = 8,
  AUTH_FAILED = 9,
}

export enum ResetCause {
  POWER_ON = 0,
  WATCHDOG = 1,
  SOFTWARE = 2,
}

export enum InputKind {
  BUTTON_LEFT = 1,
  BUTTON_2 = 2,
  COVER = 3,
  MAGNET = 4,
  POWER_FAIL = 5,
  MODULE_IN1 = 6,
  MODULE_IN2 = 7,
  CAL_MODE = 8,
}

export enum Reading {
  VRMS = 0,
  IRMS = 1,
  P = 2,
  Q = 3,
  S = 4,
  PF = 5,
  FREQ = 6,
  QUADRANT = 7,
  V1RMS = 8,
  I1RMS = 9,
  THD_V = 10,
  THD_I = 11,
  URMS_CYCLE = 12,
  INDICATORS = 13,
  WINDOW_MS = 14,
  RTC = 15,
  RELAY = 16,
  WINDOW_END_SAMPLE = 17,
}

export enum Register {
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
  A_PLUS_T2 = 11,
  A_PLUS_T3 = 12,
  A_PLUS_T4 = 13,
  R_PLUS_T1 = 14,
  R_PLUS_T2 = 15,
  R_PLUS_T3 = 16,
  R_PLUS_T4 = 17,
}
export const REGISTER_COUNT = 18;
export const REGISTER_NAMES = [
  "A+", "A-", "R+", "R-", "R1", "R2", "R3", "R4", "E+", "E-",
  "A+T1", "A+T2", "A+T3", "A+T4", "R+T1", "R+T2", "R+T3", "R+T4",
] as const;
export const REGISTER_UNITS = [
  "Wh", "Wh", "varh", "varh", "varh", "varh", "varh", "varh", "VAh", "VAh",
  "Wh", "Wh", "Wh", "Wh", "varh", "varh", "varh", "varh",
] as const;

export enum ConfigId {
  PULSE_WIDTH_MS = 1, // Z8
  LED_MODE = 2, // Z2
  NOMINAL_FREQ_HZ = 3,
  INTEGRATION_PERIOD = 4, // Z4
  DEBITING_STOP_DAY = 5, // Z6
  DEBITING_INTERVAL = 6, // Z7
  LOGGER2_INTERVAL = 7, // Z25
  GMT_OFFSET = 8, // Z11
  DST_TABLE = 9, // Z15
  POWER_THRESHOLD_W = 10,
  MODULE_CONFIG = 11, // Z3
  TARIFF_CONTROL = 12, // Z13
  SUPPLY_BACKUP = 13, // X12
  DISPLAY_DECIMALS = 14, // Z1
  BUTTON2_SETUP = 15, // Z17
  OPTICAL_MODE = 16, // Z18
  METER_NUMBER = 17,
  BREAKER_POSITION = 18, // Z19
  DISCONNECT_MODE = 19, // Z9: class 70 control_mode
  LP_VALUES = 20, // Z27
  LP_CHANNELS = 21, // Z29
  PULSE_UNIT = 22, // Z12
  LOAD_CONTROL = 23, // Z14
  FREQUENCY_CODE = 24, // Z16
  CALENDAR_SETUP = 25, // Z20
  ALARM_CONFIG = 26, // Z26
  LOCAL_ENCRYPTION = 27, // Z28
  LOGGER2_PROFILE = 28, // Z30
  ALARM_INPUT = 29, // Z8's alarm half
  ANALYSIS_LOGGER = 30, // Z10
  DISPLAY_SETUP = 31, // Z5
  LED_ENERGY = 32, // 1 A+, 2 A-, 3 |A|, 4 R+, 5 R-, 6 |R| (kvarh)
  S0_ENERGY = 33, // 1 A+, 2 A-, 3 |A|
  RADIO = 34, // X11 1: 1 integrated radio in use, 0 deactivated
}

// The rule a refused factory step breaks (assembly/factory/rules.ts; docs/CONFIG.md "Rules").
export enum OrderRule {
  NOT_IN_TABLE = 1,
  VARIANT_2_ONLY = 2,
  VARIANT_1_ONLY = 3,
  NEEDS_BREAKER = 4,
  NEEDS_BREAKER_POSITION = 5,
  ENERGY_TYPE = 6,
  NEEDS_RADIO = 7,
  NEEDS_TARIFF_INPUTS = 8,
  NEEDS_EXTERNAL_STOP = 9,
  NEEDS_PULSE_INPUT = 10,
  COUNTRY = 11,
}

// What each rule says, for the refusal a person reads.
export const ORDER_RULE_TEXT: Record<OrderRule, string> = {
  [OrderRule.NOT_IN_TABLE]: "the value is not in the code's table",
  [OrderRule.VARIANT_2_ONLY]: "only available for variant 2 (X8 = 2)",
  [OrderRule.VARIANT_1_ONLY]: "only available for variant 1 (X8 = 1)",
  [OrderRule.NEEDS_BREAKER]: "needs a breaker (X10 = 2 or 3)",
  [OrderRule.NEEDS_BREAKER_POSITION]: "a meter with breaker needs Z19 = 1 or 2",
  [OrderRule.ENERGY_TYPE]: "an energy the ordered energy type X9 does not include",
  [OrderRule.NEEDS_RADIO]: "the earth fault module is for OMNIA systems only (X11 = 1)",
  [OrderRule.NEEDS_TARIFF_INPUTS]: "module port tariff control needs a Z3 code with tariff inputs",
  [OrderRule.NEEDS_EXTERNAL_STOP]: "the debiting stop pulse input (Z3 15) needs Z7 = 00",
  [OrderRule.NEEDS_PULSE_INPUT]: "a pulse input unit needs a Z3 code with a pulse input",
  [OrderRule.COUNTRY]: "Austria (040): the load profile period is fixed at 15 min (Z4 = 2)",
};

// Load profile entry status (AMR profile status; bits 4 and 6 ours).
export enum LpStatus {
  CRITICAL_ERROR = 0x01,
  CLOCK_INVALID = 0x02,
  DATA_NOT_VALID = 0x04,
  DST = 0x08,
  SHORT_PERIOD = 0x10,
  CLOCK_ADJUSTED = 0x20,
  LONG_PERIOD = 0x40,
  POWER_DOWN = 0x80,
}

// COSEM class 70 control_state.
export enum ControlState {
  DISCONNECTED = 0,
  CONNECTED = 1,
  READY_FOR_RECONNECTION = 2,
}

export enum BreakerSymbol {
  PREPAYMENT = 1,
  LOW_CREDIT = 2,
  EMERGENCY_CREDIT = 4,
  BREAKER_FAULT = 8,
  LIMITER_TRIPPED = 16,
}

export enum CreditUnit {
  WH = 0,
  CURRENCY_MILLI = 1,
}

export enum DisplayList {
  AUTO = 0,
  MANUAL = 1,
  BATTERY = 2,
}

// clock_set results above zero.
export enum ClockChange {
  ADJUSTED = 1,
  SET = 2,
}

// COSEM clock status bits.
export enum ClockStatus {
  INVALID_VALUE = 0x01,
  DOUBTFUL_VALUE = 0x02,
  DIFFERENT_BASE = 0x04,
  INVALID_STATUS = 0x08,
  DST_ACTIVE = 0x80,
}

export const EVERY_YEAR = 0xffff;

export enum Peak {
  P_PLUS = 0,
  Q_PLUS = 1,
  S_PLUS = 2,
  S_MINUS = 3,
  P_PLUS_T1 = 4,
  P_PLUS_T2 = 5,
  Q_PLUS_T1 = 6,
  Q_PLUS_T2 = 7,
}

export enum AccPeak {
  P_PLUS = 0,
  P_PLUS_T1 = 1,
  P_PLUS_T2 = 2,
  Q_PLUS = 3,
}

export enum Counter {
  HOURS = 0,
  DEBITING_STOPS = 1,
  POWER_THRESHOLD = 2,
  PULSE_INPUT = 3,
  POWER_FAILURES = 4,
  LONG_POWER_FAILURES = 5,
  VOLTAGE_SAGS = 6,
  VOLTAGE_SWELLS = 7,
}

// pq_reading ids (assembly/pq/summary.ts, docs/PQ.md).
export enum PqReading {
  U_10_CYCLES = 0,
  U_150_CYCLES = 1,
  U_10_MIN = 2,
  FREQUENCY_10_S = 3,
  THD_V_10_MIN = 4,
  THD_I_10_MIN = 5,
  FLAGS_10_MIN = 6,
  DIPS = 7,
  SWELLS = 8,
  SHORT_INTERRUPTIONS = 9,
  LONG_INTERRUPTIONS = 10,
  STATE = 11,
  EVENTS_LOST = 12,
  WEEK = 32,
  LAST_WEEK = 48,
  WEEK_SHARES = 64,
  LAST_WEEK_SHARES = 80,
}

// Fields of the weekly EN 50160 summary: PqReading.WEEK or LAST_WEEK plus one of these.
export enum PqWeek {
  INTERVALS = 0,
  VOLTAGE_OK = 1,
  THD_OK = 2,
  FREQ_VALUES = 3,
  FREQ_OK = 4,
  DIPS = 5,
  SWELLS = 6,
  SHORT_INTERRUPTIONS = 7,
  LONG_INTERRUPTIONS = 8,
  FLAGGED = 9,
}

// PqReading.FLAGS_10_MIN bits.
export enum PqFlag {
  VOLTAGE_LOW = 1,
  VOLTAGE_HIGH = 2,
  THD_HIGH = 4,
  FREQUENCY = 8,
  EVENT = 16,
}

export enum Logger {
  BILLING = 0,
  LOGGER2 = 1,
}

export enum CalId {
  RECORD_CRC = 0, // cal_get only: CRC-32 of the calibration record in force, 0 when uncalibrated
  V_GAIN = 1,
  I_GAIN = 2,
  PHASE_RAD = 3,
  DELAY_US = 4,
}

export enum UartPort {
  OPTICAL = 0,
  MODULE = 1,
  CONSUMER = 2, // transmit only: the consumer channel (CCC), 115200 8N1
}

// Character format of uart_config.
export enum UartFormat {
  SEVEN_E_ONE = 0,
  EIGHT_N_ONE = 1,
}

export const TICK_MS = 10;

// The event logs (event_log_record).
export enum EventLog {
  STANDARD = 0,
  FRAUD = 1,
  DISCONNECTOR = 2,
  POWER_QUALITY = 3,
  FIRMWARE = 4,
  POWER_FAILURE = 5,
}

// Event codes of the event logs (event_record, event_log_record).
export enum EventCode {
  POWER_UP = 1,
  CLOCK_ADJUSTED = 2,
  CLOCK_SET = 3,
  CALENDAR_ACTIVATED = 4,
  COVER_OPENED = 5,
  COVER_CLOSED = 6,
  MAGNET_ON = 7,
  MAGNET_OFF = 8,
  BREAKER_OPENED = 10,
  BREAKER_CLOSED = 11,
  BREAKER_READY = 12,
  BREAKER_FAULT = 13,
  BREAKER_DEFERRED = 14,
  CREDIT_LOW = 20,
  CREDIT_EXHAUSTED = 21,
  CREDIT_TOP_UP = 22,
  EMERGENCY_CREDIT = 23,
  STORED_DATA_DAMAGED = 30,
  REGISTERS_RECOVERED = 31,
  RECORD_TORN = 32,
  POWER_DOWN = 33,
  LONG_POWER_FAILURE = 34,
  AUTHENTICATION_FAILED = 9,
  VOLTAGE_DIP = 50,
  VOLTAGE_SWELL = 51,
  SHORT_INTERRUPTION = 52,
  LONG_INTERRUPTION = 53,
  SUPPLY_VOLTAGE_OUT_OF_RANGE = 54,
  VOLTAGE_THD_HIGH = 55,
  FREQUENCY_OUT_OF_RANGE = 56,
  SECURITY_KEYS_CHANGED = 27,
  SECURITY_POLICY_CHANGED = 28,
  ALARM_INPUT_ON = 60,
  ALARM_INPUT_OFF = 61,
  LOAD_STATUS_ON = 62,
  LOAD_STATUS_OFF = 63,
  EARTH_FAULT_ON = 64,
  EARTH_FAULT_OFF = 65,
  CONFIG_CHANGED = 70,
  DISPLAY_LIST_CHANGED = 71,
  TAMPER_CLEARED = 72,
  ALARMS_CLEARED = 75,
  ALARM_FILTER_SET = 76,
}

// port_state bits.
export enum PortBit {
  LINE1_OUT = 0x01,
  LINE2_OUT = 0x02,
  LOAD_CONTROL_1 = 0x04,
  LOAD_CONTROL_2 = 0x08,
  ALARM = 0x10,
  STATUS = 0x20,
  EARTH_FAULT = 0x40,
}
