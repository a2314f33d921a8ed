// Load profile record codec: round trip, compact lengths, and a damaged record refused.
import { lpEncode, lpDecode, lpEncodedBytes, recLength, recStatus, recStepS, REC_INCREMENTS, z29ChannelMask, LP_RECORD_MAX } from "./codec";

const REC: usize = memory.data(LP_RECORD_MAX);
const INC: usize = memory.data(64);

function setIncrements(a: u64, b: u64, c: u64, d: u64): void {
  memory.fill(INC, 0, 64);
  store<u64>(INC, a);
  store<u64>(INC, b, 8);
  store<u64>(INC, c, 16);
  store<u64>(INC, d, 24);
}

function flip(bit: i32): void {
  const at = REC + <usize>(bit >> 3);
  store<u8>(at, <u8>(<i32>load<u8>(at) ^ (1 << (bit & 7))));
}

describe("load profile record", () => {
  test("round trip: status, a step of 900 s and the four increments of Z29 3", () => {
    setIncrements(498, 0, 287, 70000);
    const n = lpEncode(REC, 0x88, 900, z29ChannelMask(3), INC);
    expect(lpDecode(REC, n)).toBe(true);
    expect(recLength).toBe(n);
    expect(recStatus).toBe(<u8>0x88);
    expect(recStepS).toBe(900);
    expect(load<u64>(REC_INCREMENTS)).toBe(498);
    expect(load<u64>(REC_INCREMENTS, 8)).toBe(0);
    expect(load<u64>(REC_INCREMENTS, 16)).toBe(287);
    expect(load<u64>(REC_INCREMENTS, 24)).toBe(70000);
  });

  test("a step back in time (clock set back) survives as a negative step", () => {
    setIncrements(1, 0, 0, 0);
    const n = lpEncode(REC, 0x20, -86400, 1, INC);
    expect(lpDecode(REC, n)).toBe(true);
    expect(recStepS).toBe(-86400);
  });

  test("an A+ entry of a household quarter hour takes 9 bytes; zero channels take none", () => {
    expect(lpEncodedBytes(1, 250, 900)).toBe(9); // len, status, step (2), mask, 250 (2), CRC (2)
    setIncrements(250, 0, 0, 0);
    expect(lpEncode(REC, 0, 900, 0xff, INC)).toBe(9);
    expect(lpEncodedBytes(5, 6613, 900)).toBe(23); // eight channels at 100 A, 264.5 V
  });

  test("every flipped bit of a record is refused by its length or CRC-16", () => {
    setIncrements(498, 3, 287, 70000);
    const n = lpEncode(REC, 0x08, 900, 0x0f, INC);
    let refused = 0;
    for (let bit = 0; bit < n * 8; bit++) {
      flip(bit);
      if (!lpDecode(REC, LP_RECORD_MAX)) refused++;
      flip(bit);
    }
    expect(refused).toBe(n * 8);
    expect(lpDecode(REC, n)).toBe(true);
  });

  test("Z29 channel sets: A+; A+/A-; A+/A-/R+/R-; A+/A-/R1..R4; all eight; others none", () => {
    expect(z29ChannelMask(1)).toBe(0x01);
    expect(z29ChannelMask(2)).toBe(0x03);
    expect(z29ChannelMask(3)).toBe(0x0f);
    expect(z29ChannelMask(4)).toBe(0xf3);
    expect(z29ChannelMask(5)).toBe(0xff);
    expect(z29ChannelMask(0)).toBe(0);
    expect(z29ChannelMask(6)).toBe(0);
  });
});
