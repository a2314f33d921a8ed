// HLS-GMAC and security suite 0 ciphering on the module port, byte for byte against the real firmware (Node's AES-GCM as the client).
import { test } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { Simulator } from "../host/sim.js";
import { ConfigId, Err, EventCode, EventLog, Register, UartPort } from "../host/abi.js";
import { hdlcFrame, parseFrames, SNRM, UA, iControl } from "../host/hdlcclient.js";
import { NorFlash } from "../host/shims/nvm.js";
import { crc32 } from "./helpers.js";
import { toHex, exchange, aarqLls } from "./dlmsframes.js";
import { HlsClient, glo, gmacReply, unprotect, DEFAULT_EK, DEFAULT_AK, DEFAULT_KEK, CLIENT_TITLE } from "./dlmshls.js";

const getNormal = (classId: number, obis: number[], attr: number): number[] => [0xc0, 0x01, 0xc1, 0, classId, ...obis, attr, 0];
const action = (classId: number, obis: number[], method: number, params: number[] = []): number[] =>
  [0xc3, 0x01, 0xc1, 0, classId, ...obis, method, params.length > 0 ? 1 : 0, ...params];
const A_PLUS = [1, 0, 1, 8, 0, 255];
const CLOCK = [0, 0, 1, 0, 0, 255];
const DISCONNECT = [0, 0, 96, 3, 10, 255];
const ASSOCIATION = [0, 0, 40, 0, 0, 255];
const SECURITY_SETUP = [0, 0, 43, 0, 0, 255];
const INVOCATION_COUNTER = [0, 0, 43, 1, 0, 255];
// Meter number 12345678 = 0xBC614E: the server's system title "WAS" and the number in 5 bytes.
const SERVER_TITLE = "57 41 53 00 00 bc 61 4e";

function meter(nvm?: NorFlash, startUtcS = 1767268800n): Simulator {
  const sim = new Simulator({ nvm, startUtcS, waveform: { vrms: 230, irms: 10, phaseDeg: 0 } });
  sim.boot();
  assert.equal(sim.meter.configSet(ConfigId.METER_NUMBER, 12345678), Err.OK);
  sim.run(60);
  return sim;
}

test("HLS-GMAC with ciphering: AARE with StoC and the server title WAS+meter number, pass 3 checked, f(CtoS) returned, ciphered GET equals A+", () => {
  const sim = meter();
  const c = new HlsClient(sim);
  const aare = c.associate();
  assert.equal(toHex(aare.slice(0, 11)), "61 69 a1 09 06 07 60 85 74 05 08".slice(0, 32));
  assert.equal(aare[12], 3, "application context LN with ciphering");
  assert.equal(aare[17], 0, "accepted");
  assert.equal(aare[24], 14, "authentication-required: pass 3 still to come");
  assert.equal(toHex(c.serverTitle), SERVER_TITLE);
  assert.equal(c.stoc.length, 16);
  // before pass 3 nothing else is served
  assert.equal(toHex(c.request(getNormal(3, A_PLUS, 2))), "d8 01 01", "pending: operation-not-possible");
  const answer = c.authenticate();
  assert.deepEqual(answer.slice(0, 8), [0xc7, 1, 0xc1, 0, 1, 0, 0x09, 17], "success with an octet-string of 17");
  assert.ok(c.serverProof(answer), "SC 0x10 || IC || GMAC(CtoS) under the server's title verifies");
  sim.setWaveform({ irms: 0 });
  sim.run(2);
  const value = c.request(getNormal(3, A_PLUS, 2));
  assert.deepEqual(value.slice(0, 5), [0xc4, 1, 0xc1, 0, 0x15]);
  assert.equal(Buffer.from(value.slice(5)).readBigUInt64BE(), sim.meter.energyWh(Register.A_PLUS));
  // the current association says what it is: context 3, mechanism 5
  assert.equal(toHex(c.request(getNormal(15, ASSOCIATION, 4)).slice(4)), "02 07 11 02 11 10 12 02 f4 11 05 11 08 11 01 11 03");
  assert.equal(toHex(c.request(getNormal(15, ASSOCIATION, 6)).slice(-2)), "11 05");
  // security setup: policy 0x24, suite 0, the client's and the server's titles, no certificates
  assert.equal(toHex(c.request(getNormal(64, SECURITY_SETUP, 2))), "c4 01 c1 00 16 24");
  assert.equal(toHex(c.request(getNormal(64, SECURITY_SETUP, 3))), "c4 01 c1 00 16 00");
  assert.equal(toHex(c.request(getNormal(64, SECURITY_SETUP, 4)).slice(6)), toHex(CLIENT_TITLE));
  assert.equal(toHex(c.request(getNormal(64, SECURITY_SETUP, 5)).slice(6)), SERVER_TITLE);
  assert.equal(toHex(c.request(getNormal(64, SECURITY_SETUP, 6))), "c4 01 c1 00 01 00");
});

