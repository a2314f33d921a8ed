// The ports' received bytes to their protocol: IEC 62056-21 or HDLC on the optical port, HDLC or the wrapper on the module port.
import { opticalReceive, OPTICAL_PORT } from "./iec62056";
import { moduleReceive, MODULE_PORT } from "./moduleport";
import { hdlcOpen, hdlcIsOpen, hdlcReceive, hdlcSetUpper, hdlcLink } from "../dlms/hdlc/port";
import { LinkEvent } from "../dlms/hdlc/link";
import { wrapperPending } from "../dlms/wrapper";
import { dlmsHandleApdu, dlmsRelease } from "../dlms/server";
import { meterNowMs } from "../meter";

const MODULE_BAUD: i32 = 9600; // the module port's power-up line (docs/HAL.md, uart_config)

// The framing the module port is speaking: HDLC (a serial module) or the IEC 62056-47 wrapper (a
// TCP communication module); the first byte of a frame decides.
export const enum ModuleFraming {
  HDLC = 0,
  WRAPPER = 1,
}
export let moduleFraming = ModuleFraming.HDLC;
// A line quiet this long is between frames: longer than HDLC's inter-octet time-out (25 ms).
const MODULE_GAP_MS: i64 = 50;
let moduleLastRxMs: i64 = -1000;

// HDLC's upper layer: the DLMS server, one association slot per link (0 optical, 1 module port).
function hdlcApdu(link: i32, inPtr: usize, inLength: i32, outPtr: usize, outCapacity: i32): i32 {
  return dlmsHandleApdu(link, <i32>(hdlcLink(link).client >> 1), inPtr, inLength, outPtr, outCapacity, meterNowMs());
}

function hdlcEvent(link: i32, event: LinkEvent): void {
  dlmsRelease(link); // a new link, a DISC or a time-out: no association survives it
}

// Boot: HDLC's upper layer, and the module port listening at its power-up line.
export function routeBoot(): void {
  hdlcSetUpper(hdlcApdu, hdlcEvent);
  hdlcOpen(MODULE_PORT, false, MODULE_BAUD);
}

// `lengthBytes` bytes received on `port` at `rx`, handed on at meter time `nowMs`.
export function routeReceive(port: i32, rx: usize, lengthBytes: i32, nowMs: i64): void {
  if (port == OPTICAL_PORT) {
    if (!hdlcIsOpen(OPTICAL_PORT)) opticalReceive(rx, lengthBytes, nowMs);
    else hdlcReceive(OPTICAL_PORT, rx, lengthBytes);
    return;
  }
  if (port == MODULE_PORT && lengthBytes > 0) {
    // Between frames (nothing half-received, or a quiet line) a flag 7E starts HDLC and a 00 the wrapper's
    // version 0x0001; inside a frame nothing switches.
    const first = load<u8>(rx);
    const between = nowMs - moduleLastRxMs > MODULE_GAP_MS ||
      (moduleFraming == ModuleFraming.HDLC ? hdlcLink(MODULE_PORT).rxCount == 0 : wrapperPending() == 0);
    if (between) {
      if (first == 0x7e) moduleFraming = ModuleFraming.HDLC;
      else if (first == 0x00) moduleFraming = ModuleFraming.WRAPPER;
    }
    moduleLastRxMs = nowMs;
    if (moduleFraming == ModuleFraming.HDLC) hdlcReceive(MODULE_PORT, rx, lengthBytes);
    else moduleReceive(rx, lengthBytes, nowMs);
  }
}
