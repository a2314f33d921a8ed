// Sample-loop benchmark: firmware.wasm in V8 (pairs/s, ns/pair), with wasm2c native and Cortex-M4 figures from build/bench-mcu.json; JSON in build/bench.json.
// The MCU figures are used only when make passes the file it measured in this same run; the CLI's simulated day is timed too.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Simulator } from "./sim.js";
import { benchDlms } from "./benchdlms.js";
import { benchProfileDay } from "./benchprofile.js";
import { benchDepth, formatDepth } from "./benchdepth.js";
import { benchAlog, formatAlog } from "./benchalog.js";
import { benchHdlc } from "./benchhdlc.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const RATE_HZ = 4000;
const BLOCK_PAIRS = 40; // 10 ms: one DMA half-transfer
const RUNS = 7;
const SECONDS_PER_RUN = 2000; // meter seconds per run: 8 million pairs

// One second of a realistic load (230 V, 20 A, PF 0.9 with 3rd and 5th harmonics) as integer samples;
// 50 Hz makes it exactly periodic over the second, so replaying it is a continuous wave.
function oneSecondOfSamples(): Int32Array {
  const samples = new Int32Array(RATE_HZ * 2);
  const vScale = 8388608 / 500;
  const iScale = 8388608 / 250;
  const phi = Math.acos(0.9);
  for (let n = 0; n < RATE_HZ; n++) {
    const th = 2 * Math.PI * 50 * n / RATE_HZ;
    const v = 230 * Math.SQRT2 * (Math.sin(th) + 0.04 * Math.sin(3 * th));
    const i = 20 * Math.SQRT2 * (Math.sin(th - phi) + 0.3 * Math.sin(3 * th - 0.4) + 0.15 * Math.sin(5 * th + 1));
    samples[2 * n] = Math.round(v * vScale);
    samples[2 * n + 1] = Math.round(i * iScale);
  }
  return samples;
}

interface RunResult {
  pairsPerSecond: number;
  nsPerPair: number;
}

// Each block is copied into the firmware's buffer first, as the DMA would, then handed over; the tick
// runs every block like the 10 ms SysTick. Only the firmware and that copy are timed.
function run(sim: Simulator, samples: Int32Array): RunResult {
  const blocksPerSecond = RATE_HZ / BLOCK_PAIRS;
  const blocks = SECONDS_PER_RUN * blocksPerSecond;
  const views: Int32Array[] = [];
  for (let b = 0; b < blocksPerSecond; b++) views.push(samples.subarray(b * BLOCK_PAIRS * 2, (b + 1) * BLOCK_PAIRS * 2));
  const meter = sim.meter;
  const start = process.hrtime.bigint();
  for (let b = 0; b < blocks; b++) {
    meter.writeSamples(views[b % blocksPerSecond], BLOCK_PAIRS);
    meter.adcBlock(BLOCK_PAIRS);
    meter.tick();
  }
  const ns = Number(process.hrtime.bigint() - start);
  const pairs = blocks * BLOCK_PAIRS;
  return { pairsPerSecond: pairs / ns * 1e9, nsPerPair: ns / pairs };
}

// What mcu/bench.mjs measures on the Cortex-M4 (build/bench-mcu.json, made by `make bench` through mcu/mcu.mk).
interface M4Figures {
  instructionsPerPair: number;
  scanInstructionsPerPair: number;
  boundsChecks: string;
  flashBytes: number;
  ramBytes: number;
  stackBytes: number;
  dlmsBlockTickInstructions?: number;
  dlmsIdleTickInstructions?: number;
}

