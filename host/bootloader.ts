// The harness's boot loader (docs/UPDATE.md): picks the slot to start, takes a pending image's one trial boot, falls back.
import crypto from "node:crypto";
import type { FwSlots } from "./shims/fwslot.js";
import { SLOT_SECTORS, SLOT_SECTOR_BYTES } from "./shims/fwslot.js";
import { imageWasm, parseManifest } from "./image.js";

export const TRAILER_OFFSET = (SLOT_SECTORS - 1) * SLOT_SECTOR_BYTES;
// Boot words of the trailer (assembly/update/layout.ts): 0xFFFFFFFF unset, any bit cleared set.
export enum BootWord {
  PENDING = 1024,
  CONFIRMED = 1028,
  BOOTED = 1032,
  REVERTED = 1036,
  REPORTED = 1040,
}

export interface BootChoice {
  slot: number;
  wasm: Uint8Array;
  module: WebAssembly.Module;
}

const modules = new Map<string, WebAssembly.Module>();

function compile(wasm: Uint8Array): WebAssembly.Module | undefined {
  const id = crypto.createHash("sha256").update(wasm).digest("hex");
  let m = modules.get(id);
  if (!m) {
    try {
      m = new WebAssembly.Module(new Uint8Array(wasm));
    } catch {
      return undefined;
    }
    modules.set(id, m);
  }
  return m;
}

export function wordIsSet(slots: FwSlots, slot: number, word: BootWord): boolean {
  return Buffer.from(slots.data[slot].buffer, slots.data[slot].byteOffset).readUInt32LE(TRAILER_OFFSET + word) !== 0xffffffff;
}

function mark(slots: FwSlots, slot: number, word: BootWord): void {
  slots.program(slot, TRAILER_OFFSET + word, new Uint8Array(4));
}

// Factory programming: the update file into a slot, marked as a confirmed image.
export function provision(slots: FwSlots, file: Uint8Array, slot = 0): void {
  for (let s = 0; s < SLOT_SECTORS; s++) slots.erase(slot, s);
  slots.program(slot, 0, file);
  mark(slots, slot, BootWord.PENDING);
  mark(slots, slot, BootWord.CONFIRMED);
}

// A pending, unconfirmed image is started once; at the next boot without its confirmation (a trap, a
// failed self-check, a reset or power cut before it metered long enough) it is given up for good. Otherwise
// the confirmed image with the highest version runs; none at all: the caller starts its built-in image.
export function bootSelect(slots: FwSlots): BootChoice | undefined {
  const wasm = [0, 1].map((s) => imageWasm(slots.data[s]));
  const set = (s: number, w: BootWord): boolean => wordIsSet(slots, s, w);
  for (const s of [0, 1]) {
    const w = wasm[s];
    if (!w || !set(s, BootWord.PENDING) || set(s, BootWord.CONFIRMED) || set(s, BootWord.REVERTED)) continue;
    const module = set(s, BootWord.BOOTED) ? undefined : compile(w);
    if (module) {
      mark(slots, s, BootWord.BOOTED);
      return { slot: s, wasm: w, module };
    }
    mark(slots, s, BootWord.REVERTED);
  }
  let best: BootChoice | undefined;
  let bestVersion = -1;
  for (const s of [0, 1]) {
    const w = wasm[s];
    if (!w || !set(s, BootWord.PENDING) || !set(s, BootWord.CONFIRMED) || set(s, BootWord.REVERTED)) continue;
    const version = parseManifest(slots.data[s])!.version;
    const module = version > bestVersion ? compile(w) : undefined;
    if (module) {
      best = { slot: s, wasm: w, module };
      bestVersion = version;
    }
  }
  return best;
}
