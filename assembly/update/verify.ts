// Image verification spread over ticks: header checks, the wasm's sections, SHA-256, then the signatures.
//
// Each call of verifyStep does one bounded piece of work (a header check, four section headers, 512 bytes
// of hashing, or 24 field multiplications of ECDSA), so the meter's tick never waits on a whole image.
import { Err } from "../errors";
import { ABI_VERSION } from "../index";
import { fwslotRead } from "../hal/fwslot";
import { sha256Init, sha256Update, sha256Final, sha256 } from "../crypto/sha256";
import { ecdsaBegin, ecdsaStep, EcdsaState, ECDSA_MAX_STEP_UNITS } from "../crypto/ecdsa";
import { UTILITY_PUBLIC_KEY, LEGAL_PUBLIC_KEY } from "./keys";
import { parseSectionHeader, sectionContentAt, sectionBytes, sectionLegalAt } from "./wasmsection";
import {
  HEADER_BYTES, IMAGE_MAGIC, IMAGE_FORMAT, M_MAGIC, M_FORMAT, M_HEADER_BYTES, M_VERSION, M_ABI, M_TARGET, M_WASM_BYTES,
  M_WASM_SHA256, M_LEGAL_HASH, M_FLAGS, MANIFEST_BYTES, SIGNATURE_OFFSET, LEGAL_SIGNATURE_OFFSET, FLAG_LEGAL_SIGNED,
  TARGET_WASMETER, WASM_MAX_BYTES, LEGAL_HASH_BYTES, Refusal,
} from "./layout";

export const HASH_CHUNK_BYTES: i32 = 512;
const SECTIONS_PER_STEP: i32 = 4;
const SECTION_PEEK_BYTES: i32 = 16;
export const VERIFY_BUSY: i32 = -1;

const enum Phase {
  IDLE = 0,
  HEADER = 1,
  SECTIONS = 2,
  HASH = 3,
  SIGNATURE = 4,
  LEGAL_SIGNATURE = 5,
}

const HEADER: usize = memory.data(HEADER_BYTES);
const CHUNK: usize = memory.data(HASH_CHUNK_BYTES);
const DIGEST: usize = memory.data(32);
// What is running: its manifest (version, legal hash), all zero when the image did not come from a slot.
export const RUNNING_MANIFEST: usize = memory.data(MANIFEST_BYTES);

let phase = Phase.IDLE;
let slot: i32 = 0;
let imageBytes: i32 = 0;
let position: i32 = 0; // SECTIONS: next section header; HASH: next byte of the wasm
let wasmEnd: i32 = 0;
let legalFound = false;

// Reads the running slot's manifest; an unusable one counts as version 0 with an unknown legal hash.
export function runningManifestLoad(runningSlot: i32): void {
  memory.fill(RUNNING_MANIFEST, 0, MANIFEST_BYTES);
  if (runningSlot < 0) return;
  if (fwslotRead(runningSlot, 0, RUNNING_MANIFEST, MANIFEST_BYTES) != Err.OK || load<u32>(RUNNING_MANIFEST) != IMAGE_MAGIC) {
    memory.fill(RUNNING_MANIFEST, 0, MANIFEST_BYTES);
  }
}

export function runningVersion(): u32 {
  return load<u32>(RUNNING_MANIFEST + <usize>M_VERSION);
}

// The manifest field of the image under verification (or just verified).
export function imageManifestU32(offset: i32): u32 {
  return load<u32>(HEADER + <usize>offset);
}

export function verifyStart(fromSlot: i32, transferredBytes: i32): void {
  slot = fromSlot;
  imageBytes = transferredBytes;
  memory.fill(HEADER, 0, HEADER_BYTES);
  phase = Phase.HEADER;
}

export function verifyCancel(): void {
  phase = Phase.IDLE;
}

// VERIFY_BUSY while work is left, then Refusal.NONE (valid) or the refusal.
export function verifyStep(): i32 {
  let result = VERIFY_BUSY;
  if (phase == Phase.HEADER) result = checkHeader();
  else if (phase == Phase.SECTIONS) result = walkSections();
  else if (phase == Phase.HASH) result = hashChunk();
  else if (phase == Phase.SIGNATURE) result = signatureStep(false);
  else if (phase == Phase.LEGAL_SIGNATURE) result = signatureStep(true);
  else return <i32>Refusal.MALFORMED; // not started
  if (result != VERIFY_BUSY) phase = Phase.IDLE;
  return result;
}

