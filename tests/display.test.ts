// The LCD of the data sheet through the real firmware: display test, 10 s scroll, manual list and its 2-minute return, lists, decimals, indicators.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Simulator } from "../host/sim.js";
import { ConfigId, DisplayList, Err, InputKind } from "../host/abi.js";
import { decodeLcd, type LcdText } from "../host/lcdview.js";
import { NorFlash } from "../host/shims/nvm.js";

const lcd = (sim: Simulator): LcdText => decodeLcd(sim.lcd.bitmap);

function press(sim: Simulator, ms = 200): void {
  sim.meter.inputEvent(InputKind.BUTTON_LEFT, 1);
  sim.run(ms / 1000);
  sim.meter.inputEvent(InputKind.BUTTON_LEFT, 0);
  sim.run(0.1);
}

test("display test at power-up lights every segment, then the automatic list starts with A+ 1.8.0 in kWh", () => {
  const sim = new Simulator({ waveform: { vrms: 230, irms: 5 } });
  sim.boot();
  assert.equal(lcd(sim).allOn, true, "written at boot");
  sim.run(2.5);
  assert.equal(lcd(sim).allOn, true);
  sim.run(1);
  const d = lcd(sim);
  assert.equal(d.allOn, false);
  assert.equal(d.id, "1.8.0");
  assert.equal(d.unit, "kWh");
  assert.equal(d.value.trim(), "0");
});

test("the automatic list changes reading every 10 s and wraps around", () => {
  const sim = new Simulator({ waveform: { vrms: 231.4, irms: 5 } });
  sim.boot();
  assert.equal(sim.meter.displayListSet(DisplayList.AUTO, [0, 30, 33]), Err.OK); // A+, voltage, frequency
  sim.run(3.05); // end of the display test
  const seen: string[] = [];
  for (let k = 0; k < 4; k++) {
    seen.push(lcd(sim).id);
    sim.run(10);
  }
  assert.deepEqual(seen, ["1.8.0", "32.7.0", "14.7.0", "1.8.0"]);
  // Now the voltage again: 231.4 V with one decimal, truncated.
  assert.equal(lcd(sim).value.trim(), "231.4");
  assert.equal(lcd(sim).unit, "V");
});

test("the left button steps the manual list; the meter returns to auto scroll 2 min after the last press", () => {
  const sim = new Simulator({ waveform: { vrms: 230, irms: 5 } });
  sim.boot();
  assert.equal(sim.meter.displayListSet(DisplayList.MANUAL, [0, 1, 8, 35]), Err.OK);
  sim.run(4);
  press(sim);
  assert.equal(lcd(sim).manual, true);
  assert.equal(lcd(sim).id, "1.8.0");
  press(sim);
  assert.equal(lcd(sim).id, "2.8.0");
  press(sim);
  assert.equal(lcd(sim).id, "9.8.0");
  sim.run(119);
  assert.equal(lcd(sim).manual, true, "still manual 119 s after the press");
  assert.equal(lcd(sim).id, "9.8.0");
  sim.run(1.5);
  assert.equal(lcd(sim).manual, false, "back to automatic after 2 minutes");
});

