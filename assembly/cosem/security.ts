// Class 64 Security setup (version 1, 0.0.43.0.0.255) with key_transfer, and the client invocation counter (Data 0.0.43.1.0.255).
import { AxdrReader, AxdrWriter, Tag } from "../dlms/axdr";
import { AccessResult, Binding } from "./table";
import { Err } from "../errors";
import {
  serverSystemTitle, securityPolicy, securityPolicySet, clientInvocationCounter, KEY_BYTES, KEYS_STAGE, keyEk, keyAk, keyKek, keysReplace,
} from "./keys";
import { aesUnwrap128 } from "../crypto/aeswrap";
import { LAST_CLIENT_TITLE } from "../dlms/secure";
import { eventLog, EventCode } from "../events/log";
import { rtcReadUtcS } from "../hal/rtc";

const SECURITY_SUITE_0: i32 = 0;

export function securityGet(attr: i32, w: AxdrWriter): AccessResult {
  switch (attr) {
    case 2: w.tagged8(Tag.ENUM, securityPolicy()); break;
    case 3: w.tagged8(Tag.ENUM, SECURITY_SUITE_0); break;
    case 4: w.octets(Tag.OCTET_STRING, LAST_CLIENT_TITLE, 8); break;
    case 5: w.octets(Tag.OCTET_STRING, serverSystemTitle(), 8); break;
    case 6: w.container(Tag.ARRAY, 0); break; // certificates: suite 0 has none
    default: return AccessResult.READ_WRITE_DENIED;
  }
  return AccessResult.SUCCESS;
}

// Method 1 security_activate (enum policy: may only add protection), method 2 key_transfer (wrapped keys).
export function securityAction(method: i32, params: AxdrReader, hasParams: bool): AccessResult {
  if (!hasParams) return AccessResult.TYPE_UNMATCHED;
  if (method == 1) {
    if (params.u8() != <i32>Tag.ENUM) return AccessResult.TYPE_UNMATCHED;
    const policy = params.u8();
    if (params.bad) return AccessResult.TYPE_UNMATCHED;
    const before = securityPolicy();
    const status = securityPolicySet(policy);
    if (status == Err.NOT_PERMITTED) return AccessResult.OTHER_REASON;
    if (status == Err.OK && policy != before) eventLog(rtcReadUtcS(), EventCode.SECURITY_POLICY_CHANGED, 0, policy, before);
    return status == Err.OK ? AccessResult.SUCCESS : AccessResult.HARDWARE_FAULT;
  }
  if (method == 2) return keyTransfer(params);
  return AccessResult.READ_WRITE_DENIED;
}

// 0.0.43.1.0.255: the last invocation counter accepted from the client, so a client that lost its own
// count (Gurux's -v) starts again above it.
export function invocationCounterGet(binding: Binding, attr: i32, w: AxdrWriter): AccessResult {
  if (attr != 2) return AccessResult.READ_WRITE_DENIED;
  w.tagged32(Tag.DOUBLE_LONG_UNSIGNED, clientInvocationCounter());
  return AccessResult.SUCCESS;
}

// key_id of the Blue Book: 0 global unicast encryption key, 1 broadcast (not used), 2 authentication, 3 KEK.
const KEY_EK: i32 = 0;
const KEY_AK: i32 = 2;
const KEY_KEK: i32 = 3;
const WRAPPED_BYTES: i32 = KEY_BYTES + 8;
const MAX_KEYS: i32 = 3;

// array of structure {enum key_id, octet-string wrapped key}: every key unwrapped and checked first,
// then all stored at once, so a bad entry changes nothing.
export function keyTransfer(r: AxdrReader): AccessResult {
  if (r.u8() != <i32>Tag.ARRAY) return AccessResult.TYPE_UNMATCHED;
  const count = r.length_();
  if (r.bad || count < 1 || count > MAX_KEYS) return AccessResult.TYPE_UNMATCHED;
  memory.copy(KEYS_STAGE, keyEk(), KEY_BYTES);
  memory.copy(KEYS_STAGE + <usize>KEY_BYTES, keyAk(), KEY_BYTES);
  memory.copy(KEYS_STAGE + <usize>(2 * KEY_BYTES), keyKek(), KEY_BYTES);
  let result = AccessResult.SUCCESS;
  let changed = 0;
  for (let k = 0; k < count && result == AccessResult.SUCCESS; k++) {
    if (r.u8() != <i32>Tag.STRUCTURE || r.u8() != 2 || r.u8() != <i32>Tag.ENUM) { result = AccessResult.TYPE_UNMATCHED; break; }
    const id = r.u8();
    if (r.u8() != <i32>Tag.OCTET_STRING) { result = AccessResult.TYPE_UNMATCHED; break; }
    const n = r.length_();
    const at = r.take(n);
    if (r.bad || n != WRAPPED_BYTES) { result = AccessResult.TYPE_UNMATCHED; break; }
    const slot = id == KEY_EK ? 0 : id == KEY_AK ? 1 : id == KEY_KEK ? 2 : -1;
    if (slot < 0) { result = AccessResult.OTHER_REASON; break; }
    // Unwrapped with the KEK in force, not one staged by an earlier entry of the same call.
    if (aesUnwrap128(keyKek(), at, KEYS_STAGE + <usize>(slot * KEY_BYTES)) != Err.OK) result = AccessResult.OTHER_REASON;
    changed |= 1 << id;
  }
  if (result != AccessResult.SUCCESS) {
    memory.fill(KEYS_STAGE, 0, 3 * KEY_BYTES);
    return result;
  }
  if (keysReplace(0) != Err.OK) return AccessResult.HARDWARE_FAULT;
  eventLog(rtcReadUtcS(), EventCode.SECURITY_KEYS_CHANGED, 1, changed, 0);
  return AccessResult.SUCCESS;
}
