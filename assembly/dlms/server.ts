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
  MECHANISM_LLS, DLMS_VERSION, CONTEXT_LN_CIPHERED, MECHANISM_HLS_GMAC, aarqHasSystemTitle, AARQ_SYSTEM_TITLE,
  aarqGloAt, aarqGloLength, parseInitiate, aareContextSet,
} from "./acse";
import {
  secureRelease, securePending, secureCiphered, secureUnwrap, secureWrap, hlsStart, hlsOpenInitiate, hlsAare,
  hlsCheckReply, unwrapLength, GLO_OFFSET, GLO_HEAD_MAX, GLO_OVERHEAD, GloApdu,
} from "./secure";
import { keysApplyPending } from "../cosem/keys";
import { ConfigId, configGet } from "../config";
import { getRequest, getAbort, CONTEXTS } from "./get";
import { Level, AccessResult } from "../cosem/table";
import { cosemAction } from "../cosem/objects";
import { setRequest, setAbort, SetChoice } from "./set";
import { associationServe, associationContextSet, Mechanism } from "../cosem/association";
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

// Conformance bits (bit 0 is the most significant of the 24): block transfer with GET (11) and with
// SET (12), multiple references (14), get (19), set (20), action (23).
export const CONFORMANCE_BLOCK_GET: i32 = 1 << (23 - 11);
export const CONFORMANCE_BLOCK_SET: i32 = 1 << (23 - 12);
export const CONFORMANCE_MULTIPLE_REFERENCES: i32 = 1 << (23 - 14);
export const CONFORMANCE_GET: i32 = 1 << (23 - 19);
export const CONFORMANCE_SET: i32 = 1 << (23 - 20);
export const CONFORMANCE_ACTION: i32 = 1 << (23 - 23);
export const SERVER_CONFORMANCE: i32 = CONFORMANCE_BLOCK_GET | CONFORMANCE_BLOCK_SET | CONFORMANCE_MULTIPLE_REFERENCES | CONFORMANCE_GET
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
  DECIPHERING_ERROR = 5,
  INVOCATION_COUNTER_ERROR = 6,
}

const associated = new StaticArray<bool>(CONTEXTS);
const levels = new StaticArray<i32>(CONTEXTS);
const saps = new StaticArray<i32>(CONTEXTS);
const mechanisms = new StaticArray<i32>(CONTEXTS);
const conformances = new StaticArray<i32>(CONTEXTS);
const clientPdus = new StaticArray<i32>(CONTEXTS);
const contexts = new StaticArray<i32>(CONTEXTS);

const r = new AxdrReader();
const w = new AxdrWriter();

export function dlmsAssociated(ctx: i32): bool {
  return ctx >= 0 && ctx < CONTEXTS && unchecked(associated[ctx]);
}

export function dlmsRelease(ctx: i32): void {
  if (ctx < 0 || ctx >= CONTEXTS) return;
  unchecked(associated[ctx] = false);
  getAbort(ctx);
  setAbort(ctx);
  secureRelease(ctx);
}

@noinline
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
  if (aarqMechanism != MECHANISM_LLS && aarqMechanism != MECHANISM_HLS_GMAC) return Diagnostic.MECHANISM_NOT_RECOGNISED;
  lockedOut = lockedUntilMs >= 0 && nowMs < lockedUntilMs;
  if (lockedOut) return Diagnostic.AUTHENTICATION_FAILURE;
  // HLS: the challenge is checked in pass 3; here only that the AARQ carries what it needs.
  if (aarqMechanism == MECHANISM_HLS_GMAC) return aarqHasSystemTitle ? Diagnostic.NULL : Diagnostic.NO_REASON;
  if (aarqPasswordLength >= 0 && secretMatches(AARQ_PASSWORD, aarqPasswordLength)) {
    failures = 0;
    return Diagnostic.NULL;
  }
  return authenticationFailed(clientSap, nowMs);
}