test("lists are checked: 16/30/8 limits, the legal reading A+ stays in the manual list, unknown readings refused", () => {
  const sim = new Simulator({});
  sim.boot();
  const m = sim.meter;
  const ids = (n: number): number[] => Array.from({ length: n }, (_, k) => k);
  assert.equal(m.displayListSet(DisplayList.AUTO, ids(16)), Err.OK);
  assert.equal(m.displayListSet(DisplayList.AUTO, ids(17)), Err.OUT_OF_RANGE);
  assert.equal(m.displayListSet(DisplayList.MANUAL, ids(30)), Err.OK);
  assert.equal(m.displayListSet(DisplayList.MANUAL, ids(31)), Err.OUT_OF_RANGE);
  assert.equal(m.displayListSet(DisplayList.BATTERY, ids(8)), Err.OK);
  assert.equal(m.displayListSet(DisplayList.BATTERY, ids(9)), Err.OUT_OF_RANGE);
  assert.equal(m.displayListSet(DisplayList.MANUAL, [1, 2, 3]), Err.NOT_PERMITTED, "without A+");
  assert.equal(m.displayListSet(DisplayList.AUTO, [0, 99]), Err.INVALID_ARGUMENT, "unknown reading");
  assert.equal(m.displayListSet(DisplayList.BATTERY, [0, 30]), Err.UNSUPPORTED, "voltage without mains");
  assert.equal(m.displayListSet(5, [0]), Err.INVALID_ARGUMENT);
  assert.deepEqual(m.displayList(DisplayList.MANUAL), ids(30), "refused lists leave the old one");
  assert.deepEqual(m.displayList(DisplayList.AUTO), ids(16));
});

test("lists, decimals and button setup survive a power cycle", () => {
  const nvm = new NorFlash();
  const a = new Simulator({ nvm });
  a.boot();
  assert.equal(a.meter.displayListSet(DisplayList.AUTO, [8, 0, 2]), Err.OK);
  assert.equal(a.meter.configSet(ConfigId.DISPLAY_DECIMALS, 4), Err.OK);
  assert.equal(a.meter.configSet(ConfigId.DISPLAY_DECIMALS, 5), Err.OUT_OF_RANGE);
  const b = new Simulator({ nvm });
  b.boot();
  assert.deepEqual(b.meter.displayList(DisplayList.AUTO), [8, 0, 2]);
  assert.equal(b.meter.configGet(ConfigId.DISPLAY_DECIMALS), 4);
});

test("Z1 decimals: 12,345.678 Wh shows as 12 (7.0), 12.3 (6.1), 12.34 (7.2), 12.345 (6.3) kWh, truncated", () => {
  const sim = new Simulator({ waveform: { vrms: 230, irms: 100 } }); // 23 kW: 6.39 Wh a second
  sim.boot();
  assert.equal(sim.meter.displayListSet(DisplayList.AUTO, [0]), Err.OK);
  while (sim.meter.energyWh(0) < 12346n) sim.run(1);
  sim.setWaveform({ irms: 0 });
  sim.run(2);
  const wh = Number(sim.meter.energyWh(0));
  const expect = [Math.floor(wh / 1000).toString(), (Math.floor(wh / 100) / 10).toFixed(1),
    (Math.floor(wh / 10) / 100).toFixed(2), (wh / 1000).toFixed(3)];
  for (let z1 = 1; z1 <= 4; z1++) {
    assert.equal(sim.meter.configSet(ConfigId.DISPLAY_DECIMALS, z1), Err.OK);
    sim.run(1.1);
    assert.equal(lcd(sim).value.trim(), expect[z1 - 1], `Z1 = ${z1} for ${wh} Wh`);
  }
});

test("the supply indicator lights above 160 V and the phase current indicator above 2.3 W", () => {
  const sim = new Simulator({ waveform: { vrms: 150, irms: 0.0133 } }); // 2.0 W
  sim.boot();
  sim.run(5);
  assert.equal(lcd(sim).supply, false);
  assert.equal(lcd(sim).phaseCurrent, false);
  sim.setWaveform({ vrms: 170, irms: 0.0176 }); // 2.99 W
  sim.run(3);
  assert.equal(lcd(sim).supply, true);
  assert.equal(lcd(sim).phaseCurrent, true);
});

test("the tariff indication shows the tariff in force and the quadrant indicator the load type", () => {
  const sim = new Simulator({ waveform: { vrms: 230, irms: 10, phaseDeg: -150 } }); // export, quadrant III
  sim.boot();
  sim.meter.configSet(ConfigId.MODULE_CONFIG, 1);
  sim.meter.configSet(ConfigId.TARIFF_CONTROL, 1);
  sim.meter.inputEvent(InputKind.MODULE_IN2, 1); // T3
  sim.run(5);
  assert.equal(lcd(sim).tariff, 3);
  assert.equal(lcd(sim).quadrant, 3);
});

