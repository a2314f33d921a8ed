// The crypto through wasm2c on the Cortex-M4 (QEMU) gives V8's bytes: DLMS ciphertext and tag, SHA-256, ECDSA verdicts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CryptoWasm, toHex } from "../host/cryptowasm.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const elf = path.join(root, "build/mcu/cryptobench-m4.elf");
const haveQemu = (() => { try { execFileSync("qemu-system-arm", ["--version"]); return true; } catch { return false; } })();

// Offsets in the I/O area, as in mcu/cryptobench.c.
const TITLE = 160, EK = 168, AK = 184, PLAIN = 200, OUT = 456, IMAGE = 1024;

test("DLMS SC 0x30, SHA-256 and a refused ECDSA signature come out of the Cortex-M4 bit for bit as in V8", { skip: (!haveQemu || !fs.existsSync(elf)) && "QEMU or build/mcu/cryptobench-m4.elf missing" }, () => {
  const qemu = ["-M", "mps2-an386", "-nographic", "-monitor", "none", "-serial", "null", "-semihosting", "-icount", "shift=0", "-kernel", elf];
  const text = execFileSync("qemu-system-arm", qemu, { encoding: "utf8", timeout: 120_000 });
  assert.match(text, /\nEND/, text);
  const out = new Map([...text.matchAll(/^OUT (\w+) ([0-9a-f]+)$/gm)].map((m) => [m[1], m[2]]));
  const tampered = /^BENCH tampered_state (\d+)$/m.exec(text);

  const c = new CryptoWasm();
  const io = c.x.io();
  const mem = new Uint8Array(c.x.memory.buffer);
  for (let k = 0; k < 4096 + 824; k++) mem[io + TITLE + k] = (k * 131 + 7) & 0xff;
  assert.equal(c.x.dlmsSeal(0x30, io + TITLE, 1, io + EK, io + AK, io + PLAIN, 256, io + OUT), 0);
  assert.equal(out.get("dlms256_tail"), toHex(c.get(io + OUT + 256 - 20, 32)));
  c.x.sha256Chunked(io + IMAGE, 4096, 256, io + OUT);
  assert.equal(out.get("sha4k"), toHex(c.get(io + OUT, 32)));
  assert.equal(tampered?.[1], "3", "INVALID for the signature with one bit of s changed");
});
