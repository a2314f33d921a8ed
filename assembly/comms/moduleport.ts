// The module port (UART 1): the communication module's byte stream in IEC 62056-47 wrapper frames to the DLMS server.
import { uartTransmit } from "../hal/uart";
import {
  wrapperReceive, wrapperNextFrame, wrapperPayload, wrapperPutHeader, wrapperReset, WrapperEvent,
  wrapperSource, wrapperDestination, wrapperLength, WRAPPER_HEADER_BYTES,
} from "../dlms/wrapper";
import { dlmsHandleApdu, dlmsRelease, dlmsAssociated, DLMS_CTX_MODULE } from "../dlms/server";
import { SERVER_SAP } from "../cosem/association";

export const MODULE_PORT: i32 = 1;
// Answers up to this size go out whole; longer ones in blocks (the object list of management).
export const MODULE_APDU_CAP: i32 = 256;
const TX: usize = memory.data(WRAPPER_HEADER_BYTES + MODULE_APDU_CAP);
// An association nobody speaks on for this long is released (the TCP connection behind it is gone).
export const MODULE_INACTIVITY_MS: i64 = 120_000;
let lastFrameMs: i64 = 0;
export let moduleFrames: i32 = 0;

export function moduleReceive(src: usize, lengthBytes: i32, nowMs: i64): void {
  wrapperReceive(src, lengthBytes, nowMs);
}

// The host's connection on the module port closed: the association ends with it.
export function moduleDisconnected(): void {
  wrapperReset();
  dlmsRelease(DLMS_CTX_MODULE);
}

// One frame per tick at most: the request is answered in the same tick, the cost bounded by one APDU.
export function moduleTick(nowMs: i64): void {
  const event = wrapperNextFrame(nowMs);
  if (event != WrapperEvent.FRAME) {
    if (dlmsAssociated(DLMS_CTX_MODULE) && nowMs - lastFrameMs > MODULE_INACTIVITY_MS) dlmsRelease(DLMS_CTX_MODULE);
    return;
  }
  lastFrameMs = nowMs;
  moduleFrames++;
  // Only the management logical device (wPort 1) lives here; frames for others are not ours.
  if (wrapperDestination != SERVER_SAP) return;
  const client = wrapperSource;
  const n = dlmsHandleApdu(
    DLMS_CTX_MODULE, client, wrapperPayload(), wrapperLength, TX + <usize>WRAPPER_HEADER_BYTES, MODULE_APDU_CAP, nowMs,
  );
  if (n <= 0) return;
  wrapperPutHeader(TX, SERVER_SAP, client, n);
  uartTransmit(MODULE_PORT, TX, WRAPPER_HEADER_BYTES + n);
}
