// Class 70 disconnect control: every control_mode x trigger x control_state against the standard's table.
import { Err } from "../errors";
import {
  ControlState, ControlMode, Trigger, NO_TRANSITION, CONTROL_MODE_COUNT, TRIGGER_COUNT, STATE_COUNT,
  controlNextState, controlTrigger, controlRestore, controlSetMode, controlState, controlMode,
} from "./control";
import { BreakerEvent, Cause, breakerEventsClear, breakerEventAt, eventCode, eventCause, eventFrom, eventTo, breakerEventCount } from "./eventlog";

const X: i8 = -1;
// Written out by hand from the mode list of IEC 62056-6-2 class 70 (a: 0->1 and d: 0->2 remote_reconnect,
// b: 1->0 and c: 2->0 remote_disconnect, e: 2->1 manual_reconnect, f: 1->2 manual_disconnect,
// g: 1->2 local_disconnect, h: 2->1 local_reconnect), plus accepted repeats into the state already held.
// Rows: triggers remote_disconnect, remote_reconnect, manual_disconnect, manual_reconnect,
// local_disconnect, local_reconnect; columns: from disconnected, connected, ready_for_reconnection.
const EXPECTED: StaticArray<i8> = [
  // mode 0: always connected
  X, X, X,  X, X, X,  X, X, X,  X, X, X,  X, X, X,  X, X, X,
  // mode 1: b c f g / d e
  0, 0, 0,  2, 1, 2,  0, 2, 2,  X, 1, 1,  0, 2, 2,  X, X, X,
  // mode 2: b c f g / a e
  0, 0, 0,  1, 1, X,  0, 2, 2,  X, 1, 1,  0, 2, 2,  X, X, X,
  // mode 3: b c g / d e
  0, 0, 0,  2, 1, 2,  X, X, X,  X, 1, 1,  0, 2, 2,  X, X, X,
  // mode 4: b c g / a e
  0, 0, 0,  1, 1, X,  X, X, X,  X, 1, 1,  0, 2, 2,  X, X, X,
  // mode 5: b c f g / d e h
  0, 0, 0,  2, 1, 2,  0, 2, 2,  X, 1, 1,  0, 2, 2,  X, 1, 1,
  // mode 6: b c g / d e h
  0, 0, 0,  2, 1, 2,  X, X, X,  X, 1, 1,  0, 2, 2,  X, 1, 1,
];

