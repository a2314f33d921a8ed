// The secondary station's response to each received frame: address filter, SNRM/DISC, I-frames, RR/RNR, FRMR.
import {
  parseFrame, FrameStatus, frameControl, frameSegmented, frameDestUpper, frameDestLower, frameDestBytes, frameSrc,
  frameSrcBytes, frameInfoOffset, rawAddress, frameInfoLength, CTRL_PF, CTRL_SNRM, CTRL_DISC, CTRL_RR, CTRL_RNR,
} from "./frame";
import { negotiate, negotiatedInfoTx, negotiatedInfoRx } from "./params";
import { HdlcLink, LinkState, LinkEvent, linkReset, linkEnd, raiseEvent, APDU_CAPACITY, LLC_LENGTH, RX_CAPACITY } from "./link";
import { Reply } from "./reply";

// The one logical device of this meter: the management logical device, upper HDLC address 1.
export const SERVER_UPPER_ADDRESS: u32 = 1;

// FRMR reasons (ISO/IEC 13239 basic format): W control undefined or not implemented, X an information field not
// permitted with it, Y an information field longer than negotiated, Z an N(R) that acknowledges nothing sent.
export const FRMR_W: u32 = 0x01;
export const FRMR_X: u32 = 0x02;
export const FRMR_Y: u32 = 0x04;
export const FRMR_Z: u32 = 0x08;

function forUs(link: HdlcLink): bool {
  if (frameSrcBytes != 1 || frameDestUpper != SERVER_UPPER_ADDRESS) return false;
  return frameDestBytes == 1 || frameDestLower == link.physicalAddress;
}

// A frame ended with its flag; `fcsGood` is the FCS over all its bytes.
export function frameReceived(link: HdlcLink, fcsGood: bool): void {
  if (parseFrame(link.rxBuf, link.rxLength, fcsGood) != FrameStatus.OK) {
    link.framesCorrupt++;
    return;
  }
  if (!forUs(link)) {
    link.framesIgnored++;
    return;
  }
  link.framesGood++;
  link.idleTicks = 0;
  link.replyTo = frameSrc;
  link.serverBytes = frameDestBytes;
  link.serverRaw = rawAddress(link.rxBuf + 2, frameDestBytes);
  if (link.rxLength > RX_CAPACITY) {
    // Longer than any information field we negotiate: only its header was kept.
    if (link.state == LinkState.CONNECTED && frameSrc == link.client) reject(link, FRMR_Y);
    return;
  }
  const poll = (frameControl & CTRL_PF) != 0;
  const command = frameControl & ~CTRL_PF;
  if (command == CTRL_SNRM) {
    snrm(link);
    return;
  }
  if (command == CTRL_DISC) {
    if (link.state == LinkState.CONNECTED || link.state == LinkState.FRAME_REJECT) {
      link.reply = Reply.UA;
      linkEnd(link, LinkEvent.DISCONNECTED);
    } else {
      link.reply = Reply.DM;
    }
    return;
  }
  // Disconnected mode, or another client than the connected one: every command but SNRM gets DM.
  if (link.state != LinkState.CONNECTED && link.state != LinkState.FRAME_REJECT || frameSrc != link.client) {
    if (poll) link.reply = Reply.DM;
    return;
  }
  if (link.state == LinkState.FRAME_REJECT) {
    link.reply = Reply.FRMR;
    return;
  }
  if ((frameControl & 1) == 0) {
    informationFrame(link, poll);
  } else if ((command & 0x0f) == CTRL_RR || (command & 0x0f) == CTRL_RNR) {
    if (frameInfoLength > 0) reject(link, FRMR_W | FRMR_X);
    else supervisoryFrame(link, poll, (command & 0x0f) == CTRL_RNR);
  } else {
    reject(link, FRMR_W);
  }
}

