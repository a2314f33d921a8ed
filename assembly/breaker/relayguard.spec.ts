// Relay protection: deferred opening above the breaking current, minimum switching interval, read-back fault, restore after a power cut.
import { Err } from "../errors";
import { ControlState, controlState } from "./control";
import { RelayCommand, relayConfigure, relayFaulted, relayDeferred, relayOutputState, MAX_DRIVE_ATTEMPTS } from "./relayguard";
import { breakerInit, breakerStep, breakerRestore, breakerRemoteDisconnect, breakerRemoteReconnect, breakerButtonReconnect,
  breakerButtonDisconnect, breakerSymbols, SYMBOL_BREAKER_FAULT } from "./breaker";
import { BreakerEvent, breakerEventFind, eventValue, eventCode, breakerEventAt } from "./eventlog";
import { breakerSerialize, breakerDeserialize, BREAKER_STATE_BYTES } from "./persist";

const BLOCK: usize = memory.data(128);

// A relay that follows every drive at once, as the hardware does when healthy.
let relayClosed: bool = true;
function step(nowMs: i64, currentMa: i32): RelayCommand {
  const cmd = breakerStep(nowMs, currentMa, relayClosed);
  if (cmd == RelayCommand.OPEN) relayClosed = false;
  if (cmd == RelayCommand.CLOSE) relayClosed = true;
  return cmd;
}

describe("relay protection", () => {
  beforeEach(() => {
    breakerInit(1, 1, 0);
    relayConfigure(120000, 2000, 500, 5000);
    relayClosed = true;
  });

  it("defers opening at 150 A (breaking current 120 A), retries every 5 s, opens when the current falls to 80 A", () => {
    expect(breakerRemoteDisconnect(1000)).toBe(Err.OK);
    expect(controlState()).toBe(ControlState.DISCONNECTED);
    expect(step(1000, 150000)).toBe(RelayCommand.NONE);
    expect(relayDeferred()).toBe(true);
    expect(eventValue(breakerEventFind(BreakerEvent.DEFERRED))).toBe(150000);
    // The current drops at once, but the next check is due 5 s after the deferral.
    expect(step(3000, 80000)).toBe(RelayCommand.NONE);
    expect(step(5999, 80000)).toBe(RelayCommand.NONE);
    expect(step(6000, 150000)).toBe(RelayCommand.NONE); // still too high at the retry
    expect(step(11000, 80000)).toBe(RelayCommand.OPEN);
    expect(relayDeferred()).toBe(false);
    expect(step(11010, 0)).toBe(RelayCommand.NONE);
    expect(relayOutputState()).toBe(false);
    expect(eventCode(breakerEventAt(0))).toBe(BreakerEvent.RELAY_FOLLOWED);
  });

  it("opens at exactly 120 A (the rated breaking current) without deferring", () => {
    breakerRemoteDisconnect(0);
    expect(step(0, 120000)).toBe(RelayCommand.OPEN);
  });

  it("does not open while the current is not measured yet (-1) after power-up", () => {
    breakerRemoteDisconnect(0);
    expect(step(0, -1)).toBe(RelayCommand.NONE);
    expect(step(5000, 2000)).toBe(RelayCommand.OPEN);
  });

  it("never switches faster than 2 s apart: disconnect, release, button at 0, 0.5 and 1 s closes at 2 s", () => {
    expect(breakerRemoteDisconnect(0)).toBe(Err.OK);
    expect(step(0, 1000)).toBe(RelayCommand.OPEN);
    expect(breakerRemoteReconnect(500)).toBe(Err.OK);
    expect(breakerButtonReconnect(1000)).toBe(Err.OK);
    expect(controlState()).toBe(ControlState.CONNECTED);
    expect(step(1000, 0)).toBe(RelayCommand.NONE);
    expect(step(1999, 0)).toBe(RelayCommand.NONE);
    expect(step(2000, 0)).toBe(RelayCommand.CLOSE);
    // And a disconnect right after closing waits again.
    expect(breakerButtonDisconnect(2100)).toBe(Err.OK);
    expect(step(2100, 1000)).toBe(RelayCommand.NONE);
    expect(step(4000, 1000)).toBe(RelayCommand.OPEN);
  });

  it("reports a breaker fault when the relay does not follow within 500 ms, after 3 attempts", () => {
    breakerRemoteDisconnect(0);
    let drives = 0;
    for (let t: i64 = 0; t < 20000; t += 10) {
      // A welded contact: the position stays closed whatever the coil does.
      if (breakerStep(t, 1000, true) == RelayCommand.OPEN) drives++;
    }
    expect(drives).toBe(MAX_DRIVE_ATTEMPTS);
    expect(relayFaulted()).toBe(true);
    const fault = breakerEventFind(BreakerEvent.FAULT);
    expect(fault).toBeGreaterThan(0);
    expect(eventValue(fault)).toBe(3);
    expect(breakerSymbols() & SYMBOL_BREAKER_FAULT).toBe(SYMBOL_BREAKER_FAULT);
  });

  it("tries again after a fault when a new command changes the wanted position", () => {
    breakerRemoteDisconnect(0);
    for (let t: i64 = 0; t < 20000; t += 10) breakerStep(t, 1000, true);
    expect(relayFaulted()).toBe(true);
    // The relay is in fact open now (say, it moved late); a reconnect wants it closed: drive again.
    breakerRemoteReconnect(21000);
    breakerButtonReconnect(21000);
    expect(breakerStep(21000, 0, false)).toBe(RelayCommand.CLOSE);
    expect(relayFaulted()).toBe(false);
  });

  it("refuses a configuration with breaking current 0.5 A, 301 A, follow time 0 or retry 50 ms", () => {
    expect(relayConfigure(500, 2000, 500, 5000)).toBe(Err.OUT_OF_RANGE);
    expect(relayConfigure(301000, 2000, 500, 5000)).toBe(Err.OUT_OF_RANGE);
    expect(relayConfigure(120000, -1, 500, 5000)).toBe(Err.OUT_OF_RANGE);
    expect(relayConfigure(120000, 2000, 0, 5000)).toBe(Err.OUT_OF_RANGE);
    expect(relayConfigure(120000, 2000, 500, 50)).toBe(Err.OUT_OF_RANGE);
  });
});

