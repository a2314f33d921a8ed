// Class 3 Register (version 0): energy totals in whole Wh with their scaler and unit.
import { AxdrWriter, Tag } from "../dlms/axdr";
import { AccessResult, Binding } from "./table";
import { Register, registerWh } from "../metrology/energy";

// Unit codes of the Blue Book's table of units.
const UNIT_WH: i32 = 30;

function registerOf(binding: Binding): i32 {
  if (binding == Binding.A_PLUS) return <i32>Register.A_PLUS;
  if (binding == Binding.A_MINUS) return <i32>Register.A_MINUS;
  return -1;
}

export function registerGet(binding: Binding, attr: i32, w: AxdrWriter): AccessResult {
  const reg = registerOf(binding);
  if (reg < 0) return AccessResult.OBJECT_UNAVAILABLE;
  if (attr == 2) {
    // long64-unsigned: the register never wraps within the meter's life.
    w.tagged64(Tag.LONG64_UNSIGNED, <u64>registerWh(reg));
  } else if (attr == 3) {
    w.container(Tag.STRUCTURE, 2);
    w.tagged8(Tag.INTEGER, 0); // scaler 10^0: the value is in Wh
    w.tagged8(Tag.ENUM, UNIT_WH);
  } else {
    return AccessResult.READ_WRITE_DENIED;
  }
  return AccessResult.SUCCESS;
}
