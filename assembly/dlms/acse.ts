// ACSE (IEC 62056-5-3 / Green Book 9.4): AARQ parsing, AARE with the xDLMS InitiateResponse, RLRQ/RLRE.
import { AxdrReader, AxdrWriter } from "./axdr";

export const enum Apdu {
  AARQ = 0x60,
  AARE = 0x61,
  RLRQ = 0x62,
  RLRE = 0x63,
}

export const enum AssociationResult {
  ACCEPTED = 0,
  REJECTED_PERMANENT = 1,
  REJECTED_TRANSIENT = 2,
}

// acse-service-user diagnostics.
export const enum Diagnostic {
  NULL = 0,
  NO_REASON = 1,
  APPLICATION_CONTEXT_NOT_SUPPORTED = 2,
  MECHANISM_NOT_RECOGNISED = 11,
  MECHANISM_REQUIRED = 12,
  AUTHENTICATION_FAILURE = 13,
  AUTHENTICATION_REQUIRED = 14,
}

// ConfirmedServiceError initiate codes, sent in the user-information of a refusing AARE.
export const enum InitiateError {
  NONE = 0,
  DLMS_VERSION_TOO_LOW = 1,
  INCOMPATIBLE_CONFORMANCE = 2,
  PDU_SIZE_TOO_SHORT = 3,
}

// Application context and mechanism names: 2.16.756.5.8.kind.id, BER-encoded as 60 85 74 05 08 kind id.
export const CONTEXT_LN: i32 = 1;
export const CONTEXT_LN_CIPHERED: i32 = 3;
export const MECHANISM_NONE: i32 = 0;
export const MECHANISM_LLS: i32 = 1;
export const MECHANISM_HLS_GMAC: i32 = 5;
// Calling-authentication-value: an LLS password (at most 16 bytes count) or an HLS challenge CtoS (8..64).
export const PASSWORD_CAP: i32 = 64;
export const SYSTEM_TITLE_BYTES: i32 = 8;
// xDLMS glo-initiate-request / -response (the InitiateRequest/Response ciphered, Green Book 9.5).
export const GLO_INITIATE_REQUEST: i32 = 0x21;
export const GLO_INITIATE_RESPONSE: i32 = 0x28;
export const DLMS_VERSION: i32 = 6;
const NO_VALUE: i32 = -1;

// What the last AARQ asked for (NO_VALUE where it said nothing).
export let aarqContext: i32 = NO_VALUE;
export let aarqMechanism: i32 = MECHANISM_NONE;
export let aarqPasswordLength: i32 = NO_VALUE;
export const AARQ_PASSWORD: usize = memory.data(PASSWORD_CAP);
export let aarqDlmsVersion: i32 = NO_VALUE;
export let aarqConformance: i32 = 0;
export let aarqMaxPdu: i32 = 0;
// Calling-AP-title (the client's system title), and where a glo-initiate-request sits in the input.
export let aarqHasSystemTitle = false;
export const AARQ_SYSTEM_TITLE: usize = memory.data(SYSTEM_TITLE_BYTES);
export let aarqGloAt: i32 = NO_VALUE;
export let aarqGloLength: i32 = 0;

// BER length, short form or 0x81/0x82 long form.
function berLength(r: AxdrReader): i32 {
  const first = r.u8();
  if (first < 0x80) return first;
  if (first == 0x81) return r.u8();
  if (first == 0x82) return r.u16();
  r.bad = true;
  return 0;
}

// The last arc of an object identifier 60 85 74 05 08 kind id, or NO_VALUE for any other.
function dlmsOid(r: AxdrReader, len: i32, kind: i32): i32 {
  const at = r.take(len);
  if (r.bad || len != 7) return NO_VALUE;
  if (load<u8>(at) != 0x60 || load<u8>(at, 1) != 0x85 || load<u8>(at, 2) != 0x74) return NO_VALUE;
  if (load<u8>(at, 3) != 0x05 || load<u8>(at, 4) != 0x08 || <i32>load<u8>(at, 5) != kind) return NO_VALUE;
  return <i32>load<u8>(at, 6);
}

