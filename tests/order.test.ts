// The meter as ordered: the factory step validates type number X1..X16 and Z1..Z30 against the data sheet's tables and rules, and writes the factory record once.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Simulator } from "../host/sim.js";
import { ConfigId, Err, OrderRule, Register, UartPort } from "../host/abi.js";
import { NorFlash, PowerCut } from "../host/shims/nvm.js";
import { decodeLcd } from "../host/lcdview.js";
import { parseTypeNumber, parseZCodes, OrderSyntaxError } from "../host/order.js";
import { crc32, utc } from "./helpers.js";
import { associate, get, set, setList, u32, MANAGEMENT } from "./cosemclient.js";
import { hdlcFrame, parseFrames, SNRM, UA, iControl } from "../host/hdlcclient.js";
import { aarqLls } from "./dlmsframes.js";
import { HlsClient } from "./dlmshls.js";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

// 68 61-11 1 BN 1 43 0 0 1-208: single-phase OMNIPOWER, standard housing, 5-100 A, class B, variant 1,
// A+/A-/R+/R-, standard breaker, no radio, supercap, S0, Denmark.
const TYPE_DK = "61111BN143001208";
const withX = (type: string, index: number, char: string): string => type.slice(0, index - 1) + char + type.slice(index);

function fresh(nvm = new NorFlash()): Simulator {
  const sim = new Simulator({ startUtcS: utc(2026, 5, 4, 9), nvm });
  sim.boot();
  return sim;
}

test("a valid order is applied: every Z code in force, Z8 as pulse length and alarm input, X12 as supply backup, the factory record read back", () => {
  const sim = fresh();
  const z = new Map([[1, 3], [2, 2], [3, 16], [4, 3], [6, 15], [7, 1], [8, 4], [11, 2], [12, 0], [13, 0], [14, 1], [16, 348],
    [17, 2], [19, 2], [25, 2], [26, 5], [29, 3]]);
  const r = sim.meter.factoryConfigure(withX(TYPE_DK, 12, "1"), z);
  assert.deepEqual(r, { status: Err.OK });
  for (const [index, value] of z) {
    assert.equal(sim.meter.orderZ(index), value, `Z${index} in force`);
    assert.equal(sim.meter.orderZFactory(index), value, `Z${index} as ordered`);
  }
  assert.equal(sim.meter.configGet(ConfigId.PULSE_WIDTH_MS), 80, "Z8 4: 80 ms");
  assert.equal(sim.meter.configGet(ConfigId.ALARM_INPUT), 1, "Z8 4: alarm input active");
  assert.equal(sim.meter.configGet(ConfigId.SUPPLY_BACKUP), 1, "X12 1: supercap + battery");
  assert.equal(sim.meter.configGet(ConfigId.FREQUENCY_CODE), 348);
  assert.equal(sim.meter.orderType(), withX(TYPE_DK, 12, "1"));
  assert.equal(sim.meter.orderZ(21), -1, "Z21..Z24 are not in the data sheet");
  // Z codes change later through the (authorised) configuration interface; the order stays as it was.
  assert.equal(sim.meter.configSet(ConfigId.DISPLAY_DECIMALS, 4), Err.OK);
  assert.equal(sim.meter.orderZ(1), 4);
  assert.equal(sim.meter.orderZFactory(1), 3);
});

test("X codes never change: a second factory step is refused, also after a power cycle", () => {
  const nvm = new NorFlash();
  const sim = fresh(nvm);
  assert.equal(sim.meter.factoryConfigure(TYPE_DK, new Map()).status, Err.OK);
  assert.equal(sim.meter.factoryConfigure(withX(TYPE_DK, 9, "1"), new Map([[29, 1]])).status, Err.NOT_PERMITTED);
  const again = fresh(nvm);
  assert.equal(again.meter.orderType(), TYPE_DK);
  assert.equal(again.meter.factoryConfigure(withX(TYPE_DK, 9, "1"), new Map([[29, 1]])).status, Err.NOT_PERMITTED);
  assert.equal(again.meter.orderType(), TYPE_DK);
});

test("the factory record's layout is pinned: magic WMFY, version 1, 96 bytes, X1..X16 at 12, Z1..Z30 as u16 at 28, CRC-32 at 92, in sector 235", () => {
  const nvm = new NorFlash();
  const sim = fresh(nvm);
  assert.equal(sim.meter.factoryConfigure(TYPE_DK, new Map([[3, 5], [12, 1], [16, 319]])).status, Err.OK);
  const rec = nvm.read(235 * 4096, 96);
  assert.ok(rec instanceof Uint8Array);
  const v = new DataView(rec.buffer, rec.byteOffset, 96);
  assert.equal(v.getUint32(0, true), 0x59464d57);
  assert.equal(v.getUint16(4, true), 1);
  assert.equal(v.getUint16(6, true), 96);
  assert.equal(Buffer.from(rec.subarray(12, 28)).toString("ascii"), TYPE_DK);
  assert.equal(v.getUint16(28 + 2 * 2, true), 5, "Z3");
  assert.equal(v.getUint16(28 + 2 * 11, true), 1, "Z12");
  assert.equal(v.getUint16(28 + 2 * 15, true), 319, "Z16");
  assert.equal(v.getUint16(28 + 2 * 20, true), 0, "Z21 has no code");
  assert.equal(v.getUint32(92, true), crc32(rec.subarray(0, 92)));
});

// A development meter (Z19 0, no breaker position) ordered with a breaker: X10 3, Z19 1 connected, Z9 1.
const TYPE_BREAKER = withX(TYPE_DK, 10, "3");
const Z_BREAKER = new Map([[19, 1], [9, 1], [3, 5], [12, 1], [1, 2], [29, 3]]);
const STORED_DATA_BIT = 0x08;

test("the factory step applies Z19 before Z9: a development meter ordered with X10 3, Z19 1, Z9 1 is fully ordered in one step", () => {
  const nvm = new NorFlash();
  const sim = fresh(nvm);
  assert.equal(sim.meter.configSet(ConfigId.BREAKER_POSITION, 0), Err.OK, "a development meter without breaker position");
  assert.deepEqual(sim.meter.factoryConfigure(TYPE_BREAKER, Z_BREAKER), { status: Err.OK });
  for (const [index, value] of Z_BREAKER) assert.equal(sim.meter.orderZ(index), value, `Z${index} in force`);
  const again = fresh(nvm);
  assert.equal(again.meter.orderType(), TYPE_BREAKER);
  for (const [index, value] of Z_BREAKER) assert.equal(again.meter.orderZ(index), value, `Z${index} after a power cycle`);
});

