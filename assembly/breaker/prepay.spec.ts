// Prepayment: run-down with warning, disconnect at zero, top-up and reconnection, emergency credit, friendly hours, refusals, persistence.
import { Err } from "../errors";
import { ControlState, controlState } from "./control";
import {
  prepayEmergencyAvailable,
  CreditUnit, prepayConfigure, prepaySetPrice, prepayDebit, prepayTopUp, prepayCredit, prepayLow, prepayTakeEmergency,
  prepayEmergencyInUse, prepaySetCredit, prepayConfigure as configure, prepaySetFriendly, prepayInFriendlyHours, prepayHolding, MAX_CREDIT,
} from "./prepay";
import {
  breakerInit, breakerSecond, breakerButtonReconnect, breakerStep, breakerSymbols, breakerDisplayState, BreakerDisplay,
  SYMBOL_PREPAYMENT, SYMBOL_LOW_CREDIT, SYMBOL_EMERGENCY_CREDIT,
} from "./breaker";
import { RelayCommand } from "./relayguard";
import { BreakerEvent, Cause, breakerEventFind, eventCause, eventValue } from "./eventlog";
import { breakerSerialize, breakerDeserialize } from "./persist";

const T0: i64 = 1767225600000;
const MONDAY = 1;
const SATURDAY = 6;
const BLOCK: usize = memory.data(128);

function second(s: i32, weekday: i32, hour: i32): void {
  expect(breakerSecond(T0 + <i64>s * 1000, 2300, 10000, weekday, hour)).toBe(Err.OK);
}

