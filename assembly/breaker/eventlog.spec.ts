// Breaker event ring: 32 entries of 16 bytes, newest first, wrap-around, refusals, and a meter without breaker.
import { Err } from "../errors";
import {
  BreakerEvent, Cause, BREAKER_EVENT_BYTES, BREAKER_EVENT_CAPACITY, breakerEventsClear, breakerEventLog, breakerEventCount,
  breakerEventTotal, breakerEventAt, breakerEventRead, eventTimeMs, eventCode, eventCause, eventFrom, eventTo, eventValue,
} from "./eventlog";
import { breakerInit, breakerRemoteDisconnect, breakerRemoteReconnect, breakerButtonReconnect, breakerStep, breakerDisplayState,
  BreakerDisplay, breakerSetMode } from "./breaker";
import { RelayCommand } from "./relayguard";

const COPY: usize = memory.data(16);

describe("breaker event ring", () => {
  beforeEach(() => {
    breakerEventsClear();
  });

  it("reads back time, code, cause, from, to and value of an entry, newest at index 0", () => {
    breakerEventLog(1000, BreakerEvent.OPENED, Cause.REMOTE, 1, 0, 0);
    breakerEventLog(2000, BreakerEvent.DEFERRED, Cause.RELAY, 0, 0, 150000);
    expect(breakerEventCount()).toBe(2);
    const newest = breakerEventAt(0);
    expect(eventTimeMs(newest)).toBe(2000);
    expect(eventCode(newest)).toBe(BreakerEvent.DEFERRED);
    expect(eventCause(newest)).toBe(Cause.RELAY);
    expect(eventValue(newest)).toBe(150000);
    const older = breakerEventAt(1);
    expect(eventCode(older)).toBe(BreakerEvent.OPENED);
    expect(eventFrom(older)).toBe(1);
    expect(eventTo(older)).toBe(0);
    expect(breakerEventRead(1, COPY)).toBe(Err.OK);
    expect(load<i64>(COPY)).toBe(1000);
  });

  it("keeps the newest 32 of 40 events, oldest overwritten", () => {
    for (let k = 0; k < 40; k++) breakerEventLog(<i64>k, BreakerEvent.CLOSED, Cause.BUTTON, 0, 1, k);
    expect(breakerEventCount()).toBe(BREAKER_EVENT_CAPACITY);
    expect(breakerEventTotal()).toBe(40);
    expect(eventValue(breakerEventAt(0))).toBe(39);
    expect(eventValue(breakerEventAt(31))).toBe(8);
    expect(BREAKER_EVENT_BYTES * BREAKER_EVENT_CAPACITY).toBe(512);
  });

  it("refuses indexes -1 and 32 (and 1 with one entry) without touching the copy", () => {
    breakerEventLog(5, BreakerEvent.READY, Cause.REMOTE, 0, 2, 0);
    store<i64>(COPY, 77);
    expect(breakerEventRead(-1, COPY)).toBe(Err.OUT_OF_RANGE);
    expect(breakerEventRead(1, COPY)).toBe(Err.OUT_OF_RANGE);
    expect(breakerEventRead(32, COPY)).toBe(Err.OUT_OF_RANGE);
    expect(breakerEventAt(32)).toBe(0);
    expect(load<i64>(COPY)).toBe(77);
  });

  it("records a refused command with its trigger and Err code (button reconnect without release: 4)", () => {
    breakerInit(1, 1, 0);
    breakerRemoteDisconnect(100);
    expect(breakerButtonReconnect(200)).toBe(Err.NOT_PERMITTED);
    const e = breakerEventAt(0);
    expect(eventCode(e)).toBe(BreakerEvent.COMMAND_REFUSED);
    expect(eventFrom(e)).toBe(3); // manual_reconnect
    expect(eventValue(e)).toBe(Err.NOT_PERMITTED);
  });
});

describe("meter without breaker (Z19 = 0)", () => {
  it("refuses every command with UNSUPPORTED, never drives a relay and shows no breaker symbol", () => {
    expect(breakerInit(0, 1, 0)).toBe(Err.OK);
    expect(breakerRemoteDisconnect(0)).toBe(Err.UNSUPPORTED);
    expect(breakerRemoteReconnect(0)).toBe(Err.UNSUPPORTED);
    expect(breakerButtonReconnect(0)).toBe(Err.UNSUPPORTED);
    expect(breakerSetMode(2, 0)).toBe(Err.UNSUPPORTED);
    expect(breakerStep(0, 0, false)).toBe(RelayCommand.NONE);
    expect(breakerDisplayState()).toBe(BreakerDisplay.NONE);
  });

  it("refuses Z19 = 3, mode 7, and delivery disconnected in mode 0", () => {
    expect(breakerInit(3, 1, 0)).toBe(Err.OUT_OF_RANGE);
    expect(breakerInit(1, 7, 0)).toBe(Err.OUT_OF_RANGE);
    expect(breakerInit(2, 0, 0)).toBe(Err.INVALID_ARGUMENT);
  });

  it("delivered disconnected (Z19 = 2) in mode 2: shows disconnected and opens on the first step", () => {
    expect(breakerInit(2, 2, 0)).toBe(Err.OK);
    expect(breakerDisplayState()).toBe(BreakerDisplay.DISCONNECTED);
    expect(breakerStep(0, 0, true)).toBe(RelayCommand.OPEN);
  });
});
