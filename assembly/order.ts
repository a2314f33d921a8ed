// The meter as ordered: the factory step that validates type number and Z codes, writes the factory record and applies them; the order read back.
import { Err } from "./errors";
import { ConfigId, configGet } from "./config";
import { meterConfigSet } from "./meter";
import { X_COUNT, Z_COUNT, zDefined, COUNTRY_AUSTRIA, COUNTRY_FINLAND } from "./factory/codes";
import { orderRefusal, country } from "./factory/rules";
import { factoryPresent, factoryWrite } from "./factory/record";
import { zId, orderZ, orderEnergyRule } from "./factory/ordered";

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
  // The order has no code for the pulse energies: one X9 does not measure falls back to A+.
  for (let id = <i32>ConfigId.LED_ENERGY; id <= <i32>ConfigId.S0_ENERGY && status == Err.OK; id++) {
    if (orderEnergyRule(id, configGet(id)) != Err.OK) status = meterConfigSet(id, 1);
  }
  return status;
}

// (code << 8) | rule of the last refused factory step (factory/rules.ts), 0 when none was refused.
export function factoryRefusal(): i32 {
  return refusal;
}
