// The simulator page in real Chromium (playwright-core on /usr/bin/chromium): power-up, buttons, load, tamper, a reload as a power cycle.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import type http from "node:http";
import { chromium, type Browser, type Page } from "playwright-core";
import { startServer } from "../host/web/serve.js";
import { ROOT } from "../host/firmware.js";

const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
// Skipped with one line without Chromium, except in CI (.ci/run sets WASMETER_REQUIRE_MCU=1), where it fails instead.
const missing = fs.existsSync(CHROMIUM) || process.env.WASMETER_REQUIRE_MCU === "1" ? false
  : `NOT RUN: no Chromium at ${CHROMIUM}; install it with .ci/deps as root (or apt-get install chromium), or set CHROMIUM`;

interface LcdData { id: string; value: string; unit: string; allOn: string; tamper: string; manual: string; battery: string; meterMs: string }
// The LCD as the firmware drove it, with the meter time (ms since power-up) of the same state message.
const lcd = (page: Page): Promise<LcdData> => page.evaluate(() => ({
  ...document.getElementById("lcd")!.dataset, meterMs: document.getElementById("status")!.dataset.meterMs ?? "",
}) as unknown as LcdData);

// A+ in Wh and the meter's RTC, read from one state message of the worker (the registers table and the status line).
async function aPlus(page: Page): Promise<{ wh: number; utcS: number }> {
  return page.evaluate(() => {
    const row = document.querySelector<HTMLElement>('#registers tr[data-name="A+"]');
    const status = document.getElementById("status")!;
    return { wh: Number(row?.dataset.wh ?? NaN), utcS: Number(status.dataset.utc ?? NaN) };
  });
}

async function waitLcd(page: Page, what: string, ok: (d: LcdData) => boolean, timeoutMs = 15000): Promise<LcdData> {
  const end = Date.now() + timeoutMs;
  let last: LcdData | undefined;
  while (Date.now() < end) {
    last = await lcd(page);
    if (ok(last)) return last;
    await page.waitForTimeout(50);
  }
  assert.fail(`the LCD never showed ${what}; last ${JSON.stringify(last)}`);
}

