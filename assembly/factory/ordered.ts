// The order as in force: which configuration id each Z code is, the Z codes read back, and what the X codes allow (rating, registers).
import { ConfigId, configGet, configGeneration } from "../config";
import { Register } from "../metrology/energy";
import { zDefined, imaxA, ibA, mpeCentiPercent } from "./codes";
import { factoryPresent, factoryX } from "./record";
import { crc32 } from "../util/crc32";
import { dlmsAssociated, DLMS_CTX_MODULE } from "../dlms/server";
import { Err } from "../errors";
import { Source, Unit, BILLING_PEAK_INDEX, readingSource, readingUnit } from "../display/readings";
import { Peak, AccPeak } from "../registers/demand";
import { pulseEnergyCheck, LED_ENERGY_MAX, S0_ENERGY_MAX } from "../pulse/energy";

const Z_BYTES: usize = memory.data(2 * 30);

// The configuration id the display shows (C.90.2): CRC-32 of Z1..Z30 in force as u16 little-endian,
// Z21..Z24 as 0 (the factory record's Z area), so a technician compares one number with the order's.
// Shown after every window: computed again only when a setting changed.
let configIdGeneration: i32 = -1;
let configIdCrc: u32 = 0;
export function orderConfigId(): u32 {
  if (configIdGeneration == configGeneration) return configIdCrc;
  for (let i = 1; i <= 30; i++) store<u16>(Z_BYTES + <usize>(2 * (i - 1)), <u16>(zDefined(i) ? orderZ(i) : 0));
  configIdCrc = crc32(Z_BYTES, 60);
  configIdGeneration = configGeneration;
  return configIdCrc;
}

// The configuration id a Z code sets (Z8 sets two: its pulse width here, the alarm input beside it).
export function zId(index: i32): i32 {
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

// The value Z`index` = `z` sets its configuration id to (Z8 1..4: its pulse width 30 or 80 ms).
export function zSetting(index: i32, z: i32): i32 {
  return index == 8 ? (z >= 3 ? 80 : 30) : z;
}

// Z`index` as in force now (the configuration record), -1 for an index the data sheet has no code for.
export function orderZ(index: i32): i32 {
  if (!zDefined(index)) return -1;
  if (index == 8) {
    return (configGet(ConfigId.PULSE_WIDTH_MS) == 80 ? 3 : 1) + configGet(ConfigId.ALARM_INPUT);
  }
  return configGet(zId(index));
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

// Whether a display reading shows a quantity the order measures, by the reading's source (display/readings.ts):
// registers and their billing copies by X9, reactive peaks and Q need R+, apparent ones E+ or E-; the rest always.
export function readingAvailable(id: i32): bool {
  const source = readingSource(id);
  const kind = source >> 5;
  const index = source & 31;
  if ((kind == Source.REGISTER || kind == Source.BILLING) && index < 18) return registerAvailable(index);
  // Peaks (their value, date and time rows alike) and the billing record's copies need the quantity measured.
  let peak = -1;
  if (kind == Source.PEAK) peak = index;
  else if (kind == Source.BILLING && index >= BILLING_PEAK_INDEX && index < BILLING_PEAK_INDEX + <i32>Peak.COUNT) peak = index - BILLING_PEAK_INDEX;
  else if (kind == Source.ACC_PEAK) peak = index == <i32>AccPeak.Q_PLUS ? <i32>Peak.Q_PLUS : <i32>Peak.P_PLUS;
  if (peak >= 0) {
    if (peak == <i32>Peak.Q_PLUS || peak == <i32>Peak.Q_PLUS_T1 || peak == <i32>Peak.Q_PLUS_T2) return registerAvailable(<i32>Register.R_PLUS);
    if (peak == <i32>Peak.S_PLUS) return registerAvailable(<i32>Register.E_PLUS);
    if (peak == <i32>Peak.S_MINUS) return registerAvailable(<i32>Register.E_MINUS);
    return true;
  }
  // Instantaneous reactive and apparent power exist where their energies do (X9 4).
  const unit = readingUnit(id);
  if (unit == Unit.KVAR) return registerAvailable(<i32>Register.R_PLUS);
  if (unit == Unit.KVA) return registerAvailable(<i32>Register.E_PLUS);
  return true;
}

// The radio symbol: only a meter ordered with the integrated radio (X11 1) that has it in use (id 34) has one,
// lit while the AMR system holds an association over it (the module port's line stands in for the radio link).
export function radioCommunicating(): bool {
  return factoryX(11) == 0x31 && configGet(ConfigId.RADIO) == 1 && dlmsAssociated(DLMS_CTX_MODULE);
}

// Rule 6 for settings after the order (docs/CONFIG.md): UNSUPPORTED for one naming an energy X9 does not
// measure (Z29 channels, Z3 06 R+ out and 16 A- out, the LED and S0 pulse energies, which are also range-checked
// here). Kept out of the settings switch, which wasm3 on the M4 compiles within 256 stack slots.
export function orderEnergyRule(id: i32, value: i32): Err {
  if (id == <i32>ConfigId.LED_ENERGY || id == <i32>ConfigId.S0_ENERGY) {
    return pulseEnergyCheck(value, id == <i32>ConfigId.LED_ENERGY ? LED_ENERGY_MAX : S0_ENERGY_MAX);
  }
  let reg = <i32>Register.A_PLUS;
  if (id == <i32>ConfigId.LP_CHANNELS) reg = value >= 3 ? <i32>Register.R_PLUS : value == 2 ? <i32>Register.A_MINUS : reg;
  if (id == <i32>ConfigId.MODULE_CONFIG) reg = value == 6 ? <i32>Register.R_PLUS : value == 16 ? <i32>Register.A_MINUS : reg;
  return registerAvailable(reg) ? Err.OK : Err.UNSUPPORTED;
}

// X5: a current limiter (monitored 1, mA) above the ordered Imax could never trip while the meter is in its
// range; limiter_set and the COSEM limiter refuse it. Checked where a threshold comes in, not at restore.
export function limiterWithinRating(monitored: i32, normal: i32, emergency: i32): bool {
  const imaxMa = orderRating(0) * 1000;
  return monitored != 1 || (normal <= imaxMa && emergency <= imaxMa);
}