test("authenticated-only requests (SC 0x10) are answered the same way; the object list comes in ciphered blocks", () => {
  const sim = meter();
  const c = new HlsClient(sim, { sc: 0x10 });
  c.open();
  const list = c.request(getNormal(15, ASSOCIATION, 2));
  assert.deepEqual(list.slice(0, 4), [0xc4, 0x02, 0xc1, 0], "a block transfer");
  let blocks = 1;
  let reply = list;
  while (reply[3] === 0) {
    reply = c.request([0xc0, 0x02, 0xc1, ...reply.slice(4, 8)]);
    blocks++;
  }
  assert.ok(blocks >= 2, `${blocks} blocks`);
});

test("a replayed or older invocation counter is refused (D8 01 06) and changes nothing; the next higher is answered", () => {
  const sim = meter();
  const c = new HlsClient(sim);
  c.open();
  const used = c.ic - 1;
  assert.equal(toHex(c.request(getNormal(3, A_PLUS, 2), used)), "d8 01 06", "the same counter again");
  assert.equal(toHex(c.request(getNormal(3, A_PLUS, 2), used - 3)), "d8 01 06", "an older one");
  const utc = sim.rtc.readUtcS();
  const set = [0xc1, 0x01, 0xc1, 0, 8, ...CLOCK, 2, 0, 0x09, 0x0c, 0x07, 0xea, 3, 1, 0xff, 10, 30, 0, 0, 0xff, 0xc4, 0];
  assert.equal(toHex(c.request(set, used)), "d8 01 06");
  assert.ok(sim.rtc.readUtcS() - utc < 2n, "clock untouched");
  assert.equal(c.request(getNormal(3, A_PLUS, 2), used + 1)[3], 0, "the next counter is fresh");
  // the public client reads the last accepted counter, as Gurux's -v does
  const pub = exchange(sim, [0x60, 0x1d, ...Buffer.from("A109060760857405080101BE10040E01000000065F1F0400401E5DFFFF", "hex")]);
  assert.equal(pub![17], 0);
  assert.equal(toHex(exchange(sim, getNormal(1, INVOCATION_COUNTER, 2))!), toHex([0xc4, 1, 0xc1, 0, 6, ...Buffer.from([0, 0, 0, used + 1])]));
});