describe("the meter in a browser", { skip: missing }, () => {
  let server: http.Server;
  let browser: Browser;
  let page: Page;
  let base = "";

  before(async () => {
    server = await startServer(0);
    const addr = server.address();
    base = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}/`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
    page = await (await browser.newContext({ viewport: { width: 1600, height: 1000 } })).newPage();
    page.on("pageerror", (err) => console.error("page error:", err.message));
  });

  after(async () => {
    await browser?.close();
    server?.close();
  });

  test("the LCD shows the power-up test (every segment) for 3 s of meter time, then A+ 1.8.0 in kWh", async () => {
    await page.goto(base);
    const test = await waitLcd(page, "the power-up test", (d) => d.allOn === "true");
    let lastTest = test;
    const shown = await waitLcd(page, "A+ after the test", (d) => {
      if (d.allOn === "true") lastTest = d;
      return d.allOn === "false" && d.id !== "";
    });
    assert.equal(shown.id, "1.8.0");
    assert.equal(shown.unit, "kWh");
    // The test pattern goes at 3 s; the tick redraws the automatic list within 500 ms (docs/LCD.md).
    assert.ok(Number(lastTest.meterMs) <= 3500, `every segment still lit at ${lastTest.meterMs} ms`);
    assert.ok(Number(shown.meterMs) >= 3000 && Number(shown.meterMs) <= 3600, `A+ first seen at ${shown.meterMs} ms after power-up`);
  });

  test("PB1 short presses step the manual list: A+ 1.8.0, then A- 2.8.0", async () => {
    await page.click("#pb1");
    const first = await waitLcd(page, "the manual list", (d) => d.manual === "true");
    assert.equal(first.id, "1.8.0");
    await page.waitForTimeout(400); // the 200 ms press is released in meter time
    await page.click("#pb1");
    const second = await waitLcd(page, "the next reading", (d) => d.id !== "1.8.0");
    assert.equal(second.id, "2.8.0");
    assert.equal(second.manual, "true");
  });

  test("10 A at 230 V, PF 1 advances A+ at 2300 W (within 1 %) at 1000x", async () => {
    await page.fill("#current", "10");
    await page.dispatchEvent("#current", "change");
    await page.selectOption("#speed", "1000");
    await page.waitForTimeout(1500); // the first window at the new load has closed
    const a = await aPlus(page);
    // Half an hour of meter time: 2 s at 1000x, longer when the machine cannot keep the speed.
    await page.waitForFunction((utc) => Number(document.getElementById("status")!.dataset.utc) >= utc + 1800, a.utcS, { timeout: 60000, polling: 100 });
    const b = await aPlus(page);
    const hours = (b.utcS - a.utcS) / 3600;
    const w = (b.wh - a.wh) / hours;
    assert.ok(Math.abs(w - 2300) <= 23 + 2 / hours, `A+ advanced at ${w.toFixed(1)} W over ${hours.toFixed(2)} h`);
  });

  test("opening the terminal cover lights the tamper symbol", async () => {
    await page.selectOption("#speed", "1");
    assert.equal((await lcd(page)).tamper, "false");
    await page.check("#cover");
    await waitLcd(page, "the tamper symbol", (d) => d.tamper === "true", 5000);
    await page.uncheck("#cover");
  });

  test("the optical port answers /?! with the identification and, acknowledged, the mode C readout with 1.8.0", async () => {
    await page.click("#optical-read");
    await page.waitForFunction(() => /1\.8\.0\(\d{7}\.\d{3}\*kWh\)/.test(document.getElementById("optical-log")!.textContent ?? ""), undefined, { timeout: 10000 });
    const log = await page.textContent("#optical-log");
    assert.match(log ?? "", /\/WAS5\\2wasmeter-1<CR>/);
    assert.match(log ?? "", /<ETX>/);
  });

  test("PB2 long opens the breaker (relay open, 0 W); PB2 short asks for reconnection and closes it (Z17 = 2)", async () => {
    const breaker = async (): Promise<string> => (await page.textContent("#breaker")) ?? "";
    assert.match(await breaker(), /^connected, relay closed/);
    await page.click("#pb2-long");
    await page.waitForFunction(() => /relay open/.test(document.getElementById("breaker")!.textContent ?? ""), undefined, { timeout: 10000 });
    await page.waitForTimeout(2500); // a whole window without current
    const p = await page.evaluate(() => document.getElementById("readings")!.textContent ?? "");
    assert.match(p, /P0\.0W/, "no power through an open breaker");
    await page.click("#pb2");
    await page.waitForFunction(() => /^connected, relay closed/.test(document.getElementById("breaker")!.textContent ?? ""), undefined, { timeout: 10000 });
  });

  test("mains off: the LCD goes blank and PB1 shows the battery list's A+ 1.8.0; mains back: the automatic list", async () => {
    await page.uncheck("#mains");
    await waitLcd(page, "a blank display", (d) => d.id === "" && d.value === "" && d.allOn === "false", 5000);
    await page.click("#pb1");
    const battery = await waitLcd(page, "the battery list", (d) => d.id !== "", 5000);
    assert.equal(battery.id, "1.8.0");
    assert.equal(battery.battery, "true", "the battery list's mark");
    await page.check("#mains");
    await waitLcd(page, "the automatic list", (d) => d.id !== "" && d.manual === "false", 15000);
  });

  test("a reload is a power cycle: the registers come back from IndexedDB (A+ within 1 Wh), a new boot counts", async () => {
    await page.waitForTimeout(1000);
    const before = await aPlus(page);
    assert.ok(before.wh > 1000, `A+ ${before.wh} Wh before the reload`);
    await page.screenshot({ path: path.join(ROOT, "build/web-page.png") });
    await page.reload();
    await waitLcd(page, "the power-up test", (d) => d.allOn === "true");
    await page.waitForFunction(() => document.querySelector('#registers tr[data-name="A+"]') !== null);
    const after = await aPlus(page);
    assert.ok(after.wh >= before.wh - 1 && after.wh <= before.wh + 3, `A+ ${before.wh} Wh before, ${after.wh} Wh after the reload`);
    assert.ok(after.utcS >= before.utcS, "the battery-backed RTC did not go back");
  });
});
