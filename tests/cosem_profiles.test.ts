// Profile generic objects over DLMS: load profile, billing and event logs read whole, by range and by entry, in blocks, against the firmware's own stores.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Simulator } from "../host/sim.js";
import { ConfigId, Err, EventLog, Logger, Register } from "../host/abi.js";
import { NorFlash } from "../host/shims/nvm.js";
import { utc } from "./helpers.js";
import { toHex, aarqLls, AARQ_PUBLIC, exchange } from "./dlmsframes.js";
import { dateTime } from "./cosemclient.js";

const MGMT = 1;
const LOAD_PROFILE = [1, 0, 99, 1, 0, 255];
const BILLING = [1, 0, 98, 1, 0, 255];
const LOGGER2 = [1, 0, 98, 2, 0, 255];
const STANDARD_LOG = [0, 0, 99, 98, 0, 255];
const FRAUD_LOG = [0, 0, 99, 98, 1, 255];
const ALOG = [1, 0, 99, 2, 0, 255];
const CLOCK = [0, 0, 1, 0, 0, 255];
const A_PLUS = [1, 0, 1, 8, 0, 255];
const T0 = utc(2026, 5, 4, 0); // Monday 4 May 2026 00:00 UTC

type Data = null | bigint | number | boolean | number[] | Data[];

// A-XDR Data decoder for the answers (arrays and structures as JS arrays, octet-strings as byte arrays).
function decode(b: number[], at = { k: 0 }): Data {
  const tag = b[at.k++];
  const len = (): number => {
    const first = b[at.k++];
    if (first < 0x80) return first;
    let n = 0;
    for (let j = 0; j < (first & 0x7f); j++) n = (n << 8) | b[at.k++];
    return n;
  };
  const int = (n: number, signed: boolean): bigint => {
    let v = 0n;
    for (let j = 0; j < n; j++) v = (v << 8n) | BigInt(b[at.k++]);
    return signed ? BigInt.asIntN(8 * n, v) : v;
  };
  switch (tag) {
    case 0: return null;
    case 1: case 2: { const n = len(); return Array.from({ length: n }, () => decode(b, at)); }
    case 9: case 10: { const n = len(); const s = b.slice(at.k, at.k + n); at.k += n; return s; }
    case 5: return int(4, true);
    case 6: return int(4, false);
    case 15: return int(1, true);
    case 16: return int(2, true);
    case 17: case 22: return int(1, false);
    case 18: return int(2, false);
    case 21: return int(8, false);
    case 20: return int(8, true);
    default: throw new Error(`tag ${tag} at ${at.k - 1}`);
  }
}

// UTC seconds of a COSEM date-time (UTC = local + deviation); null for "not specified".
function utcOf(dt: number[]): bigint | null {
  if (dt[0] === 0xff && dt[1] === 0xff) return null;
  const local = BigInt(Date.UTC((dt[0] << 8) | dt[1], dt[2] - 1, dt[3], dt[5], dt[6], dt[7]) / 1000);
  const dev = BigInt.asIntN(16, BigInt((dt[9] << 8) | dt[10]));
  return local + dev * 60n;
}


const definition = (classId: number, obis: number[], attr: number): number[] => [0x02, 0x04, 0x12, 0, classId, 0x09, 6, ...obis, 0x0f, attr, 0x12, 0, 0];
const rangeParams = (from: bigint, to: bigint, selected: number[][] = []): number[] =>
  [0x02, 0x04, ...definition(8, CLOCK, 2), ...dateTime(from), ...dateTime(to), 0x01, selected.length, ...selected.flat()];
const entryParams = (from: number, to: number, fromCol: number, toCol: number): number[] =>
  [0x02, 0x04, 0x06, ...u32(from), 0x06, ...u32(to), 0x12, fromCol >> 8, fromCol & 0xff, 0x12, toCol >> 8, toCol & 0xff];
const u32 = (v: number): number[] => [v >>> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff];
const getNormal = (classId: number, obis: number[], attr: number, selector = 0, params: number[] = []): number[] =>
  [0xc0, 0x01, 0xc1, 0, classId, ...obis, attr, ...(selector ? [1, selector, ...params] : [0])];

