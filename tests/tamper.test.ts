// At the meter itself: magnetic tamper (time-stamped, latched, on the display, in the log) and local disconnection by the push button.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Simulator } from "../host/sim.js";
import { EventCode, InputKind } from "../host/abi.js";
import { NorFlash } from "../host/shims/nvm.js";
import { decodeLcd } from "../host/lcdview.js";
import { utc } from "./helpers.js";

test("a magnetic field is logged with its time, latched (bit 1) through a power cut, steady on the LCD while present and blinking after", () => {
  const nvm = new NorFlash();
  const start = utc(2026, 6, 1, 10);
  const sim = new Simulator({ nvm, startUtcS: start, waveform: { vrms: 230, irms: 1 } });
  sim.boot();
  sim.run(5);
  assert.equal(decodeLcd(sim.lcd.bitmap).symbols.tamper, false);
  sim.meter.inputEvent(InputKind.MAGNET, 1);
  sim.meter.inputEvent(InputKind.MAGNET, 1); // a level held is no new edge
  sim.run(0.05);
  assert.equal(decodeLcd(sim.lcd.bitmap).symbols.tamper, true, "steady while the field is present");
  assert.equal(sim.meter.tamperLatched(), 2, "bit 1: magnetic field");
  sim.run(60);
  sim.meter.inputEvent(InputKind.MAGNET, 0);
  const events = sim.meter.events().filter((e) => e.code === EventCode.MAGNET_ON || e.code === EventCode.MAGNET_OFF);
  assert.deepEqual(events.map((e) => [e.code, e.timeUtcS]), [[EventCode.MAGNET_ON, start + 5n], [EventCode.MAGNET_OFF, start + 65n]]);
  const seen = new Set<boolean>();
  for (let k = 0; k < 20; k++) {
    sim.run(0.1);
    seen.add(decodeLcd(sim.lcd.bitmap).symbols.tamper);
  }
  assert.deepEqual([...seen].sort(), [false, true], "blinks once only latched");
  const again = new Simulator({ nvm, startUtcS: start + 100n, waveform: { vrms: 230, irms: 1 } });
  again.boot();
  assert.equal(again.meter.tamperLatched(), 2, "kept through the power cut");
  assert.equal(again.meter.events().filter((e) => e.code === EventCode.MAGNET_ON).length, 1, "the log survives");
  again.meter.tamperClear();
  again.run(4);
  assert.equal(again.meter.tamperLatched(), 0);
  assert.equal(decodeLcd(again.lcd.bitmap).symbols.tamper, false);
});

// The data sheet's first breaker sentence: "disconnection can be made locally by activating the meter's push button".
test("local disconnection by the push button: with Z17 002 a long press (2 s) of push button 2 opens the breaker in modes 1, 2 and 5, a short press does not", async () => {
  const { ConfigId, ControlState, Err } = await import("../host/abi.js");
  const press = (sim: Simulator, seconds: number): void => {
    sim.meter.inputEvent(InputKind.BUTTON_2, 1);
    sim.run(seconds);
    sim.meter.inputEvent(InputKind.BUTTON_2, 0);
    sim.run(3);
  };
  for (const [mode, disconnects] of [[1, true], [2, true], [5, true], [3, false], [4, false], [6, false]] as const) {
    const sim = new Simulator({ startUtcS: utc(2026, 6, 1, 10), waveform: { vrms: 230, irms: 10 } });
    sim.boot();
    assert.equal(sim.meter.configSet(ConfigId.DISCONNECT_MODE, mode), Err.OK);
    assert.equal(sim.meter.configSet(ConfigId.BUTTON2_SETUP, 2), Err.OK);
    sim.run(3);
    press(sim, 0.3);
    assert.equal(sim.meter.breakerState(), ControlState.CONNECTED, `mode ${mode}: a short press does not disconnect`);
    press(sim, 2.2);
    // Class 70 transition f, manual_disconnect: connected -> ready_for_reconnection (the button may close it again).
    assert.equal(sim.meter.breakerState(), disconnects ? ControlState.READY_FOR_RECONNECTION : ControlState.CONNECTED, `mode ${mode}: long press`);
    assert.equal(sim.relay.position(), !disconnects, `mode ${mode}: relay`);
    if (disconnects) {
      const opened = sim.meter.events().filter((e) => e.code === EventCode.BREAKER_OPENED).at(-1)!;
      assert.equal(opened.cause, 2, "cause 2: push button");
    }
  }
  const noSetup = new Simulator({ startUtcS: utc(2026, 6, 1, 10), waveform: { vrms: 230, irms: 10 } });
  noSetup.boot();
  assert.equal(noSetup.meter.configSet(ConfigId.DISCONNECT_MODE, 1), Err.OK);
  assert.equal(noSetup.meter.configSet(ConfigId.BUTTON2_SETUP, 0), Err.OK);
  noSetup.run(3);
  press(noSetup, 2.2);
  assert.equal(noSetup.meter.breakerState(), ControlState.CONNECTED, "Z17 000: push button 2 has no breaker function");
});

