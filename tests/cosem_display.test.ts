// Display lists, last event codes and the tamper latch over DLMS/COSEM (management association).
import { test } from "node:test";
import assert from "node:assert/strict";
import { Simulator } from "../host/sim.js";
import { EventCode, EventLog, InputKind } from "../host/abi.js";
import { utc } from "./helpers.js";
import { exchange } from "./dlmsframes.js";
import { associate, get, set, MANAGEMENT, PUBLIC, getResult } from "./cosemclient.js";

const AUTO = [0, 128, 96, 1, 0, 255];
const MANUAL = [0, 128, 96, 1, 1, 255];
const BATTERY = [0, 128, 96, 1, 2, 255];
const TAMPER = [0, 0, 96, 128, 10, 255];

function meter(): Simulator {
  const sim = new Simulator({ startUtcS: utc(2026, 1, 1, 12), waveform: { vrms: 230, irms: 5 } });
  sim.boot();
  sim.run(1);
  associate(sim, MANAGEMENT);
  return sim;
}

test("the automatic display list is written as reading ids and shows in the display's list; the manual list keeps A+ (legal)", () => {
  const sim = meter();
  assert.deepEqual(get(sim, MANAGEMENT, 1, AUTO, 2), [0, 1, 35, 36], "factory: A+, A-, date, time");
  assert.equal(set(sim, MANAGEMENT, 1, AUTO, 2, [0x09, 3, 0, 30, 31]), 0, "A+, voltage, current");
  assert.deepEqual(sim.meter.displayList(0), [0, 30, 31]);
  assert.deepEqual(get(sim, MANAGEMENT, 1, AUTO, 2), [0, 30, 31]);
  const changed = sim.meter.eventLog(EventLog.STANDARD).filter((e) => e.code === EventCode.DISPLAY_LIST_CHANGED);
  assert.deepEqual(changed.map((e) => [e.cause, e.a, Number(e.b)]), [[1, 0, 3]]);
  const manual = sim.meter.displayList(1);
  assert.equal(set(sim, MANAGEMENT, 1, MANUAL, 2, [0x09, 2, 30, 31]), 250, "without A+, a legal reading");
  assert.equal(set(sim, MANAGEMENT, 1, AUTO, 2, [0x09, 17, ...new Array(17).fill(0)]), 250, "17 entries: the automatic list holds 16");
  assert.equal(set(sim, MANAGEMENT, 1, AUTO, 2, [0x11, 3]), 12, "not an octet-string");
  assert.deepEqual(sim.meter.displayList(1), manual, "manual list unchanged");
});

test("the display list objects take the catalogue's readings (ids 43..89): a full manual list of 30, billing values on battery, no Q+ on battery", () => {
  const sim = meter();
  const manual = [0, ...Array.from({ length: 29 }, (_, k) => 61 + k)]; // A+, then ids 61..89
  assert.equal(set(sim, MANAGEMENT, 1, MANUAL, 2, [0x09, 30, ...manual]), 0);
  assert.deepEqual(get(sim, MANAGEMENT, 1, MANUAL, 2), manual);
  const battery = [0, 48, 58, 70, 74, 76, 84, 87]; // hours, peaks, accumulated peak, last billing period
  assert.equal(set(sim, MANAGEMENT, 1, BATTERY, 2, [0x09, battery.length, ...battery]), 0);
  assert.deepEqual(sim.meter.displayList(2), battery);
  assert.equal(set(sim, MANAGEMENT, 1, BATTERY, 2, [0x09, 2, 0, 43]), 250, "Q+ needs mains: refused");
  assert.equal(set(sim, MANAGEMENT, 1, AUTO, 2, [0x09, 2, 0, 90]), 250, "90 is no reading");
  assert.deepEqual(sim.meter.displayList(2), battery, "battery list unchanged");
  assert.deepEqual(sim.meter.displayList(0), [0, 1, 35, 36], "automatic list unchanged");
});

test("last event code per log, and the tamper latch cleared by its reset method, logged with the client", () => {
  const sim = meter();
  assert.equal(sim.meter.inputEvent(InputKind.COVER, 1), 0);
  sim.run(1);
  assert.equal(sim.meter.inputEvent(InputKind.COVER, 0), 0);
  sim.run(1);
  assert.equal(get(sim, MANAGEMENT, 1, [0, 0, 96, 11, 1, 255], 2), EventCode.COVER_CLOSED, "fraud log: cover closed last");
  assert.equal(get(sim, MANAGEMENT, 1, [0, 0, 96, 11, 0, 255], 2), EventCode.POWER_UP, "standard log: the power-up");
  assert.equal(get(sim, MANAGEMENT, 1, [0, 0, 96, 11, 4, 255], 2), 0, "firmware log empty");
  assert.equal(get(sim, MANAGEMENT, 3, TAMPER, 2), 1, "cover latched");
  assert.equal(sim.meter.tamperLatched(), 1);
  const reply = exchange(sim, [0xc3, 0x01, 0xc1, 0, 3, ...TAMPER, 1, 1, 0x0f, 0], MANAGEMENT)!;
  assert.deepEqual(reply.slice(0, 4), [0xc7, 0x01, 0xc1, 0]);
  assert.equal(sim.meter.tamperLatched(), 0);
  assert.equal(get(sim, MANAGEMENT, 1, [0, 0, 96, 11, 0, 255], 2), EventCode.TAMPER_CLEARED);
  const cleared = sim.meter.eventLog(EventLog.STANDARD).filter((e) => e.code === EventCode.TAMPER_CLEARED);
  assert.deepEqual(cleared.map((e) => [e.cause, e.a]), [[1, 1]]);
  associate(sim, PUBLIC);
  assert.equal(getResult(sim, PUBLIC, 3, TAMPER, 2), 4, "not in the public list");
});
