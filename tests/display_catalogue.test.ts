// The display catalogue of issue 17 through the real firmware: Q, S, THD, every counter, tariff and accumulated peaks, the last billing period.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Simulator } from "../host/sim.js";
import { ConfigId, Counter, DisplayList, Err, InputKind, Logger, Peak, PqReading, Reading, Register } from "../host/abi.js";
import { decodeLcd, type LcdText } from "../host/lcdview.js";
import { NorFlash } from "../host/shims/nvm.js";
import { utc } from "./helpers.js";

const lcd = (sim: Simulator): LcdText => decodeLcd(sim.lcd.bitmap);

function press(sim: Simulator, ms = 200): void {
  sim.meter.inputEvent(InputKind.BUTTON_LEFT, 1);
  sim.run(ms / 1000);
  sim.meter.inputEvent(InputKind.BUTTON_LEFT, 0);
  sim.run(0.1);
}

// The catalogue (docs/LCD.md ids 43..89): one reading alone in the automatic list is drawn within 500 ms.
function show(sim: Simulator, id: number): LcdText {
  assert.equal(sim.meter.displayListSet(DisplayList.AUTO, [id]), Err.OK, `reading ${id}`);
  sim.run(0.6);
  return lcd(sim);
}

const PF_08_DEG = (Math.acos(0.8) * 180) / Math.PI; // 36.87 degrees
const kilo = (units: number): string => (units / 1000).toFixed(3); // W as kW, Wh as kWh, with 3 decimals
const DASHES = "--------";

test("Q+ 3.7.0 reads 1.380 kvar, Q- 4.7.0 0.000 and S 9.7.0 2.300 kVA at 230 V 10 A PF 0.8 inductive; capacitive swaps Q+ and Q-", () => {
  const sim = new Simulator({ waveform: { vrms: 230, irms: 10, phaseDeg: PF_08_DEG } });
  sim.boot();
  sim.run(4);
  let d = show(sim, 43);
  assert.deepEqual([d.value.trim(), d.unit, d.id], ["1.380", "kvar", "3.7.0"]); // 230 * 10 * 0.6 var
  d = show(sim, 44);
  assert.deepEqual([d.value.trim(), d.unit, d.id], ["0.000", "kvar", "4.7.0"]);
  d = show(sim, 45);
  assert.deepEqual([d.value.trim(), d.unit, d.id], ["2.300", "kVA", "9.7.0"]);
  sim.setWaveform({ phaseDeg: -PF_08_DEG });
  sim.run(2);
  assert.equal(show(sim, 43).value.trim(), "0.000");
  assert.equal(show(sim, 44).value.trim(), "1.380");
});

test("THD of voltage 32.7.124 and of current 31.7.124 read 5.0 % and 30.0 % with a 5 % 5th and a 30 % 3rd harmonic", () => {
  const sim = new Simulator({
    waveform: { vrms: 230, irms: 10, vHarmonics: [{ order: 5, pct: 5, phaseDeg: 0 }], iHarmonics: [{ order: 3, pct: 30, phaseDeg: 0 }] },
  });
  sim.boot();
  sim.run(4);
  let d = show(sim, 46);
  assert.deepEqual([d.value.trim(), d.unit, d.id], ["5.0", "%", "32.7.124"]);
  d = show(sim, 47);
  assert.deepEqual([d.value.trim(), d.unit, d.id], ["30.0", "%", "31.7.124"]);
  assert.equal((Math.round(sim.meter.reading(Reading.THD_I) * 10) / 10).toFixed(1), "30.0", "the window's own THD I");
});

