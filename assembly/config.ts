// Meter configuration: settings named after the data sheet's codes, validated one by one, persisted as one record.
import { Err } from "./errors";
import { RecordRing } from "./store/ring";
import { CONFIG_FIRST_SECTOR, CONFIG_SECTORS } from "./store/layout";
import { setPulseWidthMs } from "./pulse/scheduler";
import { demandSetPeriod } from "./registers/demand";
import { billingConfigure } from "./registers/billing";
import { setPowerThresholdW } from "./registers/counters";
import { setTimezone } from "./clock/timezone";
import { tariffConfigure } from "./tariff/control";
import { opticalConfigure } from "./comms/iec62056";
import { displaySetDecimals, displaySetButton2 } from "./display/controller";
import { displayListSet, displayListLength, displayListEntry, AUTO_MAX, MANUAL_MAX, BATTERY_MAX } from "./display/lists";

export const enum ConfigId {
  PULSE_WIDTH_MS = 1, // Z8: 30 or 80
  LED_MODE = 2, // Z2: 1 off without consumption, 2 on without consumption
  NOMINAL_FREQ_HZ = 3, // 50 or 60
  INTEGRATION_PERIOD = 4, // Z4: 2 = 15 min, 3 = 30 min, 4 = 60 min
  DEBITING_STOP_DAY = 5, // Z6: 1..28
  DEBITING_INTERVAL = 6, // Z7: 0..24
  LOGGER2_INTERVAL = 7, // Z25: 1 daily, 2 weekly, 3 monthly
  GMT_OFFSET = 8, // Z11: 0..23
  DST_TABLE = 9, // Z15: 0 none, 1 EU
  POWER_THRESHOLD_W = 10, // threshold of the power threshold counter, 0 off
  MODULE_CONFIG = 11, // Z3: primary module I/O configuration 0..29
  TARIFF_CONTROL = 12, // Z13: 0 disabled, 1 module port, 2 register control (activity calendar)
  SUPPLY_BACKUP = 13, // X12: 0 supercap (7 days), 1 supercap + battery
  DISPLAY_DECIMALS = 14, // Z1: 1 = 7.0, 2 = 6.1, 3 = 7.2, 4 = 6.3
  BUTTON2_SETUP = 15, // Z17: 0 no function, 1 steps the manual list back, 2 breaker button
  OPTICAL_MODE = 16, // Z18: 0 disabled, 1 mode A and C (UD), 2 mode A and C (UD2)
  METER_NUMBER = 17, // the utility's meter number, 0..99,999,999 (shown as C.1.0)
  BREAKER_POSITION = 18, // Z19: 0 no breaker, 1 connected, 2 disconnected (the factory position)
  DISCONNECT_MODE = 19, // Z9: COSEM class 70 control_mode 0..6
  COUNT = 20,
}
// Slots in the record: room for the settings still to come without a new record version.
const CONFIG_SLOTS: i32 = 32;

// Factory settings: the data sheet's defaults for a Danish meter (GMT+1, EU summer time).
const DEFAULTS: StaticArray<i32> = [0, 30, 1, 50, 2, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 0, 1, 0, 1, 1];
const VALUES: StaticArray<i32> = new StaticArray<i32>(<i32>ConfigId.COUNT);

// Payload after the ring's 12-byte header: u32 per id 0..31 (id 0 unused); the display lists as
// u8 lengths (auto, manual, battery), u8 reserved, then 16 + 30 + 8 reading ids; padding; CRC.
const LISTS_AT: i32 = 12 + 4 * CONFIG_SLOTS;
const LIST_IDS_AT: i32 = LISTS_AT + 4;
const CONFIG_RECORD_BYTES: i32 = LIST_IDS_AT + 56 + 4;
const configRing = new RecordRing(CONFIG_FIRST_SECTOR, CONFIG_SECTORS, 0x46434d57 /* "WMCF" */, 1, CONFIG_RECORD_BYTES);
const BUF: usize = memory.data(CONFIG_RECORD_BYTES);

export function configGet(id: i32): i32 {
  if (id <= 0 || id >= <i32>ConfigId.COUNT) return -1;
  return VALUES[id];
}

