// RTC shim: UTC seconds that advance with meter time; the firmware and the tests may set it.
import { Err } from "../abi.js";
import type { MeterClock, RtcDevice } from "../devices.js";

// 2000-01-01 .. 2099-12-31: the range a meter's calendar accepts.
export const RTC_MIN_UTC_S = 946684800n;
export const RTC_MAX_UTC_S = 4102444799n;

export class RtcShim implements RtcDevice {
  private baseUtcMs: number; // UTC at meter time 0, ms
  readonly sets: Array<{ tMs: number; utcS: bigint }> = [];

  constructor(private readonly clock: MeterClock, startUtcS: bigint = 1767225600n /* 2026-01-01T00:00:00Z */) {
    this.baseUtcMs = Number(startUtcS) * 1000;
  }

  readUtcS(): bigint {
    return BigInt(Math.floor((this.baseUtcMs + this.clock.nowMs) / 1000));
  }

  // Control API: the RTC jumps ahead by `seconds` without the firmware writing it (a test's fast-forward of periods).
  skipAhead(seconds: number): void {
    this.baseUtcMs += seconds * 1000;
  }

  setUtcS(utcS: bigint): Err {
    if (utcS < RTC_MIN_UTC_S || utcS > RTC_MAX_UTC_S) return Err.OUT_OF_RANGE;
    this.baseUtcMs = Number(utcS) * 1000 - this.clock.nowMs;
    this.sets.push({ tMs: this.clock.nowMs, utcS });
    return Err.OK;
  }
}
