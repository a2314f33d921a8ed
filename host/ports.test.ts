// Ports of the simulator: --dlms parsing, and the TCP bridge's one-client rule and byte path to the module UART.
import { test } from "node:test";
import assert from "node:assert/strict";
import net from "node:net";
import { parseArgs, UsageError } from "./options.js";
import { parsePortSpec, TcpBridge } from "./ports.js";
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