test("every counter shows with its code: hours C.8.0 in h, stops 0.1.0, sags 32.32.0, swells 32.36.0, pq interruptions, power failures C.7.21 and C.7.9 after a 29-minute cut", () => {
  const nvm = new NorFlash();
  const sim = new Simulator({ nvm, startUtcS: utc(2026, 3, 10, 8), waveform: { vrms: 230, irms: 20 } });
  sim.boot();
  assert.equal(sim.meter.configSet(ConfigId.POWER_THRESHOLD_W, 4000), Err.OK);
  sim.run(3600 + 5); // 4600 W: four 15-minute periods over the 4000 W threshold, one hour with supply
  const wave = (vrms: number, seconds: number): void => {
    sim.setWaveform({ vrms });
    sim.run(seconds);
  };
  wave(161, 0.5); // a dip to 70 % Un
  wave(230, 2);
  wave(264.5, 0.5); // a swell to 115 % Un
  wave(230, 2);
  wave(0, 1); // a short interruption (below 5 % Un) the meter rides through
  wave(230, 2);
  assert.equal(sim.meter.billingStop(), Err.OK);
  const expect: Array<[number, string, string, string]> = [
    [48, "1", "h", "C.8.0"], [49, "1", "", "0.1.0"], [50, "4", "", "C.128.0"], [54, "1", "", "32.32.0"],
    [55, "1", "", "32.36.0"], [56, "1", "", "C.128.2"], [57, "0", "", "C.128.3"], [52, "0", "", "C.7.21"], [53, "0", "", "C.7.9"],
  ];
  for (const [id, value, unit, obis] of expect) {
    const d = show(sim, id);
    assert.deepEqual([d.value.trim(), d.unit, d.id], [value, unit, obis], `reading ${id}`);
  }
  assert.equal(sim.meter.counter(Counter.VOLTAGE_SAGS), 1n);
  assert.equal(sim.meter.pqReading(PqReading.SHORT_INTERRUPTIONS), 1);
  const again = new Simulator({ nvm, startUtcS: utc(2026, 3, 10, 9, 30), waveform: { vrms: 230 } });
  again.boot();
  again.run(4);
  assert.equal(show(again, 52).value.trim(), "1", "one power failure after the cut");
  assert.equal(show(again, 53).value.trim(), "1", "off for 29 minutes: a long one (over 3 min)");
  assert.equal(show(again, 49).value.trim(), "1", "the stop counter is stored");
});

test("the pulse input C.128.1 counts pulses in the Z12 unit: kWh on the unit field, L and n3 (m3) in the text field", () => {
  const sim = new Simulator({});
  sim.boot();
  assert.equal(sim.meter.configSet(ConfigId.MODULE_CONFIG, 3), Err.OK); // Z3 03 pulse in
  for (let k = 0; k < 7; k++) {
    sim.meter.inputEvent(InputKind.MODULE_IN1, 1);
    sim.meter.inputEvent(InputKind.MODULE_IN1, 0);
  }
  sim.run(4);
  let d = show(sim, 51);
  assert.deepEqual([d.value.trim(), d.unit, d.text, d.id], ["7", "", "", "C.128.1"], "Z12 00: a count");
  const units: Array<[number, string, string]> = [[1, "kWh", ""], [3, "", "L"], [2, "", "n3"]];
  for (const [z12, unit, text] of units) {
    assert.equal(sim.meter.configSet(ConfigId.PULSE_UNIT, z12), Err.OK);
    sim.run(0.6);
    d = lcd(sim);
    assert.deepEqual([d.value.trim(), d.unit, d.text], ["7", unit, text], `Z12 ${z12}`);
  }
});

