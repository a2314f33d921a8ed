// Loads build/crypto-test.wasm (the firmware's crypto primitives with a test entry) for vector tests and the benchmark.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const CRYPTO_WASM_PATH = path.join(ROOT, "build/crypto-test.wasm");
export const CRYPTO_M4_ELF = path.join(ROOT, "build/mcu/cryptobench-m4.elf");
export const VECTORS_DIR = path.resolve(ROOT, "../shared/reference/vectors");

export const enum EcdsaState { IDLE = 0, BUSY = 1, VALID = 2, INVALID = 3 }

interface CryptoExports {
  memory: WebAssembly.Memory;
  io(): number;
  ioBytes(): number;
  aesEncryptBlock(key: number, input: number, out: number): void;
  gcmKey(key: number): void;
  gcmSeal(iv: number, ivBytes: number, aad: number, aadBytes: number, input: number, textBytes: number, out: number, tag: number, tagBytes: number): number;
  gcmOpen(iv: number, ivBytes: number, aad: number, aadBytes: number, input: number, textBytes: number, out: number, tag: number, tagBytes: number): number;
  dlmsSeal(sc: number, sysTitle: number, ic: number, ek: number, ak: number, plain: number, plainBytes: number, out: number): number;
  dlmsOpen(sc: number, sysTitle: number, ic: number, ek: number, ak: number, input: number, protectedBytes: number, out: number): number;
  sha256Chunked(ptr: number, lengthBytes: number, chunkBytes: number, out: number): void;
  derToRs(der: number, derBytes: number, r: number, s: number): number;
  verifyBegin(publicKey: number, hash: number, r: number, s: number): number;
  verifyStep(budgetUnits: number): EcdsaState;
  fieldMultiplications(): number;
}

export const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, "hex"));
export const toHex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

// The I/O area is cut into slots by a bump pointer that reset() rewinds; each call's inputs get fresh slots.
export class CryptoWasm {
  readonly x: CryptoExports;
  private base: number;
  private limit: number;
  private next: number;

  constructor() {
    const module = new WebAssembly.Module(fs.readFileSync(CRYPTO_WASM_PATH));
    const abort = (): never => { throw new Error("crypto-test.wasm aborted"); };
    const instance = new WebAssembly.Instance(module, { hal: { abort } });
    this.x = instance.exports as unknown as CryptoExports;
    this.base = this.x.io();
    this.limit = this.base + this.x.ioBytes();
    this.next = this.base;
  }

  reset(): void {
    this.next = this.base;
  }

  // A slot of n bytes, 8-aligned, holding `bytes` if given.
  alloc(n: number, bytes?: Uint8Array): number {
    const ptr = this.next;
    this.next += (Math.max(n, 1) + 7) & ~7;
    if (this.next > this.limit) throw new Error("crypto I/O area too small");
    if (bytes) new Uint8Array(this.x.memory.buffer, ptr, bytes.length).set(bytes);
    return ptr;
  }

  put(bytes: Uint8Array): number {
    return this.alloc(bytes.length, bytes);
  }

  get(ptr: number, n: number): Uint8Array {
    return new Uint8Array(this.x.memory.buffer, ptr, n).slice();
  }

  // Whole verification with a budget per step; returns the final state and the number of steps.
  verify(publicKey: Uint8Array, hash: Uint8Array, r: Uint8Array, s: Uint8Array, budgetUnits = 1 << 30): { state: EcdsaState; begin: number; steps: number } {
    const begin = this.x.verifyBegin(this.put(publicKey), this.put(hash), this.put(r), this.put(s));
    let steps = 0;
    let state = EcdsaState.INVALID;
    if (begin === 0) {
      do { state = this.x.verifyStep(budgetUnits); steps++; } while (state === EcdsaState.BUSY);
    }
    return { state, begin, steps };
  }
}

export interface M4Run {
  counts: Record<string, number>; // "BENCH name n" lines
  out: Map<string, string>; // "OUT name hex" lines
  instructionsPerCount: number;
}

// Runs mcu/cryptobench.c on the Cortex-M4 in QEMU (-icount shift=0); null without QEMU or the image.
export function runCryptoOnM4(): M4Run | null {
  if (!fs.existsSync(CRYPTO_M4_ELF)) return null;
  const qemu = ["-M", "mps2-an386", "-nographic", "-monitor", "none", "-serial", "null", "-semihosting", "-icount", "shift=0", "-kernel", CRYPTO_M4_ELF];
  let text: string;
  try {
    text = execFileSync("qemu-system-arm", qemu, { encoding: "utf8", timeout: 120_000 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
  if (!text.includes("\nEND")) throw new Error(`crypto benchmark did not finish:\n${text}`);
  const counts: Record<string, number> = {};
  for (const m of text.matchAll(/^BENCH (\w+) (\d+)$/gm)) counts[m[1]] = Number(m[2]);
  const out = new Map([...text.matchAll(/^OUT (\w+) ([0-9a-f]+)$/gm)].map((m) => [m[1], m[2]]));
  // The calibration loop (subs + bne) converts counter ticks into executed instructions.
  return { counts, out, instructionsPerCount: counts.calibration_instructions / counts.calibration_counts };
}
