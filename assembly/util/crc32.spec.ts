// CRC-32 of NVM records matches the IEEE 802.3 check value.
import { crc32 } from "./crc32";

describe("crc32", () => {
  it("gives the IEEE check value 0xCBF43926 for '123456789'", () => {
    const buf = memory.data<u8>([0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39]);
    expect(crc32(buf, 9)).toBe(0xcbf43926);
  });

  it("detects a single flipped bit", () => {
    const buf = memory.data<u8>([1, 2, 3, 4, 5, 6, 7, 8]);
    const good = crc32(buf, 8);
    store<u8>(buf + 3, load<u8>(buf + 3) ^ 0x10);
    expect(crc32(buf, 8)).not.toBe(good);
  });
});
