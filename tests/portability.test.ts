// Portability contract of build/firmware.wasm: hal-only numeric imports, one fixed page, and only the features wasm3 v0.5 runs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const wasmPath = path.join(root, "build/firmware.wasm");

const I32 = 0x7f, I64 = 0x7e, F32 = 0x7d, F64 = 0x7c;
const TYPE_NAMES: Record<number, string> = { [I32]: "i", [I64]: "I", [F32]: "f", [F64]: "F" };

interface FuncType { params: number[]; results: number[] }
interface WasmSummary {
  sectionIds: number[];
  types: FuncType[];
  imports: Array<{ module: string; name: string; kind: number; typeIndex: number }>;
  memories: Array<{ flags: number; initial: number; maximum?: number }>;
  tables: number;
  globalTypes: number[];
  exports: Array<{ name: string; kind: number; index: number }>;
  dataModes: number[];
}

// A reader for the few sections the contract is about; the code section is left to wasm-validate and wasm2wat.
export function summarise(bytes: Uint8Array): WasmSummary {
  let p = 8;
  const u = (): number => {
    let result = 0, shift = 0, b: number;
    do { b = bytes[p++]; result += (b & 0x7f) * 2 ** shift; shift += 7; } while (b & 0x80);
    return result;
  };
  const name = (): string => { const n = u(); const s = Buffer.from(bytes.subarray(p, p + n)).toString("utf8"); p += n; return s; };
  const limits = (): { flags: number; initial: number; maximum?: number } => {
    const flags = u(); const initial = u();
    return (flags & 1) ? { flags, initial, maximum: u() } : { flags, initial };
  };
  // Constant expressions of MVP: one const or global.get, then end; immediates may contain 0x0b, so decode them.
  const skipInitExpr = (): void => {
    const op = bytes[p++];
    if (op === 0x41 || op === 0x42 || op === 0x23) u();
    else if (op === 0x43) p += 4;
    else if (op === 0x44) p += 8;
    else throw new Error(`constant expression opcode 0x${op.toString(16)} is outside MVP`);
    assert.equal(bytes[p++], 0x0b, "a constant expression is one instruction");
  };
  const s: WasmSummary = { sectionIds: [], types: [], imports: [], memories: [], tables: 0, globalTypes: [], exports: [], dataModes: [] };
  assert.deepEqual([...bytes.subarray(0, 8)], [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0], "wasm binary version 1");
  while (p < bytes.length) {
    const id = bytes[p++];
    const size = u();
    const end = p + size;
    s.sectionIds.push(id);
    if (id === 1) {
      for (let n = u(); n > 0; n--) {
        assert.equal(bytes[p++], 0x60, "function type");
        const params = Array.from({ length: u() }, () => bytes[p++]);
        const results = Array.from({ length: u() }, () => bytes[p++]);
        s.types.push({ params, results });
      }
    } else if (id === 2) {
      for (let n = u(); n > 0; n--) {
        const module = name(), field = name(), kind = bytes[p++];
        let typeIndex = -1;
        if (kind === 0) typeIndex = u();
        else if (kind === 1) { p++; limits(); } else if (kind === 2) limits(); else p += 2;
        s.imports.push({ module, name: field, kind, typeIndex });
      }
    } else if (id === 4) {
      s.tables = u();
    } else if (id === 5) {
      for (let n = u(); n > 0; n--) s.memories.push(limits());
    } else if (id === 6) {
      for (let n = u(); n > 0; n--) { s.globalTypes.push(bytes[p++]); p++; skipInitExpr(); }
    } else if (id === 7) {
      for (let n = u(); n > 0; n--) s.exports.push({ name: name(), kind: bytes[p++], index: u() });
    } else if (id === 11) {
      for (let n = u(); n > 0; n--) {
        const mode = u();
        s.dataModes.push(mode);
        if (mode === 2) u();
        if (mode !== 1) skipInitExpr();
        const bytesLen = u(); // not `p += u()`: p would be read before u() moves it
        p += bytesLen;
      }
    }
    p = end;
  }
  return s;
}

// wasm3's m3_LinkRawFunction signature string of a function type, e.g. "i(ii)" or "I()".
export function wasm3Signature(t: FuncType): string {
  const r = t.results.length === 0 ? "v" : TYPE_NAMES[t.results[0]];
  return `${r}(${t.params.map((x) => TYPE_NAMES[x]).join("")})`;
}

