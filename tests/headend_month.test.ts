// Issue 12's head-end proof: a month driven over DLMS only (meter A) against the same month driven through the exports (meter B).
import { test } from "node:test";
import assert from "node:assert/strict";
import { Simulator } from "../host/sim.js";
import { ConfigId, ControlState, CreditUnit, Err, EventCode, EventLog, Logger, REGISTER_COUNT, REGISTER_NAMES } from "../host/abi.js";
import { NorFlash } from "../host/shims/nvm.js";
import { utc, crc32 } from "./helpers.js";
import { exchange } from "./dlmsframes.js";
import { associate, getSelected, set, setList, u32, utcOf, dateTime, MANAGEMENT, Data } from "./cosemclient.js";
import { HlsClient } from "./dlmshls.js";

// 2026-01-01 00:00 UTC, a Thursday: the Z6 day 1 stop falls at 2026-02-01 00:00 CET = 2026-01-31 23:00 UTC.
const T0 = utc(2026, 1, 1, 0);
const STOP = utc(2026, 1, 31, 23);
const HOURS = 31 * 24 + 12; // to 2026-02-01 12:00 UTC
const SECTOR = 4096;
const WAVE = { vrms: 230, irms: 8, phaseDeg: 20 };

const CALENDAR = [0, 0, 13, 0, 0, 255];
const BILLING = [1, 0, 98, 1, 0, 255];
const CLOCK = [0, 0, 1, 0, 0, 255];
const DISCONNECT = [0, 0, 96, 3, 10, 255];
const ACCOUNT = [0, 0, 19, 0, 0, 255];
const TOKEN = [0, 0, 19, 10, 0, 255];
const configLn = (id: ConfigId): number[] => [0, 128, 96, 0, id, 255];
const i32 = (v: number): number[] => [0x05, (v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
const action = (c: number, ln: number[], m: number, params: number[]): number[] => [0xc3, 1, 0xc1, 0, c, ...ln, m, 1, ...params];

// The calendar of tests/cosem_calendar.test.ts: weekday 00:00 T1, 07:00 T2, 22:00 T1; weekend T3; one season from 1 January.
const u8 = (n: number): number[] => [0x11, n];
const id = (n: number): number[] => [0x09, 1, n];
const SCRIPT = [0x09, 6, 0, 0, 10, 0, 100, 255];
const DAYS = [0x01, 2,
  0x02, 2, ...u8(1), 0x01, 3,
  0x02, 3, 0x09, 4, 0, 0, 0, 0, ...SCRIPT, 0x12, 0, 1,
  0x02, 3, 0x09, 4, 7, 0, 0, 0, ...SCRIPT, 0x12, 0, 2,
  0x02, 3, 0x09, 4, 22, 0, 0, 0, ...SCRIPT, 0x12, 0, 1,
  0x02, 2, ...u8(2), 0x01, 1,
  0x02, 3, 0x09, 4, 0, 0, 0, 0, ...SCRIPT, 0x12, 0, 3];
const WEEKS = [0x01, 1, 0x02, 8, ...id(1), ...u8(1), ...u8(1), ...u8(1), ...u8(1), ...u8(1), ...u8(2), ...u8(2)];
const SEASONS = [0x01, 1, 0x02, 3, ...id(1), 0x09, 12, 0xff, 0xff, 1, 1, 0xff, 0, 0, 0, 0xff, 0x80, 0x00, 0xff, ...id(1)];

const clockColumn = [0x02, 0x04, 0x12, 0, 8, 0x09, 6, ...CLOCK, 0x0f, 2, 0x12, 0, 0];

// GET with selective access by range (selector 1), collecting the block transfer.
function getRange(sim: Simulator, classId: number, ln: number[], from: bigint, to: bigint): Data {
  return getSelected(sim, MANAGEMENT, classId, ln, 2, [1, 0x02, 0x04, ...clockColumn, ...dateTime(from), ...dateTime(to), 0x01, 0]);
}

// The factory state both meters start from: Z9 2 (remote reconnect direct), Z28 1 (local encryption ordered:
// breaker and prepayment actions need HLS), prepayment configured in Wh (low level 1000 Wh) but off.
function startImage(): Uint8Array {
  const sim = new Simulator({ nvm: new NorFlash(), startUtcS: T0, waveform: WAVE });
  sim.boot();
  assert.equal(sim.meter.configSet(ConfigId.DISCONNECT_MODE, 2), Err.OK);
  assert.equal(sim.meter.configSet(ConfigId.LOCAL_ENCRYPTION, 1), Err.OK);
  assert.equal(sim.meter.prepaySet(false, CreditUnit.WH, 1000n, 0n), Err.OK);
  return Uint8Array.from(sim.nvm.data);
}

function meterFrom(image: Uint8Array): Simulator {
  const nvm = new NorFlash();
  nvm.data.set(image);
  const sim = new Simulator({ nvm, startUtcS: T0, waveform: WAVE });
  sim.boot();
  return sim;
}

// The newest valid record (highest sequence) of a two-sector ring: its sequence and payload.
function newestRecord(sim: Simulator, firstSector: number, magic: number, length: number): { sequence: number; payload: Uint8Array } {
  let best = { sequence: -1, payload: new Uint8Array(0) };
  for (let s = firstSector; s < firstSector + 2; s++) {
    for (let at = s * SECTOR; at + length <= (s + 1) * SECTOR; at += length) {
      const r = sim.nvm.data.subarray(at, at + length);
      const v = new DataView(r.buffer, r.byteOffset, length);
      if (v.getUint32(0, true) !== magic || v.getUint32(length - 4, true) !== crc32(r.subarray(0, length - 4))) continue;
      if (v.getUint32(8, true) > best.sequence) best = { sequence: v.getUint32(8, true), payload: Uint8Array.from(r.subarray(12, length - 4)) };
    }
  }
  assert.ok(best.sequence >= 0, `a record in sectors ${firstSector}..${firstSector + 1}`);
  return best;
}

// B takes as many 10 ms steps as A's exchanges did, so both see the same samples. B's export comes right
// after the step in which A's request is served: an export made before the step would move B's relay one
// step (10 ms) earlier than A's, which shows in E+ (VA is not linear in the samples of a window).
function catchUp(a: Simulator, b: Simulator): void {
  while (b.nowMs < a.nowMs) b.step();
}

test("head-end month over DLMS only equals the export-driven month: registers, tariffs, billing stop, breaker, credit, event codes and times, NVM", () => {
  const started = Date.now();
  const image = startImage();
  const A = meterFrom(image);
  const B = meterFrom(image);
  const log: string[] = [];
  // One head-end: its invocation counter runs on from association to association (the meter refuses a replay).
  let ic = 1;
  const hlsOpen = (): HlsClient => { const c = new HlsClient(A, { ic }); c.open(); return c; };
  const hlsDo = (apdu: number[], exportCall: () => Err, what: string): void => {
    const hls = hlsOpen();
    catchUp(A, B);
    const r = hls.request(apdu);
    ic = hls.ic;
    assert.deepEqual(r.slice(0, 4), [0xc7, 0x01, 0xc1, 0], `A: ${what} over HLS`);
    B.step();
    assert.equal(exportCall(), Err.OK, `B: ${what}`);
    log.push(what);
  };

  for (let h = 0; h < HOURS; h++) {
    for (const m of [A, B]) { m.rtc.skipAhead(3599); m.run(1); }
    const day = Math.floor(h / 24) + 1;
    if (h % 24 !== 10) continue; // the head-end works at 10:00 UTC
    if (day === 2) {
      // Z4 integration period 15 -> 30 min (Z4 code 2 -> 3) by LLS management; B by config_set.
      associate(A, MANAGEMENT);
      catchUp(A, B);
      assert.equal(B.meter.configSet(ConfigId.INTEGRATION_PERIOD, 3), Err.OK);
      assert.equal(set(A, MANAGEMENT, 1, configLn(ConfigId.INTEGRATION_PERIOD), 2, u32(3)), 0, "Z4 over DLMS");
      B.step();
    } else if (day === 3) {
      associate(A, MANAGEMENT);
      assert.equal(set(A, MANAGEMENT, 20, CALENDAR, 9, DAYS), 0);
      assert.equal(set(A, MANAGEMENT, 20, CALENDAR, 8, WEEKS), 0);
      assert.equal(set(A, MANAGEMENT, 20, CALENDAR, 7, SEASONS), 0);
      catchUp(A, B);
      const m = B.meter;
      m.touClear();
      assert.equal(m.touSeason(1, 1, 1), Err.OK);
      assert.equal(m.touWeek(1, [1, 1, 1, 1, 1, 2, 2]), Err.OK);
      for (const [d, hh, t] of [[1, 0, 1], [1, 7, 2], [1, 22, 1], [2, 0, 3]]) assert.equal(m.touSwitch(d, hh, 0, t), Err.OK);
      assert.equal(m.touActivate(), Err.OK);
      assert.deepEqual(exchange(A, [0xc3, 0x01, 0xc1, 0, 20, ...CALENDAR, 1, 1, 0x0f, 0], MANAGEMENT)!.slice(0, 4), [0xc7, 1, 0xc1, 0], "activate_passive_calendar");
      B.step();
      catchUp(A, B);
      assert.equal(B.meter.configSet(ConfigId.TARIFF_CONTROL, 2), Err.OK);
      assert.equal(B.meter.configSet(ConfigId.CALENDAR_SETUP, 7), Err.OK);
      assert.deepEqual(setList(A, MANAGEMENT, [[1, configLn(ConfigId.TARIFF_CONTROL), 2, u32(2)], [1, configLn(ConfigId.CALENDAR_SETUP), 2, u32(7)]]), [0, 0]);
      B.step();
    } else if (day === 5) {
      hlsDo(action(111, ACCOUNT, 1, [0x0f, 0]), () => B.meter.prepaySet(true, CreditUnit.WH, 1000n, 0n), "prepayment on (activate_account)");
      hlsDo(action(112, TOKEN, 1, i32(5000)), () => B.meter.prepayTopUp(5000n), "top-up 5000 Wh (update_amount)");
    } else if (day === 10) {
      hlsDo(action(70, DISCONNECT, 1, [0x0f, 0]), () => B.meter.breakerDisconnect(), "remote_disconnect");
    } else if (day === 11) {
      hlsDo(action(70, DISCONNECT, 2, [0x0f, 0]), () => B.meter.breakerReconnect(), "remote_reconnect");
    }
    catchUp(A, B);
    assert.equal(B.nowMs, A.nowMs, `day ${day}: both meters at the same step`);
  }
  assert.equal(A.nowMs, B.nowMs);
  assert.equal(A.meter.clockLocalS(), B.meter.clockLocalS());

  // Registers: all eighteen (A+, A-, R+..R4, E+, E-, A+T1..T4, R+T1..T4), to the µWh.
  for (let r = 0; r < REGISTER_COUNT; r++) {
    assert.equal(A.meter.energyUwh(r), B.meter.energyUwh(r), `register ${REGISTER_NAMES[r]}`);
  }
  const aPlusWh = A.meter.energyWh(0);
  // 1 s of 230 V x 8 A x cos 20 deg (1729 W) per hour, less the 25 hours the breaker was open: about 0.48 Wh an hour.
  assert.ok(aPlusWh >= 300n && aPlusWh <= 400n, `A+ ${aPlusWh} Wh`);
  const t = [10, 11, 12].map((r) => A.meter.energyWh(r));
  assert.ok(t[0] > 0n && t[1] > 0n && t[2] > 0n, `the calendar drove T1 ${t[0]}, T2 ${t[1]}, T3 ${t[2]} Wh`);
  assert.equal(A.meter.tariff(), B.meter.tariff());
  // Z4 3 (30 min) from day 2 on both; the NVM comparison below holds the load profile itself.
  assert.deepEqual([A.meter.configGet(ConfigId.INTEGRATION_PERIOD), B.meter.configGet(ConfigId.INTEGRATION_PERIOD)], [3, 3]);

  // Billing: the Z6/Z7 stop at 2026-01-31 23:00 UTC read over DLMS by range equals B's billing_record.
  associate(A, MANAGEMENT);
  catchUp(A, B);
  const rows = getRange(A, 7, BILLING, STOP - 86400n, STOP + 86400n) as Data[][];
  catchUp(A, B);
  assert.equal(rows.length, 1, "one debiting stop in the range");
  const recB = B.meter.billingRecord(Logger.BILLING, 0);
  const recA = A.meter.billingRecord(Logger.BILLING, 0);
  assert.ok(typeof recB === "object" && typeof recA === "object");
  assert.equal(utcOf(rows[0][0] as number[]), STOP);
  assert.equal(recB.timeUtcS, STOP);
  assert.equal(BigInt(rows[0][1] as number), BigInt(recB.stopCounter!), "billing period counter");
  assert.deepEqual((rows[0].slice(2) as (bigint | number)[]).map(BigInt), recB.registersWh, "the eighteen registers at the stop");
  assert.deepEqual(recA, recB);
  assert.ok(recB.registersWh[0] > 250n, `A+ at the stop ${recB.registersWh[0]} Wh`);

  // Breaker and credit.
  assert.equal(A.meter.breakerState(), ControlState.CONNECTED);
  assert.equal(B.meter.breakerState(), ControlState.CONNECTED);
  assert.equal(A.relay.position(), true);
  const credit = A.meter.prepayCredit();
  assert.equal(credit, B.meter.prepayCredit(), "credit in thousandths of a Wh");
  assert.ok(credit > 4_500_000n && credit < 5_000_000n, `5000 Wh less what was used since day 5: ${credit}`);

  // Event logs: the same codes at the same times (the cause may name the client SAP on A). Event 70 is
  // documented as "a setting changed over DLMS" (docs/HAL.md): only A has it, one per value changed.
  const day = (d: number): bigint => T0 + BigInt(d - 1) * 86400n;
  const changed = A.meter.eventLog(EventLog.STANDARD).filter((e) => e.code === EventCode.CONFIG_CHANGED);
  assert.deepEqual(changed.map((e) => [e.cause, e.a, e.b, (e.timeUtcS - day(1)) / 86400n + 1n]), [
    [1, ConfigId.INTEGRATION_PERIOD, (2n << 32n) | 3n, 2n],
    [1, ConfigId.TARIFF_CONTROL, (0n << 32n) | 2n, 3n],
    [1, ConfigId.CALENDAR_SETUP, (0n << 32n) | 7n, 3n],
  ], "Z4 2 -> 3 on day 2, Z13 0 -> 2 and Z20 0 -> 7 on day 3, by client SAP 1");
  let compared = 0;
  for (const lg of [EventLog.STANDARD, EventLog.FRAUD, EventLog.DISCONNECTOR, EventLog.POWER_QUALITY, EventLog.FIRMWARE, EventLog.POWER_FAILURE]) {
    const ea = A.meter.eventLog(lg).filter((e) => e.code !== EventCode.CONFIG_CHANGED).map((e) => `${e.timeUtcS} ${e.code}`);
    const eb = B.meter.eventLog(lg).map((e) => `${e.timeUtcS} ${e.code}`);
    assert.deepEqual(ea, eb, `event log ${EventLog[lg]}`);
    compared += ea.length;
  }
  const calendar = A.meter.eventLog(EventLog.STANDARD).filter((e) => e.code === EventCode.CALENDAR_ACTIVATED);
  assert.deepEqual(calendar.map((e) => [e.cause, (e.timeUtcS - day(1)) / 86400n + 1n]), [[1, 3n]], "activated by client SAP 1 on day 3");
  assert.deepEqual(B.meter.eventLog(EventLog.STANDARD).filter((e) => e.code === EventCode.CALENDAR_ACTIVATED).map((e) => e.cause), [0], "by the host");
  const disc = A.meter.eventLog(EventLog.DISCONNECTOR).map((e) => (e.timeUtcS - day(1)) / 86400n + 1n);
  assert.ok(disc.includes(10n) && disc.includes(11n), `disconnector events on days ${disc.join(", ")}`);

  // NVM: every sector equal but those that carry the DLMS side of A (listed with the reason).
  const differ: number[] = [];
  for (let s = 0; s < A.nvm.data.length / SECTOR; s++) {
    if (!Buffer.from(A.nvm.data.subarray(s * SECTOR, (s + 1) * SECTOR)).equals(Buffer.from(B.nvm.data.subarray(s * SECTOR, (s + 1) * SECTOR)))) differ.push(s);
  }
  console.log(`head-end month: ${HOURS} h of meter time, A+ ${aPlusWh} Wh, T1..T3 ${t.join("/")} Wh, credit ${credit}, ` +
    `${compared} events alike, sectors differing ${differ.join(",")}; HLS actions ${log.join(", ")}; ${Date.now() - started} ms`);
  // 82: A wrote Z13 and Z20 in one SET with-list (one configuration record), B in two config_set calls.
  // 84: A stored each passive part as it was written (days, weeks, seasons, then the activation), B once at
  // tou_activate. 86: A's standard log holds the three events 70. 249: the HLS invocation counters reserved.
  assert.deepEqual(differ, [82, 84, 86, 249], "sectors differing");
  // Where the rings differ only by how many writes it took, the newest record's payload is the same.
  const seqs: string[] = [];
  for (const [first, magic, length, what] of [[82, 0x46434d57, 332, "configuration"], [84, 0x4c434d57, 984, "calendars"]] as const) {
    const ra = newestRecord(A, first, magic, length);
    const rb = newestRecord(B, first, magic, length);
    seqs.push(`${what} ${ra.sequence}/${rb.sequence}`);
    assert.notEqual(ra.sequence, rb.sequence, `${what}: a different number of writes`);
    assert.ok(Buffer.from(ra.payload).equals(Buffer.from(rb.payload)), `${what}: newest record's payload (bytes 12..${length - 5}) alike`);
  }
  console.log(`head-end month: newest record sequence A/B: ${seqs.join(", ")}`);

});