// A failed LLS password or HLS pass 3: counted towards the lock-out and logged.
function authenticationFailed(clientSap: i32, nowMs: i64): Diagnostic {
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

// Refusal AARE; nothing of the association is kept.
function refuse(result: AssociationResult, diagnostic: Diagnostic, initiateError: InitiateError): i32 {
  putAare(w, result, diagnostic, MECHANISM_NONE, initiateError, 0, 0);
  return w.overflow ? 0 : w.pos;
}

const ir = new AxdrReader();

function associate(ctx: i32, clientSap: i32, inPtr: usize, nowMs: i64, out: usize, outCap: i32): i32 {
  dlmsRelease(ctx); // a new AARQ replaces whatever association the port had
  aareContextSet(CONTEXT_LN);
  w.reset(out, outCap, 0);
  if (!parseAarq(r)) return refuse(AssociationResult.REJECTED_PERMANENT, Diagnostic.NO_REASON, InitiateError.NONE);
  const hls = aarqMechanism == MECHANISM_HLS_GMAC && clientSap == MANAGEMENT_CLIENT_SAP;
  // Ciphering comes only with HLS-GMAC; Z28 "local encryption enabled" asks it of management on the optical port.
  let contextOk = aarqContext == CONTEXT_LN || (aarqContext == CONTEXT_LN_CIPHERED && hls);
  if (ctx == DLMS_CTX_OPTICAL && clientSap == MANAGEMENT_CLIENT_SAP && configGet(ConfigId.LOCAL_ENCRYPTION) == 1
    && aarqContext != CONTEXT_LN_CIPHERED) contextOk = false;
  if (!contextOk || (aarqGloAt >= 0 && aarqContext != CONTEXT_LN_CIPHERED)) {
    return refuse(AssociationResult.REJECTED_PERMANENT, Diagnostic.APPLICATION_CONTEXT_NOT_SUPPORTED, InitiateError.NONE);
  }
  aareContextSet(aarqContext);
  const diagnostic = authenticate(clientSap, nowMs);
  if (diagnostic != Diagnostic.NULL) {
    return refuse(lockedOut ? AssociationResult.REJECTED_TRANSIENT : AssociationResult.REJECTED_PERMANENT, diagnostic, InitiateError.NONE);
  }
  const cipheredInitiate = aarqGloAt >= 0;
  if (hls) {
    if (!hlsStart(ctx, AARQ_SYSTEM_TITLE, AARQ_PASSWORD, aarqPasswordLength, aarqContext == CONTEXT_LN_CIPHERED)) {
      return refuse(AssociationResult.REJECTED_PERMANENT, Diagnostic.NO_REASON, InitiateError.NONE);
    }
    if (cipheredInitiate) {
      const at = hlsOpenInitiate(ctx, inPtr + <usize>aarqGloAt, aarqGloLength);
      if (at < 0) {
        secureRelease(ctx);
        // A glo-initiate-request that does not decipher is a wrong key: an authentication failure.
        return refuse(AssociationResult.REJECTED_PERMANENT, authenticationFailed(clientSap, nowMs), InitiateError.NONE);
      }
      ir.reset(inPtr + <usize>(aarqGloAt + at), unwrapLength);
      parseInitiate(ir, unwrapLength);
      if (ir.bad) {
        secureRelease(ctx);
        return refuse(AssociationResult.REJECTED_PERMANENT, Diagnostic.NO_REASON, InitiateError.NONE);
      }
    }
  }
  const conformance = aarqConformance & SERVER_CONFORMANCE;
  let initiateError = InitiateError.NONE;
  if (aarqDlmsVersion < DLMS_VERSION) initiateError = InitiateError.DLMS_VERSION_TOO_LOW;
  else if (conformance == 0) initiateError = InitiateError.INCOMPATIBLE_CONFORMANCE;
  else if (aarqMaxPdu < CLIENT_MIN_PDU) initiateError = InitiateError.PDU_SIZE_TOO_SHORT;
  if (initiateError != InitiateError.NONE) {
    secureRelease(ctx);
    return refuse(AssociationResult.REJECTED_PERMANENT, Diagnostic.NO_REASON, initiateError);
  }
  unchecked(associated[ctx] = true);
  unchecked(levels[ctx] = clientSap == MANAGEMENT_CLIENT_SAP && !hls ? <i32>Level.MANAGEMENT : <i32>Level.PUBLIC);
  unchecked(saps[ctx] = clientSap);
  unchecked(mechanisms[ctx] = aarqMechanism);
  unchecked(conformances[ctx] = conformance);
  unchecked(clientPdus[ctx] = aarqMaxPdu);
  unchecked(contexts[ctx] = aarqContext);
  if (!hls) {
    putAare(w, AssociationResult.ACCEPTED, Diagnostic.NULL, aarqMechanism, InitiateError.NONE, conformance, SERVER_MAX_PDU);
    return w.overflow ? 0 : w.pos;
  }
  // Pass 2: StoC and the server's title; the association serves nothing but pass 3 until it succeeds.
  if (!hlsAare(ctx, w, conformance, SERVER_MAX_PDU, cipheredInitiate)) {
    dlmsRelease(ctx);
    return refuse(AssociationResult.REJECTED_TRANSIENT, Diagnostic.NO_REASON, InitiateError.NONE);
  }
  return w.overflow ? 0 : w.pos;
}

// Pass 3 (the only request a pending HLS association may make): ACTION normal of the current
// association's method 1 with an octet-string. Right: the association becomes HLS and gets f(CtoS);
// wrong: read-write-denied, the failure counted, and the association ends.
const CURRENT_ASSOCIATION_LN: StaticArray<u8> = [0, 0, 40, 0, 0, 255];
function hlsPass3(ctx: i32, clientSap: i32, r: AxdrReader, out: usize, outCap: i32, nowMs: i64): i32 {
  const tag = r.u8();
  if (tag != <i32>XdlmsApdu.ACTION_REQUEST) return exception(out, StateError.SERVICE_NOT_ALLOWED, ServiceError.OPERATION_NOT_POSSIBLE);
  const choice = r.u8();
  const invoke = r.u8();
  const d = r.take(9);
  const hasParameters = r.u8();
  const octets = r.u8();
  const n = r.length_();
  const reply = r.take(n);
  if (r.bad || tag != <i32>XdlmsApdu.ACTION_REQUEST || choice != 1 || r.remaining() != 0) return -1;
  let target = load<u8>(d) == 0 && load<u8>(d, 1) == 15 && load<u8>(d, 8) == 1 && hasParameters == 1 && octets == 0x09;
  for (let k = 0; k < 6; k++) target = target && load<u8>(d + 2 + <usize>k) == unchecked(CURRENT_ASSOCIATION_LN[k]);
  if (!target) return exception(out, StateError.SERVICE_NOT_ALLOWED, ServiceError.OPERATION_NOT_POSSIBLE);
  const RETURN_AT = 6;
  w.reset(out + <usize>RETURN_AT, outCap - RETURN_AT, 0);
  store<u8>(out, <u8>XdlmsApdu.ACTION_RESPONSE);
  store<u8>(out, 1, 1);
  store<u8>(out, <u8>invoke, 2);
  if (!hlsCheckReply(ctx, reply, n, secureCiphered(ctx), w) || w.overflow) {
    dlmsRelease(ctx);
    authenticationFailed(clientSap, nowMs);
    store<u8>(out, <u8>AccessResult.READ_WRITE_DENIED, 3);
    store<u8>(out, 0, 4);
    return 5;
  }
  failures = 0;
  unchecked(levels[ctx] = <i32>Level.HLS);
  store<u8>(out, <u8>AccessResult.SUCCESS, 3);
  store<u8>(out, 1, 4);
  store<u8>(out, 0, 5);
  return RETURN_AT + w.pos;
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
  if (tag == <i32>XdlmsApdu.SET_REQUEST) {
    const block = choice == <i32>SetChoice.WITH_FIRST_DATABLOCK || choice == <i32>SetChoice.WITH_DATABLOCK
      || choice == <i32>SetChoice.WITH_LIST_AND_FIRST_DATABLOCK;
    if (block && (conformance & CONFORMANCE_BLOCK_SET) == 0) return false;
    return (conformance & CONFORMANCE_SET) != 0;
  }
  return (conformance & CONFORMANCE_ACTION) != 0;
}

export function dlmsHandleApdu(ctx: i32, clientSap: i32, inPtr: usize, inLen: i32, outPtr: usize, outCap: i32, nowMs: i64): i32 {
  if (ctx < 0 || ctx >= CONTEXTS || inLen <= 0 || outCap < CLIENT_MIN_PDU) return 0;
  if (inLen > SERVER_MAX_PDU) return exception(outPtr, StateError.SERVICE_NOT_ALLOWED, ServiceError.PDU_TOO_LONG);
  r.reset(inPtr, inLen);
  let tag = <i32>load<u8>(inPtr);
  if (tag == <i32>Apdu.AARQ) return associate(ctx, clientSap, inPtr, nowMs, outPtr, outCap);
  if (tag == <i32>Apdu.RLRQ) {
    dlmsRelease(ctx);
    w.reset(outPtr, outCap, 0);
    putRlre(w);
    return w.pos;
  }
  const general = tag == <i32>GloApdu.GENERAL_GLO_CIPHERING;
  const glo = general || tag == <i32>GloApdu.GET_REQUEST || tag == <i32>GloApdu.SET_REQUEST || tag == <i32>GloApdu.ACTION_REQUEST;
  const known = glo || tag == <i32>XdlmsApdu.GET_REQUEST || tag == <i32>XdlmsApdu.SET_REQUEST || tag == <i32>XdlmsApdu.ACTION_REQUEST;
  if (!known) return exception(outPtr, StateError.SERVICE_UNKNOWN, ServiceError.SERVICE_NOT_SUPPORTED);
  // Requests come only from the associated client, on the port that associated.
  if (!unchecked(associated[ctx]) || unchecked(saps[ctx]) != clientSap) {
    return exception(outPtr, StateError.SERVICE_NOT_ALLOWED, ServiceError.OPERATION_NOT_POSSIBLE);
  }
  // A ciphered association takes only ciphered requests (the security policy asks for protection);
  // an association without ciphering has no keys in use, so a glo APDU there is refused.
  if (glo != secureCiphered(ctx)) return exception(outPtr, StateError.SERVICE_NOT_ALLOWED, ServiceError.SERVICE_NOT_SUPPORTED);
  if (glo) {
    const at = secureUnwrap(ctx, inPtr, inLen);
    if (at == -3) return exception(outPtr, StateError.SERVICE_NOT_ALLOWED, ServiceError.INVOCATION_COUNTER_ERROR);
    if (at < 0) return exception(outPtr, StateError.SERVICE_NOT_ALLOWED, ServiceError.DECIPHERING_ERROR);
    inPtr += <usize>at;
    inLen = unwrapLength;
    // glo-x-request holds x-request; general-glo-ciphering any of them.
    const inner = inLen < 1 ? 0 : <i32>load<u8>(inPtr);
    const innerOk = general
      ? inner == <i32>XdlmsApdu.GET_REQUEST || inner == <i32>XdlmsApdu.SET_REQUEST || inner == <i32>XdlmsApdu.ACTION_REQUEST
      : inner == tag - GLO_OFFSET;
    if (!innerOk) return exception(outPtr, StateError.SERVICE_UNKNOWN, ServiceError.OTHER_REASON);
    tag = inner;
    r.reset(inPtr, inLen);
  }
  let cap = unchecked(clientPdus[ctx]);
  if (cap > outCap) cap = outCap;
  // A ciphered answer is made plain after room for its head, then protected where it lies.
  const plainOut = glo ? outPtr + <usize>GLO_HEAD_MAX : outPtr;
  if (glo) cap -= GLO_OVERHEAD;
  let n = -1;
  if (securePending(ctx)) {
    n = hlsPass3(ctx, clientSap, r, plainOut, cap, nowMs);
  } else {
    const choice = inLen > 1 ? <i32>load<u8>(inPtr, 1) : 0;
    if (!allowed(ctx, tag, choice)) return exception(outPtr, StateError.SERVICE_NOT_ALLOWED, ServiceError.SERVICE_NOT_SUPPORTED);
    const mechanism = unchecked(mechanisms[ctx]);
    associationServe(
      <Level>unchecked(levels[ctx]), clientSap,
      mechanism == MECHANISM_LLS ? Mechanism.LLS : mechanism == MECHANISM_HLS_GMAC ? Mechanism.HLS_GMAC : Mechanism.NONE,
      unchecked(conformances[ctx]), cap, SERVER_MAX_PDU,
    );
    associationContextSet(unchecked(contexts[ctx]));
    r.u8();
    // A long SET goes on only with its next datablock: any other request ends it, nothing applied.
    if (tag != <i32>XdlmsApdu.SET_REQUEST || choice != <i32>SetChoice.WITH_DATABLOCK) setAbort(ctx);
    if (tag == <i32>XdlmsApdu.GET_REQUEST) n = getRequest(ctx, r, plainOut, cap);
    else if (tag == <i32>XdlmsApdu.SET_REQUEST) n = setRequest(ctx, r, plainOut);
    else n = actionRequest(r, plainOut, cap);
  }
  if (n < 0) return exception(outPtr, StateError.SERVICE_UNKNOWN, ServiceError.OTHER_REASON);
  if (!glo || n == 0) {
    keysApplyPending();
    return n;
  }
  const answerTag = <i32>load<u8>(plainOut);
  // Exception-responses have no ciphered form: they go out plain.
  if (answerTag == <i32>XdlmsApdu.EXCEPTION_RESPONSE) {
    memory.copy(outPtr, plainOut, n);
    return n;
  }
  // A key transfer's answer still goes under the keys it came with; the new ones count from here.
  const length = secureWrap(general ? <i32>GloApdu.GENERAL_GLO_CIPHERING : answerTag + GLO_OFFSET, outPtr, plainOut, n);
  keysApplyPending();
  return length;
}