// The same sentence at its press-length boundaries (docs/LCD.md: under 30 ms bounce, 2 s or more long, acting
// while still held at the next redraw, at most 500 ms later in the automatic list), and the reconnection by
// "the same media" (data sheet) once released, mode 1.
test("push button 2 at the boundary: released after 1.99 s no disconnection, after 2.00 s disconnection; held, it acts between 2.0 and 2.5 s; a 20 ms press is bounce, a 30 ms press reconnects", async () => {
  const { ConfigId, ControlState, Err } = await import("../host/abi.js");
  const meter = (): Simulator => {
    const sim = new Simulator({ startUtcS: utc(2026, 6, 1, 10), waveform: { vrms: 230, irms: 10 } });
    sim.boot();
    assert.equal(sim.meter.configSet(ConfigId.DISCONNECT_MODE, 1), Err.OK);
    assert.equal(sim.meter.configSet(ConfigId.BUTTON2_SETUP, 2), Err.OK);
    sim.run(4.13); // past the power-up segment test (presses ignored), off the redraw grid
    return sim;
  };
  const tap = (sim: Simulator, ms: number): void => {
    sim.meter.inputEvent(InputKind.BUTTON_2, 1);
    sim.run(ms / 1000);
    sim.meter.inputEvent(InputKind.BUTTON_2, 0);
    sim.run(1);
  };
  const short = meter();
  tap(short, 1990);
  assert.equal(short.meter.breakerState(), ControlState.CONNECTED, "released after 1.99 s: short, no disconnection");
  const long = meter();
  tap(long, 2000);
  assert.equal(long.meter.breakerState(), ControlState.READY_FOR_RECONNECTION, "released after 2.00 s: long, disconnection");
  assert.equal(long.relay.position(), false);
  const held = meter();
  held.meter.inputEvent(InputKind.BUTTON_2, 1);
  let actedMs = -1;
  for (let ms = 10; ms <= 3000 && actedMs < 0; ms += 10) {
    held.run(0.01);
    if (held.meter.breakerState() !== ControlState.CONNECTED) actedMs = ms;
  }
  assert.ok(actedMs >= 2000 && actedMs <= 2500, `acted while held after ${actedMs} ms`);
  assert.equal(held.relay.position(), false, "relay open before the release");
  held.meter.inputEvent(InputKind.BUTTON_2, 0);
  held.run(3);
  assert.equal(held.meter.breakerState(), ControlState.READY_FOR_RECONNECTION, "the release adds nothing");
  tap(held, 20);
  assert.equal(held.meter.breakerState(), ControlState.READY_FOR_RECONNECTION, "20 ms: bounce, ignored");
  assert.equal(held.relay.position(), false);
  tap(held, 30);
  assert.equal(held.meter.breakerState(), ControlState.CONNECTED, "30 ms: a short press, reconnects");
  assert.equal(held.relay.position(), true);
});
