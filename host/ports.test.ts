// Ports of the simulator: --dlms/--optical/--module/--consumer parsing, the TCP bridge's one-client rule and byte path, line pacing.
import { test } from "node:test";
import assert from "node:assert/strict";
import net from "node:net";
import { parseArgs, UsageError } from "./options.js";
import { LineBridge, parsePortSpec, TcpBridge } from "./ports.js";
import { Simulator } from "./sim.js";
import { UartPort } from "./abi.js";

test("--dlms takes tcp:PORT (0..65535) and refuses anything else with a message", () => {
  assert.deepEqual(parseArgs(["--dlms", "tcp:4059"]).dlms, { kind: "tcp", port: 4059 });
  assert.deepEqual(parsePortSpec("tcp:0"), { kind: "tcp", port: 0 });
  assert.equal(parseArgs([]).dlms, undefined);
  for (const bad of ["tcp:65536", "udp:4059", "4059", "tcp:", "tcp:-1"]) {
    assert.throws(() => parseArgs(["--dlms", bad]), (e: unknown) => e instanceof UsageError && /tcp:4059/.test(e.message), bad);
  }
  assert.throws(() => parseArgs(["--dlms"]), UsageError);
});

const connect = (port: number): Promise<net.Socket> => new Promise((resolve, reject) => {
  const s = net.connect(port, "127.0.0.1", () => resolve(s));
  s.once("error", reject);
});

test("the bridge serves one client: its bytes reach UART 1, the firmware's answer comes back; a second client is closed", async () => {
  const sim = new Simulator({});
  sim.boot();
  const bridge = new TcpBridge(sim, UartPort.MODULE);
  const port = await bridge.listen(0);
  try {
    const first = await connect(port);
    const second = await connect(port);
    await new Promise((resolve) => second.once("close", resolve));
    // a wrapper frame with an RLRQ: the firmware answers RLRE whatever the association
    const answer = new Promise<Buffer>((resolve) => first.once("data", resolve));
    first.write(Uint8Array.from([0, 1, 0, 16, 0, 1, 0, 5, 0x62, 0x03, 0x80, 0x01, 0x00]));
    for (let k = 0; k < 100 && bridge.rxBytes < 13; k++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      bridge.deliver();
    }
    sim.step();
    bridge.collect();
    assert.deepEqual(Array.from(await answer), [0, 1, 0, 1, 0, 16, 0, 5, 0x63, 0x03, 0x80, 0x01, 0x00]);
    assert.equal(bridge.connections, 1);
    first.destroy();
  } finally {
    await bridge.close();
  }
});

test("--optical and --module take pty, pty:/LINK or tcp:PORT; --module with --dlms is refused", () => {
  assert.deepEqual(parseArgs(["--optical", "pty"]).optical, { kind: "pty" });
  assert.deepEqual(parseArgs(["--optical", "pty:/tmp/meter"]).optical, { kind: "pty", link: "/tmp/meter" });
  assert.deepEqual(parseArgs(["--module", "tcp:2000"]).module, { kind: "tcp", port: 2000 });
  assert.equal(parsePortSpec("pty"), undefined, "--dlms stays TCP only");
  for (const bad of ["pty:relative", "tty", "tcp:70000"]) {
    assert.throws(() => parseArgs(["--optical", bad]), (e: unknown) => e instanceof UsageError && /pty/.test(e.message), bad);
  }
  assert.throws(() => parseArgs(["--module", "pty", "--dlms", "tcp:4059"]), /--module and --dlms/);
});

test("--consumer takes pty, pty:/LINK or tcp:PORT, beside --dlms; its bridge passes the 10-s push out and drops what a client sends (the port has no receiver)", async () => {
  assert.deepEqual(parseArgs(["--consumer", "tcp:4070", "--dlms", "tcp:4059"]).consumer, { kind: "tcp", port: 4070 });
  assert.deepEqual(parseArgs(["--consumer", "pty:/tmp/ccc"]).consumer, { kind: "pty", link: "/tmp/ccc" });
  assert.throws(() => parseArgs(["--consumer", "udp:4070"]), (e: unknown) => e instanceof UsageError && /pty/.test(e.message));
  const sim = new Simulator({});
  sim.boot();
  const bridge = new TcpBridge(sim, UartPort.CONSUMER, true);
  const port = await bridge.listen(0);
  try {
    const client = await connect(port);
    const got: Buffer[] = [];
    client.on("data", (d: Buffer) => got.push(d));
    client.write(Uint8Array.from([0, 1, 0, 16, 0, 1, 0, 5, 0x62, 0x03, 0x80, 0x01, 0x00]));
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (let t = 0; t < 1010; t++) { // 10.1 s: uart_rx is never called for port 2, so nothing is refused
      bridge.deliver();
      sim.step();
      bridge.collect();
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(bridge.rxBytes, 0, "nothing delivered to the firmware");
    const out = Buffer.concat(got);
    assert.deepEqual(Array.from(out.subarray(0, 6)), [0, 1, 0, 1, 0, 102], "one wrapper frame from wPort 1 to the push client 102");
    assert.equal(out.length, 8 + out.readUInt16BE(6), "exactly one push in the first 10 s");
    assert.equal(out[8], 0x0f, "data-notification");
    client.destroy();
  } finally {
    await bridge.close();
  }
});

// A bridge with no transport: bytes in by hand, bytes out with the tick they left on.
class TestLine extends LineBridge {
  readonly out: Array<[number, number]> = [];
  constructor(sim: Simulator) {
    super(sim, UartPort.OPTICAL, true);
  }
  feed(s: string): void {
    this.received(Buffer.from(s, "latin1"));
  }
  protected send(data: Buffer): void {
    for (const b of data) this.out.push([this.sim.nowMs, b]);
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

function tick(sim: Simulator, line: TestLine, n: number): void {
  for (let k = 0; k < n; k++) {
    line.deliver();
    sim.step();
    line.collect();
  }
}

test("a paced line: 300 baud is 30 characters a second both ways, mode C's data message at 9600 and 300 again after it", () => {
  const sim = new Simulator({});
  sim.boot();
  const line = new TestLine(sim);
  line.feed("/?!\r\n");
  tick(sim, line, 10);
  assert.equal(line.rxBytes, 3, "0.3 characters per 10 ms tick");
  tick(sim, line, 7);
  assert.equal(line.rxBytes, 5);
  tick(sim, line, 22 + 70);
  const ident = line.out.map(([, b]) => b);
  assert.equal(Buffer.from(ident).toString("latin1"), "/WAS5\\2wasmeter-1\r\n");
  const spanMs = line.out[18][0] - line.out[0][0];
  assert.ok(spanMs >= 590 && spanMs <= 610, `19 characters at 300 baud: ${spanMs} ms`);
  line.out.length = 0;
  line.feed("\x06050\r\n");
  tick(sim, line, 20 + 23 + 120);
  const data = line.out;
  assert.equal(data[0][1], 0x02, "STX first");
  const last = data.findIndex(([, b]) => b === 0x03) + 1;
  assert.equal(last, data.length - 1, "ETX, the BCC and nothing after");
  const ms = data[last][0] - data[0][0];
  // 960 characters a second: the whole message in about length / 9.6 ticks.
  assert.ok(Math.abs(ms - (last + 1) / 0.96) <= 20, `${last + 1} characters in ${ms} ms`);
  assert.equal(line.setting.baud, 300, "300 baud once the message has left");
  assert.equal(line.txPending, 0);
});