interface Answer { data: number[] | null; result: number; blocks: number; nvmReadPerBlock: number[] }

// A GET (normal) as management, collecting a block transfer with GET next; the Data's bytes or the data-access-result.
function get(sim: Simulator, apdu: number[]): Answer {
  const before = sim.nvm.readBytes;
  let reply = exchange(sim, apdu, MGMT)!;
  const reads = [sim.nvm.readBytes - before];
  if (reply[1] === 0x01) {
    assert.deepEqual(reply.slice(0, 3), [0xc4, 0x01, 0xc1]);
    return reply[3] === 0 ? { data: reply.slice(4), result: 0, blocks: 0, nvmReadPerBlock: reads } : { data: null, result: reply[4], blocks: 0, nvmReadPerBlock: reads };
  }
  const raw: number[] = [];
  let block = 1;
  for (;;) {
    assert.ok(reply.length <= 256, `block ${block}: ${reply.length} bytes`);
    assert.deepEqual(reply.slice(0, 3), [0xc4, 0x02, 0xc1]);
    assert.equal(Buffer.from(reply.slice(4, 8)).readUInt32BE(), block, "block number");
    if (reply[8] !== 0) return { data: null, result: reply[9], blocks: block, nvmReadPerBlock: reads };
    let n = reply[9];
    let at = 10;
    if (n === 0x81) { n = reply[10]; at = 11; } else if (n === 0x82) { n = (reply[10] << 8) | reply[11]; at = 12; }
    assert.equal(reply.length, at + n, "raw-data length");
    raw.push(...reply.slice(at, at + n));
    if (reply[3] === 1) break;
    const b = sim.nvm.readBytes;
    reply = exchange(sim, [0xc0, 0x02, 0xc1, ...u32(block)], MGMT)!;
    reads.push(sim.nvm.readBytes - b);
    block++;
  }
  return { data: raw, result: 0, blocks: block, nvmReadPerBlock: reads };
}

function ok(a: Answer): Data {
  assert.equal(a.result, 0, `data-access-result ${a.result}`);
  const at = { k: 0 };
  const v = decode(a.data!, at);
  assert.equal(at.k, a.data!.length, "one whole Data, nothing after it");
  return v;
}

function associate(sim: Simulator): void {
  assert.equal(exchange(sim, aarqLls("12345678"), MGMT)![17], 0, "management associated");
}

// A meter with `periods` 15-minute load profile entries of A+/A-/R+/R- (Z29 3): the RTC runs 900 times faster.
function meterWithProfile(periods: number): Simulator {
  const sim = new Simulator({ nvm: new NorFlash(), startUtcS: T0, waveform: { vrms: 230, irms: 10, phaseDeg: 30 } });
  sim.boot();
  for (let k = 0; k < periods; k++) {
    sim.rtc.skipAhead(899);
    sim.run(1);
  }
  return sim;
}

// The entries of a buffer as the profile_seek/next export gives them: [time, status, A+, A-, R+, R-].
function exportRows(sim: Simulator, from: bigint, to: bigint): bigint[][] {
  return sim.meter.profile(from).filter((e) => e.timeUtcS <= to).map((e) => [e.timeUtcS, BigInt(e.status), ...e.valuesWh]);
}

function bufferRows(v: Data): bigint[][] {
  return (v as Data[][]).map((row) => row.map((x, k) => (k === 0 ? utcOf(x as number[])! : BigInt(x as bigint | number))));
}

const week = meterWithProfile(7 * 96 + 2);

