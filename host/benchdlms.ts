// Benchmark of the module port: V8 time of a tick that answers one block of the object list, against an idle tick;
// plain (LLS) and ciphered (HLS-GMAC, suite 0 SC 0x30, the client's side done by Node's AES-GCM outside the timing).
import crypto from "node:crypto";
import { Err, UartPort } from "./abi.js";
import { Simulator } from "./sim.js";

const hex = (s: string): number[] => s.match(/../g)!.map((b) => parseInt(b, 16));
// Management with LLS (the longer object list), then GET of 0.0.40.0.0.255 attribute 2 and GET next.
const AARQ = hex("6036A1090607608574050801018A0207808B0760857405080201AC0A80083132333435363738BE10040E01000000065F1F0400401E5DFFFF");
const GET_OBJECT_LIST = hex("C001C1000F0000280000FF0200");
const ROUNDS = 2000;

function frame(apdu: number[]): Uint8Array {
  return Uint8Array.from([0, 1, 0, 1, 0, 1, apdu.length >> 8, apdu.length & 0xff, ...apdu]);
}

export interface DlmsBench {
  idleTickNs: number;
  blockTickNs: number;
  blockBytes: number;
  blocksPerList: number;
  hlsBlockTickNs: number;
  hlsBlockBytes: number;
  hlsBlocksPerList: number;
}

// Each round: the GET (block 1) and every GET next, one tick each; the same number of idle ticks.
export function benchDlms(): DlmsBench {
  const sim = new Simulator({});
  sim.boot();
  const meter = sim.meter;
  const send = (apdu: number[]): Uint8Array => {
    if (meter.uartReceive(UartPort.MODULE, frame(apdu)) !== Err.OK) throw new Error("uart_rx refused");
    meter.tick();
    return sim.uart.take(UartPort.MODULE);
  };
  send(AARQ);
  let blockNs = 0n;
  let blocks = 0;
  let bytes = 0;
  let idleNs = 0n;
  for (let r = 0; r < ROUNDS; r++) {
    let apdu = GET_OBJECT_LIST;
    for (let block = 1; ; block++) {
      const t0 = process.hrtime.bigint();
      if (meter.uartReceive(UartPort.MODULE, frame(apdu)) !== Err.OK) throw new Error("uart_rx refused");
      meter.tick();
      blockNs += process.hrtime.bigint() - t0;
      const out = sim.uart.take(UartPort.MODULE);
      blocks++;
      bytes += out.length;
      const t1 = process.hrtime.bigint();
      meter.tick();
      idleNs += process.hrtime.bigint() - t1;
      if (out[8 + 1] !== 0x02 || out[8 + 3] === 1) break; // one APDU, or the last block
      apdu = [0xc0, 0x02, 0xc1, 0, 0, block >> 8, block & 0xff];
    }
  }
  const hls = benchHls();
  return {
    idleTickNs: Number(idleNs) / blocks,
    blockTickNs: Number(blockNs) / blocks,
    blockBytes: bytes / blocks,
    blocksPerList: blocks / ROUNDS,
    hlsBlockTickNs: hls.ns,
    hlsBlockBytes: hls.bytes,
    hlsBlocksPerList: hls.blocks,
  };
}

// Gurux's default keys (the simulator's, docs/DLMS.md) and a client system title.
const EK = Buffer.from("000102030405060708090A0B0C0D0E0F", "hex");
const AK = Buffer.from("D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF", "hex");
const TITLE = Buffer.from("4D4D4D0000000001", "hex");
const HLS_ROUNDS = 500;

const be32 = (v: number): Buffer => { const b = Buffer.alloc(4); b.writeUInt32BE(v >>> 0); return b; };
function gcm(sc: number, title: Buffer, ic: number, plain: Buffer): Buffer {
  const c = crypto.createCipheriv("aes-128-gcm", EK, Buffer.concat([title, be32(ic)]), { authTagLength: 12 });
  c.setAAD(Buffer.concat([Buffer.from([sc]), AK, sc === 0x10 ? plain : Buffer.alloc(0)]));
  const text = sc === 0x10 ? (c.final(), plain) : Buffer.concat([c.update(plain), c.final()]);
  return Buffer.concat([text, c.getAuthTag()]);
}
function glo(tag: number, ic: number, plain: number[]): number[] {
  const body = [0x30, ...be32(ic), ...gcm(0x30, TITLE, ic, Buffer.from(plain))];
  return [tag, ...(body.length < 128 ? [body.length] : [0x81, body.length]), ...body];
}

