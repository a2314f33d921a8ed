// IEC 62056-21 (IEC 1107) on the optical port: modes A and C readout (Z18), programming mode, mode E switch to HDLC.
import { uartTransmit, uartConfigure, UartFormat } from "../hal/uart";
import { rtcReadUtcS } from "../hal/rtc";
import { TX, txLength, txOverflow, txReset, putChar, putText, bccFrom } from "./ascii";
import { putReadout } from "./readout";
import { ConfigId, configGet } from "../config";
import { ProgAnswer, progMessage, progOperand, progStart, SOH, STX, ETX, EOT, NAK } from "./progmode";

export const OPTICAL_PORT: i32 = 0;
const ACK: i32 = 0x06;
// Reaction time before the meter answers (200..1500 ms), the inter-character time-out, and how long
// the meter waits for a mode C acknowledgement before reading out as in mode A. All are counted from
// the last character on the line: received, or sent (its time at the line speed, 10 bits a character).
const REACTION_MS: i64 = 220;
const CHAR_TIMEOUT_MS: i64 = 1500;
const ACK_TIMEOUT_MS: i64 = 1500;
// Programming mode ends after this long without a message (IEC 62056-21: the inactivity time-out).
const PROG_INACTIVITY_MS: i64 = 120000;
const LINE_CAPACITY: i32 = 64;
const BITS_PER_CHAR: i64 = 10;

export const enum OpticalState {
  IDLE = 0, // collecting a request message
  IDENT_DUE = 1, // a valid request: identification after the reaction time
  WAIT_ACK = 2, // identification sent: an acknowledgement/option select, or mode A after the time-out
  DATA_DUE = 3, // data message after the reaction time
  BINARY_DUE = 4, // mode E agreed: the line changes to the agreed speed, 8N1, after the reaction time
  BINARY = 5, // HDLC owns the port until its link ends (opticalBinaryEnd)
  PROG_DUE = 6, // programming mode agreed: the operand message P0 at the agreed speed after the reaction time
  PROG = 7, // programming mode: waiting for a command message
  ANSWER_DUE = 8, // programming mode: the answer in TX goes after the reaction time
  END_DUE = 9, // programming mode ends once the last answer has left the line
}

// The sign-on speed and the fastest we offer (baud character '5' in the identification).
const SIGN_ON_BAUD: i32 = 300;
const OFFERED_BAUD_CHAR: i32 = 0x35;
const OPTION_READOUT: i32 = 0x30;
const OPTION_PROGRAMMING: i32 = 0x31;
const OPTION_BINARY: i32 = 0x32;

const LINE: usize = memory.data(LINE_CAPACITY);
let lineLength: i32 = 0;
let lastByteMs: i64 = 0;
let state: OpticalState = OpticalState.IDLE;
let dueMs: i64 = 0;
// Z18: 0 readout disabled, 1 (UD) or 2 (UD2) mode A and C. 000 disables the IEC 1107 readout and programming
// only: sign-on and mode E (HDLC, the DLMS access, with Z28 local encryption) stay, or variant 2 would have no optical port.
let readout: bool = true;
let fullList: bool = false; // Z18 002: the UD2 list
let agreedBaud: i32 = SIGN_ON_BAUD;
let lineBaud: i32 = SIGN_ON_BAUD;
let lineFormat: UartFormat = UartFormat.SEVEN_E_ONE;
export let opticalReadouts: i32 = 0;
export let opticalRefused: i32 = 0;

