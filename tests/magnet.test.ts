// Magnetic tamper at its boundary, like the cover: any edge counts, time-stamped events 7/8, latch, LCD bit, alarm bit 2, DLMS reset.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Simulator } from "../host/sim.js";
import { ConfigId, Err, EventCode, EventLog, InputKind } from "../host/abi.js";
import { NorFlash } from "../host/shims/nvm.js";
import { associate, get, obis, MANAGEMENT, PUBLIC } from "./cosemclient.js";
import { exchange } from "./dlmsframes.js";
import { utc } from "./helpers.js";

const TAMPER = obis("0.0.96.128.10.255");
const FRAUD_LAST = obis("0.0.96.11.1.255");
const ALARM_REGISTER = obis("0.0.97.98.0.255");
const ERROR_REGISTER = obis("0.0.97.97.0.255");
const START = utc(2026, 6, 1, 10);
// docs/LCD.md segment map: byte 13 bit 3 the tamper symbol, byte 13 bit 0 the error symbol.
const tamperSegment = (sim: Simulator): boolean => (sim.lcd.bitmap[13] & 0x08) !== 0;
const errorSegment = (sim: Simulator): boolean => (sim.lcd.bitmap[13] & 0x01) !== 0;
const magnetEvents = (sim: Simulator, log: EventLog): [number, bigint][] =>
  sim.meter.eventLog(log).filter((e) => e.code === EventCode.MAGNET_ON || e.code === EventCode.MAGNET_OFF).map((e) => [e.code, e.timeUtcS]);
// The method-1 (reset) action on the tamper latch, class 3; returns the action-response result.
const resetLatch = (sim: Simulator, client: number): number => {
  const reply = exchange(sim, [0xc3, 0x01, 0xc1, 0, 3, ...TAMPER, 1, 1, 0x0f, 0], client)!;
  assert.deepEqual(reply.slice(0, 3), [0xc7, 0x01, 0xc1], "action-response normal");
  return reply[3];
};

function meter(nvm = new NorFlash(), startUtcS = START): Simulator {
  const sim = new Simulator({ nvm, startUtcS, waveform: { vrms: 230, irms: 1 } });
  sim.boot();
  return sim;
}

// docs/HAL.md: input 4 MAGNET is "1 magnetic field detected, 0 gone", with no debounce (only the buttons have
// one, 30 ms in docs/LCD.md): the board's detector decides, so the firmware takes every edge it is given.
test("a magnetic field of zero length (1 then 0 in the same millisecond) is still detected: events 7 and 8 at its second, bit 1 latched; a repeated level is no edge", () => {
  const sim = meter();
  sim.run(3.99); // 399 ticks of 10 ms
  assert.equal(sim.meter.inputEvent(InputKind.MAGNET, 1), Err.OK);
  assert.equal(sim.meter.inputEvent(InputKind.MAGNET, 1), Err.OK);
  assert.equal(sim.meter.inputEvent(InputKind.MAGNET, 0), Err.OK);
  assert.equal(sim.meter.inputEvent(InputKind.MAGNET, 0), Err.OK);
  assert.deepEqual(magnetEvents(sim, EventLog.FRAUD), [[EventCode.MAGNET_ON, START + 3n], [EventCode.MAGNET_OFF, START + 3n]], "one pair, at second 3 (3.99 s truncated)");
  assert.equal(sim.meter.tamperLatched(), 2, "bit 1: magnetic field; bit 0 (cover) untouched");
  assert.equal(sim.meter.inputEvent(InputKind.MAGNET, 2), Err.OUT_OF_RANGE, "a level other than 0/1 is refused");
  assert.equal(magnetEvents(sim, EventLog.FRAUD).length, 2, "the refused level logs nothing");
});

test("events 7 and 8 go to the fraud log (not the standard log) time-stamped to the second, and 0.0.96.11.1.255 reads 8 last", () => {
  const sim = meter();
  sim.run(12.6);
  sim.meter.inputEvent(InputKind.MAGNET, 1);
  sim.run(47.5); // field gone at 60.1 s
  sim.meter.inputEvent(InputKind.MAGNET, 0);
  assert.deepEqual(magnetEvents(sim, EventLog.FRAUD), [[EventCode.MAGNET_ON, START + 12n], [EventCode.MAGNET_OFF, START + 60n]]);
  assert.deepEqual(magnetEvents(sim, EventLog.STANDARD), [], "fraud log only");
  associate(sim, MANAGEMENT);
  assert.equal(get(sim, MANAGEMENT, 1, FRAUD_LAST, 2), EventCode.MAGNET_OFF);
});

