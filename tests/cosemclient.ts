// A small DLMS client for the COSEM tests: GET with block transfer, SET normal and with-list, A-XDR Data decoded, object list parsed.
import assert from "node:assert/strict";
import type { Simulator } from "../host/sim.js";
import { AARQ_PUBLIC, aarqLls, exchange } from "./dlmsframes.js";

export type Obis = number[];
export const obis = (s: string): Obis => s.split(".").map(Number);
export const MANAGEMENT = 1;
export const PUBLIC = 16;

export function associate(sim: Simulator, client: number): void {
  const aare = exchange(sim, client === MANAGEMENT ? aarqLls("12345678") : AARQ_PUBLIC, client)!;
  assert.equal(aare[0], 0x61, "AARE");
  assert.equal(aare[17], 0, "association accepted");
}

// The whole Data of one attribute (blocks joined) or the data-access-result as a number; `access` is a
// selective access (selector, then its parameters), none when empty.
export function getRaw(sim: Simulator, client: number, classId: number, ln: Obis, attr: number, access: number[] = []): number[] | number {
  const selection = access.length > 0 ? [1, ...access] : [0];
  let reply = exchange(sim, [0xc0, 0x01, 0xc1, classId >> 8, classId & 0xff, ...ln, attr, ...selection], client)!;
  if (reply[1] === 0x01) return reply[3] === 0 ? reply.slice(4) : reply[4];
  const raw: number[] = [];
  for (let block = 1; ; block++) {
    assert.equal(reply[1], 0x02, "GET response with datablock");
    if (reply[8] !== 0) return reply[9];
    let n = reply[9];
    let at = 10;
    if (n === 0x81) { n = reply[10]; at = 11; } else if (n === 0x82) { n = (reply[10] << 8) | reply[11]; at = 12; }
    raw.push(...reply.slice(at, at + n));
    if (reply[3] === 1) return raw;
    reply = exchange(sim, [0xc0, 0x02, 0xc1, block >> 24, (block >> 16) & 0xff, (block >> 8) & 0xff, block & 0xff], client)!;
  }
}

export type Data = null | boolean | number | bigint | string | number[] | Data[];

// The Data of one attribute read with selective access (blocks joined); a refusal fails the test.
export function getSelected(sim: Simulator, client: number, classId: number, ln: Obis, attr: number, access: number[]): Data {
  const raw = getRaw(sim, client, classId, ln, attr, access);
  assert.ok(Array.isArray(raw), `data-access-result ${raw}`);
  const [v, end] = decode(raw);
  assert.equal(end, raw.length, "one Data");
  return v;
}

// UTC seconds of a COSEM date-time (UTC = local + deviation).
export function utcOf(dt: number[]): bigint {
  const local = BigInt(Date.UTC((dt[0] << 8) | dt[1], dt[2] - 1, dt[3], dt[5], dt[6], dt[7]) / 1000);
  return local + BigInt.asIntN(16, BigInt((dt[9] << 8) | dt[10])) * 60n;
}

// UTC seconds as a COSEM date-time octet string (deviation 0), as head-ends send a range's limits.
export function dateTime(s: bigint): number[] {
  const d = new Date(Number(s) * 1000);
  const y = d.getUTCFullYear();
  return [0x09, 12, y >> 8, y & 0xff, d.getUTCMonth() + 1, d.getUTCDate(), 0xff, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), 0, 0, 0, 0];
}

