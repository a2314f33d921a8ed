// Build step (make build): appends the custom section "legal" to a wasm module: the SHA-256 of the legal sources (docs/UPDATE.md).
//
// The legal sources are assembly/metrology/*.ts (not the specs) and every file they import, transitively:
// the metrology code and its constants. Usage: node build/js/host/legal.js build/firmware.wasm
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

export function legalSources(): string[] {
  const seen = new Set<string>();
  const queue = fs.readdirSync(path.join(root, "assembly/metrology"))
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".spec.ts"))
    .map((f) => path.join(root, "assembly/metrology", f));
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const m of fs.readFileSync(file, "utf8").matchAll(/from\s+"(\.[^"]+)"/g)) {
      queue.push(path.resolve(path.dirname(file), m[1] + ".ts"));
    }
  }
  return [...seen].map((f) => path.relative(root, f).split(path.sep).join("/")).sort();
}

// SHA-256 over each source's path, a NUL, its length and its bytes, in path order.
export function legalHash(): Buffer {
  const h = crypto.createHash("sha256");
  for (const rel of legalSources()) {
    const bytes = fs.readFileSync(path.join(root, rel));
    h.update(`${rel}\0${bytes.length}\0`);
    h.update(bytes);
  }
  return h.digest();
}

function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

// The module without any "legal" section, then one holding `hash`.
export function withLegalSection(wasm: Uint8Array, hash: Uint8Array): Buffer {
  const parts = [wasm.subarray(0, 8)];
  let at = 8;
  while (at < wasm.length) {
    const start = at;
    const id = wasm[at++];
    let size = 0;
    for (let shift = 0; ; shift += 7) {
      const b = wasm[at++];
      size |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) break;
    }
    const end = at + size;
    const isLegal = id === 0 && wasm[at] === 5 && Buffer.from(wasm.subarray(at + 1, at + 6)).toString() === "legal";
    if (!isLegal) parts.push(wasm.subarray(start, end));
    at = end;
  }
  const name = Buffer.from("legal");
  const content = [name.length, ...name, ...hash];
  parts.push(Uint8Array.from([0, ...leb(content.length), ...content]));
  return Buffer.concat(parts);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) throw new Error("usage: node build/js/host/legal.js <module.wasm>");
  const hash = legalHash();
  fs.writeFileSync(file, withLegalSection(fs.readFileSync(file), hash));
  console.log(`${file}: legal section ${hash.toString("hex")} (${legalSources().length} sources)`);
}
