// docs/DLMS.md's object table against each association's object_list read over DLMS: the two cannot drift apart.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Simulator } from "../host/sim.js";
import { utc } from "./helpers.js";
import { associate, objectList, ListEntry, MANAGEMENT, PUBLIC } from "./cosemclient.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

interface DocRow { name: string; ln: string; classId: number; version: number; cells: string[] }

// The rows of the table under "## Object list": | object | OBIS | class | version | public | management |.
function docRows(): DocRow[] {
  const text = fs.readFileSync(path.join(root, "docs/DLMS.md"), "utf8");
  const section = text.split(/^## Object list$/m)[1].split(/^## /m)[0];
  const rows: DocRow[] = [];
  for (const line of section.split("\n")) {
    const cells = line.split("|").slice(1, -1).map((c) => c.trim());
    if (cells.length < 6 || !/^\d+\.\d+\.\d+\.\d+\.\d+\.\d+$/.test(cells[1])) continue;
    rows.push({ name: cells[0], ln: cells[1], classId: parseInt(cells[2], 10), version: Number(cells[3]), cells: cells.slice(4) });
  }
  return rows;
}

const MODES: Record<string, number> = { "-": 0, R: 1, W: 2, RW: 3 };

// "1-6 R, 7 -, 8-9 R, m1 A": access per attribute and per method; names not given have none.
function rights(cell: string, attributes: number, methods: number): { attributes: number[]; methods: number[] } | null {
  if (cell === "-") return null;
  const out = { attributes: new Array<number>(attributes).fill(0), methods: new Array<number>(methods).fill(0) };
  for (const part of cell.split(",").map((p) => p.trim())) {
    const m = /^(m?)(\d+)(?:-(\d+))? (RW|R|W|A|-)$/.exec(part);
    assert.ok(m, `cannot read "${part}" in "${cell}"`);
    const [from, to] = [Number(m[2]), Number(m[3] ?? m[2])];
    for (let k = from; k <= to; k++) {
      if (m[1] === "m") {
        assert.ok(k <= methods, `method ${k} beyond the class's ${methods}`);
        out.methods[k - 1] = m[4] === "A" ? 1 : 0;
      } else {
        assert.ok(k <= attributes, `attribute ${k} beyond the class's ${attributes}`);
        out.attributes[k - 1] = MODES[m[4]];
      }
    }
  }
  return out;
}

function check(list: ListEntry[], rows: DocRow[], column: number, who: string): void {
  const listed = new Map(list.map((e) => [e.ln, e]));
  for (const row of rows) {
    const entry = listed.get(row.ln);
    const want = rights(row.cells[column], entry?.attributes.length ?? 0, entry?.methods.length ?? 0);
    if (want === null) {
      assert.ok(!entry, `${who}: ${row.name} ${row.ln} is in the object list but docs/DLMS.md says "-"`);
      continue;
    }
    assert.ok(entry, `${who}: ${row.name} ${row.ln} is documented but not in the object list`);
    assert.equal(entry.classId, row.classId, `${who}: class of ${row.ln}`);
    assert.equal(entry.version, row.version, `${who}: version of ${row.ln}`);
    assert.deepEqual(entry.attributes, want.attributes, `${who}: attribute access of ${row.name} ${row.ln}`);
    assert.deepEqual(entry.methods, want.methods, `${who}: method access of ${row.name} ${row.ln}`);
  }
  const documented = new Set(rows.map((r) => r.ln));
  for (const e of list) assert.ok(documented.has(e.ln), `${who}: ${e.ln} (class ${e.classId}) is in the object list but not in docs/DLMS.md`);
}

test("docs/DLMS.md's object table is each association's object_list: every object, class, version and access right", () => {
  const rows = docRows();
  assert.ok(rows.length >= 89, `${rows.length} documented objects`);
  assert.equal(new Set(rows.map((r) => r.ln)).size, rows.length, "one row per logical name");
  const sim = new Simulator({ startUtcS: utc(2026, 1, 1, 12), waveform: { vrms: 230, irms: 5 } });
  sim.boot();
  sim.run(1);
  for (const [client, column, who] of [[PUBLIC, 0, "public"], [MANAGEMENT, 1, "management"]] as const) {
    associate(sim, client);
    const list = objectList(sim, client);
    check(list, rows, column, who);
  }
});
