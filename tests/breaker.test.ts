// Breaker, smart disconnect and prepayment through the real firmware and the bistable relay shim.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Simulator, type SimOptions } from "../host/sim.js";
import { BreakerSymbol, ConfigId, ControlState, CreditUnit, Err, EventCode, InputKind, Register } from "../host/abi.js";
import { NorFlash, PowerCut } from "../host/shims/nvm.js";
import { utc } from "./helpers.js";

function meter(opts: SimOptions & { mode?: number } = {}): Simulator {
  const sim = new Simulator({ waveform: { vrms: 230, irms: 10 }, startUtcS: utc(2026, 3, 2, 12), ...opts });
  sim.boot();
  if (opts.mode !== undefined) assert.equal(sim.meter.configSet(ConfigId.DISCONNECT_MODE, opts.mode), Err.OK);
  assert.equal(sim.meter.configSet(ConfigId.BUTTON2_SETUP, 2), Err.OK); // push button 2 is the breaker button
  return sim;
}

function pressButton2(sim: Simulator, seconds: number): void {
  sim.meter.inputEvent(InputKind.BUTTON_2, 1);
  sim.run(seconds);
  sim.meter.inputEvent(InputKind.BUTTON_2, 0);
  sim.run(0.5);
}

const codes = (sim: Simulator): number[] => sim.meter.events().map((e) => e.code);

test("mode 1: remote disconnect opens the relay and the load; remote reconnect only releases; the button reconnects", () => {
  const sim = meter({ mode: 1 });
  sim.run(3);
  assert.equal(sim.meter.breakerState(), ControlState.CONNECTED);
  assert.equal(sim.meter.breakerDisconnect(), Err.OK);
  sim.run(3);
  assert.equal(sim.relay.position(), false, "relay open");
  assert.equal(sim.relay.operations.at(-1)!.close, false);
  assert.equal(sim.meter.breakerOutput(), 0);
  assert.ok(sim.meter.reading(1) < 0.001, "no current with the breaker open");
  const aPlus = sim.meter.energyUwh(Register.A_PLUS);
  sim.run(10);
  assert.equal(sim.meter.energyUwh(Register.A_PLUS), aPlus, "nothing registers while disconnected");
  assert.equal(sim.meter.breakerReconnect(), Err.OK);
  sim.run(3);
  assert.equal(sim.meter.breakerState(), ControlState.READY_FOR_RECONNECTION);
  assert.equal(sim.relay.position(), false, "a release does not close the relay");
  pressButton2(sim, 0.3);
  sim.run(3);
  assert.equal(sim.meter.breakerState(), ControlState.CONNECTED);
  assert.equal(sim.relay.position(), true);
  assert.ok(Math.abs(sim.meter.reading(2) - 2300) < 1, "the load is back");
  const log = codes(sim);
  assert.ok(log.includes(EventCode.BREAKER_OPENED) && log.includes(EventCode.BREAKER_READY) && log.includes(EventCode.BREAKER_CLOSED));
});

test("mode 1: the button cannot reconnect without the remote release, and mode 0 refuses any disconnect", () => {
  const sim = meter({ mode: 1 });
  sim.meter.breakerDisconnect();
  sim.run(3);
  pressButton2(sim, 0.3);
  sim.run(3);
  assert.equal(sim.meter.breakerState(), ControlState.DISCONNECTED);
  assert.equal(sim.relay.position(), false);
  const always = meter({ mode: 0 });
  assert.equal(always.meter.breakerDisconnect(), Err.NOT_PERMITTED);
  always.run(3);
  assert.equal(always.relay.position(), true);
});

test("mode 2: remote reconnect closes the relay directly, no sooner than the 2 s minimum switching interval", () => {
  const sim = meter({ mode: 2 });
  sim.run(3);
  sim.meter.breakerDisconnect();
  sim.run(0.5);
  const openedAt = sim.relay.operations.at(-1)!.tMs;
  assert.equal(sim.meter.breakerReconnect(), Err.OK);
  sim.run(5);
  const closedAt = sim.relay.operations.at(-1)!.tMs;
  assert.equal(sim.relay.position(), true);
  assert.ok(closedAt - openedAt >= 2000, `switched again after ${closedAt - openedAt} ms`);
});

test("the relay does not open under 150 A (above its 120 A breaking current): it defers and opens when the current falls", () => {
  const sim = meter({ mode: 1, waveform: { vrms: 230, irms: 150 } });
  sim.run(3);
  assert.equal(sim.meter.breakerDisconnect(), Err.OK);
  sim.run(20);
  assert.equal(sim.relay.position(), true, "still closed at 150 A");
  assert.equal(sim.relay.operations.length, 0, "the coil was never driven");
  assert.ok(codes(sim).includes(EventCode.BREAKER_DEFERRED));
  sim.setWaveform({ irms: 40 });
  sim.run(10);
  assert.equal(sim.relay.position(), false, "opened at 40 A");
});