test("a wrong tag (one bit of the GMAC flipped) is refused deciphering-error (D8 01 05); the clock SET it carried is not applied", () => {
  const sim = meter();
  const c = new HlsClient(sim);
  c.open();
  const utc = sim.rtc.readUtcS();
  const set = [0xc1, 0x01, 0xc1, 0, 8, ...CLOCK, 2, 0, 0x09, 0x0c, 0x07, 0xea, 3, 1, 0xff, 10, 30, 0, 0, 0xff, 0xc4, 0];
  const apdu = glo(0xc9, 0x30, c.title, c.ic++, c.ek, c.ak, set);
  apdu[apdu.length - 1] ^= 0x01;
  assert.equal(toHex(exchange(sim, apdu, 1)!), "d8 01 05");
  assert.ok(sim.rtc.readUtcS() - utc < 2n, "clock untouched");
  // the same APDU with its tag intact sets the clock: 10:30 CET = 09:30 UTC
  assert.equal(toHex(c.request(set)), "c5 01 c1 00");
  assert.ok(sim.rtc.readUtcS() - BigInt(Date.UTC(2026, 2, 1, 9, 30) / 1000) <= 1n);
});

test("a wrong system title or key: the glo-initiate-request does not decipher, AARE refused authentication-failure (13), logged", () => {
  const sim = meter();
  // the AARQ names title ...02 (calling-AP-title at bytes 17..24) but its InitiateRequest was ciphered under ...01
  const forged = new HlsClient(sim).aarq();
  assert.deepEqual(forged.slice(13, 17), [0xa6, 10, 0x04, 8]);
  forged.splice(17, 8, ...Buffer.from("4D4D4D0000000002", "hex"));
  assert.deepEqual(exchange(sim, forged, 1)!.slice(17, 25), [1, 0xa3, 5, 0xa1, 3, 2, 1, 13]);
  const logged = sim.meter.eventLogRecord(EventLog.FRAUD, 0);
  assert.ok(typeof logged === "object" && logged.code === EventCode.AUTHENTICATION_FAILED && logged.a === 1);
  const wrongKey = new HlsClient(sim, { ek: Buffer.alloc(16, 0x11) });
  assert.equal(wrongKey.associate()[24], 13, "a wrong EK: authentication-failure");
});

test("a wrong f(StoC) in pass 3 is refused read-write-denied and ends the association; three failures lock HLS out like LLS", () => {
  const sim = meter();
  for (let k = 0; k < 3; k++) {
    const c = new HlsClient(sim, { ic: 100 * (k + 1) });
    assert.equal(c.associate()[17], 0);
    const wrong = gmacReply(c.title, c.ic++, c.ek, Buffer.alloc(16, 0x22), c.stoc); // GMAC under a wrong AK
    assert.deepEqual(c.authenticate(wrong).slice(0, 5), [0xc7, 1, 0xc1, 3, 0], "read-write-denied, no return data");
    assert.equal(toHex(c.request(getNormal(3, A_PLUS, 2))), "d8 01 01", "no association any more");
    const logged = sim.meter.eventLogRecord(EventLog.FRAUD, 0);
    assert.ok(typeof logged === "object" && logged.code === EventCode.AUTHENTICATION_FAILED);
    assert.equal(logged.b, k === 2 ? 1n : 0n, "the third starts the lock-out");
  }
  const locked = new HlsClient(sim, { ic: 1000 }).associate();
  assert.equal(locked[17], 2, "rejected-transient during the lock-out");
  assert.equal(exchange(sim, aarqLls("12345678"), 1)![17], 2, "LLS is locked out too");
  sim.run(300);
  new HlsClient(sim, { ic: 2000 }).open();
});

test("a ciphered APDU on a non-ciphered (LLS) association is refused D8 01 02, and a plain one on a ciphered association too", () => {
  const sim = meter();
  assert.equal(exchange(sim, aarqLls("12345678"), 1)![17], 0);
  const c = new HlsClient(sim);
  assert.equal(toHex(exchange(sim, glo(0xc8, 0x30, c.title, 5, c.ek, c.ak, getNormal(3, A_PLUS, 2)), 1)!), "d8 01 02");
  assert.equal(exchange(sim, getNormal(3, A_PLUS, 2), 1)![3], 0, "the LLS association itself still works");
  c.open();
  assert.equal(toHex(exchange(sim, getNormal(3, A_PLUS, 2), 1)!), "d8 01 02");
  // ciphering only comes with HLS: LLS or public with context 3 are refused application-context-name-not-supported
  const llsCiphered = aarqLls("12345678");
  llsCiphered[12] = 3;
  assert.deepEqual(exchange(sim, llsCiphered, 1)!.slice(17, 25), [1, 0xa3, 5, 0xa1, 3, 2, 1, 2]);
});