// Opcodes outside MVP + sat f2i + sign extension, as wasm2wat spells them.
const FORBIDDEN = /\b(memory\.init|data\.drop|memory\.copy|memory\.fill|table\.\w+|elem\.drop|ref\.\w+|return_call\w*|call_ref|v128\.\w+|[if]\d+x\d+\.\w+|try|catch|throw|rethrow|delegate|memory\.atomic\.\w+|\w+\.atomic\.\w+|select \(result)\b/;

function contractViolations(wasmFile: string): string[] {
  const problems: string[] = [];
  try {
    // Default features of wabt 1.0.32 minus those outside the contract: MVP, saturating float-to-int, and sign extension
    // (AssemblyScript emits it for small-integer casts; the module has none today).
    execFileSync("wasm-validate", ["--disable-simd", "--disable-multi-value", "--disable-reference-types", "--disable-bulk-memory",
      "--disable-mutable-globals", wasmFile], { stdio: "pipe" });
  } catch (e) {
    problems.push(`wasm-validate: ${String((e as { stderr?: Buffer }).stderr ?? e).trim()}`);
  }
  const wat = execFileSync("wasm2wat", ["--enable-all", wasmFile], { encoding: "utf8", maxBuffer: 64 << 20 });
  for (const line of wat.split("\n")) {
    const m = line.match(FORBIDDEN);
    if (m) problems.push(`opcode ${m[1]}: ${line.trim()}`);
  }
  return problems;
}

test("the firmware imports only hal functions with i32, i64 and f64 parameters and at most one result", () => {
  const s = summarise(fs.readFileSync(wasmPath));
  assert.ok(s.imports.length >= 1);
  for (const imp of s.imports) {
    assert.equal(imp.module, "hal", `${imp.module}.${imp.name}`);
    assert.equal(imp.kind, 0, `${imp.name} is a function`);
    const t = s.types[imp.typeIndex];
    for (const v of [...t.params, ...t.results]) assert.ok([I32, I64, F64].includes(v), `${imp.name} uses type 0x${v.toString(16)}`);
    assert.ok(t.results.length <= 1, `${imp.name} returns ${t.results.length} values`);
  }
  const rtc = s.imports.find((i) => i.name === "rtc_read");
  if (rtc) assert.equal(wasm3Signature(s.types[rtc.typeIndex]), "I()");
  const adc = s.imports.find((i) => i.name === "adc_config");
  if (adc) assert.equal(wasm3Signature(s.types[adc.typeIndex]), "i(ii)");
});

test("the firmware exports one memory of exactly one 64 KiB page and imports none", () => {
  const s = summarise(fs.readFileSync(wasmPath));
  assert.equal(s.memories.length, 1);
  assert.deepEqual(s.memories[0], { flags: 1, initial: 1, maximum: 1 }, "initial 1, maximum 1, not shared, not 64-bit");
  assert.deepEqual(s.exports.filter((e) => e.kind === 2).map((e) => e.name), ["memory"]);
  assert.equal(s.imports.filter((i) => i.kind !== 0).length, 0, "no imported memory, table or global (wasm3 cannot import memory)");
});

test("every function type has at most one result and only numeric types; no tables, no passive data", () => {
  const s = summarise(fs.readFileSync(wasmPath));
  for (const [k, t] of s.types.entries()) {
    assert.ok(t.results.length <= 1, `type ${k} has ${t.results.length} results (multi-value)`);
    for (const v of [...t.params, ...t.results]) assert.ok(v in TYPE_NAMES, `type ${k} uses 0x${v.toString(16)}`);
  }
  for (const g of s.globalTypes) assert.ok(g in TYPE_NAMES, `global of type 0x${g.toString(16)}`);
  assert.ok(s.tables <= 1, "at most one funcref table");
  assert.ok(!s.sectionIds.includes(12), "no data count section: memory.init/data.drop are not used");
  assert.deepEqual([...new Set(s.dataModes)].filter((m) => m !== 0), [], "only active data segments in memory 0");
});

test("the firmware uses only MVP, saturating f2i and sign extension (no bulk memory, no mutable-global import or export)", () => {
  assert.deepEqual(contractViolations(wasmPath), []);
});

test("the contract check rejects SIMD, memory.init, memory.fill and multi-value modules", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portability-"));
  const bad = {
    simd: `(module (memory 1 1) (func (result i32) (i32x4.extract_lane 0 (v128.const i32x4 1 2 3 4))))`,
    passive: `(module (memory 1 1) (data "x") (func (memory.init 0 (i32.const 0) (i32.const 0) (i32.const 1)) (data.drop 0)))`,
    multi: `(module (func (result i32 i32) (i32.const 1) (i32.const 2)))`,
    fill: `(module (memory 1 1) (func (memory.fill (i32.const 0) (i32.const 0) (i32.const 8))))`,
  };
  for (const [name, wat] of Object.entries(bad)) {
    const watFile = path.join(dir, `${name}.wat`);
    const wasmFile = path.join(dir, `${name}.wasm`);
    fs.writeFileSync(watFile, wat);
    execFileSync("wat2wasm", ["--enable-all", watFile, "-o", wasmFile]);
    assert.ok(contractViolations(wasmFile).length > 0, `${name} passes the contract check`);
  }
  fs.rmSync(dir, { recursive: true });
});

