// Prepayment: credit in Wh or currency debited from registered A+ energy, top-ups, low-credit warning, emergency credit and friendly hours.
import { Err } from "../errors";
import { BreakerEvent, Cause, breakerEventLog } from "./eventlog";

export const enum CreditUnit {
  WH = 0, // credit counts watt-hours
  CURRENCY_MILLI = 1, // credit counts thousandths of the currency unit, priced per tariff
}

export const TARIFFS: i32 = 4;
// Credit is kept in thousandths of its unit: a price in milli-units per kWh is then exactly the debit
// per Wh, so no rounding is lost however small the increments.
export const FINE_PER_UNIT: i64 = 1000;
// 10^12 milli-units (a thousand million currency units) or 1 TWh: beyond any account, and x1000 still
// leaves i64 three orders of magnitude of headroom for sums.
export const MAX_CREDIT: i64 = 1000000000000;
export const MAX_PRICE_MILLI_PER_KWH: i32 = 1000000;
// One call debits one window's or one journal step's increment; 1 MWh at once is a caller's bug.
export const MAX_DEBIT_WH: i32 = 1000000;
export const FRIENDLY_RANGES: i32 = 4;

let enabled: bool = false;
let unit: CreditUnit = CreditUnit.WH;
let creditFine: i64 = 0;
let lowLevel: i64 = 0;
let emergencyAmount: i64 = 0;
let emergencyInUse: bool = false;
let holding: bool = false;
let lowWarned: bool = false;
let exhaustedLogged: bool = false;
let friendlyLogged: bool = false;
// Prices of tariffs 1..4, i32 each.
const PRICES: usize = memory.data(4 * TARIFFS);
// Friendly hours: per range u8 ISO-weekday mask (bit 0 Monday .. bit 6 Sunday), u8 start hour, u8 end hour (exclusive, <= 24).
export const FRIENDLY_BYTES: i32 = 3 * FRIENDLY_RANGES;
const FRIENDLY: usize = memory.data(FRIENDLY_BYTES);

export function prepayCheckConfig(on: bool, u: i32, lowUnits: i64, emergencyUnits: i64): Err {
  if (u != CreditUnit.WH && u != CreditUnit.CURRENCY_MILLI) return Err.UNSUPPORTED;
  if (lowUnits < 0 || lowUnits > MAX_CREDIT || emergencyUnits < 0 || emergencyUnits > MAX_CREDIT) return Err.OUT_OF_RANGE;
  return Err.OK;
}

// Changing the unit of a running account would reinterpret its balance, so it is refused then.
export function prepayConfigure(on: bool, u: i32, lowUnits: i64, emergencyUnits: i64): Err {
  const status = prepayCheckConfig(on, u, lowUnits, emergencyUnits);
  if (status != Err.OK) return status;
  if (enabled && on && u != <i32>unit && creditFine != 0) return Err.NOT_PERMITTED;
  enabled = on;
  unit = <CreditUnit>u;
  lowLevel = lowUnits;
  emergencyAmount = emergencyUnits;
  if (!on) holding = false;
  return Err.OK;
}

export function prepaySetPrice(tariff: i32, milliPerKwh: i32): Err {
  if (tariff < 1 || tariff > TARIFFS) return Err.OUT_OF_RANGE;
  if (milliPerKwh < 0 || milliPerKwh > MAX_PRICE_MILLI_PER_KWH) return Err.OUT_OF_RANGE;
  store<i32>(PRICES + <usize>((tariff - 1) << 2), milliPerKwh);
  return Err.OK;
}

export function prepayPrice(tariff: i32): i32 {
  if (tariff < 1 || tariff > TARIFFS) return -1;
  return load<i32>(PRICES + <usize>((tariff - 1) << 2));
}

export function prepayEnabled(): bool { return enabled; }
export function prepayUnit(): CreditUnit { return unit; }
export function prepayLowLevel(): i64 { return lowLevel; }
export function prepayEmergencyAmount(): i64 { return emergencyAmount; }
export function prepayEmergencyInUse(): bool { return emergencyInUse; }
export function prepayHolding(): bool { return holding; }
export function prepayCreditFine(): i64 { return creditFine; }

// Credit in whole units (Wh or milli-units), rounded down so a debt of a fraction shows as -1.
export function prepayCredit(): i64 {
  const q = creditFine / FINE_PER_UNIT;
  return creditFine < 0 && q * FINE_PER_UNIT != creditFine ? q - 1 : q;
}

