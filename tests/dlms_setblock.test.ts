// SET with block transfer (Green Book SET-Request-With-(First-)Datablock, with-list too): reassembled, checked whole, applied once.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Simulator } from "../host/sim.js";
import { ConfigId } from "../host/abi.js";
import { utc } from "./helpers.js";
import { exchange, aarqLls, hex, toHex } from "./dlmsframes.js";
import { HlsClient } from "./dlmshls.js";
import { associate, getRaw, set, descriptor, u32, MANAGEMENT, PUBLIC } from "./cosemclient.js";

const CALENDAR = [0, 0, 13, 0, 0, 255];
const DAY_TABLE = descriptor(20, CALENDAR, 9);
const SCRIPT = [0x09, 6, 0, 0, 10, 0, 100, 255];
const configLn = (id: ConfigId): number[] => [0, 128, 96, 0, id, 255];

// The largest passive day table the meter holds: 8 day profiles of 8 switches (hour h, tariff h % 4 + 1).
function dayTable(days = 8, switches = 8): number[] {
  const v = [0x01, days];
  for (let d = 1; d <= days; d++) {
    v.push(0x02, 2, 0x11, d, 0x01, switches);
    for (let s = 0; s < switches; s++) v.push(0x02, 3, 0x09, 4, s * 3, d, 0, 0, ...SCRIPT, 0x12, 0, (s % 4) + 1);
  }
  return v;
}

const be32 = (n: number): number[] => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
const rawData = (b: number[]): number[] => (b.length < 0x80 ? [b.length, ...b] : b.length < 0x100 ? [0x81, b.length, ...b] : [0x82, b.length >> 8, b.length & 0xff, ...b]);
const block = (last: boolean, n: number, raw: number[]): number[] => [last ? 1 : 0, ...be32(n), ...rawData(raw)];
const first = (last: boolean, raw: number[], n = 1): number[] => [0xc1, 0x02, 0xc1, ...DAY_TABLE, 0, ...block(last, n, raw)];
const next = (last: boolean, n: number, raw: number[]): number[] => [0xc1, 0x03, 0xc1, ...block(last, n, raw)];
const ackFor = (n: number): number[] => [0xc5, 0x02, 0xc1, ...be32(n)];
const lastFor = (result: number, n: number): number[] => [0xc5, 0x03, 0xc1, result, ...be32(n)];

function thirds(v: number[]): number[][] {
  const k = Math.ceil(v.length / 3);
  return [v.slice(0, k), v.slice(k, 2 * k), v.slice(2 * k)];
}

function meter(): Simulator {
  const sim = new Simulator({ startUtcS: utc(2026, 1, 1, 12) });
  sim.boot();
  associate(sim, MANAGEMENT);
  return sim;
}

test("the AARE offers block-transfer-with-set (conformance bit 12): 00 1A 19 to Gurux's proposal 40 1E 5D", () => {
  const sim = new Simulator({ startUtcS: utc(2026, 1, 1, 12) });
  sim.boot();
  const aare = exchange(sim, aarqLls("12345678"), MANAGEMENT)!;
  assert.ok(toHex(aare).includes("5f 1f 04 00 00 1a 19"), toHex(aare));
});

test("a passive day table of 8 days x 8 switches (1266 bytes, too long for one 512-byte APDU) written in 3 datablocks reads back equal", () => {
  const sim = meter();
  const value = dayTable();
  assert.equal(value.length, 1266);
  const [a, b, c] = thirds(value);
  assert.deepEqual(exchange(sim, first(false, a), MANAGEMENT), ackFor(1));
  assert.deepEqual(getRaw(sim, MANAGEMENT, 20, CALENDAR, 9), [0x01, 0], "nothing applied before the last block");
  // The GET above ended the transfer (any other request does): start again and go through.
  assert.deepEqual(exchange(sim, first(false, a), MANAGEMENT), ackFor(1));
  assert.deepEqual(exchange(sim, next(false, 2, b), MANAGEMENT), ackFor(2));
  assert.deepEqual(exchange(sim, next(true, 3, c), MANAGEMENT), lastFor(0, 3));
  assert.deepEqual(getRaw(sim, MANAGEMENT, 20, CALENDAR, 9), value);
});

