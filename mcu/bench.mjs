// Runs the wasm2c benchmark natively and on the Cortex-M4 in QEMU (-icount shift=0) and prints build/bench-mcu.json;
// with the wasm3 variant's three files, the same for wasm3 in the same run, and the RAM a wasm3 board needs.
// Usage: node mcu/bench.mjs <bench-native> <bench-m4.elf> <meter-m4.elf> <memcheck mode> [<wasm3 bench-native> <wasm3 bench-m4.elf> <wasm3 meter-m4.elf>]
import { execFileSync } from "node:child_process";
import { imageSize } from "./size.mjs";

const [nativeBin, benchElf, meterElf, memcheck, w3NativeBin, w3BenchElf, w3MeterElf] = process.argv.slice(2);

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

function measureNative(bin, compiler) {
  // The ports (the consumer push every 10 s) go to stderr natively: kept out of the console, not needed here.
  const nat = parse(execFileSync(bin, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 << 20 }));
  const pairs = nat.pairs_per_run[0];
  const nsPerPair = median(nat.full_counts) / pairs; // counter is ns natively
  return {
    pairsPerSecond: 1e9 / nsPerPair,
    nsPerPair,
    bestPairsPerSecond: 1e9 / (Math.min(...nat.full_counts) / pairs),
    copyNsPerPair: median(nat.copy_counts) / pairs,
    flatNsPerPair: nat.flat_counts[0] / pairs,
    runs: nat.full_counts.length,
    pairsPerRun: pairs,
    compiler,
  };
}

// One instruction per virtual ns under -icount shift=0; the calibration loop checks the counter's ratio.
function measureM4(elf) {
  const qemu = ["-M", "mps2-an386", "-nographic", "-monitor", "none", "-serial", "null", "-semihosting", "-icount", "shift=0", "-kernel", elf];
  const m4raw = parse(execFileSync("qemu-system-arm", qemu, { encoding: "utf8", timeout: 600_000 }));
  const insnsPerCount = m4raw.calibration_instructions[0] / m4raw.calibration_counts[0];
  const m4pairs = m4raw.pairs_per_run[0];
  const perPair = (counts) => counts * insnsPerCount / m4pairs;
  return {
    raw: m4raw,
    figures: {
      instructionsPerPair: perPair(m4raw.full_counts[0] - m4raw.copy_counts[0]),
      instructionsPerPairWithCopy: perPair(m4raw.full_counts[0]),
      scanInstructionsPerPair: perPair(m4raw.flat_counts[0] - m4raw.copy_counts[0]),
      copyInstructionsPerPair: perPair(m4raw.copy_counts[0]),
      synthInstructionsPerPair: m4raw.synth_counts[0] * insnsPerCount / m4raw.synth_pairs[0],
      instructionsPerCounterTick: insnsPerCount,
      ...(m4raw.dlms_blocks ? {
        dlmsBlockTickInstructions: m4raw.dlms_block_counts[0] * insnsPerCount / m4raw.dlms_blocks[0],
        dlmsIdleTickInstructions: m4raw.dlms_idle_counts[0] * insnsPerCount / m4raw.dlms_blocks[0],
      } : {}),
      pairsMeasured: m4pairs,
    },
  };
}

const native = measureNative(nativeBin, "gcc -O2, x86-64");
const m4 = {
  ...measureM4(benchElf).figures,
  boundsChecks: memcheck,
  method: "QEMU mps2-an386 -icount shift=0, SysTick (25 MHz) around N blocks of copy + adc_block + tick, minus the copy alone",
  ...imageSize(meterElf),
};
const report = { native, m4 };
if (w3NativeBin) {
  const w3m4 = measureM4(w3BenchElf);
  const ram = (key) => w3m4.raw[key]?.[0] ?? 0;
  const image = imageSize(w3MeterElf);
  // What a wasm3 board needs, measured: the heap region malloc took (wasm memory, code pages, module, value stack,
  // allocator overhead), the C stack's high-water mark, and the board's own .data/.bss.
  const boardBytes = image.ramBytes - image.heapBytes - image.stackBytes;
  const neededBytes = ram("heap_region_used_bytes") + ram("c_stack_used_bytes") + boardBytes;
  report.wasm3 = {
    native: measureNative(w3NativeBin, "wasm3 interpreter, gcc -O2, x86-64"),
    m4: {
      ...w3m4.figures,
      timesWasm2c: w3m4.figures.instructionsPerPair / m4.instructionsPerPair,
      ...image,
      ram: {
        linearMemoryBytes: ram("linear_memory_bytes"),
        heapPeakBytes: ram("wasm3_heap_peak_bytes"),
        heapRegionUsedBytes: ram("heap_region_used_bytes"),
        valueStackBytes: ram("wasm3_value_stack_bytes"),
        valueStackUsedBytes: ram("wasm3_value_stack_used_bytes"),
        cStackUsedBytes: ram("c_stack_used_bytes"),
        boardBytes,
        neededBytes,
        codePages: ram("code_pages"),
      },
    },
  };
}
console.log(JSON.stringify(report, null, 2));
