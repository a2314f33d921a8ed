// Class 70 Disconnect control (version 0): output_state, control_state, control_mode (Z9) and the two remote methods.
import { AxdrReader, AxdrWriter, Tag } from "../dlms/axdr";
import { AccessResult } from "./table";
import { Err } from "../errors";
import { controlState, controlMode, CONTROL_MODE_COUNT } from "../breaker/control";
import { relayOutputState } from "../breaker/relayguard";
import { breakerRemoteDisconnect, breakerRemoteReconnect, breakerPresent } from "../breaker/breaker";
import { breakerWallMs, breakerCommitted } from "../breaker/link";
import { ConfigId } from "../config";
import { meterConfigSet, meterNowMs } from "../meter";

export function disconnectGet(attr: i32, w: AxdrWriter): AccessResult {
  switch (attr) {
    case 2: w.tagged8(Tag.BOOLEAN, relayOutputState() ? 1 : 0); break;
    case 3: w.tagged8(Tag.ENUM, <i32>controlState()); break;
    case 4: w.tagged8(Tag.ENUM, <i32>controlMode()); break;
    default: return AccessResult.READ_WRITE_DENIED;
  }
  return AccessResult.SUCCESS;
}

// control_mode is the Z9 setting: written through the configuration so it is stored with it and the
// running breaker follows. A meter without a breaker (Z19 = 0) has mode 0 only.
export function disconnectSet(attr: i32, r: AxdrReader): AccessResult {
  if (attr != 4) return AccessResult.READ_WRITE_DENIED;
  if (r.u8() != <i32>Tag.ENUM) return AccessResult.TYPE_UNMATCHED;
  const mode = r.u8();
  if (r.bad) return AccessResult.TYPE_UNMATCHED;
  if (mode >= CONTROL_MODE_COUNT || (!breakerPresent() && mode != 0)) return AccessResult.OTHER_REASON;
  return modeResult(meterConfigSet(<i32>ConfigId.DISCONNECT_MODE, mode));
}

// The action-result of a breaker command: a transition the control mode or the breaker's state refuses
// is temporary-failure (the state may allow it later) and changes nothing; a failed store is a hardware fault.
function accessOf(status: Err): AccessResult {
  if (status == Err.OK) return AccessResult.SUCCESS;
  if (status == Err.NVM_FAULT || status == Err.CRC) return AccessResult.HARDWARE_FAULT;
  return AccessResult.TEMPORARY_FAILURE;
}

// A control_mode the configuration refuses is out of range: other-reason.
function modeResult(status: Err): AccessResult {
  if (status == Err.OK) return AccessResult.SUCCESS;
  if (status == Err.NVM_FAULT || status == Err.CRC) return AccessResult.HARDWARE_FAULT;
  return AccessResult.OTHER_REASON;
}

// Method 1 remote_disconnect (called by the ACTION dispatch once the association's rights are checked).
export function disconnectRemote(): AccessResult {
  return accessOf(breakerCommitted(breakerRemoteDisconnect(breakerWallMs(meterNowMs()))));
}

// Method 2 remote_reconnect: reconnects in modes 2 and 4, releases for the push button in 1, 3, 5, 6.
export function reconnectRemote(): AccessResult {
  return accessOf(breakerCommitted(breakerRemoteReconnect(breakerWallMs(meterNowMs()))));
}

// Both methods take integer 0 (or no parameters, as some clients send). The table lets HLS call them
// always, management with LLS only while the order does not ask for encryption (table.ts hlsOrdered).
export function disconnectAction(method: i32, params: AxdrReader, hasParams: bool): AccessResult {
  if (hasParams) {
    if (params.u8() != <i32>Tag.INTEGER) return AccessResult.TYPE_UNMATCHED;
    params.u8();
    if (params.bad) return AccessResult.TYPE_UNMATCHED;
  }
  if (method == 1) return disconnectRemote();
  if (method == 2) return reconnectRemote();
  return AccessResult.OBJECT_UNDEFINED;
}