// Serializes the current state, "cuts power" (breakerInit to a different state), restores.
function powerCycle(relayNow: bool, nowMs: i64, currentMa: i32): RelayCommand {
  breakerSerialize(BLOCK);
  breakerInit(1, 6, 0);
  expect(breakerDeserialize(BLOCK)).toBe(Err.OK);
  return breakerRestore(nowMs, relayNow, currentMa);
}

describe("restore after a power cut (bistable relay)", () => {
  beforeEach(() => {
    breakerInit(1, 1, 0);
    relayClosed = true;
  });

  it("uses a 104-byte block", () => {
    expect(BREAKER_STATE_BYTES).toBe(104);
  });

  it("resumes connected with the relay closed without driving it", () => {
    expect(powerCycle(true, 100000, 0)).toBe(RelayCommand.NONE);
    expect(controlState()).toBe(ControlState.CONNECTED);
    expect(eventValue(breakerEventFind(BreakerEvent.RESTORED))).toBe(0);
  });

  it("resumes disconnected with the relay open without driving it", () => {
    breakerRemoteDisconnect(0);
    step(0, 0);
    expect(powerCycle(false, 100000, 0)).toBe(RelayCommand.NONE);
    expect(controlState()).toBe(ControlState.DISCONNECTED);
  });

  it("resumes ready_for_reconnection with the relay open without driving it, and the button still reconnects", () => {
    breakerRemoteDisconnect(0);
    step(0, 0);
    breakerRemoteReconnect(10);
    expect(powerCycle(false, 100000, 0)).toBe(RelayCommand.NONE);
    expect(controlState()).toBe(ControlState.READY_FOR_RECONNECTION);
    expect(breakerButtonReconnect(100000)).toBe(Err.OK);
    expect(breakerStep(100000, 0, false)).toBe(RelayCommand.CLOSE);
  });

  it("opens a relay found closed when the state is disconnected (cut between command and drive)", () => {
    breakerRemoteDisconnect(0);
    expect(powerCycle(true, 100000, 0)).toBe(RelayCommand.OPEN);
    expect(eventValue(breakerEventFind(BreakerEvent.RESTORED))).toBe(1);
  });

  it("closes a relay found open when the state is connected", () => {
    expect(powerCycle(false, 100000, 0)).toBe(RelayCommand.CLOSE);
  });

  it("keeps the control mode through the cut (mode 1, not the 6 of the fresh init)", () => {
    powerCycle(true, 0, 0);
    expect(breakerButtonDisconnect(10)).toBe(Err.OK); // allowed in mode 1, refused in mode 6
  });
});
