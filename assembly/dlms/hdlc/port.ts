// HDLC on the UART ports: link 0 on the optical port after IEC 62056-21 mode E, link 1 on the module port.
// The application layer plugs in with hdlcSetUpper(apdu, event): `apdu(link, inPtr, inLength, outPtr, outCapacity)`
// is called from tick() with one complete APDU (LLC header removed, up to APDU_CAPACITY bytes) and writes its answer
// at outPtr (up to APDU_CAPACITY); it returns the answer's length, 0 for none, or < 0 to be called again next tick.
// `event(link, LinkEvent)` tells it a link connected (SNRM), disconnected (DISC) or timed out: drop the association.
import { uartTransmit } from "../../hal/uart";
import { Err } from "../../errors";
import {
  HdlcLink, LinkState, ApduHandler, EventHandler, linkInit, linkOpen, linkReceive, linkTick, linkAsleep, setUpperLayer,
  linkConfigure, RX_CAPACITY, TX_CAPACITY, APDU_CAPACITY, LLC_LENGTH,
} from "./link";

export const HDLC_LINKS: i32 = 2;

// Static memory per link (memory.data is one block per call site, hence written out twice).
const LINK0 = changetype<HdlcLink>(memory.data(offsetof<HdlcLink>(), 8));
const LINK1 = changetype<HdlcLink>(memory.data(offsetof<HdlcLink>(), 8));
linkInit(LINK0, 0, memory.data(RX_CAPACITY), memory.data(APDU_CAPACITY + LLC_LENGTH), memory.data(APDU_CAPACITY + LLC_LENGTH), memory.data(TX_CAPACITY));
linkInit(LINK1, 1, memory.data(RX_CAPACITY), memory.data(APDU_CAPACITY + LLC_LENGTH), memory.data(APDU_CAPACITY + LLC_LENGTH), memory.data(TX_CAPACITY));

// A bit per link that the tick must visit; an idle module port then costs the tick one comparison.
let awake: i32 = 0;

export function hdlcLink(index: i32): HdlcLink {
  return index == 0 ? LINK0 : LINK1;
}

// The application layer above: APDUs up, answers down, and the link's connect/disconnect events.
export function hdlcSetUpper(apdu: ApduHandler, event: EventHandler): void {
  setUpperLayer(apdu, event);
}

// closeOnEnd: a DISC or the inactivity time-out closes the port again (the optical port returns to IEC 62056-21).
export function hdlcOpen(index: i32, closeOnEnd: bool, baud: i32): void {
  if (index < 0 || index >= HDLC_LINKS) return;
  const link = hdlcLink(index);
  linkOpen(link, closeOnEnd);
  linkConfigure(link, <i32>link.physicalAddress, link.interOctetMs, link.inactivityS, baud);
  awake |= 1 << index;
}

// COSEM class 23 attributes device_address, inter_octet_time_out (ms) and inactivity_time_out (s, 0 none); Err.
export function hdlcConfigure(index: i32, deviceAddress: i32, interOctetMs: i32, inactivityS: i32): Err {
  if (index < 0 || index >= HDLC_LINKS) return Err.INVALID_ARGUMENT;
  const link = hdlcLink(index);
  return linkConfigure(link, deviceAddress, interOctetMs, inactivityS, link.baud);
}

// A bit per link with work at the tick (0: hdlcTick has nothing to do).
export function hdlcAwake(): i32 {
  return awake;
}

export function hdlcIsOpen(index: i32): bool {
  return index >= 0 && index < HDLC_LINKS && hdlcLink(index).state != LinkState.CLOSED;
}

export function hdlcReceive(index: i32, src: usize, lengthBytes: i32): void {
  if (index < 0 || index >= HDLC_LINKS) return;
  linkReceive(hdlcLink(index), src, lengthBytes);
  awake |= 1 << index;
}

// Hands the built frame to the UART; what the port did not accept goes at the next tick.
function transmit(link: HdlcLink): void {
  if (link.txLength == 0) return;
  const accepted = uartTransmit(link.index, link.txBuf + <usize>link.txSent, link.txLength - link.txSent);
  if (accepted > 0) link.txSent += min(accepted, link.txLength - link.txSent);
  if (link.txSent >= link.txLength) {
    link.txLength = 0;
    link.txSent = 0;
  }
}

// Every tick: both links, at most one frame each. Returns a bit per link that closed this tick, after its last
// frame went to the UART (so a line change that follows takes effect after it).
export function hdlcTick(): i32 {
  if (awake == 0) return 0;
  let closed = 0;
  for (let k = 0; k < HDLC_LINKS; k++) {
    if ((awake & (1 << k)) == 0) continue;
    const link = hdlcLink(k);
    transmit(link);
    if (linkTick(link)) closed |= 1 << k;
    transmit(link);
    if (linkAsleep(link)) awake &= ~(1 << k);
  }
  return closed;
}