test("remote_disconnect and remote_reconnect (class 70 methods 1, 2) only under HLS when the order asks for encryption (Z28 = 1): LLS is refused read-write-denied", () => {
  const sim = meter();
  assert.equal(sim.meter.configSet(ConfigId.LOCAL_ENCRYPTION, 1), Err.OK);
  assert.equal(exchange(sim, aarqLls("12345678"), 1)![17], 0);
  assert.equal(toHex(exchange(sim, action(70, DISCONNECT, 1, [0x0f, 0]), 1)!), "c7 01 c1 03 00");
  assert.equal(sim.meter.breakerState(), 1, "still connected");
  const c = new HlsClient(sim);
  c.open();
  assert.equal(toHex(c.request(action(70, DISCONNECT, 1, [0x0f, 0]))), "c7 01 c1 00 00");
  sim.run(1);
  assert.equal(sim.meter.breakerState(), 0, "disconnected");
  assert.equal(sim.meter.breakerOutput(), 0);
  assert.equal(toHex(c.request(getNormal(70, DISCONNECT, 3))), "c4 01 c1 00 16 00");
  assert.equal(toHex(c.request(action(70, DISCONNECT, 2, [0x0f, 0]))), "c7 01 c1 00 00");
  sim.run(1);
  const mode = sim.meter.configGet(ConfigId.DISCONNECT_MODE);
  // modes 2 and 4 reconnect at once; the others release for the button (ready_for_reconnection, 2)
  assert.equal(sim.meter.breakerState(), mode === 2 || mode === 4 ? 1 : 2, `control mode ${mode}`);
});

test("invocation counters survive a power cut: the server never reuses one, the client's old ones stay refused, -v resynchronises", () => {
  const nvm = new NorFlash();
  const sim = meter(nvm);
  const c = new HlsClient(sim);
  c.open();
  for (let k = 0; k < 20; k++) assert.equal(c.request(getNormal(3, A_PLUS, 2))[3], 0);
  const serverBefore = c.lastServerIc;
  const clientBefore = c.ic - 1;
  // the record: ring header, EK, AK, KEK, server ceiling, client floor, flags, CRC (docs/NVM.md)
  const rec = nvm.read(249 * 4096, 76) as Uint8Array;
  const v = new DataView(rec.buffer, rec.byteOffset);
  assert.equal(v.getUint32(0, true), 0x594b4d57, "magic WMKY");
  assert.equal(v.getUint16(4, true), 1, "version 1");
  assert.equal(v.getUint16(6, true), 76, "length");
  assert.deepEqual(Buffer.from(rec.subarray(12, 28)), DEFAULT_EK);
  assert.deepEqual(Buffer.from(rec.subarray(28, 44)), DEFAULT_AK);
  assert.equal(v.getUint32(72, true), crc32(rec.subarray(0, 72)));
  const after = meter(nvm, 1767270000n);
  const replay = new HlsClient(after, { ic: clientBefore });
  assert.equal(replay.associate()[24], 13, "a counter from before the cut: refused");
  const resync = exchange(after, [0x60, 0x1d, ...Buffer.from("A109060760857405080101BE10040E01000000065F1F0400401E5DFFFF", "hex")]);
  assert.equal(resync![17], 0);
  const floor = Buffer.from(exchange(after, getNormal(1, INVOCATION_COUNTER, 2))!.slice(5)).readUInt32BE();
  assert.ok(floor >= clientBefore, `the meter asks for counters above ${floor} >= ${clientBefore}`);
  const again = new HlsClient(after, { ic: floor + 1 });
  again.open();
  assert.ok(again.lastServerIc > serverBefore, `server IC ${again.lastServerIc} > ${serverBefore} from before the cut`);
});

