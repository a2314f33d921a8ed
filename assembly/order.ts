// The meter as ordered: the factory step that validates type number and Z codes, applies them, then writes the factory record.
import { Err } from "./errors";
import { ConfigId, configGet } from "./config";
import { meterConfigSetMany } from "./meter";
import { settingsManyStatus } from "./settings";
import { X_COUNT, Z_COUNT, zDefined, COUNTRY_AUSTRIA, COUNTRY_FINLAND } from "./factory/codes";
import { orderRefusal, country } from "./factory/rules";
import { factoryPresent, factoryAreaErased, factoryHold, factoryDrop, factoryWrite } from "./factory/record";
import { zId, zSetting, orderZ, orderEnergyRule } from "./factory/ordered";

const XS = new StaticArray<i32>(X_COUNT + 1);
const ZS = new StaticArray<i32>(Z_COUNT + 1);
let zGiven: i32 = 0; // bit per Z index the factory step was given
let refusal: i32 = 0;

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

// The settings an order sets, in the order they apply (Z19 before Z9: the disconnect mode needs the breaker).
const IDS = new StaticArray<i32>(Z_COUNT + 4);
const VALUES = new StaticArray<i32>(Z_COUNT + 4);
let count = 0;

function put(id: i32, value: i32): void {
  IDS[count] = id;
  VALUES[count++] = value;
}

// Validates the staged order, applies every Z code and X12 as one configuration record (all or none),
// then writes the factory record: a refusal or a cut before the record leaves the meter not ordered, and
// the step may be retried. NOT_PERMITTED once a factory record exists or sector 235 is not erased (X codes
// never change); INVALID_ARGUMENT with factoryRefusal() naming the code and the rule for an order the
// tables refuse; else the settings' refusal.
export function factoryCommit(): Err {
  if (factoryPresent() || !factoryAreaErased()) return Err.NOT_PERMITTED;
  applyCountryDefaults();
  refusal = orderRefusal(XS, ZS);
  if (refusal != 0) return Err.INVALID_ARGUMENT;
  factoryHold(XS, ZS);
  count = 0;
  put(ConfigId.SUPPLY_BACKUP, XS[12] - 0x30);
  put(ConfigId.ALARM_INPUT, (ZS[8] - 1) & 1);
  put(zId(19), ZS[19]);
  for (let i = 1; i <= Z_COUNT; i++) {
    if (zDefined(i) && i != 19) put(zId(i), zSetting(i, ZS[i]));
  }
  // The order has no code for the pulse energies: one X9 does not measure falls back to A+.
  for (let id = <i32>ConfigId.LED_ENERGY; id <= <i32>ConfigId.S0_ENERGY; id++) {
    if (orderEnergyRule(id, configGet(id)) != Err.OK) put(id, 1);
  }
  let status = Err.OK;
  if (meterConfigSetMany(IDS, VALUES, count) >= 0) status = settingsManyStatus();
  if (status == Err.OK) status = factoryWrite();
  if (status != Err.OK) factoryDrop();
  return status;
}

// (code << 8) | rule of the last refused factory step (factory/rules.ts), 0 when none was refused.
export function factoryRefusal(): i32 {
  return refusal;
}
