// The client side for the HDLC specs: builds client frames, feeds a station, collects its answers; never in the firmware.
import { buildFrame, CTRL_PF } from "./frame";
import { HdlcLink, linkInit, linkOpen, linkReceive, linkTick, RX_CAPACITY, TX_CAPACITY, APDU_CAPACITY, LLC_LENGTH } from "./link";

export const CLIENT_16: u32 = 0x21;
export const CLIENT_1: u32 = 0x03;
export const SERVER_1: u32 = 0x03;
export const FRAME: usize = memory.data(2048);
export const INFO: usize = memory.data(APDU_CAPACITY + 16);
export let frameLength: i32 = 0;

export const LINK = changetype<HdlcLink>(memory.data(offsetof<HdlcLink>(), 8));
linkInit(LINK, 0, memory.data(RX_CAPACITY), memory.data(APDU_CAPACITY + LLC_LENGTH), memory.data(APDU_CAPACITY + LLC_LENGTH), memory.data(TX_CAPACITY));

export function freshLink(): HdlcLink {
  linkOpen(LINK, false);
  LINK.framesGood = 0;
  LINK.framesCorrupt = 0;
  LINK.framesIgnored = 0;
  return LINK;
}

// A frame from `client` to the server address `server` (raw, `serverBytes` long) into FRAME.
export function clientFrame(control: u32, infoLength: i32, segmented: bool = false, client: u32 = CLIENT_16, server: u32 = SERVER_1, serverBytes: i32 = 1): i32 {
  frameLength = buildFrame(FRAME, segmented, server, serverBytes, client, 1, control, INFO, infoLength);
  return frameLength;
}

export function feed(link: HdlcLink, ptr: usize, length: i32): void {
  linkReceive(link, ptr, length);
}

// Feeds FRAME, runs one tick and returns the length of what the station sent (0: nothing); the answer stays in
// link.txBuf until the next call.
export function exchange(link: HdlcLink): i32 {
  linkReceive(link, FRAME, frameLength);
  return tickOut(link);
}

export function tickOut(link: HdlcLink): i32 {
  link.txLength = 0;
  linkTick(link);
  return link.txLength;
}

export function sentByte(link: HdlcLink, k: i32): u32 {
  return <u32>load<u8>(link.txBuf + <usize>k);
}

// The control byte of the station's last frame, for one-byte client and server addresses.
export function sentControl(link: HdlcLink): u32 {
  return sentByte(link, 3 + 1 + link.serverBytes);
}

export function iFrame(ns: i32, nr: i32): u32 {
  return (<u32>nr << 5) | CTRL_PF | (<u32>ns << 1);
}

export function rr(nr: i32): u32 {
  return (<u32>nr << 5) | CTRL_PF | 0x01;
}

// An APDU of `length` bytes after the request LLC header E6 E6 00, bytes 1, 2, 3, ... into INFO.
export function request(length: i32): i32 {
  store<u8>(INFO, 0xe6);
  store<u8>(INFO, 0xe6, 1);
  store<u8>(INFO, 0x00, 2);
  for (let k = 0; k < length; k++) store<u8>(INFO + <usize>(3 + k), <u8>(k + 1));
  return length + 3;
}
