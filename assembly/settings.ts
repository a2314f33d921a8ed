// Settings applied: validates each configuration value through the subsystem it drives and keeps the configuration record in step.
import { Err } from "./errors";
import {
  ConfigId, configGet, configPut, configDefault, configSave, configLoad, configListLength, configListEntry, configPutList, LIST_MAX_ENTRIES,
} from "./config";
import { setPulseWidthMs } from "./pulse/scheduler";
import { demandSetPeriod } from "./registers/demand";
import { billingConfigure } from "./registers/billing";
import { setPowerThresholdW } from "./registers/counters";
import { setTimezone } from "./clock/timezone";
import { profileConfigure, z4PeriodS } from "./profile/capture";
import { tariffConfigure } from "./tariff/control";
import { opticalConfigure } from "./comms/iec62056";
import { displaySetDecimals, displaySetButton2 } from "./display/controller";
import { portConfigure } from "./port/port";
import { frequencyCodeKnown, zDefined, ALARM_CONFIG_MASK } from "./factory/codes";
import { readingAvailable, orderEnergyRule, orderZ, zId, zSetting } from "./factory/ordered";
import { factoryPresent, factoryX, factoryXs, factoryZ } from "./factory/record";
import { orderRefusal } from "./factory/rules";
import { displayListSet, displayListCheck, displayListLength, displayListEntry, displayListsDefault } from "./display/lists";

// Validates one setting and applies it to its subsystem; the stored value changes only when accepted.
function apply(id: i32, value: i32): Err {
  let status = orderEnergyRule(id, value);
  if (status != Err.OK) return status;
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
    case ConfigId.INTEGRATION_PERIOD: // Z4: demand and load profile
      if (z4PeriodS(value) == 0) return Err.OUT_OF_RANGE;
      status = demandSetPeriod(value);
      if (status == Err.OK) status = profileConfigure(value, configGet(ConfigId.LP_CHANNELS));
      break;
    case ConfigId.LP_VALUES: // read when the profile is presented
      if (value != 1 && value != 2) return Err.OUT_OF_RANGE;
      break;
    case ConfigId.LP_CHANNELS:
      if (value < 1 || value > 5) return Err.OUT_OF_RANGE;
      status = profileConfigure(configGet(ConfigId.INTEGRATION_PERIOD), value);
      break;
    case ConfigId.DEBITING_STOP_DAY:
      status = billingConfigure(value, configGet(ConfigId.DEBITING_INTERVAL), configGet(ConfigId.LOGGER2_INTERVAL));
      break;
    case ConfigId.DEBITING_INTERVAL:
      status = billingConfigure(configGet(ConfigId.DEBITING_STOP_DAY), value, configGet(ConfigId.LOGGER2_INTERVAL));
      break;
    case ConfigId.LOGGER2_INTERVAL:
      status = billingConfigure(configGet(ConfigId.DEBITING_STOP_DAY), configGet(ConfigId.DEBITING_INTERVAL), value);
      break;
    case ConfigId.GMT_OFFSET:
      if (value < 0 || value > 23) return Err.OUT_OF_RANGE;
      status = setTimezone(value, configGet(ConfigId.DST_TABLE));
      break;
    case ConfigId.DST_TABLE:
      if (value != 0 && value != 1) return Err.OUT_OF_RANGE;
      status = setTimezone(configGet(ConfigId.GMT_OFFSET), value);
      break;
    case ConfigId.POWER_THRESHOLD_W:
      if (!setPowerThresholdW(<f64>value)) return Err.OUT_OF_RANGE;
      break;
    case ConfigId.MODULE_CONFIG:
      status = tariffConfigure(configGet(ConfigId.TARIFF_CONTROL), value);
      if (status == Err.OK) status = portConfigure(value, configGet(ConfigId.LOAD_CONTROL), configGet(ConfigId.ALARM_INPUT));
      break;
    case ConfigId.TARIFF_CONTROL:
      status = tariffConfigure(value, configGet(ConfigId.MODULE_CONFIG));
      break;
    case ConfigId.SUPPLY_BACKUP: // read at power-up
    case ConfigId.RADIO: // read with X11 by the radio symbol
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
    case ConfigId.PULSE_UNIT: // the unit the pulse input register is shown in
    case ConfigId.ANALYSIS_LOGGER: // set-ups 000..003 (alog/setups.ts)
      if (value < 0 || value > 3) return Err.OUT_OF_RANGE;
      break;
    case ConfigId.LOCAL_ENCRYPTION: // Z28 against the variant is the factory step's rule (factory/rules.ts)
      if (value < 0 || value > 2) return Err.OUT_OF_RANGE;
      break;
    case ConfigId.LOAD_CONTROL:
    case ConfigId.ALARM_INPUT:
      if (value != 0 && value != 1) return Err.OUT_OF_RANGE;
      status = portConfigure(
        configGet(ConfigId.MODULE_CONFIG),
        id == ConfigId.LOAD_CONTROL ? value : configGet(ConfigId.LOAD_CONTROL),
        id == ConfigId.ALARM_INPUT ? value : configGet(ConfigId.ALARM_INPUT),
      );
      break;
    case ConfigId.FREQUENCY_CODE:
      if (!frequencyCodeKnown(value)) return Err.OUT_OF_RANGE;
      break;
    case ConfigId.CALENDAR_SETUP:
    case ConfigId.DISPLAY_SETUP:
      if (value < 0 || value > 999) return Err.OUT_OF_RANGE;
      break;
    case ConfigId.ALARM_CONFIG:
      if ((value & ~ALARM_CONFIG_MASK) != 0) return Err.OUT_OF_RANGE;
      break;
    case ConfigId.LOGGER2_PROFILE:
      if (value != 1 && value != 2) return Err.OUT_OF_RANGE;
      break;
    case ConfigId.LED_ENERGY: // read by the meter at each window; checked by orderEnergyRule
    case ConfigId.S0_ENERGY:
      break;
    default:
      return Err.INVALID_ARGUMENT;
  }
  if (status != Err.OK) return status;
  configPut(id, value);
  return Err.OK;
}

