// The frames the station sends: UA (with the negotiated parameters after SNRM), DM, RR, RNR, FRMR and I-frame segments.
import { buildFrame, CTRL_PF, CTRL_UA, CTRL_DM, CTRL_RR, CTRL_RNR, CTRL_FRMR } from "./frame";
import { writeUaParams, UA_PARAMS_LENGTH } from "./params";
import { HdlcLink } from "./link";

export const enum Reply {
  NONE = 0,
  UA_PARAMS = 1, // UA to SNRM
  UA = 2, // UA to DISC
  DM = 3,
  RR = 4,
  RNR = 5,
  FRMR = 6,
  I_NEXT = 7, // the next segment of the answer
  I_RESEND = 8, // the outstanding segment again, same N(S)
}

const SCRATCH: usize = memory.data(UA_PARAMS_LENGTH + 1);

function frame(link: HdlcLink, segmented: bool, control: u32, info: usize, infoLength: i32): i32 {
  return buildFrame(link.txBuf, segmented, link.replyTo, 1, link.serverRaw, link.serverBytes, control | CTRL_PF, info, infoLength);
}

// Every answer to a poll carries the final bit: with a window of 1 each frame ends our turn.
function segment(link: HdlcLink, ns: i32): i32 {
  const remaining = link.outLength - link.outOffset;
  const n = min(remaining, link.infoTx);
  link.outSegment = n;
  link.outNs = ns;
  link.outstanding = true;
  const control = (<u32>link.vr << 5) | (<u32>ns << 1);
  return frame(link, n < remaining, control, link.outBuf + <usize>link.outOffset, n);
}

export function buildReply(link: HdlcLink, reply: Reply): i32 {
  if (reply == Reply.UA_PARAMS) {
    // Our transmit is the client's receive: both sides name the values from their own point of view.
    const n = writeUaParams(SCRATCH, link.infoTx, link.infoRx, 1, 1);
    return frame(link, false, CTRL_UA, SCRATCH, n);
  }
  if (reply == Reply.UA) return frame(link, false, CTRL_UA, 0, 0);
  if (reply == Reply.DM) return frame(link, false, CTRL_DM, 0, 0);
  if (reply == Reply.RR) return frame(link, false, CTRL_RR | (<u32>link.vr << 5), 0, 0);
  if (reply == Reply.RNR) return frame(link, false, CTRL_RNR | (<u32>link.vr << 5), 0, 0);
  if (reply == Reply.FRMR) {
    // Rejected control field; V(S) and V(R) (C/R 0: the rejected frame was a command); the reason bits.
    store<u8>(SCRATCH, <u8>link.frmrControl);
    store<u8>(SCRATCH, <u8>((link.vr << 5) | (link.vs << 1)), 1);
    store<u8>(SCRATCH, <u8>link.frmrReason, 2);
    return frame(link, false, CTRL_FRMR, SCRATCH, 3);
  }
  if (reply == Reply.I_RESEND && link.outstanding) return segment(link, link.outNs);
  if (reply == Reply.I_NEXT && link.outLength > link.outOffset && !link.outstanding) {
    const ns = link.vs;
    link.vs = (link.vs + 1) & 7;
    return segment(link, ns);
  }
  return frame(link, false, CTRL_RR | (<u32>link.vr << 5), 0, 0);
}
