// Entry of build/crypto-test.wasm: the crypto primitives exported for the vector tests (not the firmware).
//
// The firmware does not use the crypto yet, so it is built separately here and the firmware image does
// not grow. The host writes inputs into the I/O area and passes offsets; results come back there.
import { Err } from "../errors";
// Routes abort through the same hal import as the firmware (asconfig `--use abort=`).
import "../hal/fault";
import { aes128EncryptBlock, aes128ExpandKey } from "./aes";
import { dlmsProtect, dlmsUnprotect } from "./dlms";
import { EcdsaState, ecdsaBegin, ecdsaSigFromDer, ecdsaStep } from "./ecdsa";
import { gcmDecrypt, gcmEncrypt, gcmSetKey } from "./gcm";
import { montMulCount } from "./mont";
import { sha256Final, sha256Init, sha256Update } from "./sha256";

const IO_BYTES: i32 = 8192;
const IO: usize = memory.data(IO_BYTES);
const SCHEDULE: usize = memory.data(176);

export function io(): usize {
  return IO;
}

export function ioBytes(): i32 {
  return IO_BYTES;
}

export function aesEncryptBlock(keyPtr: usize, inPtr: usize, outPtr: usize): void {
  aes128ExpandKey(keyPtr, SCHEDULE);
  aes128EncryptBlock(SCHEDULE, inPtr, outPtr);
}

export function gcmKey(keyPtr: usize): void {
  gcmSetKey(keyPtr);
}

export function gcmSeal(
  ivPtr: usize, ivBytes: i32, aadPtr: usize, aadBytes: i32,
  inPtr: usize, textBytes: i32, outPtr: usize, tagPtr: usize, tagBytes: i32,
): Err {
  return gcmEncrypt(ivPtr, ivBytes, aadPtr, aadBytes, inPtr, textBytes, outPtr, tagPtr, tagBytes);
}

export function gcmOpen(
  ivPtr: usize, ivBytes: i32, aadPtr: usize, aadBytes: i32,
  inPtr: usize, textBytes: i32, outPtr: usize, tagPtr: usize, tagBytes: i32,
): Err {
  return gcmDecrypt(ivPtr, ivBytes, aadPtr, aadBytes, inPtr, textBytes, outPtr, tagPtr, tagBytes);
}

export function dlmsSeal(
  sc: i32, sysTitlePtr: usize, invocationCounter: u32, ekPtr: usize, akPtr: usize,
  plainPtr: usize, plainBytes: i32, outPtr: usize,
): Err {
  return dlmsProtect(sc, sysTitlePtr, invocationCounter, ekPtr, akPtr, plainPtr, plainBytes, outPtr);
}

export function dlmsOpen(
  sc: i32, sysTitlePtr: usize, invocationCounter: u32, ekPtr: usize, akPtr: usize,
  inPtr: usize, protectedBytes: i32, outPtr: usize,
): Err {
  return dlmsUnprotect(sc, sysTitlePtr, invocationCounter, ekPtr, akPtr, inPtr, protectedBytes, outPtr);
}

// SHA-256 of lengthBytes at ptr, fed in pieces of chunkBytes (the incremental path under test).
export function sha256Chunked(ptr: usize, lengthBytes: i32, chunkBytes: i32, outPtr: usize): void {
  sha256Init();
  for (let at = 0; at < lengthBytes; at += chunkBytes) sha256Update(ptr + <usize>at, min(chunkBytes, lengthBytes - at));
  sha256Final(outPtr);
}

export function derToRs(derPtr: usize, derBytes: i32, rOut: usize, sOut: usize): Err {
  return ecdsaSigFromDer(derPtr, derBytes, rOut, sOut);
}

export function verifyBegin(publicKeyPtr: usize, hashPtr: usize, rPtr: usize, sPtr: usize): Err {
  return ecdsaBegin(publicKeyPtr, hashPtr, rPtr, sPtr);
}

export function verifyStep(budgetUnits: i32): EcdsaState {
  return ecdsaStep(budgetUnits);
}

export function fieldMultiplications(): u32 {
  return montMulCount();
}