test("key_transfer (method 2) with keys wrapped under the KEK: only HLS, stored before they count, the old EK refused afterwards", () => {
  const nvm = new NorFlash();
  const sim = meter(nvm);
  const newEk = Buffer.from("A0A1A2A3A4A5A6A7A8A9AAABACADAEAF", "hex");
  const wrap = (key: Buffer, kek = DEFAULT_KEK): Buffer => {
    const c = crypto.createCipheriv("id-aes128-wrap", kek, Buffer.from("A6A6A6A6A6A6A6A6", "hex"));
    return Buffer.concat([c.update(key), c.final()]);
  };
  const transfer = (wrapped: Buffer): number[] => action(64, SECURITY_SETUP, 2, [0x01, 1, 0x02, 2, 0x16, 0, 0x09, 24, ...wrapped]);
  assert.equal(exchange(sim, aarqLls("12345678"), 1)![17], 0);
  assert.equal(toHex(exchange(sim, transfer(wrap(newEk)), 1)!), "c7 01 c1 03 00", "LLS: read-write-denied");
  const c = new HlsClient(sim);
  c.open();
  assert.equal(toHex(c.request(transfer(wrap(newEk, Buffer.alloc(16, 7))))), "c7 01 c1 fa 00", "wrapped under another KEK: refused");
  assert.equal(toHex(c.request(transfer(wrap(newEk)))), "c7 01 c1 00 00");
  const logged = sim.meter.eventLogRecord(EventLog.FRAUD, 0);
  assert.ok(typeof logged === "object" && logged.code === EventCode.SECURITY_KEYS_CHANGED && logged.cause === 1 && logged.a === 1, "EK changed, logged");
  const after = meter(nvm, 1767270000n);
  assert.equal(new HlsClient(after, { ic: 5000 }).associate()[24], 13, "the old EK no longer deciphers");
  new HlsClient(after, { ic: 5001, ek: newEk }).open();
});

test("security_activate raises the policy (0x2c: encrypted requests), refuses lowering it; SC 0x10 requests refused after", () => {
  const sim = meter();
  const c = new HlsClient(sim);
  c.open();
  assert.equal(toHex(c.request(action(64, SECURITY_SETUP, 1, [0x16, 0x04]))), "c7 01 c1 fa 00", "0x04 would drop authenticated responses");
  assert.equal(toHex(c.request(action(64, SECURITY_SETUP, 1, [0x16, 0x2c]))), "c7 01 c1 00 00");
  assert.equal(toHex(c.request(getNormal(64, SECURITY_SETUP, 2))), "c4 01 c1 00 16 2c");
  const logged = sim.meter.eventLogRecord(EventLog.FRAUD, 0);
  assert.ok(typeof logged === "object" && logged.code === EventCode.SECURITY_POLICY_CHANGED && logged.a === 0x2c && logged.b === 0x24n);
  assert.equal(toHex(c.request(getNormal(3, A_PLUS, 2), c.ic++, 0x10)), "d8 01 05", "authenticated only is no longer enough");
});

test("factory provisioning: keys_provision stores EK, AK, KEK once (a second call NOT_PERMITTED); Gurux defaults no longer work", () => {
  const sim = meter();
  const ek = Buffer.alloc(16, 0x31);
  const ak = Buffer.alloc(16, 0x32);
  const kek = Buffer.alloc(16, 0x33);
  assert.equal(sim.meter.keysProvision(ek, ak, kek), Err.OK);
  assert.equal(sim.meter.keysProvision(DEFAULT_EK, DEFAULT_AK, DEFAULT_KEK), Err.NOT_PERMITTED);
  assert.equal(new HlsClient(sim, { ic: 10 }).associate()[24], 13, "the default keys are refused");
  new HlsClient(sim, { ic: 11, ek, ak }).open();
});

