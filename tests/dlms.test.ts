// DLMS/COSEM on the module port through the IEC 62056-47 wrapper: APDUs byte for byte against the real firmware.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Simulator } from "../host/sim.js";
import { ConfigId, Err, EventCode, EventLog, Register, UartPort } from "../host/abi.js";
import { NorFlash } from "../host/shims/nvm.js";
import { crc32 } from "./helpers.js";
import { hex, toHex, AARQ_PUBLIC, aarqLls, aarqPublicPdu, frame, exchange } from "./dlmsframes.js";

const getNormal = (classId: number, obis: number[], attr: number): number[] => [0xc0, 0x01, 0xc1, 0, classId, ...obis, attr, 0];
const A_PLUS = [1, 0, 1, 8, 0, 255];
const A_MINUS = [1, 0, 2, 8, 0, 255];
const CLOCK = [0, 0, 1, 0, 0, 255];
const DISCONNECT = [0, 0, 96, 3, 10, 255];
const ASSOCIATION = [0, 0, 40, 0, 0, 255];

function meter(): Simulator {
  const sim = new Simulator({ startUtcS: 1767268800n /* 2026-01-01 12:00 UTC */, waveform: { vrms: 230, irms: 10, phaseDeg: 0 } });
  sim.boot();
  assert.equal(sim.meter.configSet(ConfigId.METER_NUMBER, 12345678), Err.OK);
  sim.run(360); // 0.23 kWh
  return sim;
}

test("the public client associates: AARE accepted with conformance 00 1A 19 (block transfer with GET and SET) and max PDU 512", () => {
  const sim = meter();
  assert.equal(toHex(exchange(sim, AARQ_PUBLIC)!),
    toHex(hex("6129A109060760857405080101A203020100A305A103020100BE10040E0800065F1F0400001A1902000007")));
});

test("GET of A+ gives the firmware's register in Wh as long64-unsigned, scaler 0 and unit Wh (30)", () => {
  const sim = meter();
  exchange(sim, AARQ_PUBLIC);
  sim.setWaveform({ irms: 0 });
  sim.run(2);
  const value = exchange(sim, getNormal(3, A_PLUS, 2))!;
  assert.deepEqual(value.slice(0, 5), [0xc4, 0x01, 0xc1, 0x00, 0x15]);
  const wh = Buffer.from(value.slice(5)).readBigUInt64BE();
  assert.equal(wh, sim.meter.energyWh(Register.A_PLUS));
  assert.ok(wh >= 229n && wh <= 231n, `${wh} Wh after 6 min of 2.3 kW`);
  assert.equal(toHex(exchange(sim, getNormal(3, A_PLUS, 3))!), toHex(hex("C401C1 00 0202 0F00 161E")));
});

test("GET with-list answers each item: A+ and A- scalers, an unknown object refused as object-undefined (4)", () => {
  const sim = meter();
  exchange(sim, AARQ_PUBLIC);
  const req = [0xc0, 0x03, 0xc1, 3, 0, 3, ...A_PLUS, 3, 0, 0, 3, ...A_MINUS, 3, 0, 0, 3, 1, 0, 99, 99, 0, 255, 2, 0];
  assert.equal(toHex(exchange(sim, req)!), toHex(hex("C403C1 03 00 0202 0F00 161E 00 0202 0F00 161E 01 04")));
});

test("the public client is refused: SET of the clock read-write-denied (3), breaker state denied, a method denied", () => {
  const sim = meter();
  exchange(sim, AARQ_PUBLIC);
  const utcBefore = sim.rtc.readUtcS();
  const set = [0xc1, 0x01, 0xc1, 0, 8, ...CLOCK, 2, 0, 0x09, 0x0c, ...hex("07EA0101FF0C0000 00 FFC4 00")];
  assert.equal(toHex(exchange(sim, set)!), "c5 01 c1 03");
  assert.ok(sim.rtc.readUtcS() - utcBefore < 5n, "clock untouched");
  assert.equal(toHex(exchange(sim, getNormal(70, DISCONNECT, 2))!), "c4 01 c1 01 03");
  assert.equal(toHex(exchange(sim, getNormal(70, DISCONNECT, 1))!), toHex([0xc4, 1, 0xc1, 0, 9, 6, ...DISCONNECT]));
  assert.equal(toHex(exchange(sim, [0xc3, 0x01, 0xc1, 0, 70, ...DISCONNECT, 1, 1, 0x0f, 0])!), "c7 01 c1 03 00");
  assert.equal(sim.meter.breakerState(), 1, "still connected");
  assert.equal(toHex(exchange(sim, getNormal(3, CLOCK, 2))!), "c4 01 c1 01 09", "object-class-inconsistent");
});