test("tariff peaks 1.6.1 and 3.6.1 with date and time, then at a stop the accumulated peaks 1.2.0 and 1.2.1 take them", () => {
  // 08:00 UTC is 09:00 CET: the 15-minute period 09:00..09:15 local at 230 V 10 A PF 0.8 (1840 W, 1380 var) in T1.
  const sim = new Simulator({ startUtcS: utc(2026, 3, 10, 8), waveform: { vrms: 230, irms: 10, phaseDeg: PF_08_DEG } });
  sim.boot();
  assert.equal(sim.meter.configSet(ConfigId.MODULE_CONFIG, 1), Err.OK); // 4 tariffs by the module inputs
  assert.equal(sim.meter.configSet(ConfigId.TARIFF_CONTROL, 1), Err.OK);
  sim.run(16 * 60);
  assert.equal(sim.meter.tariff(), 1);
  const pW = sim.meter.peakW(Peak.P_PLUS_T1);
  const qVar = sim.meter.peakW(Peak.Q_PLUS_T1);
  assert.ok(Math.abs(pW - 1840) < 1840 / 900 + 0.5 && Math.abs(qVar - 1380) < 1380 / 900 + 0.5, `${pW} W ${qVar} var`);
  const rows: Array<[number, string, string, string, string]> = [
    [58, kilo(Math.floor(pW)), "kW", "1.6.1", ""], [59, "26-03-10", "", "1.6.1", "dAtE"], [60, "09:15:00", "", "1.6.1", "tinE"],
    [64, kilo(Math.floor(qVar)), "kvar", "3.6.1", ""], [66, "09:15:00", "", "3.6.1", "tinE"],
    [61, "0.000", "kW", "1.6.2", ""], [62, DASHES, "", "1.6.2", "dAtE"], [70, "0.000", "kW", "1.2.0", ""],
  ];
  for (const [id, value, unit, obis, text] of rows) {
    const d = show(sim, id);
    assert.deepEqual([d.value.trim(), d.unit, d.id, d.text], [value, unit, obis, text], `reading ${id}`);
  }
  const pTotalW = sim.meter.peakW(Peak.P_PLUS);
  assert.equal(pTotalW, pW, "the one period was in T1");
  assert.equal(sim.meter.billingStop(), Err.OK);
  assert.equal(show(sim, 70).value.trim(), kilo(Math.floor(pTotalW)), "1.2.0 = the P+max of the period");
  assert.equal(show(sim, 71).value.trim(), kilo(Math.floor(pW)), "1.2.1 = the P+max T1");
  assert.deepEqual([show(sim, 73).value.trim(), lcd(sim).id], [kilo(Math.floor(qVar)), "3.2.0"]);
  assert.equal(show(sim, 58).value.trim(), "0.000", "the tariff peak starts again");
  assert.equal(show(sim, 59).value, ` ${DASHES}`, "no date without a peak: dashes, not the old date");
});

test("the last billing period: 1.8.0.01 and 0.1.2.01 show dashes before the first stop, then A+ and the rest at the stop", () => {
  const sim = new Simulator({ startUtcS: utc(2026, 3, 10, 8), waveform: { vrms: 230, irms: 50, phaseDeg: PF_08_DEG } });
  sim.boot();
  assert.equal(sim.meter.configSet(ConfigId.DISPLAY_DECIMALS, 4), Err.OK); // 6.3: Wh on the display
  sim.run(16 * 60);
  for (const id of [74, 75, 76, 81, 84]) assert.equal(show(sim, id).value, ` ${DASHES}`, `reading ${id} before a stop`);
  assert.equal(lcd(sim).id, "1.6.0.01");
  assert.equal(sim.meter.billingStop(), Err.OK);
  const r = sim.meter.billingRecord(Logger.BILLING, 0);
  assert.ok(typeof r === "object");
  sim.run(120); // the live registers move on; the billing values stay
  const wh = (reg: Register): string => kilo(Number(r.registersWh[reg]));
  assert.ok(sim.meter.energyWh(Register.A_PLUS) > r.registersWh[Register.A_PLUS] + 200n);
  assert.ok(r.registersWh[Register.A_PLUS] > 2000n, `${r.registersWh[Register.A_PLUS]} Wh at the stop`);
  const local = new Date(Number(r.timeUtcS + 3600n) * 1000); // CET
  const two = (n: number): string => n.toString().padStart(2, "0");
  const rows: Array<[number, string, string, string, string]> = [
    [76, wh(Register.A_PLUS), "kWh", "1.8.0.01", ""],
    [77, wh(Register.A_PLUS_T1), "kWh", "1.8.1.01", ""],
    [81, wh(Register.A_MINUS), "kWh", "2.8.0.01", ""],
    [82, wh(Register.R_PLUS), "kvarh", "3.8.0.01", ""],
    [83, wh(Register.R_MINUS), "kvarh", "4.8.0.01", ""],
    [74, `${two(local.getUTCFullYear() % 100)}-${two(local.getUTCMonth() + 1)}-${two(local.getUTCDate())}`, "", "0.1.2.01", "dAtE"],
    [75, `${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())}`, "", "0.1.2.01", "tinE"],
    [84, kilo(Math.floor(r.peaksW![Peak.P_PLUS])), "kW", "1.6.0.01", ""],
    [86, "09:15:00", "", "1.6.0.01", "tinE"],
    [87, kilo(Math.floor(r.peaksW![Peak.Q_PLUS])), "kvar", "3.6.0.01", ""],
  ];
  for (const [id, value, unit, obis, text] of rows) {
    const d = show(sim, id);
    assert.deepEqual([d.value.trim(), d.unit, d.id, d.text], [value, unit, obis, text], `reading ${id}`);
  }
  assert.equal(r.registersWh[Register.A_PLUS_T1], 0n, "no tariff function: T1 stays 0");
  assert.ok(Math.abs(r.peaksW![Peak.P_PLUS] - 9200) < 9200 / 900 + 0.5, "P+max at 230 V 50 A PF 0.8");
});

