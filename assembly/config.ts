// Meter configuration record: settings named after the data sheet's codes and the display lists, as data; the wiring (settings.ts) applies them.
import { Err } from "./errors";
import { RecordRing } from "./store/ring";
import { CONFIG_FIRST_SECTOR, CONFIG_SECTORS } from "./store/layout";
import { nvmErase } from "./hal/nvm";

// Longest display lists: automatic, manual, battery (the data sheet's 16, 30 and 8).
export const LIST_MAX_ENTRIES: StaticArray<i32> = [16, 30, 8];

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
  LP_VALUES = 20, // Z27: 1 absolute values, 2 delta values (how the load profile is presented)
  LP_CHANNELS = 21, // Z29: 1 A+, 2 A+/A-, 3 A+/A-/R+/R-, 4 A+/A-/R1..R4, 5 all eight
  PULSE_UNIT = 22, // Z12: 0 none, 1 kWh, 2 m3, 3 L (the unit of the pulse input register)
  LOAD_CONTROL = 23, // Z14: 0 disabled, 1 register control (docs/CONFIG.md)
  FREQUENCY_CODE = 24, // Z16: 0 none or a country protocol number 318..379 (docs/CONFIG.md)
  CALENDAR_SETUP = 25, // Z20: calendar set-up id of the order form, 0..999
  ALARM_CONFIG = 26, // Z26: alarm mask, 0 none (docs/CONFIG.md)
  LOCAL_ENCRYPTION = 27, // Z28: 0 n/a (variant 1), 1 enabled, 2 disabled
  LOGGER2_PROFILE = 28, // Z30: 1 profile 01, 2 profile 02
  ALARM_INPUT = 29, // Z8's alarm half: 0 alarm input deactivated, 1 active
  ANALYSIS_LOGGER = 30, // Z10: analysis logger set-up 0..3 (docs/CONFIG.md; not recorded yet)
  DISPLAY_SETUP = 31, // Z5: display set-up id of the order form, 0..999 (the lists themselves follow the record)
  LED_ENERGY = 32, // the energy the metrology LED pulses for, 1..6 (docs/CONFIG.md "Pulse energies")
  S0_ENERGY = 33, // the energy of the S0 output, 1..3 (active energies only: the data sheet's S0 is kWh)
  RADIO = 34, // X11 1's integrated radio: 1 in use, 0 deactivated (the module area carries the AMR link)
  COUNT = 35,
}
// Slots in the record: room for the settings still to come without a new record version (version 1 had 32).
const CONFIG_SLOTS: i32 = 64;
const CONFIG_V1_SLOTS: i32 = 32;

// Factory settings: the data sheet's defaults for a Danish meter (GMT+1, EU summer time).
const DEFAULTS: StaticArray<i32> = [
  0, 30, 1, 50, 2, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 0, 1, 0, 1, 1, 1, 3,
  0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1,
];
const VALUES: StaticArray<i32> = new StaticArray<i32>(<i32>ConfigId.COUNT);
// Counts the changes of VALUES, so what is derived from them (factory/ordered.ts) is computed again only after one.
export let configGeneration: i32 = 0;

// Payload after the ring's 12-byte header: u32 per id 0..63 (id 0 unused); the display lists as
// u8 lengths (auto, manual, battery), u8 reserved, then 16 + 30 + 8 reading ids; padding; CRC (332 bytes).
// Version 1 had 32 ids, so its lists began at 140 (204 bytes); it is read once after an update.
function listsAt(slots: i32): i32 {
  return 12 + 4 * slots;
}
const LIST_IDS_AT: i32 = 12 + 4 * CONFIG_SLOTS + 4;
const CONFIG_RECORD_BYTES: i32 = LIST_IDS_AT + 56 + 4;
const CONFIG_V1_BYTES: i32 = 12 + 4 * CONFIG_V1_SLOTS + 4 + 56 + 4;
const CONFIG_MAGIC: u32 = 0x46434d57; // "WMCF"
const configRing = new RecordRing(CONFIG_FIRST_SECTOR, CONFIG_SECTORS, CONFIG_MAGIC, 2, CONFIG_RECORD_BYTES);
const configRingV1 = new RecordRing(CONFIG_FIRST_SECTOR, CONFIG_SECTORS, CONFIG_MAGIC, 1, CONFIG_V1_BYTES);
const BUF: usize = memory.data(CONFIG_RECORD_BYTES);
// The sector still holding version 1 records after an update, erased once the first version 2 record is
// written beside it (else its old records would read as damage at every boot); -1 none.
let v1Sector: i32 = -1;

