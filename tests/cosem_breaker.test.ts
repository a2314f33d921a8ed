// Disconnect control (70), limiter (71) and prepayment (111..113) over a management association, against the firmware's own state.
import { test } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { Simulator } from "../host/sim.js";
import { ConfigId, ControlState, CreditUnit, Err, Register } from "../host/abi.js";
import { hex, toHex, aarqLls, exchange, AARQ_PUBLIC } from "./dlmsframes.js";
import { utc } from "./helpers.js";
import { HlsClient } from "./dlmshls.js";
import { HeadEnd } from "../host/headend.js";

const DISCONNECT = [0, 0, 96, 3, 10, 255];
const LIMITER = [0, 0, 17, 0, 0, 255];
const ACCOUNT = [0, 0, 19, 0, 0, 255];
const TOKEN = [0, 0, 19, 10, 0, 255];
const EMERGENCY = [0, 0, 19, 10, 1, 255];
const CHARGE = [0, 0, 19, 20, 0, 255];
const SCRIPTS = [0, 0, 10, 0, 106, 255];
const MGMT = 1;
const SECTOR = 4096;
const CONFIG_SECTORS = [82, 83];
const BREAKER_SECTORS = [90, 91];

const get = (c: number, ln: number[], a: number): number[] => [0xc0, 1, 0xc1, 0, c, ...ln, a, 0];
const set = (c: number, ln: number[], a: number, data: number[]): number[] => [0xc1, 1, 0xc1, 0, c, ...ln, a, 0, ...data];
const action = (c: number, ln: number[], m: number, params?: number[]): number[] =>
  [0xc3, 1, 0xc1, 0, c, ...ln, m, ...(params ? [1, ...params] : [0])];
