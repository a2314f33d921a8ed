// Signed update files (docs/UPDATE.md): the 224-byte header (manifest + two ECDSA P-256 signatures) before the wasm.
import crypto from "node:crypto";
import { ABI_VERSION } from "./abi.js";
import { crc32 } from "./crc32.js";

export const IMAGE_MAGIC = 0x50554d57; // "WMUP"
export const HEADER_BYTES = 224;
export const MANIFEST_BYTES = 96;
export const TARGET_WASMETER = 0x31504d57; // "WMP1"
export const WASM_MAX_BYTES = 128 * 1024;
export const FLAG_LEGAL_SIGNED = 1;

export interface ImageOptions {
  version: number;
  key?: crypto.KeyObject | string; // utility key (PEM or KeyObject); absent: unsigned
  legalKey?: crypto.KeyObject | string; // absent: no legal signature
  abi?: number;
  target?: number;
  legalHash?: Uint8Array; // default: the module's own "legal" section
  wasmSha256?: Uint8Array; // default: the module's hash
  wasmBytes?: number; // default: its length
}

export interface Manifest {
  version: number;
  abi: number;
  target: number;
  wasmBytes: number;
  wasmSha256: Buffer;
  legalHash: Buffer;
  flags: number;
}

// The payload of the module's custom section "legal", or undefined.
export function legalSection(wasm: Uint8Array): Buffer | undefined {
  let at = 8;
  const leb = (): number => {
    let v = 0;
    for (let shift = 0; ; shift += 7) {
      const b = wasm[at++];
      v += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0 || at >= wasm.length) return v;
    }
  };
  while (at < wasm.length) {
    const id = wasm[at++];
    const size = leb();
    const end = at + size;
    if (id === 0) {
      const nameBytes = leb();
      if (Buffer.from(wasm.subarray(at, at + nameBytes)).toString() === "legal") return Buffer.from(wasm.subarray(at + nameBytes, end));
    }
    at = end;
  }
  return undefined;
}

export { crc32 } from "./crc32.js";

// The legal firmware checksum the boot loader hands over: CRC-32 of the legal section, so it changes with
// the metrology and with nothing else (of the whole module when it has no legal section).
export function legalChecksum(wasm: Uint8Array): number {
  return crc32(legalSection(wasm) ?? wasm);
}

const key = (k: crypto.KeyObject | string): crypto.KeyObject => (typeof k === "string" ? crypto.createPrivateKey(k) : k);

export function buildImage(wasm: Uint8Array, opts: ImageOptions): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32LE(IMAGE_MAGIC, 0);
  header.writeUInt16LE(1, 4);
  header.writeUInt16LE(HEADER_BYTES, 6);
  header.writeUInt32LE(opts.version >>> 0, 8);
  header.writeUInt32LE((opts.abi ?? ABI_VERSION) >>> 0, 12);
  header.writeUInt32LE((opts.target ?? TARGET_WASMETER) >>> 0, 16);
  header.writeUInt32LE(opts.wasmBytes ?? wasm.length, 20);
  Buffer.from(opts.wasmSha256 ?? crypto.createHash("sha256").update(wasm).digest()).copy(header, 24);
  const legal = opts.legalHash ?? legalSection(wasm);
  if (legal) Buffer.from(legal).copy(header, 56, 0, 32);
  header.writeUInt32LE(opts.legalKey ? FLAG_LEGAL_SIGNED : 0, 88);
  const manifest = header.subarray(0, MANIFEST_BYTES);
  const sign = (k: crypto.KeyObject | string): Buffer => crypto.sign("sha256", manifest, { key: key(k), dsaEncoding: "ieee-p1363" });
  if (opts.key) sign(opts.key).copy(header, 96);
  if (opts.legalKey) sign(opts.legalKey).copy(header, 160);
  return Buffer.concat([header, wasm]);
}

export function parseManifest(file: Uint8Array): Manifest | undefined {
  if (file.length < HEADER_BYTES) return undefined;
  const b = Buffer.from(file.buffer, file.byteOffset, HEADER_BYTES);
  if (b.readUInt32LE(0) !== IMAGE_MAGIC || b.readUInt16LE(4) !== 1 || b.readUInt16LE(6) !== HEADER_BYTES) return undefined;
  return {
    version: b.readUInt32LE(8), abi: b.readUInt32LE(12), target: b.readUInt32LE(16), wasmBytes: b.readUInt32LE(20),
    wasmSha256: Buffer.from(b.subarray(24, 56)), legalHash: Buffer.from(b.subarray(56, 88)), flags: b.readUInt32LE(88),
  };
}

// The module inside a stored update file when its bytes are the manifest's (a boot loader's integrity check).
export function imageWasm(file: Uint8Array): Uint8Array | undefined {
  const m = parseManifest(file);
  if (!m || m.wasmBytes > WASM_MAX_BYTES || HEADER_BYTES + m.wasmBytes > file.length) return undefined;
  const wasm = file.subarray(HEADER_BYTES, HEADER_BYTES + m.wasmBytes);
  return crypto.createHash("sha256").update(wasm).digest().equals(m.wasmSha256) ? wasm : undefined;
}
