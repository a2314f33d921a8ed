// A DLMS HLS-GMAC client for the tests, with Node's own AES-GCM: AARQ with ciphering, pass 3/4, glo APDUs.
import crypto from "node:crypto";
import assert from "node:assert/strict";
import type { Simulator } from "../host/sim.js";
import { hex, exchange } from "./dlmsframes.js";

// Gurux's default test keys, the simulator's defaults until provisioned (docs/DLMS.md "Keys").
export const DEFAULT_EK = Buffer.from("000102030405060708090A0B0C0D0E0F", "hex");
export const DEFAULT_AK = Buffer.from("D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF", "hex");
export const DEFAULT_KEK = DEFAULT_EK;
export const CLIENT_TITLE = Buffer.from("4D4D4D0000000001", "hex");
const MANAGEMENT = 1;

// Security suite 0 with SC 0x10 (plain || tag), 0x20 (ciphertext) or 0x30 (ciphertext || tag), tag 12 bytes.
export function protect(sc: number, title: Buffer, ic: number, ek: Buffer, ak: Buffer, plain: Buffer): Buffer {
  const iv = Buffer.concat([title, u32(ic)]);
  const c = crypto.createCipheriv("aes-128-gcm", ek, iv, { authTagLength: 12 });
  if (sc & 0x10) c.setAAD(Buffer.concat([Buffer.from([sc]), ak, (sc & 0x20) ? Buffer.alloc(0) : plain]));
  const text = (sc & 0x20) ? Buffer.concat([c.update(plain), c.final()]) : (c.final(), plain);
  return (sc & 0x10) ? Buffer.concat([text, c.getAuthTag()]) : text;
}

export function unprotect(sc: number, title: Buffer, ic: number, ek: Buffer, ak: Buffer, data: Buffer): Buffer {
  const iv = Buffer.concat([title, u32(ic)]);
  const text = (sc & 0x10) ? data.subarray(0, data.length - 12) : data;
  const d = crypto.createDecipheriv("aes-128-gcm", ek, iv, { authTagLength: 12 });
  if (sc & 0x10) {
    d.setAAD(Buffer.concat([Buffer.from([sc]), ak, (sc & 0x20) ? Buffer.alloc(0) : text]));
    d.setAuthTag(data.subarray(data.length - 12));
  }
  const out = (sc & 0x20) ? Buffer.concat([d.update(text), d.final()]) : (d.update(Buffer.alloc(0)), d.final(), text);
  return Buffer.from(out);
}

export const u32 = (v: number): Buffer => { const b = Buffer.alloc(4); b.writeUInt32BE(v >>> 0); return b; };
const axdrLength = (n: number): number[] => (n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff]);

// GMAC f(challenge) as pass 3 and 4 carry it: SC 0x10 || IC || tag.
export function gmacReply(title: Buffer, ic: number, ek: Buffer, ak: Buffer, challenge: Buffer): Buffer {
  const tagged = protect(0x10, title, ic, ek, ak, challenge);
  return Buffer.concat([Buffer.from([0x10]), u32(ic), tagged.subarray(challenge.length)]);
}

// A glo APDU: tag, length, SC, IC, protected text.
export function glo(tag: number, sc: number, title: Buffer, ic: number, ek: Buffer, ak: Buffer, plain: number[]): number[] {
  const body = [sc, ...u32(ic), ...protect(sc, title, ic, ek, ak, Buffer.from(plain))];
  return [tag, ...axdrLength(body.length), ...body];
}

// Splits a glo APDU into SC, IC and text.
export function parseGlo(apdu: number[]): { tag: number; sc: number; ic: number; text: Buffer } {
  let at = 1;
  let n = apdu[at++];
  if (n === 0x81) n = apdu[at++];
  else if (n === 0x82) { n = (apdu[at] << 8) | apdu[at + 1]; at += 2; }
  assert.equal(apdu.length - at, n, "glo length");
  return { tag: apdu[0], sc: apdu[at], ic: Buffer.from(apdu.slice(at + 1, at + 5)).readUInt32BE(), text: Buffer.from(apdu.slice(at + 5)) };
}