function snrm(link: HdlcLink): void {
  if (!negotiate(link.rxBuf + <usize>frameInfoOffset, frameInfoLength)) {
    link.reply = Reply.DM;
    linkEnd(link, LinkEvent.DISCONNECTED, false);
    return;
  }
  linkReset(link);
  link.state = LinkState.CONNECTED;
  link.client = frameSrc;
  link.infoTx = negotiatedInfoTx;
  link.infoRx = negotiatedInfoRx;
  link.reply = Reply.UA_PARAMS;
  raiseEvent(link, LinkEvent.CONNECTED);
}

function reject(link: HdlcLink, reason: u32): void {
  link.state = LinkState.FRAME_REJECT;
  link.frmrControl = frameControl;
  link.frmrReason = reason;
  link.reply = Reply.FRMR;
}

// N(R) acknowledges our frames up to N(R) - 1. With a window of 1 it either acknowledges the outstanding I-frame
// (N(R) = V(S)) or not yet (N(R) = its N(S)); anything else is invalid.
function acknowledge(link: HdlcLink, nr: i32): bool {
  if (link.outstanding) {
    if (nr == link.vs) {
      link.outstanding = false;
      link.outOffset += link.outSegment;
      if (link.outOffset >= link.outLength) link.outLength = 0;
      return true;
    }
    return nr == link.outNs;
  }
  return nr == link.vs;
}

function informationFrame(link: HdlcLink, poll: bool): void {
  const ns = <i32>(frameControl >> 1) & 7;
  const nr = <i32>(frameControl >> 5) & 7;
  if (!acknowledge(link, nr)) {
    reject(link, FRMR_Z);
    return;
  }
  if (frameInfoLength > link.infoRx) {
    reject(link, FRMR_Y);
    return;
  }
  // A new request while segments of the last answer wait for RR: the client gave that answer up.
  if (ns == link.vr && !link.outstanding && link.outLength > 0) link.outLength = 0;
  if (ns == link.vr) {
    // Busy with the last APDU (not yet answered, or its segment not yet acknowledged): not accepted, V(R) stays.
    if (link.inReady || link.outstanding) {
      if (poll) link.reply = Reply.RNR;
      return;
    }
    append(link);
    link.vr = (link.vr + 1) & 7;
    if (frameSegmented) {
      if (poll) link.reply = Reply.RR;
      return;
    }
    const llc = link.inBuf;
    if (link.inOverflow || link.inLength < LLC_LENGTH || load<u8>(llc) != 0xe6 || load<u8>(llc, 1) != 0xe6 || load<u8>(llc, 2) != 0) {
      // Too long for us or not an LLC-framed request: acknowledged at the link, dropped above it.
      link.inLength = 0;
      link.inOverflow = false;
      if (poll) link.reply = Reply.RR;
      return;
    }
    link.inReady = true;
    return;
  }
  if (ns == ((link.vr - 1) & 7)) {
    // The client repeats its last frame: our answer to it was lost. Send it again; an answer still being
    // prepared goes out when ready.
    if (link.outstanding) link.reply = Reply.I_RESEND;
    else if (!link.inReady && poll) link.reply = Reply.RR;
    return;
  }
  // Out of sequence: dropped; RR tells the client which N(S) we expect.
  if (poll) link.reply = Reply.RR;
}

function append(link: HdlcLink): void {
  const n = frameInfoLength;
  if (link.inLength + n > APDU_CAPACITY + LLC_LENGTH) {
    link.inOverflow = true;
    return;
  }
  memory.copy(link.inBuf + <usize>link.inLength, link.rxBuf + <usize>frameInfoOffset, <usize>n);
  link.inLength += n;
}

function supervisoryFrame(link: HdlcLink, poll: bool, clientBusy: bool): void {
  const nr = <i32>(frameControl >> 5) & 7;
  const wasOutstanding = link.outstanding;
  if (!acknowledge(link, nr)) {
    reject(link, FRMR_Z);
    return;
  }
  if (!poll) return;
  if (wasOutstanding && link.outstanding) link.reply = Reply.I_RESEND; // N(R) = N(S): it did not arrive
  else if (link.outLength > 0 && !clientBusy) link.reply = Reply.I_NEXT;
  else if (link.inReady) link.reply = Reply.RNR;
  else link.reply = Reply.RR;
}
