// HLS-GMAC (mechanism 5) and security suite 0 ciphering of xDLMS APDUs (glo-*), per association slot.
//
// Pass 1/2: the AARQ brings CtoS and the client's system title, the AARE StoC and the server's.
// Pass 3/4: the client's reply_to_HLS_authentication carries SC 0x10 || IC || GMAC(StoC) under its
// title; the server checks it and answers SC 0x10 || IC || GMAC(CtoS) under its own title.
// GMAC = GCM with the EK, IV = system title || IC, AAD = SC || AK || challenge (Green Book 9.2.7.4).
import { AxdrReader, AxdrWriter, lengthSize } from "./axdr";
import { CONTEXTS } from "./get";
import { dlmsProtect, dlmsUnprotect, dlmsCheckSc, DLMS_TAG_BYTES, SecurityControl } from "../crypto/dlms";
import { equalBytesCt, loadBe32, storeBe32 } from "../crypto/bytes";
import { Err } from "../errors";
import { putInitiateResponse, putAareHls } from "./acse";
import {
  keyEk, keyAk, serverSystemTitle, serverIcNext, clientIcFresh, clientIcAccept, securityPolicy, clientInvocationCounter,
} from "../cosem/keys";

export const enum GloApdu {
  INITIATE_REQUEST = 0x21,
  INITIATE_RESPONSE = 0x28,
  GET_REQUEST = 0xc8,
  SET_REQUEST = 0xc9,
  ACTION_REQUEST = 0xcb,
  GENERAL_GLO_CIPHERING = 0xdb,
}
// A glo service tag is its plain service tag + 8 (C0..C7 -> C8..CF).
export const GLO_OFFSET: i32 = 8;

// security_policy bits of security setup version 1 (Blue Book 4.4.7).
export const enum Policy {
  AUTHENTICATED_REQUEST = 0x04,
  ENCRYPTED_REQUEST = 0x08,
  AUTHENTICATED_RESPONSE = 0x20,
  ENCRYPTED_RESPONSE = 0x40,
}

export const STOC_BYTES: i32 = 16;
export const CTOS_MIN_BYTES: i32 = 8;
export const CTOS_MAX_BYTES: i32 = 64;
const TITLE_BYTES: i32 = 8;
// Tag, (general-glo: title length and the 8-byte title,) length (at most 3 bytes), SC, IC before the text,
// the tag after it.
export const GLO_HEAD_MAX: i32 = 1 + 1 + 8 + 3 + 5;
export const GLO_OVERHEAD: i32 = GLO_HEAD_MAX + DLMS_TAG_BYTES;

const STOC: usize = memory.data(CONTEXTS * STOC_BYTES);
const CTOS: usize = memory.data(CONTEXTS * CTOS_MAX_BYTES);
const CLIENT_TITLE: usize = memory.data(CONTEXTS * TITLE_BYTES);
// GMAC of a challenge: the challenge and its tag (64 + 12), and the 16 zero bytes StoC is drawn from.
const SCRATCH: usize = memory.data(CTOS_MAX_BYTES + 16);
const ctosBytes = new StaticArray<i32>(CONTEXTS);
const pending = new StaticArray<bool>(CONTEXTS);
const ciphered = new StaticArray<bool>(CONTEXTS);
// Security control byte of the request being answered (its answer is protected at least as much).
let requestSc: i32 = 0;
// The client's system title of the last HLS association (security setup's client_system_title).
export const LAST_CLIENT_TITLE: usize = memory.data(TITLE_BYTES);

@noinline
function stocAt(ctx: i32): usize { return STOC + <usize>(ctx * STOC_BYTES); }
function ctosAt(ctx: i32): usize { return CTOS + <usize>(ctx * CTOS_MAX_BYTES); }
@noinline
function titleAt(ctx: i32): usize { return CLIENT_TITLE + <usize>(ctx * TITLE_BYTES); }

export function secureRelease(ctx: i32): void {
  if (ctx < 0 || ctx >= CONTEXTS) return;
  unchecked(pending[ctx] = false);
  unchecked(ciphered[ctx] = false);
  memory.fill(stocAt(ctx), 0, STOC_BYTES);
  memory.fill(ctosAt(ctx), 0, CTOS_MAX_BYTES);
}

export function securePending(ctx: i32): bool { return unchecked(pending[ctx]); }
export function secureCiphered(ctx: i32): bool { return unchecked(ciphered[ctx]); }

// Whether a request's SC meets the security policy (and suite 0's rules).
function scAllowed(sc: i32): bool {
  if (dlmsCheckSc(sc) != Err.OK || (sc & SecurityControl.BROADCAST_KEY) != 0) return false;
  const policy = securityPolicy();
  if ((policy & Policy.AUTHENTICATED_REQUEST) != 0 && (sc & SecurityControl.AUTHENTICATED) == 0) return false;
  if ((policy & Policy.ENCRYPTED_REQUEST) != 0 && (sc & SecurityControl.ENCRYPTED) == 0) return false;
  return true;
}