test("a power cut at every NVM operation of the factory step leaves the meter either not ordered (and the step retried) or fully ordered, never half", () => {
  let orderedAfterCut = 0;
  let retried = 0;
  for (let cutAt = 1; ; cutAt++) {
    const nvm = new NorFlash({ seed: cutAt });
    const before = fresh(nvm);
    assert.equal(before.meter.configSet(ConfigId.BREAKER_POSITION, 0), Err.OK);
    const defaults = Array.from({ length: 30 }, (_, k) => before.meter.orderZ(k + 1));
    nvm.cutPowerAtOp(cutAt);
    let cut = false;
    try {
      assert.deepEqual(before.meter.factoryConfigure(TYPE_BREAKER, Z_BREAKER), { status: Err.OK });
    } catch (e) {
      if (!(e instanceof PowerCut)) throw e;
      cut = true;
    }
    nvm.cutPowerAtOp(0);
    if (!cut) {
      assert.ok(cutAt > 4, `the step takes more than ${cutAt - 1} NVM operations`);
      break;
    }
    const sim = fresh(nvm);
    assert.equal(sim.meter.errorRegister() & STORED_DATA_BIT, 0, `cut at op ${cutAt}: no damage reported`);
    if (sim.meter.orderType() === "") {
      // Not ordered: the record is absent and the step goes through on the next try.
      assert.equal(sim.meter.orderZFactory(19), -1, `cut at op ${cutAt}`);
      const z = Array.from({ length: 30 }, (_, k) => sim.meter.orderZ(k + 1));
      assert.ok(z.every((v, k) => v === defaults[k]) || [...Z_BREAKER].every(([i, v]) => z[i - 1] === v), `cut at op ${cutAt}: configuration old or new, not mixed`);
      assert.deepEqual(sim.meter.factoryConfigure(TYPE_BREAKER, Z_BREAKER), { status: Err.OK }, `cut at op ${cutAt}: retry`);
      retried++;
    } else {
      orderedAfterCut++;
    }
    const after = fresh(nvm);
    assert.equal(after.meter.orderType(), TYPE_BREAKER, `cut at op ${cutAt}`);
    for (const [index, value] of Z_BREAKER) assert.equal(after.meter.orderZ(index), value, `cut at op ${cutAt}: Z${index}`);
    assert.equal(after.meter.errorRegister() & STORED_DATA_BIT, 0, `cut at op ${cutAt}: no damage reported`);
  }
  assert.ok(retried >= 2 && orderedAfterCut >= 1, `retried ${retried}, ordered ${orderedAfterCut}`);
});

test("the factory record is kept twice (sectors 235 and 236): a flipped bit in either copy is recovered from the other and that copy written again; damage to 236 beside an intact 235 is reported", () => {
  for (const sector of [235, 236]) {
    const nvm = new NorFlash();
    assert.equal(fresh(nvm).meter.factoryConfigure(TYPE_DK, new Map([[3, 5]])).status, Err.OK);
    assert.deepEqual(nvm.read(235 * 4096, 96), nvm.read(236 * 4096, 96), "two identical copies");
    nvm.flipBit(sector * 4096 + 12 + 8, 1); // X9
    const sim = fresh(nvm);
    assert.equal(sim.meter.orderType(), TYPE_DK, `copy in ${sector} damaged: the order read from the other`);
    assert.equal(sim.meter.orderZ(3), 5);
    assert.equal(sim.meter.factoryConfigure(withX(TYPE_DK, 9, "1"), new Map([[29, 1]])).status, Err.NOT_PERMITTED);
    assert.deepEqual(nvm.read(235 * 4096, 96), nvm.read(236 * 4096, 96), `copy in ${sector} written again at boot`);
    // 236 is written first: its damage beside an intact 235 is no cut step's, so it is reported; a torn 235
    // beside an intact 236 is what a cut between the two writes leaves.
    assert.equal(sim.meter.errorRegister() & STORED_DATA_BIT, sector === 236 ? STORED_DATA_BIT : 0, `copy in ${sector}: error bit 3`);
    const damaged = (m: Simulator): number => m.meter.events().filter((e) => e.code === 30).length;
    assert.equal(damaged(sim), sector === 236 ? 1 : 0);
    assert.equal(damaged(fresh(nvm)), sector === 236 ? 1 : 0, "repaired: no new damage at the next boot");
  }
});

test("a single factory copy (older firmware) with a flipped bit: stored data damaged (error bit 3, event 30), no type number, and a new factory step refused", () => {
  const nvm = new NorFlash();
  assert.equal(fresh(nvm).meter.factoryConfigure(TYPE_DK, new Map()).status, Err.OK);
  nvm.erase(236); // the one copy firmware before the second copy wrote
  nvm.flipBit(235 * 4096 + 12 + 8, 1);
  const sim = fresh(nvm);
  assert.equal(sim.meter.orderType(), "");
  assert.equal(sim.meter.errorRegister() & STORED_DATA_BIT, STORED_DATA_BIT);
  assert.ok(sim.meter.events().some((e) => e.code === 30 && e.cause === 2), "stored data damaged, records");
  assert.equal(sim.meter.factoryConfigure(withX(TYPE_DK, 9, "1"), new Map([[29, 1]])).status, Err.NOT_PERMITTED);
  assert.equal(sim.meter.orderType(), "");
});

test("a factory record without a configuration record (lost, or a step cut by older firmware): the ordered Z codes are in force at boot", () => {
  const nvm = new NorFlash();
  const z = new Map([[1, 2], [3, 13], [13, 1], [8, 4], [4, 3], [29, 3]]);
  assert.equal(fresh(nvm).meter.factoryConfigure(TYPE_DK, z).status, Err.OK);
  nvm.erase(82);
  nvm.erase(83);
  const sim = fresh(nvm);
  for (const [index, value] of z) assert.equal(sim.meter.orderZ(index), value, `Z${index}`);
  assert.equal(sim.meter.configGet(ConfigId.PULSE_WIDTH_MS), 80);
});

