// DLMS/COSEM server application layer: the one entry point every framing (wrapper, HDLC) hands APDUs to.
//
//   dlmsHandleApdu(ctx, clientSap, inPtr, inLen, outPtr, outCap, nowMs): i32
//     ctx      association slot of the framing: DLMS_CTX_OPTICAL (0) or DLMS_CTX_MODULE (1)
//     clientSap the client's SAP from the framing (wrapper source wPort, HDLC client address)
//     in       one whole APDU (the framing reassembles segments first), at most SERVER_MAX_PDU bytes
//     out      where the answer goes; the answer is at most min(outCap, client's max receive PDU)
//     returns  the answer's length in bytes, 0 when there is none; never traps on any input
//   dlmsRelease(ctx): the framing lost its connection (TCP closed, HDLC DISC, inactivity time-out).
//
// One APDU in, at most one APDU out, bounded work: long answers go out in blocks the client pulls.
import { AxdrReader, AxdrWriter, skipData } from "./axdr";
import {
  Apdu, AssociationResult, Diagnostic, InitiateError, parseAarq, putAare, putRlre, aarqContext, aarqMechanism,
  aarqPasswordLength, aarqDlmsVersion, aarqConformance, aarqMaxPdu, AARQ_PASSWORD, CONTEXT_LN, MECHANISM_NONE,
  MECHANISM_LLS, DLMS_VERSION,
} from "./acse";
import { getRequest, getAbort, CONTEXTS } from "./get";
import { Level, AccessResult } from "../cosem/table";
import { cosemAction } from "../cosem/objects";
import { setRequest } from "./set";
import { associationServe, Mechanism } from "../cosem/association";
import { secretMatches } from "../cosem/secret";
import { eventLog, EventCode } from "../events/log";
import { rtcReadUtcS } from "../hal/rtc";

export const DLMS_CTX_OPTICAL: i32 = 0;
export const DLMS_CTX_MODULE: i32 = 1;
export const PUBLIC_CLIENT_SAP: i32 = 16;
export const MANAGEMENT_CLIENT_SAP: i32 = 1;
export const SERVER_MAX_PDU: i32 = 512;
// Below this a client could not take a block header and a useful block.
const CLIENT_MIN_PDU: i32 = 64;

// Conformance bits (bit 0 is the most significant of the 24): block transfer with GET (11),
// multiple references (14), get (19), set (20), action (23).
export const CONFORMANCE_BLOCK_GET: i32 = 1 << (23 - 11);
export const CONFORMANCE_MULTIPLE_REFERENCES: i32 = 1 << (23 - 14);
export const CONFORMANCE_GET: i32 = 1 << (23 - 19);
export const CONFORMANCE_SET: i32 = 1 << (23 - 20);
export const CONFORMANCE_ACTION: i32 = 1 << (23 - 23);
export const SERVER_CONFORMANCE: i32 = CONFORMANCE_BLOCK_GET | CONFORMANCE_MULTIPLE_REFERENCES | CONFORMANCE_GET
  | CONFORMANCE_SET | CONFORMANCE_ACTION;

// Failed authentications: after FAIL_LIMIT in a row, LLS associations are refused for LOCKOUT_MS.
export const FAIL_LIMIT: i32 = 3;
export const LOCKOUT_MS: i64 = 300_000;
let failures: i32 = 0;
let lockedUntilMs: i64 = -1;
export let authenticationFailures: i32 = 0;

export const enum XdlmsApdu {
  GET_REQUEST = 0xc0,
  SET_REQUEST = 0xc1,
  ACTION_REQUEST = 0xc3,
  SET_RESPONSE = 0xc5,
  ACTION_RESPONSE = 0xc7,
  EXCEPTION_RESPONSE = 0xd8,
}

// Exception-Response: state-error and service-error.
const enum StateError {
  SERVICE_NOT_ALLOWED = 1,
  SERVICE_UNKNOWN = 2,
}
const enum ServiceError {
  OPERATION_NOT_POSSIBLE = 1,
  SERVICE_NOT_SUPPORTED = 2,
  OTHER_REASON = 3,
  PDU_TOO_LONG = 4,
}

const associated = new StaticArray<bool>(CONTEXTS);
const levels = new StaticArray<i32>(CONTEXTS);
const saps = new StaticArray<i32>(CONTEXTS);
const mechanisms = new StaticArray<i32>(CONTEXTS);
const conformances = new StaticArray<i32>(CONTEXTS);
const clientPdus = new StaticArray<i32>(CONTEXTS);

const r = new AxdrReader();
const w = new AxdrWriter();

export function dlmsAssociated(ctx: i32): bool {
  return ctx >= 0 && ctx < CONTEXTS && unchecked(associated[ctx]);
}

export function dlmsRelease(ctx: i32): void {
  if (ctx < 0 || ctx >= CONTEXTS) return;
  unchecked(associated[ctx] = false);
  getAbort(ctx);
}

