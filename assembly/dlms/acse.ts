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
export const PASSWORD_CAP: i32 = 16;
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
function parseInitiate(r: AxdrReader, len: i32): void {
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
      parseInitiate(r, berLength(r));
    } else {
      r.skip(len); // AP titles, AE qualifiers, acse-requirements: not needed without ciphering
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