const enum Unwrap {
  MALFORMED = -1,
  REFUSED_SC = -2,
  REPLAYED = -3,
  DECIPHER = -4,
}
export let unwrapSc: i32 = 0;
export let unwrapIc: u32 = 0;

// Deciphers a glo APDU (tag, length, SC, IC, text [tag]) in place under the client's title. Returns the
// offset of the plain APDU from inPtr (its length in unwrapLength), or a negative Unwrap.
export let unwrapLength: i32 = 0;
// The client's counter before the last glo request was accepted (pass 3's f(StoC) counter precedes it).
let icBefore: u32 = 0;
const rd = new AxdrReader();
const hw = new AxdrWriter();
function unwrapWith(title: usize, inPtr: usize, inLen: i32): i32 {
  rd.reset(inPtr, inLen);
  const general = rd.u8() == <i32>GloApdu.GENERAL_GLO_CIPHERING;
  if (general) {
    // general-glo-ciphering names its sender: it must be the client that associated.
    if (rd.length_() != TITLE_BYTES) return Unwrap.MALFORMED;
    const at = rd.take(TITLE_BYTES);
    if (rd.bad) return Unwrap.MALFORMED;
    for (let k = 0; k < TITLE_BYTES; k++) if (load<u8>(at + <usize>k) != load<u8>(title + <usize>k)) return Unwrap.DECIPHER;
  }
  const n = rd.length_();
  if (rd.bad || n < 5 || n != rd.remaining()) return Unwrap.MALFORMED;
  const sc = rd.u8();
  const ic = rd.u32();
  const at = rd.pos;
  const textBytes = rd.remaining();
  unwrapSc = sc;
  unwrapIc = ic;
  if (!scAllowed(sc)) return Unwrap.REFUSED_SC;
  if (!clientIcFresh(ic)) return Unwrap.REPLAYED;
  icBefore = clientInvocationCounter();
  const body = inPtr + <usize>at;
  if (dlmsUnprotect(sc, title, ic, keyEk(), keyAk(), body, textBytes, body) != Err.OK) return Unwrap.DECIPHER;
  if (clientIcAccept(ic) != Err.OK) return Unwrap.REPLAYED;
  unwrapLength = textBytes - ((sc & SecurityControl.AUTHENTICATED) != 0 ? DLMS_TAG_BYTES : 0);
  requestSc = sc;
  return at;
}

export function secureUnwrap(ctx: i32, inPtr: usize, inLen: i32): i32 {
  return unwrapWith(titleAt(ctx), inPtr, inLen);
}

// Protects plainBytes at plainAt (which must be out + GLO_HEAD_MAX) into a glo APDU at out with the
// given tag; returns its length, or 0 when no server counter can be had (nothing may go out then).
export function secureWrap(tag: i32, out: usize, plainAt: usize, plainBytes: i32): i32 {
  const general = tag == <i32>GloApdu.GENERAL_GLO_CIPHERING;
  const policy = securityPolicy();
  let sc = requestSc & (SecurityControl.AUTHENTICATED | SecurityControl.ENCRYPTED);
  if ((policy & Policy.AUTHENTICATED_RESPONSE) != 0) sc |= SecurityControl.AUTHENTICATED;
  if ((policy & Policy.ENCRYPTED_RESPONSE) != 0) sc |= SecurityControl.ENCRYPTED;
  if (sc == 0) sc = SecurityControl.AUTHENTICATED;
  const ic = serverIcNext();
  if (ic < 0) return 0;
  if (dlmsProtect(sc, serverSystemTitle(), <u32>ic, keyEk(), keyAk(), plainAt, plainBytes, plainAt) != Err.OK) return 0;
  const body = plainBytes + ((sc & SecurityControl.AUTHENTICATED) != 0 ? DLMS_TAG_BYTES : 0);
  const n = 5 + body;
  const head = 1 + (general ? 1 + TITLE_BYTES : 0) + lengthSize(n) + 5;
  const start = plainAt - <usize>head;
  hw.reset(start, head, 0);
  hw.u8(tag);
  if (general) {
    hw.length_(TITLE_BYTES);
    hw.bytes(serverSystemTitle(), TITLE_BYTES);
  }
  hw.length_(n);
  hw.u8(sc);
  hw.u32(<u32>ic);
  memory.copy(out, start, head + body);
  return head + body;
}

