// Security setup key_transfer: new global keys wrapped with the KEK (RFC 3394 AES key wrap), stored before they count.
import { AxdrReader, Tag } from "../dlms/axdr";
import { AccessResult } from "./table";
import { Err } from "../errors";
import { KEY_BYTES, KEYS_STAGE, keyEk, keyAk, keyKek, keysReplace } from "./keys";
import { aesUnwrap128 } from "../crypto/aeswrap";
import { eventLog, EventCode } from "../events/log";
import { rtcReadUtcS } from "../hal/rtc";

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
