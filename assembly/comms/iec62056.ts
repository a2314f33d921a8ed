// IEC 62056-21 (IEC 1107) on the optical port: mode A and mode C data readout (Z18), mode E switch to HDLC.
import { uartTransmit, uartConfigure, UartFormat } from "../hal/uart";
import { rtcReadUtcS } from "../hal/rtc";
import { TX, txLength, txOverflow, txReset, putChar, putText, bccFrom } from "./ascii";
import { putReadout } from "./readout";

export const OPTICAL_PORT: i32 = 0;
const STX: i32 = 0x02;
const ETX: i32 = 0x03;
const ACK: i32 = 0x06;
// Reaction time before the meter answers (200..1500 ms), the inter-character time-out, and how long
// the meter waits for a mode C acknowledgement before reading out as in mode A.
const REACTION_MS: i64 = 220;
const CHAR_TIMEOUT_MS: i64 = 1500;
const ACK_TIMEOUT_MS: i64 = 1500;
const LINE_CAPACITY: i32 = 40;

export const enum OpticalState {
  IDLE = 0, // collecting a request message
  IDENT_DUE = 1, // a valid request: identification after the reaction time
  WAIT_ACK = 2, // identification sent: an acknowledgement/option select, or mode A after the time-out
  DATA_DUE = 3, // data message after the reaction time
  BINARY_DUE = 4, // mode E agreed: the line changes to the agreed speed, 8N1, after the reaction time
  BINARY = 5, // HDLC owns the port until its link ends (opticalBinaryEnd)
}

// The sign-on speed and the fastest we offer (baud character '5' in the identification).
const SIGN_ON_BAUD: i32 = 300;
const OFFERED_BAUD_CHAR: i32 = 0x35;
const OPTION_READOUT: i32 = 0x30;
const OPTION_BINARY: i32 = 0x32;

const LINE: usize = memory.data(LINE_CAPACITY);
let lineLength: i32 = 0;
let lastByteMs: i64 = 0;
let state: OpticalState = OpticalState.IDLE;
let dueMs: i64 = 0;
let enabled: bool = true; // Z18: 0 disabled, 1 or 2 mode A and C
let agreedBaud: i32 = SIGN_ON_BAUD;
export let opticalReadouts: i32 = 0;
export let opticalRefused: i32 = 0;

export function opticalConfigure(z18: i32): bool {
  if (z18 < 0 || z18 > 2) return false;
  enabled = z18 != 0;
  if (state == OpticalState.BINARY) uartConfigure(OPTICAL_PORT, SIGN_ON_BAUD, UartFormat.SEVEN_E_ONE);
  state = OpticalState.IDLE;
  lineLength = 0;
  return true;
}

export function opticalState(): OpticalState {
  return state;
}

// The speed agreed in the last option select (300 before any).
export function opticalBaud(): i32 {
  return agreedBaud;
}

function lineIs(text: string): bool {
  if (lineLength != text.length) return false;
  for (let k = 0; k < lineLength; k++) if (<i32>load<u8>(LINE + <usize>k) != text.charCodeAt(k)) return false;
  return true;
}

// "/?" device address (up to 32 printable characters, this meter answers only an empty one) "!" CR LF.
function requestValid(): bool {
  return lineLength == 5 && lineIs("/?!\r\n");
}

// Baud character '0'..'6' -> 300 .. 19200 baud (mode C and E).
function baudOf(c: i32): i32 {
  return SIGN_ON_BAUD << (c - 0x30);
}

// ACK V Z Y CR LF: Y '0' data readout with V '0', Y '2' binary mode (mode E, HDLC) with V '2' (or '0').
// Returns Y, or -1 for anything else, programming mode (not offered here) and a speed above the offered one.
function optionSelect(): i32 {
  if (lineLength != 6 || load<u8>(LINE) != <u8>ACK || load<u8>(LINE, 4) != 0x0d || load<u8>(LINE, 5) != 0x0a) return -1;
  const v = <i32>load<u8>(LINE, 1);
  const baud = <i32>load<u8>(LINE, 2);
  const y = <i32>load<u8>(LINE, 3);
  if (y == OPTION_READOUT && v == 0x30 && baud >= 0x30 && baud <= 0x36) {
    agreedBaud = baudOf(baud);
    return y;
  }
  if (y == OPTION_BINARY && (v == 0x32 || v == 0x30) && baud >= 0x30 && baud <= OFFERED_BAUD_CHAR) {
    agreedBaud = baudOf(baud);
    return y;
  }
  return -1;
}