test("a relay that does not follow its drive is reported as a breaker fault", () => {
  const sim = meter({ mode: 1 });
  sim.run(3);
  sim.relay.stuck = true;
  sim.meter.breakerDisconnect();
  sim.run(15);
  assert.equal(sim.relay.position(), true);
  assert.ok(sim.meter.breakerSymbols() & BreakerSymbol.BREAKER_FAULT);
  assert.ok(codes(sim).includes(EventCode.BREAKER_FAULT));
  assert.equal(sim.meter.breakerOutput(), 1, "output_state reports what the contact reads");
});

test("a power cut in every state resumes that state without driving the relay", () => {
  for (const target of [ControlState.CONNECTED, ControlState.DISCONNECTED, ControlState.READY_FOR_RECONNECTION]) {
    const nvm = new NorFlash();
    const a = meter({ nvm, mode: 1 });
    a.run(3);
    if (target !== ControlState.CONNECTED) a.meter.breakerDisconnect();
    a.run(3);
    if (target === ControlState.READY_FOR_RECONNECTION) a.meter.breakerReconnect();
    a.run(3);
    assert.equal(a.meter.breakerState(), target);
    const b = new Simulator({ nvm, relayClosed: a.relay.position(), waveform: { vrms: 230, irms: 10 }, startUtcS: utc(2026, 3, 2, 13) });
    b.boot();
    b.run(5);
    assert.equal(b.meter.breakerState(), target, `state ${target} after the power cut`);
    assert.equal(b.relay.operations.length, 0, `state ${target}: the relay was not toggled`);
  }
});

test("a relay found in the wrong position at power-up is driven to the stored state", () => {
  const nvm = new NorFlash();
  const a = meter({ nvm, mode: 1 });
  a.run(3);
  a.meter.breakerDisconnect();
  a.run(3);
  const b = new Simulator({ nvm, relayClosed: true, waveform: { vrms: 230, irms: 10 }, startUtcS: utc(2026, 3, 2, 13) });
  b.boot();
  // Nothing is measured at power-up, so the opening waits one 5 s retry for the first current reading.
  b.run(3);
  assert.equal(b.relay.position(), true);
  b.run(5);
  assert.equal(b.relay.position(), false);
  assert.equal(b.relay.operations.length, 1);
});

test("limiter: 30 s over 10 kW disconnects; in mode 5 it reconnects by itself 60 s after the load fell", () => {
  const sim = meter({ mode: 5, waveform: { vrms: 230, irms: 52 } }); // 11.96 kW
  assert.equal(sim.meter.limiterSet(true, 0, 10000, 20000, 30, 60), Err.OK);
  sim.run(25);
  assert.equal(sim.relay.position(), true, "not yet: under 30 s over the threshold");
  sim.run(10);
  assert.equal(sim.relay.position(), false, "disconnected after 30 s over 10 kW");
  assert.ok(sim.meter.breakerSymbols() & BreakerSymbol.LIMITER_TRIPPED);
  sim.setWaveform({ irms: 20 });
  sim.run(50);
  assert.equal(sim.relay.position(), false, "still under the 60 s under-threshold time");
  sim.run(20);
  assert.equal(sim.relay.position(), true, "reconnected by the limiter (mode 5, transition h)");
  assert.equal(sim.meter.limiterSet(true, 0, 0, 20000, 30, 60), Err.OUT_OF_RANGE, "threshold 0 W");
  assert.equal(sim.meter.limiterSet(true, 5, 1000, 20000, 30, 60), Err.UNSUPPORTED, "unknown monitored value");
});

