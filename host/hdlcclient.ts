// A minimal HDLC (IEC 62056-46) client for tests and benchmarks: CRC-16/X.25, frames to server 1, parsing what the meter sends.

export function crc16x25(data: ArrayLike<number>, from = 0, to = data.length): number {
  let crc = 0xffff;
  for (let k = from; k < to; k++) {
    crc ^= data[k];
    for (let b = 0; b < 8; b++) crc = crc & 1 ? (crc >>> 1) ^ 0x8408 : crc >>> 1;
  }
  return ~crc & 0xffff;
}

export const CLIENT_PUBLIC = 0x21; // SAP 16
export const SERVER_1 = [0x03];

// A frame from `client` to `server` (raw address bytes) with control byte and information field.
export function hdlcFrame(control: number, info: number[] = [], segmented = false, client = CLIENT_PUBLIC, server = SERVER_1): Uint8Array {
  const header = [0, 0, ...server, client, control];
  const length = header.length + (info.length > 0 ? 2 + info.length : 0) + 2;
  header[0] = 0xa0 | (segmented ? 0x08 : 0) | (length >> 8);
  header[1] = length & 0xff;
  const bytes = [...header];
  if (info.length > 0) {
    const hcs = crc16x25(header);
    bytes.push(hcs & 0xff, hcs >> 8, ...info);
  }
  const fcs = crc16x25(bytes);
  return Uint8Array.from([0x7e, ...bytes, fcs & 0xff, fcs >> 8, 0x7e]);
}

export interface SentFrame {
  control: number;
  segmented: boolean;
  info: number[];
}

// Splits what the meter sent into frames, checking flags, length, HCS and FCS.
export function parseFrames(data: Uint8Array): SentFrame[] {
  const frames: SentFrame[] = [];
  let at = 0;
  while (at < data.length) {
    if (data[at] !== 0x7e) throw new Error(`no flag at ${at}`);
    const length = ((data[at + 1] & 7) << 8) | data[at + 2];
    const body = data.subarray(at + 1, at + 1 + length);
    if (data[at + 1 + length] !== 0x7e) throw new Error("no closing flag");
    const fcs = crc16x25(body, 0, length - 2);
    if (body[length - 2] !== (fcs & 0xff) || body[length - 1] !== fcs >> 8) throw new Error("bad FCS");
    let p = 2;
    while ((body[p] & 1) === 0) p++; // destination (the client)
    p++;
    while ((body[p] & 1) === 0) p++; // source (the meter)
    p++;
    const control = body[p++];
    const info = p + 2 < length - 2 ? [...body.subarray(p + 2, length - 2)] : [];
    frames.push({ control, segmented: (body[0] & 0x08) !== 0, info });
    at += length + 2;
  }
  return frames;
}

export const SNRM = 0x93;
export const DISC = 0x53;
export const UA = 0x73;
export const DM = 0x1f;
export const iControl = (ns: number, nr: number): number => (nr << 5) | 0x10 | (ns << 1);
