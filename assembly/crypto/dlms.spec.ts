// DLMS security suite 0 against the Green Book's worked examples (glo-get-request, HLS-GMAC pass 3) and refusals.
import { Err } from "../errors";
import { hexInto, toHex } from "./bytes";
import { dlmsForgetKey, dlmsProtect, dlmsProtectedLength, dlmsUnprotect } from "./dlms";

const EK = memory.data(16);
const AK = memory.data(16);
const TITLE = memory.data(8);
const PLAIN = memory.data(64);
const OUT = memory.data(64);
const BACK = memory.data(64);

// Green Book: EK 000102..0F, AK D0D1..DF, server system title "MMM" 0000BC614E, IC 01234567,
// and the get-request for the clock's time, C0 01 00 | 0008 0000010000FF 02 00.
const GET_CLOCK = "c0010000080000010000ff0200";
const IC: u32 = 0x01234567;

function setUp(): i32 {
  hexInto(EK, "000102030405060708090a0b0c0d0e0f");
  hexInto(AK, "d0d1d2d3d4d5d6d7d8d9dadbdcdddedf");
  hexInto(TITLE, "4d4d4d0000bc614e");
  return hexInto(PLAIN, GET_CLOCK);
}

function protect(sc: i32): string {
  const n = setUp();
  const result = dlmsProtect(sc, TITLE, IC, EK, AK, PLAIN, n, OUT);
  if (result != Err.OK) return "error " + result.toString();
  return toHex(OUT, dlmsProtectedLength(sc, n));
}

describe("DLMS security suite 0 (Green Book)", () => {
  it("authenticated only (SC 0x10): the request in clear with tag 06725d910f9221d263877516", () => {
    expect(protect(0x10)).toBe(GET_CLOCK + "06725d910f9221d263877516");
  });

  it("encrypted only (SC 0x20): ciphertext 411312ff935a47566827c467bc, no tag", () => {
    expect(protect(0x20)).toBe("411312ff935a47566827c467bc");
  });

  it("authenticated and encrypted (SC 0x30): 411312ff... with tag 7d825c3be4a77c3fcc056b6b", () => {
    expect(protect(0x30)).toBe("411312ff935a47566827c467bc" + "7d825c3be4a77c3fcc056b6b");
  });

  it("HLS-GMAC pass 3: the client's f(StoC) tag over P6wRJ21F is 1a52fe7dd3e72748973c1e28", () => {
    setUp();
    hexInto(TITLE, "4d4d4d0000000001");
    const n = hexInto(PLAIN, "503677524a323146");
    expect(dlmsProtect(0x10, TITLE, 1, EK, AK, PLAIN, n, OUT)).toBe(Err.OK);
    expect(toHex(OUT + 8, 12)).toBe("1a52fe7dd3e72748973c1e28");
  });

  it("unprotects each mode back to the request", () => {
    const modes: i32[] = [0x10, 0x20, 0x30];
    for (let m = 0; m < modes.length; m++) {
      const n = setUp();
      dlmsProtect(modes[m], TITLE, IC, EK, AK, PLAIN, n, OUT);
      expect(dlmsUnprotect(modes[m], TITLE, IC, EK, AK, OUT, dlmsProtectedLength(modes[m], n), BACK)).toBe(Err.OK);
      expect(toHex(BACK, n)).toBe(GET_CLOCK);
    }
  });

  it("refuses a replayed frame under another invocation counter, another AK or SC, and leaves the output alone", () => {
    const n = setUp();
    dlmsProtect(0x30, TITLE, IC, EK, AK, PLAIN, n, OUT);
    const total = dlmsProtectedLength(0x30, n);
    store<u8>(BACK, 0x5a);
    expect(dlmsUnprotect(0x30, TITLE, IC + 1, EK, AK, OUT, total, BACK)).toBe(Err.AUTH_FAILED);
    expect(load<u8>(BACK)).toBe(0x5a);
    store<u8>(AK + 15, 0xde);
    expect(dlmsUnprotect(0x30, TITLE, IC, EK, AK, OUT, total, BACK)).toBe(Err.AUTH_FAILED);
    store<u8>(AK + 15, 0xdf);
    expect(dlmsUnprotect(0x30 | 0x40, TITLE, IC, EK, AK, OUT, total, BACK)).toBe(Err.AUTH_FAILED);
    expect(dlmsUnprotect(0x30, TITLE, IC, EK, AK, OUT, total, BACK)).toBe(Err.OK);
  });

  it("refuses an authenticated-only frame whose clear text was changed", () => {
    const n = setUp();
    dlmsProtect(0x10, TITLE, IC, EK, AK, PLAIN, n, OUT);
    store<u8>(OUT + 12, 0x01); // attribute 2 -> 1
    expect(dlmsUnprotect(0x10, TITLE, IC, EK, AK, OUT, n + 12, BACK)).toBe(Err.AUTH_FAILED);
  });

  it("re-expands the key when EK changes between calls (cached schedule is not reused)", () => {
    protect(0x20);
    hexInto(EK, "0f0e0d0c0b0a09080706050403020100");
    dlmsProtect(0x20, TITLE, IC, EK, AK, PLAIN, 13, OUT);
    expect(toHex(OUT, 13)).not.toBe("411312ff935a47566827c467bc");
    dlmsForgetKey();
    expect(protect(0x20)).toBe("411312ff935a47566827c467bc");
  });

  it("refuses no protection, compression, suites 1 and 2, and a frame shorter than its tag", () => {
    expect(protect(0x00)).toBe("error 1");
    expect(protect(0xb0)).toBe("error 8");
    expect(protect(0x31)).toBe("error 8");
    expect(protect(0x32)).toBe("error 8");
    expect(protect(0x130)).toBe("error 1");
    expect(dlmsUnprotect(0x30, TITLE, IC, EK, AK, OUT, 11, BACK)).toBe(Err.INVALID_ARGUMENT);
  });
});