test("general-glo-ciphering (DB) carries any request under the client's title and is answered the same way under the server's", () => {
  const sim = meter();
  const c = new HlsClient(sim);
  c.open();
  const general = (title: Buffer, plain: number[]): number[] => {
    const inner = glo(0, 0x30, c.title, c.ic++, c.ek, c.ak, plain).slice(1); // length, SC, IC, text, tag
    return [0xdb, 8, ...title, ...inner];
  };
  const answer = exchange(sim, general(c.title, getNormal(3, A_PLUS, 3)), 1)!;
  assert.equal(answer[0], 0xdb);
  assert.equal(toHex(answer.slice(1, 10)), "08 " + SERVER_TITLE, "the server's title in the answer");
  const g = { sc: answer[11], ic: Buffer.from(answer.slice(12, 16)).readUInt32BE(), text: Buffer.from(answer.slice(16)) };
  assert.equal(answer[10], answer.length - 11, "ciphered-content length");
  assert.equal(g.sc, 0x30);
  const plain = Array.from(unprotect(g.sc, c.serverTitle, g.ic, c.ek, c.ak, g.text));
  assert.equal(toHex(plain), "c4 01 c1 00 02 02 0f 00 16 1e", "A+ scaler 0, unit Wh");
  // another sender's title: refused deciphering-error, whatever the keys say
  assert.equal(toHex(exchange(sim, general(Buffer.from("4D4D4D0000000009", "hex"), getNormal(3, A_PLUS, 3)), 1)!), "d8 01 05");
});

test("Z28 local encryption enabled: management on the optical port (HDLC after mode E) needs HLS-GMAC with ciphering; LLS refused (2)", () => {
  const sim = new Simulator({ startUtcS: 1767268800n, waveform: { vrms: 230, irms: 5 } });
  sim.boot();
  assert.equal(sim.meter.configSet(ConfigId.LOCAL_ENCRYPTION, 1), Err.OK);
  sim.run(2);
  const MANAGEMENT_HDLC = 0x03; // client SAP 1
  const aareOf = (aarq: number[], ns: number): number[] => {
    assert.equal(sim.meter.uartReceive(UartPort.OPTICAL, hdlcFrame(iControl(ns, ns), [0xe6, 0xe6, 0x00, ...aarq], false, MANAGEMENT_HDLC)), Err.OK);
    sim.run(0.05);
    const frames = parseFrames(sim.uart.take(UartPort.OPTICAL));
    return frames[frames.length - 1].info.slice(3); // LLC E6 E7 00, then the AARE
  };
  assert.equal(sim.meter.uartReceive(UartPort.OPTICAL, Uint8Array.from("/?!\r\n", (c) => c.charCodeAt(0))), Err.OK);
  sim.run(0.3);
  sim.uart.take(UartPort.OPTICAL);
  assert.equal(sim.meter.uartReceive(UartPort.OPTICAL, Uint8Array.from("\x06252\r\n", (c) => c.charCodeAt(0))), Err.OK);
  sim.run(0.3);
  assert.equal(sim.meter.uartReceive(UartPort.OPTICAL, hdlcFrame(SNRM, [], false, MANAGEMENT_HDLC)), Err.OK);
  sim.run(0.05);
  assert.deepEqual(parseFrames(sim.uart.take(UartPort.OPTICAL)).map((f) => f.control), [UA]);
  const lls = aareOf(aarqLls("12345678"), 0);
  assert.deepEqual(lls.slice(17, 25), [1, 0xa3, 5, 0xa1, 3, 2, 1, 2], "LLS: application-context-name-not-supported");
  const hls = aareOf(new HlsClient(sim).aarq(), 1);
  assert.equal(hls[12], 3, "context 3");
  assert.equal(hls[17], 0, "accepted");
  assert.equal(hls[24], 14, "authentication-required: pass 3 next");
});
