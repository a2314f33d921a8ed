// What a module port input's edge does once the port has decoded it: a pulse counted, a debiting stop, or an event.
import { rtcReadUtcS } from "../hal/rtc";
import { PortAction } from "./port";
import { registersPulseInput } from "../registers/driver";
import { eventLog, EventCode } from "../events/log";
import { meterBillingStop } from "../meter";

const INPUT_STOP_LOCKOUT_S: i64 = 60;
let lastInputStopUtcS: i64 = -1;

// What a module port input's edge does (docs/CONFIG.md "Z3").
export function portInputAction(action: PortAction, line: i32): void {
  if (action == PortAction.NONE) return;
  const utcS = rtcReadUtcS();
  if (action == PortAction.PULSE) {
    registersPulseInput();
  } else if (action == PortAction.DEBIT_STOP) {
    // A master clock's stop pulse, debounced: activations within 60 s of the last stop taken are that stop
    // (a bouncing contact or a burst of pulses must not close a billing period with each edge).
    if (lastInputStopUtcS < 0 || utcS < lastInputStopUtcS || utcS - lastInputStopUtcS >= INPUT_STOP_LOCKOUT_S) {
      lastInputStopUtcS = utcS;
      meterBillingStop();
    }
  } else {
    // ALARM_ON .. EARTH_FAULT_OFF map in order onto the port's event codes.
    eventLog(utcS, <EventCode>(<i32>EventCode.ALARM_INPUT_ON + <i32>action - <i32>PortAction.ALARM_ON), line, 0, 0);
  }
}
