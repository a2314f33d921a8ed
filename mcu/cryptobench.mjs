// Runs build/mcu/cryptobench-m4.elf in QEMU (-icount shift=0) and prints Cortex-M4 instruction counts as JSON.
// Usage: node mcu/cryptobench.mjs <cryptobench-m4.elf>
import { execFileSync } from "node:child_process";

const [elf] = process.argv.slice(2);
const qemu = ["-M", "mps2-an386", "-nographic", "-monitor", "none", "-serial", "null", "-semihosting", "-icount", "shift=0", "-kernel", elf];
const text = execFileSync("qemu-system-arm", qemu, { encoding: "utf8", timeout: 300_000 });
if (!text.includes("\nEND")) throw new Error(`crypto benchmark did not finish:\n${text}`);
const v = {};
for (const m of text.matchAll(/^BENCH (\w+) (\d+)$/gm)) v[m[1]] = Number(m[2]);
// The calibration loop (subs + bne) converts counter ticks into executed instructions.
const insns = (counts) => Math.round(counts * v.calibration_instructions / v.calibration_counts);
console.log(JSON.stringify({
  ecdsaP256VerifyInstructions: insns(v.verify_counts),
  ecdsaBeginInstructions: insns(v.begin_counts),
  ecdsaStepsAtBudget24: v.steps,
  ecdsaWorstStepInstructions: insns(v.worst_step_counts),
  dlmsProtect256BInstructions: insns(v.dlms256_counts),
  sha256InstructionsPerKiB: insns(v.sha4k_counts) / 4,
  method: "wasm2c + arm-none-eabi-gcc -O2, QEMU mps2-an386 -icount shift=0 (instructions, not cycles), wasm2c bounds checks on",
}, null, 2));
