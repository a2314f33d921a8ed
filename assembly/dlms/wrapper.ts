// IEC 62056-47 wrapper framing: 8-byte header (version 1, source wPort, destination wPort, length), then one APDU.
// A byte stream in (TCP through the module), whole frames out, one per call; no knowledge of what they carry.

export const WRAPPER_HEADER_BYTES: i32 = 8;
export const WRAPPER_VERSION: i32 = 1;
// Longest APDU accepted; a header announcing more (or 0) is noise and resets the stream.
export const WRAPPER_APDU_MAX: i32 = 512;
const STREAM_CAP: i32 = 2 * (WRAPPER_HEADER_BYTES + WRAPPER_APDU_MAX);
// A frame started but not finished within this time is dropped (the client gave up on it).
export const WRAPPER_FRAME_TIMEOUT_MS: i64 = 2000;

export const enum WrapperEvent {
  NONE = 0,
  FRAME = 1, // a whole frame: wrapperSource/Destination/Payload/Length describe it until the next call
  DROPPED = 2, // bytes thrown away: a bad header, an overrun or a time-out
}

const STREAM: usize = memory.data(STREAM_CAP);
let streamLength: i32 = 0;
let consumed: i32 = 0; // bytes of the last frame, removed at the next call
let lastByteMs: i64 = 0;
export let wrapperSource: i32 = 0;
export let wrapperDestination: i32 = 0;
export let wrapperLength: i32 = 0;
export let wrapperDropped: i32 = 0;

// Bytes received and not yet taken as a frame: 0 between frames.
export function wrapperPending(): i32 {
  return streamLength - consumed;
}

@noinline
function u16At(k: i32): i32 {
  return (<i32>load<u8>(STREAM + <usize>k) << 8) | <i32>load<u8>(STREAM + <usize>(k + 1));
}

export function wrapperPayload(): usize {
  return STREAM + <usize>WRAPPER_HEADER_BYTES;
}

export function wrapperReset(): void {
  streamLength = 0;
  consumed = 0;
}

// Appends received bytes; a stream that would overrun the buffer is dropped whole (the client resends).
export function wrapperReceive(src: usize, lengthBytes: i32, nowMs: i64): WrapperEvent {
  lastByteMs = nowMs;
  if (lengthBytes <= 0) return WrapperEvent.NONE;
  if (streamLength + lengthBytes > STREAM_CAP) {
    wrapperReset();
    wrapperDropped++;
    return WrapperEvent.DROPPED;
  }
  memory.copy(STREAM + <usize>streamLength, src, lengthBytes);
  streamLength += lengthBytes;
  return WrapperEvent.NONE;
}

// The next whole frame of the stream, if any; bounded work: one header check and one shift.
export function wrapperNextFrame(nowMs: i64): WrapperEvent {
  if (consumed > 0) {
    memory.copy(STREAM, STREAM + <usize>consumed, streamLength - consumed);
    streamLength -= consumed;
    consumed = 0;
  }
  if (streamLength == 0) return WrapperEvent.NONE;
  if (streamLength >= WRAPPER_HEADER_BYTES) {
    const length = u16At(6);
    if (u16At(0) != WRAPPER_VERSION || length == 0 || length > WRAPPER_APDU_MAX) {
      wrapperReset();
      wrapperDropped++;
      return WrapperEvent.DROPPED;
    }
    if (streamLength >= WRAPPER_HEADER_BYTES + length) {
      wrapperSource = u16At(2);
      wrapperDestination = u16At(4);
      wrapperLength = length;
      consumed = WRAPPER_HEADER_BYTES + length;
      return WrapperEvent.FRAME;
    }
  }
  if (nowMs - lastByteMs <= WRAPPER_FRAME_TIMEOUT_MS) return WrapperEvent.NONE;
  wrapperReset();
  wrapperDropped++;
  return WrapperEvent.DROPPED;
}

export function wrapperPutHeader(dst: usize, source: i32, destination: i32, lengthBytes: i32): void {
  store<u8>(dst, 0);
  store<u8>(dst, <u8>WRAPPER_VERSION, 1);
  store<u8>(dst, <u8>(source >> 8), 2);
  store<u8>(dst, <u8>source, 3);
  store<u8>(dst, <u8>(destination >> 8), 4);
  store<u8>(dst, <u8>destination, 5);
  store<u8>(dst, <u8>(lengthBytes >> 8), 6);
  store<u8>(dst, <u8>lengthBytes, 7);
}
