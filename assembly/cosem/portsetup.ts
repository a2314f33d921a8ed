// Class 23 IEC HDLC setup (version 1) of both HDLC links, and class 19 IEC local port setup (version 1) of the optical port.
import { AxdrWriter, Tag } from "../dlms/axdr";
import { AccessResult, Binding } from "./table";
import { hdlcLink } from "../dlms/hdlc/port";
import { MAX_INFO_CAPACITY, WINDOW_SUPPORTED } from "../dlms/hdlc/params";

// comm_speed / baud enums of classes 19 and 23: 0 300 baud .. 9 115200 baud.
const BAUDS: StaticArray<i32> = [300, 600, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200];

function baudCode(baud: i32): i32 {
  for (let k = 0; k < BAUDS.length; k++) if (unchecked(BAUDS[k]) == baud) return k;
  return 5; // the links are configured at one of the listed speeds; 9600 is the mode E and module default
}

// The optical port's HDLC link is link 0 (after IEC 62056-21 mode E), the module port's link 1. The values
// are the link's own: its speed, the largest window and information field it negotiates, its time-outs and
// its physical device address.
export function hdlcSetupGet(binding: Binding, attr: i32, w: AxdrWriter): AccessResult {
  const link = hdlcLink(binding == Binding.HDLC_SETUP_OPTICAL ? 0 : 1);
  switch (attr) {
    case 2: w.tagged8(Tag.ENUM, baudCode(link.baud)); break;
    case 3: w.tagged8(Tag.UNSIGNED, WINDOW_SUPPORTED); break;
    case 4: w.tagged8(Tag.UNSIGNED, WINDOW_SUPPORTED); break;
    case 5: w.tagged16(Tag.LONG_UNSIGNED, MAX_INFO_CAPACITY); break;
    case 6: w.tagged16(Tag.LONG_UNSIGNED, MAX_INFO_CAPACITY); break;
    case 7: w.tagged16(Tag.LONG_UNSIGNED, link.interOctetMs); break;
    case 8: w.tagged16(Tag.LONG_UNSIGNED, link.inactivityS); break;
    case 9: w.tagged16(Tag.LONG_UNSIGNED, <i32>link.physicalAddress); break;
    default: return AccessResult.READ_WRITE_DENIED;
  }
  return AccessResult.SUCCESS;
}

// IEC 62056-21 as the optical port speaks it (assembly/comms/iec62056.ts): sign-on at 300 baud, 9600 baud
// offered (baud character '5'), a 220 ms reaction time (response_time 1: 200 ms minimum), no device address
// (it answers "/?!" only). The passwords P1, P2, W5 (attributes 7..9) are never readable; this meter has none.
const DEFAULT_MODE_IEC_62056_21: i32 = 0;
const DEFAULT_BAUD_300: i32 = 0;
const PROPOSED_BAUD_9600: i32 = 5;
const RESPONSE_TIME_200_MS: i32 = 1;

export function localPortSetupGet(attr: i32, w: AxdrWriter): AccessResult {
  switch (attr) {
    case 2: w.tagged8(Tag.ENUM, DEFAULT_MODE_IEC_62056_21); break;
    case 3: w.tagged8(Tag.ENUM, DEFAULT_BAUD_300); break;
    case 4: w.tagged8(Tag.ENUM, PROPOSED_BAUD_9600); break;
    case 5: w.tagged8(Tag.ENUM, RESPONSE_TIME_200_MS); break;
    case 6: w.container(Tag.OCTET_STRING, 0); break;
    default: return AccessResult.READ_WRITE_DENIED;
  }
  return AccessResult.SUCCESS;
}