// The wasm3 variant, measured by the same mcu/bench.mjs run (absent where the wasm3 sources are).
interface Wasm3Figures {
  native: { nsPerPair: number; pairsPerSecond: number };
  m4: { instructionsPerPair: number; timesWasm2c: number; flashBytes: number;
    ram: { linearMemoryBytes: number; heapPeakBytes: number; heapRegionUsedBytes: number; valueStackBytes: number; valueStackUsedBytes: number;
      cStackUsedBytes: number; boardBytes: number; neededBytes: number; codePages: number } };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

// The CLI as a user runs it: wall seconds and resident memory for a simulated hour and day.
function simulatedRun(...args: string[]): { wallS: number; rssMb: number } {
  const out = execFileSync(process.execPath, [path.join(root, "build/js/host/cli.js"), ...args], { encoding: "utf8", maxBuffer: 1 << 26 });
  const m = /in ([\d.]+) s: \d+x real time, (\d+) MB resident/.exec(out);
  if (!m) throw new Error(`no summary line in the CLI's output:\n${out.slice(-500)}`);
  return { wallS: Number(m[1]), rssMb: Number(m[2]) };
}

function main(): void {
  const sim = new Simulator({});
  sim.boot();
  const samples = oneSecondOfSamples();
  run(sim, samples); // warm-up: V8 tiers the module up
  const results: RunResult[] = [];
  for (let r = 0; r < RUNS; r++) results.push(run(sim, samples));
  const v8 = {
    pairsPerSecond: median(results.map((r) => r.pairsPerSecond)),
    nsPerPair: median(results.map((r) => r.nsPerPair)),
    bestPairsPerSecond: Math.max(...results.map((r) => r.pairsPerSecond)),
    runs: RUNS,
    pairsPerRun: SECONDS_PER_RUN * RATE_HZ,
    blockPairs: BLOCK_PAIRS,
  };
  const report: Record<string, unknown> = {
    date: new Date().toISOString(),
    node: process.version,
    cpu: (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? null,
    v8,
    aimPairsPerSecond: 25e6,
  };
  const rows: string[][] = [["runtime", "pairs/s", "ns/pair", "note"]];
  rows.push(["V8 (node " + process.version + ")", (v8.pairsPerSecond / 1e6).toFixed(1) + " M", v8.nsPerPair.toFixed(2),
    `median of ${RUNS} runs of ${(v8.pairsPerRun / 1e6).toFixed(0)} M pairs, blocks of ${BLOCK_PAIRS}`]);
  const mcuArg = process.argv[2];
  const mcuPath = mcuArg ? path.resolve(root, mcuArg) : undefined;
  if (!mcuPath) rows.push(["wasm2c / Cortex-M4", "-", "-", "not measured in this run: make bench measures them"]);
  if (mcuPath) {
    const mcu = JSON.parse(fs.readFileSync(mcuPath, "utf8")) as {
      native?: { nsPerPair?: number; pairsPerSecond?: number };
      m4?: M4Figures;
      wasm3?: Wasm3Figures;
    };
    report.mcu = mcu;
    if (mcu.native?.nsPerPair) {
      const ratio = v8.nsPerPair / mcu.native.nsPerPair;
      report.v8OverNative = ratio;
      rows.push(["wasm2c native x86-64", ((mcu.native.pairsPerSecond ?? 0) / 1e6).toFixed(1) + " M", mcu.native.nsPerPair.toFixed(2),
        `V8 / native = ${ratio.toFixed(2)} (aim <= 1.5: ${ratio <= 1.5 ? "met" : "NOT met"})`]);
    }
    const m4 = mcu.m4;
    if (m4) {
      report.m4InstructionsPerPair = m4.instructionsPerPair;
      rows.push(["Cortex-M4 (QEMU, wasm2c)", "-", "-",
        `${m4.instructionsPerPair.toFixed(1)} instructions/pair in adc_block + tick (aim <= 100: ${m4.instructionsPerPair <= 100 ? "met" : "NOT met"}), ` +
        `of which scan loop ${m4.scanInstructionsPerPair.toFixed(1)}; bounds checks ${m4.boundsChecks}`]);
      rows.push(["Cortex-M4 image", "-", "-",
        `flash ${(m4.flashBytes / 1024).toFixed(1)} KiB, RAM ${(m4.ramBytes / 1024).toFixed(1)} KiB (64 KiB wasm memory, ${m4.stackBytes / 1024} KiB stack)`]);
      if (m4.dlmsBlockTickInstructions !== undefined) {
        rows.push(["Cortex-M4 DLMS (wasm2c)", "-", "-",
          `tick answering a block of the object list (LLS, wrapper): ${(m4.dlmsBlockTickInstructions / 1000).toFixed(1)} k instructions, ` +
          `idle tick ${((m4.dlmsIdleTickInstructions ?? 0) / 1000).toFixed(1)} k (with a 10 ms ADC block each)`]);
      }
    }
    const w3 = mcu.wasm3;
    if (w3) {
      const kib = (b: number): string => (b / 1024).toFixed(1) + " KiB";
      const { ram } = w3.m4;
      rows.push(["wasm3 native x86-64", (w3.native.pairsPerSecond / 1e6).toFixed(2) + " M", w3.native.nsPerPair.toFixed(2),
        `interpreted; V8 / wasm3 = ${(v8.nsPerPair / w3.native.nsPerPair).toFixed(3)}`]);
      rows.push(["Cortex-M4 (QEMU, wasm3)", "-", "-",
        `${w3.m4.instructionsPerPair.toFixed(1)} instructions/pair = ${w3.m4.timesWasm2c.toFixed(2)} x wasm2c ` +
        `(aim <= 10: ${w3.m4.timesWasm2c <= 10 ? "met" : "NOT met"})`]);
      rows.push(["wasm3 Cortex-M4 RAM", "-", "-",
        `${kib(ram.neededBytes)} needed (aim <= 192 KiB: ${ram.neededBytes <= 192 * 1024 ? "met" : "NOT met"}): heap region ${kib(ram.heapRegionUsedBytes)} ` +
        `(wasm3 heap high-water ${kib(ram.heapPeakBytes)}: ${kib(ram.linearMemoryBytes)} linear memory, ${ram.codePages} code pages of 4 KiB, ` +
        `value stack ${kib(ram.valueStackUsedBytes)} of ${kib(ram.valueStackBytes)} used), C stack high-water ${kib(ram.cStackUsedBytes)}, ` +
        `board ${ram.boardBytes} B; flash ${kib(w3.m4.flashBytes)}`]);
    }
  }
  const hour = simulatedRun("--duration", "1h");
  const day = simulatedRun("--duration", "1d");
  // 100 A for a day: 552,000 S0 and LED pulses each, which the CLI must not keep.
  const heavy = simulatedRun("--duration", "1d", "--current", "100");
  // What the firmware alone needs for a day's 345.6 M pairs at this run's V8 rate: the floor of the figure.
  const loopS = 86400 * RATE_HZ / v8.pairsPerSecond;
  report.simulatedDay = { wallS: day.wallS, sampleLoopS: loopS, rssMb: day.rssMb, hourRssMb: hour.rssMb, day100ARssMb: heavy.rssMb, aimWallS: 3 };
  rows.push(["simulated day (CLI)", "-", "-",
    `${day.wallS.toFixed(2)} s for 24 h of 10 A PF 0.95 (aim < 3 s: ${day.wallS < 3 ? "met" : "NOT met"}), ` +
    `of which the sample loop ${loopS.toFixed(2)} s at the V8 rate above`]);
  rows.push(["CLI memory", "-", "-", `${hour.rssMb} MB resident after 1 h, ${day.rssMb} MB after 1 d, ${heavy.rssMb} MB after 1 d at 100 A`]);
  const dlms = benchDlms();
  report.dlms = dlms;
  rows.push(["V8, module port (DLMS)", "-", "-",
    `tick answering a block of the object list (${dlms.blockBytes.toFixed(0)} bytes, ${dlms.blocksPerList} blocks): ` +
    `${(dlms.blockTickNs / 1000).toFixed(1)} us; idle tick ${(dlms.idleTickNs / 1000).toFixed(1)} us`]);
  const lp = benchProfileDay();
  report.profileDay = lp;
  rows.push(["V8, load profile day (DLMS)", "-", "-",
    `range read of ${lp.entries} entries (Z29 3) of a week's profile: ${lp.ticks} ticks; the GET ${lp.firstTickUs.toFixed(0)} us ` +
    `(${lp.firstTickFlashBytes} flash bytes: the seek's anchors and the count), GET next ${lp.medianBlockTickUs.toFixed(1)} us median ` +
    `(<= ${lp.maxBlockFlashBytes} flash bytes; mean ${lp.blockTickUs.toFixed(1)} us, max ${lp.maxBlockTickUs.toFixed(0)} us wall clock, ` +
    `preemption included); idle tick ${lp.idleTickUs.toFixed(1)} us`]);
  rows.push(["V8, module port (DLMS HLS)", "-", "-",
    `tick answering a ciphered block (SC 0x30, ${dlms.hlsBlockBytes.toFixed(0)} bytes, ${dlms.hlsBlocksPerList.toFixed(1)} blocks): ` +
    `${(dlms.hlsBlockTickNs / 1000).toFixed(1)} us; firmware.wasm ${(fs.statSync(path.join(root, "build/firmware.wasm")).size / 1024).toFixed(1)} KiB`]);
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c])).join("  "));
  console.log(`aim: >= 25 M pairs/s in V8 -> ${v8.pairsPerSecond >= 25e6 ? "met" : "NOT met"}`);
  const hdlc = benchHdlc();
  report.hdlc = hdlc;
  console.log(`HDLC in V8: ${hdlc.nsPerRxByte.toFixed(1)} ns per received byte, tick answering a 128-byte I-frame ` +
    `${(hdlc.nsPerAnsweringTick / 1000).toFixed(2)} us vs ${(hdlc.nsPerIdleTick / 1000).toFixed(2)} us idle (${hdlc.frames} frames)`);
  // Issue 14: what the load profile ring holds, measured from the flash the real store wrote.
  const depth = benchDepth();
  report.profileDepth = depth;
  console.log("load profile depth (508 KiB; full load 100 A 230 V through all four quadrants, household 4,000 kWh/year, docs/NVM.md):");
  for (const r of depth) console.log("  " + formatDepth(r));
  const alog = benchAlog();
  report.analysisLoggerDepth = alog;
  console.log("analysis logger depth (Z10; 64 KiB, 15 sectors always kept, docs/NVM.md):");
  for (const r of alog) console.log("  " + formatAlog(r));
  fs.mkdirSync(path.join(root, "build"), { recursive: true });
  fs.writeFileSync(path.join(root, "build/bench.json"), JSON.stringify(report, null, 2) + "\n");
  console.log("wrote build/bench.json");
}

main();