test("load profile range access by time returns exactly the entries from..to (inclusive) of profile_seek/next", () => {
  associate(week);
  const from = T0 + 2n * 86400n + 10n * 3600n; // Wednesday 10:00 UTC
  const to = from + 86400n;
  const a = get(week, getNormal(7, LOAD_PROFILE, 2, 1, rangeParams(from, to)));
  const rows = bufferRows(ok(a));
  assert.equal(rows.length, 97, "a day of quarter hours, both ends included");
  assert.deepEqual(rows, exportRows(week, from, to));
  assert.equal(rows[0][0], from);
  assert.ok(a.blocks >= 10, `${a.blocks} blocks of at most 256 bytes`);
  // selected values: the clock and A+ only
  const sel = bufferRows(ok(get(week, getNormal(7, LOAD_PROFILE, 2, 1, rangeParams(from, from + 3600n, [definition(8, CLOCK, 2), definition(3, A_PLUS, 2)])))));
  assert.deepEqual(sel, exportRows(week, from, from + 3600n).map((r) => [r[0], r[2]]));
  assert.equal(sel.length, 5);
  // a range before the profile and one after it are empty arrays
  assert.deepEqual(ok(get(week, getNormal(7, LOAD_PROFILE, 2, 1, rangeParams(T0 - 7200n, T0 - 3600n)))), []);
  assert.deepEqual(ok(get(week, getNormal(7, LOAD_PROFILE, 2, 1, rangeParams(T0 + 30n * 86400n, T0 + 31n * 86400n)))), []);
});

test("a week of 15-minute entries in blocks: complete, equal to the store, each block's flash reads bounded", () => {
  associate(week);
  const a = get(week, getNormal(7, LOAD_PROFILE, 2));
  const rows = bufferRows(ok(a));
  const all = exportRows(week, -(2n ** 62n), 2n ** 62n);
  assert.ok(rows.length >= 7 * 96, `${rows.length} entries`);
  assert.deepEqual(rows, all);
  for (let k = 1; k < rows.length; k++) assert.equal(rows[k][0] - rows[k - 1][0], 900n, `entry ${k} follows by 15 min`);
  // 57 bytes per entry (clock 14, status 2, 4 x 9, structure 2): about 4 entries per block.
  assert.ok(a.blocks >= rows.length / 5, `${a.blocks} blocks`);
  // A block seeks from the entry the last one began in: the last blocks read no more than the second.
  const later = a.nvmReadPerBlock.slice(2);
  const worst = Math.max(...later);
  console.log(`load profile week: ${rows.length} entries in ${a.blocks} blocks; flash bytes read per GET next max ${worst}, first GET ${a.nvmReadPerBlock[0]}`);
  assert.ok(worst <= 2 * a.nvmReadPerBlock[1] + 4096, `per block ${worst} vs ${a.nvmReadPerBlock[1]} bytes`);
  assert.ok(worst < 127 * 96 + 2 * 4096, "never the whole profile per block");
});

test("load profile entry access: entries 5..8, values 1..2 (clock, status); to_entry 0 runs to the newest", () => {
  associate(week);
  const all = exportRows(week, -(2n ** 62n), 2n ** 62n);
  const rows = bufferRows(ok(get(week, getNormal(7, LOAD_PROFILE, 2, 2, entryParams(5, 8, 1, 2)))));
  assert.deepEqual(rows, all.slice(4, 8).map((r) => [r[0], r[1]]));
  const tail = ok(get(week, getNormal(7, LOAD_PROFILE, 2, 2, entryParams(all.length - 2, 0, 3, 0))));
  assert.deepEqual(tail, all.slice(-3).map((r) => r.slice(2)), "the last three entries from value 3 on: A+, A-, R+, R-");
  assert.deepEqual(ok(get(week, getNormal(7, LOAD_PROFILE, 2, 2, entryParams(all.length + 1, 0, 1, 0)))), [], "beyond the newest: none");
  const inUse = ok(get(week, getNormal(7, LOAD_PROFILE, 7)));
  assert.equal(inUse, BigInt(all.length), "entries_in_use");
});