test("management with LLS sets the clock: local time with deviation -60 (CET) becomes the RTC's UTC", () => {
  const sim = meter();
  assert.equal(exchange(sim, aarqLls("12345678"), 1)![17], 0, "accepted");
  // 2026-03-01 10:30:00 local with deviation -60: UTC = local + deviation = 09:30
  const set = [0xc1, 0x01, 0xc1, 0, 8, ...CLOCK, 2, 0, 0x09, 0x0c, ...hex("07EA0301FF0A1E00 00 FFC4 00")];
  assert.equal(toHex(exchange(sim, set, 1)!), "c5 01 c1 00");
  const setUtcS = BigInt(Date.UTC(2026, 2, 1, 9, 30) / 1000);
  assert.ok(sim.rtc.readUtcS() - setUtcS <= 1n, `RTC ${sim.rtc.readUtcS()}`);
  const got = exchange(sim, getNormal(8, CLOCK, 2), 1)!;
  assert.equal(toHex(got.slice(0, 6)), "c4 01 c1 00 09 0c");
  assert.equal(toHex(got.slice(6, 15)), toHex(hex("07EA030107 0A1E00 00")), "Sunday 1 March 2026 10:30:00 local");
  assert.equal(toHex(got.slice(15, 17)), "ff c4", "deviation -60");
  // a date that does not exist is refused and changes nothing
  const bad = [0xc1, 0x01, 0xc1, 0, 8, ...CLOCK, 2, 0, 0x09, 0x0c, ...hex("07EA021EFF0A1E00 00 FFC4 00")];
  assert.equal(toHex(exchange(sim, bad, 1)!), "c5 01 c1 fa");
  assert.ok(sim.rtc.readUtcS() - setUtcS <= 1n, "unchanged");
});

test("the object list goes out in blocks no longer than the client's max PDU, one per GET next", () => {
  const sim = meter();
  const aare = exchange(sim, aarqPublicPdu(64))!;
  assert.equal(aare[17], 0);
  let reply = exchange(sim, getNormal(15, ASSOCIATION, 2))!;
  const raw: number[] = [];
  let block = 1;
  for (;;) {
    assert.ok(reply.length <= 64, `block ${block}: ${reply.length} bytes`);
    assert.deepEqual(reply.slice(0, 3), [0xc4, 0x02, 0xc1]);
    assert.equal(Buffer.from(reply.slice(4, 8)).readUInt32BE(), block);
    assert.equal(reply[8], 0, "raw-data");
    const n = reply[9];
    raw.push(...reply.slice(10, 10 + n));
    if (reply[3] === 1) break;
    reply = exchange(sim, [0xc0, 0x02, 0xc1, 0, 0, 0, block])!;
    block++;
  }
  assert.ok(block >= 5, `${block} blocks`);
  // array of 9 objects: the association first, each element class, version, logical name, access rights
  assert.deepEqual(raw.slice(0, 2), [0x01, 9]);
  assert.deepEqual(raw.slice(2, 17), [0x02, 0x04, 0x12, 0, 15, 0x11, 1, 0x09, 6, ...ASSOCIATION]);
  const names: string[] = [];
  for (let k = 0; k + 8 < raw.length; k++) {
    if (raw[k] === 0x12 && raw[k + 3] === 0x11 && raw[k + 5] === 0x09 && raw[k + 6] === 6) names.push(raw.slice(k + 7, k + 13).join("."));
  }
  assert.deepEqual(names, ["0.0.40.0.0.255", "0.0.41.0.0.255", "0.0.42.0.0.255", "0.0.1.0.0.255", "0.0.96.1.0.255",
    "1.0.1.8.0.255", "1.0.2.8.0.255", "0.0.96.3.10.255", "0.0.43.1.0.255"]);
  assert.equal(raw.length, 2 + 108 + 41 + 35 + 120 + 35 + 48 + 48 + 61 + 35, "sum of the elements' sizes");
  // a GET next after the last block, or with a wrong number: no-long-get-in-progress (16), block-number-invalid (19)
  assert.equal(toHex(exchange(sim, [0xc0, 0x02, 0xc1, 0, 0, 0, block])!), toHex([0xc4, 2, 0xc1, 1, 0, 0, 0, block, 1, 16]));
  exchange(sim, getNormal(15, ASSOCIATION, 2));
  assert.equal(toHex(exchange(sim, [0xc0, 0x02, 0xc1, 0, 0, 0, 7])!), toHex([0xc4, 2, 0xc1, 1, 0, 0, 0, 7, 1, 19]));
});

