// Wasm section headers as the image verifier walks them: ids, LEB128 sizes, and the custom section "legal".
import { parseSectionHeader, sectionId, sectionContentAt, sectionBytes, sectionLegalAt } from "./wasmsection";

const BUF: usize = memory.data(16);

function put(bytes: u8[]): i32 {
  for (let k = 0; k < bytes.length; k++) store<u8>(BUF + <usize>k, bytes[k]);
  return bytes.length;
}

describe("wasm section header", () => {
  it("a type section of 6 bytes: id 1, content after 2 bytes", () => {
    expect(parseSectionHeader(BUF, put([0x01, 0x06, 0x01, 0x60]))).toBe(true);
    expect(sectionId).toBe(1);
    expect(sectionBytes).toBe(6);
    expect(sectionContentAt).toBe(2);
    expect(sectionLegalAt).toBe(-1);
  });

  it("a code section of 128 bytes has a two-byte LEB128 size (0x80 0x01)", () => {
    expect(parseSectionHeader(BUF, put([0x0a, 0x80, 0x01, 0x02]))).toBe(true);
    expect(sectionId).toBe(10);
    expect(sectionBytes).toBe(128);
    expect(sectionContentAt).toBe(3);
  });

  it("the custom section \"legal\" with a 32-byte payload: payload 8 bytes after the section's start", () => {
    expect(parseSectionHeader(BUF, put([0x00, 0x26, 0x05, 0x6c, 0x65, 0x67, 0x61, 0x6c, 0xd8, 0x7e]))).toBe(true);
    expect(sectionId).toBe(0);
    expect(sectionBytes).toBe(38);
    expect(sectionLegalAt).toBe(8);
    expect(sectionBytes - (sectionLegalAt - sectionContentAt)).toBe(32);
  });

  it("a custom section named \"legaL\" or \"name\" is not the legal section", () => {
    expect(parseSectionHeader(BUF, put([0x00, 0x26, 0x05, 0x6c, 0x65, 0x67, 0x61, 0x4c]))).toBe(true);
    expect(sectionLegalAt).toBe(-1);
    expect(parseSectionHeader(BUF, put([0x00, 0x10, 0x04, 0x6e, 0x61, 0x6d, 0x65]))).toBe(true);
    expect(sectionLegalAt).toBe(-1);
  });

  it("refuses a size cut off by the end of the peek, a sixth LEB byte, 2^31 and a name longer than its section", () => {
    expect(parseSectionHeader(BUF, put([0x01, 0x80]))).toBe(false);
    expect(parseSectionHeader(BUF, put([0x01, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]))).toBe(false);
    expect(parseSectionHeader(BUF, put([0x01, 0x80, 0x80, 0x80, 0x80, 0x08]))).toBe(false);
    expect(parseSectionHeader(BUF, put([0x00, 0x03, 0x05, 0x6c, 0x65, 0x67]))).toBe(false);
    expect(parseSectionHeader(BUF, put([0x01]))).toBe(false);
  });
});
