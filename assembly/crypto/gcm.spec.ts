// AES-128-GCM against the SP 800-38D / GCM specification test cases 1-6, tag check and argument refusals.
import { Err } from "../errors";
import { hexInto, toHex } from "./bytes";
import { gcmDecrypt, gcmEncrypt, gcmSetKey } from "./gcm";

const KEY = memory.data(16);
const IV = memory.data(64);
const AAD = memory.data(32);
const TEXT = memory.data(64);
const OUT = memory.data(64);
const TAG = memory.data(16);

const K3 = "feffe9928665731c6d6a8f9467308308";
const P4 = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39";
const A4 = "feedfacedeadbeeffeedfacedeadbeefabaddad2";

// Encrypts and returns ciphertext || tag as hex.
function seal(keyHex: string, ivHex: string, aadHex: string, plainHex: string, tagBytes: i32 = 16): string {
  hexInto(KEY, keyHex);
  const ivBytes = hexInto(IV, ivHex);
  const aadBytes = hexInto(AAD, aadHex);
  const n = hexInto(TEXT, plainHex);
  gcmSetKey(KEY);
  const result = gcmEncrypt(IV, ivBytes, AAD, aadBytes, TEXT, n, OUT, TAG, tagBytes);
  if (result != Err.OK) return "error " + result.toString();
  return toHex(OUT, n) + toHex(TAG, tagBytes);
}

describe("AES-128-GCM (SP 800-38D test cases)", () => {
  it("case 1: empty text, zero key and IV: tag 58e2fcce...", () => {
    expect(seal("00000000000000000000000000000000", "000000000000000000000000", "", "")).toBe("58e2fccefa7e3061367f1d57a4e7455a");
  });

  it("case 2: one zero block: ciphertext 0388dace..., tag ab6e47d4...", () => {
    expect(seal("00000000000000000000000000000000", "000000000000000000000000", "", "00000000000000000000000000000000"))
      .toBe("0388dace60b6a392f328c2b971b2fe78" + "ab6e47d42cec13bdf53a67b21257bddf");
  });

  it("case 3: four blocks without AAD: tag 4d5c2af3...", () => {
    expect(seal(K3, "cafebabefacedbaddecaf888", "", P4 + "1aafd255")).toBe(
      "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985"
      + "4d5c2af327cd64a62cf35abd2ba6fab4");
  });

  it("case 4: 60-byte text with 20-byte AAD: tag 5bc94fbc...", () => {
    expect(seal(K3, "cafebabefacedbaddecaf888", A4, P4)).toBe(
      "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091"
      + "5bc94fbc3221a5db94fae95ae7121a47");
  });

  it("case 5: 8-byte IV hashed into J0: tag 3612d2e7...", () => {
    expect(seal(K3, "cafebabefacedbad", A4, P4)).toBe(
      "61353b4c2806934a777ff51fa22a4755699b2a714fcdc6f83766e5f97b6c742373806900e49f24b22b097544d4896b424989b5e1ebac0f07c23f4598"
      + "3612d2e79e3b0785561be14aaca2fccb");
  });

  it("case 6: 60-byte IV: tag 619cc5ae...", () => {
    const iv = "9313225df88406e555909c5aff5269aa6a7a9538534f7da1e4c303d2a318a728c3c0c95156809539fcf0e2429a6b525416aedbf5a0de6a57a637b39b";
    expect(seal(K3, iv, A4, P4)).toBe(
      "8ce24998625615b603a033aca13fb894be9112a5c3a211a8ba262a3cca7e2ca701e4a9a4fba43c90ccdcb281d48c7c6fd62875d2aca417034c34aee5"
      + "619cc5aefffe0bfa462af43c1699d050");
  });

  it("a 12-byte tag is the first 12 bytes of the full tag (case 4: 5bc94fbc3221a5db94fae95a)", () => {
    expect(seal(K3, "cafebabefacedbaddecaf888", A4, P4, 12).slice(120)).toBe("5bc94fbc3221a5db94fae95a");
  });

  it("decrypts case 4 back to its plaintext when the tag matches", () => {
    seal(K3, "cafebabefacedbaddecaf888", A4, P4);
    expect(gcmDecrypt(IV, 12, AAD, 20, OUT, 60, TEXT, TAG, 16)).toBe(Err.OK);
    expect(toHex(TEXT, 60)).toBe(P4);
  });

  it("refuses case 4 with one tag bit flipped and leaves the output buffer as it was", () => {
    seal(K3, "cafebabefacedbaddecaf888", A4, P4);
    store<u8>(TAG + 15, load<u8>(TAG + 15) ^ 0x01);
    for (let k = 0; k < 60; k++) store<u8>(TEXT + <usize>k, 0xa5);
    expect(gcmDecrypt(IV, 12, AAD, 20, OUT, 60, TEXT, TAG, 16)).toBe(Err.AUTH_FAILED);
    expect(load<u8>(TEXT)).toBe(0xa5);
    expect(load<u8>(TEXT + 59)).toBe(0xa5);
  });

  it("refuses case 4 with one AAD bit flipped", () => {
    seal(K3, "cafebabefacedbaddecaf888", A4, P4);
    store<u8>(AAD, load<u8>(AAD) ^ 0x80);
    expect(gcmDecrypt(IV, 12, AAD, 20, OUT, 60, TEXT, TAG, 16)).toBe(Err.AUTH_FAILED);
  });

  it("refuses tags shorter than 12 or longer than 16 bytes, an empty IV and negative lengths", () => {
    expect(seal(K3, "cafebabefacedbaddecaf888", A4, P4, 11)).toBe("error 1");
    expect(seal(K3, "cafebabefacedbaddecaf888", A4, P4, 17)).toBe("error 1");
    expect(seal(K3, "", A4, P4)).toBe("error 1");
    expect(gcmDecrypt(IV, 12, AAD, -1, OUT, 60, TEXT, TAG, 16)).toBe(Err.INVALID_ARGUMENT);
    expect(gcmEncrypt(IV, 12, AAD, 0, TEXT, -5, OUT, TAG, 16)).toBe(Err.INVALID_ARGUMENT);
  });
});
