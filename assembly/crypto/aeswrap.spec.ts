// AES-128 inverse cipher (FIPS-197 C.1 backwards) and RFC 3394 key unwrap (test vector 4.1).
import { AES128_SCHEDULE_BYTES, aes128ExpandKey } from "./aes";
import { aes128DecryptBlock, aesUnwrap128 } from "./aeswrap";
import { hexInto, toHex } from "./bytes";
import { Err } from "../errors";

const KEY = memory.data(16);
const IN = memory.data(24);
const OUT = memory.data(16);
const SCHEDULE = memory.data(AES128_SCHEDULE_BYTES);

describe("AES-128 inverse cipher and key unwrap", () => {
  it("deciphers the FIPS-197 C.1 ciphertext 69c4e0d8... back to 00112233...", () => {
    hexInto(KEY, "000102030405060708090a0b0c0d0e0f");
    hexInto(IN, "69c4e0d86a7b0430d8cdb78070b4c55a");
    aes128ExpandKey(KEY, SCHEDULE);
    aes128DecryptBlock(SCHEDULE, IN, OUT);
    expect(toHex(OUT, 16)).toBe("00112233445566778899aabbccddeeff");
  });

  it("deciphers the Appendix B ciphertext 3925841d... back to 3243f6a8...", () => {
    hexInto(KEY, "2b7e151628aed2a6abf7158809cf4f3c");
    hexInto(IN, "3925841d02dc09fbdc118597196a0b32");
    aes128ExpandKey(KEY, SCHEDULE);
    aes128DecryptBlock(SCHEDULE, IN, OUT);
    expect(toHex(OUT, 16)).toBe("3243f6a8885a308d313198a2e0370734");
  });

  it("unwraps RFC 3394 4.1 (KEK 0001..0f) 1fa68b0a... to the key 00112233...ff", () => {
    hexInto(KEY, "000102030405060708090a0b0c0d0e0f");
    hexInto(IN, "1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5");
    expect(<i32>aesUnwrap128(KEY, IN, OUT)).toBe(<i32>Err.OK);
    expect(toHex(OUT, 16)).toBe("00112233445566778899aabbccddeeff");
  });

  it("refuses a wrapped key with one bit flipped (AUTH_FAILED) and leaves the output untouched", () => {
    hexInto(KEY, "000102030405060708090a0b0c0d0e0f");
    hexInto(IN, "1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe4");
    memory.fill(OUT, 0x55, 16);
    expect(<i32>aesUnwrap128(KEY, IN, OUT)).toBe(<i32>Err.AUTH_FAILED);
    expect(toHex(OUT, 16)).toBe("55555555555555555555555555555555");
  });
});