test("the catalogue fits the lists: ids 0..89, 90 unknown; stored readings go to the battery list, instantaneous Q, S, THD do not", () => {
  const sim = new Simulator({ startUtcS: utc(2026, 3, 10, 8), waveform: { vrms: 230, irms: 10 } });
  sim.boot();
  const m = sim.meter;
  assert.equal(m.displayListSet(DisplayList.MANUAL, [0, ...Array.from({ length: 29 }, (_, k) => 61 + k)]), Err.OK);
  assert.equal(m.displayListSet(DisplayList.AUTO, [0, 90]), Err.INVALID_ARGUMENT);
  for (const id of [43, 44, 45, 46, 47]) assert.equal(m.displayListSet(DisplayList.BATTERY, [0, id]), Err.UNSUPPORTED, `reading ${id}`);
  assert.equal(m.displayListSet(DisplayList.BATTERY, [0, 48, 52, 58, 70, 74, 76, 84]), Err.OK);
  sim.run(5);
  assert.equal(m.billingStop(), Err.OK);
  const r = m.billingRecord(Logger.BILLING, 0);
  assert.ok(typeof r === "object");
  m.inputEvent(InputKind.POWER_FAIL, 1);
  sim.setWaveform({ vrms: 0, irms: 0 });
  sim.run(1);
  for (let k = 0; k < 7; k++) press(sim);
  const d = lcd(sim);
  assert.deepEqual([d.battery, d.id, d.value.trim()], [true, "1.8.0.01", Math.floor(Number(r.registersWh[Register.A_PLUS]) / 1000).toString()]);
});

test("docs/LCD.md's reading table names every id 0..89 with the OBIS code the LCD shows for it", () => {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
  const text = fs.readFileSync(path.join(root, "docs/LCD.md"), "utf8");
  const section = text.slice(text.indexOf("## Readings"), text.indexOf("### Energy decimals"));
  const documented = new Map<number, string[]>();
  for (const line of section.split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    if (cells.length < 8 || !/^\d/.test(cells[1])) continue;
    const ids = cells[1].split(",").flatMap((part) => {
      const [a, b] = part.trim().split("..").map(Number);
      return b === undefined ? [a] : Array.from({ length: b - a + 1 }, (_, k) => a + k);
    });
    const codes = cells[3].replace(/ \(.*\)/, "").split(/,\s*/);
    ids.forEach((id, k) => documented.set(id, codes.length === ids.length ? [codes[k]] : codes[0].includes("..") ? [] : [codes[0]]));
  }
  const sim = new Simulator({});
  sim.boot();
  sim.run(4);
  for (let id = 0; id < 90; id++) {
    assert.ok(documented.has(id), `reading ${id} is missing from docs/LCD.md`);
    const [code] = documented.get(id)!;
    if (code !== undefined) assert.equal(show(sim, id).id, code, `reading ${id}`);
  }
  assert.equal(documented.size, 90);
});