// Each refusal: the type number, the Z codes, the code named and the rule it breaks.
const REFUSALS: [string, string, [number, number][], string, OrderRule][] = [
  ["X5 not in the current range table", withX(TYPE_DK, 5, "2"), [], "X5", OrderRule.NOT_IN_TABLE],
  ["X6 accuracy class C is not offered", withX(TYPE_DK, 6, "C"), [], "X6", OrderRule.NOT_IN_TABLE],
  ["country code not three digits", withX(TYPE_DK, 16, "K"), [], "X16", OrderRule.NOT_IN_TABLE],
  ["Z4 01 is no integration period", TYPE_DK, [[4, 1]], "Z4", OrderRule.NOT_IN_TABLE],
  ["Z16 330 is no frequency code protocol", TYPE_DK, [[16, 330]], "Z16", OrderRule.NOT_IN_TABLE],
  ["Z18 UD on variant 2", withX(TYPE_DK, 8, "2"), [[28, 1], [18, 1]], "Z18", OrderRule.VARIANT_1_ONLY],
  ["Z28 enabled on variant 1", TYPE_DK, [[28, 1]], "Z28", OrderRule.VARIANT_2_ONLY],
  ["Z28 n/a on variant 2", withX(TYPE_DK, 8, "2"), [[18, 0], [28, 0]], "Z28", OrderRule.VARIANT_1_ONLY],
  ["Z27 delta values on variant 1", TYPE_DK, [[27, 2]], "Z27", OrderRule.VARIANT_2_ONLY],
  ["Z29 R1..R4 on variant 1", TYPE_DK, [[29, 4]], "Z29", OrderRule.VARIANT_2_ONLY],
  ["Z30 profile 02 on variant 1", TYPE_DK, [[30, 2]], "Z30", OrderRule.VARIANT_2_ONLY],
  ["Z19 connected without breaker", withX(TYPE_DK, 10, "0"), [[9, 0], [19, 1]], "Z19", OrderRule.NEEDS_BREAKER],
  ["Z9 disconnect set-up without breaker", withX(TYPE_DK, 10, "0"), [[19, 0], [9, 1]], "Z9", OrderRule.NEEDS_BREAKER],
  ["Z17 breaker push button without breaker", withX(TYPE_DK, 10, "0"), [[19, 0], [9, 0], [17, 2]], "Z17", OrderRule.NEEDS_BREAKER],
  ["a breaker without its factory position", withX(TYPE_DK, 10, "2"), [[19, 0]], "Z19", OrderRule.NEEDS_BREAKER_POSITION],
  ["Z29 A+/A- on an A+ meter", withX(TYPE_DK, 9, "1"), [[29, 2]], "Z29", OrderRule.ENERGY_TYPE],
  ["Z29 reactive channels on an A+/A- meter", withX(TYPE_DK, 9, "2"), [[29, 3]], "Z29", OrderRule.ENERGY_TYPE],
  ["Z3 16 A- out on an A+ meter", withX(TYPE_DK, 9, "1"), [[29, 1], [3, 16]], "Z3", OrderRule.ENERGY_TYPE],
  ["Z3 06 R+ out on an A+/A- meter", withX(TYPE_DK, 9, "2"), [[29, 2], [3, 6]], "Z3", OrderRule.ENERGY_TYPE],
  ["Z3 29 earth fault module without radio", TYPE_DK, [[3, 29]], "Z3", OrderRule.NEEDS_RADIO],
  ["Z13 module port tariffs with Z3 05", TYPE_DK, [[3, 5], [13, 1]], "Z13", OrderRule.NEEDS_TARIFF_INPUTS],
  ["Z3 15 debiting stop pulse with monthly Z7", TYPE_DK, [[3, 15], [7, 1]], "Z7", OrderRule.NEEDS_EXTERNAL_STOP],
  ["Z12 m3 without pulse input", TYPE_DK, [[3, 1], [12, 2]], "Z12", OrderRule.NEEDS_PULSE_INPUT],
  ["Austria with a 30 min load profile", withX(withX(withX(TYPE_DK, 14, "0"), 15, "4"), 16, "0"), [[4, 3]], "Z4", OrderRule.COUNTRY],
];

test("every combination rule refuses its order with the code and the rule; nothing is written or changed", () => {
  for (const [what, type, zs, code, rule] of REFUSALS) {
    const nvm = new NorFlash();
    const sim = fresh(nvm);
    const before = Array.from({ length: 30 }, (_, k) => sim.meter.orderZ(k + 1));
    const r = sim.meter.factoryConfigure(type, new Map(zs));
    assert.deepEqual(r, { status: Err.INVALID_ARGUMENT, code, rule }, what);
    assert.equal(sim.meter.orderType(), "", `${what}: no factory record`);
    assert.deepEqual(Array.from({ length: 30 }, (_, k) => sim.meter.orderZ(k + 1)), before, `${what}: configuration unchanged`);
    const sector = nvm.read(235 * 4096, 96) as Uint8Array;
    assert.ok(sector.every((b) => b === 0xff), `${what}: sector 235 still erased`);
  }
});

test("each rule's order becomes valid when the conflicting code is set as the rule says", () => {
  const fixed: [string, [number, number][]][] = [
    [withX(TYPE_DK, 8, "2"), [[28, 1], [18, 0], [27, 2], [29, 5], [30, 2]]],
    [withX(TYPE_DK, 10, "0"), [[9, 0], [19, 0], [17, 1]]],
    [withX(withX(TYPE_DK, 9, "1"), 11, "1"), [[29, 1], [3, 29]]],
    [TYPE_DK, [[3, 15], [7, 0]]],
    [TYPE_DK, [[3, 13], [13, 1], [12, 3]]],
  ];
  for (const [type, zs] of fixed) assert.deepEqual(fresh().meter.factoryConfigure(type, new Map(zs)), { status: Err.OK }, `${type} ${JSON.stringify(zs)}`);
});

test("Austria (040): the load profile period defaults to the fixed 15 min (Z4 02) when the order leaves Z4 out", () => {
  const sim = fresh();
  assert.equal(sim.meter.configSet(ConfigId.INTEGRATION_PERIOD, 4), Err.OK);
  assert.deepEqual(sim.meter.factoryConfigure("61111BN143001040", new Map()), { status: Err.OK });
  assert.equal(sim.meter.orderZ(4), 2);
});

test("X9 energy type: an A+ meter has only A+ registers, an A+/A- meter also A-; the rest read as not available", () => {
  const aOnly = fresh();
  assert.equal(aOnly.meter.factoryConfigure(withX(TYPE_DK, 9, "1"), new Map([[29, 1]])).status, Err.OK);
  assert.deepEqual([Register.A_PLUS, Register.A_MINUS, Register.R_PLUS, Register.A_PLUS_T1].map((r) => aOnly.meter.registerAvailable(r)),
    [true, false, false, true]);
  const both = fresh();
  assert.equal(both.meter.factoryConfigure(withX(TYPE_DK, 9, "2"), new Map([[29, 2]])).status, Err.OK);
  assert.deepEqual([Register.A_MINUS, Register.R_PLUS].map((r) => both.meter.registerAvailable(r)), [true, false]);
  const all = fresh();
  assert.equal(all.meter.registerAvailable(Register.R4), true, "no factory record: every register");
});

test("--type takes the data sheet's grouping with or without separators; --config takes Zn=value lists", () => {
  assert.equal(parseTypeNumber("68 61-11 1 BN 1 43 0 0 1-208"), TYPE_DK);
  assert.equal(parseTypeNumber("6861111bn143001208"), TYPE_DK);
  assert.throws(() => parseTypeNumber("61111BN143001208"), OrderSyntaxError, "without 68");
  assert.throws(() => parseTypeNumber("68 61-11 1 BN 1 43 0 0 1-20"), OrderSyntaxError, "15 characters");
  assert.deepEqual([...parseZCodes("Z1=3, Z3=05,z16=348")], [[1, 3], [3, 5], [16, 348]]);
  assert.throws(() => parseZCodes("Z22=1"), /no Z22/);
  assert.throws(() => parseZCodes("Z3=1,Z3=2"), /twice/);
  assert.throws(() => parseZCodes("Z3:1"), /Zn=value/);
});

