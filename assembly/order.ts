// The meter as ordered: the factory step that validates type number and Z codes, writes the factory record and applies them; the order read back.
import { Err } from "./errors";
import { ConfigId, configGet } from "./config";
import { meterConfigSet } from "./meter";
import { X_COUNT, Z_COUNT, zDefined, COUNTRY_AUSTRIA, COUNTRY_FINLAND, imaxA, ibA, mpeCentiPercent } from "./factory/codes";
import { orderRefusal, country } from "./factory/rules";
import { factoryPresent, factoryWrite, factoryX } from "./factory/record";
import { Register } from "./metrology/energy";

const XS = new StaticArray<i32>(X_COUNT + 1);
const ZS = new StaticArray<i32>(Z_COUNT + 1);
let zGiven: i32 = 0; // bit per Z index the factory step was given
let refusal: i32 = 0;

// The configuration id a Z code sets (Z8 sets two: its pulse width here, the alarm input beside it).
function zId(index: i32): i32 {
  switch (index) {
    case 1: return ConfigId.DISPLAY_DECIMALS;
    case 2: return ConfigId.LED_MODE;
    case 3: return ConfigId.MODULE_CONFIG;
    case 4: return ConfigId.INTEGRATION_PERIOD;
    case 5: return ConfigId.DISPLAY_SETUP;
    case 6: return ConfigId.DEBITING_STOP_DAY;
    case 7: return ConfigId.DEBITING_INTERVAL;
    case 8: return ConfigId.PULSE_WIDTH_MS;
    case 9: return ConfigId.DISCONNECT_MODE;
    case 10: return ConfigId.ANALYSIS_LOGGER;
    case 11: return ConfigId.GMT_OFFSET;
    case 12: return ConfigId.PULSE_UNIT;
    case 13: return ConfigId.TARIFF_CONTROL;
    case 14: return ConfigId.LOAD_CONTROL;
    case 15: return ConfigId.DST_TABLE;
    case 16: return ConfigId.FREQUENCY_CODE;
    case 17: return ConfigId.BUTTON2_SETUP;
    case 18: return ConfigId.OPTICAL_MODE;
    case 19: return ConfigId.BREAKER_POSITION;
    case 20: return ConfigId.CALENDAR_SETUP;
    case 25: return ConfigId.LOGGER2_INTERVAL;
    case 26: return ConfigId.ALARM_CONFIG;
    case 27: return ConfigId.LP_VALUES;
    case 28: return ConfigId.LOCAL_ENCRYPTION;
    case 29: return ConfigId.LP_CHANNELS;
    case 30: return ConfigId.LOGGER2_PROFILE;
    default: return 0;
  }
}

// Z`index` as in force now (the configuration record), -1 for an index the data sheet has no code for.
export function orderZ(index: i32): i32 {
  if (!zDefined(index)) return -1;
  if (index == 8) {
    return (configGet(ConfigId.PULSE_WIDTH_MS) == 80 ? 3 : 1) + configGet(ConfigId.ALARM_INPUT);
  }
  return configGet(zId(index));
}

// Starts a factory step: every Z code as in force, no type number.
export function factoryBegin(): void {
  for (let i = 1; i <= X_COUNT; i++) XS[i] = 0;
  for (let i = 1; i <= Z_COUNT; i++) ZS[i] = zDefined(i) ? orderZ(i) : 0;
  zGiven = 0;
  refusal = 0;
}

// Type number character X`index` (its character code, e.g. 0x42 for class B).
export function factoryStageX(index: i32, char: i32): Err {
  if (index < 1 || index > X_COUNT) return Err.INVALID_ARGUMENT;
  if (char < 0 || char > 0x7f) return Err.OUT_OF_RANGE;
  XS[index] = char;
  return Err.OK;
}

export function factoryStageZ(index: i32, value: i32): Err {
  if (!zDefined(index)) return Err.INVALID_ARGUMENT;
  ZS[index] = value;
  zGiven |= 1 << index;
  return Err.OK;
}

function countryDefault(index: i32, value: i32): void {
  if ((zGiven & (1 << index)) == 0) ZS[index] = value;
}

// The country's defaults for the codes the order leaves out (docs/CONFIG.md "Country code").
function applyCountryDefaults(): void {
  const c = country(XS);
  if (c == COUNTRY_AUSTRIA) countryDefault(4, 2);
  if (c == COUNTRY_FINLAND) countryDefault(11, 2);
}

// Validates the staged order, writes the factory record and applies every Z code and X12.
// NOT_PERMITTED once a factory record exists (X codes never change); INVALID_ARGUMENT with
// factoryRefusal() naming the code and the rule for an order the tables refuse.
export function factoryCommit(): Err {
  if (factoryPresent()) return Err.NOT_PERMITTED;
  applyCountryDefaults();
  refusal = orderRefusal(XS, ZS);
  if (refusal != 0) return Err.INVALID_ARGUMENT;
  let status = factoryWrite(XS, ZS);
  if (status != Err.OK) return status;
  status = meterConfigSet(ConfigId.SUPPLY_BACKUP, XS[12] - 0x30);
  if (status == Err.OK) status = meterConfigSet(ConfigId.ALARM_INPUT, (ZS[8] - 1) & 1);
  for (let i = 1; i <= Z_COUNT && status == Err.OK; i++) {
    if (!zDefined(i)) continue;
    const value = i == 8 ? (ZS[8] >= 3 ? 80 : 30) : ZS[i];
    status = meterConfigSet(zId(i), value);
  }
  return status;
}

// (code << 8) | rule of the last refused factory step (factory/rules.ts), 0 when none was refused.
export function factoryRefusal(): i32 {
  return refusal;
}

// The ordered rating: 0 Imax A (X5), 1 base current A (X5), 2 maximum permissible error in 0.01 % (X6);
// a meter without factory record is the 5(100) A class B meter of the README. -1 for another id.
export function orderRating(which: i32): i32 {
  const x5 = factoryPresent() ? factoryX(5) : 0x31;
  const x6 = factoryPresent() ? factoryX(6) : 0x42;
  if (which == 0) return imaxA(x5);
  if (which == 1) return ibA(x5);
  if (which == 2) return mpeCentiPercent(x6);
  return -1;
}

// Whether the ordered energy type (X9) includes a register; every register without a factory record.
export function registerAvailable(reg: i32): bool {
  if (reg < 0 || reg >= <i32>Register.COUNT) return false;
  const x9 = factoryX(9) - 0x30;
  if (!factoryPresent() || x9 == 4) return true;
  const isAPlus = reg == <i32>Register.A_PLUS || (reg >= <i32>Register.A_PLUS_T1 && reg < <i32>Register.A_PLUS_T1 + 4);
  if (isAPlus) return true;
  return x9 == 2 && reg == <i32>Register.A_MINUS;
}
