// Update benchmark: ticks one image verification takes, and the V8 time of a 10 ms step with and without it.
import fs from "node:fs";
import { performance } from "node:perf_hooks";
import { Simulator } from "./sim.js";
import { NorFlash } from "./shims/nvm.js";
import { FwSlots } from "./shims/fwslot.js";
import { provision } from "./bootloader.js";
import { buildImage } from "./image.js";
import { FIRMWARE_PATH, ROOT } from "./firmware.js";
import { Err } from "./abi.js";

const VERIFYING = 2; // class 18 verification initiated
const key = (name: string): string => fs.readFileSync(`${ROOT}/keys/test-${name}.pem`, "utf8");

function main(): void {
  const wasm = fs.readFileSync(FIRMWARE_PATH);
  const slots = new FwSlots();
  provision(slots, buildImage(wasm, { version: 1, key: key("utility"), legalKey: key("legal") }), 0);
  const sim = new Simulator({ nvm: new NorFlash(), slots, waveform: { vrms: 230, irms: 20 } });
  sim.boot();
  sim.run(2);
  const file = buildImage(Buffer.concat([wasm, Buffer.from([0, 3, 2, 0x6e, 0x62])]), { version: 2, key: key("utility") });
  const block = 1024;
  sim.meter.imageBlockSizeSet(block);
  sim.meter.imageInitiate(Buffer.from("bench"), file.length);
  for (let b = 0; b * block < file.length; b++) sim.meter.imageBlock(b, file.subarray(b * block, (b + 1) * block));
  const timeSteps = (n: number): number[] => Array.from({ length: n }, () => {
    const t0 = performance.now();
    sim.step();
    return performance.now() - t0;
  });
  const plain = timeSteps(500);
  if (sim.meter.imageVerify() !== Err.BUSY) throw new Error("verification did not start");
  const verifying: number[] = [];
  while (sim.meter.imageStatus() === VERIFYING) verifying.push(...timeSteps(1));
  const stats = (xs: number[]): string => {
    const sorted = [...xs].sort((a, b) => a - b);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    return `mean ${(mean * 1000).toFixed(0)} µs, p99 ${(sorted[Math.floor(0.99 * sorted.length)] * 1000).toFixed(0)} µs`;
  };
  console.log(`update: ${file.length}-byte image verified in ${verifying.length} ticks (${(verifying.length / 100).toFixed(2)} s of meter time), status ${sim.meter.imageStatus()}`);
  console.log(`update: V8 step while verifying ${stats(verifying)}; without ${stats(plain)}`);
}

main();