export function prepayLow(): bool {
  return enabled && creditFine <= lowLevel * FINE_PER_UNIT;
}

// Debits a registered A+ increment in whole Wh at the price of the tariff in force (0: no tariff
// function, tariff 1's price). A debt may build up (friendly hours, an opening deferred under load),
// bounded so endless debiting cannot overflow.
export function prepayDebit(wh: i32, tariff: i32): Err {
  if (wh < 0) return Err.INVALID_ARGUMENT;
  if (wh > MAX_DEBIT_WH || tariff < 0 || tariff > TARIFFS) return Err.OUT_OF_RANGE;
  if (!enabled || wh == 0) return Err.OK;
  const perWh: i64 = unit == CreditUnit.WH ? FINE_PER_UNIT : <i64>prepayPrice(tariff == 0 ? 1 : tariff);
  creditFine -= <i64>wh * perWh;
  const floor = -MAX_CREDIT * FINE_PER_UNIT;
  if (creditFine < floor) creditFine = floor;
  return Err.OK;
}

// Adds a purchase; emergency credit taken is repaid from it first. A top-up that would carry the
// balance past MAX_CREDIT is refused whole, never clipped: money must not vanish.
export function prepayTopUp(amount: i64, nowMs: i64): Err {
  if (amount <= 0) return Err.INVALID_ARGUMENT;
  if (amount > MAX_CREDIT) return Err.OUT_OF_RANGE;
  if (!enabled) return Err.NOT_READY;
  let next = creditFine + amount * FINE_PER_UNIT;
  if (emergencyInUse) next -= emergencyAmount * FINE_PER_UNIT;
  if (next > MAX_CREDIT * FINE_PER_UNIT) return Err.OUT_OF_RANGE;
  creditFine = next;
  emergencyInUse = false;
  if (!prepayLow()) lowWarned = false;
  breakerEventLog(nowMs, BreakerEvent.CREDIT_TOP_UP, Cause.REMOTE, 0, 0, amount > <i64>i32.MAX_VALUE ? i32.MAX_VALUE : <i32>amount);
  return Err.OK;
}

// Sets the balance to `amount` units (class 112 set_amount_to_value, an authorised correction); emergency
// credit taken is settled by it. Refused whole outside +-MAX_CREDIT.
export function prepaySetCredit(amount: i64, nowMs: i64): Err {
  if (amount > MAX_CREDIT || amount < -MAX_CREDIT) return Err.OUT_OF_RANGE;
  if (!enabled) return Err.NOT_READY;
  creditFine = amount * FINE_PER_UNIT;
  emergencyInUse = false;
  if (!prepayLow()) lowWarned = false;
  breakerEventLog(nowMs, BreakerEvent.CREDIT_TOP_UP, Cause.REMOTE, 1, 0, <i32>max<i64>(min<i64>(amount, <i64>i32.MAX_VALUE), <i64>i32.MIN_VALUE));
  return Err.OK;
}

// Offered once the credit is gone: the same button reconnects after a top-up, and a press meant for
// that must not take emergency credit the consumer does not need.
export function prepayEmergencyAvailable(): bool {
  return enabled && !emergencyInUse && emergencyAmount > 0 && creditFine <= 0;
}

// The consumer's button: once until the next top-up, and only when the credit is gone.
export function prepayTakeEmergency(nowMs: i64): Err {
  if (!enabled) return Err.NOT_READY;
  if (emergencyAmount <= 0) return Err.UNSUPPORTED;
  if (emergencyInUse) return Err.NOT_PERMITTED;
  if (creditFine > 0) return Err.NOT_PERMITTED;
  creditFine += emergencyAmount * FINE_PER_UNIT;
  emergencyInUse = true;
  breakerEventLog(nowMs, BreakerEvent.EMERGENCY_CREDIT, Cause.BUTTON, 0, 1, <i32>min<i64>(emergencyAmount, <i64>i32.MAX_VALUE));
  return Err.OK;
}

export function prepayCheckFriendly(index: i32, weekdayMask: i32, startHour: i32, endHour: i32): Err {
  if (index < 0 || index >= FRIENDLY_RANGES) return Err.OUT_OF_RANGE;
  if (weekdayMask < 0 || weekdayMask > 0x7f) return Err.OUT_OF_RANGE;
  if (weekdayMask == 0) return Err.OK; // clears the range
  if (startHour < 0 || endHour > 24 || startHour >= endHour) return Err.OUT_OF_RANGE;
  return Err.OK;
}

