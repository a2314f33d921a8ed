// Classes 111 Account, 112 Credit (token and emergency) and 113 Charge (version 0) over the breaker's prepayment.
import { AxdrReader, AxdrWriter, Tag } from "../dlms/axdr";
import { AccessResult, Binding } from "./table";
import { Err } from "../errors";
import {
  CreditUnit, prepayEnabled, prepayUnit, prepayCredit, prepayLow, prepayLowLevel, prepayEmergencyAmount,
  prepayEmergencyInUse, prepayEmergencyAvailable, prepayTakeEmergency, prepayTopUp, prepaySetCredit, prepayConfigure,
  prepayPrice, prepayCheckConfig, prepayCheckFriendly, prepaySetFriendly, prepayFriendlyAddress, TARIFFS, MAX_CREDIT,
  FRIENDLY_RANGES,
} from "../breaker/prepay";
import { breakerWallMs, breakerCommitted } from "../breaker/link";
import { meterNowMs } from "../meter";
import { putDateTimeNone } from "./datetime";

const LN_TOKEN_CREDIT: StaticArray<u8> = [0, 0, 19, 10, 0, 255];
const LN_EMERGENCY_CREDIT: StaticArray<u8> = [0, 0, 19, 10, 1, 255];
const LN_CHARGE: StaticArray<u8> = [0, 0, 19, 20, 0, 255];
const LN_A_PLUS: StaticArray<u8> = [1, 0, 1, 8, 0, 255];
const UNIT_TEXT_WH: StaticArray<u8> = [0x57, 0x68]; // "Wh"

// Blue Book enumerations of classes 111..113.
const ACCOUNT_MODE_CREDIT: i32 = 1;
const ACCOUNT_NEW_INACTIVE: i32 = 1;
const ACCOUNT_ACTIVE: i32 = 2;
const CREDIT_TYPE_TOKEN: i32 = 0;
const CREDIT_TYPE_EMERGENCY: i32 = 2;
const CREDIT_ENABLED: i32 = 0;
const CREDIT_SELECTABLE: i32 = 1;
const CREDIT_IN_USE: i32 = 3;
const CREDIT_EXHAUSTED: i32 = 4;
const CURRENCY_CONSUMPTION: i32 = 1;
const CURRENCY_MONETARY: i32 = 2;
const PROPORTION_ALL: i32 = 10000; // charge proportion in 1/100 %: all of it

function nowWallMs(): i64 {
  return breakerWallMs(meterNowMs());
}

// double-long: an account far beyond +-2^31 units reads clamped (the balance itself is exact).
function putLong32(w: AxdrWriter, v: i64): void {
  const c = v > <i64>i32.MAX_VALUE ? i32.MAX_VALUE : v < <i64>i32.MIN_VALUE ? i32.MIN_VALUE : <i32>v;
  w.tagged32(Tag.DOUBLE_LONG, <u32>c);
}

function putLn(w: AxdrWriter, ln: StaticArray<u8>): void {
  w.octets(Tag.OCTET_STRING, changetype<usize>(ln), 6);
}

function putBits(w: AxdrWriter, count: i32, bits: i32): void {
  w.u8(<i32>Tag.BIT_STRING);
  w.u8(count);
  w.u8(bits);
}

// The token credit is the balance without the emergency credit still taken; the emergency credit is
// what remains of it (all of it while untouched, nothing once spent).
function tokenCredit(): i64 {
  return prepayEmergencyInUse() ? prepayCredit() - prepayEmergencyAmount() : prepayCredit();
}

function emergencyCredit(): i64 {
  if (!prepayEmergencyInUse()) return prepayEmergencyAmount();
  const left = prepayCredit();
  return left <= 0 ? 0 : left < prepayEmergencyAmount() ? left : prepayEmergencyAmount();
}

// current_credit_status bits (MSB first): 0 in credit, 1 low credit, 2 next credit enabled,
// 3 next credit selectable, 5 selected credit in use, 6 out of credit.
function creditStatusBits(): i32 {
  if (!prepayEnabled()) return 0;
  let bits = 0;
  if (prepayCredit() > 0) bits |= 0x80;
  if (prepayLow()) bits |= 0x40;
  if (prepayEmergencyAmount() > 0 && !prepayEmergencyInUse()) bits |= 0x20;
  if (prepayEmergencyAvailable()) bits |= 0x10;
  if (prepayEmergencyInUse()) bits |= 0x04;
  if (prepayCredit() <= 0) bits |= 0x02;
  return bits;
}