test("load profile attributes: capture objects clock, status and the Z29 3 registers; period 900 s; FIFO", () => {
  associate(week);
  const caps = ok(get(week, getNormal(7, LOAD_PROFILE, 3))) as Data[][];
  assert.deepEqual(caps.map((c) => [Number(c[0]), (c[1] as number[]).join(".")]), [
    [8, "0.0.1.0.0.255"], [1, "0.0.96.10.7.255"], [3, "1.0.1.8.0.255"], [3, "1.0.2.8.0.255"], [3, "1.0.3.8.0.255"], [3, "1.0.4.8.0.255"],
  ]);
  assert.equal(ok(get(week, getNormal(7, LOAD_PROFILE, 4))), 900n);
  assert.equal(ok(get(week, getNormal(7, LOAD_PROFILE, 5))), 1n);
  // the management object list offers selectors 1 and 2 on each profile's buffer, null-data elsewhere
  const list = ok(get(week, getNormal(15, [0, 0, 40, 0, 0, 255], 2))) as Data[][];
  const lp = list.find((o) => (o[2] as number[]).join(".") === "1.0.99.1.0.255")!;
  assert.equal(lp[0], 7n);
  assert.equal(lp[1], 1n, "version 1");
  const attrs = (lp[3] as Data[][])[0] as Data[][];
  assert.deepEqual(attrs.map((a) => [a[0], a[1], a[2]]), [1, 2, 3, 4, 5, 6, 7, 8].map((k) => [BigInt(k), 1n, k === 2 ? [1n, 2n] : null]));
  const profiles = list.filter((o) => o[0] === 7n);
  assert.equal(profiles.length, 10, "load profile, billing, logger 2, the six event logs and the analysis logger");
  for (const p of profiles) assert.ok(((p[3] as Data[][])[0] as Data[][])[1][2] !== null, `selectors on ${(p[2] as number[]).join(".")}`);
  const depth = ok(get(week, getNormal(7, LOAD_PROFILE, 8))) as bigint;
  assert.ok(depth >= 122n * 96n, `profile_entries ${depth}: the data sheet's 122 days at full load`);
});

test("selective access refused where not offered, wrong selector and malformed parameters give their data-access-results", () => {
  associate(week);
  const from = T0 + 86400n;
  assert.equal(get(week, getNormal(3, A_PLUS, 2, 1, rangeParams(from, from + 900n))).result, 13, "a register: scope-of-access-violated");
  assert.equal(get(week, getNormal(7, LOAD_PROFILE, 3, 1, rangeParams(from, from + 900n))).result, 13, "capture_objects: none offered");
  assert.equal(get(week, getNormal(7, LOAD_PROFILE, 2, 3, rangeParams(from, from + 900n))).result, 13, "selector 3 not offered");
  const byAPlus = [0x02, 0x04, ...definition(3, A_PLUS, 2), ...dateTime(from), ...dateTime(from), 0x01, 0];
  assert.equal(get(week, getNormal(7, LOAD_PROFILE, 2, 1, byAPlus)).result, 13, "restricting object other than the clock");
  const unknownColumn = rangeParams(from, from + 900n, [definition(3, [1, 0, 9, 8, 0, 255], 2)]);
  assert.equal(get(week, getNormal(7, LOAD_PROFILE, 2, 1, unknownColumn)).result, 13, "a selected value not captured");
  const badDate = rangeParams(from, from).slice();
  badDate[24] = 13; // month 13
  assert.equal(get(week, getNormal(7, LOAD_PROFILE, 2, 1, badDate)).result, 12, "an invalid date: type-unmatched");
  assert.equal(get(week, getNormal(7, LOAD_PROFILE, 2, 2, [0x02, 0x04, 0x12, 0, 1])).result, 12, "an entry descriptor cut short");
  assert.equal(get(week, getNormal(7, LOAD_PROFILE, 2, 2, entryParams(0, 3, 1, 0))).result, 250, "entry 0 does not exist");
  assert.equal(get(week, getNormal(7, LOAD_PROFILE, 2, 2, entryParams(1, 3, 9, 0))).result, 250, "value 9 beyond the 6 captured");
  // the public client does not see the profiles
  assert.equal(exchange(week, AARQ_PUBLIC)![17], 0);
  assert.equal(toHex(exchange(week, getNormal(7, LOAD_PROFILE, 2))!), "c4 01 c1 01 04");
});