function exception(out: usize, state: StateError, service: ServiceError): i32 {
  store<u8>(out, <u8>XdlmsApdu.EXCEPTION_RESPONSE);
  store<u8>(out, <u8>state, 1);
  store<u8>(out, <u8>service, 2);
  return 3;
}

// The last refusal was the lock-out, not the password: a transient rejection, worth trying later.
let lockedOut = false;

// Who may associate, how: the public client without authentication, management with LLS.
function authenticate(clientSap: i32, nowMs: i64): Diagnostic {
  lockedOut = false;
  if (clientSap == PUBLIC_CLIENT_SAP) {
    return aarqMechanism == MECHANISM_NONE ? Diagnostic.NULL : Diagnostic.MECHANISM_NOT_RECOGNISED;
  }
  if (clientSap != MANAGEMENT_CLIENT_SAP) return Diagnostic.NO_REASON;
  if (aarqMechanism == MECHANISM_NONE) return Diagnostic.MECHANISM_REQUIRED;
  if (aarqMechanism != MECHANISM_LLS) return Diagnostic.MECHANISM_NOT_RECOGNISED;
  lockedOut = lockedUntilMs >= 0 && nowMs < lockedUntilMs;
  if (lockedOut) return Diagnostic.AUTHENTICATION_FAILURE;
  if (aarqPasswordLength >= 0 && secretMatches(AARQ_PASSWORD, aarqPasswordLength)) {
    failures = 0;
    return Diagnostic.NULL;
  }
  authenticationFailures++;
  failures++;
  const lockOut = failures >= FAIL_LIMIT;
  if (lockOut) {
    failures = 0;
    lockedUntilMs = nowMs + LOCKOUT_MS;
  }
  // Logged, and at most FAIL_LIMIT times per lock-out period: guessing cannot wear the flash out either.
  eventLog(rtcReadUtcS(), EventCode.AUTHENTICATION_FAILED, 0, clientSap, lockOut ? 1 : 0);
  return Diagnostic.AUTHENTICATION_FAILURE;
}

function associate(ctx: i32, clientSap: i32, nowMs: i64, out: usize, outCap: i32): i32 {
  dlmsRelease(ctx); // a new AARQ replaces whatever association the port had
  w.reset(out, outCap, 0);
  if (!parseAarq(r)) {
    putAare(w, AssociationResult.REJECTED_PERMANENT, Diagnostic.NO_REASON, MECHANISM_NONE, InitiateError.NONE, 0, 0);
    return w.overflow ? 0 : w.pos;
  }
  if (aarqContext != CONTEXT_LN) {
    putAare(w, AssociationResult.REJECTED_PERMANENT, Diagnostic.APPLICATION_CONTEXT_NOT_SUPPORTED, MECHANISM_NONE, InitiateError.NONE, 0, 0);
    return w.overflow ? 0 : w.pos;
  }
  const diagnostic = authenticate(clientSap, nowMs);
  if (diagnostic != Diagnostic.NULL) {
    const result = lockedOut ? AssociationResult.REJECTED_TRANSIENT : AssociationResult.REJECTED_PERMANENT;
    putAare(w, result, diagnostic, MECHANISM_NONE, InitiateError.NONE, 0, 0);
    return w.overflow ? 0 : w.pos;
  }
  const conformance = aarqConformance & SERVER_CONFORMANCE;
  let initiateError = InitiateError.NONE;
  if (aarqDlmsVersion < DLMS_VERSION) initiateError = InitiateError.DLMS_VERSION_TOO_LOW;
  else if (conformance == 0) initiateError = InitiateError.INCOMPATIBLE_CONFORMANCE;
  else if (aarqMaxPdu < CLIENT_MIN_PDU) initiateError = InitiateError.PDU_SIZE_TOO_SHORT;
  if (initiateError != InitiateError.NONE) {
    putAare(w, AssociationResult.REJECTED_PERMANENT, Diagnostic.NO_REASON, MECHANISM_NONE, initiateError, 0, 0);
    return w.overflow ? 0 : w.pos;
  }
  unchecked(associated[ctx] = true);
  unchecked(levels[ctx] = clientSap == MANAGEMENT_CLIENT_SAP ? <i32>Level.MANAGEMENT : <i32>Level.PUBLIC);
  unchecked(saps[ctx] = clientSap);
  unchecked(mechanisms[ctx] = aarqMechanism);
  unchecked(conformances[ctx] = conformance);
  unchecked(clientPdus[ctx] = aarqMaxPdu);
  putAare(w, AssociationResult.ACCEPTED, Diagnostic.NULL, aarqMechanism, InitiateError.NONE, conformance, SERVER_MAX_PDU);
  return w.overflow ? 0 : w.pos;
}

