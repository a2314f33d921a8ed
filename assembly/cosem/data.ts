// Class 1 Data (version 0): the logical device name and the utility's meter number.
import { AxdrWriter, Tag } from "../dlms/axdr";
import { AccessResult, Binding } from "./table";
import { ConfigId, configGet } from "../config";

// Logical device name (Green Book 4.7.1): the three-letter manufacturer flag "WAS", then 13
// characters: "1" (the meter's logical device) and the meter number in 12 digits.
export const LDN_BYTES: i32 = 16;
const METER_NUMBER_DIGITS: i32 = 8;
const DIGITS: usize = memory.data(LDN_BYTES);

function putDigits(at: i32, count: i32, value: i32): void {
  let v = value < 0 ? 0 : value;
  for (let k = count - 1; k >= 0; k--) {
    store<u8>(DIGITS + <usize>(at + k), <u8>(0x30 + v % 10));
    v /= 10;
  }
}

// The name in a static buffer, the meter number read at each call so a configuration change shows.
export function logicalDeviceName(): usize {
  store<u8>(DIGITS, 0x57); // W
  store<u8>(DIGITS, 0x41, 1); // A
  store<u8>(DIGITS, 0x53, 2); // S
  store<u8>(DIGITS, 0x31, 3); // logical device 1
  putDigits(4, LDN_BYTES - 4, configGet(ConfigId.METER_NUMBER));
  return DIGITS;
}

export function dataGet(binding: Binding, attr: i32, w: AxdrWriter): AccessResult {
  if (attr != 2) return AccessResult.READ_WRITE_DENIED;
  if (binding == Binding.LOGICAL_DEVICE_NAME) {
    w.octets(Tag.OCTET_STRING, logicalDeviceName(), LDN_BYTES);
  } else if (binding == Binding.METER_NUMBER) {
    // The meter number as printed on the nameplate and shown as C.1.0: eight digits.
    putDigits(0, METER_NUMBER_DIGITS, configGet(ConfigId.METER_NUMBER));
    w.octets(Tag.VISIBLE_STRING, DIGITS, METER_NUMBER_DIGITS);
  } else {
    return AccessResult.OBJECT_UNAVAILABLE;
  }
  return AccessResult.SUCCESS;
}
