// Class 70 Disconnect control (version 0): the breaker's output_state, control_state and control_mode.
import { AxdrWriter, Tag } from "../dlms/axdr";
import { AccessResult } from "./table";
import { controlState, controlMode } from "../breaker/control";
import { relayOutputState } from "../breaker/relayguard";

export function disconnectGet(attr: i32, w: AxdrWriter): AccessResult {
  switch (attr) {
    case 2: w.tagged8(Tag.BOOLEAN, relayOutputState() ? 1 : 0); break;
    case 3: w.tagged8(Tag.ENUM, <i32>controlState()); break;
    case 4: w.tagged8(Tag.ENUM, <i32>controlMode()); break;
    default: return AccessResult.READ_WRITE_DENIED;
  }
  return AccessResult.SUCCESS;
}