export function accountGet(attr: i32, w: AxdrWriter): AccessResult {
  const wh = prepayUnit() == CreditUnit.WH;
  switch (attr) {
    case 2:
      w.container(Tag.STRUCTURE, 2);
      w.tagged8(Tag.ENUM, ACCOUNT_MODE_CREDIT);
      w.tagged8(Tag.ENUM, prepayEnabled() ? ACCOUNT_ACTIVE : ACCOUNT_NEW_INACTIVE);
      break;
    case 3: w.tagged8(Tag.UNSIGNED, prepayEmergencyInUse() ? 2 : 1); break; // credit_reference_list position
    case 4: putBits(w, 8, creditStatusBits()); break;
    case 5: putLong32(w, prepayCredit()); break;
    case 6: putLong32(w, prepayEmergencyInUse() ? prepayEmergencyAmount() : 0); break; // repaid by the next top-up
    case 7: putLong32(w, 0); break; // no clearance threshold: the supply opens at zero credit
    case 8: putLong32(w, prepayCredit() < 0 ? -prepayCredit() : 0); break;
    case 9:
      w.container(Tag.ARRAY, 2);
      putLn(w, LN_TOKEN_CREDIT);
      putLn(w, LN_EMERGENCY_CREDIT);
      break;
    case 10:
      w.container(Tag.ARRAY, 1);
      putLn(w, LN_CHARGE);
      break;
    case 11:
      w.container(Tag.ARRAY, 1);
      w.container(Tag.STRUCTURE, 3);
      putLn(w, LN_TOKEN_CREDIT);
      putLn(w, LN_CHARGE);
      putBits(w, 3, 0x80); // collect when supply connected
      break;
    case 12:
      w.container(Tag.ARRAY, 1);
      w.container(Tag.STRUCTURE, 2);
      putLn(w, LN_TOKEN_CREDIT);
      w.tagged8(Tag.UNSIGNED, 100); // every top-up goes to the token credit
      break;
    case 13: case 14: putDateTimeNone(w); break;
    case 15:
      w.container(Tag.STRUCTURE, 3);
      if (wh) w.octets(Tag.VISIBLE_STRING, changetype<usize>(UNIT_TEXT_WH), 2);
      else w.octets(Tag.VISIBLE_STRING, 0, 0);
      w.tagged8(Tag.INTEGER, wh ? 0 : -3 & 0xff); // milli-units of the currency
      w.tagged8(Tag.ENUM, wh ? CURRENCY_CONSUMPTION : CURRENCY_MONETARY);
      break;
    case 16: putLong32(w, prepayLowLevel()); break;
    case 17: putLong32(w, 0); break;
    case 18: w.tagged16(Tag.LONG_UNSIGNED, 0); break;
    case 19: w.tagged32(Tag.DOUBLE_LONG_UNSIGNED, 0); break;
    default: return AccessResult.READ_WRITE_DENIED;
  }
  return AccessResult.SUCCESS;
}

export function creditGet(binding: Binding, attr: i32, w: AxdrWriter): AccessResult {
  const emergency = binding == Binding.CREDIT_EMERGENCY;
  switch (attr) {
    case 2: putLong32(w, emergency ? emergencyCredit() : tokenCredit()); break;
    case 3: w.tagged8(Tag.ENUM, emergency ? CREDIT_TYPE_EMERGENCY : CREDIT_TYPE_TOKEN); break;
    case 4: w.tagged8(Tag.UNSIGNED, emergency ? 2 : 1); break;
    case 5: putLong32(w, emergency ? 0 : prepayLowLevel()); break;
    case 6: putLong32(w, 0); break;
    // credit_configuration: token "able to receive tokens"; emergency "needs confirmation" (the button) and "repaid".
    case 7: putBits(w, 5, emergency ? 0x60 : 0x08); break;
    case 8: {
      let status = CREDIT_ENABLED;
      if (emergency) {
        if (prepayEmergencyInUse()) status = emergencyCredit() > 0 ? CREDIT_IN_USE : CREDIT_EXHAUSTED;
        else if (prepayEmergencyAvailable()) status = CREDIT_SELECTABLE;
      } else if (prepayEnabled()) {
        status = tokenCredit() > 0 ? CREDIT_IN_USE : CREDIT_EXHAUSTED;
      }
      w.tagged8(Tag.ENUM, status);
      break;
    }
    case 9: putLong32(w, emergency ? prepayEmergencyAmount() : 0); break;
    case 10: putLong32(w, 0); break;
    case 11: putDateTimeNone(w); break;
    default: return AccessResult.READ_WRITE_DENIED;
  }
  return AccessResult.SUCCESS;
}