describe("prepayment credit", () => {
  beforeEach(() => {
    breakerInit(1, 1, T0);
    expect(prepayConfigure(true, CreditUnit.CURRENCY_MILLI, 2000, 5000)).toBe(Err.OK);
    expect(prepaySetPrice(1, 250)).toBe(Err.OK); // 0.250 per kWh
    expect(prepaySetPrice(2, 125)).toBe(Err.OK);
  });

  it("debits 0.250/kWh in tariff 1 and 0.125/kWh in tariff 2, exactly, from 1 Wh increments", () => {
    expect(prepayTopUp(10000, T0)).toBe(Err.OK); // 10.000
    for (let k = 0; k < 1000; k++) expect(prepayDebit(1, 1)).toBe(Err.OK);
    expect(prepayCredit()).toBe(9750);
    for (let k = 0; k < 3; k++) prepayDebit(1, 2); // 3 x 0.125 milli-units
    expect(prepayCredit()).toBe(9749); // 9749.625 shows rounded down
    for (let k = 0; k < 5; k++) prepayDebit(1, 2);
    expect(prepayCredit()).toBe(9749); // exactly 9749.000: nothing lost to rounding
  });

  it("runs down 10.000 at 2.3 kW: low-credit warning at 2.000, disconnect at zero, reconnection after top-up", () => {
    prepayTopUp(10000, T0);
    expect(breakerSymbols() & SYMBOL_PREPAYMENT).toBe(SYMBOL_PREPAYMENT);
    let s = 0;
    // 40 kWh at 0.250 = 10.000; 1 kWh per step.
    while (prepayCredit() > 2000) {
      expect(prepayLow()).toBe(false);
      expect(breakerEventFind(BreakerEvent.CREDIT_LOW)).toBe(0);
      expect(prepayDebit(1000, 1)).toBe(Err.OK);
      second(s++, MONDAY, 12);
    }
    expect(prepayCredit()).toBe(2000); // 32 kWh later
    expect(s).toBe(32);
    expect(breakerSymbols() & SYMBOL_LOW_CREDIT).toBe(SYMBOL_LOW_CREDIT);
    expect(breakerEventFind(BreakerEvent.CREDIT_LOW)).toBeGreaterThan(0);
    expect(controlState()).toBe(ControlState.CONNECTED);
    for (let k = 0; k < 8; k++) prepayDebit(1000, 1);
    expect(prepayCredit()).toBe(0);
    second(s++, MONDAY, 12);
    expect(controlState()).toBe(ControlState.READY_FOR_RECONNECTION);
    expect(eventCause(breakerEventFind(BreakerEvent.OPENED))).toBe(Cause.PREPAYMENT);
    expect(breakerDisplayState()).toBe(BreakerDisplay.RELEASED);
    expect(breakerStep(T0 + <i64>s * 1000, 10000, true)).toBe(RelayCommand.OPEN);
    // No credit: the button may not reconnect (emergency credit switched off for this run).
    prepayConfigure(true, CreditUnit.CURRENCY_MILLI, 2000, 0);
    expect(breakerButtonReconnect(T0 + <i64>s * 1000)).toBe(Err.NOT_PERMITTED);
    expect(prepayTopUp(20000, T0 + <i64>s * 1000)).toBe(Err.OK);
    second(s++, MONDAY, 12);
    // Mode 1 has no local reconnection: the consumer presses the button.
    expect(controlState()).toBe(ControlState.READY_FOR_RECONNECTION);
    expect(breakerButtonReconnect(T0 + <i64>s * 1000)).toBe(Err.OK);
    expect(controlState()).toBe(ControlState.CONNECTED);
  });

  it("mode 5: reconnects by itself (local_reconnect) after a top-up", () => {
    breakerInit(1, 5, T0);
    prepayConfigure(true, CreditUnit.WH, 1000, 0);
    prepayTopUp(500, T0);
    prepayDebit(500, 0);
    second(0, MONDAY, 12);
    expect(controlState()).toBe(ControlState.READY_FOR_RECONNECTION);
    prepayTopUp(5000, T0 + 1000);
    second(1, MONDAY, 12);
    expect(controlState()).toBe(ControlState.CONNECTED);
    expect(eventCause(breakerEventFind(BreakerEvent.CLOSED))).toBe(Cause.PREPAYMENT);
  });

  it("gives 5.000 of emergency credit once on the button at zero credit, repaid by the next top-up", () => {
    prepayTopUp(1000, T0);
    prepayDebit(4000, 1); // 1.000 used: credit 0
    second(0, MONDAY, 12);
    expect(controlState()).toBe(ControlState.READY_FOR_RECONNECTION);
    expect(breakerButtonReconnect(T0 + 1000)).toBe(Err.OK);
    expect(prepayEmergencyInUse()).toBe(true);
    expect(prepayCredit()).toBe(5000);
    expect(controlState()).toBe(ControlState.CONNECTED);
    expect(eventValue(breakerEventFind(BreakerEvent.EMERGENCY_CREDIT))).toBe(5000);
    expect(breakerSymbols() & SYMBOL_EMERGENCY_CREDIT).toBe(SYMBOL_EMERGENCY_CREDIT);
    // Only once: the second attempt is refused.
    expect(prepayTakeEmergency(T0 + 2000)).toBe(Err.NOT_PERMITTED);
    prepayDebit(8000, 1); // 2.000 of the emergency credit used
    expect(prepayCredit()).toBe(3000);
    expect(prepayTopUp(10000, T0 + 3000)).toBe(Err.OK);
    expect(prepayCredit()).toBe(8000); // 10.000 - 2.000 used
    expect(prepayEmergencyInUse()).toBe(false);
    expect(breakerSymbols() & SYMBOL_EMERGENCY_CREDIT).toBe(0);
  });

  it("refuses emergency credit while the credit is above the low level (2.000)", () => {
    prepayTopUp(3000, T0);
    expect(prepayTakeEmergency(T0)).toBe(Err.NOT_PERMITTED);
  });

  it("offers emergency credit only once the credit is gone, not while it is low but positive", () => {
    prepayTopUp(1000, T0); // 1.000: below the low level of 2.000
    expect(prepayEmergencyAvailable()).toBe(false);
    expect(prepayTakeEmergency(T0)).toBe(Err.NOT_PERMITTED);
    prepayDebit(4000, 1); // 4 kWh at 0.250: exactly gone
    expect(prepayEmergencyAvailable()).toBe(true);
    expect(prepayTakeEmergency(T0)).toBe(Err.OK);
  });

  it("keeps the supply on at zero credit in the friendly hours (nights 22-24 and 0-6, weekends) and disconnects after", () => {
    expect(prepaySetFriendly(0, 0x7f, 22, 24)).toBe(Err.OK);
    expect(prepaySetFriendly(1, 0x7f, 0, 6)).toBe(Err.OK);
    expect(prepaySetFriendly(2, 0x60, 0, 24)).toBe(Err.OK); // Saturday and Sunday
    expect(prepayInFriendlyHours(MONDAY, 5)).toBe(true);
    expect(prepayInFriendlyHours(MONDAY, 6)).toBe(false);
    expect(prepayInFriendlyHours(SATURDAY, 12)).toBe(true);
    prepayTopUp(100, T0);
    prepayDebit(1000, 1); // -0.150
    second(0, MONDAY, 23);
    expect(controlState()).toBe(ControlState.CONNECTED);
    expect(breakerEventFind(BreakerEvent.FRIENDLY_HOLD)).toBeGreaterThan(0);
    second(1, MONDAY, 5);
    expect(controlState()).toBe(ControlState.CONNECTED);
    second(2, SATURDAY, 14);
    expect(controlState()).toBe(ControlState.CONNECTED);
    second(3, MONDAY, 6);
    expect(controlState()).toBe(ControlState.READY_FOR_RECONNECTION);
    // Once off, the night does not reconnect it.
    second(4, MONDAY, 23);
    expect(controlState()).toBe(ControlState.READY_FOR_RECONNECTION);
    expect(prepayHolding()).toBe(true);
  });

  it("refuses top-ups of -1 and 0, over 10^12, and one that would pass the credit ceiling", () => {
    expect(prepayTopUp(-1, T0)).toBe(Err.INVALID_ARGUMENT);
    expect(prepayTopUp(0, T0)).toBe(Err.INVALID_ARGUMENT);
    expect(prepayTopUp(MAX_CREDIT + 1, T0)).toBe(Err.OUT_OF_RANGE);
    expect(prepayTopUp(MAX_CREDIT, T0)).toBe(Err.OK);
    expect(prepayTopUp(1, T0)).toBe(Err.OUT_OF_RANGE);
    expect(prepayCredit()).toBe(MAX_CREDIT);
    expect(prepayTopUp(i64.MAX_VALUE, T0)).toBe(Err.OUT_OF_RANGE);
  });

  it("refuses debits of -1 Wh, 1000001 Wh and tariff 5, prices -1 and 1000001, tariff 0 price, friendly 6-6 and 23-25", () => {
    expect(prepayDebit(-1, 1)).toBe(Err.INVALID_ARGUMENT);
    expect(prepayDebit(1000001, 1)).toBe(Err.OUT_OF_RANGE);
    expect(prepayDebit(1, 5)).toBe(Err.OUT_OF_RANGE);
    expect(prepaySetPrice(1, -1)).toBe(Err.OUT_OF_RANGE);
    expect(prepaySetPrice(1, 1000001)).toBe(Err.OUT_OF_RANGE);
    expect(prepaySetPrice(0, 100)).toBe(Err.OUT_OF_RANGE);
    expect(prepaySetFriendly(0, 0x7f, 6, 6)).toBe(Err.OUT_OF_RANGE);
    expect(prepaySetFriendly(0, 0x7f, 23, 25)).toBe(Err.OUT_OF_RANGE);
    expect(prepaySetFriendly(4, 0x7f, 0, 6)).toBe(Err.OUT_OF_RANGE);
    expect(prepaySetFriendly(0, 0x80, 0, 6)).toBe(Err.OUT_OF_RANGE);
    expect(prepayConfigure(true, 2, 0, 0)).toBe(Err.UNSUPPORTED);
    expect(prepayConfigure(true, CreditUnit.CURRENCY_MILLI, -1, 0)).toBe(Err.OUT_OF_RANGE);
  });

  it("keeps credit, emergency flag, prices and friendly hours through serialize/deserialize", () => {
    prepayTopUp(1000, T0);
    prepayDebit(4000, 1);
    prepayTakeEmergency(T0);
    prepaySetFriendly(3, 0x1f, 1, 5);
    breakerSerialize(BLOCK);
    breakerInit(1, 1, T0);
    expect(prepayCredit()).toBe(0);
    expect(breakerDeserialize(BLOCK)).toBe(Err.OK);
    expect(prepayCredit()).toBe(5000);
    expect(prepayEmergencyInUse()).toBe(true);
    expect(prepayInFriendlyHours(MONDAY, 3)).toBe(true);
    prepayDebit(4, 2);
    expect(prepayCredit()).toBe(4999); // 4 x 0.125 at tariff 2's restored price
  });

  it("refuses a block with an unknown version, a bad control state or a negative price, keeping the state", () => {
    prepayTopUp(777, T0);
    breakerSerialize(BLOCK);
    store<u8>(BLOCK, 9);
    expect(breakerDeserialize(BLOCK)).toBe(Err.UNSUPPORTED);
    store<u8>(BLOCK, 1);
    store<u8>(BLOCK, 3, 2);
    expect(breakerDeserialize(BLOCK)).toBe(Err.OUT_OF_RANGE);
    store<u8>(BLOCK, 1, 2);
    store<i32>(BLOCK, -1, 32);
    expect(breakerDeserialize(BLOCK)).toBe(Err.OUT_OF_RANGE);
    expect(prepayCredit()).toBe(777);
  });

  it("sets the balance to a value (set_amount_to_value): emergency credit settled, +-10^12 bounds, refused with prepayment off", () => {
    expect(prepayTakeEmergency(T0)).toBe(Err.OK);
    expect(prepayCredit()).toBe(5000);
    expect(prepaySetCredit(1234, T0)).toBe(Err.OK);
    expect(prepayCredit()).toBe(1234);
    expect(prepayEmergencyInUse()).toBe(false);
    expect(prepaySetCredit(-20, T0)).toBe(Err.OK);
    expect(prepayCredit()).toBe(-20);
    expect(prepaySetCredit(MAX_CREDIT + 1, T0)).toBe(Err.OUT_OF_RANGE);
    expect(prepayCredit()).toBe(-20);
    expect(configure(false, CreditUnit.CURRENCY_MILLI, 2000, 5000)).toBe(Err.OK);
    expect(prepaySetCredit(50, T0)).toBe(Err.NOT_READY);
    expect(prepayCredit()).toBe(-20);
  });
});