export function configGet(id: i32): i32 {
  if (id <= 0 || id >= <i32>ConfigId.COUNT) return -1;
  return unchecked(VALUES[id]);
}

// The stored value of a setting; the caller has validated it (settings.ts).
export function configPut(id: i32, value: i32): void {
  if (id > 0 && id < <i32>ConfigId.COUNT) VALUES[id] = value;
  configGeneration++;
}

export function configDefault(id: i32): i32 {
  return id > 0 && id < <i32>ConfigId.COUNT ? DEFAULTS[id] : -1;
}

// The display lists as stored: lengths and reading ids.
const LIST_LENGTHS = new StaticArray<i32>(3);
const LIST_IDS = new StaticArray<u8>(16 + 30 + 8);

export function configListLength(list: i32): i32 {
  return list >= 0 && list < 3 ? LIST_LENGTHS[list] : 0;
}

export function configListEntry(list: i32, index: i32): i32 {
  if (list < 0 || list > 2 || index < 0 || index >= LIST_LENGTHS[list]) return -1;
  return <i32>LIST_IDS[listOffset(list) - LIST_IDS_AT + index];
}

// A list the display has accepted, kept for the next save (`read(k)` gives entry k).
export function configPutList(list: i32, count: i32, ids: usize): void {
  if (list < 0 || list > 2 || count < 0 || count > LIST_MAX_ENTRIES[list]) return;
  LIST_LENGTHS[list] = count;
  for (let k = 0; k < count; k++) LIST_IDS[listOffset(list) - LIST_IDS_AT + k] = load<u8>(ids + <usize>k);
}

function listOffset(list: i32): i32 {
  return LIST_IDS_AT + (list == 0 ? 0 : list == 1 ? LIST_MAX_ENTRIES[0] : LIST_MAX_ENTRIES[0] + LIST_MAX_ENTRIES[1]);
}

// Where list `list`'s ids sit in a record whose ids begin at `idsAt` (either version).
function listAt(list: i32, idsAt: i32): i32 {
  return listOffset(list) - LIST_IDS_AT + idsAt;
}

export function configSave(): Err {
  memory.fill(BUF, 0, CONFIG_RECORD_BYTES);
  for (let id = 1; id < <i32>ConfigId.COUNT; id++) store<i32>(BUF + <usize>(12 + 4 * id), VALUES[id]);
  for (let list = 0; list < 3; list++) {
    const n = LIST_LENGTHS[list];
    store<u8>(BUF + <usize>(LIST_IDS_AT - 4 + list), <u8>n);
    for (let k = 0; k < n; k++) store<u8>(BUF + <usize>(listOffset(list) + k), <u8>configListEntry(list, k));
  }
  const status = configRing.append(BUF);
  if (status == Err.OK && v1Sector >= 0 && nvmErase(CONFIG_FIRST_SECTOR + v1Sector) == Err.OK) v1Sector = -1;
  return status;
}

// Boot: the stored record into VALUES and the lists, unchecked; 0 lengths when none was stored.
// The wiring validates every value and list as it applies them, and keeps the default for a bad one.
export function configLoad(): bool {
  configGeneration++;
  for (let id = 1; id < <i32>ConfigId.COUNT; id++) VALUES[id] = DEFAULTS[id];
  for (let list = 0; list < 3; list++) LIST_LENGTHS[list] = 0;
  let slots = CONFIG_SLOTS;
  v1Sector = -1;
  if (!configRing.load(BUF) || configRing.read(0, BUF) != Err.OK) {
    if (!configRingV1.load(BUF) || configRingV1.read(0, BUF) != Err.OK) return false;
    slots = CONFIG_V1_SLOTS;
    configRing.forgetDamage();
    configRing.continueAfter(configRingV1);
    v1Sector = configRingV1.newestSector;
  }
  // Ids a version 1 record has no slot for keep their defaults.
  for (let id = 1; id < <i32>ConfigId.COUNT && id < slots; id++) VALUES[id] = load<i32>(BUF + <usize>(12 + 4 * id));
  const idsAt = listsAt(slots) + 4;
  for (let list = 0; list < 3; list++) {
    const n = <i32>load<u8>(BUF + <usize>(idsAt - 4 + list));
    if (n > 0 && n <= LIST_MAX_ENTRIES[list]) configPutList(list, n, BUF + <usize>listAt(list, idsAt));
  }
  return true;
}