const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../host/cli.js");
const runCli = (...args: string[]): { code: number | null; out: string; err: string } => {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

test("the CLI's factory step: a refused order exits 2 naming the code and the rule; a second step on the same flash is refused", () => {
  const refused = runCli("--type", "68 61-11 1 BN 1 43 0 0 1-208", "--config", "Z3=29", "--duration", "2s");
  assert.equal(refused.code, 2);
  assert.match(refused.err, /Z3: the earth fault module is for OMNIA systems only \(X11 = 1\)/);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wasmeter-order-"));
  const nvm = path.join(dir, "meter.bin");
  const ok = runCli("--type", "68 61-11 1 BN 1 43 0 0 1-208", "--config", "Z3=05,Z12=01", "--duration", "2s", "--nvm", nvm);
  assert.equal(ok.code, 0, ok.err);
  const again = runCli("--type", "68 61-11 1 BN 1 23 0 0 1-208", "--duration", "2s", "--nvm", nvm);
  assert.equal(again.code, 2);
  assert.match(again.err, /already has a factory record \(type 6861111BN143001208\)/);
  fs.rmSync(dir, { recursive: true });
});

test("X5 and X6: a 5-65 A class A meter has Imax 65 A, base current 5 A, MPE 2 %, and refuses a current limiter above 65 A", () => {
  const sim = fresh();
  assert.deepEqual([0, 1, 2].map((k) => sim.meter.orderRating(k)), [100, 5, 100], "without factory record: 5(100) A class B, 1 %");
  assert.equal(sim.meter.factoryConfigure(withX(withX(TYPE_DK, 5, "4"), 6, "A"), new Map()).status, Err.OK);
  assert.deepEqual([0, 1, 2].map((k) => sim.meter.orderRating(k)), [65, 5, 200]);
  assert.equal(sim.meter.limiterSet(true, 1, 70000, 70000, 30, 60), Err.OUT_OF_RANGE, "70 A over Imax 65 A");
  assert.equal(sim.meter.limiterSet(true, 1, 60000, 65000, 30, 60), Err.OK);
  const tenTo60 = fresh();
  assert.equal(tenTo60.meter.factoryConfigure(withX(withX(TYPE_DK, 5, "6"), 6, "1"), new Map()).status, Err.OK);
  assert.deepEqual([0, 1, 2].map((k) => tenTo60.meter.orderRating(k)), [60, 10, 100]);
});

test("the optical readout shows the order: C.90.1 the type number, C.90.2 the Z codes in force; an energy X9 excludes has no line", () => {
  const sim = fresh();
  assert.equal(sim.meter.factoryConfigure(withX(TYPE_DK, 9, "2"), new Map([[29, 2], [3, 5], [12, 1], [16, 348], [26, 5]])).status, Err.OK);
  sim.run(2);
  sim.meter.uartReceive(UartPort.OPTICAL, Uint8Array.from("/?!\r\n", (c) => c.charCodeAt(0)));
  sim.run(0.3);
  sim.uart.take(UartPort.OPTICAL);
  sim.meter.uartReceive(UartPort.OPTICAL, Uint8Array.from("\x06050\r\n", (c) => c.charCodeAt(0)));
  sim.run(0.3);
  const body = String.fromCharCode(...sim.uart.take(UartPort.OPTICAL));
  const lines = new Map([...body.matchAll(/^([0-9A-F.]+)\((.*)\)\r$/gm)].map((m) => [m[1], m[2]]));
  assert.equal(lines.get("C.90.1"), "6861111BN123001208");
  // Z1 Z2 Z3 Z4 Z5 Z6 Z7 Z8 Z9 Z10 Z11 Z12 Z13 Z14 Z15 Z16 Z17 Z18 Z19 Z20 Z25 Z26 Z27 Z28 Z29 Z30
  assert.equal(lines.get("C.90.2"), "1-1-05-2-000-01-01-1-001-000-01-01-000-000-001-348-000-001-1-000-1-005-1-0-2-1");
  assert.equal(lines.get("C.90.3"), "1.00*%", "X6 B: MPE 1 % at reference conditions");
  assert.equal(lines.get("C.90.4"), "DK", "Z16 348: the Danish frequency code protocol");
  assert.ok(lines.has("1.8.0") && lines.has("2.8.0"), "A+ and A- are measured");
  assert.ok(!lines.has("3.8.0") && !lines.has("5.8.0") && !lines.has("9.8.0"), "no reactive or apparent lines on an A+/A- meter");
});

test("the display's configuration id (C.90.2) is the CRC-32 of the ordered Z codes, so one number checks a meter against its order", () => {
  const sim = fresh();
  assert.equal(sim.meter.factoryConfigure(TYPE_DK, new Map([[3, 5], [12, 1], [16, 348]])).status, Err.OK);
  // Z1..Z30 of this order: the defaults of docs/CONFIG.md with Z3 05, Z12 01, Z16 348; Z21..Z24 0.
  const zs = [1, 1, 5, 2, 0, 1, 1, 1, 1, 0, 1, 1, 0, 0, 1, 348, 0, 1, 1, 0, 0, 0, 0, 0, 1, 0, 1, 0, 3, 1];
  const bytes = new Uint8Array(60);
  zs.forEach((v, k) => new DataView(bytes.buffer).setUint16(2 * k, v, true));
  assert.equal(sim.meter.displayListSet(0, [42]), Err.OK);
  sim.run(4.5);
  const shown = decodeLcd(sim.lcd.bitmap);
  assert.equal(shown.id, "C.90.2");
  assert.equal(shown.value.trim().toUpperCase(), crc32(bytes).toString(16).toUpperCase().padStart(8, "0"));
});

test("X9 on the LCD: an A+ meter shows dashes (not available) for A- and R+ of a list set before the order, not 0, and A+ as usual", () => {
  const sim = fresh();
  assert.equal(sim.meter.displayListSet(0, [0, 1, 2]), Err.OK, "a development meter measures every energy");
  assert.equal(sim.meter.factoryConfigure(withX(TYPE_DK, 9, "1"), new Map([[29, 1]])).status, Err.OK);
  sim.run(3.5);
  const seen: [string, string][] = [];
  for (let k = 0; k < 3; k++) {
    const d = decodeLcd(sim.lcd.bitmap);
    seen.push([d.id, d.value.trim()]);
    sim.run(10);
  }
  assert.equal(seen[0][0], "1.8.0");
  assert.match(seen[0][1], /^0(\.0)?$/);
  assert.deepEqual(seen.slice(1).map(([id]) => id), ["2.8.0", "3.8.0"]);
  for (const [id, value] of seen.slice(1)) assert.match(value, /^-+$/, `${id} reads not available`);
});

const SECTOR = 4096;
const CONFIG_SECTOR = 82;

test("the configuration record is version 2: magic WMCF, 332 bytes, u32 per id 0..63 at 12 (id 32 at 140), list lengths at 268, ids at 272, CRC-32 at 328", () => {
  const nvm = new NorFlash();
  const sim = fresh(nvm);
  assert.equal(sim.meter.configSet(ConfigId.DISPLAY_DECIMALS, 3), Err.OK);
  assert.equal(sim.meter.configSet(ConfigId.LED_ENERGY, 4), Err.OK);
  // The newest record of sector 82 (a fresh meter has written only there).
  let at = CONFIG_SECTOR * SECTOR;
  while (new DataView(nvm.data.buffer, nvm.data.byteOffset + at + 332, 4).getUint32(0, true) === 0x46434d57) at += 332;
  const v = new DataView(nvm.data.buffer, nvm.data.byteOffset + at, 332);
  assert.equal(v.getUint32(0, true), 0x46434d57);
  assert.equal(v.getUint16(4, true), 2);
  assert.equal(v.getUint16(6, true), 332);
  assert.equal(v.getUint32(12 + 4 * ConfigId.DISPLAY_DECIMALS, true), 3);
  assert.equal(v.getUint32(12 + 4 * 32, true), 4, "LED energy at 140");
  assert.equal(v.getUint32(12 + 4 * 33, true), 1, "S0 energy at 144");
  assert.equal(v.getUint32(12 + 4 * 63, true), 0, "slot 63 free");
  assert.deepEqual([v.getUint8(268), v.getUint8(269), v.getUint8(270)], [4, 22, 3], "default list lengths (docs/LCD.md)");
  assert.equal(v.getUint8(272), sim.meter.displayList(0)[0], "first id of the automatic list");
  assert.equal(v.getUint32(328, true), crc32(nvm.data.subarray(at, at + 328)));
});

// A configuration record as the firmware before version 2 wrote it: 204 bytes, ids 0..31, lists at 140.
function configV1(seq: number, values: Map<number, number>, auto: number[]): Uint8Array {
  const rec = new Uint8Array(204);
  const v = new DataView(rec.buffer);
  v.setUint32(0, 0x46434d57, true);
  v.setUint16(4, 1, true);
  v.setUint16(6, 204, true);
  v.setUint32(8, seq, true);
  const defaults = [0, 30, 1, 50, 2, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 0, 1, 0, 1, 1, 1, 3, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0];
  defaults.forEach((d, id) => v.setUint32(12 + 4 * id, values.get(id) ?? d, true));
  v.setUint8(140, auto.length);
  rec.set(auto, 144);
  v.setUint32(200, crc32(rec.subarray(0, 200)), true);
  return rec;
}

test("after an update a version 1 configuration record keeps every setting and list; the first change writes version 2 and clears the old sector, with no damage reported", () => {
  const nvm = new NorFlash();
  const values = new Map([[ConfigId.DISPLAY_DECIMALS, 3], [ConfigId.GMT_OFFSET, 2], [ConfigId.METER_NUMBER, 4711], [ConfigId.ALARM_CONFIG, 5]]);
  nvm.data.set(configV1(6, new Map([[ConfigId.DISPLAY_DECIMALS, 2]]), [0, 30]), CONFIG_SECTOR * SECTOR);
  nvm.data.set(configV1(7, values, [0, 30, 31]), CONFIG_SECTOR * SECTOR + 204);
  const sim = fresh(nvm);
  for (const [id, value] of values) assert.equal(sim.meter.configGet(id), value, `${ConfigId[id]} from the version 1 record`);
  assert.deepEqual(sim.meter.displayList(0), [0, 30, 31], "the automatic list from the version 1 record");
  assert.equal(sim.meter.configGet(ConfigId.LED_ENERGY), 1, "an id version 1 had no slot for: its default (A+)");
  assert.equal(sim.meter.errorRegister() & 8, 0, "no stored-data error");
  assert.equal(sim.meter.configSet(ConfigId.LED_ENERGY, 2), Err.OK);
  const v2 = new DataView(nvm.data.buffer, nvm.data.byteOffset + (CONFIG_SECTOR + 1) * SECTOR, 332);
  assert.deepEqual([v2.getUint32(0, true), v2.getUint16(4, true), v2.getUint16(6, true)], [0x46434d57, 2, 332], "version 2 in sector 83");
  assert.ok(nvm.data.subarray(CONFIG_SECTOR * SECTOR, (CONFIG_SECTOR + 1) * SECTOR).every((b) => b === 0xff), "sector 82 erased");
  const again = fresh(nvm);
  for (const [id, value] of values) assert.equal(again.meter.configGet(id), value, `${ConfigId[id]} after the next power cycle`);
  assert.equal(again.meter.configGet(ConfigId.LED_ENERGY), 2);
  assert.deepEqual(again.meter.displayList(0), [0, 30, 31]);
  assert.equal(again.meter.errorRegister() & 8, 0, "no stored-data error after the power cycle");
});

// 6 min at 230 V, 10 A: PF 0.5 inductive is 1150 W and 1991.9 var, 115.0 Wh and 199.2 varh.
function pulsesOver(setup: (sim: Simulator) => void, phaseDeg: number, seconds = 360): { s0: number; led: number; sim: Simulator } {
  const sim = new Simulator({ startUtcS: utc(2026, 5, 4, 9), waveform: { vrms: 230, irms: 10, phaseDeg } });
  sim.boot();
  setup(sim);
  const s0 = sim.s0.count;
  const led = sim.led.count;
  sim.run(seconds);
  return { s0: sim.s0.count - s0, led: sim.led.count - led, sim };
}
const near = (got: number, want: number, what: string): void => assert.ok(Math.abs(got - want) <= 2, `${what}: ${got} pulses, want ${want} +- 2`);

test("LED pulse energy: set to kvarh (R+ and R-) the LED gives 1000 imp/kvarh of reactive energy and S0 stays on kWh of A+", () => {
  const r = pulsesOver((sim) => assert.equal(sim.meter.configSet(ConfigId.LED_ENERGY, 6), Err.OK), 60);
  near(r.led, 199, "LED at 1991.9 var for 6 min");
  near(r.s0, 115, "S0 at 1150 W for 6 min");
  const capacitive = pulsesOver((sim) => assert.equal(sim.meter.configSet(ConfigId.LED_ENERGY, 6), Err.OK), -60);
  near(capacitive.led, 199, "LED on R- (capacitive)");
  const rPlusOnly = pulsesOver((sim) => assert.equal(sim.meter.configSet(ConfigId.LED_ENERGY, 4), Err.OK), -60);
  assert.equal(rPlusOnly.led, 0, "LED on R+ gives nothing for R-");
});

test("LED pulse energy kvarh gives no pulses for active energy; the default A+ LED flashes with S0, pulse for pulse", () => {
  const r = pulsesOver((sim) => assert.equal(sim.meter.configSet(ConfigId.LED_ENERGY, 6), Err.OK), 0);
  assert.equal(r.led, 0, "PF 1: no reactive energy, no LED pulse");
  near(r.s0, 230, "S0 at 2300 W for 6 min");
  const plain = pulsesOver(() => {}, 0);
  near(plain.s0, 230, "S0");
  assert.equal(plain.led, plain.s0, "LED and S0 together");
});

test("export gives pulses where the order says so: A- or |A| on the LED and S0, none on the A+ default", () => {
  const dflt = pulsesOver(() => {}, 180);
  assert.deepEqual([dflt.s0, dflt.led], [0, 0], "A+ outputs while exporting 2300 W");
  const exp = pulsesOver((sim) => {
    assert.equal(sim.meter.configSet(ConfigId.LED_ENERGY, 2), Err.OK);
    assert.equal(sim.meter.configSet(ConfigId.S0_ENERGY, 3), Err.OK);
  }, 180);
  near(exp.led, 230, "LED on A-");
  near(exp.s0, 230, "S0 on |A|");
});

test("pulse energies follow X9 (rule 6): an A+ meter refuses A- and reactive, an A+/A- meter reactive; S0 takes active energy only", () => {
  const aOnly = fresh();
  assert.equal(aOnly.meter.factoryConfigure(withX(TYPE_DK, 9, "1"), new Map([[29, 1]])).status, Err.OK);
  for (const e of [2, 3, 4, 5, 6]) assert.equal(aOnly.meter.configSet(ConfigId.LED_ENERGY, e), Err.UNSUPPORTED, `LED ${e} on an A+ meter`);
  assert.equal(aOnly.meter.configSet(ConfigId.S0_ENERGY, 2), Err.UNSUPPORTED);
  const both = fresh();
  assert.equal(both.meter.factoryConfigure(withX(TYPE_DK, 9, "2"), new Map([[29, 2]])).status, Err.OK);
  assert.equal(both.meter.configSet(ConfigId.LED_ENERGY, 3), Err.OK);
  assert.equal(both.meter.configSet(ConfigId.LED_ENERGY, 4), Err.UNSUPPORTED);
  const all = fresh();
  for (const bad of [0, 7]) assert.equal(all.meter.configSet(ConfigId.LED_ENERGY, bad), Err.OUT_OF_RANGE);
  assert.equal(all.meter.configSet(ConfigId.S0_ENERGY, 4), Err.OUT_OF_RANGE, "S0 is kWh only (data sheet)");
  // A development meter set to kvarh, then ordered as an A+ meter: the order has no LED code, so A+.
  assert.equal(all.meter.configSet(ConfigId.LED_ENERGY, 6), Err.OK);
  assert.equal(all.meter.factoryConfigure(withX(TYPE_DK, 9, "1"), new Map([[29, 1]])).status, Err.OK);
  assert.equal(all.meter.configGet(ConfigId.LED_ENERGY), 1);
});

test("the LED pulse energy is the COSEM object 0.128.96.0.32.255: management reads and writes it, a refused energy is not applied", () => {
  const sim = fresh();
  assert.equal(sim.meter.factoryConfigure(withX(TYPE_DK, 9, "2"), new Map([[29, 2]])).status, Err.OK);
  sim.run(2);
  associate(sim, MANAGEMENT);
  const ln = [0, 128, 96, 0, 32, 255];
  assert.equal(get(sim, MANAGEMENT, 1, ln, 2), 1);
  assert.equal(set(sim, MANAGEMENT, 1, ln, 2, u32(2)), 0);
  assert.equal(sim.meter.configGet(ConfigId.LED_ENERGY), 2);
  assert.equal(set(sim, MANAGEMENT, 1, ln, 2, u32(6)), 250, "kvarh on an A+/A- meter: other-reason");
  assert.equal(get(sim, MANAGEMENT, 1, ln, 2), 2);
});

test("X9 and the display lists: a list naming an energy the meter does not measure is refused (UNSUPPORTED, COSEM other-reason) and the list kept", () => {
  const sim = fresh();
  assert.equal(sim.meter.factoryConfigure(withX(TYPE_DK, 9, "2"), new Map([[29, 2]])).status, Err.OK);
  const before = sim.meter.displayList(0);
  assert.equal(sim.meter.displayListSet(0, [0, 1, 2]), Err.UNSUPPORTED, "R+ on an A+/A- meter");
  assert.equal(sim.meter.displayListSet(0, [0, 24]), Err.UNSUPPORTED, "S+max needs E+ (X9 4)");
  for (const [id, what] of [[43, "Q+ 3.7.0"], [45, "S 9.7.0"], [65, "the date of Q+max T1"], [73, "accumulated Q+max 3.2.0"], [82, "R+ of the last billing period"], [88, "the date of the last period's Q+max"]] as const) {
    assert.equal(sim.meter.displayListSet(0, [0, id]), Err.UNSUPPORTED, `${what} needs reactive or apparent energy (X9 4)`);
  }
  assert.deepEqual(sim.meter.displayList(0), before);
  assert.equal(sim.meter.displayListSet(0, [0, 81, 70, 84]), Err.OK, "A- of the last billing period, accumulated P+max, the last period's P+max");
  assert.equal(sim.meter.displayListSet(0, [0, 1, 18, 30]), Err.OK, "A+, A-, P+max, voltage");
  sim.run(2);
  associate(sim, MANAGEMENT);
  assert.equal(set(sim, MANAGEMENT, 1, [0, 128, 96, 1, 0, 255], 2, [0x09, 2, 0, 3]), 250, "R- over COSEM");
  assert.deepEqual(sim.meter.displayList(0), [0, 1, 18, 30]);
});

function readout(sim: Simulator): Map<string, string> {
  sim.meter.uartReceive(UartPort.OPTICAL, Uint8Array.from("/?!\r\n", (c) => c.charCodeAt(0)));
  sim.run(0.3);
  sim.uart.take(UartPort.OPTICAL);
  sim.meter.uartReceive(UartPort.OPTICAL, Uint8Array.from("\x06050\r\n", (c) => c.charCodeAt(0)));
  sim.run(0.3);
  const body = String.fromCharCode(...sim.uart.take(UartPort.OPTICAL));
  return new Map([...body.matchAll(/^([0-9A-F.]+)\((.*)\)\r$/gm)].map((m) => [m[1], m[2]]));
}

test("the readout's C.90.3 is the X6 MPE (class A 2.00 %), C.90.4 the Z16 country (FI, CH, EU; empty for 000), with the configuration lines in place", () => {
  const sim = fresh();
  let lines = readout((sim.run(2), sim));
  assert.deepEqual([lines.get("C.90.3"), lines.get("C.90.4")], ["1.00*%", ""], "development meter: class B, Z16 000");
  assert.equal(sim.meter.factoryConfigure(withX(TYPE_DK, 6, "A"), new Map([[16, 357]])).status, Err.OK);
  sim.run(2);
  lines = readout(sim);
  assert.deepEqual([lines.get("C.90.1"), lines.get("C.90.3"), lines.get("C.90.4")], ["6861111AN143001208", "2.00*%", "FI"]);
  assert.equal(lines.get("C.90.2")!.split("-")[15], "357", "Z16 in C.90.2");
  for (const [code, country] of [[318, "CH"], [319, "EU"], [329, "SE"], [338, "NO"], [369, "PL"], [376, "AT"]] as const) {
    assert.equal(sim.meter.configSet(ConfigId.FREQUENCY_CODE, code), Err.OK);
    assert.equal(readout(sim).get("C.90.4"), country, `Z16 ${code}`);
  }
});

test("the radio symbol (segment 13 bit 4) lights only on an X11 1 meter with its radio in use, while the AMR system holds an association", () => {
  for (const [x11, lit] of [["1", true], ["0", false]] as const) {
    const sim = fresh();
    assert.equal(sim.meter.factoryConfigure(withX(TYPE_DK, 11, x11), new Map()).status, Err.OK);
    sim.run(5); // past the power-up's all-segments test
    assert.equal(decodeLcd(sim.lcd.bitmap).symbols.radio, false, `X11 ${x11}: no association, no symbol`);
    associate(sim, MANAGEMENT);
    sim.run(1.5);
    assert.equal(decodeLcd(sim.lcd.bitmap).symbols.radio, lit, `X11 ${x11} associated`);
    // The module area carries the AMR link: the integrated radio deactivated (id 34 = 0), no radio symbol.
    assert.equal(set(sim, MANAGEMENT, 1, [0, 128, 96, 0, 34, 255], 2, u32(0)), 0);
    sim.run(1.5);
    assert.equal(decodeLcd(sim.lcd.bitmap).symbols.radio, false, `X11 ${x11}, radio deactivated`);
    assert.equal(sim.meter.configSet(ConfigId.RADIO, 2), Err.OUT_OF_RANGE);
  }
});

test("Z26 is the alarm filter again when it changes: a new Z26 replaces the filter a head-end wrote", () => {
  const sim = fresh();
  sim.run(2);
  associate(sim, MANAGEMENT);
  const filter = [0, 0, 97, 98, 10, 255];
  assert.equal(set(sim, MANAGEMENT, 1, filter, 2, u32(0x2006)), 0);
  assert.equal(get(sim, MANAGEMENT, 1, filter, 2), 0x2006);
  assert.equal(sim.meter.configSet(ConfigId.ALARM_CONFIG, 5), Err.OK);
  assert.equal(get(sim, MANAGEMENT, 1, filter, 2), 5, "Z26 5: alarm input and magnetic field");
  assert.equal(set(sim, MANAGEMENT, 1, filter, 2, u32(0x2006)), 0);
  assert.equal(sim.meter.factoryConfigure(TYPE_DK, new Map([[26, 2]])).status, Err.OK);
  assert.equal(get(sim, MANAGEMENT, 1, filter, 2), 2, "the factory step's Z26");
});

test("after the order config_set keeps rule 6: an A+ meter refuses Z29 A+/A- and Z3 16 (A- out) and 06 (R+ out), an A+/A- meter Z29 3 and Z3 06 (UNSUPPORTED)", () => {
  const aOnly = fresh();
  assert.equal(aOnly.meter.factoryConfigure(withX(TYPE_DK, 9, "1"), new Map([[29, 1]])).status, Err.OK);
  assert.equal(aOnly.meter.configSet(ConfigId.LP_CHANNELS, 2), Err.UNSUPPORTED);
  assert.equal(aOnly.meter.configSet(ConfigId.MODULE_CONFIG, 16), Err.UNSUPPORTED);
  assert.equal(aOnly.meter.configSet(ConfigId.MODULE_CONFIG, 6), Err.UNSUPPORTED);
  assert.deepEqual([aOnly.meter.orderZ(29), aOnly.meter.orderZ(3)], [1, 0], "unchanged");
  assert.equal(aOnly.meter.configSet(ConfigId.MODULE_CONFIG, 5), Err.OK, "A+ out exists on every meter");
  const both = fresh();
  assert.equal(both.meter.factoryConfigure(withX(TYPE_DK, 9, "2"), new Map([[29, 2]])).status, Err.OK);
  assert.equal(both.meter.configSet(ConfigId.LP_CHANNELS, 3), Err.UNSUPPORTED);
  assert.equal(both.meter.configSet(ConfigId.MODULE_CONFIG, 6), Err.UNSUPPORTED);
  assert.equal(both.meter.configSet(ConfigId.MODULE_CONFIG, 16), Err.OK);
  assert.equal(both.meter.configSet(ConfigId.LP_CHANNELS, 1), Err.OK);
});

test("X5 over COSEM: a 5-65 A meter's limiter switched to current starts at Imax 65 A and refuses a threshold above it (other-reason)", () => {
  const sim = fresh();
  assert.equal(sim.meter.factoryConfigure(withX(TYPE_DK, 5, "4"), new Map()).status, Err.OK);
  sim.run(2);
  associate(sim, MANAGEMENT);
  const limiter = [0, 0, 17, 0, 0, 255];
  const current = [0x02, 3, 0x12, 0, 3, 0x09, 6, 1, 0, 31, 7, 0, 255, 0x0f, 2];
  assert.equal(set(sim, MANAGEMENT, 71, limiter, 2, current), 0, "monitored value: current 1.0.31.7.0");
  assert.equal(get(sim, MANAGEMENT, 71, limiter, 4), 65000, "threshold_normal from Imax, mA");
  assert.equal(set(sim, MANAGEMENT, 71, limiter, 4, u32(70000)), 250, "70 A over Imax 65 A");
  assert.equal(set(sim, MANAGEMENT, 71, limiter, 5, u32(65001)), 250, "emergency over Imax too");
  assert.equal(set(sim, MANAGEMENT, 71, limiter, 4, u32(60000)), 0);
  assert.equal(get(sim, MANAGEMENT, 71, limiter, 4), 60000);
});

const ascii = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));