function readLong32(r: AxdrReader): i64 {
  if (r.u8() != <i32>Tag.DOUBLE_LONG) r.bad = true;
  return <i64>(<i32>r.u32());
}

function resultOf(status: Err): AccessResult {
  if (status == Err.OK) return AccessResult.SUCCESS;
  if (status == Err.NVM_FAULT) return AccessResult.HARDWARE_FAULT;
  return AccessResult.OTHER_REASON;
}

// warning_threshold of the token credit (the low-credit level) and preset_credit_amount of the
// emergency credit (the amount the button grants), both in credit units.
export function creditSet(binding: Binding, attr: i32, r: AxdrReader): AccessResult {
  const emergency = binding == Binding.CREDIT_EMERGENCY;
  if ((emergency && attr != 9) || (!emergency && attr != 5)) return AccessResult.READ_WRITE_DENIED;
  const v = readLong32(r);
  if (r.bad) return AccessResult.TYPE_UNMATCHED;
  const low = emergency ? prepayLowLevel() : v;
  const amount = emergency ? v : prepayEmergencyAmount();
  if (prepayCheckConfig(prepayEnabled(), <i32>prepayUnit(), low, amount) != Err.OK) return AccessResult.OTHER_REASON;
  return resultOf(breakerCommitted(prepayConfigure(prepayEnabled(), <i32>prepayUnit(), low, amount)));
}

// Account methods 1 activate_account and 2 deactivate_account (integer 0): prepayment on or off with the
// settings in force; the balance stays as it is.
export function accountAction(method: i32, r: AxdrReader, hasParams: bool): AccessResult {
  if (method != 1 && method != 2) return AccessResult.READ_WRITE_DENIED;
  if (hasParams) {
    const tag = r.u8();
    r.u8();
    if (r.bad || tag != <i32>Tag.INTEGER) return AccessResult.TYPE_UNMATCHED;
  }
  return resultOf(breakerCommitted(prepayConfigure(method == 1, <i32>prepayUnit(), prepayLowLevel(), prepayEmergencyAmount())));
}

// Token credit: 1 update_amount (a top-up), 2 set_amount_to_value; emergency credit: 3 invoke_credit.
export function creditAction(binding: Binding, method: i32, r: AxdrReader, hasParams: bool): AccessResult {
  const emergency = binding == Binding.CREDIT_EMERGENCY;
  if (emergency != (method == 3)) return AccessResult.READ_WRITE_DENIED;
  if (method == 3) {
    if (hasParams) {
      const tag = r.u8();
      r.u8();
      if (r.bad || tag != <i32>Tag.INTEGER) return AccessResult.TYPE_UNMATCHED;
    }
    return resultOf(breakerCommitted(prepayTakeEmergency(nowWallMs())));
  }
  if (!hasParams) return AccessResult.TYPE_UNMATCHED;
  const v = readLong32(r);
  if (r.bad) return AccessResult.TYPE_UNMATCHED;
  if (method == 1) return v <= 0 || v > MAX_CREDIT ? AccessResult.OTHER_REASON : resultOf(breakerCommitted(prepayTopUp(v, nowWallMs())));
  return resultOf(breakerCommitted(prepaySetCredit(v, nowWallMs())));
}

// The common price scale: milli-units per kWh as long charge_per_unit, divided by ten until the
// dearest tariff fits (price_scale -3 + that power).
function priceShift(): i32 {
  let top = 0;
  for (let t = 1; t <= TARIFFS; t++) top = max(top, prepayPrice(t));
  let shift = 0;
  while (top > 32767) {
    top /= 10;
    shift++;
  }
  return shift;
}

