// Security suite 0 key record (EK, AK, KEK) and the invocation counters, reserved ahead so a power cut never reuses one.
import { Err } from "../errors";
import { RecordRing } from "../store/ring";
import { KEYS_FIRST_SECTOR, KEYS_SECTORS } from "../store/layout";
import { ConfigId, configGet } from "../config";
import { dlmsForgetKey } from "../crypto/dlms";
import { eventLog, EventCode } from "../events/log";
import { rtcReadUtcS } from "../hal/rtc";

export const KEY_BYTES: i32 = 16;
// Payload after the ring's 12-byte header: EK 16, AK 16, KEK 16, u32 server counter ceiling, u32 client
// counter floor, u32 flags (1: provisioned at the factory), then the CRC: 76 bytes.
export const KEYS_RECORD_BYTES: i32 = 12 + 3 * KEY_BYTES + 12 + 4;
export const KEYS_MAGIC: u32 = 0x594b4d57; // "WMKY"
// Counters are persisted once per block: a power cut costs at most this many unused counter values.
export const IC_BLOCK: u32 = 1024;
const PROVISIONED: u32 = 1;
// security_policy (security setup v1): bits 8..15 of the flags; it can only be raised, so the one in
// force is the default's bits and the stored ones together. Default: authenticated requests and responses.
export const DEFAULT_POLICY: i32 = 0x24;
const POLICY_SHIFT: u32 = 8;

const ring = new RecordRing(KEYS_FIRST_SECTOR, KEYS_SECTORS, KEYS_MAGIC, 1, KEYS_RECORD_BYTES);
const BUF: usize = memory.data(KEYS_RECORD_BYTES);
// EK, AK, KEK in force, back to back.
const KEYS: usize = memory.data(3 * KEY_BYTES);
// Where keys_provision and key_transfer stage new keys before they are stored.
export const KEYS_STAGE: usize = memory.data(3 * KEY_BYTES);
export const SYSTEM_TITLE: usize = memory.data(8);

// The simulator's defaults until the factory provisions its own (docs/DLMS.md): Gurux's test keys.
const DEFAULT_KEYS: StaticArray<u8> = [
  0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
  0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf,
  0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
];

let flags: u32 = 0;
// Next counter the server sends; values below the stored ceiling are free to use.
let serverIc: u32 = 0;
let serverCeiling: u32 = 0;
// Highest counter accepted from the client; the stored floor is at most IC_BLOCK below it.
let clientIc: u32 = 0;
let clientFloor: u32 = 0;
let usable = false;

export function keyEk(): usize { return KEYS; }
export function keyAk(): usize { return KEYS + <usize>KEY_BYTES; }
export function keyKek(): usize { return KEYS + <usize>(2 * KEY_BYTES); }
export function keysProvisioned(): bool { return (flags & PROVISIONED) != 0; }
@noinline
export function securityPolicy(): i32 { return DEFAULT_POLICY | <i32>((flags >> POLICY_SHIFT) & 0xff); }
export function clientInvocationCounter(): u32 { return clientIc; }
export function serverInvocationCounter(): u32 { return serverIc; }

// Keys stored by a key transfer wait here until its answer has gone out under the old ones.
const PENDING: usize = memory.data(3 * KEY_BYTES);
let pendingSwap = false;

// The keys a record must carry: the pending ones once a transfer has stored them.
function storedKeys(): usize {
  return pendingSwap ? PENDING : KEYS;
}

function write(keysAt: usize, newFlags: u32, ceiling: u32, floor: u32): Err {
  memory.fill(BUF, 0, KEYS_RECORD_BYTES);
  memory.copy(BUF + 12, keysAt, 3 * KEY_BYTES);
  store<u32>(BUF + 12 + <usize>(3 * KEY_BYTES), ceiling);
  store<u32>(BUF + 16 + <usize>(3 * KEY_BYTES), floor);
  store<u32>(BUF + 20 + <usize>(3 * KEY_BYTES), newFlags);
  const status = ring.append(BUF);
  memory.fill(BUF, 0, KEYS_RECORD_BYTES); // no copy of a key outlives its use
  if (status != Err.OK) return status;
  flags = newFlags;
  serverCeiling = ceiling;
  clientFloor = floor;
  return Err.OK;
}

