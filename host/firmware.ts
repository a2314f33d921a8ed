// Loads build/firmware.wasm from disk and binds it to the device shims: the Node face of fwcore.ts.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Devices } from "./devices.js";
import { FirmwareCore } from "./fwcore.js";
import { legalChecksum } from "./image.js";

export * from "./fwcore.js";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const FIRMWARE_PATH = path.join(ROOT, "build/firmware.wasm");

let cachedModule: WebAssembly.Module | undefined;
let cachedCrc: number | undefined;

// CRC-32 (IEEE 802.3, reflected, as zlib) of a byte image.
export { crc32 } from "./image.js";

// The legal firmware checksum of build/firmware.wasm, as a boot loader hands it over: the CRC-32 of its
// "legal" section (docs/UPDATE.md), so only a change of the metrology changes it.
export function firmwareCrc32(): number {
  if (cachedCrc === undefined) cachedCrc = legalChecksum(fs.readFileSync(FIRMWARE_PATH));
  return cachedCrc;
}

export function firmwareModule(): WebAssembly.Module {
  if (!cachedModule) {
    if (!fs.existsSync(FIRMWARE_PATH)) throw new Error(`${FIRMWARE_PATH} is missing: run 'make build'`);
    cachedModule = new WebAssembly.Module(fs.readFileSync(FIRMWARE_PATH));
  }
  return cachedModule;
}

export class Firmware extends FirmwareCore {
  constructor(devices: Devices, module: WebAssembly.Module = firmwareModule()) {
    super(devices, module);
  }
}