test("a variant 2 meter (Z18 000, Z28 1) keeps its optical DLMS access: sign-on, mode E, HDLC, management only with HLS and ciphering; no mode A or C readout", () => {
  const sim = new Simulator({ startUtcS: utc(2026, 5, 4, 9), waveform: { vrms: 230, irms: 5 } });
  sim.boot();
  assert.deepEqual(sim.meter.factoryConfigure(withX(TYPE_DK, 8, "2"), new Map([[18, 0], [28, 1]])), { status: Err.OK });
  assert.equal(sim.meter.orderZ(18), 0);
  sim.run(2);
  // Mode A: the identification (it offers mode E), then no data message.
  assert.equal(sim.meter.uartReceive(UartPort.OPTICAL, ascii("/?!\r\n")), Err.OK);
  sim.run(3);
  assert.equal(Buffer.from(sim.uart.take(UartPort.OPTICAL)).toString("latin1"), "/WAS5\\2wasmeter-1\r\n", "identification only");
  // Mode C data readout (option 0) is refused: no answer.
  assert.equal(sim.meter.uartReceive(UartPort.OPTICAL, ascii("/?!\r\n")), Err.OK);
  sim.run(0.3);
  sim.uart.take(UartPort.OPTICAL);
  assert.equal(sim.meter.uartReceive(UartPort.OPTICAL, ascii("\x06050\r\n")), Err.OK);
  sim.run(3);
  assert.equal(sim.uart.take(UartPort.OPTICAL).length, 0, "no data message");
  // Mode E.
  assert.equal(sim.meter.uartReceive(UartPort.OPTICAL, ascii("/?!\r\n")), Err.OK);
  sim.run(0.3);
  sim.uart.take(UartPort.OPTICAL);
  assert.equal(sim.meter.uartReceive(UartPort.OPTICAL, ascii("\x06252\r\n")), Err.OK);
  sim.run(0.3);
  const MANAGEMENT_HDLC = 0x03; // client SAP 1
  assert.equal(sim.meter.uartReceive(UartPort.OPTICAL, hdlcFrame(SNRM, [], false, MANAGEMENT_HDLC)), Err.OK);
  sim.run(0.05);
  assert.deepEqual(parseFrames(sim.uart.take(UartPort.OPTICAL)).map((f) => f.control), [UA], "HDLC link up");
  const aareOf = (aarq: number[], ns: number): number[] => {
    assert.equal(sim.meter.uartReceive(UartPort.OPTICAL, hdlcFrame(iControl(ns, ns), [0xe6, 0xe6, 0x00, ...aarq], false, MANAGEMENT_HDLC)), Err.OK);
    sim.run(0.05);
    const frames = parseFrames(sim.uart.take(UartPort.OPTICAL));
    return frames[frames.length - 1].info.slice(3);
  };
  const lls = aareOf(aarqLls("12345678"), 0);
  assert.deepEqual(lls.slice(17, 25), [1, 0xa3, 5, 0xa1, 3, 2, 1, 2], "LLS: application-context-name-not-supported");
  const hls = aareOf(new HlsClient(sim).aarq(), 1);
  assert.equal(hls[12], 3, "context 3: ciphered");
  assert.equal(hls[17], 0, "accepted");
  assert.equal(hls[24], 14, "authentication-required: pass 3 next");
});

