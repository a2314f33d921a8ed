// Helpers shared by the boundary tests: CRC-32 of NVM records, UTC instants, register snapshots.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Simulator } from "../host/sim.js";
import { REGISTER_COUNT } from "../host/abi.js";

// CRC-32 (IEEE 802.3), as the firmware stamps its NVM records.
export { crc32 } from "../host/firmware.js";

// UTC seconds of a calendar instant (month 1..12).
export const utc = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0): bigint => BigInt(Date.UTC(y, mo - 1, d, h, mi, s) / 1000);

// Every legal register in whole units.
export const registersWh = (sim: Simulator): bigint[] => Array.from({ length: REGISTER_COUNT }, (_, r) => sim.meter.energyWh(r));

// The simulator CLI as a user starts it (build/js/host/cli.js), with its exit code and both outputs.
export const CLI_PATH = fileURLToPath(new URL("../host/cli.js", import.meta.url));
export function runCli(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [CLI_PATH, ...args], { encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
