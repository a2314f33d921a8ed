// Crypto benchmark: ECDSA P-256 verification, DLMS suite 0 and SHA-256 of build/crypto-test.wasm in V8; JSON in build/bench-crypto.json.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CryptoWasm, EcdsaState, runCryptoOnM4 } from "./cryptowasm.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const RUNS = 5;

// Median of RUNS timings of `rounds` calls of fn, in microseconds per call.
function timeUs(rounds: number, fn: () => void): number {
  for (let k = 0; k < Math.max(3, rounds >> 3); k++) fn(); // warm up the JIT
  const samples: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = process.hrtime.bigint();
    for (let k = 0; k < rounds; k++) fn();
    samples.push(Number(process.hrtime.bigint() - t0) / 1e3 / rounds);
  }
  return samples.sort((a, b) => a - b)[RUNS >> 1];
}

const c = new CryptoWasm();

// A P-256 signature made by Node, verified by the module.
const { privateKey, publicKey } = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
const jwk = publicKey.export({ format: "jwk" });
const message = Buffer.from("wasmeter image manifest");
const sig = crypto.sign("sha256", message, { key: privateKey, dsaEncoding: "ieee-p1363" });
const key = c.put(Buffer.concat([Buffer.from(jwk.x!, "base64url"), Buffer.from(jwk.y!, "base64url")]));
const hash = c.put(crypto.createHash("sha256").update(message).digest());
const r = c.put(sig.subarray(0, 32)), s = c.put(sig.subarray(32));

let steps = 0;
const m0 = c.x.fieldMultiplications();
c.x.verifyBegin(key, hash, r, s);
let state: EcdsaState;
do { state = c.x.verifyStep(24); steps++; } while (state === EcdsaState.BUSY);
if (state !== EcdsaState.VALID) throw new Error("benchmark signature did not verify");
const multiplications = c.x.fieldMultiplications() - m0;
const verifyUs = timeUs(20, () => {
  c.x.verifyBegin(key, hash, r, s);
  while (c.x.verifyStep(1 << 30) === EcdsaState.BUSY);
});
const stepUs = verifyUs / steps;

// DLMS: a 256-byte APDU authenticated and encrypted (SC 0x30) with the same key, so the schedule is cached.
const plain = c.put(crypto.randomBytes(256));
const title = c.put(Buffer.from("4d4d4d0000bc614e", "hex"));
const ek = c.put(crypto.randomBytes(16)), ak = c.put(crypto.randomBytes(16));
const out = c.alloc(256 + 12);
const dlmsUs = timeUs(2000, () => { c.x.dlmsSeal(0x30, title, 1, ek, ak, plain, 256, out); });

// SHA-256 of 4 KiB in 256-byte pieces.
const image = c.put(crypto.randomBytes(4096));
const digest = c.alloc(32);
const shaUs = timeUs(500, () => c.x.sha256Chunked(image, 4096, 256, digest));

const report = {
  ecdsaP256Verify: { v8Ms: verifyUs / 1e3, fieldMultiplications: multiplications, stepsAtBudget24: steps, v8UsPerStep: stepUs },
  dlmsProtect256B: { v8Us: dlmsUs, v8NsPerByte: (dlmsUs * 1e3) / 256 },
  sha256: { v8UsPerKiB: shaUs / 4 },
};
console.log("crypto (build/crypto-test.wasm in V8, median of 5 runs)");
console.log(`ECDSA P-256 verify     ${report.ecdsaP256Verify.v8Ms.toFixed(2)} ms, ${multiplications} field multiplications, ${steps} steps of <= 24 (${stepUs.toFixed(1)} us each)`);
console.log(`DLMS SC 0x30, 256 B    ${dlmsUs.toFixed(1)} us (${report.dlmsProtect256B.v8NsPerByte.toFixed(0)} ns/byte)`);
console.log(`SHA-256                ${report.sha256.v8UsPerKiB.toFixed(1)} us/KiB`);
// Cortex-M4 instruction counts of the same operations through wasm2c in QEMU, when `make bench` built the image.
const run = runCryptoOnM4();
const m4 = run && (() => {
  const insns = (name: string): number => Math.round(run.counts[name] * run.instructionsPerCount);
  return {
    ecdsaP256VerifyInstructions: insns("verify_counts"),
    ecdsaBeginInstructions: insns("begin_counts"),
    ecdsaStepsAtBudget24: run.counts.steps,
    ecdsaWorstStepInstructions: insns("worst_step_counts"),
    dlmsProtect256BInstructions: insns("dlms256_counts"),
    sha256InstructionsPerKiB: insns("sha4k_counts") / 4,
    method: "wasm2c + arm-none-eabi-gcc -O2, QEMU mps2-an386 -icount shift=0 (instructions, not cycles), wasm2c bounds checks on",
  };
})();
if (m4) {
  const kilo = (n: number): string => (n / 1e3).toFixed(1) + " k";
  console.log(`Cortex-M4 (QEMU)       verify ${(m4.ecdsaP256VerifyInstructions / 1e6).toFixed(2)} M instructions, begin ${kilo(m4.ecdsaBeginInstructions)}, ` +
    `worst of ${m4.ecdsaStepsAtBudget24} steps ${kilo(m4.ecdsaWorstStepInstructions)}; DLMS 256 B ${kilo(m4.dlmsProtect256BInstructions)}; SHA-256 ${kilo(m4.sha256InstructionsPerKiB)}/KiB`);
}
fs.writeFileSync(path.join(root, "build/bench-crypto.json"), JSON.stringify({ v8: report, m4 }, null, 2) + "\n");
console.log("wrote build/bench-crypto.json");