test("event logs: range and entry access return event_log_record's entries (clock, code; power failure with its duration)", () => {
  const sim = new Simulator({ nvm: new NorFlash(), startUtcS: T0, waveform: { vrms: 230, irms: 5, phaseDeg: 0 } });
  sim.boot();
  for (let k = 0; k < 2; k++) {
    exchange(sim, aarqLls("wrong-" + k), MGMT); // each a failed authentication in the fraud log
    sim.rtc.skipAhead(600);
    sim.run(1);
  }
  associate(sim);
  const fraud = sim.meter.eventLog(EventLog.FRAUD);
  assert.equal(fraud.length, 2);
  const rows = (ok(get(sim, getNormal(7, FRAUD_LOG, 2))) as Data[][]).map((r) => [utcOf(r[0] as number[]), Number(r[1])]);
  assert.deepEqual(rows, fraud.map((e) => [e.timeUtcS, e.code]));
  const second = (ok(get(sim, getNormal(7, FRAUD_LOG, 2, 1, rangeParams(fraud[1].timeUtcS, fraud[1].timeUtcS + 60n)))) as Data[][]).map((r) => utcOf(r[0] as number[]));
  assert.deepEqual(second, [fraud[1].timeUtcS], "600 s apart: the range holds the second only");
  const last = (ok(get(sim, getNormal(7, FRAUD_LOG, 2, 2, entryParams(2, 0, 2, 2)))) as Data[][]);
  assert.deepEqual(last, [[9n]], "entry 2, value 2: the event code 9");
  assert.equal(ok(get(sim, getNormal(7, FRAUD_LOG, 7))), 2n, "entries_in_use");
  const std = sim.meter.eventLog(EventLog.STANDARD);
  const stdRows = (ok(get(sim, getNormal(7, STANDARD_LOG, 2))) as Data[][]).map((r) => [utcOf(r[0] as number[]), Number(r[1])]);
  assert.deepEqual(stdRows, std.map((e) => [e.timeUtcS, e.code]));
  const caps = ok(get(sim, getNormal(7, [1, 0, 99, 97, 0, 255], 3))) as Data[][];
  assert.deepEqual(caps.map((c) => (c[1] as number[]).join(".")), ["0.0.1.0.0.255", "0.0.96.11.6.255", "0.0.96.7.19.255"]);
});

