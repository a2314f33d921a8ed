// ACSE and A-XDR: AARQ/AARE byte for byte as the Gurux client and the Green Book encode them; bounded reads and windowed writes.
import { AxdrReader, AxdrWriter, skipData, lengthSize } from "./axdr";
import {
  parseAarq, putAare, putRlre, AssociationResult, Diagnostic, InitiateError, aarqContext, aarqMechanism,
  aarqPasswordLength, aarqDlmsVersion, aarqConformance, aarqMaxPdu, AARQ_PASSWORD, MECHANISM_LLS, MECHANISM_NONE,
} from "./acse";

const IN: usize = memory.data(256);
const OUT: usize = memory.data(256);

function put(bytes: StaticArray<u8>): i32 {
  for (let k = 0; k < bytes.length; k++) store<u8>(IN + <usize>k, bytes[k]);
  return bytes.length;
}

function outEquals(w: AxdrWriter, bytes: StaticArray<u8>): bool {
  if (w.pos != bytes.length || w.overflow) return false;
  for (let k = 0; k < bytes.length; k++) if (load<u8>(OUT + <usize>k) != bytes[k]) return false;
  return true;
}

// Gurux public client (SAP 16), no authentication: application context LN, InitiateRequest with
// DLMS version 6, conformance 40 1E 5D, max receive PDU 0xFFFF.
const AARQ_PUBLIC: StaticArray<u8> = [
  0x60, 0x1d, 0xa1, 0x09, 0x06, 0x07, 0x60, 0x85, 0x74, 0x05, 0x08, 0x01, 0x01,
  0xbe, 0x10, 0x04, 0x0e, 0x01, 0x00, 0x00, 0x00, 0x06, 0x5f, 0x1f, 0x04, 0x00, 0x40, 0x1e, 0x5d, 0xff, 0xff,
];
// Gurux management client (SAP 1) with LLS: acse-requirements 07 80, mechanism 2.16.756.5.8.2.1, password "1234".
const AARQ_LLS: StaticArray<u8> = [
  0x60, 0x32, 0xa1, 0x09, 0x06, 0x07, 0x60, 0x85, 0x74, 0x05, 0x08, 0x01, 0x01, 0x8a, 0x02, 0x07, 0x80,
  0x8b, 0x07, 0x60, 0x85, 0x74, 0x05, 0x08, 0x02, 0x01, 0xac, 0x06, 0x80, 0x04, 0x31, 0x32, 0x33, 0x34,
  0xbe, 0x10, 0x04, 0x0e, 0x01, 0x00, 0x00, 0x00, 0x06, 0x5f, 0x1f, 0x04, 0x00, 0x40, 0x1e, 0x5d, 0xff, 0xff,
];

describe("AARQ", () => {
  it("reads context, mechanism, DLMS version, conformance and PDU size of the Gurux public AARQ", () => {
    const r = new AxdrReader();
    r.reset(IN, put(AARQ_PUBLIC));
    expect(parseAarq(r)).toBe(true);
    expect(aarqContext).toBe(1);
    expect(aarqMechanism).toBe(MECHANISM_NONE);
    expect(aarqPasswordLength).toBe(-1);
    expect(aarqDlmsVersion).toBe(6);
    expect(aarqConformance).toBe(0x401e5d);
    expect(aarqMaxPdu).toBe(0xffff);
  });

  it("reads the LLS mechanism and the password of the management AARQ", () => {
    const r = new AxdrReader();
    r.reset(IN, put(AARQ_LLS));
    expect(parseAarq(r)).toBe(true);
    expect(aarqMechanism).toBe(MECHANISM_LLS);
    expect(aarqPasswordLength).toBe(4);
    expect(load<u32>(AARQ_PASSWORD)).toBe(0x34333231); // "1234"
  });

  it("refuses every truncation of a valid AARQ without reading past it", () => {
    const r = new AxdrReader();
    const n = put(AARQ_LLS);
    for (let len = 0; len < n; len++) {
      r.reset(IN, len);
      expect(parseAarq(r)).toBe(false);
      expect(r.pos).toBeLessThanOrEqual(len);
    }
  });

  it("refuses an AARQ whose length byte disagrees with the frame", () => {
    const r = new AxdrReader();
    const n = put(AARQ_PUBLIC);
    store<u8>(IN, 0x1c, 1);
    r.reset(IN, n);
    expect(parseAarq(r)).toBe(false);
  });
});

