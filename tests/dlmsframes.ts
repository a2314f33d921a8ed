// Wrapper frames and APDUs of the DLMS tests: Gurux's AARQs and an exchange through the module port.
import assert from "node:assert/strict";
import type { Simulator } from "../host/sim.js";
import { Err, UartPort } from "../host/abi.js";

export const hex = (s: string): number[] => s.replace(/\s+/g, "").match(/../g)!.map((b) => parseInt(b, 16));
export const toHex = (b: Uint8Array | number[]): string => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join(" ");

// Gurux's AARQs (from its traces): public without authentication; management with LLS and a password.
export const AARQ_PUBLIC = hex("601DA109060760857405080101BE10040E01000000065F1F0400401E5DFFFF");
export function aarqLls(password: string, maxPdu = 0xffff): number[] {
  const pw = Array.from(password, (c) => c.charCodeAt(0));
  const body = [
    ...hex("A109060760857405080101 8A020780 8B0760857405080201"), 0xac, pw.length + 2, 0x80, pw.length, ...pw,
    ...hex("BE10040E01000000065F1F0400401E5D"), maxPdu >> 8, maxPdu & 0xff,
  ];
  return [0x60, body.length, ...body];
}
export const aarqPublicPdu = (maxPdu: number): number[] => [...AARQ_PUBLIC.slice(0, -2), maxPdu >> 8, maxPdu & 0xff];

export function frame(apdu: number[], client = 16, server = 1): Uint8Array {
  return Uint8Array.from([0, 1, client >> 8, client & 0xff, server >> 8, server & 0xff, apdu.length >> 8, apdu.length & 0xff, ...apdu]);
}

// Sends one wrapper frame in receive-buffer-sized pieces, runs one tick, returns the answer's APDU (or null).
export function exchange(sim: Simulator, apdu: number[], client = 16): number[] | null {
  const f = frame(apdu, client);
  for (let k = 0; k < f.length; k += 256) assert.equal(sim.meter.uartReceive(UartPort.MODULE, f.subarray(k, k + 256)), Err.OK);
  sim.step();
  const out = sim.uart.take(UartPort.MODULE);
  if (out.length === 0) return null;
  assert.deepEqual(Array.from(out.subarray(0, 6)), [0, 1, 0, 1, client >> 8, client & 0xff], "version 1, from wPort 1 to the client");
  assert.equal((out[6] << 8) | out[7], out.length - 8, "length field = APDU length");
  return Array.from(out.subarray(8));
}