export function opticalConfigure(z18: i32): bool {
  if (z18 < 0 || z18 > 2) return false;
  readout = z18 != 0;
  fullList = z18 == 2;
  if (state != OpticalState.IDLE) setLine(SIGN_ON_BAUD, UartFormat.SEVEN_E_ONE);
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

// Asks the UART only for a real change: a readout at the sign-on speed changes nothing on the line.
function setLine(baud: i32, format: UartFormat): void {
  if (baud != lineBaud || format != lineFormat) uartConfigure(OPTICAL_PORT, baud, format);
  lineBaud = baud;
  lineFormat = format;
}

// When `bytes` just handed to the UART have left the line.
function lineFreeMs(nowMs: i64, bytes: i32): i64 {
  return nowMs + (<i64>bytes * BITS_PER_CHAR * 1000 + <i64>lineBaud - 1) / <i64>lineBaud;
}

function lineIs(text: string): bool {
  if (lineLength != text.length) return false;
  for (let k = 0; k < lineLength; k++) if (<i32>load<u8>(LINE + <usize>k) != text.charCodeAt(k)) return false;
  return true;
}

// "/?" device address "!" CR LF: no address, or this meter's number (config 17) in decimal digits,
// leading zeros allowed (up to 32 characters, as the standard's address field).
function requestValid(): bool {
  if (lineLength < 5 || lineLength > 37 || !lineIs2("/?") || load<u8>(LINE + <usize>(lineLength - 3)) != 0x21 ||
    load<u8>(LINE + <usize>(lineLength - 2)) != 0x0d) return false;
  const digits = lineLength - 5;
  if (digits == 0) return true;
  let value: i64 = 0;
  for (let k = 2; k < 2 + digits; k++) {
    const c = <i32>load<u8>(LINE + <usize>k);
    if (c < 0x30 || c > 0x39) return false;
    if (value < 1000000000) value = value * 10 + <i64>(c - 0x30);
  }
  return value == <i64>configGet(ConfigId.METER_NUMBER);
}

function lineIs2(head: string): bool {
  return load<u8>(LINE) == <u8>head.charCodeAt(0) && load<u8>(LINE, 1) == <u8>head.charCodeAt(1);
}

// Baud character '0'..'6' -> 300 .. 19200 baud (mode C and E).
function baudOf(c: i32): i32 {
  return SIGN_ON_BAUD << (c - 0x30);
}

// ACK V Z Y CR LF: Y '0' data readout, '1' programming mode (V '0'), '2' binary mode (mode E, HDLC; V '2' or '0').
// Returns Y, or -1 for anything else and for a speed above the offered one.
function optionSelect(): i32 {
  if (lineLength != 6 || load<u8>(LINE) != <u8>ACK || load<u8>(LINE, 4) != 0x0d || load<u8>(LINE, 5) != 0x0a) return -1;
  const v = <i32>load<u8>(LINE, 1);
  const baud = <i32>load<u8>(LINE, 2);
  const y = <i32>load<u8>(LINE, 3);
  if (baud < 0x30 || baud > OFFERED_BAUD_CHAR) return -1;
  const ok = ((y == OPTION_READOUT || y == OPTION_PROGRAMMING) && v == 0x30) || (y == OPTION_BINARY && (v == 0x32 || v == 0x30));
  if (!ok || (!readout && y != OPTION_BINARY)) return -1;
  agreedBaud = baudOf(baud);
  return y;
}

function endProgramming(): void {
  setLine(SIGN_ON_BAUD, UartFormat.SEVEN_E_ONE);
  state = OpticalState.IDLE;
  lineLength = 0;
}

// A complete line in the sign-on states (IDLE, IDENT_DUE, WAIT_ACK, DATA_DUE).
function signOnLine(nowMs: i64): bool {
  if (requestValid()) {
    state = OpticalState.IDENT_DUE;
    dueMs = nowMs + REACTION_MS;
    return false;
  }
  const y = state == OpticalState.WAIT_ACK ? optionSelect() : -1;
  if (y < 0) {
    opticalRefused++;
    if (state == OpticalState.WAIT_ACK) state = OpticalState.IDLE;
    return false;
  }
  dueMs = nowMs + REACTION_MS;
  state = y == OPTION_BINARY ? OpticalState.BINARY_DUE : y == OPTION_PROGRAMMING ? OpticalState.PROG_DUE : OpticalState.DATA_DUE;
  return state == OpticalState.BINARY_DUE; // bytes after the option select already belong to the binary protocol
}

// A byte in programming mode; a message is complete with the BCC after ETX (or EOT), or as a lone NAK.
function progByte(c: i32, nowMs: i64): void {
  if (lineLength == 0 && c != SOH && c != STX) {
    if (c == NAK && (state == OpticalState.PROG || state == OpticalState.ANSWER_DUE) && txLength > 0) {
      state = OpticalState.ANSWER_DUE; // the client asks for the last answer again
      dueMs = nowMs + REACTION_MS;
    }
    return; // noise between messages
  }
  if (lineLength >= LINE_CAPACITY) lineLength = 0;
  store<u8>(LINE + <usize>lineLength, <u8>c);
  lineLength++;
  if (lineLength < 3) return;
  const before = <i32>load<u8>(LINE + <usize>(lineLength - 2));
  if (before != ETX && before != EOT) return;
  const answer = progMessage(LINE, lineLength, rtcReadUtcS(), nowMs);
  lineLength = 0;
  if (answer == ProgAnswer.END) {
    endProgramming();
    return;
  }
  state = answer == ProgAnswer.BREAK ? OpticalState.END_DUE : OpticalState.ANSWER_DUE;
  dueMs = nowMs + REACTION_MS;
}

export function opticalReceive(src: usize, lengthBytes: i32, nowMs: i64): void {
  // From the option select of mode E on, the line belongs to the binary protocol.
  if (state == OpticalState.BINARY_DUE || state == OpticalState.BINARY) return;
  for (let k = 0; k < lengthBytes; k++) {
    if (lineLength > 0 && nowMs - lastByteMs > CHAR_TIMEOUT_MS) lineLength = 0;
    lastByteMs = nowMs;
    const c = <i32>load<u8>(src + <usize>k) & 0x7f; // 7E1: bit 7 is the parity bit on an 8-bit UART
    if (state >= OpticalState.PROG_DUE) {
      if (state != OpticalState.PROG_DUE && state != OpticalState.END_DUE) progByte(c, nowMs);
      continue;
    }
    // A new request restarts the dialogue from any sign-on state.
    if (c == 0x2f) {
      lineLength = 0;
      state = OpticalState.IDLE;
    }
    if (lineLength >= LINE_CAPACITY) lineLength = 0;
    store<u8>(LINE + <usize>lineLength, <u8>c);
    lineLength++;
    if (c != 0x0a) continue;
    const binary = signOnLine(nowMs);
    lineLength = 0;
    if (binary) return;
  }
}

@noinline
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
  putReadout(utcS, fullList);
  putText("!\r\n");
  putChar(ETX);
  putChar(<i32>bccFrom(1));
  send();
  opticalReadouts++;
}

