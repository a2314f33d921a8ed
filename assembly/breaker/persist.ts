// Breaker state that must survive a power cut, as one fixed 104-byte little-endian block (the integrator adds magic, version and CRC).
import { Err } from "../errors";
import { controlState, controlMode, controlRestore, ControlMode, ControlState } from "./control";
import { relayBreakingCurrentMa, relayMinSwitchIntervalMs, relayFollowMs, relayRetryMs, relayCheckConfig, relayConfigure } from "./relayguard";
import {
  limiterEnabled, limiterMonitored, limiterNormalThreshold, limiterEmergencyThreshold, limiterMinOverS, limiterMinUnderS,
  limiterEmergencyStartS, limiterEmergencyDurationS, limiterTripped, limiterCheckConfig, limiterCheckEmergency,
  limiterConfigure, limiterSetEmergency, limiterRestoreTripped,
} from "./limiter";
import {
  prepayEnabled, prepayUnit, prepayCreditFine, prepayLowLevel, prepayEmergencyAmount, prepayEmergencyInUse, prepayHolding,
  prepayCheckConfig, prepayRestore, prepayPricesAddress, prepayFriendlyAddress, prepaySetPrice, prepayCheckFriendly,
  prepaySetFriendly, FINE_PER_UNIT, MAX_CREDIT, MAX_PRICE_MILLI_PER_KWH, TARIFFS, FRIENDLY_RANGES, FRIENDLY_BYTES,
} from "./prepay";
import { breakerPresent, breakerSetPresent, breakerLocalHold, breakerSetHold } from "./breaker";

export const BREAKER_STATE_VERSION: u8 = 1;
export const BREAKER_STATE_BYTES: i32 = 104;

// Offsets.
const VERSION = 0;
const FLAGS = 1; // bit 0 breaker present, 1 prepayment on, 2 emergency credit in use, 3 prepayment holds,
//                  4 limiter on, 5 limiter tripped, 6 local hold in force
const STATE = 2; // control_state
const MODE = 3; // control_mode
const UNIT = 4; // credit unit
const MONITORED = 5; // limiter monitored value
const RESERVED = 6; // u16, 0
const CREDIT_FINE = 8; // i64, thousandths of a credit unit
const LOW_LEVEL = 16; // i64, credit units
const EMERGENCY_AMOUNT = 24; // i64, credit units
const PRICES = 32; // 4 x i32, milli-units per kWh, tariffs 1..4
const NORMAL = 48; // i32 W or mA
const EMERGENCY = 52; // i32 W or mA
const OVER_S = 56; // i32
const UNDER_S = 60; // i32
const EMERGENCY_START_S = 64; // i64 UTC s
const EMERGENCY_DURATION_S = 72; // i32
const FRIENDLY = 76; // 4 x (u8 ISO weekday mask, u8 start hour, u8 end hour)
const BREAKING_MA = 88; // i32
const MIN_SWITCH_MS = 92; // i32
const FOLLOW_MS = 96; // i32
const RETRY_MS = 100; // i32

const F_PRESENT = 1, F_PREPAY = 2, F_EMERGENCY = 4, F_PREPAY_HOLD = 8, F_LIMITER = 16, F_TRIPPED = 32, F_HOLD = 64;

export function breakerSerialize(ptr: usize): void {
  memory.fill(ptr, 0, <usize>BREAKER_STATE_BYTES);
  let flags = 0;
  if (breakerPresent()) flags |= F_PRESENT;
  if (prepayEnabled()) flags |= F_PREPAY;
  if (prepayEmergencyInUse()) flags |= F_EMERGENCY;
  if (prepayHolding()) flags |= F_PREPAY_HOLD;
  if (limiterEnabled()) flags |= F_LIMITER;
  if (limiterTripped()) flags |= F_TRIPPED;
  if (breakerLocalHold()) flags |= F_HOLD;
  store<u8>(ptr, BREAKER_STATE_VERSION, VERSION);
  store<u8>(ptr, <u8>flags, FLAGS);
  store<u8>(ptr, <u8>controlState(), STATE);
  store<u8>(ptr, <u8>controlMode(), MODE);
  store<u8>(ptr, <u8>prepayUnit(), UNIT);
  store<u8>(ptr, <u8>limiterMonitored(), MONITORED);
  store<i64>(ptr, prepayCreditFine(), CREDIT_FINE);
  store<i64>(ptr, prepayLowLevel(), LOW_LEVEL);
  store<i64>(ptr, prepayEmergencyAmount(), EMERGENCY_AMOUNT);
  memory.copy(ptr + PRICES, prepayPricesAddress(), <usize>(4 * TARIFFS));
  store<i32>(ptr, limiterNormalThreshold(), NORMAL);
  store<i32>(ptr, limiterEmergencyThreshold(), EMERGENCY);
  store<i32>(ptr, limiterMinOverS(), OVER_S);
  store<i32>(ptr, limiterMinUnderS(), UNDER_S);
  store<i64>(ptr, limiterEmergencyStartS(), EMERGENCY_START_S);
  store<i32>(ptr, limiterEmergencyDurationS(), EMERGENCY_DURATION_S);
  memory.copy(ptr + FRIENDLY, prepayFriendlyAddress(), <usize>FRIENDLY_BYTES);
  store<i32>(ptr, relayBreakingCurrentMa(), BREAKING_MA);
  store<i32>(ptr, relayMinSwitchIntervalMs(), MIN_SWITCH_MS);
  store<i32>(ptr, relayFollowMs(), FOLLOW_MS);
  store<i32>(ptr, relayRetryMs(), RETRY_MS);
}