describe("AARE", () => {
  it("accepts the public client: result 0, diagnostic null, InitiateResponse with conformance 00 12 19 and PDU 512", () => {
    const w = new AxdrWriter();
    w.reset(OUT, 256, 0);
    putAare(w, AssociationResult.ACCEPTED, Diagnostic.NULL, MECHANISM_NONE, InitiateError.NONE, 0x001219, 512);
    const want: StaticArray<u8> = [
      0x61, 0x29, 0xa1, 0x09, 0x06, 0x07, 0x60, 0x85, 0x74, 0x05, 0x08, 0x01, 0x01,
      0xa2, 0x03, 0x02, 0x01, 0x00, 0xa3, 0x05, 0xa1, 0x03, 0x02, 0x01, 0x00,
      0xbe, 0x10, 0x04, 0x0e, 0x08, 0x00, 0x06, 0x5f, 0x1f, 0x04, 0x00, 0x00, 0x12, 0x19, 0x02, 0x00, 0x00, 0x07,
    ];
    expect(outEquals(w, want)).toBe(true);
  });

  it("accepts LLS with responder-acse-requirements and the mechanism name", () => {
    const w = new AxdrWriter();
    w.reset(OUT, 256, 0);
    putAare(w, AssociationResult.ACCEPTED, Diagnostic.NULL, MECHANISM_LLS, InitiateError.NONE, 0x001219, 512);
    expect(w.pos).toBe(2 + 0x36);
    expect(load<u8>(OUT, 1)).toBe(0x36);
    expect(load<u8>(OUT, 25)).toBe(0x88);
    expect(load<u8>(OUT, 37)).toBe(0x01); // mechanism id 1 = LLS
  });

  it("refuses a wrong password with rejected-permanent and authentication-failure (13), as Gurux expects", () => {
    const w = new AxdrWriter();
    w.reset(OUT, 256, 0);
    putAare(w, AssociationResult.REJECTED_PERMANENT, Diagnostic.AUTHENTICATION_FAILURE, MECHANISM_NONE, InitiateError.NONE, 0, 0);
    const want: StaticArray<u8> = [
      0x61, 0x17, 0xa1, 0x09, 0x06, 0x07, 0x60, 0x85, 0x74, 0x05, 0x08, 0x01, 0x01,
      0xa2, 0x03, 0x02, 0x01, 0x01, 0xa3, 0x05, 0xa1, 0x03, 0x02, 0x01, 0x0d,
    ];
    expect(outEquals(w, want)).toBe(true);
  });

  it("refuses a DLMS version below 6 with a ConfirmedServiceError initiate dlms-version-too-low", () => {
    const w = new AxdrWriter();
    w.reset(OUT, 256, 0);
    putAare(w, AssociationResult.REJECTED_PERMANENT, Diagnostic.NO_REASON, MECHANISM_NONE, InitiateError.DLMS_VERSION_TOO_LOW, 0, 0);
    expect(w.pos).toBe(2 + 0x1f);
    expect(load<u32>(OUT + <usize>(w.pos - 4))).toBe(0x0106010e); // 0E 01 06 01
  });

  it("RLRE says release-response-reason normal", () => {
    const w = new AxdrWriter();
    w.reset(OUT, 256, 0);
    putRlre(w);
    const want: StaticArray<u8> = [0x63, 0x03, 0x80, 0x01, 0x00];
    expect(outEquals(w, want)).toBe(true);
  });
});

describe("A-XDR", () => {
  it("a window of 4 bytes after 3 skipped holds bytes 3..6 of the encoding, and says more followed", () => {
    const w = new AxdrWriter();
    w.reset(OUT, 4, 3);
    for (let k = 0; k < 10; k++) w.u8(k);
    expect(w.pos).toBe(4);
    expect(w.total).toBe(10);
    expect(w.overflow).toBe(true);
    expect(load<u32>(OUT)).toBe(0x06050403);
  });

  it("lengths: one byte below 128, 81 nn below 256, 82 nn nn above", () => {
    const w = new AxdrWriter();
    w.reset(OUT, 16, 0);
    w.length_(127);
    w.length_(200);
    w.length_(300);
    expect(w.pos).toBe(1 + 2 + 3);
    expect(load<u8>(OUT, 1)).toBe(0x81);
    expect(load<u8>(OUT, 3)).toBe(0x82);
    expect(lengthSize(127) + lengthSize(128) + lengthSize(256)).toBe(6);
  });

  it("skipData walks nested Data and refuses unknown tags, overruns and nesting deeper than 8", () => {
    const r = new AxdrReader();
    // structure { long-unsigned 8, octet-string(6), array [ enum 1 ] }
    const ok: StaticArray<u8> = [0x02, 0x03, 0x12, 0x00, 0x08, 0x09, 0x06, 0, 0, 1, 0, 0, 255, 0x01, 0x01, 0x16, 0x01];
    r.reset(IN, put(ok));
    expect(skipData(r)).toBe(true);
    expect(r.remaining()).toBe(0);
    r.reset(IN, ok.length - 1);
    expect(skipData(r)).toBe(false);
    store<u8>(IN, 0x63);
    r.reset(IN, ok.length);
    expect(skipData(r)).toBe(false);
    for (let k = 0; k < 20; k++) {
      store<u8>(IN + <usize>(2 * k), 0x01);
      store<u8>(IN + <usize>(2 * k + 1), 0x01);
    }
    r.reset(IN, 40);
    expect(skipData(r)).toBe(false);
  });

  it("reads past the end set `bad` and give zeros", () => {
    const r = new AxdrReader();
    store<u8>(IN, 0x12);
    r.reset(IN, 1);
    expect(r.u16()).toBe(0x1200);
    expect(r.bad).toBe(true);
    expect(r.take(5)).toBe(<usize>0);
  });
});
