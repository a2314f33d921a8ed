// Runs the wasm2c benchmark natively and on the Cortex-M4 in QEMU (-icount shift=0) and prints build/bench-mcu.json.
// Usage: node mcu/bench.mjs <bench-native> <bench-m4.elf> <meter-m4.elf> <memcheck mode>
import { execFileSync } from "node:child_process";
import { imageSize } from "./size.mjs";

const [nativeBin, benchElf, meterElf, memcheck] = process.argv.slice(2);

function parse(text) {
  const values = {};
  for (const line of text.split("\n")) {
    const m = line.match(/^BENCH (\w+) (-?\d+)$/);
    if (m) (values[m[1]] ??= []).push(Number(m[2]));
  }
  if (!text.includes("\nEND")) throw new Error(`benchmark did not finish:\n${text}`);
  return values;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const nat = parse(execFileSync(nativeBin, { encoding: "utf8" }));
const pairs = nat.pairs_per_run[0];
const nsPerPair = median(nat.full_counts) / pairs; // counter is ns natively
const native = {
  pairsPerSecond: 1e9 / nsPerPair,
  nsPerPair,
  bestPairsPerSecond: 1e9 / (Math.min(...nat.full_counts) / pairs),
  copyNsPerPair: median(nat.copy_counts) / pairs,
  flatNsPerPair: nat.flat_counts[0] / pairs,
  runs: nat.full_counts.length,
  pairsPerRun: pairs,
  compiler: "gcc -O2, x86-64",
};

// One instruction per virtual ns under -icount shift=0; the calibration loop checks the counter's ratio.
const qemu = ["-M", "mps2-an386", "-nographic", "-monitor", "none", "-serial", "null", "-semihosting", "-icount", "shift=0", "-kernel", benchElf];
const m4raw = parse(execFileSync("qemu-system-arm", qemu, { encoding: "utf8", timeout: 300_000 }));
const insnsPerCount = m4raw.calibration_instructions[0] / m4raw.calibration_counts[0];
const m4pairs = m4raw.pairs_per_run[0];
const perPair = (counts) => counts * insnsPerCount / m4pairs;
const m4 = {
  instructionsPerPair: perPair(m4raw.full_counts[0] - m4raw.copy_counts[0]),
  instructionsPerPairWithCopy: perPair(m4raw.full_counts[0]),
  scanInstructionsPerPair: perPair(m4raw.flat_counts[0] - m4raw.copy_counts[0]),
  copyInstructionsPerPair: perPair(m4raw.copy_counts[0]),
  synthInstructionsPerPair: m4raw.synth_counts[0] * insnsPerCount / m4raw.synth_pairs[0],
  instructionsPerCounterTick: insnsPerCount,
  pairsMeasured: m4pairs,
  boundsChecks: memcheck,
  method: "QEMU mps2-an386 -icount shift=0, SysTick (25 MHz) around N blocks of copy + adc_block + tick, minus the copy alone",
  ...imageSize(meterElf),
};
console.log(JSON.stringify({ native, m4 }, null, 2));