test("without mains the display sleeps; a press shows the battery list, readable on the backup", () => {
  const sim = new Simulator({ waveform: { vrms: 230, irms: 5 } });
  sim.boot();
  assert.equal(sim.meter.displayListSet(DisplayList.BATTERY, [0, 35]), Err.OK);
  sim.run(5);
  sim.meter.inputEvent(InputKind.POWER_FAIL, 1);
  sim.setWaveform({ vrms: 0, irms: 0 });
  sim.run(1);
  assert.equal(lcd(sim).blank, true);
  press(sim);
  assert.equal(lcd(sim).battery, true);
  assert.equal(lcd(sim).id, "1.8.0");
  press(sim);
  assert.equal(lcd(sim).id, "0.9.2");
});

test("the tamper symbol shows while the cover is open, then blinks (latched) through a power cut until cleared", () => {
  const nvm = new NorFlash();
  const sim = new Simulator({ nvm, waveform: { vrms: 230, irms: 1 } });
  sim.boot();
  sim.run(4);
  assert.equal(lcd(sim).symbols.tamper, false);
  sim.meter.inputEvent(InputKind.COVER, 1);
  sim.run(0.05);
  assert.equal(lcd(sim).symbols.tamper, true, "steady while open");
  sim.meter.inputEvent(InputKind.COVER, 0);
  const seen = new Set<boolean>();
  for (let k = 0; k < 20; k++) {
    sim.run(0.1);
    seen.add(lcd(sim).symbols.tamper);
  }
  assert.deepEqual([...seen].sort(), [false, true], "blinks once only latched");
  const again = new Simulator({ nvm, waveform: { vrms: 230, irms: 1 } });
  again.boot();
  assert.equal(again.meter.tamperLatched(), 1, "cover tamper kept through the power cut");
  again.meter.tamperClear();
  again.run(4);
  assert.equal(again.meter.tamperLatched(), 0);
  assert.equal(lcd(again).symbols.tamper, false);
});

test("the breaker symbol shows the breaker's position and the prepayment symbol and credit show with prepayment", () => {
  const sim = new Simulator({ waveform: { vrms: 230, irms: 5 } });
  sim.boot();
  sim.run(4);
  assert.equal(lcd(sim).symbols.breakerClosed, true);
  assert.equal(lcd(sim).symbols.prepayment, false);
  assert.equal(sim.meter.breakerDisconnect(), Err.OK);
  sim.run(3);
  assert.equal(lcd(sim).symbols.breakerOpen, true);
  assert.equal(lcd(sim).symbols.breakerClosed, false);
  assert.equal(sim.meter.prepaySet(true, 1, 0n, 0n), Err.OK); // currency, thousandths
  assert.equal(sim.meter.prepayTopUp(12345n), Err.OK); // 12.345
  assert.equal(sim.meter.displayListSet(DisplayList.AUTO, [41]), Err.OK);
  sim.run(2);
  assert.equal(lcd(sim).symbols.prepayment, true);
  assert.equal(lcd(sim).text, "CrEdit");
  assert.equal(lcd(sim).value.trim(), "12.34", "credit in hundredths, truncated");
});

test("the firmware checksum reading shows the CRC-32 of the image the boot loader reports, in 8 hex digits", async () => {
  const { firmwareCrc32 } = await import("../host/firmware.js");
  const sim = new Simulator({});
  sim.boot();
  assert.equal(sim.meter.displayListSet(DisplayList.AUTO, [39]), Err.OK);
  sim.run(4.5);
  assert.equal(lcd(sim).value.trim().toUpperCase(), firmwareCrc32().toString(16).toUpperCase().padStart(8, "0"));
  assert.equal(lcd(sim).id, "0.2.8");
});
