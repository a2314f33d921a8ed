// AES-128-GCM and DLMS suite 0 of build/crypto-test.wasm against Wycheproof and the Gurux client's own ciphering.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { CryptoWasm, VECTORS_DIR, hex, toHex } from "../host/cryptowasm.js";

const OK = 0, INVALID_ARGUMENT = 1, AUTH_FAILED = 9;
const GURUX = path.resolve(VECTORS_DIR, "../../clients/gurux-python");
const havePython = (() => { try { execFileSync("python3", ["--version"]); return true; } catch { return false; } })();

interface AeadCase { tcId: number; iv: string; key: string; aad: string; msg: string; ct: string; tag: string; result: string; flags: string[] }
interface AeadGroup { keySize: number; ivSize: number; tagSize: number; tests: AeadCase[] }
const wycheproof = JSON.parse(fs.readFileSync(path.join(VECTORS_DIR, "aes_gcm_test.json"), "utf8")) as { testGroups: AeadGroup[] };
const cases128 = wycheproof.testGroups.filter((g) => g.keySize === 128).flatMap((g) => g.tests.map((t) => ({ ...t, tagBytes: g.tagSize / 8 })));

const c = new CryptoWasm();

// Seals msg; returns status, ciphertext and tag.
function seal(t: AeadCase, tagBytes: number): { status: number; ct: string; tag: string } {
  c.reset();
  const msg = hex(t.msg), iv = hex(t.iv), aad = hex(t.aad);
  c.x.gcmKey(c.put(hex(t.key)));
  const out = c.alloc(msg.length), tag = c.alloc(16);
  const status = c.x.gcmSeal(c.put(iv), iv.length, c.put(aad), aad.length, c.put(msg), msg.length, out, tag, tagBytes);
  return { status, ct: toHex(c.get(out, msg.length)), tag: toHex(c.get(tag, tagBytes)) };
}

// Opens ct with the given tag; returns status and the output buffer (pre-filled with 0xee).
function open(t: AeadCase, tagHex: string): { status: number; out: Uint8Array } {
  c.reset();
  const ct = hex(t.ct), iv = hex(t.iv), aad = hex(t.aad), tag = hex(tagHex);
  c.x.gcmKey(c.put(hex(t.key)));
  const out = c.put(new Uint8Array(ct.length).fill(0xee));
  const status = c.x.gcmOpen(c.put(iv), iv.length, c.put(aad), aad.length, c.put(ct), ct.length, out, c.put(tag), tag.length);
  return { status, out: c.get(out, ct.length) };
}

test("Wycheproof AES-GCM, every 128-bit-key case (all IV sizes): valid ones seal and open exactly", () => {
  const valid = cases128.filter((t) => t.result === "valid");
  assert.ok(valid.length >= 70, `only ${valid.length} valid cases`);
  for (const t of valid) {
    const sealed = seal(t, t.tagBytes);
    assert.equal(sealed.status, OK, `tcId ${t.tcId}`);
    assert.equal(sealed.ct, t.ct, `tcId ${t.tcId} ciphertext`);
    assert.equal(sealed.tag, t.tag, `tcId ${t.tcId} tag`);
    const opened = open(t, t.tag);
    assert.equal(opened.status, OK, `tcId ${t.tcId} open`);
    assert.equal(toHex(opened.out), t.msg, `tcId ${t.tcId} plaintext`);
  }
});

test("Wycheproof AES-GCM invalid 128-bit-key cases are refused and the output buffer stays untouched", () => {
  const invalid = cases128.filter((t) => t.result === "invalid");
  assert.ok(invalid.length >= 29, `only ${invalid.length} invalid cases`);
  for (const t of invalid) {
    const opened = open(t, t.tag);
    const expected = hex(t.iv).length === 0 ? INVALID_ARGUMENT : AUTH_FAILED;
    assert.equal(opened.status, expected, `tcId ${t.tcId} (${t.flags.join(",")})`);
    assert.ok(opened.out.every((b) => b === 0xee), `tcId ${t.tcId} wrote plaintext`);
  }
});

test("12-byte DLMS tags are the 16-byte tag's first 12 bytes and open; a 12-byte tag with one bit off does not", () => {
  for (const t of cases128.filter((x) => x.result === "valid" && x.iv.length === 24)) {
    const sealed = seal(t, 12);
    assert.equal(sealed.tag, t.tag.slice(0, 24), `tcId ${t.tcId}`);
    assert.equal(open(t, sealed.tag).status, OK, `tcId ${t.tcId}`);
    const bad = hex(sealed.tag);
    bad[11] ^= 0x01;
    assert.equal(open(t, toHex(bad)).status, AUTH_FAILED, `tcId ${t.tcId}`);
  }
});

// A deterministic byte source, so the Gurux cross-check is the same on every run.
function bytes(seed: number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let k = 0; k < n; k++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; x >>>= 0; out[k] = x & 0xff; }
  return out;
}

const GURUX_SCRIPT = `
import json, sys
sys.path.insert(0, ${JSON.stringify(GURUX)})
from gurux_dlms.AesGcmParameter import AesGcmParameter
from gurux_dlms.GXDLMSChippering import GXDLMSChippering
from gurux_dlms.CountType import CountType
out = []
for c in json.load(sys.stdin):
    p = AesGcmParameter(0, bytes.fromhex(c["title"]), bytes.fromhex(c["ek"]), bytes.fromhex(c["ak"]))
    p.security = c["sc"]; p.invocationCounter = c["ic"]; p.type_ = CountType.DATA | CountType.TAG
    out.append(GXDLMSChippering.encryptAesGcm(p, bytes.fromhex(c["plain"])).hex())
print(json.dumps(out))
`;

test("DLMS protect matches the Gurux client's GXDLMSChippering for SC 0x10, 0x20 and 0x30 over 60 messages of 0..400 bytes", { skip: !(havePython && fs.existsSync(GURUX)) && "python3 or gurux-python not found" }, () => {
  const cases = Array.from({ length: 60 }, (_, k) => ({
    sc: [0x10, 0x20, 0x30][k % 3],
    title: toHex(bytes(k * 7 + 1, 8)),
    ic: (k * 0x9e3779b1) >>> 0,
    ek: toHex(bytes(k * 7 + 2, 16)),
    ak: toHex(bytes(k * 7 + 3, 16)),
    plain: toHex(bytes(k * 7 + 4, (k * 37) % 401)),
  }));
  const reference = JSON.parse(execFileSync("python3", ["-c", GURUX_SCRIPT], { input: JSON.stringify(cases) }).toString()) as string[];
  cases.forEach((k, i) => {
    c.reset();
    const plain = hex(k.plain);
    const title = c.put(hex(k.title)), ek = c.put(hex(k.ek)), ak = c.put(hex(k.ak));
    const out = c.alloc(plain.length + 12);
    assert.equal(c.x.dlmsSeal(k.sc, title, k.ic, ek, ak, c.put(plain), plain.length, out), OK);
    const n = plain.length + (k.sc & 0x10 ? 12 : 0);
    assert.equal(toHex(c.get(out, n)), reference[i], `case ${i} SC ${k.sc.toString(16)}`);
    const back = c.alloc(plain.length);
    assert.equal(c.x.dlmsOpen(k.sc, title, k.ic, ek, ak, out, n, back), OK, `case ${i} open`);
    assert.equal(toHex(c.get(back, plain.length)), k.plain, `case ${i} round trip`);
  });
});