test("the tamper segment (byte 13 bit 3) is steady for 2 s while the field is present, blinks 1 Hz (0.5 s on, 0.5 s off) once it is gone; the error segment and F.F stay 0", () => {
  const sim = meter();
  sim.run(4); // past the 3 s all-segments test at power-up (docs/LCD.md)
  assert.equal(tamperSegment(sim), false, "no tamper yet");
  sim.meter.inputEvent(InputKind.MAGNET, 1);
  const present: boolean[] = [];
  for (let k = 0; k < 20; k++) { sim.run(0.1); present.push(tamperSegment(sim)); }
  assert.deepEqual(present, new Array(20).fill(true), "steady while present");
  sim.meter.inputEvent(InputKind.MAGNET, 0);
  const gone: boolean[] = [];
  for (let k = 0; k < 40; k++) { sim.run(0.1); gone.push(tamperSegment(sim)); }
  // 1 Hz: eight 0.5 s halves, each one level, alternating.
  const halves = Array.from({ length: 8 }, (_, h) => gone.slice(5 * h, 5 * h + 5));
  assert.ok(halves.every((half) => half.every((v) => v === half[0])), `each 0.5 s one level: ${gone.map(Number).join("")}`);
  assert.ok(halves.every((half, h) => h === 0 || half[0] !== halves[h - 1][0]), `alternating each 0.5 s: ${gone.map(Number).join("")}`);
  // A tamper is no critical internal error: docs/HAL.md's error register has no tamper bit.
  assert.equal(sim.meter.errorRegister(), 0);
  assert.equal(errorSegment(sim), false);
  associate(sim, MANAGEMENT);
  assert.equal(get(sim, MANAGEMENT, 1, ERROR_REGISTER, 2), 0, "F.F over DLMS");
});

test("alarm register bit 2 (value 4) rises on a magnet when Z26 has the magnetic field (4), and stays 0 with the default Z26 = 2", () => {
  for (const [z26, expected] of [[2, 0], [6, 4]] as const) {
    const sim = meter();
    assert.equal(sim.meter.configSet(ConfigId.ALARM_CONFIG, z26), Err.OK);
    sim.run(1);
    sim.meter.inputEvent(InputKind.MAGNET, 1);
    sim.run(0.1);
    associate(sim, MANAGEMENT);
    assert.equal(get(sim, MANAGEMENT, 1, ALARM_REGISTER, 2), expected, `Z26 = ${z26}`);
  }
});

test("the magnet latch survives removal and a power cycle, a public client cannot reset it, the management association's method 1 does (event 72, a = 2) and the symbol goes off", () => {
  const nvm = new NorFlash();
  const sim = meter(nvm);
  sim.run(5);
  sim.meter.inputEvent(InputKind.MAGNET, 1);
  sim.run(30);
  sim.meter.inputEvent(InputKind.MAGNET, 0);
  sim.run(2);
  assert.equal(sim.meter.tamperLatched(), 2, "latched after removal");
  const again = meter(nvm, START + 3600n);
  again.run(4); // past the power-up segment test
  assert.equal(again.meter.tamperLatched(), 2, "latched through the power cycle");
  assert.deepEqual(magnetEvents(again, EventLog.FRAUD), [[EventCode.MAGNET_ON, START + 5n], [EventCode.MAGNET_OFF, START + 35n]], "log kept");
  const blink = new Set<boolean>();
  for (let k = 0; k < 15; k++) { again.run(0.1); blink.add(tamperSegment(again)); }
  assert.equal(blink.size, 2, "blinking after the power cycle");
  associate(again, PUBLIC);
  assert.equal(resetLatch(again, PUBLIC), 4, "public client: object-undefined (not in its list; docs/DLMS.md)");
  assert.equal(again.meter.tamperLatched(), 2, "still latched");
  associate(again, MANAGEMENT);
  assert.equal(get(again, MANAGEMENT, 3, TAMPER, 2), 2, "attribute 2: bit 1 magnet");
  assert.equal(resetLatch(again, MANAGEMENT), 0, "success");
  assert.equal(again.meter.tamperLatched(), 0);
  assert.equal(get(again, MANAGEMENT, 3, TAMPER, 2), 0);
  const cleared = again.meter.eventLog(EventLog.STANDARD).filter((e) => e.code === EventCode.TAMPER_CLEARED);
  assert.deepEqual(cleared.map((e) => [e.cause, e.a]), [[MANAGEMENT, 2]], "client SAP 1, bits cleared 2");
  const after: boolean[] = [];
  for (let k = 0; k < 15; k++) { again.run(0.1); after.push(tamperSegment(again)); }
  assert.deepEqual(after, new Array(15).fill(false), "symbol off");
  const third = meter(nvm, START + 7200n);
  assert.equal(third.meter.tamperLatched(), 0, "the reset is persisted");
});