// xDLMS InitiateRequest inside user-information: 01, optional dedicated key, response-allowed and
// quality of service, DLMS version, conformance 5F 1F 04 00 b b b, client max receive PDU size.
export function parseInitiate(r: AxdrReader, len: i32): void {
  const end = r.pos + len;
  if (r.u8() != 0x01) {
    r.bad = true;
    return;
  }
  if (r.u8() != 0) r.skip(r.u8()); // dedicated key
  if (r.u8() != 0) r.u8(); // response-allowed
  if (r.u8() != 0) r.u8(); // proposed quality of service
  aarqDlmsVersion = r.u8();
  if (r.u8() != 0x5f || r.u8() != 0x1f || r.u8() != 0x04 || r.u8() != 0x00) {
    r.bad = true;
    return;
  }
  aarqConformance = (r.u8() << 16) | (r.u8() << 8) | r.u8();
  aarqMaxPdu = r.u16();
  if (r.pos != end) r.bad = true;
}

// Parses an AARQ (tag already checked by the caller). Returns false for a malformed one.
export function parseAarq(r: AxdrReader): bool {
  aarqContext = NO_VALUE;
  aarqMechanism = MECHANISM_NONE;
  aarqPasswordLength = NO_VALUE;
  aarqDlmsVersion = NO_VALUE;
  aarqConformance = 0;
  aarqMaxPdu = 0;
  aarqHasSystemTitle = false;
  aarqGloAt = NO_VALUE;
  aarqGloLength = 0;
  if (r.u8() != <i32>Apdu.AARQ) return false;
  const total = berLength(r);
  if (r.bad || total != r.remaining()) return false;
  while (r.remaining() > 0 && !r.bad) {
    const tag = r.u8();
    const len = berLength(r);
    if (r.bad || len > r.remaining()) return false;
    const end = r.pos + len;
    if (tag == 0xa1) { // application-context-name
      if (r.u8() != 0x06) return false;
      aarqContext = dlmsOid(r, r.u8(), 1);
    } else if (tag == 0x8b) { // mechanism-name
      aarqMechanism = dlmsOid(r, len, 2);
    } else if (tag == 0xa6) { // calling-AP-title: OCTET STRING of the client's system title
      if (r.u8() != 0x04 || r.u8() != SYSTEM_TITLE_BYTES) return false;
      const at = r.take(SYSTEM_TITLE_BYTES);
      if (r.bad) return false;
      memory.copy(AARQ_SYSTEM_TITLE, at, SYSTEM_TITLE_BYTES);
      aarqHasSystemTitle = true;
    } else if (tag == 0xac) { // calling-authentication-value: charstring [0]
      if (r.u8() != 0x80) return false;
      const n = r.u8();
      if (n > PASSWORD_CAP) {
        r.skip(n);
        aarqPasswordLength = PASSWORD_CAP + 1; // too long to be ours: fails the comparison
      } else {
        const at = r.take(n);
        if (!r.bad) memory.copy(AARQ_PASSWORD, at, n);
        aarqPasswordLength = n;
      }
    } else if (tag == 0xbe) { // user-information: OCTET STRING holding the InitiateRequest
      if (r.u8() != 0x04) return false;
      const n = berLength(r);
      if (!r.bad && n > 0 && r.remaining() >= n && <i32>load<u8>(r.base + <usize>r.pos) == GLO_INITIATE_REQUEST) {
        aarqGloAt = r.pos; // deciphered by the caller, which holds the keys
        aarqGloLength = n;
        r.skip(n);
      } else {
        parseInitiate(r, n);
      }
    } else {
      r.skip(len); // AE qualifiers, invocation ids, acse-requirements: nothing to act on
    }
    if (r.bad || r.pos != end) return false;
  }
  return !r.bad;
}

// Fixed parts of the AARE: application context LN and the result tag; the diagnostic tag; the LLS
// responder requirements and mechanism name; the InitiateResponse up to its conformance; the
// ConfirmedServiceError (initiate) up to its code.
const AARE_CONTEXT: StaticArray<u8> = [0xa1, 9, 0x06, 7, 0x60, 0x85, 0x74, 0x05, 0x08, 1, <u8>CONTEXT_LN, 0xa2, 3, 0x02, 1];
const AARE_DIAGNOSTIC: StaticArray<u8> = [0xa3, 5, 0xa1, 3, 0x02, 1];
const AARE_LLS: StaticArray<u8> = [0x88, 2, 0x07, 0x80, 0x89, 7, 0x60, 0x85, 0x74, 0x05, 0x08, 2, <u8>MECHANISM_LLS];
const AARE_INITIATE: StaticArray<u8> = [0xbe, 16, 0x04, 14, 0x08, 0x00, <u8>DLMS_VERSION, 0x5f, 0x1f, 0x04, 0x00];
const AARE_INITIATE_ERROR: StaticArray<u8> = [0xbe, 6, 0x04, 4, 0x0e, 0x01, 0x06];

