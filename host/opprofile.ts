// Where an interpreter spends its operations: wasm3 operations per sample pair estimated per function of firmware.wasm.
//
// wasm3 compiles most wasm instructions to one operation each but folds `local.get` and constants into the
// operations' operands, so an instrumented copy of the module (from build/firmware.wat, assembled by wabt's
// wat2wasm) counts, per function, the other instructions of every straight-line run it enters; V8 runs it on the
// bench load (230 V, 20 A, PF 0.9 with harmonics, 40 pairs a block, a tick a block). The estimate was 77.1
// operations per pair where wasm3's own op profiler counted 78.4 (docs/PORTING.md).
//
//   node build/js/host/opprofile.js [seconds] [rows]
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SimCore } from "./simcore.js";
import { firmwareCrc32 } from "./firmware.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const RATE_HZ = 4000;
const BLOCK_PAIRS = 40;

// Instructions an interpreter folds into its operations' operands, or that only delimit runs.
const FREE = /^(local\.get|i32\.const|i64\.const|f32\.const|f64\.const|nop|block|loop|end|drop)\b/;
// Instructions after which a straight-line run ends.
const RUN_END = /^(block|loop|if|else|end|br|br_if|br_table|return|unreachable)\b/;

export interface OpProfile {
  opsPerPair: number;
  functions: { name: string; opsPerPair: number }[];
}

// The text of the module with one i64 counter global per function, exported as __c<n>, raised by each run's weight.
function instrument(wat: string): { text: string; names: string[] } {
  const out: string[] = [];
  const names: string[] = [];
  let inFunc = false;
  let run: { at: number; weight: number } | null = null;
  const close = (): void => {
    if (run) {
      const f = names.length - 1;
      out[run.at] = `  global.get $__c${f}\n  i64.const ${run.weight}\n  i64.add\n  global.set $__c${f}`;
      run = null;
    }
  };
  for (const line of wat.split("\n")) {
    const func = /^ \(func (\$\S+)/.exec(line);
    if (func) {
      close();
      names.push(func[1]);
      inFunc = true;
      out.push(line);
      continue;
    }
    const op = line.trim();
    if (!inFunc || /^\((local|param|result)\b/.test(op)) {
      out.push(line);
      continue;
    }
    if (line.startsWith(" )")) {
      close();
      inFunc = false;
      out.push(line);
      continue;
    }
    if (!run) {
      out.push("");
      run = { at: out.length - 1, weight: 0 };
    }
    out.push(line);
    if (op.length > 0 && !FREE.test(op)) run.weight++;
    if (RUN_END.test(op)) close();
  }
  close();
  const first = out.findIndex((l) => /^ \(func /.test(l));
  const counters = names.flatMap((_, f) => [` (global $__c${f} (mut i64) (i64.const 0))`, ` (export "__c${f}" (global $__c${f}))`]);
  out.splice(first, 0, ...counters);
  return { text: out.join("\n"), names };
}

// The bench's second of samples: 50 Hz, so replaying it is a continuous wave.
function benchSecond(): Int32Array {
  const samples = new Int32Array(RATE_HZ * 2);
  const phi = Math.acos(0.9);
  for (let n = 0; n < RATE_HZ; n++) {
    const th = 2 * Math.PI * 50 * n / RATE_HZ;
    const v = 230 * Math.SQRT2 * (Math.sin(th) + 0.04 * Math.sin(3 * th));
    const i = 20 * Math.SQRT2 * (Math.sin(th - phi) + 0.3 * Math.sin(3 * th - 0.4) + 0.15 * Math.sin(5 * th + 1));
    samples[2 * n] = Math.round(v * 8388608 / 500);
    samples[2 * n + 1] = Math.round(i * 8388608 / 250);
  }
  return samples;
}

// Runs `seconds` of the bench load after two seconds of warm-up (boot, the first windows).
export function opProfile(seconds: number, watPath = path.join(ROOT, "build/firmware.wat")): OpProfile {
  const { text, names } = instrument(fs.readFileSync(watPath, "utf8"));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "opprofile-"));
  let wasm: Buffer;
  try {
    fs.writeFileSync(path.join(dir, "m.wat"), text);
    execFileSync("wat2wasm", ["--enable-all", path.join(dir, "m.wat"), "-o", path.join(dir, "m.wasm")]);
    wasm = fs.readFileSync(path.join(dir, "m.wasm"));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const sim = new SimCore({ module: new WebAssembly.Module(new Uint8Array(wasm)), legalChecksum: firmwareCrc32() });
  sim.boot();
  const meter = sim.meter;
  const exports = meter.exports as unknown as Record<string, WebAssembly.Global>;
  const second = benchSecond();
  const blocksPerSecond = RATE_HZ / BLOCK_PAIRS;
  const run = (s: number): void => {
    for (let b = 0; b < s * blocksPerSecond; b++) {
      const at = (b % blocksPerSecond) * BLOCK_PAIRS * 2;
      meter.writeSamples(second.subarray(at, at + BLOCK_PAIRS * 2), BLOCK_PAIRS);
      meter.adcBlock(BLOCK_PAIRS);
      meter.tick();
    }
  };
  const counts = (): bigint[] => names.map((_, f) => exports[`__c${f}`].value as bigint);
  run(2);
  const before = counts();
  run(seconds);
  const after = counts();
  const pairs = seconds * RATE_HZ;
  const functions = names
    .map((name, f) => ({ name: name.slice(1), opsPerPair: Number(after[f] - before[f]) / pairs }))
    .filter((r) => r.opsPerPair > 0)
    .sort((a, b) => b.opsPerPair - a.opsPerPair);
  return { opsPerPair: functions.reduce((s, r) => s + r.opsPerPair, 0), functions };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const seconds = Number(process.argv[2] ?? 20);
  const rows = Number(process.argv[3] ?? 30);
  const p = opProfile(seconds);
  console.log(`wasm3 operations per pair (estimate, ${seconds} s of the bench load): ${p.opsPerPair.toFixed(1)}`);
  for (const r of p.functions.slice(0, rows)) {
    console.log(`${r.opsPerPair.toFixed(3).padStart(8)}  ${(r.opsPerPair * BLOCK_PAIRS).toFixed(1).padStart(8)}/block  ${r.name}`);
  }
}
