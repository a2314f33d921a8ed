// One HDLC secondary station (the server side of IEC 62056-46): state, buffers, byte receiver and tick.
import { crc16Step, CRC16_INIT, CRC16_GOOD_RESIDUE } from "../../util/crc16";
import { FLAG, FRAME_OVERHEAD, FRAME_MIN_LENGTH } from "./frame";
import { MAX_INFO_CAPACITY, MAX_INFO_DEFAULT } from "./params";
import { frameReceived } from "./station";
import { buildReply, Reply } from "./reply";
import { Err } from "../../errors";

// The reassembled APDU (after the LLC header) and the answer (before it) each hold up to this many bytes.
export const APDU_CAPACITY: i32 = 1024;
export const LLC_LENGTH: i32 = 3;
export const RX_CAPACITY: i32 = MAX_INFO_CAPACITY + FRAME_OVERHEAD;
export const TX_CAPACITY: i32 = MAX_INFO_CAPACITY + FRAME_OVERHEAD + 2;
// COSEM class 23 (HDLC setup) defaults and ranges: inter-octet time-out 25 ms (20..6000), inactivity time-out
// 120 s (0 = none, up to 65535), device (physical) address 16 (0x10..0x3FFD).
export const INTER_OCTET_MS_DEFAULT: i32 = 25;
export const INTER_OCTET_MS_MIN: i32 = 20;
export const INTER_OCTET_MS_MAX: i32 = 6000;
export const INACTIVITY_S_DEFAULT: i32 = 120;
export const INACTIVITY_S_MAX: i32 = 65535;
export const DEVICE_ADDRESS_DEFAULT: i32 = 0x10;
export const DEVICE_ADDRESS_MIN: i32 = 0x10;
export const DEVICE_ADDRESS_MAX: i32 = 0x3ffd;
const TICK_MS: i32 = 10;
const TICKS_PER_S: i32 = 100;
// Start bit, 8 data bits, stop bit (8N1) or 7E1: ten bit times a character on either line format.
const BITS_PER_CHAR: i32 = 10;
// A paced sender may leave a character time between characters and the UART hands them over a tick late:
// the link waits at least this many character times at the line speed in force before dropping a frame.
export const INTER_OCTET_CHARS: i32 = 3;

export const enum LinkState {
  CLOSED = 0, // the port speaks something else (the optical port before mode E)
  DISCONNECTED = 1, // normal disconnected mode: only SNRM connects, other commands get DM
  CONNECTED = 2, // normal response mode after SNRM/UA
  FRAME_REJECT = 3, // FRMR sent: only SNRM or DISC clears it
}

export const enum RxState {
  HUNT = 0, // looking for a flag
  OPEN = 1, // after a flag: a format byte starts a frame, another flag is fill
  LENGTH = 2, // the format's second byte carries the rest of the length
  BODY = 3, // counting bytes up to the format's length
  END = 4, // the closing flag must follow
}

export const enum LinkEvent {
  CONNECTED = 1, // SNRM accepted: a new data link, no association yet
  DISCONNECTED = 2, // DISC accepted, or a refused SNRM ended the link
  TIMEOUT = 3, // the inactivity time-out ended the link
}

// The upper layer: a complete APDU at inPtr; it writes its answer at outPtr (up to outCapacity bytes) and returns
// its length, 0 for no answer, or a negative number to be called again at the next tick (still working).
export type ApduHandler = (link: i32, inPtr: usize, inLength: i32, outPtr: usize, outCapacity: i32) => i32;
export type EventHandler = (link: i32, event: LinkEvent) => void;

function noAnswer(link: i32, inPtr: usize, inLength: i32, outPtr: usize, outCapacity: i32): i32 {
  return 0;
}
function noEvent(link: i32, event: LinkEvent): void {}

let apduHandler: ApduHandler = noAnswer;
let eventHandler: EventHandler = noEvent;

export function setUpperLayer(apdu: ApduHandler, event: EventHandler): void {
  apduHandler = apdu;
  eventHandler = event;
}

export function raiseEvent(link: HdlcLink, event: LinkEvent): void {
  eventHandler(link.index, event);
}

