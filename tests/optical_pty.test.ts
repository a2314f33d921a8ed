// The optical port outside the harness: the unmodified npm client smartmeter-obis over a pty, and the CLI's TCP port, paced.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { spawn, spawnSync } from "node:child_process";
import net from "node:net";
import { Simulator } from "../host/sim.js";
import { ConfigId, Err, Register, UartPort } from "../host/abi.js";
import { PtyBridge, runRealTime } from "../host/ports.js";
import { CLI_PATH } from "./helpers.js";

const require = createRequire(import.meta.url);
const haveSocat = spawnSync("socat", ["-V"]).status === 0;

// The bridge, with the wall time each byte left for the client: when the data message started.
class WatchedPty extends PtyBridge {
  readonly out: number[] = [];
  stxAtMs = -1;
  protected override send(data: Buffer): void {
    for (const b of data) {
      if (b === 0x02 && this.stxAtMs < 0) this.stxAtMs = performance.now();
      this.out.push(b);
    }
    super.send(data);
  }
}

interface Obis { idToString(): string; valueToString(): string; values: Array<{ value: number | string; unit: string }> }

test("smartmeter-obis reads the meter over a pty: mode C at 9600 baud after its speed change, every line, a correct BCC",
  { skip: haveSocat ? false : "NOT RUN: needs socat (apt-get install -y socat)", timeout: 60_000 }, async (t) => {
    const sim = new Simulator({ startUtcS: 1767268800n, waveform: { vrms: 230, irms: 10, phaseDeg: 0 } });
    sim.boot();
    assert.equal(sim.meter.configSet(ConfigId.METER_NUMBER, 12345678), Err.OK);
    sim.run(10);
    const bridge = new WatchedPty(sim, UartPort.OPTICAL);
    const path = await bridge.open();
    let stopped = false;
    const pump = runRealTime(sim, [bridge], 50, () => stopped);
    const before = sim.meter.energyWh(Register.A_PLUS);
    const log: Array<[number, string]> = [];
    const SmartmeterObis = require("smartmeter-obis");
    try {
      const result = await new Promise<Record<string, Obis>>((resolve, reject) => {
        const transport = SmartmeterObis.init({
          protocol: "D0Protocol", transport: "SerialRequestResponseTransport", transportSerialPort: path,
          transportSerialBaudrate: 300, transportSerialDataBits: 7, transportSerialParity: "even", transportSerialStopBits: 1,
          protocolD0DeviceAddress: "12345678", requestInterval: 0, debug: 2,
          logger: (line: string) => log.push([performance.now(), line]),
        }, (err: Error | null, obis: Record<string, Obis>) => {
          transport.stop();
          if (err) reject(err);
          else resolve(obis);
        });
        transport.process();
      });
      const after = sim.meter.energyWh(Register.A_PLUS);
      // The line: sign-on at 300 baud, the data message at 9600, then back to 300 once it had left.
      assert.deepEqual(sim.uart.lineLog[UartPort.OPTICAL].map((s) => s.baud), [9600, 300]);
      const changed = log.find(([, line]) => line.includes("BAUD CHANGEOVER DONE"));
      assert.ok(changed, "the client changed its speed");
      assert.ok(bridge.stxAtMs > changed[0], `the data message started ${(bridge.stxAtMs - changed[0]).toFixed(0)} ms after the client's speed change`);
      t.diagnostic(`data message ${(bridge.stxAtMs - changed[0]).toFixed(0)} ms after the client's speed change`);
      // What the client parsed is every line the meter sent, the first one included.
      const sent = Buffer.from(bridge.out).toString("latin1");
      const stx = sent.indexOf("\x02");
      const etx = sent.indexOf("\x03", stx);
      let bcc = 0;
      for (let k = stx + 1; k <= etx; k++) bcc ^= sent.charCodeAt(k);
      assert.equal(sent.charCodeAt(etx + 1), bcc, "BCC");
      const lines = sent.slice(stx + 1, etx).split("\r\n").filter((l) => l.includes("("));
      assert.ok(lines[0].startsWith("C.1.0(12345678)"), lines[0]);
      assert.equal(Object.keys(result).length, lines.length, `${Object.keys(result).join(" ")}`);
      const meterNumber = Object.values(result).find((o) => o.idToString().endsWith("96.1.0"));
      assert.equal(meterNumber?.valueToString(), "12345678");
      const aPlus = Object.values(result).find((o) => /(^|:)1\.8\.0/.test(o.idToString()) && !o.idToString().includes("*"));
      assert.ok(aPlus, "1.8.0 parsed");
      const kwh = Number(aPlus.values[0].value);
      assert.equal(aPlus.values[0].unit, "kWh");
      assert.ok(kwh * 1000 >= Number(before) - 0.5 && kwh * 1000 <= Number(after) + 0.5, `1.8.0 ${kwh} kWh within ${before}..${after} Wh`);
    } finally {
      stopped = true;
      await pump;
      await bridge.close();
    }
  });

test("make run ARGS=\"--optical tcp:0\" prints its port and answers a request at 300 baud in real time", { timeout: 30_000 }, async () => {
  const cli = spawn(process.execPath, [CLI_PATH, "--optical", "tcp:0", "--duration", "1m"], { stdio: ["ignore", "pipe", "inherit"] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let out = "";
      cli.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const m = /optical port .* listening on 127\.0\.0\.1:(\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      cli.once("exit", (code) => reject(new Error(`cli exited ${code}: ${out}`)));
    });
    const socket = await new Promise<net.Socket>((resolve, reject) => {
      const s = net.connect(port, "127.0.0.1", () => resolve(s));
      s.once("error", reject);
    });
    const start = performance.now();
    const ident = await new Promise<string>((resolve) => {
      let got = "";
      socket.on("data", (chunk: Buffer) => {
        got += chunk.toString("latin1");
        if (got.endsWith("\r\n")) resolve(got);
      });
      socket.write("/?!\r\n");
    });
    const ms = performance.now() - start;
    socket.destroy();
    assert.equal(ident, "/WAS5\\2wasmeter-1\r\n");
    // 5 characters in (167 ms), the reaction time (220 ms), 19 characters out (634 ms) at 300 baud: about 1 s.
    assert.ok(ms >= 950 && ms < 5000, `${ms.toFixed(0)} ms`);
  } finally {
    const exited = new Promise((resolve) => cli.once("exit", resolve));
    cli.kill("SIGTERM");
    await exited;
  }
});
