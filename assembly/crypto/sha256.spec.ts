// SHA-256 against the FIPS 180-4 examples; pieces of any size give the one-shot digest.
import { hexInto, toHex } from "./bytes";
import { sha256, sha256Final, sha256Init, sha256Update } from "./sha256";

const MSG = memory.data(200);
const DIGEST = memory.data(32);

function asciiInto(ptr: usize, text: string): i32 {
  for (let k = 0; k < text.length; k++) store<u8>(ptr + <usize>k, <u8>text.charCodeAt(k));
  return text.length;
}

describe("SHA-256 (FIPS 180-4)", () => {
  it("hashes the empty message to e3b0c442...", () => {
    sha256(MSG, 0, DIGEST);
    expect(toHex(DIGEST, 32)).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  it("hashes 'abc' to ba7816bf...", () => {
    sha256(MSG, asciiInto(MSG, "abc"), DIGEST);
    expect(toHex(DIGEST, 32)).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("hashes the 448-bit two-block example to 248d6a61... (padding spills into a second block)", () => {
    const n = asciiInto(MSG, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq");
    sha256(MSG, n, DIGEST);
    expect(toHex(DIGEST, 32)).toBe("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  });

  it("gives the same digest when the 896-bit example arrives in pieces of 1, 7 and 64 bytes", () => {
    const n = asciiInto(MSG, "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu");
    const expected = "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1";
    sha256(MSG, n, DIGEST);
    expect(toHex(DIGEST, 32)).toBe(expected);
    const pieces: i32[] = [1, 7, 64];
    for (let p = 0; p < pieces.length; p++) {
      sha256Init();
      for (let at = 0; at < n; at += pieces[p]) sha256Update(MSG + <usize>at, min(pieces[p], n - at));
      sha256Final(DIGEST);
      expect(toHex(DIGEST, 32)).toBe(expected);
    }
  });

  it("distinguishes messages that differ in one bit", () => {
    hexInto(MSG, "00");
    sha256(MSG, 1, DIGEST);
    const zero = toHex(DIGEST, 32);
    hexInto(MSG, "01");
    sha256(MSG, 1, DIGEST);
    expect(toHex(DIGEST, 32)).not.toBe(zero);
    expect(zero).toBe("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
  });
});