test("prepayment over days: warning on day 2, disconnection at zero, emergency credit by button, top-up and reconnection", () => {
  const sim = meter({ mode: 1, waveform: { vrms: 230, irms: 1.08696 } }); // 250 W: 6 kWh a day
  assert.equal(sim.meter.prepaySet(true, CreditUnit.WH, 4000n, 2000n), Err.OK);
  assert.equal(sim.meter.prepayTopUp(12000n), Err.OK);
  assert.ok(sim.meter.breakerSymbols() & BreakerSymbol.PREPAYMENT);
  sim.run(31.5 * 3600);
  assert.equal(sim.meter.breakerSymbols() & BreakerSymbol.LOW_CREDIT, 0, "above 4000 Wh after 31.5 h");
  sim.run(1 * 3600);
  assert.ok(sim.meter.breakerSymbols() & BreakerSymbol.LOW_CREDIT, "under 4000 Wh after 32.5 h");
  assert.ok(codes(sim).includes(EventCode.CREDIT_LOW));
  assert.equal(sim.relay.position(), true);
  sim.run(15.7 * 3600);
  assert.equal(sim.relay.position(), false, "disconnected at zero credit, 48 h after the top-up");
  assert.ok(sim.meter.prepayCredit() <= 0n);
  assert.ok(codes(sim).includes(EventCode.CREDIT_EXHAUSTED));
  pressButton2(sim, 0.3); // emergency credit: 2000 Wh
  sim.run(5);
  assert.ok(sim.meter.breakerSymbols() & BreakerSymbol.EMERGENCY_CREDIT);
  assert.ok(codes(sim).includes(EventCode.EMERGENCY_CREDIT));
  pressButton2(sim, 0.3);
  sim.run(3);
  assert.equal(sim.relay.position(), true, "reconnected on emergency credit");
  sim.run(8.2 * 3600);
  assert.equal(sim.relay.position(), false, "emergency credit used up after 8 h");
  assert.equal(sim.meter.prepayTopUp(5000n), Err.OK);
  sim.run(3);
  pressButton2(sim, 0.3);
  sim.run(3);
  assert.equal(sim.relay.position(), true, "reconnected after the top-up");
  // The top-up repaid the emergency credit: 12000 + 2000 + 5000 Wh in, 2000 repaid, A+ out.
  const used = Number(sim.meter.energyWh(Register.A_PLUS));
  assert.equal(Number(sim.meter.prepayCredit() / 1000n), 12000 + 2000 + 5000 - 2000 - used);
  assert.equal(sim.meter.prepayTopUp(-5n), Err.INVALID_ARGUMENT);
  assert.equal(sim.meter.prepayTopUp(0n), Err.INVALID_ARGUMENT);
  assert.equal(sim.meter.prepayTopUp(10n ** 13n), Err.OUT_OF_RANGE);
});

test("prepayment: no disconnection at zero credit inside the friendly hours (nights 22..06)", () => {
  const sim = meter({ mode: 1, startUtcS: utc(2026, 3, 2, 20, 30), waveform: { vrms: 230, irms: 4.3478 } }); // 21:30 CET
  sim.meter.prepaySet(true, CreditUnit.WH, 100n, 0n);
  sim.meter.prepayFriendly(0, 0x7f, 22, 24);
  sim.meter.prepayFriendly(1, 0x7f, 0, 6);
  sim.meter.prepayTopUp(600n);
  sim.run(1.5 * 3600); // credit runs out at 22:06 local
  assert.ok(sim.meter.prepayCredit() < 0n);
  assert.equal(sim.relay.position(), true, "friendly hours");
  assert.ok(codes(sim).includes(25), "the postponed disconnection is logged (FRIENDLY_HOLD)");
  sim.run(7 * 3600 + 10); // 06:00:10 local: friendly hours over
  assert.equal(sim.relay.position(), false, "disconnected when the friendly hours end");
});

test("prepayment credit is never lost or duplicated across power cuts: it follows the journalled A+", () => {
  const nvm = new NorFlash({ seed: 9 });
  let sim = meter({ nvm, mode: 1, waveform: { vrms: 230, irms: 40 } }); // 9.2 kW
  sim.meter.prepaySet(true, CreditUnit.CURRENCY_MILLI, 0n, 0n);
  sim.meter.prepayPrice(1, 250000); // 0.25 per kWh, in thousandths: 250 per Wh
  sim.meter.prepayTopUp(100_000_000n); // 100,000.000
  const startWh = sim.meter.energyWh(Register.A_PLUS);
  let t = 0;
  let cuts = 0;
  for (let round = 0; round < 40; round++) {
    nvm.cutPowerAtOp(7 + (round % 5));
    try {
      sim.run(20);
      t += 20;
    } catch (e) {
      if (!(e instanceof PowerCut)) throw e;
      cuts++;
    }
    nvm.cutPowerAtOp(0);
    sim = new Simulator({ nvm, relayClosed: sim.relay.position(), waveform: { vrms: 230, irms: 40 }, startUtcS: utc(2026, 3, 2, 12) + BigInt(t) });
    sim.boot();
    const usedWh = sim.meter.energyWh(Register.A_PLUS) - startWh;
    assert.equal(sim.meter.prepayCredit(), 100_000_000n * 1000n - usedWh * 250n * 1000n, `round ${round}: credit follows A+`);
  }
  assert.ok(cuts >= 30, `${cuts} power cuts`);
});

test("a breaker fault sets bit 2 of the error register, read out as F.F(00000004)", () => {
  const sim = meter({ mode: 1 });
  sim.run(3);
  sim.relay.stuck = true;
  sim.meter.breakerDisconnect();
  sim.run(15);
  assert.equal(sim.meter.errorRegister(), 4);
  sim.meter.uartReceive(0, Uint8Array.from("/?!\r\n", (c) => c.charCodeAt(0)));
  sim.run(2.5); // mode A: 220 ms, the identification's 634 ms on the line at 300 baud, then the 1.5 s time-out
  const out = String.fromCharCode(...sim.uart.take(0));
  assert.match(out, /F\.F\(00000004\)/);
});