const u32 = (v: number): number[] => [0x06, (v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
const i32 = (v: number): number[] => [0x05, (v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];

function meter(mode: number, irms = 10): Simulator {
  const sim = new Simulator({ waveform: { vrms: 230, irms }, startUtcS: utc(2026, 3, 2, 12) });
  sim.boot();
  assert.equal(sim.meter.configSet(ConfigId.DISCONNECT_MODE, mode), Err.OK);
  sim.run(2);
  return sim;
}

function management(sim: Simulator): void {
  const aare = exchange(sim, aarqLls("12345678"), MGMT)!;
  assert.equal(aare[0], 0x61);
  assert.deepEqual(aare.slice(13, 16), [0xa2, 3, 2], "result field");
  assert.equal(aare[17], 0, "accepted");
}

const ask = (sim: Simulator, apdu: number[]): string => toHex(exchange(sim, apdu, MGMT)!);
// An ACTION's or SET's result code.
const actionResult = (sim: Simulator, apdu: number[]): number => exchange(sim, apdu, MGMT)![3];
const value = (sim: Simulator, apdu: number[]): number[] => {
  const r = exchange(sim, apdu, MGMT)!;
  assert.equal(r[3], 0, `GET refused: ${toHex(r)}`);
  return r.slice(4);
};
const be32 = (b: number[], at: number): number => Buffer.from(b.slice(at, at + 4)).readInt32BE();

// The configuration and breaker records as stored, and the registers: what a refusal must leave alone.
function stored(sim: Simulator): string {
  const bytes = [...CONFIG_SECTORS, ...BREAKER_SECTORS].map((s) =>
    `sector ${s} ` + crypto.createHash("sha256").update(sim.nvm.data.subarray(s * SECTOR, (s + 1) * SECTOR)).digest("hex").slice(0, 16));
  return bytes.join(", ") + `|A+ ${sim.meter.energyWh(Register.A_PLUS)}|state ${sim.meter.breakerState()}|credit ${sim.meter.prepayCredit()}`;
}

test("management's remote_disconnect and remote_reconnect in mode 2: control_state 1 -> 0 -> 1, the relay opens and closes, output_state follows", () => {
  const sim = meter(2);
  management(sim);
  assert.equal(ask(sim, get(70, DISCONNECT, 3)), "c4 01 c1 00 16 01");
  assert.equal(ask(sim, action(70, DISCONNECT, 1, [0x0f, 0])), "c7 01 c1 00 00");
  assert.equal(sim.meter.breakerState(), ControlState.DISCONNECTED);
  sim.run(1);
  assert.equal(sim.relay.position(), false, "relay open");
  assert.equal(ask(sim, get(70, DISCONNECT, 2)), "c4 01 c1 00 03 00", "output_state false");
  assert.equal(ask(sim, get(70, DISCONNECT, 3)), "c4 01 c1 00 16 00");
  // Mode 2 reconnects directly (transition a); a second disconnect would have been idempotent.
  assert.equal(ask(sim, action(70, DISCONNECT, 2, [0x0f, 0])), "c7 01 c1 00 00");
  assert.equal(sim.meter.breakerState(), ControlState.CONNECTED);
  sim.run(1);
  assert.equal(sim.relay.position(), true, "relay closed");
  assert.equal(ask(sim, get(70, DISCONNECT, 2)), "c4 01 c1 00 03 01");
});

test("mode 1: remote_reconnect only releases (control_state 2); the public client's ACTION is read-write-denied and changes nothing", () => {
  const sim = meter(1);
  management(sim);
  assert.equal(actionResult(sim, action(70, DISCONNECT, 1)), 0, "no parameters accepted too");
  assert.equal(actionResult(sim, action(70, DISCONNECT, 2, [0x0f, 0])), 0);
  assert.equal(sim.meter.breakerState(), ControlState.READY_FOR_RECONNECTION);
  const pub = new Simulator({ waveform: { vrms: 230, irms: 0 }, startUtcS: utc(2026, 3, 2, 12) });
  pub.boot();
  assert.equal(pub.meter.configSet(ConfigId.DISCONNECT_MODE, 2), Err.OK);
  pub.run(2);
  exchange(pub, AARQ_PUBLIC);
  const before = stored(pub);
  assert.equal(toHex(exchange(pub, action(70, DISCONNECT, 1, [0x0f, 0]))!), "c7 01 c1 03 00");
  pub.run(1);
  assert.equal(stored(pub), before);
  assert.equal(pub.relay.position(), true);
});

test("refusals leave configuration, breaker record and registers byte for byte: mode 0 refuses remote_disconnect (temporary-failure, 2), wrong parameter type (12)", () => {
  const sim = meter(0, 0); // no load: the registers hold still
  management(sim);
  const before = stored(sim);
  assert.equal(actionResult(sim, action(70, DISCONNECT, 1, [0x0f, 0])), 2, "mode 0: always connected (temporary-failure)");
  assert.equal(actionResult(sim, action(70, DISCONNECT, 1, [0x11, 0])), 12, "unsigned instead of integer");
  assert.equal(actionResult(sim, action(70, DISCONNECT, 3, [0x0f, 0])), 4, "no method 3");
  assert.equal(stored(sim), before);
  assert.equal(sim.meter.breakerState(), ControlState.CONNECTED);
});

test("control_mode (Z9) is written by HLS management only, like the Z9 setting: LLS is refused; HLS's 4 is stored and survives a power cycle; 7, a wrong type and a write of control_state are refused", () => {
  const sim = meter(1, 0);
  management(sim);
  const untouched = stored(sim);
  assert.equal(actionResult(sim, set(70, DISCONNECT, 4, [0x16, 4])), 3, "LLS: read-write-denied");
  assert.equal(stored(sim), untouched);
  const hls = new HlsClient(sim);
  hls.open();
  const result = (apdu: number[]): number => hls.request(apdu)[3];
  assert.equal(result(set(70, DISCONNECT, 4, [0x16, 4])), 0);
  assert.equal(sim.meter.configGet(ConfigId.DISCONNECT_MODE), 4);
  assert.equal(toHex(hls.request(get(70, DISCONNECT, 4))), "c4 01 c1 00 16 04");
  const before = stored(sim);
  assert.equal(result(set(70, DISCONNECT, 4, [0x16, 7])), 250);
  assert.equal(result(set(70, DISCONNECT, 4, [0x11, 2])), 12);
  assert.equal(result(set(70, DISCONNECT, 3, [0x16, 0])), 3, "control_state is read-only");
  assert.equal(stored(sim), before);
  assert.equal(sim.meter.configGet(ConfigId.DISCONNECT_MODE), 4);
  // After a power cycle the mode written over DLMS is in force.
  const again = new Simulator({ nvm: sim.nvm, waveform: { vrms: 230, irms: 10 }, startUtcS: utc(2026, 3, 2, 13) });
  again.boot();
  assert.equal(again.meter.configGet(ConfigId.DISCONNECT_MODE), 4);
});

test("Z28 = 1 (local encryption ordered): remote_disconnect and top-up need HLS; LLS management gets read-write-denied (3); with Z28 = 2 LLS may", () => {
  const sim = meter(2, 0);
  assert.equal(sim.meter.configSet(ConfigId.LOCAL_ENCRYPTION, 1), Err.OK);
  assert.equal(sim.meter.prepaySet(true, CreditUnit.WH, 100n, 0n), Err.OK);
  management(sim);
  const before = stored(sim);
  assert.equal(actionResult(sim, action(70, DISCONNECT, 1, [0x0f, 0])), 3);
  assert.equal(actionResult(sim, action(112, TOKEN, 1, i32(5000))), 3);
  assert.equal(stored(sim), before);
  assert.equal(sim.meter.breakerState(), ControlState.CONNECTED);
  // The same meter ordered without encryption (Z28 = 2): LLS may.
  assert.equal(sim.meter.configSet(ConfigId.LOCAL_ENCRYPTION, 2), Err.OK);
  assert.equal(actionResult(sim, action(70, DISCONNECT, 1, [0x0f, 0])), 0);
  assert.equal(sim.meter.breakerState(), ControlState.DISCONNECTED);
});

test("limiter 0.0.17.0.0.255: thresholds and durations written over DLMS drive the breaker's limiter; 2.3 kW over 2000 W for 5 s trips it", () => {
  const sim = meter(5); // mode 5: local disconnect and local reconnect
  management(sim);
  assert.equal(ask(sim, get(71, LIMITER, 2)), toHex([0xc4, 1, 0xc1, 0, 2, 3, 0x12, 0, 3, 9, 6, 1, 0, 1, 7, 0, 255, 0x0f, 2]));
  assert.equal(ask(sim, get(71, LIMITER, 4)), toHex([0xc4, 1, 0xc1, 0, ...u32(23000)]), "default 23 kW");
  assert.equal(ask(sim, get(71, LIMITER, 11)), toHex([0xc4, 1, 0xc1, 0, 2, 2, 2, 2, 9, 6, 0, 0, 0, 0, 0, 0, 0x12, 0, 0, 2, 2, 9, 6, 0, 0, 0, 0, 0, 0, 0x12, 0, 0]), "off: no actions");
  assert.equal(actionResult(sim, set(71, LIMITER, 4, u32(2000))), 0);
  assert.equal(actionResult(sim, set(71, LIMITER, 6, u32(5))), 0);
  assert.equal(actionResult(sim, set(71, LIMITER, 7, u32(10))), 0);
  const actions = [2, 2, 2, 2, 9, 6, ...SCRIPTS, 0x12, 0, 1, 2, 2, 9, 6, ...SCRIPTS, 0x12, 0, 2];
  assert.equal(actionResult(sim, set(71, LIMITER, 11, actions)), 0);
  assert.equal(ask(sim, get(71, LIMITER, 11)), toHex([0xc4, 1, 0xc1, 0, ...actions]));
  assert.equal(ask(sim, get(71, LIMITER, 3)), toHex([0xc4, 1, 0xc1, 0, ...u32(2000)]), "threshold_active: the normal one");
  sim.run(4);
  assert.equal(sim.meter.breakerState(), ControlState.CONNECTED, "4 s over: not yet");
  sim.run(3);
  assert.equal(sim.meter.breakerState(), ControlState.READY_FOR_RECONNECTION, "tripped after 5 s over 2000 W");
  assert.equal(sim.meter.breakerSymbols() & 16, 16, "limiter tripped symbol");
  sim.setWaveform({ irms: 5 }); // 1150 W: under the threshold for 10 s, then mode 5 reconnects locally
  sim.run(12);
  assert.equal(sim.meter.breakerState(), ControlState.CONNECTED);
});

test("limiter refusals: 60 kW, duration over a day, a foreign script, another profile id or group leave everything as it was", () => {
  const sim = meter(5, 0);
  management(sim);
  const before = stored(sim);
  assert.equal(actionResult(sim, set(71, LIMITER, 4, u32(60000))), 250, "over 50 kW");
  assert.equal(actionResult(sim, set(71, LIMITER, 4, u32(0))), 250, "0 W");
  assert.equal(actionResult(sim, set(71, LIMITER, 6, u32(86401))), 250);
  assert.equal(actionResult(sim, set(71, LIMITER, 4, [0x12, 0, 100])), 12, "long-unsigned instead of double-long-unsigned");
  const foreign = [2, 2, 2, 2, 9, 6, 0, 0, 10, 0, 100, 255, 0x12, 0, 1, 2, 2, 9, 6, ...SCRIPTS, 0x12, 0, 2];
  assert.equal(actionResult(sim, set(71, LIMITER, 11, foreign)), 250);
  const dt = [9, 12, 0x07, 0xea, 3, 2, 1, 13, 0, 0, 0, 0xff, 0xc4, 0];
  assert.equal(actionResult(sim, set(71, LIMITER, 8, [2, 3, 0x12, 0, 2, ...dt, ...u32(3600)])), 250, "profile 2");
  assert.equal(actionResult(sim, set(71, LIMITER, 9, [1, 1, 0x12, 0, 7])), 250, "group 7");
  assert.equal(actionResult(sim, set(71, LIMITER, 3, u32(100))), 3, "threshold_active is read-only");
  assert.equal(stored(sim), before);
  assert.equal(ask(sim, get(71, LIMITER, 4)), toHex([0xc4, 1, 0xc1, 0, ...u32(23000)]));
});

test("emergency profile 1 from 13:00 CET for 1 h with 1000 W: active at 13:00 (threshold_active 1000), inactive before", () => {
  const sim = meter(5, 0);
  management(sim);
  assert.equal(actionResult(sim, set(71, LIMITER, 5, u32(1000))), 0);
  // 2026-03-02 13:00 local, deviation -60 (CET): 12:00 UTC.
  const dt = [9, 12, 0x07, 0xea, 3, 2, 1, 13, 0, 0, 0, 0xff, 0xc4, 0];
  assert.equal(actionResult(sim, set(71, LIMITER, 8, [2, 3, 0x12, 0, 1, ...dt, ...u32(3600)])), 0);
  assert.equal(ask(sim, get(71, LIMITER, 8)), toHex([0xc4, 1, 0xc1, 0, 2, 3, 0x12, 0, 1, ...dt.slice(0, 13), 0, ...u32(3600)]));
  assert.equal(ask(sim, get(71, LIMITER, 10)), "c4 01 c1 00 03 01", "the meter started at 12:00 UTC: active");
  assert.equal(ask(sim, get(71, LIMITER, 3)), toHex([0xc4, 1, 0xc1, 0, ...u32(1000)]));
  assert.equal(ask(sim, get(71, LIMITER, 9)), "c4 01 c1 00 01 01 12 00 01");
});

test("prepayment: update_amount tops up 5000 Wh, set_amount_to_value sets 100, invoke_credit takes 500 Wh emergency credit at zero; the account and credits read the firmware's balance", () => {
  const sim = meter(1, 0);
  assert.equal(sim.meter.prepaySet(true, CreditUnit.WH, 1000n, 500n), Err.OK);
  management(sim);
  assert.equal(actionResult(sim, action(112, TOKEN, 1, i32(5000))), 0);
  assert.equal(sim.meter.prepayCredit(), 5_000_000n, "5000 Wh in thousandths");
  assert.equal(be32(value(sim, get(111, ACCOUNT, 5)), 1), 5000, "available_credit");
  assert.equal(be32(value(sim, get(112, TOKEN, 2)), 1), 5000, "token current_credit_amount");
  assert.equal(toHex(value(sim, get(111, ACCOUNT, 2))), "02 02 16 01 16 02", "credit mode, active");
  assert.equal(toHex(value(sim, get(112, TOKEN, 8))), "16 03", "token credit in use");
  assert.equal(be32(value(sim, get(112, TOKEN, 5)), 1), 1000, "warning_threshold = low-credit level");
  assert.equal(actionResult(sim, action(112, TOKEN, 2, i32(0))), 0);
  assert.equal(sim.meter.prepayCredit(), 0n);
  assert.equal(toHex(value(sim, get(112, EMERGENCY, 8))), "16 01", "emergency credit selectable at zero");
  assert.equal(actionResult(sim, action(112, EMERGENCY, 3, [0x0f, 0])), 0);
  assert.equal(sim.meter.prepayCredit(), 500_000n);
  assert.equal(toHex(value(sim, get(111, ACCOUNT, 3))), "11 02", "emergency credit in use");
  assert.equal(be32(value(sim, get(111, ACCOUNT, 6)), 1), 500, "amount_to_clear: repaid by the next top-up");
  assert.equal(actionResult(sim, action(112, TOKEN, 1, i32(2000))), 0);
  assert.equal(sim.meter.prepayCredit(), 2_000_000n, "500 + 2000 - 500 repaid");
  assert.equal(sim.meter.breakerSymbols() & 4, 0, "emergency symbol off");
  // Writable settings: the low-credit level and the emergency amount.
  assert.equal(actionResult(sim, set(112, TOKEN, 5, i32(300))), 0);
  assert.equal(actionResult(sim, set(112, EMERGENCY, 9, i32(800))), 0);
  assert.equal(be32(value(sim, get(111, ACCOUNT, 16)), 1), 300);
  assert.equal(be32(value(sim, get(112, EMERGENCY, 9)), 1), 800);
});

test("prepayment refusals: a top-up of 0 or -5, invoke_credit with credit left, update_amount on the emergency credit, a top-up of a meter without prepayment: records untouched", () => {
  const sim = meter(1, 0);
  assert.equal(sim.meter.prepaySet(true, CreditUnit.WH, 100n, 500n), Err.OK);
  assert.equal(sim.meter.prepayTopUp(1000n), Err.OK);
  sim.run(1);
  management(sim);
  const before = stored(sim);
  assert.equal(actionResult(sim, action(112, TOKEN, 1, i32(0))), 250);
  assert.equal(actionResult(sim, action(112, TOKEN, 1, i32(-5))), 250);
  assert.equal(actionResult(sim, action(112, TOKEN, 1, u32(5))), 12, "double-long-unsigned instead of double-long");
  assert.equal(actionResult(sim, action(112, EMERGENCY, 3, [0x0f, 0])), 250, "1000 Wh left: no emergency credit");
  assert.equal(actionResult(sim, action(112, EMERGENCY, 1, i32(100))), 3);
  assert.equal(actionResult(sim, set(112, TOKEN, 5, i32(-1))), 250, "negative low-credit level");
  assert.equal(stored(sim), before);
  assert.equal(sim.meter.prepayCredit(), 1_000_000n);
  const off = meter(1, 0);
  management(off);
  assert.equal(actionResult(off, action(112, TOKEN, 1, i32(100))), 250, "prepayment not active");
  assert.equal(toHex(value(off, get(111, ACCOUNT, 2))), "02 02 16 01 16 01", "new, inactive");
});

test("the charge object lists tariffs 1..4 at their prices in milli-units per kWh (price scale -3, per kWh)", () => {
  const sim = meter(1, 0);
  assert.equal(sim.meter.prepaySet(true, CreditUnit.CURRENCY_MILLI, 0n, 0n), Err.OK);
  for (const [t, p] of [[1, 2500], [2, 1800], [3, 0], [4, 30000]]) assert.equal(sim.meter.prepayPrice(t, p), Err.OK);
  management(sim);
  const v = value(sim, get(113, CHARGE, 5));
  const table = [1, 4, ...[[1, 2500], [2, 1800], [3, 0], [4, 30000]].flatMap(([t, p]) => [2, 2, 9, 1, t, 0x10, p >> 8, p & 255])];
  assert.equal(toHex(v), toHex([2, 3, 2, 2, 0x0f, 3, 0x0f, 0xfd, 2, 3, 0x12, 0, 3, 9, 6, 1, 0, 1, 8, 0, 255, 0x0f, 2, ...table]));
  assert.equal(toHex(value(sim, get(111, ACCOUNT, 15))), "02 03 0a 00 0f fd 16 02", "currency: milli-units, monetary");
});

test("the harness's head-end goes through the association: disconnect done by LLS; with Z28 = 1 refused read-write-denied (3); with another secret the association is refused", () => {
  const sim = meter(1, 0);
  assert.deepEqual(new HeadEnd(sim).disconnect(), { ok: true });
  assert.equal(sim.meter.breakerState(), ControlState.DISCONNECTED);
  assert.deepEqual(new HeadEnd(sim).reconnect(), { ok: true });
  assert.equal(sim.meter.breakerState(), ControlState.READY_FOR_RECONNECTION, "mode 1: released for the button");
  assert.equal(sim.meter.configSet(ConfigId.LOCAL_ENCRYPTION, 1), Err.OK);
  const before = stored(sim);
  assert.deepEqual(new HeadEnd(sim).disconnect(), { ok: false, why: "read-write-denied (3)" });
  assert.deepEqual(new HeadEnd(sim).topUp(100), { ok: false, why: "read-write-denied (3)" });
  assert.deepEqual(new HeadEnd(sim, "wrong").limiter(2000, 30, 60), { ok: false, why: "the management association was refused" });
  assert.equal(stored(sim), before);
  assert.equal(sim.meter.breakerState(), ControlState.READY_FOR_RECONNECTION);
});

const FRIENDLY = [0, 0, 19, 128, 0, 255];
const ranges = (r: number[][]): number[] => [1, 4, ...r.flatMap(([m, a, b]) => [2, 3, 0x11, m, 0x11, a, 0x11, b])];

test("friendly hours 0.0.19.128.0.255: Monday 12..15 h written by management keeps a Monday-13:00-CET meter at zero credit connected; without it the supply opens; 15..12 h is refused", () => {
  const sim = meter(1, 10);
  assert.equal(sim.meter.prepaySet(true, CreditUnit.WH, 0n, 0n), Err.OK);
  management(sim);
  const monday = ranges([[0x01, 12, 15], [0, 0, 0], [0, 0, 0], [0, 0, 0]]);
  assert.equal(actionResult(sim, set(1, FRIENDLY, 2, monday)), 0);
  assert.equal(ask(sim, get(1, FRIENDLY, 2)), toHex([0xc4, 1, 0xc1, 0, ...monday]));
  const before = stored(sim);
  assert.equal(actionResult(sim, set(1, FRIENDLY, 2, ranges([[0x01, 15, 12], [0, 0, 0], [0, 0, 0], [0, 0, 0]]))), 250, "start after end");
  assert.equal(actionResult(sim, set(1, FRIENDLY, 2, ranges([[0x80, 1, 2], [0, 0, 0], [0, 0, 0], [0, 0, 0]]))), 250, "weekday bit 7");
  assert.equal(actionResult(sim, set(1, FRIENDLY, 2, [1, 1, 2, 3, 0x11, 1, 0x11, 1, 0x11, 2])), 12, "one range instead of four");
  assert.equal(stored(sim).split("|")[0], before.split("|")[0], "configuration and breaker record untouched");
  sim.run(5);
  assert.equal(sim.meter.prepayCredit() <= 0n, true, "no credit");
  assert.equal(sim.meter.breakerState(), ControlState.CONNECTED, "friendly hours: no disconnection");
  assert.equal(actionResult(sim, set(1, FRIENDLY, 2, ranges([[0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0]]))), 0);
  sim.run(3);
  assert.equal(sim.meter.breakerState(), ControlState.READY_FOR_RECONNECTION, "outside friendly hours the supply opens");
});