function checkHeader(): i32 {
  if (imageBytes < HEADER_BYTES) return Refusal.TRUNCATED;
  if (fwslotRead(slot, 0, HEADER, HEADER_BYTES) != Err.OK) return Refusal.TRUNCATED;
  if (load<u32>(HEADER + <usize>M_MAGIC) != IMAGE_MAGIC || load<u16>(HEADER + <usize>M_FORMAT) != IMAGE_FORMAT) return Refusal.MALFORMED;
  if (<i32>load<u16>(HEADER + <usize>M_HEADER_BYTES) != HEADER_BYTES) return Refusal.MALFORMED;
  const wasmBytes = load<u32>(HEADER + <usize>M_WASM_BYTES);
  if (wasmBytes < 8 || wasmBytes > <u32>WASM_MAX_BYTES) return Refusal.MALFORMED;
  if (<u32>HEADER_BYTES + wasmBytes > <u32>imageBytes) return Refusal.TRUNCATED;
  if (<u32>HEADER_BYTES + wasmBytes < <u32>imageBytes) return Refusal.MALFORMED; // bytes after the module
  if (load<u32>(HEADER + <usize>M_TARGET) != TARGET_WASMETER) return Refusal.WRONG_TARGET;
  if (load<u32>(HEADER + <usize>M_ABI) != <u32>ABI_VERSION) return Refusal.WRONG_ABI;
  if (load<u32>(HEADER + <usize>M_VERSION) < runningVersion()) return Refusal.DOWNGRADE;
  // "\0asm", version 1.
  if (fwslotRead(slot, HEADER_BYTES, CHUNK, 8) != Err.OK) return Refusal.TRUNCATED;
  if (load<u32>(CHUNK) != 0x6d736100 || load<u32>(CHUNK + 4) != 1) return Refusal.MALFORMED;
  wasmEnd = HEADER_BYTES + <i32>wasmBytes;
  position = HEADER_BYTES + 8;
  legalFound = false;
  phase = Phase.SECTIONS;
  return VERIFY_BUSY;
}

// The custom section "legal" must be there once and hold the manifest's legal hash.
function walkSections(): i32 {
  for (let k = 0; k < SECTIONS_PER_STEP; k++) {
    if (position == wasmEnd) {
      if (!legalFound) return Refusal.MALFORMED;
      sha256Init();
      position = HEADER_BYTES;
      phase = Phase.HASH;
      return VERIFY_BUSY;
    }
    const peek = min(SECTION_PEEK_BYTES, wasmEnd - position);
    if (fwslotRead(slot, position, CHUNK, peek) != Err.OK) return Refusal.MALFORMED;
    if (!parseSectionHeader(CHUNK, peek)) return Refusal.MALFORMED;
    const contentAt = position + sectionContentAt;
    if (sectionBytes > wasmEnd - contentAt) return Refusal.MALFORMED;
    if (sectionLegalAt >= 0) {
      const payloadAt = position + sectionLegalAt;
      if (legalFound || contentAt + sectionBytes - payloadAt != LEGAL_HASH_BYTES) return Refusal.MALFORMED;
      if (fwslotRead(slot, payloadAt, CHUNK, LEGAL_HASH_BYTES) != Err.OK) return Refusal.MALFORMED;
      if (!bytesEqual(CHUNK, HEADER + <usize>M_LEGAL_HASH, LEGAL_HASH_BYTES)) return Refusal.MALFORMED;
      legalFound = true;
    }
    position = contentAt + sectionBytes;
  }
  return VERIFY_BUSY;
}

function bytesEqual(a: usize, b: usize, n: i32): bool {
  let diff: u32 = 0;
  for (let k = 0; k < n; k++) diff |= <u32>(load<u8>(a + <usize>k) ^ load<u8>(b + <usize>k));
  return diff == 0;
}

function isZero(p: usize, n: i32): bool {
  for (let k = 0; k < n; k++) if (load<u8>(p + <usize>k) != 0) return false;
  return true;
}

function hashChunk(): i32 {
  const n = min(HASH_CHUNK_BYTES, wasmEnd - position);
  if (fwslotRead(slot, position, CHUNK, n) != Err.OK) return Refusal.TRUNCATED;
  sha256Update(CHUNK, n);
  position += n;
  if (position < wasmEnd) return VERIFY_BUSY;
  sha256Final(DIGEST);
  if (!bytesEqual(DIGEST, HEADER + <usize>M_WASM_SHA256, 32)) return Refusal.HASH_MISMATCH;
  return beginSignature(false);
}

// Both keys sign the same thing: the SHA-256 of the 96-byte manifest.
function beginSignature(legal: bool): i32 {
  const sig = HEADER + <usize>(legal ? LEGAL_SIGNATURE_OFFSET : SIGNATURE_OFFSET);
  if (legal && (load<u32>(HEADER + <usize>M_FLAGS) & FLAG_LEGAL_SIGNED) == 0) return Refusal.LEGAL_UNSIGNED;
  if (isZero(sig, 64)) return legal ? Refusal.LEGAL_UNSIGNED : Refusal.UNSIGNED;
  sha256(HEADER, MANIFEST_BYTES, DIGEST);
  if (ecdsaBegin(legal ? LEGAL_PUBLIC_KEY : UTILITY_PUBLIC_KEY, DIGEST, sig, sig + 32) != Err.OK) {
    return legal ? Refusal.BAD_LEGAL_SIGNATURE : Refusal.BAD_SIGNATURE;
  }
  phase = legal ? Phase.LEGAL_SIGNATURE : Phase.SIGNATURE;
  return VERIFY_BUSY;
}

function signatureStep(legal: bool): i32 {
  const state = ecdsaStep(ECDSA_MAX_STEP_UNITS);
  if (state == EcdsaState.BUSY) return VERIFY_BUSY;
  if (state != EcdsaState.VALID) return legal ? Refusal.BAD_LEGAL_SIGNATURE : Refusal.BAD_SIGNATURE;
  if (legal) return Refusal.NONE;
  // The metrology may only change with the legal authority's signature as well.
  if (bytesEqual(HEADER + <usize>M_LEGAL_HASH, RUNNING_MANIFEST + <usize>M_LEGAL_HASH, LEGAL_HASH_BYTES)) return Refusal.NONE;
  return beginSignature(true);
}