// ACTION normal: method descriptor, optional parameters (one Data that ends the APDU), and the optional
// return parameters a method writes as Get-Data-Result data.
function actionRequest(r: AxdrReader, out: usize, outCap: i32): i32 {
  const choice = r.u8();
  const invoke = r.u8();
  if (choice != 1) return exception(out, StateError.SERVICE_NOT_ALLOWED, ServiceError.SERVICE_NOT_SUPPORTED);
  const d = r.take(9);
  const hasParameters = r.u8();
  const paramsAt = r.pos;
  if (r.bad || hasParameters > 1 || (hasParameters == 1 && !skipData(r)) || r.remaining() != 0) return -1;
  r.pos = paramsAt;
  const classId = (<i32>load<u8>(d) << 8) | <i32>load<u8>(d, 1);
  // Return data goes after the 6-byte head: C7 01 invoke result 01(present) 00(data).
  const RETURN_AT = 6;
  w.reset(out + <usize>RETURN_AT, outCap - RETURN_AT, 0);
  const result = cosemAction(classId, d + 2, <i32>load<i8>(d, 8), r, hasParameters == 1, w);
  store<u8>(out, <u8>XdlmsApdu.ACTION_RESPONSE);
  store<u8>(out, 1, 1);
  store<u8>(out, <u8>invoke, 2);
  store<u8>(out, <u8>result, 3);
  if (result != AccessResult.SUCCESS || w.pos == 0 || w.overflow) {
    store<u8>(out, 0, 4); // no return parameters
    return 5;
  }
  store<u8>(out, 1, 4);
  store<u8>(out, 0, 5); // Get-Data-Result: data
  return RETURN_AT + w.pos;
}

function allowed(ctx: i32, tag: i32, choice: i32): bool {
  const conformance = unchecked(conformances[ctx]);
  if (tag == <i32>XdlmsApdu.GET_REQUEST) {
    if (choice == 2) return (conformance & CONFORMANCE_BLOCK_GET) != 0;
    if (choice == 3) return (conformance & CONFORMANCE_MULTIPLE_REFERENCES) != 0;
    return (conformance & CONFORMANCE_GET) != 0;
  }
  if (tag == <i32>XdlmsApdu.SET_REQUEST) return (conformance & CONFORMANCE_SET) != 0;
  return (conformance & CONFORMANCE_ACTION) != 0;
}

export function dlmsHandleApdu(ctx: i32, clientSap: i32, inPtr: usize, inLen: i32, outPtr: usize, outCap: i32, nowMs: i64): i32 {
  if (ctx < 0 || ctx >= CONTEXTS || inLen <= 0 || outCap < CLIENT_MIN_PDU) return 0;
  if (inLen > SERVER_MAX_PDU) return exception(outPtr, StateError.SERVICE_NOT_ALLOWED, ServiceError.PDU_TOO_LONG);
  r.reset(inPtr, inLen);
  const tag = <i32>load<u8>(inPtr);
  if (tag == <i32>Apdu.AARQ) return associate(ctx, clientSap, nowMs, outPtr, outCap);
  if (tag == <i32>Apdu.RLRQ) {
    dlmsRelease(ctx);
    w.reset(outPtr, outCap, 0);
    putRlre(w);
    return w.pos;
  }
  const known = tag == <i32>XdlmsApdu.GET_REQUEST || tag == <i32>XdlmsApdu.SET_REQUEST || tag == <i32>XdlmsApdu.ACTION_REQUEST;
  if (!known) return exception(outPtr, StateError.SERVICE_UNKNOWN, ServiceError.SERVICE_NOT_SUPPORTED);
  // Requests come only from the associated client, on the port that associated.
  if (!unchecked(associated[ctx]) || unchecked(saps[ctx]) != clientSap) {
    return exception(outPtr, StateError.SERVICE_NOT_ALLOWED, ServiceError.OPERATION_NOT_POSSIBLE);
  }
  const choice = inLen > 1 ? <i32>load<u8>(inPtr, 1) : 0;
  if (!allowed(ctx, tag, choice)) return exception(outPtr, StateError.SERVICE_NOT_ALLOWED, ServiceError.SERVICE_NOT_SUPPORTED);
  let cap = unchecked(clientPdus[ctx]);
  if (cap > outCap) cap = outCap;
  associationServe(
    <Level>unchecked(levels[ctx]), clientSap, unchecked(mechanisms[ctx]) == MECHANISM_LLS ? Mechanism.LLS : Mechanism.NONE,
    unchecked(conformances[ctx]), cap, SERVER_MAX_PDU,
  );
  r.u8();
  let n = -1;
  if (tag == <i32>XdlmsApdu.GET_REQUEST) n = getRequest(ctx, r, outPtr, cap);
  else if (tag == <i32>XdlmsApdu.SET_REQUEST) n = setRequest(r, outPtr);
  else n = actionRequest(r, outPtr, cap);
  return n < 0 ? exception(outPtr, StateError.SERVICE_UNKNOWN, ServiceError.OTHER_REASON) : n;
}