test("after the order config_set keeps every rule of the order: the review's list is refused (UNSUPPORTED, COSEM other-reason) and nothing changes", () => {
  const AUSTRIA = withX(withX(withX(TYPE_DK, 14, "0"), 15, "4"), 16, "0");
  const cases: [string, string, [number, number][], ConfigId, number][] = [
    ["Z19 connected without breaker", withX(TYPE_DK, 10, "0"), [[19, 0], [9, 0]], ConfigId.BREAKER_POSITION, 1],
    ["Z9 disconnect set-up without breaker", withX(TYPE_DK, 10, "0"), [[19, 0], [9, 0]], ConfigId.DISCONNECT_MODE, 1],
    ["Z17 breaker push button without breaker", withX(TYPE_DK, 10, "0"), [[19, 0], [9, 0]], ConfigId.BUTTON2_SETUP, 2],
    ["Z28 enabled on variant 1", TYPE_DK, [], ConfigId.LOCAL_ENCRYPTION, 1],
    ["Z27 delta values on variant 1", TYPE_DK, [], ConfigId.LP_VALUES, 2],
    ["Z30 profile 02 on variant 1", TYPE_DK, [], ConfigId.LOGGER2_PROFILE, 2],
    ["Z7 monthly with Z3 15", TYPE_DK, [[3, 15], [7, 0]], ConfigId.DEBITING_INTERVAL, 1],
    ["Z3 15 with Z7 monthly", TYPE_DK, [[3, 1], [7, 1]], ConfigId.MODULE_CONFIG, 15],
    ["Z12 m3 without pulse input", TYPE_DK, [[3, 1]], ConfigId.PULSE_UNIT, 2],
    ["Z4 60 min on an Austrian meter", AUSTRIA, [], ConfigId.INTEGRATION_PERIOD, 4],
    ["Z28 n/a on variant 2", withX(TYPE_DK, 8, "2"), [[18, 0], [28, 1]], ConfigId.LOCAL_ENCRYPTION, 0],
  ];
  for (const [what, type, zs, id, value] of cases) {
    const nvm = new NorFlash();
    const sim = fresh(nvm);
    assert.deepEqual(sim.meter.factoryConfigure(type, new Map(zs)), { status: Err.OK }, what);
    const before = sim.meter.configGet(id);
    assert.equal(sim.meter.configSet(id, value), Err.UNSUPPORTED, what);
    assert.equal(sim.meter.configGet(id), before, `${what}: kept`);
    assert.equal(fresh(nvm).meter.configGet(id), before, `${what}: kept after a power cycle`);
  }
  // What the rules allow still changes, and a rule met by the change goes through.
  const sim = fresh();
  assert.equal(sim.meter.factoryConfigure(TYPE_DK, new Map([[3, 1], [7, 1]])).status, Err.OK);
  assert.equal(sim.meter.configSet(ConfigId.DISPLAY_DECIMALS, 4), Err.OK);
  assert.equal(sim.meter.configSet(ConfigId.DEBITING_INTERVAL, 0), Err.OK);
  assert.equal(sim.meter.configSet(ConfigId.MODULE_CONFIG, 15), Err.OK, "Z3 15 once Z7 is 00");
  // The COSEM write answers other-reason (250) and keeps the value: Z27 delta values (0.128.96.0.20.255) on variant 1.
  sim.run(2);
  associate(sim, MANAGEMENT);
  assert.equal(set(sim, MANAGEMENT, 1, [0, 128, 96, 0, 20, 255], 2, u32(2)), 250);
  assert.equal(sim.meter.configGet(ConfigId.LP_VALUES), 1);
});

test("after the order a SET-with-list is checked as a whole: Z7 00 with Z3 15 goes through together, Z1 with Z27 delta values on variant 1 is refused whole", () => {
  const sim = fresh();
  assert.equal(sim.meter.factoryConfigure(TYPE_DK, new Map([[3, 1], [7, 1]])).status, Err.OK);
  sim.run(2);
  associate(sim, MANAGEMENT);
  const ln = (id: ConfigId): number[] => [0, 128, 96, 0, id, 255];
  assert.deepEqual(setList(sim, MANAGEMENT, [[1, ln(ConfigId.DEBITING_INTERVAL), 2, u32(0)], [1, ln(ConfigId.MODULE_CONFIG), 2, u32(15)]]), [0, 0]);
  assert.equal(sim.meter.orderZ(3), 15);
  assert.equal(sim.meter.orderZ(7), 0);
  assert.deepEqual(setList(sim, MANAGEMENT, [[1, ln(ConfigId.DISPLAY_DECIMALS), 2, u32(4)], [1, ln(ConfigId.LP_VALUES), 2, u32(2)]]), [2, 250]);
  assert.equal(sim.meter.orderZ(1), 1, "Z1 put back");
  assert.equal(sim.meter.orderZ(27), 1);
});