// docs/HAL.md tamper_latched: "tamper seen since the last clear". A field still present when the utility
// clears is seen after the clear: without this, removing the magnet after a reset would leave no latch.
test("a reset while the field is still present keeps bit 1 (event 72 a = 0); after the field goes the symbol blinks, and a second reset clears it (a = 2)", () => {
  const sim = meter();
  sim.run(4);
  sim.meter.inputEvent(InputKind.MAGNET, 1);
  sim.run(1);
  associate(sim, MANAGEMENT);
  assert.equal(resetLatch(sim, MANAGEMENT), 0);
  assert.equal(sim.meter.tamperLatched(), 2, "still present: still latched");
  sim.meter.inputEvent(InputKind.MAGNET, 0);
  const blink = new Set<boolean>();
  for (let k = 0; k < 15; k++) { sim.run(0.1); blink.add(tamperSegment(sim)); }
  assert.equal(blink.size, 2, "blinks: latched after the field went");
  assert.equal(resetLatch(sim, MANAGEMENT), 0);
  assert.equal(sim.meter.tamperLatched(), 0);
  const cleared = sim.meter.eventLog(EventLog.STANDARD).filter((e) => e.code === EventCode.TAMPER_CLEARED);
  assert.deepEqual(cleared.map((e) => e.a), [0, 2], "a: the bits actually cleared");
  sim.meter.tamperClear(); // the host's clear follows the same rule
  assert.equal(sim.meter.tamperLatched(), 0);
});

// Issue 14: a magnet pulsed at 5 Hz for 60 s erased each state sector ~4 times and pushed the first fraud events
// out of the log within ~20 s. docs/EVENTS.md "Bursts": the state is saved when the latch changes, a burst logs
// its first two edges at once and its last edge (a: the edges not logged) once the input has been quiet 60 s.
test("a magnet pulsed at 5 Hz for 60 s erases no state or fraud log sector, keeps the first events and logs the burst's end with a = 597", () => {
  const nvm = new NorFlash();
  const sim = meter(nvm);
  sim.meter.inputEvent(InputKind.COVER, 1); // the fraud log's first record prepares its first sector
  sim.meter.inputEvent(InputKind.COVER, 0);
  sim.run(5);
  const erasesBefore = Array.from(nvm.eraseCounts);
  for (let k = 0; k < 300; k++) { // 600 edges, one each 100 ms
    sim.meter.inputEvent(InputKind.MAGNET, 1);
    sim.run(0.1);
    sim.meter.inputEvent(InputKind.MAGNET, 0);
    sim.run(0.1);
  }
  const erased = (first: number, n: number) => Array.from(nvm.eraseCounts.slice(first, first + n)).map((c, k) => c - erasesBefore[first + k]);
  assert.deepEqual(erased(66, 8), [0, 0, 0, 0, 0, 0, 0, 0], "state sectors 66..73: no erase");
  assert.deepEqual(erased(237, 2), [0, 0], "fraud log sectors 237..238: no erase");
  const during = magnetEvents(sim, EventLog.FRAUD);
  assert.deepEqual(during, [[EventCode.MAGNET_ON, START + 5n], [EventCode.MAGNET_OFF, START + 5n]], "the burst's first two edges, nothing more yet");
  assert.equal(sim.meter.tamperLatched(), 3, "cover and magnet latched");
  sim.run(61); // quiet for 60 s: the burst ends
  const log = sim.meter.eventLog(EventLog.FRAUD).filter((e) => e.code === EventCode.MAGNET_ON || e.code === EventCode.MAGNET_OFF);
  assert.deepEqual(log.map((e) => [e.code, e.timeUtcS, e.a]), [
    [EventCode.MAGNET_ON, START + 5n, 0], [EventCode.MAGNET_OFF, START + 5n, 0], [EventCode.MAGNET_OFF, START + 64n, 597],
  ], "first edge, second edge, the last edge at 64.9 s with the 597 edges between not logged");
  // A new field after the quiet minute is a new burst: logged at once.
  sim.meter.inputEvent(InputKind.MAGNET, 1);
  assert.deepEqual(magnetEvents(sim, EventLog.FRAUD).at(-1), [EventCode.MAGNET_ON, START + 126n]);
});
