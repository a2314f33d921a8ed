// Class 17 SAP assignment (version 0): the one logical device of this meter and its SAP.
import { AxdrWriter, Tag } from "../dlms/axdr";
import { AccessResult } from "./table";
import { SERVER_SAP } from "./association";
import { logicalDeviceName, LDN_BYTES } from "./data";

export function sapAssignmentGet(attr: i32, w: AxdrWriter): AccessResult {
  if (attr != 2) return AccessResult.READ_WRITE_DENIED;
  w.container(Tag.ARRAY, 1);
  w.container(Tag.STRUCTURE, 2);
  w.tagged16(Tag.LONG_UNSIGNED, SERVER_SAP);
  w.octets(Tag.OCTET_STRING, logicalDeviceName(), LDN_BYTES);
  return AccessResult.SUCCESS;
}