function putUnitCharge(w: AxdrWriter): void {
  const wh = prepayUnit() == CreditUnit.WH;
  const shift = priceShift();
  let divisor = 1;
  for (let k = 0; k < shift; k++) divisor *= 10;
  w.container(Tag.STRUCTURE, 3);
  w.container(Tag.STRUCTURE, 2);
  w.tagged8(Tag.INTEGER, wh ? 0 : 3); // commodity scale: per Wh, or per kWh
  w.tagged8(Tag.INTEGER, wh ? 0 : (-3 + shift) & 0xff);
  w.container(Tag.STRUCTURE, 3);
  w.tagged16(Tag.LONG_UNSIGNED, 3);
  putLn(w, LN_A_PLUS);
  w.tagged8(Tag.INTEGER, 2);
  w.container(Tag.ARRAY, TARIFFS);
  for (let t = 1; t <= TARIFFS; t++) {
    w.container(Tag.STRUCTURE, 2);
    w.u8(<i32>Tag.OCTET_STRING);
    w.u8(1);
    w.u8(t);
    w.tagged16(Tag.LONG, wh ? 1 : prepayPrice(t) / divisor);
  }
}

export function chargeGet(attr: i32, w: AxdrWriter): AccessResult {
  switch (attr) {
    case 2: putLong32(w, 0); break; // not kept: the account's balance is the record of payment
    case 3: w.tagged8(Tag.ENUM, 0); break; // consumption based collection
    case 4: w.tagged8(Tag.UNSIGNED, 1); break;
    case 5: case 6: putUnitCharge(w); break; // one price list: the passive one is the active one
    case 7: case 10: putDateTimeNone(w); break;
    case 8: w.tagged32(Tag.DOUBLE_LONG_UNSIGNED, 1); break; // collected every second with the window
    case 9: putBits(w, 2, 0); break;
    case 11: case 12: putLong32(w, 0); break;
    case 13: w.tagged16(Tag.LONG_UNSIGNED, PROPORTION_ALL); break;
    default: return AccessResult.READ_WRITE_DENIED;
  }
  return AccessResult.SUCCESS;
}

// Friendly hours (0.0.19.128.0.255, a manufacturer-specific Data object: the Blue Book's classes have no
// such attribute): array of FRIENDLY_RANGES structures {unsigned ISO weekday mask (bit 0 Monday), unsigned
// start hour, unsigned end hour (exclusive)}; a mask of 0 clears the range. Written whole or not at all.
export function friendlyGet(attr: i32, w: AxdrWriter): AccessResult {
  if (attr != 2) return AccessResult.READ_WRITE_DENIED;
  const at = prepayFriendlyAddress();
  w.container(Tag.ARRAY, FRIENDLY_RANGES);
  for (let k = 0; k < FRIENDLY_RANGES; k++) {
    w.container(Tag.STRUCTURE, 3);
    for (let f = 0; f < 3; f++) w.tagged8(Tag.UNSIGNED, <i32>load<u8>(at + <usize>(k * 3 + f)));
  }
  return AccessResult.SUCCESS;
}

export function friendlySet(attr: i32, r: AxdrReader): AccessResult {
  if (attr != 2) return AccessResult.READ_WRITE_DENIED;
  if (r.u8() != <i32>Tag.ARRAY || r.u8() != FRIENDLY_RANGES) return AccessResult.TYPE_UNMATCHED;
  const from = r.pos;
  // First pass: types and ranges of every entry; nothing is applied before all are valid.
  for (let pass = 0; pass < 2; pass++) {
    r.pos = from;
    for (let k = 0; k < FRIENDLY_RANGES; k++) {
      if (r.u8() != <i32>Tag.STRUCTURE || r.u8() != 3) return AccessResult.TYPE_UNMATCHED;
      let mask = 0, start = 0, end = 0;
      for (let f = 0; f < 3; f++) {
        if (r.u8() != <i32>Tag.UNSIGNED) return AccessResult.TYPE_UNMATCHED;
        const v = r.u8();
        if (f == 0) mask = v;
        else if (f == 1) start = v;
        else end = v;
      }
      if (r.bad) return AccessResult.TYPE_UNMATCHED;
      if (pass == 0 && prepayCheckFriendly(k, mask, start, end) != Err.OK) return AccessResult.OTHER_REASON;
      if (pass == 1) prepaySetFriendly(k, mask, start, end);
    }
  }
  return resultOf(breakerCommitted(Err.OK));
}