// Validates and applies one setting; the stored value changes only when it is accepted.
function apply(id: i32, value: i32): Err {
  let status = Err.OK;
  switch (id) {
    case ConfigId.PULSE_WIDTH_MS:
      if (value != 30 && value != 80) return Err.OUT_OF_RANGE;
      setPulseWidthMs(value);
      break;
    case ConfigId.LED_MODE: // read by the meter at each window
      if (value != 1 && value != 2) return Err.OUT_OF_RANGE;
      break;
    case ConfigId.NOMINAL_FREQ_HZ: // read by the meter at boot
      if (value != 50 && value != 60) return Err.OUT_OF_RANGE;
      break;
    case ConfigId.INTEGRATION_PERIOD:
      status = demandSetPeriod(value);
      break;
    case ConfigId.DEBITING_STOP_DAY:
      status = billingConfigure(value, VALUES[ConfigId.DEBITING_INTERVAL], VALUES[ConfigId.LOGGER2_INTERVAL]);
      break;
    case ConfigId.DEBITING_INTERVAL:
      status = billingConfigure(VALUES[ConfigId.DEBITING_STOP_DAY], value, VALUES[ConfigId.LOGGER2_INTERVAL]);
      break;
    case ConfigId.LOGGER2_INTERVAL:
      status = billingConfigure(VALUES[ConfigId.DEBITING_STOP_DAY], VALUES[ConfigId.DEBITING_INTERVAL], value);
      break;
    case ConfigId.GMT_OFFSET:
      if (value < 0 || value > 23) return Err.OUT_OF_RANGE;
      status = setTimezone(value, VALUES[ConfigId.DST_TABLE]);
      break;
    case ConfigId.DST_TABLE:
      if (value != 0 && value != 1) return Err.OUT_OF_RANGE;
      status = setTimezone(VALUES[ConfigId.GMT_OFFSET], value);
      break;
    case ConfigId.POWER_THRESHOLD_W:
      if (!setPowerThresholdW(<f64>value)) return Err.OUT_OF_RANGE;
      break;
    case ConfigId.MODULE_CONFIG:
      status = tariffConfigure(VALUES[ConfigId.TARIFF_CONTROL], value);
      break;
    case ConfigId.TARIFF_CONTROL:
      status = tariffConfigure(value, VALUES[ConfigId.MODULE_CONFIG]);
      break;
    case ConfigId.SUPPLY_BACKUP: // read at power-up
      if (value != 0 && value != 1) return Err.OUT_OF_RANGE;
      break;
    case ConfigId.DISPLAY_DECIMALS:
      if (value < 1 || value > 4) return Err.OUT_OF_RANGE;
      status = displaySetDecimals(value);
      break;
    case ConfigId.BUTTON2_SETUP:
      if (value < 0 || value > 2) return Err.OUT_OF_RANGE;
      status = displaySetButton2(value);
      break;
    case ConfigId.OPTICAL_MODE:
      if (!opticalConfigure(value)) return Err.OUT_OF_RANGE;
      break;
    case ConfigId.METER_NUMBER: // read by the display and the optical readout
      if (value < 0 || value > 99999999) return Err.OUT_OF_RANGE;
      break;
    case ConfigId.BREAKER_POSITION: // the factory position, taken at a power-up without stored breaker state
      if (value < 0 || value > 2) return Err.OUT_OF_RANGE;
      break;
    case ConfigId.DISCONNECT_MODE: // applied to the running breaker by the meter
      if (value < 0 || value > 6) return Err.OUT_OF_RANGE;
      break;
    default:
      return Err.INVALID_ARGUMENT;
  }
  if (status != Err.OK) return status;
  VALUES[id] = value;
  return Err.OK;
}

// A change from outside: applied, then the whole configuration is committed as one new record.
export function configSet(id: i32, value: i32): Err {
  if (id <= 0 || id >= <i32>ConfigId.COUNT) return Err.INVALID_ARGUMENT;
  const old = VALUES[id];
  const status = apply(id, value);
  if (status != Err.OK) return status;
  if (old == value) return Err.OK;
  return configSave();
}

function listOffset(list: i32): i32 {
  return LIST_IDS_AT + (list == 0 ? 0 : list == 1 ? AUTO_MAX : AUTO_MAX + MANUAL_MAX);
}

export function configSave(): Err {
  memory.fill(BUF, 0, CONFIG_RECORD_BYTES);
  for (let id = 1; id < <i32>ConfigId.COUNT; id++) store<i32>(BUF + <usize>(12 + 4 * id), VALUES[id]);
  for (let list = 0; list < 3; list++) {
    const n = displayListLength(list);
    store<u8>(BUF + <usize>(LISTS_AT + list), <u8>n);
    for (let k = 0; k < n; k++) store<u8>(BUF + <usize>(listOffset(list) + k), <u8>displayListEntry(list, k));
  }
  return configRing.append(BUF);
}

const LIST_MAX: StaticArray<i32> = [AUTO_MAX, MANUAL_MAX, BATTERY_MAX];

// Boot: defaults first, then the stored record; a stored value that no longer validates keeps the default.
export function configLoad(): bool {
  for (let id = 1; id < <i32>ConfigId.COUNT; id++) {
    VALUES[id] = DEFAULTS[id];
  }
  for (let id = 1; id < <i32>ConfigId.COUNT; id++) apply(id, DEFAULTS[id]);
  if (!configRing.load(BUF) || configRing.read(0, BUF) != Err.OK) return false;
  for (let id = 1; id < <i32>ConfigId.COUNT; id++) apply(id, load<i32>(BUF + <usize>(12 + 4 * id)));
  // Stored lists go through the same checks as new ones: a list that fails keeps the factory list.
  for (let list = 0; list < 3; list++) {
    const n = <i32>load<u8>(BUF + <usize>(LISTS_AT + list));
    if (n > 0 && n <= LIST_MAX[list]) displayListSet(list, BUF + <usize>listOffset(list), n);
  }
  return true;
}
