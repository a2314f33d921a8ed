// IEC 62056-47 wrapper: frames reassembled from any split of the TCP stream, one per call; noise and stale halves dropped.
import {
  wrapperReceive, wrapperNextFrame, wrapperPayload, wrapperPutHeader, wrapperReset, WrapperEvent,
  wrapperSource, wrapperDestination, wrapperLength, WRAPPER_APDU_MAX, WRAPPER_FRAME_TIMEOUT_MS,
} from "./wrapper";

const BUF: usize = memory.data(2048);

// GET of 0.0.1.0.0.255 attribute 2 from client wPort 16 to server wPort 1.
const FRAME: StaticArray<u8> = [
  0x00, 0x01, 0x00, 0x10, 0x00, 0x01, 0x00, 0x0d,
  0xc0, 0x01, 0xc1, 0x00, 0x08, 0x00, 0x00, 0x01, 0x00, 0x00, 0xff, 0x02, 0x00,
];

function fill(at: i32, bytes: StaticArray<u8>): i32 {
  for (let k = 0; k < bytes.length; k++) store<u8>(BUF + <usize>(at + k), bytes[k]);
  return bytes.length;
}

describe("wrapper", () => {
  it("gives the frame whatever the split of the stream, with its wPorts and length", () => {
    const n = fill(0, FRAME);
    for (let split = 1; split < n; split++) {
      wrapperReset();
      wrapperReceive(BUF, split, 0);
      expect(wrapperNextFrame(0)).toBe(WrapperEvent.NONE);
      wrapperReceive(BUF + <usize>split, n - split, 0);
      expect(wrapperNextFrame(0)).toBe(WrapperEvent.FRAME);
      expect(wrapperSource).toBe(16);
      expect(wrapperDestination).toBe(1);
      expect(wrapperLength).toBe(13);
      expect(load<u8>(wrapperPayload())).toBe(0xc0);
      expect(wrapperNextFrame(0)).toBe(WrapperEvent.NONE);
    }
  });

  it("two frames in one chunk come out one per call", () => {
    wrapperReset();
    const n = fill(0, FRAME);
    fill(n, FRAME);
    store<u8>(BUF + <usize>(n + 3), 0x01); // the second from client 1
    wrapperReceive(BUF, 2 * n, 0);
    expect(wrapperNextFrame(0)).toBe(WrapperEvent.FRAME);
    expect(wrapperSource).toBe(16);
    expect(wrapperNextFrame(0)).toBe(WrapperEvent.FRAME);
    expect(wrapperSource).toBe(1);
    expect(wrapperNextFrame(0)).toBe(WrapperEvent.NONE);
  });

  it("drops a header of another version, of length 0 or longer than 512", () => {
    for (let c = 0; c < 3; c++) {
      wrapperReset();
      const n = fill(0, FRAME);
      if (c == 0) store<u8>(BUF, 0x02, 1);
      if (c == 1) store<u16>(BUF + 6, 0);
      if (c == 2) store<u16>(BUF + 6, bswap<u16>(<u16>(WRAPPER_APDU_MAX + 1)));
      wrapperReceive(BUF, n, 0);
      expect(wrapperNextFrame(0)).toBe(WrapperEvent.DROPPED);
    }
    // and takes the next good frame after it
    wrapperReceive(BUF, fill(0, FRAME), 0);
    expect(wrapperNextFrame(0)).toBe(WrapperEvent.FRAME);
  });

  it("drops half a frame left longer than the frame time-out", () => {
    wrapperReset();
    fill(0, FRAME);
    wrapperReceive(BUF, 10, 1000);
    expect(wrapperNextFrame(1000 + WRAPPER_FRAME_TIMEOUT_MS)).toBe(WrapperEvent.NONE);
    expect(wrapperNextFrame(1001 + WRAPPER_FRAME_TIMEOUT_MS)).toBe(WrapperEvent.DROPPED);
  });

  it("writes the 8-byte header big-endian: version 1, source, destination, length", () => {
    wrapperPutHeader(BUF, 1, 16, 0x123);
    expect(load<u64>(BUF)).toBe(0x2301_1000_0100_0100);
  });
});