test("an interleaved GET ends a long SET: the next datablock gets 18 no-long-set-in-progress and nothing is applied", () => {
  const sim = meter();
  const [a, b, c] = thirds(dayTable());
  const before = Uint8Array.from(sim.nvm.data);
  assert.deepEqual(exchange(sim, first(false, a), MANAGEMENT), ackFor(1));
  assert.deepEqual(exchange(sim, next(false, 2, b), MANAGEMENT), ackFor(2));
  assert.equal((getRaw(sim, MANAGEMENT, 8, [0, 0, 1, 0, 0, 255], 2) as number[]).length, 14, "the clock, read in between");
  assert.deepEqual(exchange(sim, next(true, 3, c), MANAGEMENT), lastFor(18, 3));
  assert.deepEqual(getRaw(sim, MANAGEMENT, 20, CALENDAR, 9), [0x01, 0]);
  assert.ok(Buffer.from(sim.nvm.data).equals(Buffer.from(before)), "NVM unchanged byte for byte");
});

test("a wrong block number ends the transfer with 19 data-block-number-invalid; the NVM stays byte for byte", () => {
  const sim = meter();
  const [a, b, c] = thirds(dayTable());
  const before = Uint8Array.from(sim.nvm.data);
  assert.deepEqual(exchange(sim, first(false, a, 2), MANAGEMENT), lastFor(19, 2), "the first block must be number 1");
  assert.deepEqual(exchange(sim, first(false, a), MANAGEMENT), ackFor(1));
  assert.deepEqual(exchange(sim, next(false, 3, b), MANAGEMENT), lastFor(19, 3), "2 expected");
  assert.deepEqual(exchange(sim, next(false, 2, b), MANAGEMENT), lastFor(18, 2), "the transfer has ended");
  assert.deepEqual(exchange(sim, next(true, 3, c), MANAGEMENT), lastFor(18, 3));
  assert.deepEqual(exchange(sim, first(false, a), MANAGEMENT), ackFor(1));
  assert.deepEqual(exchange(sim, next(false, 1, b), MANAGEMENT), lastFor(19, 1), "a repeated block");
  assert.deepEqual(getRaw(sim, MANAGEMENT, 20, CALENDAR, 9), [0x01, 0]);
  assert.ok(Buffer.from(sim.nvm.data).equals(Buffer.from(before)), "NVM unchanged byte for byte");
});

test("a value beyond the 1536-byte reassembly buffer is refused with 17 long-set-aborted, nothing applied", () => {
  const sim = meter();
  const before = Uint8Array.from(sim.nvm.data);
  const value = dayTable();
  const piece = new Array(400).fill(0);
  assert.deepEqual(exchange(sim, first(false, value.slice(0, 400)), MANAGEMENT), ackFor(1));
  assert.deepEqual(exchange(sim, next(false, 2, piece), MANAGEMENT), ackFor(2));
  assert.deepEqual(exchange(sim, next(false, 3, piece), MANAGEMENT), ackFor(3), "10 + 1200 bytes held");
  assert.deepEqual(exchange(sim, next(true, 4, piece), MANAGEMENT), lastFor(17, 4), "10 + 1600 > 1536");
  assert.deepEqual(exchange(sim, next(true, 5, piece), MANAGEMENT), lastFor(18, 5));
  assert.deepEqual(getRaw(sim, MANAGEMENT, 20, CALENDAR, 9), [0x01, 0]);
  assert.ok(Buffer.from(sim.nvm.data).equals(Buffer.from(before)), "NVM unchanged byte for byte");
});

test("a reassembled value is checked whole as SET normal checks it: a day table with an hour 25 gets 250, a malformed one an exception", () => {
  const sim = meter();
  const before = Uint8Array.from(sim.nvm.data);
  const value = dayTable();
  const bad = value.slice();
  bad[12] = 25; // first switch of day 1 at 25:01, an hour that does not exist
  const [a, b, c] = thirds(bad);
  assert.equal(set(sim, MANAGEMENT, 20, CALENDAR, 9, dayTable(1, 8).map((x, k) => (k === 12 ? 25 : x))), 250, "SET normal of the same fault");
  assert.deepEqual(exchange(sim, first(false, a), MANAGEMENT), ackFor(1));
  assert.deepEqual(exchange(sim, next(false, 2, b), MANAGEMENT), ackFor(2));
  assert.deepEqual(exchange(sim, next(true, 3, c), MANAGEMENT), lastFor(250, 3));
  const [x, y] = thirds(value);
  assert.deepEqual(exchange(sim, first(false, x), MANAGEMENT), ackFor(1));
  assert.deepEqual(exchange(sim, next(true, 2, y), MANAGEMENT), [0xd8, 0x02, 0x03], "a truncated Data: service-unknown / other-reason");
  assert.deepEqual(getRaw(sim, MANAGEMENT, 20, CALENDAR, 9), [0x01, 0]);
  assert.ok(Buffer.from(sim.nvm.data).equals(Buffer.from(before)), "NVM unchanged byte for byte");
});