const Z_NOW = new StaticArray<i32>(31);

// After the order, the factory step's rules (factory/rules.ts) over its X codes and the Z codes in force:
// 0, or the first refusal. Kept out of apply()'s switch (wasm3 on the M4 compiles a function within 320 slots).
function orderRule(): i32 {
  if (!factoryPresent()) return 0;
  for (let i = 1; i <= 30; i++) Z_NOW[i] = orderZ(i);
  return orderRefusal(factoryXs(), Z_NOW);
}

// A change from outside: applied, then the whole configuration is committed as one new record. UNSUPPORTED
// (and put back) for one that breaks a rule of the order the configuration kept before it.
export function settingSet(id: i32, value: i32): Err {
  if (id <= 0 || id >= <i32>ConfigId.COUNT) return Err.INVALID_ARGUMENT;
  const old = configGet(id);
  const before = orderRule();
  const status = apply(id, value);
  if (status != Err.OK) return status;
  const after = orderRule();
  if (after != 0 && after != before) {
    apply(id, old);
    return Err.UNSUPPORTED;
  }
  if (old == value) return Err.OK;
  return configSave();
}

// Several changes as one: each is applied in order (a later one sees the earlier ones, as Z3 with Z13 need);
// the first refusal, or a record that cannot be stored, puts every earlier one back, so all apply or none.
// Returns -1 when all applied and were committed in one record, else the index of the refused change
// (settingsManyStatus() tells why; n for the record's write, n - 1 UNSUPPORTED when together they break a rule
// of the order).
let manyStatus: Err = Err.OK;
const OLD = new StaticArray<i32>(<i32>ConfigId.COUNT);

export function settingsManyStatus(): Err {
  return manyStatus;
}