// At boot: the newest intact record, or the defaults. Every counter of before the cut is below the
// stored ceiling / floor + IC_BLOCK, so the server starts at the ceiling and the client must exceed
// floor + IC_BLOCK - 1 (it reads that from 0.0.43.1.0.255 to resynchronise).
export function keysLoad(): void {
  memory.copy(KEYS, changetype<usize>(DEFAULT_KEYS), 3 * KEY_BYTES);
  flags = 0;
  pendingSwap = false;
  serverIc = 0;
  serverCeiling = 0;
  clientIc = 0;
  clientFloor = 0;
  usable = true;
  if (ring.load(BUF) && ring.read(0, BUF) == Err.OK) {
    memory.copy(KEYS, BUF + 12, 3 * KEY_BYTES);
    serverCeiling = load<u32>(BUF + 12 + <usize>(3 * KEY_BYTES));
    clientFloor = load<u32>(BUF + 16 + <usize>(3 * KEY_BYTES));
    flags = load<u32>(BUF + 20 + <usize>(3 * KEY_BYTES));
    serverIc = serverCeiling;
    clientIc = clientFloor + IC_BLOCK - 1;
  } else if (ring.corrupt > 0) {
    usable = false; // records were written but none reads back: refuse ciphering rather than reuse counters
  }
  memory.fill(BUF, 0, KEYS_RECORD_BYTES);
  dlmsForgetKey();
}

// The next server invocation counter, the ceiling moved on (and stored) first when it is reached.
// -1 when it cannot be stored or the counter space is spent: nothing may be sent ciphered then.
export function serverIcNext(): i64 {
  if (!usable || serverIc >= 0xffffffff - IC_BLOCK) return -1;
  if (serverIc >= serverCeiling) {
    if (write(storedKeys(), flags, serverIc + IC_BLOCK, clientFloor) != Err.OK) return -1;
  }
  const ic = serverIc;
  serverIc++;
  return <i64>ic;
}

// Whether a client counter is newer than every one accepted so far; accepting moves the floor on.
export function clientIcFresh(ic: u32): bool {
  return usable && ic > clientIc;
}

export function clientIcAccept(ic: u32): Err {
  if (!clientIcFresh(ic)) return Err.NOT_PERMITTED;
  if (ic >= clientFloor + IC_BLOCK || ic < clientFloor) {
    const status = write(storedKeys(), flags, serverCeiling, ic);
    if (status != Err.OK) return status;
  }
  clientIc = ic;
  return Err.OK;
}

// Factory provisioning (keys_provision export): EK, AK, KEK from KEYS_STAGE, accepted once, in force at once.
export function keysProvision(): Err {
  if (keysProvisioned()) {
    memory.fill(KEYS_STAGE, 0, 3 * KEY_BYTES);
    return Err.NOT_PERMITTED;
  }
  const status = keysReplace(PROVISIONED);
  keysApplyPending();
  if (status == Err.OK) {
    usable = true; // new keys: no IV of the old ones can recur
    eventLog(rtcReadUtcS(), EventCode.SECURITY_KEYS_CHANGED, 2, 1 | 4 | 8, 0);
  }
  return status;
}

// New keys from KEYS_STAGE (provisioning or a key transfer): stored before they count, in force after
// keysApplyPending (the answer to a transfer goes out under the old keys). The counters carry on:
// a new key with an old counter is still a fresh IV.
export function keysReplace(extraFlags: u32): Err {
  const status = write(KEYS_STAGE, flags | extraFlags, serverIc + IC_BLOCK, clientIc);
  if (status == Err.OK) {
    memory.copy(PENDING, KEYS_STAGE, 3 * KEY_BYTES);
    pendingSwap = true;
  }
  memory.fill(KEYS_STAGE, 0, 3 * KEY_BYTES);
  return status;
}

export function keysApplyPending(): void {
  if (!pendingSwap) return;
  memory.copy(KEYS, PENDING, 3 * KEY_BYTES);
  memory.fill(PENDING, 0, 3 * KEY_BYTES);
  pendingSwap = false;
  dlmsForgetKey();
}

// The server's system title: manufacturer flag "WAS" and the meter number in 5 bytes, big-endian.
export function serverSystemTitle(): usize {
  store<u8>(SYSTEM_TITLE, 0x57);
  store<u8>(SYSTEM_TITLE, 0x41, 1);
  store<u8>(SYSTEM_TITLE, 0x53, 2);
  const n = <u64><u32>configGet(ConfigId.METER_NUMBER);
  for (let k = 0; k < 5; k++) store<u8>(SYSTEM_TITLE + <usize>(3 + k), <u8>(n >> <u64>(8 * (4 - k))));
  return SYSTEM_TITLE;
}

// security_activate: the policy only grows (Blue Book: it may not be weakened); stored before it counts.
export function securityPolicySet(policy: i32): Err {
  if (policy < 0 || policy > 0xff || (policy & securityPolicy()) != securityPolicy()) return Err.NOT_PERMITTED;
  if (policy == securityPolicy()) return Err.OK;
  const status = write(storedKeys(), (flags & ~(0xff << POLICY_SHIFT)) | (<u32>policy << POLICY_SHIFT), serverIc + IC_BLOCK, clientIc);
  return status;
}