// Every field is checked before anything is applied, so a refused block leaves the running state
// untouched.
function check(ptr: usize): Err {
  if (load<u8>(ptr, VERSION) != BREAKER_STATE_VERSION) return Err.UNSUPPORTED;
  const flags = <i32>load<u8>(ptr, FLAGS);
  if ((flags & ~0x7f) != 0 || load<u16>(ptr, RESERVED) != 0) return Err.INVALID_ARGUMENT;
  const s = <i32>load<u8>(ptr, STATE);
  const m = <i32>load<u8>(ptr, MODE);
  if (s > <i32>ControlState.READY_FOR_RECONNECTION || m > <i32>ControlMode.MODE_6) return Err.OUT_OF_RANGE;
  if (m == ControlMode.NONE && s != ControlState.CONNECTED) return Err.INVALID_ARGUMENT;
  let status = prepayCheckConfig((flags & F_PREPAY) != 0, <i32>load<u8>(ptr, UNIT), load<i64>(ptr, LOW_LEVEL), load<i64>(ptr, EMERGENCY_AMOUNT));
  if (status != Err.OK) return status;
  const fine = load<i64>(ptr, CREDIT_FINE);
  if (fine > MAX_CREDIT * FINE_PER_UNIT || fine < -MAX_CREDIT * FINE_PER_UNIT) return Err.OUT_OF_RANGE;
  for (let t = 0; t < TARIFFS; t++) {
    const price = load<i32>(ptr + PRICES + <usize>(t << 2));
    if (price < 0 || price > MAX_PRICE_MILLI_PER_KWH) return Err.OUT_OF_RANGE;
  }
  for (let k = 0; k < FRIENDLY_RANGES; k++) {
    const slot = ptr + FRIENDLY + <usize>(k * 3);
    status = prepayCheckFriendly(k, <i32>load<u8>(slot), <i32>load<u8>(slot, 1), <i32>load<u8>(slot, 2));
    if (status != Err.OK) return status;
  }
  status = limiterCheckConfig((flags & F_LIMITER) != 0, <i32>load<u8>(ptr, MONITORED), load<i32>(ptr, NORMAL),
    load<i32>(ptr, EMERGENCY), load<i32>(ptr, OVER_S), load<i32>(ptr, UNDER_S));
  if (status != Err.OK) return status;
  status = limiterCheckEmergency(load<i64>(ptr, EMERGENCY_START_S), load<i32>(ptr, EMERGENCY_DURATION_S));
  if (status != Err.OK) return status;
  return relayCheckConfig(load<i32>(ptr, BREAKING_MA), load<i32>(ptr, MIN_SWITCH_MS), load<i32>(ptr, FOLLOW_MS), load<i32>(ptr, RETRY_MS));
}

// Loads a block written by breakerSerialize; call breakerRestore with the relay's position next.
export function breakerDeserialize(ptr: usize): Err {
  const status = check(ptr);
  if (status != Err.OK) return status;
  const flags = <i32>load<u8>(ptr, FLAGS);
  breakerSetPresent((flags & F_PRESENT) != 0);
  controlRestore(<i32>load<u8>(ptr, STATE), <i32>load<u8>(ptr, MODE));
  prepayRestore((flags & F_PREPAY) != 0, <i32>load<u8>(ptr, UNIT), load<i64>(ptr, CREDIT_FINE), load<i64>(ptr, LOW_LEVEL),
    load<i64>(ptr, EMERGENCY_AMOUNT), (flags & F_EMERGENCY) != 0, (flags & F_PREPAY_HOLD) != 0);
  for (let t = 0; t < TARIFFS; t++) prepaySetPrice(t + 1, load<i32>(ptr + PRICES + <usize>(t << 2)));
  for (let k = 0; k < FRIENDLY_RANGES; k++) {
    const slot = ptr + FRIENDLY + <usize>(k * 3);
    prepaySetFriendly(k, <i32>load<u8>(slot), <i32>load<u8>(slot, 1), <i32>load<u8>(slot, 2));
  }
  limiterConfigure((flags & F_LIMITER) != 0, <i32>load<u8>(ptr, MONITORED), load<i32>(ptr, NORMAL), load<i32>(ptr, EMERGENCY),
    load<i32>(ptr, OVER_S), load<i32>(ptr, UNDER_S));
  limiterSetEmergency(load<i64>(ptr, EMERGENCY_START_S), load<i32>(ptr, EMERGENCY_DURATION_S));
  limiterRestoreTripped((flags & F_TRIPPED) != 0);
  relayConfigure(load<i32>(ptr, BREAKING_MA), load<i32>(ptr, MIN_SWITCH_MS), load<i32>(ptr, FOLLOW_MS), load<i32>(ptr, RETRY_MS));
  breakerSetHold((flags & F_HOLD) != 0);
  return Err.OK;
}
