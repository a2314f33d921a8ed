// docs/EVENTS.md against the firmware: every EventCode member listed once, in the log eventLogOf assigns it.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const source = fs.readFileSync(path.join(root, "assembly/events/log.ts"), "utf8");
const doc = fs.readFileSync(path.join(root, "docs/EVENTS.md"), "utf8");
const LOG_NAMES = ["standard", "fraud", "disconnector", "power quality", "firmware", "power failure"];

// `NAME = value,` inside `export const enum <name> { ... }` of log.ts.
function enumMembers(name: string): Map<string, number> {
  const body = new RegExp(`export const enum ${name} \\{([^}]*)\\}`).exec(source)![1];
  return new Map([...body.matchAll(/^\s*([A-Z_0-9]+) = (\d+),/gm)].map((m) => [m[1], Number(m[2])]));
}

// eventLogOf's own conditions, in its order, evaluated as written (they are plain comparisons of `code`).
const logIds = enumMembers("EventLogId");
const rules = [.../export function eventLogOf\(code: i32\): EventLogId \{([^}]*)\}/.exec(source)![1]
  .matchAll(/if \((.*)\) return EventLogId\.([A-Z_]+);/g)]
  .map((m) => ({ when: new Function("code", `return ${m[1]};`) as (code: number) => boolean, log: logIds.get(m[2])! }));
const defaultLog = logIds.get(/return EventLogId\.([A-Z_]+);\s*\}/.exec(source.slice(source.indexOf("export function eventLogOf")))![1])!;
const logOf = (code: number): number => rules.find((r) => r.when(code))?.log ?? defaultLog;

const rows = new Map<number, string>();
for (const m of doc.slice(doc.indexOf("## Codes")).matchAll(/^\| (\d+) \| ([a-z ]+) \| .*\|$/gm)) {
  assert.ok(!rows.has(Number(m[1])), `code ${m[1]} listed twice`);
  rows.set(Number(m[1]), m[2]);
}

test("eventLogOf parses into rules: 5 conditions and the standard log as the default; fraud takes 5..9, 27 and 28", () => {
  assert.equal(rules.length, 5, "five if-returns in eventLogOf");
  assert.equal(defaultLog, 0);
  assert.deepEqual([5, 6, 7, 8, 9, 27, 28, 4, 10, 33, 40, 50, 60].map(logOf), [1, 1, 1, 1, 1, 1, 1, 0, 2, 5, 4, 3, 0]);
});

test("docs/EVENTS.md lists every EventCode member (at least 50) with the log the firmware assigns it", () => {
  const codes = enumMembers("EventCode");
  assert.ok(codes.size >= 50, `${codes.size} event codes`);
  for (const [name, code] of codes) {
    assert.ok(rows.has(code), `${name} = ${code} is not in docs/EVENTS.md`);
    assert.equal(rows.get(code), LOG_NAMES[logOf(code)], `${name} = ${code}`);
  }
});

test("every code docs/EVENTS.md lists is in the log eventLogOf gives it, and the logs table's depths are the rings' (306 standard, 102 the others)", () => {
  assert.ok(rows.size >= 50);
  for (const [code, log] of rows) assert.equal(log, LOG_NAMES[logOf(code)], `code ${code}`);
  const depths = [...doc.matchAll(/^\| (\d) \| ([a-z ]+) \| .* \| (\d+) \| \d+\.\.\d+ \| .* \|$/gm)].map((m) => [Number(m[1]), m[2], Number(m[3])]);
  assert.deepEqual(depths, LOG_NAMES.map((name, id) => [id, name, id === 0 ? 306 : 102]));
});
