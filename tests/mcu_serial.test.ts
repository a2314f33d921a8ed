// The Cortex-M4 image in QEMU receiving on both UARTs: an IEC 62056-21 sign-on on the optical port and an HDLC SNRM on
// the module port, sent through QEMU's serial back-ends (Unix sockets the test listens on), answered as in Node.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Simulator } from "../host/sim.js";
import { Err, UartPort } from "../host/abi.js";
import { hdlcFrame, parseFrames, SNRM, UA } from "../host/hdlcclient.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const serialElf = path.join(root, "build/mcu/serial-m4.elf");
const wasm3SerialElf = path.join(root, "build/mcu/wasm3/serial-wasm3-m4.elf");
const wasm3Src = process.env.WASM3_SRC ?? path.join(root, "../shared/vendor/wasm3");
const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

const missing = ["arm-none-eabi-gcc", "qemu-system-arm", "wasm2c"].filter((t) => spawnSync("sh", ["-c", `command -v ${t}`]).status !== 0);
const skip = process.env.WASMETER_REQUIRE_MCU !== "1" && missing.length > 0 ? `NOT RUN: ${missing.join(", ")} missing (.ci/deps)` : false;

interface SerialRun { console: string; port: [Buffer, Buffer] }

// QEMU connects each UART to a Unix socket this process listens on (-chardev socket, QEMU the client): the request goes
// out as soon as QEMU connects, and everything the meter transmits is collected until the run prints END and exits.
async function runSerial(elf: string, requests: [Uint8Array, Uint8Array]): Promise<SerialRun> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wasmeter-uart-"));
  const port: [Buffer[], Buffer[]] = [[], []];
  const servers = [0, 1].map((p) => {
    const server = net.createServer((socket) => {
      socket.on("data", (d) => port[p].push(d));
      socket.on("error", () => {});
      socket.write(requests[p]);
    });
    server.listen(path.join(dir, `uart${p}.sock`));
    return server;
  });
  await Promise.all(servers.map((s) => new Promise((resolve) => s.once("listening", resolve))));
  const args = ["-M", "mps2-an386", "-nographic", "-monitor", "none", "-semihosting"];
  for (const p of [0, 1]) args.push("-chardev", `socket,id=uart${p},path=${path.join(dir, `uart${p}.sock`)}`, "-serial", `chardev:uart${p}`);
  args.push("-kernel", elf);
  const qemu = spawn("qemu-system-arm", args, { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  qemu.stdout.on("data", (d) => (out += d));
  qemu.stderr.on("data", (d) => (out += d));
  const timer = setTimeout(() => qemu.kill(), 120_000);
  const code = await new Promise<number | null>((resolve) => qemu.on("exit", resolve));
  clearTimeout(timer);
  await new Promise((resolve) => setTimeout(resolve, 100)); // the last bytes QEMU wrote before exiting
  for (const s of servers) s.close();
  fs.rmSync(dir, { recursive: true, force: true });
  assert.equal(code, 0, `QEMU exited with ${code}:\n${out}`);
  return { console: out, port: [Buffer.concat(port[0]), Buffer.concat(port[1])] };
}

// What the Node host's meter answers to the same SNRM on the module port (the answer does not depend on the energy).
function nodeAnswer(port: UartPort, request: Uint8Array): Buffer {
  const sim = new Simulator({ startUtcS: 1767225600n, waveform: { vrms: 230, irms: 10 } });
  sim.boot();
  sim.run(0.1);
  assert.equal(sim.meter.uartReceive(port, request), Err.OK);
  sim.run(0.05);
  return Buffer.from(sim.uart.take(port));
}

async function serialSession(elf: string): Promise<SerialRun> {
  if (!fs.existsSync(elf)) throw new Error(`${elf} is missing: run 'make ${path.relative(root, elf)}' (make test-host builds it)`);
  const snrm = hdlcFrame(SNRM);
  const run = await runSerial(elf, [ascii("/?!\r\n"), snrm]);
  assert.match(run.console, /^RX0 5$/m, "the five bytes of the sign-on arrived on UART 0");
  assert.match(run.console, new RegExp(`^RX1 ${snrm.length}$`, "m"), "the SNRM arrived on UART 1");
  assert.match(run.console, /^END$/m);

  // IEC 62056-21: identification 220 ms after the request, then (mode A, no ACK) the data message 1.5 s later.
  const optical = run.port[0];
  const ident = "/WAS5\\2wasmeter-1\r\n";
  assert.equal(optical.subarray(0, ident.length).toString("latin1"), ident);
  const message = optical.subarray(ident.length);
  assert.equal(message[0], 0x02, "the data message starts with STX");
  const etx = message.indexOf(0x03);
  assert.equal(etx, message.length - 2, "ETX, then one BCC byte, end the transmission");
  let bcc = 0;
  for (const b of message.subarray(1, etx + 1)) bcc ^= b;
  assert.equal(message[etx + 1], bcc, "BCC: XOR of the bytes after STX up to and including ETX");
  const lines = message.subarray(1, etx).toString("latin1").split("\r\n");
  assert.equal(lines.at(-2), "!", "the data block ends with ! CR LF");
  assert.ok(lines.some((l) => /^1\.8\.0\(\d{7}\.\d{3}\*kWh\)$/.test(l)), `A+ 1.8.0 in kWh with 3 decimals:\n${lines.join("\n")}`);
  assert.ok(lines.some((l) => /^0\.9\.2\(26010[1]\)$/.test(l)), "the date 0.9.2 is the scenario's 2026-01-01");

  // HDLC on the module port: the same UA, byte for byte, as the Node host's meter sends.
  const frames = parseFrames(run.port[1]);
  assert.deepEqual(frames.map((f) => f.control), [UA]);
  assert.equal(run.port[1].toString("hex"), nodeAnswer(UartPort.MODULE, snrm).toString("hex"));
  return run;
}

test("the Cortex-M4 image answers /?! on the optical UART with its identification and data message, and SNRM on the module UART with UA", { skip }, async () => {
  await serialSession(serialElf);
});

const wasm3Skip = skip || (fs.existsSync(wasm3Src) ? false : `no wasm3 sources at ${wasm3Src}`);
test("the wasm3 Cortex-M4 image answers the same sign-on and SNRM on its two UARTs", { skip: wasm3Skip }, async () => {
  const run = await serialSession(wasm3SerialElf);
  const ram = Object.fromEntries([...run.console.matchAll(/^RAM (\w+) (\d+)$/gm)].map((m) => [m[1], Number(m[2])]));
  console.log(`wasm3 serial session: heap region ${ram.heap_region_used_bytes} B, ${ram.code_pages} code pages, C stack ${ram.c_stack_used_bytes} B`);
});