test("head-end scenario over DLMS: a month of meter time, the debiting stop read back from the billing profile by range", () => {
  // 2026-01-20 12:00 UTC to 2026-02-20: the Z6 day 1 stop at 2026-02-01 00:00 CET = 2026-01-31 23:00 UTC.
  const sim = new Simulator({ nvm: new NorFlash(), startUtcS: utc(2026, 1, 20, 12), waveform: { vrms: 230, irms: 8, phaseDeg: 0 } });
  sim.boot();
  for (let h = 0; h < 31 * 24; h++) {
    sim.rtc.skipAhead(3599);
    sim.run(1);
  }
  associate(sim);
  const stop = utc(2026, 1, 31, 23);
  const rows = ok(get(sim, getNormal(7, BILLING, 2, 1, rangeParams(stop - 86400n, stop + 86400n)))) as Data[][];
  assert.equal(rows.length, 1, "one stop in the range");
  const rec = sim.meter.billingRecord(Logger.BILLING, 0);
  assert.ok(typeof rec === "object");
  assert.equal(utcOf(rows[0][0] as number[]), stop);
  assert.equal(rows[0][1], BigInt(rec.stopCounter!), "billing period counter");
  assert.deepEqual(rows[0].slice(2), rec.registersWh, "the eighteen registers as stored");
  assert.ok(rec.registersWh[0] > 0n);
  // capture (method 2) is an external debiting stop: the profile has one more entry, now
  assert.equal(toHex(exchange(sim, [0xc3, 0x01, 0xc1, 0, 7, ...BILLING, 2, 1, 0x0f, 0], MGMT)!), "c7 01 c1 00 00");
  const all = ok(get(sim, getNormal(7, BILLING, 2))) as Data[][];
  assert.equal(all.length, 2);
  const ext = sim.meter.billingRecord(Logger.BILLING, 0);
  assert.ok(typeof ext === "object" && ext.flags === 2, "flagged external");
  assert.equal(utcOf(all[1][0] as number[]), ext.timeUtcS);
  // the end of billing: the action schedule says 00:00 of day Z6 (1) of every month (Z7 1) runs script 1 of
  // 0.0.10.0.1.255, whose execute is the same external stop; an unknown script is refused, nothing taken
  assert.deepEqual(ok(get(sim, getNormal(22, [0, 0, 15, 0, 0, 255], 2))), [[0, 0, 10, 0, 1, 255], 1n]);
  assert.deepEqual(ok(get(sim, getNormal(22, [0, 0, 15, 0, 0, 255], 4))), [[[0, 0, 0, 0], [0xff, 0xff, 0xff, 1, 0xff]]]);
  assert.equal(sim.meter.configSet(ConfigId.DEBITING_INTERVAL, 4), Err.OK); // every third month from January
  assert.deepEqual(ok(get(sim, getNormal(22, [0, 0, 15, 0, 0, 255], 4))), [1, 4, 7, 10].map((m) => [[0, 0, 0, 0], [0xff, 0xff, m, 1, 0xff]]));
  assert.equal(ok(get(sim, getNormal(22, [0, 0, 15, 0, 0, 255], 3))), 2n, "type 2: several times, the same time of day");
  const script = ok(get(sim, getNormal(9, [0, 0, 10, 0, 1, 255], 2)));
  assert.deepEqual(script, [[1n, [[2n, 7n, BILLING, 2n, 0n]]]], "script 1: execute capture (2) of the billing profile");
  const execute = (id: number): string => toHex(exchange(sim, [0xc3, 0x01, 0xc1, 0, 9, 0, 0, 10, 0, 1, 255, 1, 1, 0x12, id >> 8, id & 0xff], MGMT)!);
  assert.equal(execute(2), "c7 01 c1 0b 00", "script 2 does not exist: object-unavailable");
  assert.equal((ok(get(sim, getNormal(7, BILLING, 2))) as Data[][]).length, 2);
  assert.equal(execute(1), "c7 01 c1 00 00");
  assert.equal((ok(get(sim, getNormal(7, BILLING, 2))) as Data[][]).length, 3);
  assert.equal(sim.meter.billingRecord(Logger.BILLING, 0) && (sim.meter.billingRecord(Logger.BILLING, 0) as { flags: number }).flags, 2);
  // debit logger 2 (Z25 daily, Z30 01): clock and A+, A-, R+, R- of each day
  const l2 = ok(get(sim, getNormal(7, LOGGER2, 2, 2, entryParams(1, 0, 1, 0)))) as Data[][];
  const l2rec = sim.meter.billingRecord(Logger.LOGGER2, 0);
  assert.ok(typeof l2rec === "object");
  assert.ok(l2.length >= 30, `${l2.length} daily records`);
  assert.deepEqual(l2[l2.length - 1].slice(1), l2rec.registersWh.slice(0, 4));
  assert.equal(sim.meter.configSet(ConfigId.LOGGER2_PROFILE, 2), Err.OK);
  const wide = ok(get(sim, getNormal(7, LOGGER2, 2, 2, entryParams(l2.length, 0, 1, 0)))) as Data[][];
  assert.deepEqual(wide[0].slice(1), l2rec.registersWh, "Z30 02: all eighteen");
});

test("random selective access parameters on every profile are answered with data or a data-access-result, never a trap", () => {
  const sim = meterWithProfile(8);
  associate(sim);
  let seed = 12345;
  const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
  const profiles = [LOAD_PROFILE, BILLING, LOGGER2, STANDARD_LOG, FRAUD_LOG, [1, 0, 99, 97, 0, 255]];
  const seen = new Set<string>();
  for (let k = 0; k < 1500; k++) {
    const selector = rnd(4);
    const from = T0 + BigInt(rnd(4 * 3600));
    let params = selector === 2 ? entryParams(rnd(12), rnd(12), rnd(8), rnd(8)) : rangeParams(from, from + BigInt(rnd(7200)));
    if (rnd(3) === 0) params = params.map((b) => (rnd(10) === 0 ? rnd(256) : b)); // a few bytes flipped
    if (rnd(4) === 0) params = params.slice(0, rnd(params.length)); // cut short
    const reply = exchange(sim, getNormal(7, profiles[rnd(profiles.length)], 2, selector, params), MGMT);
    assert.ok(reply !== null && reply.length >= 3, `request ${k}: an answer`);
    seen.add(reply[0] === 0xc4 ? `${reply[1]}/${reply[3] === 0 ? "data" : reply[4]}` : toHex(reply.slice(0, 3)));
    if (reply[0] === 0xc4 && reply[1] === 2 && reply[3] === 0) exchange(sim, [0xc0, 0x02, 0xc1, 0, 0, 0, 1], MGMT);
  }
  assert.ok(seen.has("1/data") && seen.has("1/12") && seen.has("1/13"), [...seen].join(", "));
  const rows = bufferRows(ok(get(sim, getNormal(7, LOAD_PROFILE, 2))));
  assert.deepEqual(rows, exportRows(sim, -(2n ** 62n), 2n ** 62n), "the profile is still read whole and right");
});

