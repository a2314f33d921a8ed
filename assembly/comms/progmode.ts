// IEC 62056-21 programming mode messages: SOH command STX data ETX BCC in, the answer built in TX.
import { Err } from "../errors";
import { txReset, putChar, putText, putUint, bccFrom } from "./ascii";
import { datasetRead, datasetWrite } from "./datasets";
import { secretMatches } from "../cosem/secret";
import { ConfigId, configGet } from "../config";
import { eventLog, EventCode } from "../events/log";

// Wrong passwords: after FAIL_LIMIT in a row every P1 is refused for LOCKOUT_MS, as the DLMS server does
// for the same secret, so the optical port is no faster way to guess it.
const FAIL_LIMIT: i32 = 3;
const LOCKOUT_MS: i64 = 300_000;
let failures: i32 = 0;
let lockedUntilMs: i64 = -1;

export const SOH: i32 = 0x01;
export const STX: i32 = 0x02;
export const ETX: i32 = 0x03;
export const EOT: i32 = 0x04;
export const ACK: i32 = 0x06;
export const NAK: i32 = 0x15;

// What the port does after a message: send TX and stay, or leave programming mode.
export const enum ProgAnswer {
  SEND = 0, // TX holds the answer (ACK, NAK, a data message or "(ERROR)")
  END = 1, // B0: no answer, the port returns to the sign-on speed
  BREAK = 2, // TX holds SOH B0 ETX BCC; after it the port returns to the sign-on speed
}

export let progAuthorized: bool = false;
export let progWrites: i32 = 0;
export let progRefusals: i32 = 0;

export function progStart(): void {
  progAuthorized = false;
}

// The operand message P0: SOH P0 STX (meter number) ETX BCC, at the agreed speed.
export function progOperand(): void {
  txReset();
  putChar(SOH);
  putText("P0");
  putChar(STX);
  putChar(0x28);
  putUint(<u64>configGet(ConfigId.METER_NUMBER), 8);
  putChar(0x29);
  putChar(ETX);
  putChar(<i32>bccFrom(1));
}

function single(c: i32): ProgAnswer {
  txReset();
  putChar(c);
  return ProgAnswer.SEND;
}

function error(): ProgAnswer {
  progRefusals++;
  txReset();
  putChar(STX);
  putText("(ERROR)");
  putChar(ETX);
  putChar(<i32>bccFrom(1));
  return ProgAnswer.SEND;
}

function breakMessage(): ProgAnswer {
  txReset();
  putChar(SOH);
  putText("B0");
  putChar(ETX);
  putChar(<i32>bccFrom(1));
  return ProgAnswer.BREAK;
}

// One complete message of `length` bytes at `msg` (SOH ... ETX|EOT BCC), parity already masked.
export function progMessage(msg: usize, length: i32, utcS: i64, nowMs: i64): ProgAnswer {
  // BCC over everything after SOH up to and including ETX: a corrupt message is NAKed, the client repeats it.
  let bcc: i32 = 0;
  for (let k = 1; k < length - 1; k++) bcc ^= <i32>load<u8>(msg + <usize>k);
  if (length < 5 || (bcc & 0x7f) != (<i32>load<u8>(msg + <usize>(length - 1)) & 0x7f)) return single(NAK);
  const etx = <i32>load<u8>(msg + <usize>(length - 2));
  if (etx != ETX) return error(); // EOT: partial blocks are not used by this meter
  const command = <i32>load<u8>(msg, 1);
  const kind = <i32>load<u8>(msg, 2);
  if (command == 0x42 && kind == 0x30 && length == 5) return ProgAnswer.END; // B0
  if (length < 7 || load<u8>(msg, 3) != <u8>STX) return single(NAK);
  const data = msg + 4;
  const dataLength = length - 6;
  if (command == 0x50 && kind == 0x31) { // P1 (password)
    // "(password)": the management association's LLS secret, so one protected setting guards both ports.
    const locked = lockedUntilMs >= 0 && nowMs < lockedUntilMs;
    const ok = !locked && dataLength >= 3 && load<u8>(data) == 0x28 && load<u8>(data + <usize>(dataLength - 1)) == 0x29 &&
      secretMatches(data + 1, dataLength - 2);
    if (!ok) {
      progRefusals++;
      if (!locked) {
        failures++;
        const lockOut = failures >= FAIL_LIMIT;
        if (lockOut) {
          failures = 0;
          lockedUntilMs = nowMs + LOCKOUT_MS;
        }
        // Cause 1: the optical port's programming mode (a SAP has no meaning there).
        eventLog(utcS, EventCode.AUTHENTICATION_FAILED, 1, 0, lockOut ? 1 : 0);
      }
      return breakMessage();
    }
    failures = 0;
    progAuthorized = true;
    return single(ACK);
  }
  if (!progAuthorized) return error();
  if (command == 0x52 && kind == 0x31) { // R1
    if (!datasetRead(data, dataLength, utcS, true)) return error();
    putChar(ETX);
    putChar(<i32>bccFrom(1));
    return ProgAnswer.SEND;
  }
  if (command == 0x57 && kind == 0x31) { // W1
    const status = datasetWrite(data, dataLength);
    if (status != Err.OK) return error();
    progWrites++;
    return single(ACK);
  }
  return error();
}
