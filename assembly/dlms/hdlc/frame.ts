// HDLC frame format type 3 (IEC 62056-46): parse a received frame, build one to send, with HCS/FCS CRC-16/X.25.
import { crc16 } from "../../util/crc16";

export const FLAG: u8 = 0x7e;
// Format field: type 3 in the top nibble (1010), then the segmentation bit and an 11-bit length.
export const FORMAT_TYPE3: u32 = 0xa0;
export const FORMAT_SEGMENTED: u32 = 0x08;
// Format 2 + destination 1..4 + source 1..4 + control 1 + HCS 2 + FCS 2 around the information field.
export const FRAME_OVERHEAD: i32 = 15;
// The shortest frame without flags: format, one-byte addresses, control, FCS.
export const FRAME_MIN_LENGTH: i32 = 7;

// Control field values, with the poll/final bit clear.
export const CTRL_PF: u32 = 0x10;
export const CTRL_SNRM: u32 = 0x83;
export const CTRL_DISC: u32 = 0x43;
export const CTRL_UA: u32 = 0x63;
export const CTRL_DM: u32 = 0x0f;
export const CTRL_FRMR: u32 = 0x87;
export const CTRL_UI: u32 = 0x03;
export const CTRL_RR: u32 = 0x01;
export const CTRL_RNR: u32 = 0x05;

export const enum FrameStatus {
  OK = 0,
  CORRUPT = 1, // wrong format, length, address form, HCS or FCS: dropped without an answer
}

// The fields of the last frame parsed; valid after parseFrame returned OK.
export let frameControl: u32 = 0;
export let frameSegmented: bool = false;
// Destination (server) address: upper (logical device) and lower (physical) parts as received, byte count 1, 2 or 4.
export let frameDestUpper: u32 = 0;
export let frameDestLower: u32 = 0;
export let frameDestBytes: i32 = 0;
// Source (client) address: one byte on the line, 0x21 for SAP 16.
export let frameSrc: u32 = 0;
export let frameSrcBytes: i32 = 0;
export let frameInfoOffset: i32 = 0;
export let frameInfoLength: i32 = 0;

// Reads an address of 1, 2 or 4 bytes (the low bit marks the last); returns its byte count, 0 if malformed.
function addressLength(ptr: usize, limit: i32): i32 {
  for (let n = 0; n < 4 && n < limit; n++) {
    if ((load<u8>(ptr + <usize>n) & 1) != 0) return n == 2 ? 0 : n + 1;
  }
  return 0;
}

// 7 bits per byte, most significant first, the extension bits dropped.
function addressValue(ptr: usize, count: i32): u32 {
  let value: u32 = 0;
  for (let n = 0; n < count; n++) value = (value << 7) | (<u32>load<u8>(ptr + <usize>n) >> 1);
  return value;
}

// `ptr` holds the frame between its flags (format .. FCS), `length` bytes, the format's length already matched.
// The FCS was checked as the bytes arrived (`fcsGood`); this checks the form and the HCS.
export function parseFrame(ptr: usize, length: i32, fcsGood: bool): FrameStatus {
  if (!fcsGood || length < FRAME_MIN_LENGTH) return FrameStatus.CORRUPT;
  const format = (<u32>load<u8>(ptr) << 8) | <u32>load<u8>(ptr, 1);
  if ((format >> 12) != 0xa || <i32>(format & 0x7ff) != length) return FrameStatus.CORRUPT;
  frameSegmented = (format & 0x0800) != 0;
  let at = 2;
  const dest = addressLength(ptr + <usize>at, length - 4 - at);
  if (dest == 0) return FrameStatus.CORRUPT;
  frameDestBytes = dest;
  const half = dest == 1 ? 1 : dest >> 1;
  frameDestUpper = addressValue(ptr + <usize>at, half);
  frameDestLower = dest == 1 ? 0 : addressValue(ptr + <usize>(at + half), half);
  at += dest;
  const src = addressLength(ptr + <usize>at, length - 3 - at);
  if (src == 0) return FrameStatus.CORRUPT;
  frameSrcBytes = src;
  frameSrc = <u32>load<u8>(ptr + <usize>at);
  at += src;
  frameControl = <u32>load<u8>(ptr + <usize>at);
  at++;
  // Without an information field the FCS follows the control field, and there is no HCS.
  if (at + 2 == length) {
    frameInfoOffset = at;
    frameInfoLength = 0;
    return FrameStatus.OK;
  }
  if (at + 2 + 2 >= length) return FrameStatus.CORRUPT;
  const hcs = crc16(ptr, at);
  if (<u32>load<u8>(ptr + <usize>at) != (hcs & 0xff) || <u32>load<u8>(ptr + <usize>(at + 1)) != hcs >> 8) {
    return FrameStatus.CORRUPT;
  }
  frameInfoOffset = at + 2;
  frameInfoLength = length - 2 - frameInfoOffset;
  return FrameStatus.OK;
}

function putCrc(ptr: usize, at: i32, crc: u32): void {
  store<u8>(ptr + <usize>at, <u8>(crc & 0xff));
  store<u8>(ptr + <usize>(at + 1), <u8>(crc >> 8));
}

// Raw address bytes packed into a u32, the first byte on the line in the highest used byte.
function putAddress(out: usize, at: i32, raw: u32, count: i32): i32 {
  for (let n = count - 1; n >= 0; n--) store<u8>(out + <usize>(at++), <u8>(raw >> (<u32>n << 3)));
  return at;
}

// The raw bytes of an address as they were on the line, packed as putAddress takes them.
export function rawAddress(ptr: usize, count: i32): u32 {
  let raw: u32 = 0;
  for (let n = 0; n < count; n++) raw = (raw << 8) | <u32>load<u8>(ptr + <usize>n);
  return raw;
}

// Builds flag .. flag at `out` from the raw destination and source addresses (1, 2 or 4 bytes each) with
// `infoLength` bytes from `info` (0: no information field, no HCS).
// Returns the bytes written; `out` must hold infoLength + FRAME_OVERHEAD + 2.
export function buildFrame(
  out: usize, segmented: bool, dest: u32, destBytes: i32, src: u32, srcBytes: i32, control: u32, info: usize, infoLength: i32,
): i32 {
  let at = putAddress(out, 3, dest, destBytes);
  at = putAddress(out, at, src, srcBytes);
  store<u8>(out + <usize>(at++), <u8>control);
  const header = at;
  if (infoLength > 0) at += 2 + infoLength;
  const length = at + 2 - 1; // without the opening flag
  store<u8>(out, FLAG);
  store<u8>(out, <u8>(FORMAT_TYPE3 | (segmented ? FORMAT_SEGMENTED : 0) | (<u32>length >> 8)), 1);
  store<u8>(out, <u8>(length & 0xff), 2);
  if (infoLength > 0) {
    putCrc(out, header, crc16(out + 1, header - 1));
    memory.copy(out + <usize>(header + 2), info, <usize>infoLength);
  }
  putCrc(out, at, crc16(out + 1, at - 1));
  store<u8>(out + <usize>(at + 2), FLAG);
  return at + 3;
}