// AARQ of an HLS-GMAC association: keeps the client's title and CtoS; a glo-initiate-request at
// gloAt is deciphered in place (the plain InitiateRequest then at unwrapped offset). False: refused.
export function hlsStart(ctx: i32, clientTitle: usize, ctos: usize, ctosLen: i32, cipheredContext: bool): bool {
  secureRelease(ctx);
  if (ctosLen < CTOS_MIN_BYTES || ctosLen > CTOS_MAX_BYTES) return false;
  memory.copy(titleAt(ctx), clientTitle, TITLE_BYTES);
  memory.copy(ctosAt(ctx), ctos, ctosLen);
  unchecked(ctosBytes[ctx] = ctosLen);
  unchecked(ciphered[ctx] = cipheredContext);
  requestSc = SecurityControl.AUTHENTICATED | SecurityControl.ENCRYPTED;
  return true;
}

// Deciphers the AARQ's glo-initiate-request under the title hlsStart kept; see secureUnwrap.
export function hlsOpenInitiate(ctx: i32, gloPtr: usize, gloLen: i32): i32 {
  return unwrapWith(titleAt(ctx), gloPtr, gloLen);
}

// StoC: 16 bytes of AES-CTR keystream under the EK at a fresh server counter, so no two are alike and
// none can be foreseen without the key. False when no counter can be had.
export function hlsChallenge(ctx: i32): bool {
  const ic = serverIcNext();
  if (ic < 0) return false;
  memory.fill(SCRATCH, 0, STOC_BYTES);
  if (dlmsProtect(SecurityControl.ENCRYPTED, serverSystemTitle(), <u32>ic, keyEk(), keyAk(), SCRATCH, STOC_BYTES, stocAt(ctx)) != Err.OK) return false;
  unchecked(pending[ctx] = true);
  return true;
}

// Plain InitiateResponse, then its ciphered form, for the AARE of an HLS association.
const INITIATE_BYTES: i32 = 14;
const INITIATE_OUT: usize = memory.data(GLO_HEAD_MAX + INITIATE_BYTES + DLMS_TAG_BYTES);
const iw = new AxdrWriter();

// Pass 2: the AARE with StoC, the server's title and the InitiateResponse (a glo-initiate-response when
// the AARQ's was ciphered). False when no server counter can be had for them.
export function hlsAare(ctx: i32, w: AxdrWriter, conformance: i32, serverMaxPdu: i32, cipheredRequest: bool): bool {
  iw.reset(INITIATE_OUT + <usize>GLO_HEAD_MAX, INITIATE_BYTES, 0);
  putInitiateResponse(iw, conformance, serverMaxPdu);
  let userInfo = INITIATE_BYTES;
  if (cipheredRequest) userInfo = secureWrap(GloApdu.INITIATE_RESPONSE, INITIATE_OUT, INITIATE_OUT + <usize>GLO_HEAD_MAX, INITIATE_BYTES);
  else memory.copy(INITIATE_OUT, INITIATE_OUT + <usize>GLO_HEAD_MAX, INITIATE_BYTES);
  if (userInfo == 0 || !hlsChallenge(ctx)) return false;
  putAareHls(w, serverSystemTitle(), stocAt(ctx), STOC_BYTES, INITIATE_OUT, userInfo);
  return true;
}

// Pass 3: the octet-string SC || IC || tag of reply_to_HLS_authentication. True when it is f(StoC)
// under the client's title with a fresh counter; then pass 4's f(CtoS) goes into `w` as the return data.
// In a ciphered request, f(StoC) was counted before the request that carries it: its counter must be
// above the one before that request and below the request's own.
export function hlsCheckReply(ctx: i32, reply: usize, replyBytes: i32, gloRequest: bool, w: AxdrWriter): bool {
  if (replyBytes != 5 + DLMS_TAG_BYTES || <i32>load<u8>(reply) != SecurityControl.AUTHENTICATED) return false;
  const ic = loadBe32(reply + 1);
  if (gloRequest ? (ic <= icBefore || ic >= unwrapIc) : !clientIcFresh(ic)) return false;
  if (dlmsProtect(SecurityControl.AUTHENTICATED, titleAt(ctx), ic, keyEk(), keyAk(), stocAt(ctx), STOC_BYTES, SCRATCH) != Err.OK) return false;
  if (!equalBytesCt(SCRATCH + <usize>STOC_BYTES, reply + 5, DLMS_TAG_BYTES)) return false;
  if (!gloRequest && clientIcAccept(ic) != Err.OK) return false;
  const serverIc = serverIcNext();
  if (serverIc < 0) return false;
  const n = unchecked(ctosBytes[ctx]);
  if (dlmsProtect(SecurityControl.AUTHENTICATED, serverSystemTitle(), <u32>serverIc, keyEk(), keyAk(), ctosAt(ctx), n, SCRATCH) != Err.OK) return false;
  unchecked(pending[ctx] = false);
  memory.copy(LAST_CLIENT_TITLE, titleAt(ctx), TITLE_BYTES);
  w.u8(0x09); // octet-string
  w.u8(5 + DLMS_TAG_BYTES);
  w.u8(SecurityControl.AUTHENTICATED);
  w.u32(<u32>serverIc);
  w.bytes(SCRATCH + <usize>n, DLMS_TAG_BYTES);
  return true;
}
