// AES-128 against the FIPS-197 examples: key expansion (Appendix A.1), the cipher example (B) and C.1.
import { AES128_SCHEDULE_BYTES, aes128EncryptBlock, aes128ExpandKey, inc32 } from "./aes";
import { hexInto, toHex } from "./bytes";

const KEY = memory.data(16);
const BLOCK = memory.data(16);
const OUT = memory.data(16);
const SCHEDULE = memory.data(AES128_SCHEDULE_BYTES);

function encrypt(keyHex: string, plainHex: string): string {
  hexInto(KEY, keyHex);
  hexInto(BLOCK, plainHex);
  aes128ExpandKey(KEY, SCHEDULE);
  aes128EncryptBlock(SCHEDULE, BLOCK, OUT);
  return toHex(OUT, 16);
}

describe("AES-128 (FIPS-197)", () => {
  it("expands the Appendix A.1 key to round keys w[4..7] and w[40..43] of the standard", () => {
    hexInto(KEY, "2b7e151628aed2a6abf7158809cf4f3c");
    aes128ExpandKey(KEY, SCHEDULE);
    expect(toHex(SCHEDULE + 16, 16)).toBe("a0fafe1788542cb123a339392a6c7605");
    expect(toHex(SCHEDULE + 160, 16)).toBe("d014f9a8c9ee2589e13f0cc8b6630ca6");
  });

  it("encrypts the Appendix B example 3243f6a8... to 3925841d...", () => {
    expect(encrypt("2b7e151628aed2a6abf7158809cf4f3c", "3243f6a8885a308d313198a2e0370734")).toBe("3925841d02dc09fbdc118597196a0b32");
  });

  it("encrypts the Appendix C.1 example 00112233... to 69c4e0d8...", () => {
    expect(encrypt("000102030405060708090a0b0c0d0e0f", "00112233445566778899aabbccddeeff")).toBe("69c4e0d86a7b0430d8cdb78070b4c55a");
  });

  it("encrypts the zero block under the zero key to 66e94bd4... (GCM's hash key H of SP 800-38D test case 1)", () => {
    expect(encrypt("00000000000000000000000000000000", "00000000000000000000000000000000")).toBe("66e94bd4ef8a2c3b884cfa59ca342b2e");
  });

  it("encrypts in place when input and output are the same buffer", () => {
    hexInto(KEY, "000102030405060708090a0b0c0d0e0f");
    hexInto(BLOCK, "00112233445566778899aabbccddeeff");
    aes128ExpandKey(KEY, SCHEDULE);
    aes128EncryptBlock(SCHEDULE, BLOCK, BLOCK);
    expect(toHex(BLOCK, 16)).toBe("69c4e0d86a7b0430d8cdb78070b4c55a");
  });

  it("increments the GCM counter in the last 32 bits only, wrapping without a carry into the IV", () => {
    hexInto(BLOCK, "000000000000000000000000fffffffe");
    inc32(BLOCK);
    expect(toHex(BLOCK, 16)).toBe("000000000000000000000000ffffffff");
    inc32(BLOCK);
    expect(toHex(BLOCK, 16)).toBe("00000000000000000000000000000000");
  });
});
