// ECDSA P-256 / SHA-256 of build/crypto-test.wasm against every Wycheproof case (DER, P1363), and the same bytes on the M4.
import { test } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { CryptoWasm, EcdsaState, VECTORS_DIR, hex, runCryptoOnM4, toHex } from "../host/cryptowasm.js";

const OK = 0;

interface SigCase { tcId: number; comment: string; msg: string; sig: string; result: string; flags: string[] }
interface SigGroup { publicKey: { uncompressed: string }; tests: SigCase[] }
const load = (name: string): SigGroup[] => (JSON.parse(fs.readFileSync(path.join(VECTORS_DIR, name), "utf8")) as { testGroups: SigGroup[] }).testGroups;

const c = new CryptoWasm();

// SHA-256 by the module itself, fed in 5-byte pieces.
function digest(msg: Uint8Array): Uint8Array {
  const out = c.alloc(32);
  c.x.sha256Chunked(c.put(msg), msg.length, 5, out);
  return c.get(out, 32);
}

// Public key X || Y from Wycheproof's uncompressed 04 || X || Y.
const publicKey = (g: SigGroup): Uint8Array => hex(g.publicKey.uncompressed).subarray(1);

function verifyAll(groups: SigGroup[], split: (sig: Uint8Array) => { r: Uint8Array; s: Uint8Array } | null): { valid: number; invalid: number } {
  let valid = 0, invalid = 0;
  for (const g of groups) {
    for (const t of g.tests) {
      c.reset();
      const msg = hex(t.msg);
      const hash = digest(msg);
      const rs = split(hex(t.sig));
      const verdict = rs === null ? EcdsaState.INVALID : c.verify(publicKey(g), hash, rs.r, rs.s, 24 * 4).state;
      const expected = t.result === "valid" ? EcdsaState.VALID : EcdsaState.INVALID;
      assert.equal(verdict, expected, `tcId ${t.tcId} (${t.comment})`);
      if (t.result === "valid") valid++; else invalid++;
    }
  }
  return { valid, invalid };
}

test("Wycheproof ECDSA P-256 SHA-256 (DER): all 174 valid signatures accepted, all 310 invalid refused, none traps", () => {
  const counts = verifyAll(load("ecdsa_secp256r1_sha256_test.json"), (sig) => {
    const r = c.alloc(32), s = c.alloc(32);
    return c.x.derToRs(c.put(sig), sig.length, r, s) === OK ? { r: c.get(r, 32), s: c.get(s, 32) } : null;
  });
  assert.deepEqual(counts, { valid: 174, invalid: 310 });
});

test("Wycheproof ECDSA P-256 SHA-256 (IEEE P1363): all 173 valid accepted, all 89 invalid refused", () => {
  const counts = verifyAll(load("ecdsa_secp256r1_sha256_p1363_test.json"), (sig) =>
    sig.length === 64 ? { r: sig.subarray(0, 32), s: sig.subarray(32) } : null);
  assert.deepEqual(counts, { valid: 173, invalid: 89 });
});

test("SHA-256 of the module equals Node's for every length 0..300 in pieces of 1, 5 and 64 bytes", () => {
  for (let n = 0; n <= 300; n++) {
    const msg = Uint8Array.from({ length: n }, (_, k) => (k * 131 + n) & 0xff);
    const expected = crypto.createHash("sha256").update(msg).digest("hex");
    for (const piece of [1, 5, 64]) {
      c.reset();
      const out = c.alloc(32);
      c.x.sha256Chunked(c.put(msg), n, piece, out);
      assert.equal(toHex(c.get(out, 32)), expected, `length ${n}, pieces of ${piece}`);
    }
  }
});

test("signatures made by Node's own P-256 key verify; with the message changed they do not", () => {
  for (let k = 0; k < 8; k++) {
    const { privateKey, publicKey: pub } = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
    const jwk = pub.export({ format: "jwk" });
    const key = new Uint8Array(Buffer.concat([Buffer.from(jwk.x!, "base64url"), Buffer.from(jwk.y!, "base64url")]));
    const msg = crypto.randomBytes(40);
    const sig = new Uint8Array(crypto.sign("sha256", msg, { key: privateKey, dsaEncoding: "ieee-p1363" }));
    c.reset();
    assert.equal(c.verify(key, digest(msg), sig.subarray(0, 32), sig.subarray(32)).state, EcdsaState.VALID);
    msg[0] ^= 1;
    c.reset();
    assert.equal(c.verify(key, digest(msg), sig.subarray(0, 32), sig.subarray(32)).state, EcdsaState.INVALID);
  }
});

test("one verification with a budget of 24 multiplications per step takes 257..300 steps of at most 24 each", () => {
  const g = load("ecdsa_secp256r1_sha256_p1363_test.json")[0];
  const t = g.tests.find((x) => x.result === "valid")!;
  const sig = hex(t.sig);
  c.reset();
  assert.equal(c.x.verifyBegin(c.put(publicKey(g)), c.put(digest(hex(t.msg))), c.put(sig.subarray(0, 32)), c.put(sig.subarray(32))), OK);
  let steps = 0, worst = 0, total = 0, state = EcdsaState.BUSY;
  while (state === EcdsaState.BUSY) {
    const before = c.x.fieldMultiplications();
    state = c.x.verifyStep(24);
    const spent = c.x.fieldMultiplications() - before;
    worst = Math.max(worst, spent);
    total += spent;
    steps++;
  }
  assert.equal(state, EcdsaState.VALID);
  assert.ok(worst <= 24, `a step spent ${worst}`);
  assert.ok(steps >= 257 && steps <= 300, `${steps} steps`);
  assert.ok(total < 7000, `${total} multiplications`);
});

// Offsets in the I/O area, as in mcu/cryptobench.c.
const TITLE = 160, EK = 168, AK = 184, PLAIN = 200, OUT = 456, IMAGE = 1024;

test("DLMS SC 0x30, SHA-256 and ECDSA verdicts come out of the Cortex-M4 (wasm2c, QEMU) bit for bit as in V8", (t) => {
  const run = runCryptoOnM4();
  if (!run) return t.skip("QEMU or build/mcu/cryptobench-m4.elf missing");
  const out = run.out;
  const c = new CryptoWasm();
  const io = c.x.io();
  const mem = new Uint8Array(c.x.memory.buffer);
  for (let k = 0; k < 4096 + 824; k++) mem[io + TITLE + k] = (k * 131 + 7) & 0xff;
  assert.equal(c.x.dlmsSeal(0x30, io + TITLE, 1, io + EK, io + AK, io + PLAIN, 256, io + OUT), 0);
  assert.equal(out.get("dlms256_tail"), toHex(c.get(io + OUT + 256 - 20, 32)));
  c.x.sha256Chunked(io + IMAGE, 4096, 256, io + OUT);
  assert.equal(out.get("sha4k"), toHex(c.get(io + OUT, 32)));
  assert.equal(run.counts.tampered_state, EcdsaState.INVALID, "the signature with one bit of s changed");
  assert.ok(run.counts.steps >= 257, "the valid signature ran through every step (the image faults if it is refused)");
});