test("no association, no service: exception-response service-not-allowed; RLRQ gets RLRE and ends the association", () => {
  const sim = meter();
  assert.equal(toHex(exchange(sim, getNormal(3, A_PLUS, 2))!), "d8 01 01");
  exchange(sim, AARQ_PUBLIC);
  assert.equal(exchange(sim, getNormal(3, A_PLUS, 2))![3], 0);
  assert.equal(toHex(exchange(sim, hex("6203800100"))!), "63 03 80 01 00");
  assert.equal(toHex(exchange(sim, getNormal(3, A_PLUS, 2))!), "d8 01 01");
  // another client's requests on the public association are not served either
  exchange(sim, AARQ_PUBLIC);
  assert.equal(toHex(exchange(sim, getNormal(3, A_PLUS, 2), 1)!), "d8 01 01");
});

test("refusals of the AARQ: management without a password, unknown client, ciphered context, DLMS version 5", () => {
  const sim = meter();
  const diag = (a: number[]): [number, number] => [a[17], a[24]];
  assert.deepEqual(diag(exchange(sim, AARQ_PUBLIC, 1)!), [1, 12], "authentication-mechanism-name-required");
  assert.deepEqual(diag(exchange(sim, AARQ_PUBLIC, 17)!), [1, 1], "no-reason");
  assert.deepEqual(diag(exchange(sim, aarqLls("12345678"), 16)!), [1, 11], "mechanism-name-not-recognised");
  const ciphered = [...AARQ_PUBLIC];
  ciphered[12] = 3;
  assert.deepEqual(diag(exchange(sim, ciphered)!), [1, 2], "application-context-name-not-supported");
  const v5 = [...AARQ_PUBLIC];
  v5[21] = 5;
  const refused = exchange(sim, v5)!;
  assert.deepEqual(diag(refused), [1, 1]);
  assert.equal(toHex(refused.slice(-4)), "0e 01 06 01", "ConfirmedServiceError initiate dlms-version-too-low");
});

test("three wrong passwords lock LLS out for 5 minutes, even with the right one; then it is accepted", () => {
  const sim = meter();
  for (let k = 0; k < 3; k++) {
    assert.deepEqual(exchange(sim, aarqLls("guess" + k), 1)!.slice(17, 25), [1, 0xa3, 5, 0xa1, 3, 2, 1, 13]);
    const logged = sim.meter.eventLogRecord(EventLog.FRAUD, 0);
    assert.ok(typeof logged === "object" && logged.code === EventCode.AUTHENTICATION_FAILED && logged.a === 1);
    assert.equal(logged.b, k === 2 ? 1n : 0n, "the third starts the lock-out");
  }
  const locked = exchange(sim, aarqLls("12345678"), 1)!;
  assert.equal(locked[17], 2, "rejected-transient");
  assert.equal(locked[24], 13, "authentication-failure");
  sim.run(299);
  assert.equal(exchange(sim, aarqLls("12345678"), 1)![17], 2);
  sim.run(1);
  assert.equal(exchange(sim, aarqLls("12345678"), 1)![17], 0, "accepted after 300 s");
});

test("frames to another server wPort, and broken wrapper headers, get no answer", () => {
  const sim = meter();
  const other = frame(AARQ_PUBLIC, 16, 2);
  sim.meter.uartReceive(UartPort.MODULE, other);
  sim.step();
  assert.equal(sim.uart.take(UartPort.MODULE).length, 0);
  const badVersion = frame(AARQ_PUBLIC);
  badVersion[1] = 2;
  sim.meter.uartReceive(UartPort.MODULE, badVersion);
  sim.step();
  assert.equal(sim.uart.take(UartPort.MODULE).length, 0);
  assert.equal(exchange(sim, AARQ_PUBLIC)![17], 0, "the next good frame is answered");
});

