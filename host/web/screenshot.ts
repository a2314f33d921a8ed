// `make web-screenshot`: docs/web.png, the simulator page in Chromium after five hours of a household day at 1000x.
import path from "node:path";
import { chromium } from "playwright-core";
import { ROOT } from "../firmware.js";
import { startServer } from "./serve.js";

const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

async function main(): Promise<void> {
  const server = await startServer(0);
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 1180 } })).newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.fill("#current", "20");
    await page.fill("#pf", "0.9");
    await page.selectOption("#harmonics", "household");
    await page.selectOption("#shape", "household");
    await page.dispatchEvent("#shape", "change");
    await page.selectOption("#speed", "1000");
    await page.waitForTimeout(18000);
    await page.selectOption("#speed", "1");
    await page.click("#optical-read");
    await page.waitForTimeout(4000);
    const out = path.join(ROOT, "docs/web.png");
    await page.screenshot({ path: out });
    console.log(`wrote ${out}`);
  } finally {
    await browser.close();
    server.close();
  }
}

main().catch((err: unknown) => {
  console.error(`screenshot: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
