// Helpers of the update tests: images signed with the test keys, a meter on image slots, a class 18 transfer.
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { Simulator } from "../host/sim.js";
import { NorFlash } from "../host/shims/nvm.js";
import { FwSlots } from "../host/shims/fwslot.js";
import { provision } from "../host/bootloader.js";
import { buildImage, legalSection, type ImageOptions } from "../host/image.js";
import { withLegalSection } from "../host/legal.js";
import { ROOT, FIRMWARE_PATH } from "../host/firmware.js";
import { Err } from "../host/abi.js";
import { utc } from "./helpers.js";

export const UTILITY_KEY = fs.readFileSync(path.join(ROOT, "keys/test-utility.pem"), "utf8");
export const LEGAL_KEY = fs.readFileSync(path.join(ROOT, "keys/test-legal.pem"), "utf8");
export const FIRMWARE = fs.readFileSync(FIRMWARE_PATH);
export const LEGAL = legalSection(FIRMWARE)!;
export const START_UTC_S = utc(2026, 3, 2, 8);

// Class 18 image_transfer_status and the refusal causes of docs/UPDATE.md.
export enum ImageStatus { NOT_INITIATED, INITIATED, VERIFICATION_INITIATED, VERIFICATION_SUCCESSFUL, VERIFICATION_FAILED,
  ACTIVATION_INITIATED, ACTIVATION_SUCCESSFUL, ACTIVATION_FAILED }
export enum Refusal { NONE, INCOMPLETE, TRUNCATED, MALFORMED, WRONG_TARGET, WRONG_ABI, DOWNGRADE, HASH_MISMATCH, UNSIGNED,
  BAD_SIGNATURE, LEGAL_UNSIGNED, BAD_LEGAL_SIGNATURE }
export enum UpdateEvent { TRANSFER_STARTED = 40, REFUSED, VERIFIED, ACTIVATED, CONFIRMED, ROLLED_BACK }

// The firmware with a harmless extra custom section: other bytes, the same code and legal section.
export function variant(tag: string, wasm: Uint8Array = FIRMWARE): Buffer {
  const name = Buffer.from("note");
  const body = Buffer.concat([Buffer.from([name.length]), name, Buffer.from(tag)]);
  return Buffer.concat([wasm, Buffer.from([0, body.length]), body]);
}

// A module that traps in boot(): (memory 1 1) and boot = unreachable, with a legal section.
export function trappingModule(legal: Uint8Array = LEGAL): Buffer {
  const m = Buffer.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f,
    0x03, 0x02, 0x01, 0x00,
    0x05, 0x04, 0x01, 0x01, 0x01, 0x01,
    0x07, 0x11, 0x02, 0x06, ...Buffer.from("memory"), 0x02, 0x00, 0x04, ...Buffer.from("boot"), 0x00, 0x00,
    0x0a, 0x05, 0x01, 0x03, 0x00, 0x00, 0x0b,
  ]);
  return withLegalSection(m, legal);
}

export function otherLegal(): Buffer {
  return crypto.createHash("sha256").update("another metrology").digest();
}

export function signed(wasm: Uint8Array, version: number, opts: Partial<ImageOptions> = {}): Buffer {
  return buildImage(wasm, { version, key: UTILITY_KEY, ...opts });
}

// A meter whose slot 0 holds `factory` (version 1 by default), as the factory programs it.
export function meterOnSlots(factory: Uint8Array = signed(FIRMWARE, 1, { legalKey: LEGAL_KEY })): { nvm: NorFlash; slots: FwSlots } {
  const slots = new FwSlots();
  provision(slots, factory, 0);
  return { nvm: new NorFlash(), slots };
}

export function start(nvm: NorFlash, slots: FwSlots, irms = 10): Simulator {
  const sim = new Simulator({ nvm, slots, startUtcS: START_UTC_S, waveform: { vrms: 230, irms, phaseDeg: 0 } });
  sim.boot();
  return sim;
}

// The blocks still missing are sent (all of them after a fresh initiate).
export function sendMissing(sim: Simulator, file: Uint8Array): void {
  const size = sim.meter.imageBlockSize();
  const blocks = Math.ceil(file.length / size);
  for (let b = 0; b < blocks; b++) {
    if (sim.meter.imageBlockStatus(b) === 1) continue;
    const status = sim.meter.imageBlock(b, file.subarray(b * size, Math.min(file.length, (b + 1) * size)));
    if (status !== Err.OK) throw new Error(`block ${b} refused: ${Err[status]}`);
  }
}

export function transfer(sim: Simulator, file: Uint8Array, blockBytes = 1024, sizeBytes = file.length): Err {
  let status = sim.meter.imageBlockSizeSet(blockBytes);
  if (status === Err.OK) status = sim.meter.imageInitiate(Buffer.from("wasmeter-update"), sizeBytes);
  if (status === Err.OK) sendMissing(sim, file.subarray(0, sizeBytes));
  return status;
}

// Starts image_verify and runs ticks until it ends; returns the ticks it took.
export function verify(sim: Simulator, maxTicks = 5000): number {
  let status = sim.meter.imageVerify();
  let ticks = 0;
  while (status === Err.BUSY && ticks < maxTicks) {
    sim.step();
    ticks++;
    status = sim.meter.imageStatus() === ImageStatus.VERIFICATION_INITIATED ? Err.BUSY : Err.OK;
  }
  return ticks;
}