export function settingsSetMany(ids: StaticArray<i32>, values: StaticArray<i32>, n: i32): i32 {
  manyStatus = Err.INVALID_ARGUMENT;
  if (n > OLD.length) return 0;
  manyStatus = Err.OK;
  const before = orderRule();
  let failed = -1;
  let k = 0;
  for (; k < n; k++) {
    const id = ids[k];
    if (id <= 0 || id >= <i32>ConfigId.COUNT) manyStatus = Err.INVALID_ARGUMENT;
    else {
      OLD[k] = configGet(id);
      manyStatus = apply(id, values[k]);
    }
    if (manyStatus != Err.OK) {
      failed = k;
      break;
    }
  }
  let undo = failed;
  if (failed < 0) {
    // The changes together must keep the order's rules (reported at the last change, all put back).
    const after = orderRule();
    manyStatus = after != 0 && after != before ? Err.UNSUPPORTED : configSave();
    if (manyStatus == Err.OK) return -1;
    undo = n;
    failed = manyStatus == Err.UNSUPPORTED ? n - 1 : n;
  }
  // Back in reverse order: each old value was in force with the ones before it, so it applies again.
  for (let j = undo - 1; j >= 0; j--) apply(ids[j], OLD[j]);
  return failed;
}

const LIST_SCRATCH: usize = memory.data(32);
const STORED = new StaticArray<i32>(<i32>ConfigId.COUNT);

// Copies the display's list into the record, for the next save.
function keepList(list: i32): void {
  const n = displayListLength(list);
  for (let k = 0; k < n; k++) store<u8>(LIST_SCRATCH + <usize>k, <u8>displayListEntry(list, k));
  configPutList(list, n, LIST_SCRATCH);
}

// A display list from outside (staged at `ids`): UNSUPPORTED when it names an energy the ordered X9 does not
// measure (rule 6), else checked by the display, then committed.
export function settingSetList(list: i32, ids: usize, count: i32): Err {
  let status = displayListCheck(list, ids, count); // the count is bounded before the ids are read
  if (status != Err.OK) return status;
  for (let k = 0; k < count; k++) if (!readingAvailable(<i32>load<u8>(ids + <usize>k))) return Err.UNSUPPORTED;
  status = displayListSet(list, ids, count);
  if (status != Err.OK) return status;
  keepList(list);
  return configSave();
}

// Boot: defaults first, then the stored record; a stored value or list that no longer validates keeps the factory one.
export function settingsLoad(): bool {
  const stored = configLoad();
  // Cross-checks (Z6 with Z7, Z11 with Z15, Z3 with Z13) see defaults or values already accepted.
  for (let id = 1; id < <i32>ConfigId.COUNT; id++) {
    STORED[id] = configGet(id);
    configPut(id, configDefault(id));
  }
  for (let id = 1; id < <i32>ConfigId.COUNT; id++) apply(id, configDefault(id));
  if (stored) for (let id = 1; id < <i32>ConfigId.COUNT; id++) apply(id, STORED[id]);
  // A factory record without any configuration record (lost, or a step cut by firmware that wrote the record
  // first): the order is the configuration. Twice, so a code checked against a later one (Z13 with Z3) sees it.
  else if (factoryPresent()) {
    for (let pass = 0; pass < 2; pass++) {
      apply(ConfigId.SUPPLY_BACKUP, factoryX(12) - 0x30);
      apply(ConfigId.ALARM_INPUT, (factoryZ(8) - 1) & 1);
      for (let i = 1; i <= 30; i++) if (zDefined(i)) apply(zId(i), zSetting(i, factoryZ(i)));
    }
  }
  displayListsDefault();
  for (let list = 0; list < 3; list++) {
    const n = configListLength(list);
    if (n > 0 && n <= LIST_MAX_ENTRIES[list]) {
      for (let k = 0; k < n; k++) store<u8>(LIST_SCRATCH + <usize>k, <u8>configListEntry(list, k));
      displayListSet(list, LIST_SCRATCH, n);
    }
    keepList(list);
  }
  return stored;
}
