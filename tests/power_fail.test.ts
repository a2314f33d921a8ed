// The supply's early warning: the meter stores the time, so the power-up event counts the time it was really off.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Simulator } from "../host/sim.js";
import { NorFlash } from "../host/shims/nvm.js";
import { EventCode, InputKind } from "../host/abi.js";

const START_UTC_S = 1767225600n; // 2026-01-01T00:00:00Z

function secondsOffAfter(warning: boolean): number {
  const flash = new NorFlash();
  const first = new Simulator({ nvm: flash, startUtcS: START_UTC_S, waveform: { irms: 5 } });
  first.boot();
  first.run(600);
  if (warning) assert.equal(first.meter.inputEvent(InputKind.POWER_FAIL, 1), 0);
  // Off for 30 s: the next power-up's RTC reads 630 s after the first one's start.
  const second = new Simulator({ nvm: flash, startUtcS: START_UTC_S + 630n, waveform: { irms: 5 } });
  second.boot();
  const e = second.meter.events().reverse().find((x) => x.code === EventCode.POWER_UP);
  assert.ok(e);
  return e.a;
}

test("with the power-fail warning the power-up event says 30 s off for a 30 s cut", () => {
  assert.equal(secondsOffAfter(true), 30);
});

test("without it the meter counts from its last periodic save: at least the 30 s, never less", () => {
  const off = secondsOffAfter(false);
  assert.ok(off >= 30 && off <= 630, `${off} s`);
});
