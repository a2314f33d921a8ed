// Class 70 Disconnect control (version 0): the breaker's output_state, control_state and control_mode, remote methods.
import { AxdrReader, AxdrWriter, Tag } from "../dlms/axdr";
import { AccessResult } from "./table";
import { controlState, controlMode } from "../breaker/control";
import { relayOutputState } from "../breaker/relayguard";
import { breakerRemoteDisconnect, breakerRemoteReconnect } from "../breaker/breaker";
import { breakerWallMs, breakerCommitted } from "../breaker/link";
import { meterNowMs } from "../meter";
import { Err } from "../errors";

export function disconnectGet(attr: i32, w: AxdrWriter): AccessResult {
  switch (attr) {
    case 2: w.tagged8(Tag.BOOLEAN, relayOutputState() ? 1 : 0); break;
    case 3: w.tagged8(Tag.ENUM, <i32>controlState()); break;
    case 4: w.tagged8(Tag.ENUM, <i32>controlMode()); break;
    default: return AccessResult.READ_WRITE_DENIED;
  }
  return AccessResult.SUCCESS;
}

// Methods 1 remote_disconnect and 2 remote_reconnect (data: integer 0, or none), the table lets only an
// HLS association call them. The breaker's own rules (control mode, limiter, credit) decide; a refused
// transition is temporary-failure, nothing changed.
export function disconnectAction(method: i32, params: AxdrReader, hasParams: bool): AccessResult {
  if (hasParams) {
    if (params.u8() != <i32>Tag.INTEGER) return AccessResult.TYPE_UNMATCHED;
    params.u8();
    if (params.bad) return AccessResult.TYPE_UNMATCHED;
  }
  const nowMs = breakerWallMs(meterNowMs());
  const status = method == 1 ? breakerRemoteDisconnect(nowMs) : breakerRemoteReconnect(nowMs);
  const committed = breakerCommitted(status);
  if (committed == Err.OK) return AccessResult.SUCCESS;
  return committed == Err.NVM_FAULT ? AccessResult.HARDWARE_FAULT : AccessResult.TEMPORARY_FAILURE;
}