test("Z27 02 and Z29 1: the load profile captures the period's A+ increment (1.0.1.29.0.255), the export's deltas", () => {
  const sim = new Simulator({ nvm: new NorFlash(), startUtcS: T0, waveform: { vrms: 230, irms: 10, phaseDeg: 30 } });
  sim.boot();
  assert.equal(sim.meter.configSet(ConfigId.LP_VALUES, 2), Err.OK);
  assert.equal(sim.meter.configSet(ConfigId.LP_CHANNELS, 1), Err.OK);
  sim.run(3 * 900 + 5); // three whole quarter hours of real energy
  associate(sim);
  const caps = ok(get(sim, getNormal(7, LOAD_PROFILE, 3))) as Data[][];
  assert.deepEqual(caps.map((c) => (c[1] as number[]).join(".")), ["0.0.1.0.0.255", "0.0.96.10.7.255", "1.0.1.29.0.255"]);
  const rows = bufferRows(ok(get(sim, getNormal(7, LOAD_PROFILE, 2))));
  const e = sim.meter.profile();
  assert.deepEqual(rows, e.map((x) => [x.timeUtcS, BigInt(x.status), x.deltasWh[0]]));
  // 10 A at 230 V, PF cos 30 deg: 1991.9 W, 498 Wh per quarter hour
  assert.equal(rows.length, 3);
  for (const r of rows) assert.ok(r[2] >= 497n && r[2] <= 499n, `a quarter hour's A+: ${r[2]} Wh`);
});

// A meter ordered with energy type X9 (type 68 61-11 1 BN 1 43 0 0 1-208 otherwise), run five minutes at 10 A,
// 30 degrees (A+ and R+ both grow), then an external debiting stop over DLMS.
function orderedMeterAfterStop(x9: string, z29: number): Simulator {
  const sim = new Simulator({ nvm: new NorFlash(), startUtcS: T0, waveform: { vrms: 230, irms: 10, phaseDeg: 30 } });
  sim.boot();
  assert.equal(sim.meter.factoryConfigure(`61111BN1${x9}3001208`, new Map([[29, z29]])).status, Err.OK);
  assert.equal(sim.meter.configSet(ConfigId.ANALYSIS_LOGGER, 2), Err.OK); // A+, A-, R+, R-
  sim.run(300);
  associate(sim);
  assert.equal(toHex(exchange(sim, [0xc3, 0x01, 0xc1, 0, 7, ...BILLING, 2, 1, 0x0f, 0], MGMT)!), "c7 01 c1 00 00");
  return sim;
}

const captureNames = (sim: Simulator, profile: number[]): string[] =>
  (ok(get(sim, getNormal(7, profile, 3))) as Data[][]).map((c) => (c[1] as number[]).join("."));