test("management changes the LLS secret: stored in its record (magic WMSK, version 1, CRC), in force after a power cycle", () => {
  const nvm = new NorFlash();
  const sim = new Simulator({ nvm, startUtcS: 1767268800n });
  sim.boot();
  exchange(sim, aarqLls("12345678"), 1);
  const secret = Array.from("s3cret-Pw", (c) => c.charCodeAt(0));
  const set = (value: number[]): number[] => [0xc1, 0x01, 0xc1, 0, 15, ...ASSOCIATION, 7, 0, 0x09, value.length, ...value];
  assert.equal(toHex(exchange(sim, set(new Array(17).fill(0x41)), 1)!), "c5 01 c1 fa", "17 octets: too long");
  assert.equal(toHex(exchange(sim, [0xc1, 0x01, 0xc1, 0, 15, ...ASSOCIATION, 7, 0, 0x0a, 1, 0x41], 1)!), "c5 01 c1 0c", "not an octet-string");
  assert.equal(toHex(exchange(sim, set(secret), 1)!), "c5 01 c1 00");
  assert.equal(toHex(exchange(sim, getNormal(15, ASSOCIATION, 7), 1)!), "c4 01 c1 01 03", "the secret is never read");
  // the record: ring header, u8 length, 3 reserved, 16 octets, CRC-32 of all before it (docs/NVM.md)
  const rec = nvm.read(247 * 4096, 36) as Uint8Array;
  const v = new DataView(rec.buffer, rec.byteOffset);
  assert.equal(v.getUint32(0, true), 0x4b534d57);
  assert.equal(v.getUint16(4, true), 1);
  assert.equal(v.getUint16(6, true), 36);
  assert.equal(rec[12], secret.length);
  assert.deepEqual(Array.from(rec.subarray(16, 16 + secret.length)), secret);
  assert.ok(rec.subarray(16 + secret.length, 32).every((b) => b === 0));
  assert.equal(v.getUint32(32, true), crc32(rec.subarray(0, 32)));
  const again = new Simulator({ nvm, startUtcS: 1767268900n });
  again.boot();
  assert.equal(exchange(again, aarqLls("12345678"), 1)![17], 1, "the old secret is refused");
  assert.equal(exchange(again, aarqLls("s3cret-Pw"), 1)![17], 0, "the new one is accepted");
  // the public client cannot write it
  exchange(again, AARQ_PUBLIC);
  assert.equal(toHex(exchange(again, set(Array.from("12345678", (c) => c.charCodeAt(0))))!), "c5 01 c1 03");
});

test("a with-list longer than the PDU goes out in blocks too; selective access is refused scope-of-access-violated (13)", () => {
  const sim = meter();
  exchange(sim, aarqLls("12345678", 64), 1);
  // 16 items of the clock's date-time (17 bytes each with the result choice): 273 bytes, 5 blocks of 64
  const items: number[] = [];
  for (let k = 0; k < 16; k++) items.push(0, 8, ...CLOCK, 2, 0);
  let reply = exchange(sim, [0xc0, 0x03, 0xc1, 16, ...items], 1)!;
  const raw: number[] = [];
  for (let block = 1; ; block++) {
    assert.ok(reply.length <= 64);
    assert.equal(Buffer.from(reply.slice(4, 8)).readUInt32BE(), block);
    raw.push(...reply.slice(10, 10 + reply[9]));
    if (reply[3] === 1) break;
    reply = exchange(sim, [0xc0, 0x02, 0xc1, 0, 0, 0, block], 1)!;
  }
  assert.equal(raw.length, 1 + 16 * 15);
  assert.equal(raw[0], 16);
  for (let k = 0; k < 16; k++) assert.deepEqual(raw.slice(1 + 15 * k, 1 + 15 * k + 3), [0, 0x09, 12], `item ${k}`);
  const selective = [0xc0, 0x01, 0xc1, 0, 3, ...A_PLUS, 2, 1, 1, 0x02, 0x02, 0x11, 0, 0x11, 1];
  assert.equal(toHex(exchange(sim, selective, 1)!), "c4 01 c1 01 0d");
});

test("a clock SET without deviation (0x8000) is the meter's local time: 12:00 in CET is 11:00 UTC", () => {
  const sim = meter();
  exchange(sim, aarqLls("12345678"), 1);
  const set = [0xc1, 0x01, 0xc1, 0, 8, ...CLOCK, 2, 0, 0x09, 0x0c, ...hex("07EA0210FF0C0000 FF 8000 FF")];
  assert.equal(toHex(exchange(sim, set, 1)!), "c5 01 c1 00");
  const target = BigInt(Date.UTC(2026, 1, 16, 11, 0) / 1000);
  assert.ok(sim.rtc.readUtcS() - target >= 0n && sim.rtc.readUtcS() - target <= 1n, `${sim.rtc.readUtcS()}`);
  // the wrong type is refused type-unmatched (12) and changes nothing
  const wrong = [0xc1, 0x01, 0xc1, 0, 8, ...CLOCK, 2, 0, 0x06, 0, 0, 0, 1];
  assert.equal(toHex(exchange(sim, wrong, 1)!), "c5 01 c1 0c");
  assert.ok(sim.rtc.readUtcS() - target <= 1n);
});