// Decodes one A-XDR Data at `at`; returns the value and the position after it. Octet-strings come back as
// byte arrays, visible-strings as strings, integers as numbers (64-bit ones as bigint).
export function decode(b: number[], at = 0): [Data, number] {
  const tag = b[at++];
  const len = (): number => {
    let n = b[at++];
    if (n & 0x80) { const k = n & 0x7f; n = 0; for (let i = 0; i < k; i++) n = (n << 8) | b[at++]; }
    return n;
  };
  const be = (n: number): bigint => { let v = 0n; for (let i = 0; i < n; i++) v = (v << 8n) | BigInt(b[at++]); return v; };
  switch (tag) {
    case 0: return [null, at];
    case 1: case 2: { const n = len(); const out: Data[] = []; for (let i = 0; i < n; i++) { const [v, next] = decode(b, at); out.push(v); at = next; } return [out, at]; }
    case 3: return [b[at++] !== 0, at];
    case 5: return [Number(BigInt.asIntN(32, be(4))), at];
    case 6: return [Number(be(4)), at];
    case 9: { const n = len(); const v = b.slice(at, at + n); return [v, at + n]; }
    case 10: { const n = len(); const v = String.fromCharCode(...b.slice(at, at + n)); return [v, at + n]; }
    case 15: return [Number(BigInt.asIntN(8, be(1))), at];
    case 16: return [Number(BigInt.asIntN(16, be(2))), at];
    case 17: case 22: return [Number(be(1)), at];
    case 18: return [Number(be(2)), at];
    case 20: return [BigInt.asIntN(64, be(8)), at];
    case 21: return [be(8), at];
    default: throw new Error(`tag ${tag} at ${at - 1}`);
  }
}

export function get(sim: Simulator, client: number, classId: number, ln: Obis, attr: number): Data {
  const raw = getRaw(sim, client, classId, ln, attr);
  if (typeof raw === "number") throw new Error(`GET ${classId} ${ln.join(".")} ${attr}: data-access-result ${raw}`);
  const [v, end] = decode(raw);
  assert.equal(end, raw.length, "one Data");
  return v;
}

// The access-result of a GET that is refused (0 when it succeeds).
export function getResult(sim: Simulator, client: number, classId: number, ln: Obis, attr: number): number {
  const raw = getRaw(sim, client, classId, ln, attr);
  return typeof raw === "number" ? raw : 0;
}

export interface ListEntry { classId: number; version: number; ln: string; attributes: number[]; methods: number[] }

// The served association's object_list: access per attribute (0..3) and method (0/1), index k = number k + 1.
export function objectList(sim: Simulator, client: number): ListEntry[] {
  const list = get(sim, client, 15, [0, 0, 40, 0, 0, 255], 2) as Data[];
  return list.map((e) => {
    const [classId, version, ln, rights] = e as [number, number, number[], Data[]];
    const [attrs, methods] = rights as [Data[], Data[]];
    return {
      classId, version, ln: ln.join("."),
      attributes: (attrs as Data[][]).map((a) => a[1] as number),
      methods: (methods as Data[][]).map((m) => m[1] as number),
    };
  });
}

export const descriptor = (classId: number, ln: Obis, attr: number): number[] => [classId >> 8, classId & 0xff, ...ln, attr];

export function set(sim: Simulator, client: number, classId: number, ln: Obis, attr: number, value: number[]): number {
  const reply = exchange(sim, [0xc1, 0x01, 0xc1, ...descriptor(classId, ln, attr), 0, ...value], client)!;
  assert.deepEqual(reply.slice(0, 3), [0xc5, 0x01, 0xc1], `SET response: ${reply}`);
  return reply[3];
}

// SET with-list: [descriptor, value] items; the result per item.
export function setList(sim: Simulator, client: number, items: [number, Obis, number, number[]][]): number[] {
  const req = [0xc1, 0x04, 0xc1, items.length];
  for (const [c, ln, a] of items) req.push(...descriptor(c, ln, a), 0);
  req.push(items.length);
  for (const [, , , v] of items) req.push(...v);
  const reply = exchange(sim, req, client)!;
  assert.deepEqual(reply.slice(0, 4), [0xc5, 0x05, 0xc1, items.length], `SET with-list response: ${reply}`);
  return reply.slice(4);
}

export const u32 = (v: number): number[] => [0x06, (v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
export const u64 = (v: bigint): number[] => [0x15, ...Array.from({ length: 8 }, (_, k) => Number((v >> BigInt(56 - 8 * k)) & 0xffn))];