// The application context the AARE names: the AARQ's (LN, or LN with ciphering for HLS-GMAC).
export let aareContext: i32 = CONTEXT_LN;
export function aareContextSet(context: i32): void {
  aareContext = context;
}

@noinline
function putConst(w: AxdrWriter, bytes: StaticArray<u8>): void {
  w.bytes(changetype<usize>(bytes), bytes.length);
}

// AARE. Accepted: the InitiateResponse carries the negotiated conformance and the server's max
// receive PDU size. Refused for an xDLMS reason: a ConfirmedServiceError (initiate) instead.
export function putAare(
  w: AxdrWriter, result: AssociationResult, diagnostic: Diagnostic, mechanism: i32,
  initiateError: InitiateError, conformance: i32, serverMaxPdu: i32,
): void {
  const accepted = result == AssociationResult.ACCEPTED;
  const lls = mechanism == MECHANISM_LLS && accepted;
  const userInfo = accepted ? 18 : initiateError != InitiateError.NONE ? 8 : 0;
  w.u8(<i32>Apdu.AARE);
  w.u8(11 + 5 + 7 + (lls ? 13 : 0) + userInfo);
  putConst(w, AARE_CONTEXT);
  store<u8>(w.base + <usize>(w.pos - 5), <u8>aareContext);
  w.u8(<i32>result);
  putConst(w, AARE_DIAGNOSTIC);
  w.u8(<i32>diagnostic);
  if (lls) putConst(w, AARE_LLS);
  if (accepted) {
    putConst(w, AARE_INITIATE);
    w.be(<u64>conformance, 3);
    w.u16(serverMaxPdu);
    w.u16(0x0007); // vaa-name of logical name referencing
  } else if (initiateError != InitiateError.NONE) {
    putConst(w, AARE_INITIATE_ERROR);
    w.u8(<i32>initiateError);
  }
}

// RLRE with reason normal (0).
export function putRlre(w: AxdrWriter): void {
  w.u8(<i32>Apdu.RLRE);
  w.u8(3);
  w.u8(0x80);
  w.u8(1);
  w.u8(0);
}

// The InitiateResponse alone (14 bytes), to be ciphered into a glo-initiate-response.
export function putInitiateResponse(w: AxdrWriter, conformance: i32, serverMaxPdu: i32): void {
  for (let k = 4; k < AARE_INITIATE.length; k++) w.u8(<i32>unchecked(AARE_INITIATE[k]));
  w.be(<u64>conformance, 3);
  w.u16(serverMaxPdu);
  w.u16(0x0007);
}

const AARE_HLS_REQUIREMENTS: StaticArray<u8> = [0x88, 2, 0x07, 0x80, 0x89, 7, 0x60, 0x85, 0x74, 0x05, 0x08, 2, <u8>MECHANISM_HLS_GMAC];

// AARE of an HLS-GMAC association waiting for the client's f(StoC): accepted with diagnostic
// authentication-required, the server's system title, StoC, and the user-information given whole
// (an InitiateResponse, or a glo-initiate-response when the AARQ's was ciphered).
export function putAareHls(
  w: AxdrWriter, systemTitle: usize, stoc: usize, stocBytes: i32, userInfo: usize, userInfoBytes: i32,
): void {
  w.u8(<i32>Apdu.AARE);
  w.u8(11 + 5 + 7 + 12 + 13 + 4 + stocBytes + 4 + userInfoBytes);
  putConst(w, AARE_CONTEXT);
  store<u8>(w.base + <usize>(w.pos - 5), <u8>aareContext);
  w.u8(<i32>AssociationResult.ACCEPTED);
  putConst(w, AARE_DIAGNOSTIC);
  w.u8(<i32>Diagnostic.AUTHENTICATION_REQUIRED);
  w.u8(0xa4); // responding-AP-title
  w.u8(2 + SYSTEM_TITLE_BYTES);
  w.u8(0x04);
  w.u8(SYSTEM_TITLE_BYTES);
  w.bytes(systemTitle, SYSTEM_TITLE_BYTES);
  putConst(w, AARE_HLS_REQUIREMENTS);
  w.u8(0xaa); // responding-authentication-value: charstring [0] StoC
  w.u8(2 + stocBytes);
  w.u8(0x80);
  w.u8(stocBytes);
  w.bytes(stoc, stocBytes);
  w.u8(0xbe);
  w.u8(2 + userInfoBytes);
  w.u8(0x04);
  w.u8(userInfoBytes);
  w.bytes(userInfo, userInfoBytes);
}