export interface HlsOptions {
  ek?: Buffer; ak?: Buffer; title?: Buffer; ic?: number; sc?: number; ctos?: Buffer; cipheredContext?: boolean;
}

export class HlsClient {
  ek: Buffer; ak: Buffer; title: Buffer; ic: number; sc: number; ctos: Buffer;
  serverTitle = Buffer.alloc(8);
  stoc = Buffer.alloc(0);
  lastServerIc = -1;
  constructor(readonly sim: Simulator, o: HlsOptions = {}) {
    this.ek = o.ek ?? DEFAULT_EK;
    this.ak = o.ak ?? DEFAULT_AK;
    this.title = o.title ?? CLIENT_TITLE;
    this.ic = o.ic ?? 1;
    this.sc = o.sc ?? 0x30;
    this.ctos = o.ctos ?? Buffer.from("0123456789ABCDEF");
  }

  // Gurux's AARQ for HLS-GMAC with ciphering (context 3, calling-AP-title, CtoS, glo-initiate-request).
  aarq(context = 3): number[] {
    const initiate = hex("01000000065F1F0400401E5DFFFF");
    const gloInit = context === 3 ? glo(0x21, this.sc, this.title, this.ic++, this.ek, this.ak, initiate) : initiate;
    const body = [
      ...hex("A109060760857405080101"), ...[], 0xa6, 10, 0x04, 8, ...this.title,
      ...hex("8A020780 8B0760857405080205"), 0xac, this.ctos.length + 2, 0x80, this.ctos.length, ...this.ctos,
      0xbe, gloInit.length + 2, 0x04, gloInit.length, ...gloInit,
    ];
    body[10] = context;
    return [0x60, body.length, ...body];
  }

  // Pass 1/2. Returns the AARE; on acceptance keeps StoC and the server's title.
  associate(context = 3): number[] {
    const aare = exchange(this.sim, this.aarq(context), MANAGEMENT)!;
    let at = 2;
    while (at < aare.length) {
      const tag = aare[at];
      const len = aare[at + 1];
      if (tag === 0xa4) this.serverTitle = Buffer.from(aare.slice(at + 4, at + 12));
      if (tag === 0xaa) this.stoc = Buffer.from(aare.slice(at + 4, at + 2 + len));
      at += 2 + len;
    }
    return aare;
  }

  // Pass 3: reply_to_HLS_authentication with f(StoC); returns the plain ACTION response.
  authenticate(reply?: Buffer): number[] {
    const f = reply ?? gmacReply(this.title, this.ic++, this.ek, this.ak, this.stoc);
    return this.request([0xc3, 0x01, 0xc1, 0, 15, 0, 0, 40, 0, 0, 255, 1, 1, 0x09, f.length, ...f]);
  }

  // Checks pass 4: the server's f(CtoS) under its title.
  serverProof(actionResponse: number[]): boolean {
    const f = Buffer.from(actionResponse.slice(8));
    const ic = f.readUInt32BE(1);
    return gmacReply(this.serverTitle, ic, this.ek, this.ak, this.ctos).equals(f);
  }

  // A ciphered request (plain APDU in, plain answer out; a plain exception-response comes back as it is).
  request(plain: number[], ic = this.ic++, sc = this.sc): number[] {
    const answer = exchange(this.sim, glo(plain[0] + 8, sc, this.title, ic, this.ek, this.ak, plain), MANAGEMENT)!;
    if (answer[0] === 0xd8) return answer;
    const g = parseGlo(answer);
    assert.equal(g.tag, plain[0] + 4 + 8, "the glo form of the response");
    assert.ok(g.ic > this.lastServerIc, `server IC ${g.ic} after ${this.lastServerIc}`);
    this.lastServerIc = g.ic;
    return Array.from(unprotect(g.sc, this.serverTitle, g.ic, this.ek, this.ak, g.text));
  }

  // Associate, authenticate, and check the server's proof.
  open(): void {
    const aare = this.associate();
    assert.equal(aare[17], 0, "AARE accepted");
    const answer = this.authenticate();
    assert.equal(answer[3], 0, "pass 3 accepted");
    assert.ok(this.serverProof(answer), "f(CtoS) verifies under the server's title");
  }
}
