// DLMS/COSEM security suite 0 (Green Book 9.2.7.2): AES-128-GCM with the security control byte and system title.
//
// IV = system title (8 bytes) || invocation counter (4 bytes, big-endian); tag 12 bytes.
//   SC 0x10 authenticated only:  AAD = SC || AK || plaintext, output = plaintext || tag
//   SC 0x20 encrypted only:      no tag,                        output = ciphertext
//   SC 0x30 both:                AAD = SC || AK,                output = ciphertext || tag
// Bit 0x40 (broadcast key) only enters the AAD: the caller passes whichever key it names as ek.
// Compression (0x80) and suites other than 0 are refused. The GCM key schedule is kept between calls
// and redone only when ek changes.
import { Err } from "../errors";
import { AES128_KEY_BYTES } from "./aes";
import { bytesEqual, copyBytes, storeBe32 } from "./bytes";
import { gcmAad, gcmAadDone, gcmFinish, gcmSetKey, gcmStart, gcmTextEncrypt, gcmTextVerifyDecrypt } from "./gcm";

export const DLMS_SYSTEM_TITLE_BYTES: i32 = 8;
export const DLMS_TAG_BYTES: i32 = 12;

export const enum SecurityControl {
  AUTHENTICATED = 0x10,
  ENCRYPTED = 0x20,
  BROADCAST_KEY = 0x40,
  COMPRESSED = 0x80,
  SUITE_MASK = 0x0f,
}

const IV: usize = memory.data(12);
const SC_BYTE: usize = memory.data(1);
const CACHED_KEY: usize = memory.data(AES128_KEY_BYTES);
let cachedKeyValid = false;

function useKey(ekPtr: usize): void {
  if (cachedKeyValid && bytesEqual(CACHED_KEY, ekPtr, AES128_KEY_BYTES)) return;
  copyBytes(CACHED_KEY, ekPtr, AES128_KEY_BYTES);
  gcmSetKey(CACHED_KEY);
  cachedKeyValid = true;
}

// Forgets the cached key schedule (call when keys are changed or erased, so no copy outlives them).
export function dlmsForgetKey(): void {
  for (let k = 0; k < AES128_KEY_BYTES; k++) store<u8>(CACHED_KEY + <usize>k, 0);
  cachedKeyValid = false;
  gcmSetKey(CACHED_KEY);
}

// OK, UNSUPPORTED (compression, suite 1/2) or INVALID_ARGUMENT (no protection asked for, stray bits).
export function dlmsCheckSc(sc: i32): Err {
  if (sc < 0 || sc > 0xff) return Err.INVALID_ARGUMENT;
  if ((sc & SecurityControl.COMPRESSED) != 0 || (sc & SecurityControl.SUITE_MASK) != 0) return Err.UNSUPPORTED;
  if ((sc & (SecurityControl.AUTHENTICATED | SecurityControl.ENCRYPTED)) == 0) return Err.INVALID_ARGUMENT;
  return Err.OK;
}

// Bytes that protect() writes for plainBytes of input under sc.
export function dlmsProtectedLength(sc: i32, plainBytes: i32): i32 {
  return plainBytes + ((sc & SecurityControl.AUTHENTICATED) != 0 ? DLMS_TAG_BYTES : 0);
}

function begin(sc: i32, sysTitlePtr: usize, invocationCounter: u32, ekPtr: usize, akPtr: usize): void {
  useKey(ekPtr);
  copyBytes(IV, sysTitlePtr, DLMS_SYSTEM_TITLE_BYTES);
  storeBe32(IV + 8, invocationCounter);
  gcmStart(IV, 12);
  store<u8>(SC_BYTE, <u8>sc);
  if ((sc & SecurityControl.AUTHENTICATED) != 0) {
    gcmAad(SC_BYTE, 1);
    gcmAad(akPtr, AES128_KEY_BYTES);
  }
}

// Protects plainBytes at plainPtr into outPtr (dlmsProtectedLength bytes; outPtr may equal plainPtr).
export function dlmsProtect(
  sc: i32, sysTitlePtr: usize, invocationCounter: u32, ekPtr: usize, akPtr: usize,
  plainPtr: usize, plainBytes: i32, outPtr: usize,
): Err {
  const check = dlmsCheckSc(sc);
  if (check != Err.OK) return check;
  if (plainBytes < 0) return Err.INVALID_ARGUMENT;
  begin(sc, sysTitlePtr, invocationCounter, ekPtr, akPtr);
  const authenticated = (sc & SecurityControl.AUTHENTICATED) != 0;
  if ((sc & SecurityControl.ENCRYPTED) == 0) {
    // GMAC: the plaintext is authenticated as AAD and sent as it is.
    gcmAad(plainPtr, plainBytes);
    gcmAadDone();
    copyBytes(outPtr, plainPtr, plainBytes);
    gcmFinish(1 + AES128_KEY_BYTES + plainBytes, 0, outPtr + <usize>plainBytes, DLMS_TAG_BYTES);
    return Err.OK;
  }
  gcmAadDone();
  gcmTextEncrypt(plainPtr, outPtr, plainBytes);
  if (authenticated) gcmFinish(1 + AES128_KEY_BYTES, plainBytes, outPtr + <usize>plainBytes, DLMS_TAG_BYTES);
  return Err.OK;
}

// Undoes dlmsProtect: protectedBytes at inPtr (text || tag when authenticated) into plaintext at outPtr
// (protectedBytes - 12 or protectedBytes). A wrong tag gives AUTH_FAILED and outPtr is not written.
export function dlmsUnprotect(
  sc: i32, sysTitlePtr: usize, invocationCounter: u32, ekPtr: usize, akPtr: usize,
  inPtr: usize, protectedBytes: i32, outPtr: usize,
): Err {
  const check = dlmsCheckSc(sc);
  if (check != Err.OK) return check;
  const authenticated = (sc & SecurityControl.AUTHENTICATED) != 0;
  const textBytes = protectedBytes - (authenticated ? DLMS_TAG_BYTES : 0);
  if (textBytes < 0) return Err.INVALID_ARGUMENT;
  begin(sc, sysTitlePtr, invocationCounter, ekPtr, akPtr);
  const tagPtr = inPtr + <usize>textBytes;
  if ((sc & SecurityControl.ENCRYPTED) == 0) {
    gcmAad(inPtr, textBytes);
    gcmAadDone();
    const result = gcmTextVerifyDecrypt(inPtr, 0, 1 + AES128_KEY_BYTES + textBytes, tagPtr, DLMS_TAG_BYTES, outPtr);
    if (result == Err.OK) copyBytes(outPtr, inPtr, textBytes);
    return result;
  }
  gcmAadDone();
  if (!authenticated) {
    gcmTextEncrypt(inPtr, outPtr, textBytes); // counter mode is its own inverse; nothing to verify
    return Err.OK;
  }
  return gcmTextVerifyDecrypt(inPtr, textBytes, 1 + AES128_KEY_BYTES, tagPtr, DLMS_TAG_BYTES, outPtr);
}