// A night that crosses midnight is two ranges (22..24 and 0..6), which keeps each range on one weekday.
export function prepaySetFriendly(index: i32, weekdayMask: i32, startHour: i32, endHour: i32): Err {
  const status = prepayCheckFriendly(index, weekdayMask, startHour, endHour);
  if (status != Err.OK) return status;
  const slot = FRIENDLY + <usize>(index * 3);
  store<u8>(slot, <u8>weekdayMask);
  store<u8>(slot, weekdayMask == 0 ? 0 : <u8>startHour, 1);
  store<u8>(slot, weekdayMask == 0 ? 0 : <u8>endHour, 2);
  return Err.OK;
}

export function prepayFriendlyAddress(): usize {
  return FRIENDLY;
}

export function prepayPricesAddress(): usize {
  return PRICES;
}

// isoWeekday 1 Monday .. 7 Sunday, localHour 0..23; false for anything else.
export function prepayInFriendlyHours(isoWeekday: i32, localHour: i32): bool {
  if (isoWeekday < 1 || isoWeekday > 7 || localHour < 0 || localHour > 23) return false;
  const bit = 1 << (isoWeekday - 1);
  for (let k = 0; k < FRIENDLY_RANGES; k++) {
    const slot = FRIENDLY + <usize>(k * 3);
    if ((<i32>load<u8>(slot) & bit) == 0) continue;
    if (localHour >= <i32>load<u8>(slot, 1) && localHour < <i32>load<u8>(slot, 2)) return true;
  }
  return false;
}

// Once a second: whether prepayment asks for the supply to be disconnected. At zero credit inside
// the friendly hours nothing is disconnected; once disconnected, the supply stays off until the
// credit is positive again, even when friendly hours begin.
export function prepayEvaluate(nowMs: i64, isoWeekday: i32, localHour: i32): bool {
  if (!enabled) {
    holding = false;
    return false;
  }
  if (prepayLow() && !lowWarned) {
    lowWarned = true;
    breakerEventLog(nowMs, BreakerEvent.CREDIT_LOW, Cause.PREPAYMENT, 0, 0, <i32>max<i64>(min<i64>(prepayCredit(), <i64>i32.MAX_VALUE), <i64>i32.MIN_VALUE));
  }
  if (creditFine > 0) {
    holding = false;
    exhaustedLogged = false;
    friendlyLogged = false;
    return false;
  }
  if (!exhaustedLogged) {
    exhaustedLogged = true;
    breakerEventLog(nowMs, BreakerEvent.CREDIT_EXHAUSTED, Cause.PREPAYMENT, 0, 0, 0);
  }
  if (!holding && prepayInFriendlyHours(isoWeekday, localHour)) {
    if (!friendlyLogged) {
      friendlyLogged = true;
      breakerEventLog(nowMs, BreakerEvent.FRIENDLY_HOLD, Cause.PREPAYMENT, isoWeekday, localHour, 0);
    }
    return false;
  }
  holding = true;
  return true;
}

// Power-up: the account as persisted; the warning and the exhaustion are judged afresh.
export function prepayRestore(on: bool, u: i32, fine: i64, lowUnits: i64, emergencyUnits: i64, inUse: bool, wasHolding: bool): Err {
  const status = prepayCheckConfig(on, u, lowUnits, emergencyUnits);
  if (status != Err.OK) return status;
  const bound = MAX_CREDIT * FINE_PER_UNIT;
  if (fine > bound || fine < -bound) return Err.OUT_OF_RANGE;
  enabled = on;
  unit = <CreditUnit>u;
  creditFine = fine;
  lowLevel = lowUnits;
  emergencyAmount = emergencyUnits;
  emergencyInUse = inUse;
  holding = on && wasHolding;
  lowWarned = prepayLow();
  exhaustedLogged = creditFine <= 0;
  friendlyLogged = false;
  return Err.OK;
}

// Factory state for tests and a fresh meter.
export function prepayReset(): void {
  enabled = false;
  unit = CreditUnit.WH;
  creditFine = 0;
  lowLevel = 0;
  emergencyAmount = 0;
  emergencyInUse = false;
  holding = false;
  lowWarned = false;
  exhaustedLogged = false;
  friendlyLogged = false;
  memory.fill(PRICES, 0, <usize>(4 * TARIFFS));
  memory.fill(FRIENDLY, 0, <usize>FRIENDLY_BYTES);
}
