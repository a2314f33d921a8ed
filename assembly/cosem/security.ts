// Class 64 Security setup (version 1, 0.0.43.0.0.255) and the client invocation counter (Data 0.0.43.1.0.255).
import { AxdrReader, AxdrWriter, Tag } from "../dlms/axdr";
import { AccessResult, Binding } from "./table";
import { Err } from "../errors";
import { serverSystemTitle, securityPolicy, securityPolicySet, clientInvocationCounter } from "./keys";
import { LAST_CLIENT_TITLE } from "../dlms/secure";
import { keyTransfer } from "./keytransfer";
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