// HLS-GMAC association (pass 1..4), then ciphered GETs of the object list, every block timed.
function benchHls(): { ns: number; bytes: number; blocks: number } {
  const sim = new Simulator({});
  sim.boot();
  const meter = sim.meter;
  const send = (apdu: number[]): Uint8Array => {
    if (meter.uartReceive(UartPort.MODULE, frame(apdu)) !== Err.OK) throw new Error("uart_rx refused");
    meter.tick();
    return sim.uart.take(UartPort.MODULE);
  };
  let ic = 1;
  const init = glo(0x21, ic++, hex("01000000065F1F0400401E5DFFFF"));
  const ctos = Buffer.from("0123456789ABCDEF");
  const body = [...hex("A109060760857405080103"), 0xa6, 10, 0x04, 8, ...TITLE, ...hex("8A0207808B0760857405080205"),
    0xac, 18, 0x80, 16, ...ctos, 0xbe, init.length + 2, 0x04, init.length, ...init];
  const aare = send([0x60, body.length, ...body]).subarray(8);
  let stoc = Buffer.alloc(0);
  let serverTitle = Buffer.alloc(8);
  for (let at = 2; at < aare.length; at += 2 + aare[at + 1]) {
    if (aare[at] === 0xaa) stoc = Buffer.from(aare.subarray(at + 4, at + 2 + aare[at + 1]));
    if (aare[at] === 0xa4) serverTitle = Buffer.from(aare.subarray(at + 4, at + 12));
  }
  // The plain answer of a glo response (outside the timing): its block header says whether it was the last.
  const open = (out: Uint8Array): Buffer => {
    const at = out[9] === 0x81 ? 11 : out[9] === 0x82 ? 12 : 10;
    const sic = out.subarray(at + 1, at + 5);
    const d = crypto.createDecipheriv("aes-128-gcm", EK, Buffer.concat([serverTitle, sic]), { authTagLength: 12 });
    d.setAAD(Buffer.concat([Buffer.from([0x30]), AK]));
    d.setAuthTag(out.subarray(out.length - 12));
    return Buffer.concat([d.update(out.subarray(at + 5, out.length - 12)), d.final()]);
  };
  const f = ic++;
  const reply = [0x10, ...be32(f), ...gcm(0x10, TITLE, f, stoc).subarray(16)];
  const pass3 = send(glo(0xcb, ic++, [0xc3, 1, 0xc1, 0, 15, 0, 0, 40, 0, 0, 255, 1, 1, 0x09, reply.length, ...reply]));
  if (pass3[8] !== 0xcf) throw new Error("HLS pass 3 not answered");
  let ns = 0n;
  let blocks = 0;
  let bytes = 0;
  for (let r = 0; r < HLS_ROUNDS; r++) {
    let plain = GET_OBJECT_LIST;
    for (let block = 1; ; block++) {
      const apdu = frame(glo(0xc8, ic++, plain));
      const t0 = process.hrtime.bigint();
      if (meter.uartReceive(UartPort.MODULE, apdu) !== Err.OK) throw new Error("uart_rx refused");
      meter.tick();
      ns += process.hrtime.bigint() - t0;
      const out = sim.uart.take(UartPort.MODULE);
      if (out[8] !== 0xcc) throw new Error(`no glo-get-response: ${Buffer.from(out).toString("hex")}`);
      blocks++;
      bytes += out.length;
      const answer = open(out);
      if (answer[1] !== 0x02 || answer[3] === 1) break; // one APDU, or the last block
      plain = [0xc0, 0x02, 0xc1, 0, 0, block >> 8, block & 0xff];
    }
  }
  return { ns: Number(ns) / blocks, bytes: bytes / blocks, blocks: blocks / HLS_ROUNDS };
}
