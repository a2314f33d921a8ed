// ECDSA P-256 verification: a Wycheproof signature, range and key refusals, strict DER, and bounded steps.
import { Err } from "../errors";
import { hexInto } from "./bytes";
import { ECDSA_MAX_STEP_UNITS, EcdsaState, ecdsaBegin, ecdsaSigFromDer, ecdsaStep } from "./ecdsa";
import { montMulCount } from "./mont";
import { sha256 } from "./sha256";

const KEY = memory.data(64);
const HASH = memory.data(32);
const R = memory.data(32);
const S = memory.data(32);
const DER = memory.data(80);

// Wycheproof ecdsa_secp256r1_sha256_test.json, group 1, tcId 1: the empty message.
const WX = "04aaec73635726f213fb8a9e64da3b8632e41495a944d0045b522eba7240fad5";
const WY = "87d9315798aaa3a5ba01775787ced05eaaf7b4e09fc81d6d1aa546e8365d525d";
const SIG = "3045022100b292a619339f6e567a305c951c0dcbcc42d16e47f219f9e98e76e09d8770b34a02200177e60492c5a8242f76f07bfe3661bde59ec2a17ce5bd2dab2abebdf89a62e2";
const N_HEX = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";

function setUp(): void {
  hexInto(KEY, WX + WY);
  sha256(HASH, 0, HASH);
  const n = hexInto(DER, SIG);
  ecdsaSigFromDer(DER, n, R, S);
}

function run(budget: i32): EcdsaState {
  let state = ecdsaStep(budget);
  while (state == EcdsaState.BUSY) state = ecdsaStep(budget);
  return state;
}

function der(hex: string): Err {
  return ecdsaSigFromDer(DER, hexInto(DER, hex), R, S);
}

describe("ECDSA P-256 verification", () => {
  it("accepts Wycheproof tcId 1 (empty message) and refuses it after one bit of s or the hash changes", () => {
    setUp();
    expect(ecdsaBegin(KEY, HASH, R, S)).toBe(Err.OK);
    expect(run(1 << 30)).toBe(EcdsaState.VALID);
    store<u8>(S + 31, load<u8>(S + 31) ^ 1);
    expect(ecdsaBegin(KEY, HASH, R, S)).toBe(Err.OK);
    expect(run(1 << 30)).toBe(EcdsaState.INVALID);
    setUp();
    store<u8>(HASH, load<u8>(HASH) ^ 0x80);
    ecdsaBegin(KEY, HASH, R, S);
    expect(run(1 << 30)).toBe(EcdsaState.INVALID);
  });

  it("spends at most 24 field multiplications per step with a budget of 24, over about 230 steps", () => {
    setUp();
    ecdsaBegin(KEY, HASH, R, S);
    let steps = 0;
    let worst: u32 = 0;
    let state = EcdsaState.BUSY;
    while (state == EcdsaState.BUSY) {
      const before = montMulCount();
      state = ecdsaStep(ECDSA_MAX_STEP_UNITS);
      worst = max(worst, montMulCount() - before);
      steps++;
    }
    expect(state).toBe(EcdsaState.VALID);
    expect(worst).toBeLessThanOrEqual(<u32>ECDSA_MAX_STEP_UNITS);
    expect(steps).toBeGreaterThan(200);
    expect(steps).toBeLessThan(300);
  });

  it("refuses r or s of 0 or n before any curve work", () => {
    setUp();
    hexInto(R, N_HEX);
    expect(ecdsaBegin(KEY, HASH, R, S)).toBe(Err.AUTH_FAILED);
    expect(ecdsaStep(100)).toBe(EcdsaState.INVALID);
    setUp();
    for (let k = 0; k < 32; k++) store<u8>(S + <usize>k, 0);
    expect(ecdsaBegin(KEY, HASH, R, S)).toBe(Err.AUTH_FAILED);
  });

  it("refuses a public key off the curve or with a coordinate of p or more", () => {
    setUp();
    store<u8>(KEY + 63, load<u8>(KEY + 63) ^ 1);
    expect(ecdsaBegin(KEY, HASH, R, S)).toBe(Err.INVALID_ARGUMENT);
    hexInto(KEY, "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff" + WY);
    expect(ecdsaBegin(KEY, HASH, R, S)).toBe(Err.INVALID_ARGUMENT);
  });

  it("parses strict DER only: minimal lengths, no negative numbers, nothing trailing", () => {
    expect(der("3006020101020102")).toBe(Err.OK);
    expect(load<u8>(R + 31)).toBe(1);
    expect(load<u8>(S + 31)).toBe(2);
    expect(der("300602010102010200")).toBe(Err.AUTH_FAILED); // trailing byte
    expect(der("30070201010202 0002".replaceAll(" ", ""))).toBe(Err.AUTH_FAILED); // 00 before a small value
    expect(der("3006020181020102")).toBe(Err.AUTH_FAILED); // negative r
    expect(der("308106020101020102")).toBe(Err.AUTH_FAILED); // long-form length
    expect(der("3006020001020102")).toBe(Err.AUTH_FAILED); // empty integer
    expect(der("3106020101020102")).toBe(Err.AUTH_FAILED); // SET, not SEQUENCE
    expect(der("3006020101030102")).toBe(Err.AUTH_FAILED); // s not an INTEGER
    expect(der("3007020101020200ff")).toBe(Err.OK); // sign byte before 0xff is required and kept out
    expect(load<u8>(S + 31)).toBe(0xff);
    expect(load<u8>(S + 30)).toBe(0);
  });
});