test("PORTING.md's wasm3 signature strings match every import the module has", () => {
  const doc = fs.readFileSync(path.join(root, "docs/PORTING.md"), "utf8");
  const documented = new Map([...doc.matchAll(/^\| `([a-z_0-9]+)` \| `([viIF]\([iIF]*\))` \|$/gm)].map((m) => [m[1], m[2]]));
  const s = summarise(fs.readFileSync(wasmPath));
  assert.equal(documented.size, s.imports.length, `all ${s.imports.length} imports of the module are listed, and no other`);
  for (const imp of s.imports) assert.equal(documented.get(imp.name), wasm3Signature(s.types[imp.typeIndex]), imp.name);
});

// The call graph from the start section: what runs at instantiation, before a host can call abi_version or boot.
function startReach(wasmFile: string): { start: number; imports: string[] } {
  const header = execFileSync("wasm-objdump", ["-h", wasmFile], { encoding: "utf8" });
  const start = Number(header.match(/start: (\d+)/)?.[1] ?? -1);
  const importNames = new Map<number, string>();
  const details = execFileSync("wasm-objdump", ["-x", "-j", "Import", wasmFile], { encoding: "utf8" });
  for (const m of details.matchAll(/func\[(\d+)\] sig=\d+ <hal\.(\w+)>/g)) importNames.set(Number(m[1]), m[2]);
  const calls = new Map<number, number[]>();
  const indirect = new Set<number>();
  let current = -1;
  for (const line of execFileSync("wasm-objdump", ["-d", wasmFile], { encoding: "utf8", maxBuffer: 64 << 20 }).split("\n")) {
    const f = line.match(/^[0-9a-f]+ func\[(\d+)\]/);
    if (f) calls.set((current = Number(f[1])), []);
    const c = line.match(/\|\s*call (\d+)/);
    if (c && current >= 0) calls.get(current)!.push(Number(c[1]));
    if (/call_indirect/.test(line)) indirect.add(current);
  }
  const seen = new Set<number>();
  const todo = start >= 0 ? [start] : [];
  while (todo.length > 0) {
    const fn = todo.pop()!;
    if (seen.has(fn)) continue;
    seen.add(fn);
    todo.push(...(calls.get(fn) ?? []));
  }
  // An indirect call could reach any table entry: such a start function is not provable this way.
  const imports = [...seen].filter((fn) => importNames.has(fn)).map((fn) => importNames.get(fn)!);
  if ([...seen].some((fn) => indirect.has(fn))) imports.push("(call_indirect)");
  return { start, imports: imports.sort() };
}

test("the start section, which runs at instantiation before boot, can reach no hal import but abort", () => {
  // HAL.md and PORTING.md say so: a host links every import (abort working) before it instantiates.
  const reach = startReach(wasmPath);
  assert.ok(reach.start >= 0, "the module has a start section (AssemblyScript's static initialisers)");
  assert.ok(reach.imports.includes("abort"), `start reaches ${reach.imports.join(", ") || "no import"}: the walk must see the allocator's abort`);
  assert.deepEqual(reach.imports.filter((name) => name !== "abort"), [], `start reaches ${reach.imports.join(", ")}`);
});