// Every tick: answers fall due after the reaction time; an unanswered identification reads out as mode A.
// Idle, it costs one comparison: the clock is read only for a data message.
export function opticalTick(nowMs: i64): void {
  if (((1 << <i32>state) & ((1 << <i32>OpticalState.IDLE) | (1 << <i32>OpticalState.BINARY))) != 0) return;
  if (state == OpticalState.PROG) {
    if (nowMs - lastByteMs > PROG_INACTIVITY_MS) endProgramming();
    return;
  }
  if (nowMs < dueMs) return;
  if (state == OpticalState.IDENT_DUE) {
    sendIdentification();
    state = OpticalState.WAIT_ACK;
    dueMs = lineFreeMs(nowMs, txLength) + ACK_TIMEOUT_MS;
  } else if (state == OpticalState.WAIT_ACK) {
    if (readout) sendData(rtcReadUtcS());
    state = OpticalState.IDLE;
  } else if (state == OpticalState.DATA_DUE) {
    // Mode C: the data message at the agreed speed, then back to the sign-on speed once it has left the line.
    setLine(agreedBaud, UartFormat.SEVEN_E_ONE);
    sendData(rtcReadUtcS());
    setLine(SIGN_ON_BAUD, UartFormat.SEVEN_E_ONE);
    state = OpticalState.IDLE;
  } else if (state == OpticalState.BINARY_DUE) {
    setLine(agreedBaud, UartFormat.EIGHT_N_ONE);
    state = OpticalState.BINARY;
  } else if (state == OpticalState.PROG_DUE) {
    setLine(agreedBaud, UartFormat.SEVEN_E_ONE);
    progStart();
    progOperand();
    send();
    lastByteMs = nowMs;
    state = OpticalState.PROG;
  } else if (state == OpticalState.ANSWER_DUE) {
    send();
    lastByteMs = nowMs;
    state = OpticalState.PROG;
  } else if (state == OpticalState.END_DUE) {
    send(); // the break: the sign-on speed follows once it has left the line
    endProgramming();
  }
}

// The HDLC link of mode E ended (DISC or inactivity): the port returns to IEC 62056-21 at 300 baud 7E1.
export function opticalBinaryEnd(): void {
  if (state != OpticalState.BINARY) return;
  setLine(SIGN_ON_BAUD, UartFormat.SEVEN_E_ONE);
  state = OpticalState.IDLE;
  lineLength = 0;
}