test("the public client's first datablock to the day table is refused at once with SET normal's result", () => {
  const sim = new Simulator({ startUtcS: utc(2026, 1, 1, 12) });
  sim.boot();
  associate(sim, PUBLIC);
  const normal = set(sim, PUBLIC, 20, CALENDAR, 9, [0x01, 0]);
  assert.notEqual(normal, 0);
  assert.deepEqual(exchange(sim, first(false, [0x01, 0]), PUBLIC), lastFor(normal, 1));
  assert.deepEqual(exchange(sim, next(true, 2, [0x01]), PUBLIC), lastFor(18, 2), "no transfer was started");
});

test("SET with-list and first datablock (choice 5): day table and Z20 in 3 blocks, answered last-datablock-with-list [0, 0]", () => {
  const sim = meter();
  const value = dayTable();
  const values = [2, ...value, ...u32(7)];
  const head = [0xc1, 0x05, 0xc1, 2, ...DAY_TABLE, 0, ...descriptor(1, configLn(ConfigId.CALENDAR_SETUP), 2), 0];
  const [a, b, c] = thirds(values);
  assert.deepEqual(exchange(sim, [...head, ...block(false, 1, a)], MANAGEMENT), ackFor(1));
  assert.deepEqual(exchange(sim, next(false, 2, b), MANAGEMENT), ackFor(2));
  assert.deepEqual(exchange(sim, next(true, 3, c), MANAGEMENT), [0xc5, 0x04, 0xc1, 2, 0, 0, ...be32(3)]);
  assert.deepEqual(getRaw(sim, MANAGEMENT, 20, CALENDAR, 9), value);
  assert.equal(sim.meter.configGet(ConfigId.CALENDAR_SETUP), 7);
});

test("block transfer with SET outside the negotiated conformance (bit 12 not proposed) is refused D8 01 02", () => {
  const sim = new Simulator({ startUtcS: utc(2026, 1, 1, 12) });
  sim.boot();
  const aarq = aarqLls("12345678");
  const at = toHex(aarq).replace(/ /g, "").indexOf("5f1f0400401e5d") / 2 + 4;
  aarq[at + 1] = 0x16; // 40 16 5D: Gurux's proposal without block-transfer-with-set
  const aare = exchange(sim, aarq, MANAGEMENT)!;
  assert.equal(aare[17], 0, "associated");
  assert.ok(toHex(aare).includes("5f 1f 04 00 00 12 19"), toHex(aare));
  assert.deepEqual(exchange(sim, first(true, [0x01, 0]), MANAGEMENT), hex("D80102"));
  assert.deepEqual(exchange(sim, next(true, 2, [0x01, 0]), MANAGEMENT), hex("D80102"));
  assert.equal(set(sim, MANAGEMENT, 20, CALENDAR, 9, [0x01, 0]), 0, "SET normal still served");
});

test("HLS-GMAC: the 3 datablocks go as glo-set-requests, each answered glo-set-response, and the table reads back equal", () => {
  const sim = new Simulator({ startUtcS: utc(2026, 1, 1, 12) });
  sim.boot();
  const c = new HlsClient(sim);
  c.open();
  const value = dayTable();
  const [a, b, d] = thirds(value);
  assert.deepEqual(c.request(first(false, a)), ackFor(1));
  assert.deepEqual(c.request(next(false, 2, b)), ackFor(2));
  assert.deepEqual(c.request(next(true, 3, d)), lastFor(0, 3));
  // Read back with GET and GET next, ciphered too: the raw-data of every block joined.
  let reply = c.request([0xc0, 0x01, 0xc1, ...DAY_TABLE, 0]);
  const raw: number[] = [];
  for (let n = 1; ; n++) {
    assert.deepEqual(reply.slice(0, 3), [0xc4, 0x02, 0xc1], "GET response with datablock");
    assert.equal(reply[8], 0, "raw-data");
    const [len, at] = reply[9] === 0x82 ? [(reply[10] << 8) | reply[11], 12] : reply[9] === 0x81 ? [reply[10], 11] : [reply[9], 10];
    raw.push(...reply.slice(at, at + len));
    if (reply[3] === 1) break;
    reply = c.request([0xc0, 0x02, 0xc1, ...be32(n)]);
  }
  assert.deepEqual(raw, value);
});