@unmanaged
export class HdlcLink {
  index: i32;
  state: LinkState;
  closeOnEnd: bool; // a DISC or time-out also closes the port (optical mode E returns to IEC 62056-21)
  closing: bool;
  physicalAddress: u32; // lower HDLC address accepted in 2- and 4-byte server addresses
  interOctetMs: i32; // as configured (class 23 attribute 7 floor)
  interOctetEffectiveMs: i32; // what the receiver waits: max(interOctetMs, INTER_OCTET_CHARS character times)
  inactivityS: i32;
  baud: i32;
  interOctetTicks: i32;
  inactivityTicks: i32; // 0: no inactivity time-out
  // receiver
  rxState: RxState;
  rxLength: i32;
  rxCount: i32;
  rxCrc: u32;
  quietTicks: i32; // ticks since the last byte
  idleTicks: i32; // ticks since the last frame for us
  // connection
  client: u32; // the connected client's address byte
  replyTo: u32; // the address byte of the frame being answered
  serverRaw: u32; // our address as the last frame wrote it (1, 2 or 4 bytes), used in answers
  serverBytes: i32;
  vs: i32;
  vr: i32;
  infoTx: i32;
  infoRx: i32;
  // reassembly of the client's APDU (with its LLC header)
  inLength: i32;
  inOverflow: bool;
  inReady: bool;
  // the answer being sent in segments (with our LLC header)
  outLength: i32;
  outOffset: i32;
  outSegment: i32;
  outNs: i32;
  outstanding: bool; // an I-frame awaits acknowledgement
  reply: Reply;
  frmrControl: u32;
  frmrReason: u32;
  txLength: i32;
  txSent: i32;
  // statistics
  framesGood: i32;
  framesCorrupt: i32;
  framesIgnored: i32;
  // buffers
  rxBuf: usize;
  inBuf: usize;
  outBuf: usize;
  txBuf: usize;
}

export function linkInit(link: HdlcLink, index: i32, rx: usize, inBuf: usize, outBuf: usize, tx: usize): void {
  memory.fill(changetype<usize>(link), 0, offsetof<HdlcLink>());
  link.index = index;
  link.rxBuf = rx;
  link.inBuf = inBuf;
  link.outBuf = outBuf;
  link.txBuf = tx;
  linkConfigure(link, DEVICE_ADDRESS_DEFAULT, INTER_OCTET_MS_DEFAULT, INACTIVITY_S_DEFAULT, 9600);
}

// The character time in whole ms, rounded up (300 baud: 34 ms, 9600 baud: 2 ms).
export function charTimeMs(baud: i32): i32 {
  return (BITS_PER_CHAR * 1000 + baud - 1) / baud;
}

// The inter-octet time-out in force at a line speed: the configured one, but never shorter than a few
// character times, or a sender at 300 baud (33 ms a character) could not finish a frame: the time-out scales
// with the transmission speed. 300 baud: 102 ms, 1200 baud: 27 ms, 2400 baud and above: the configured 25 ms.
export function interOctetEffectiveMs(interOctetMs: i32, baud: i32): i32 {
  return max(interOctetMs, INTER_OCTET_CHARS * charTimeMs(baud));
}

// The HDLC setup of a link (class 23 attributes) and its line speed; a refused value changes nothing.
export function linkConfigure(link: HdlcLink, deviceAddress: i32, interOctetMs: i32, inactivityS: i32, baud: i32): Err {
  if (deviceAddress < DEVICE_ADDRESS_MIN || deviceAddress > DEVICE_ADDRESS_MAX) return Err.OUT_OF_RANGE;
  if (interOctetMs < INTER_OCTET_MS_MIN || interOctetMs > INTER_OCTET_MS_MAX) return Err.OUT_OF_RANGE;
  if (inactivityS < 0 || inactivityS > INACTIVITY_S_MAX || baud < 300) return Err.OUT_OF_RANGE;
  link.physicalAddress = <u32>deviceAddress;
  link.interOctetMs = interOctetMs;
  link.inactivityS = inactivityS;
  link.baud = baud;
  link.interOctetEffectiveMs = interOctetEffectiveMs(interOctetMs, baud);
  link.interOctetTicks = (link.interOctetEffectiveMs + TICK_MS - 1) / TICK_MS;
  link.inactivityTicks = inactivityS * TICKS_PER_S;
  return Err.OK;
}

// Drops the connection's sequence state, half-received APDU and unsent answer.
export function linkReset(link: HdlcLink): void {
  link.vs = 0;
  link.vr = 0;
  link.infoTx = MAX_INFO_DEFAULT;
  link.infoRx = MAX_INFO_DEFAULT;
  link.inLength = 0;
  link.inOverflow = false;
  link.inReady = false;
  link.outLength = 0;
  link.outOffset = 0;
  link.outSegment = 0;
  link.outstanding = false;
}

export function linkOpen(link: HdlcLink, closeOnEnd: bool): void {
  linkReset(link);
  link.state = LinkState.DISCONNECTED;
  link.closeOnEnd = closeOnEnd;
  link.closing = false;
  link.rxState = RxState.HUNT;
  link.reply = Reply.NONE;
  link.txLength = 0;
  link.txSent = 0;
  link.quietTicks = 0;
  link.idleTicks = 0;
}

// The data link ends: back to disconnected mode; after a DISC or the time-out a closing port closes after the
// last answer (a refused SNRM leaves the port open for another try).
export function linkEnd(link: HdlcLink, event: LinkEvent, closePort: bool = true): void {
  const wasUp = link.state == LinkState.CONNECTED || link.state == LinkState.FRAME_REJECT;
  linkReset(link);
  link.state = LinkState.DISCONNECTED;
  if (link.closeOnEnd && closePort) link.closing = true;
  if (wasUp || event == LinkEvent.TIMEOUT) raiseEvent(link, event);
}