test("X9 1 (A+ only): the profiles' capture objects leave out A-, R+, R-, R1..R4, E+, E- and R+ T1..T4 as the object list does; the billing record keeps them", () => {
  const sim = orderedMeterAfterStop("1", 1);
  const aPlus = ["1.0.1.8.0.255", "1.0.1.8.1.255", "1.0.1.8.2.255", "1.0.1.8.3.255", "1.0.1.8.4.255"];
  assert.deepEqual(captureNames(sim, BILLING), ["0.0.1.0.0.255", "0.0.0.1.0.255", ...aPlus], "clock, counter, A+ and A+ T1..T4");
  assert.deepEqual(captureNames(sim, LOGGER2), ["0.0.1.0.0.255", "1.0.1.8.0.255"], "Z30 01: A+ of A+, A-, R+, R-");
  assert.deepEqual(captureNames(sim, ALOG).slice(2), ["1.0.1.8.0.255"], "analysis logger Z10 002: A+ of A+, A-, R+, R-");
  // every capture object named is an object of the meter; an energy left out is object-undefined (4) as a register
  for (const name of captureNames(sim, BILLING).slice(2)) {
    assert.equal(get(sim, getNormal(3, name.split(".").map(Number), 1)).result, 0, name);
  }
  assert.equal(get(sim, getNormal(3, [1, 0, 3, 8, 0, 255], 2)).result, 4, "R+ register: object-undefined");
  const rec = sim.meter.billingRecord(Logger.BILLING, 0);
  assert.ok(typeof rec === "object");
  const rows = ok(get(sim, getNormal(7, BILLING, 2))) as Data[][];
  const last = rows[rows.length - 1];
  assert.equal(last.length, 7, "seven values an entry");
  assert.equal(last[1], BigInt(rec.stopCounter!));
  assert.deepEqual(last.slice(2), [0, 10, 11, 12, 13].map((r) => rec.registersWh[r]), "A+ and A+ T1..T4 as stored");
  // 2.3 kVA at 30 degrees for 300 s: A+ 166 Wh, R+ 96 varh, E+ 192 VAh in the record, not shown
  assert.ok(rec.registersWh[Register.A_PLUS] >= 160n && rec.registersWh[Register.A_PLUS] <= 170n, `A+ ${rec.registersWh[Register.A_PLUS]}`);
  assert.ok(rec.registersWh[Register.R_PLUS] >= 90n && rec.registersWh[Register.R_PLUS] <= 100n, `R+ ${rec.registersWh[Register.R_PLUS]}`);
  assert.ok(rec.registersWh[Register.E_PLUS] >= 186n && rec.registersWh[Register.E_PLUS] <= 197n, `E+ ${rec.registersWh[Register.E_PLUS]}`);
  const aPlusNow = ok(get(sim, getNormal(3, A_PLUS, 2))) as bigint;
  assert.ok(aPlusNow - (last[2] as bigint) >= 0n && aPlusNow - (last[2] as bigint) <= 1n, `A+ column ${last[2]}, register ${aPlusNow}`);
  // selective access by columns counts the columns present: column 4 (from 1) is A+ T1
  const sel = ok(get(sim, getNormal(7, BILLING, 2, 2, entryParams(1, 0, 4, 4)))) as Data[][];
  assert.deepEqual(sel[sel.length - 1], [rec.registersWh[Register.A_PLUS_T1]]);
});

test("X9 2 keeps A- in the profiles, X9 4 every energy: R+ and E+ columns equal the billing record", () => {
  const two = orderedMeterAfterStop("2", 2);
  assert.deepEqual(captureNames(two, LOGGER2), ["0.0.1.0.0.255", "1.0.1.8.0.255", "1.0.2.8.0.255"]);
  assert.equal(captureNames(two, BILLING).length, 2 + 2 + 4, "clock, counter, A+, A-, A+ T1..T4");
  const four = orderedMeterAfterStop("4", 3);
  const names = captureNames(four, BILLING);
  assert.equal(names.length, 20);
  assert.deepEqual([names[4], names[10]], ["1.0.3.8.0.255", "1.0.9.8.0.255"], "R+ and E+");
  assert.deepEqual(captureNames(four, ALOG).slice(2), ["1.0.1.8.0.255", "1.0.2.8.0.255", "1.0.3.8.0.255", "1.0.4.8.0.255"]);
  const rec = four.meter.billingRecord(Logger.BILLING, 0);
  assert.ok(typeof rec === "object");
  const rows = ok(get(four, getNormal(7, BILLING, 2))) as Data[][];
  const last = rows[rows.length - 1];
  assert.deepEqual(last.slice(2), rec.registersWh);
  assert.ok(rec.registersWh[Register.R_PLUS] >= 90n && rec.registersWh[Register.E_PLUS] >= 186n);
});