export function opticalReceive(src: usize, lengthBytes: i32, nowMs: i64): void {
  // From the option select of mode E on, the line belongs to the binary protocol.
  if (!enabled || state == OpticalState.BINARY_DUE || state == OpticalState.BINARY) return;
  for (let k = 0; k < lengthBytes; k++) {
    if (lineLength > 0 && nowMs - lastByteMs > CHAR_TIMEOUT_MS) lineLength = 0;
    lastByteMs = nowMs;
    const c = load<u8>(src + <usize>k);
    // A new request restarts the dialogue from any state.
    if (c == 0x2f) {
      lineLength = 0;
      state = OpticalState.IDLE;
    }
    if (lineLength >= LINE_CAPACITY) lineLength = 0;
    store<u8>(LINE + <usize>lineLength, c);
    lineLength++;
    if (c != 0x0a) continue;
    if (requestValid()) {
      state = OpticalState.IDENT_DUE;
      dueMs = nowMs + REACTION_MS;
    } else if (state == OpticalState.WAIT_ACK && optionSelect() >= 0) {
      state = load<u8>(LINE, 3) == <u8>OPTION_BINARY ? OpticalState.BINARY_DUE : OpticalState.DATA_DUE;
      dueMs = nowMs + REACTION_MS;
      // Bytes after the option select already belong to the binary protocol.
      if (state == OpticalState.BINARY_DUE) return;
    } else {
      opticalRefused++;
      if (state == OpticalState.WAIT_ACK) state = OpticalState.IDLE;
    }
    lineLength = 0;
  }
}

function send(): void {
  if (!txOverflow) uartTransmit(OPTICAL_PORT, TX, txLength);
}

// Identification: manufacturer "WAS", baud character '5' (mode C/E, 9600 baud), "\\2" (mode E offered), the type.
function sendIdentification(): void {
  txReset();
  putText("/WAS5\\2wasmeter-1\r\n");
  send();
}

function sendData(utcS: i64): void {
  txReset();
  putChar(STX);
  putReadout(utcS);
  putText("!\r\n");
  putChar(ETX);
  putChar(<i32>bccFrom(1));
  send();
  opticalReadouts++;
}

// Every tick: answers fall due after the reaction time; an unanswered identification reads out as mode A.
// Idle, it costs one comparison: the clock is read only for a data message.
export function opticalTick(nowMs: i64): void {
  if (!enabled || state == OpticalState.IDLE || state == OpticalState.BINARY) return;
  if (state == OpticalState.IDENT_DUE && nowMs >= dueMs) {
    sendIdentification();
    state = OpticalState.WAIT_ACK;
    dueMs = nowMs + ACK_TIMEOUT_MS;
  } else if (state == OpticalState.WAIT_ACK && nowMs >= dueMs) {
    sendData(rtcReadUtcS());
    state = OpticalState.IDLE;
  } else if (state == OpticalState.DATA_DUE && nowMs >= dueMs) {
    // Mode C: the data message at the agreed speed, then back to the sign-on speed once it has left the line.
    if (agreedBaud != SIGN_ON_BAUD) uartConfigure(OPTICAL_PORT, agreedBaud, UartFormat.SEVEN_E_ONE);
    sendData(rtcReadUtcS());
    if (agreedBaud != SIGN_ON_BAUD) uartConfigure(OPTICAL_PORT, SIGN_ON_BAUD, UartFormat.SEVEN_E_ONE);
    state = OpticalState.IDLE;
  } else if (state == OpticalState.BINARY_DUE && nowMs >= dueMs) {
    uartConfigure(OPTICAL_PORT, agreedBaud, UartFormat.EIGHT_N_ONE);
    state = OpticalState.BINARY;
  }
}

// The HDLC link of mode E ended (DISC or inactivity): the port returns to IEC 62056-21 at 300 baud 7E1.
export function opticalBinaryEnd(): void {
  if (state != OpticalState.BINARY) return;
  uartConfigure(OPTICAL_PORT, SIGN_ON_BAUD, UartFormat.SEVEN_E_ONE);
  state = OpticalState.IDLE;
  lineLength = 0;
}