@inline
function take(link: HdlcLink, c: u32): void {
  if (link.rxCount < RX_CAPACITY) store<u8>(link.rxBuf + <usize>link.rxCount, <u8>c);
  link.rxCount++;
  link.rxCrc = crc16Step(link.rxCrc, c);
}

// Bytes from the UART: frames are delimited by their length (IEC 62056-46 uses no byte stuffing), a flag
// closes one frame and may open the next. Each byte costs a few comparisons and one table lookup.
export function linkReceive(link: HdlcLink, src: usize, lengthBytes: i32): void {
  if (link.state == LinkState.CLOSED || link.closing) return;
  for (let k = 0; k < lengthBytes; k++) {
    const c = <u32>load<u8>(src + <usize>k);
    link.quietTicks = 0;
    const s = link.rxState;
    if (s == RxState.HUNT) {
      if (c == FLAG) link.rxState = RxState.OPEN;
    } else if (s == RxState.OPEN) {
      if ((c & 0xf0) == 0xa0) {
        link.rxCount = 0;
        link.rxCrc = CRC16_INIT;
        take(link, c);
        link.rxState = RxState.LENGTH;
      } else if (c != FLAG) {
        link.rxState = RxState.HUNT;
      }
    } else if (s == RxState.LENGTH) {
      take(link, c);
      link.rxLength = ((<i32>load<u8>(link.rxBuf) & 7) << 8) | <i32>c;
      if (link.rxLength < FRAME_MIN_LENGTH) {
        link.framesCorrupt++;
        link.rxState = RxState.HUNT;
      } else {
        link.rxState = RxState.BODY;
      }
    } else if (s == RxState.BODY) {
      take(link, c);
      if (link.rxCount == link.rxLength) link.rxState = RxState.END;
    } else {
      if (c == FLAG) {
        frameReceived(link, link.rxCrc == CRC16_GOOD_RESIDUE);
        link.rxState = RxState.OPEN;
      } else {
        link.framesCorrupt++;
        link.rxState = RxState.HUNT;
      }
    }
  }
}

// Nothing for a tick to do: no frame half received, nothing to answer or send, no time-out running.
export function linkAsleep(link: HdlcLink): bool {
  if (link.txLength != 0 || link.reply != Reply.NONE || link.closing) return false;
  if (link.state == LinkState.CLOSED) return true;
  return link.state == LinkState.DISCONNECTED && !link.closeOnEnd && link.rxState < RxState.LENGTH && !link.inReady;
}

// Every 10 ms: time-outs, the upper layer's answer, and at most one frame built for the port to send.
// Returns true when the link closed this tick (its last frame, if any, is still in txBuf to be sent).
export function linkTick(link: HdlcLink): bool {
  if (link.state == LinkState.CLOSED) return false;
  if (link.rxState >= RxState.LENGTH && ++link.quietTicks > link.interOctetTicks) {
    link.framesCorrupt++;
    link.rxState = RxState.HUNT;
  }
  if (link.txLength > 0) return false;
  if (!link.closing && link.inactivityTicks > 0 && ++link.idleTicks > link.inactivityTicks) {
    link.idleTicks = 0;
    if (link.state != LinkState.DISCONNECTED || link.closeOnEnd) linkEnd(link, LinkEvent.TIMEOUT);
  }
  if (link.inReady && link.state == LinkState.CONNECTED && !link.outstanding && link.outLength == 0) answer(link);
  if (link.reply != Reply.NONE) {
    link.txLength = buildReply(link, link.reply);
    link.txSent = 0;
    link.reply = Reply.NONE;
  }
  if (link.closing) {
    link.state = LinkState.CLOSED;
    link.closing = false;
    return true;
  }
  return false;
}

function answer(link: HdlcLink): void {
  const capacity = APDU_CAPACITY;
  const n = apduHandler(link.index, link.inBuf + <usize>LLC_LENGTH, link.inLength - LLC_LENGTH, link.outBuf + <usize>LLC_LENGTH, capacity);
  if (n < 0) return;
  link.inReady = false;
  link.inLength = 0;
  if (n == 0) {
    link.reply = Reply.RR;
    return;
  }
  // The LLC header of a response (IEC 62056-46 8.2): destination E6, source E7 (response), quality 00.
  store<u8>(link.outBuf, 0xe6);
  store<u8>(link.outBuf, 0xe7, 1);
  store<u8>(link.outBuf, 0x00, 2);
  link.outLength = min(n, capacity) + LLC_LENGTH;
  link.outOffset = 0;
  link.reply = Reply.I_NEXT;
}