describe("class 70 transition table", () => {
  it("matches the standard for all 7 modes x 6 triggers x 3 states (126 cells)", () => {
    expect(EXPECTED.length).toBe(CONTROL_MODE_COUNT * TRIGGER_COUNT * STATE_COUNT);
    let cells = 0;
    for (let m = 0; m < CONTROL_MODE_COUNT; m++) {
      for (let t = 0; t < TRIGGER_COUNT; t++) {
        for (let s = 0; s < STATE_COUNT; s++) {
          const want = <i32>EXPECTED[(m * TRIGGER_COUNT + t) * STATE_COUNT + s];
          const got = controlNextState(m, s, t);
          if (got != want) trace("cell mode/trigger/state", 4, <f64>m, <f64>t, <f64>s, <f64>got);
          expect(got).toBe(want);
          cells++;
        }
      }
    }
    expect(cells).toBe(126);
  });

  it("applies every cell through controlTrigger: OK and the new state, or NOT_PERMITTED and no change", () => {
    for (let m = 0; m < CONTROL_MODE_COUNT; m++) {
      for (let t = 0; t < TRIGGER_COUNT; t++) {
        for (let s = 0; s < STATE_COUNT; s++) {
          if (m == 0 && s != ControlState.CONNECTED) continue; // mode 0 holds only "connected"
          expect(controlRestore(s, m)).toBe(Err.OK);
          const want = <i32>EXPECTED[(m * TRIGGER_COUNT + t) * STATE_COUNT + s];
          const status = controlTrigger(t, 1000, Cause.REMOTE);
          expect(status).toBe(want == NO_TRANSITION ? Err.NOT_PERMITTED : Err.OK);
          expect(<i32>controlState()).toBe(want == NO_TRANSITION ? s : want);
        }
      }
    }
  });

  it("sends remote_reconnect to ready_for_reconnection in modes 1, 3, 5, 6 and to connected in modes 2, 4", () => {
    for (let m = 1; m <= 6; m++) {
      controlRestore(ControlState.DISCONNECTED, m);
      expect(controlTrigger(Trigger.REMOTE_RECONNECT, 0, Cause.REMOTE)).toBe(Err.OK);
      const direct = m == 2 || m == 4;
      expect(controlState()).toBe(direct ? ControlState.CONNECTED : ControlState.READY_FOR_RECONNECTION);
    }
  });

  it("refuses the button's reconnect without a remote release in every mode 1..6", () => {
    for (let m = 1; m <= 6; m++) {
      controlRestore(ControlState.DISCONNECTED, m);
      expect(controlTrigger(Trigger.MANUAL_RECONNECT, 0, Cause.BUTTON)).toBe(Err.NOT_PERMITTED);
      expect(controlState()).toBe(ControlState.DISCONNECTED);
    }
  });

  it("refuses the button's disconnect in modes 3, 4 and 6 and every trigger in mode 0", () => {
    for (let m = 3; m <= 6; m++) {
      if (m == 5) continue;
      controlRestore(ControlState.CONNECTED, m);
      expect(controlTrigger(Trigger.MANUAL_DISCONNECT, 0, Cause.BUTTON)).toBe(Err.NOT_PERMITTED);
    }
    controlRestore(ControlState.CONNECTED, 0);
    for (let t = 0; t < TRIGGER_COUNT; t++) expect(controlTrigger(t, 0, Cause.REMOTE)).toBe(Err.NOT_PERMITTED);
    expect(controlState()).toBe(ControlState.CONNECTED);
  });

  it("refuses trigger 6, trigger -1, mode 7 and state 3", () => {
    controlRestore(ControlState.CONNECTED, 1);
    expect(controlTrigger(6, 0, Cause.REMOTE)).toBe(Err.INVALID_ARGUMENT);
    expect(controlTrigger(-1, 0, Cause.REMOTE)).toBe(Err.INVALID_ARGUMENT);
    expect(controlSetMode(7, 0)).toBe(Err.OUT_OF_RANGE);
    expect(controlSetMode(-1, 0)).toBe(Err.OUT_OF_RANGE);
    expect(controlRestore(3, 1)).toBe(Err.OUT_OF_RANGE);
    expect(controlRestore(ControlState.DISCONNECTED, 0)).toBe(Err.INVALID_ARGUMENT);
    expect(controlNextState(7, 0, 0)).toBe(NO_TRANSITION);
    expect(controlMode()).toBe(ControlMode.MODE_1);
  });

  it("connects when the mode is set to 0 (always connected), logging the mode change and the closing", () => {
    breakerEventsClear();
    controlRestore(ControlState.DISCONNECTED, 2);
    expect(controlSetMode(0, 5000)).toBe(Err.OK);
    expect(controlState()).toBe(ControlState.CONNECTED);
    expect(breakerEventCount()).toBe(2);
    expect(eventCode(breakerEventAt(1))).toBe(BreakerEvent.MODE_CHANGED);
    expect(eventCode(breakerEventAt(0))).toBe(BreakerEvent.CLOSED);
  });

  it("logs each transition with cause, from and to: b then d then e", () => {
    breakerEventsClear();
    controlRestore(ControlState.CONNECTED, 1);
    controlTrigger(Trigger.REMOTE_DISCONNECT, 1000, Cause.REMOTE);
    controlTrigger(Trigger.REMOTE_RECONNECT, 2000, Cause.REMOTE);
    controlTrigger(Trigger.MANUAL_RECONNECT, 3000, Cause.BUTTON);
    expect(breakerEventCount()).toBe(3);
    let e = breakerEventAt(2);
    expect(eventCode(e)).toBe(BreakerEvent.OPENED);
    expect(eventFrom(e)).toBe(1);
    expect(eventTo(e)).toBe(0);
    e = breakerEventAt(1);
    expect(eventCode(e)).toBe(BreakerEvent.READY);
    e = breakerEventAt(0);
    expect(eventCode(e)).toBe(BreakerEvent.CLOSED);
    expect(eventCause(e)).toBe(Cause.BUTTON);
  });
});
