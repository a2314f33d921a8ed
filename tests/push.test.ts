// Alarm register, filter and descriptor over DLMS; the alarm push (module port) and the consumer channel (UART 2) decoded by the unmodified Gurux push listener.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Simulator } from "../host/sim.js";
import { ConfigId, Err, EventCode, InputKind, Register, UartFormat, UartPort } from "../host/abi.js";
import { TcpBridge } from "../host/ports.js";
import { associate, decode, get, getResult, obis, set, u32, Data, MANAGEMENT, PUBLIC } from "./cosemclient.js";
import { frame } from "./dlmsframes.js";
import { crc32, utc } from "./helpers.js";
import { NorFlash } from "../host/shims/nvm.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const listener = path.join(root, "../shared/clients/gurux-push-python/listen");

const ALARM_REGISTER = obis("0.0.97.98.0.255");
const ALARM_FILTER = obis("0.0.97.98.10.255");
const ALARM_DESCRIPTOR = obis("0.0.97.98.20.255");
const PUSH_ALARM = obis("0.0.25.9.0.255");
const PUSH_PERIODIC = obis("0.1.25.9.0.255");
const u16 = (v: number): number[] => [0x12, v >> 8, v & 0xff];
// RLRQ; a push held back by the association may follow the RLRE in the same tick, so only the first frame is checked.
const release = (sim: Simulator, client: number): Uint8Array => {
  assert.equal(sim.meter.uartReceive(UartPort.MODULE, frame([0x62, 0x03, 0x80, 0x01, 0x00], client)), Err.OK);
  sim.step();
  const out = sim.uart.take(UartPort.MODULE);
  assert.equal(out[8], 0x63, "RLRE");
  return out.subarray(8 + ((out[6] << 8) | out[7]));
};

function meter(z26: number, nvm?: NorFlash, startUtcS = utc(2026, 3, 2, 9)): Simulator {
  const sim = new Simulator({ nvm, startUtcS, waveform: { vrms: 230, irms: 5, phaseDeg: 0 } });
  sim.boot();
  assert.equal(sim.meter.configSet(ConfigId.METER_NUMBER, 12345678), Err.OK);
  assert.equal(sim.meter.configSet(ConfigId.ALARM_CONFIG, z26), Err.OK);
  return sim;
}

interface Push { atS: number; aPlusWh?: bigint; invokeId: number; priority: boolean; values: Data[]; raw: Uint8Array }

// Wrapper frames from wPort 1 to 102 carrying a data-notification, split and decoded.
function pushes(bytes: Uint8Array, atS: number): Push[] {
  const out: Push[] = [];
  for (let at = 0; at < bytes.length;) {
    const length = (bytes[at + 6] << 8) | bytes[at + 7];
    const frame = bytes.subarray(at, at + 8 + length);
    assert.deepEqual(Array.from(frame.subarray(0, 6)), [0, 1, 0, 1, 0, 102], "version 1, wPort 1 to the push client 102");
    const apdu = Array.from(frame.subarray(8));
    assert.equal(apdu[0], 0x0f, "data-notification");
    assert.equal(apdu[5], 12, "date-time of 12 bytes");
    const word = ((apdu[1] << 24) | (apdu[2] << 16) | (apdu[3] << 8) | apdu[4]) >>> 0;
    const [body] = decode(apdu, 18);
    out.push({ atS, invokeId: word & 0xffffff, priority: (word & 0x80000000) !== 0, values: body as Data[], raw: frame });
    at += 8 + length;
  }
  return out;
}

// Runs the meter second by second, collecting the pushes on the module port.
function collect(sim: Simulator, seconds: number, from: number): Push[] {
  const out: Push[] = [];
  for (let s = 1; s <= seconds; s++) {
    sim.run(1);
    const wh = sim.meter.energyWh(Register.A_PLUS);
    out.push(...pushes(sim.uart.take(UartPort.MODULE), from + s).map((p) => ({ ...p, aPlusWh: wh })));
  }
  return out;
}

test("alarm register: Z26 = 2 is the default filter; a cover opening sets bit 1 in register and descriptor, a magnet (filtered) the descriptor only; a SET clears only the bits written as 1", () => {
  const sim = meter(2);
  associate(sim, MANAGEMENT);
  assert.equal(get(sim, MANAGEMENT, 1, ALARM_FILTER, 2), 2);
  assert.equal(get(sim, MANAGEMENT, 1, ALARM_REGISTER, 2), 0);
  sim.meter.inputEvent(InputKind.COVER, 1);
  sim.meter.inputEvent(InputKind.MAGNET, 1);
  sim.run(0.1);
  assert.equal(get(sim, MANAGEMENT, 1, ALARM_REGISTER, 2), 2, "bit 1 terminal cover; the magnet (bit 2) is not in Z26 = 2");
  assert.equal(get(sim, MANAGEMENT, 1, ALARM_DESCRIPTOR, 2), 6, "the descriptor takes every alarm: bits 1 and 2");
  assert.equal(set(sim, MANAGEMENT, 1, ALARM_REGISTER, 2, u32(4)), 0);
  assert.equal(get(sim, MANAGEMENT, 1, ALARM_REGISTER, 2), 2, "writing bit 2 leaves bit 1");
  assert.equal(set(sim, MANAGEMENT, 1, ALARM_REGISTER, 2, u32(2)), 0);
  assert.equal(get(sim, MANAGEMENT, 1, ALARM_REGISTER, 2), 0);
  assert.equal(set(sim, MANAGEMENT, 1, ALARM_DESCRIPTOR, 2, u32(4)), 0);
  assert.equal(get(sim, MANAGEMENT, 1, ALARM_DESCRIPTOR, 2), 2);
  const cleared = sim.meter.events().filter((e) => e.code === EventCode.ALARMS_CLEARED).map((e) => [e.a, Number(e.b)]);
  assert.deepEqual(cleared, [[0, 0], [2, 0], [4, 1]], "event 75: bits actually cleared, register 0 / descriptor 1");
  assert.equal(set(sim, MANAGEMENT, 1, ALARM_FILTER, 2, u32(0x4000)), 250, "bit 14 is no alarm of this meter");
  assert.equal(set(sim, MANAGEMENT, 1, ALARM_FILTER, 2, [0x12, 0, 6]), 12, "long-unsigned: type-unmatched");
  assert.equal(set(sim, MANAGEMENT, 1, ALARM_FILTER, 2, u32(0x2006)), 0);
  assert.equal(get(sim, MANAGEMENT, 1, ALARM_FILTER, 2), 0x2006);
  sim.meter.inputEvent(InputKind.MAGNET, 0);
  sim.meter.inputEvent(InputKind.MAGNET, 1);
  sim.run(0.1);
  assert.equal(get(sim, MANAGEMENT, 1, ALARM_REGISTER, 2), 4, "the written filter lets the magnet in");
  const held = pushes(release(sim, MANAGEMENT), 0);
  assert.deepEqual(held.map((p) => p.values[3]), [4], "the push held back during the association goes at its end, with the register as it is then: bit 2");
  associate(sim, PUBLIC);
  assert.equal(getResult(sim, PUBLIC, 1, ALARM_REGISTER, 2), 4, "public client: object-undefined");
  assert.equal(set(sim, PUBLIC, 1, ALARM_FILTER, 2, u32(0)), 4);
});

// The Gurux listener on a free TCP port; its output collected.
async function startListener(): Promise<{ child: ChildProcess; port: number; output: () => string; send: (b: Uint8Array) => Promise<void>; close: () => Promise<void> }> {
  const port = await new Promise<number>((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
  const child = spawn(listener, ["-p", String(port), "-i", "WRAPPER"], {
    env: { ...process.env, PYTHONUNBUFFERED: "1", TZ: "UTC" }, stdio: ["pipe", "pipe", "pipe"],
  });
  let text = "";
  child.stdout!.on("data", (b: Buffer) => { text += b.toString(); });
  child.stderr!.on("data", (b: Buffer) => { text += b.toString(); });
  let socket: net.Socket | undefined;
  for (let k = 0; k < 100 && !socket; k++) {
    socket = await new Promise<net.Socket | undefined>((resolve) => {
      const c = net.connect(port, "127.0.0.1", () => resolve(c));
      c.once("error", () => resolve(undefined));
    });
    if (!socket) await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(socket, `listener on ${port} did not start: ${text}`);
  const s = socket!;
  return {
    child, port, output: () => text,
    send: (b) => new Promise<void>((resolve) => { s.write(b, () => resolve()); }),
    close: async () => {
      s.destroy();
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.stdin!.end("\n");
      const timer = setTimeout(() => child.kill(), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function waitFor(output: () => string, pattern: RegExp, count: number): Promise<string[]> {
  for (let k = 0; k < 150; k++) {
    const found = output().match(new RegExp(pattern.source, "gm")) ?? [];
    if (found.length >= count) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`listener printed ${pattern} fewer than ${count} times:\n${output()}`);
}

test("alarm push: once per rising filtered alarm after a delay within 0..30 s, repeated 2 times 20 s apart until reset; decoded by the Gurux listener", async () => {
  const gurux = await startListener();
  try {
    const sim = meter(2);
    associate(sim, MANAGEMENT);
    assert.equal(set(sim, MANAGEMENT, 40, PUSH_ALARM, 6, [0x11, 2]), 0);
    assert.equal(set(sim, MANAGEMENT, 40, PUSH_ALARM, 7, u16(20)), 0);
    assert.equal(get(sim, MANAGEMENT, 40, PUSH_ALARM, 5), 30);
    release(sim, MANAGEMENT);
    assert.equal(sim.uart.take(UartPort.MODULE).length, 0);
    sim.meter.inputEvent(InputKind.MAGNET, 1);
    assert.deepEqual(collect(sim, 40, 0), [], "a magnet is not in the filter (Z26 = 2): no push");
    sim.meter.inputEvent(InputKind.COVER, 1);
    sim.meter.inputEvent(InputKind.COVER, 0);
    sim.meter.inputEvent(InputKind.COVER, 1); // the same alarm while bit 1 is set: not a second push
    sim.uart.take(UartPort.CONSUMER);
    const seen = collect(sim, 120, 0);
    assert.equal(seen.length, 3, "first send and 2 retries");
    const consumer = pushes(sim.uart.take(UartPort.CONSUMER), 0);
    assert.equal(consumer.length, 12, "120 s: 12 consumer pushes meanwhile on UART 2");
    assert.ok(consumer.every((c) => !c.priority && c.values.length === 8), "none of them the alarm push");
    assert.ok(seen[0].atS >= 1 && seen[0].atS <= 31, `first push ${seen[0].atS} s after the alarm: randomised within 0..30 s`);
    assert.deepEqual(seen.slice(1).map((p) => p.atS - seen[0].atS), [20, 40], "repetition delay 20 s");
    for (const p of seen) {
      assert.equal(p.priority, true, "alarm push: high priority");
      assert.equal(p.values.length, 4);
      assert.equal(p.values[1], "12345678", "meter number");
      assert.equal(p.values[3], 2, "alarm register: bit 1 terminal cover");
    }
    assert.deepEqual(seen.map((p) => p.invokeId), [seen[0].invokeId, seen[0].invokeId + 1, seen[0].invokeId + 2]);
    // One frame at a time: the listener decodes the first of frames that arrive together.
    for (let k = 0; k < seen.length; k++) {
      await gurux.send(seen[k].raw);
      await waitFor(gurux.output, /^1 0\.0\.97\.98\.0\.255 2: (\d+)$/, k + 1);
    }
    const lines = await waitFor(gurux.output, /^1 0\.0\.97\.98\.0\.255 2: (\d+)$/, 3);
    assert.deepEqual(lines.map((l) => Number(/: (\d+)$/.exec(l)![1])), [2, 2, 2], "Gurux decodes the alarm register 2 each time");
    assert.match(gurux.output(), /^1 0\.0\.96\.1\.0\.255 2: 12345678$/m);

    // Reset of bit 1: the next opening is a new alarm; with retries 0 it is pushed exactly once.
    associate(sim, MANAGEMENT);
    assert.equal(set(sim, MANAGEMENT, 1, ALARM_REGISTER, 2, u32(2)), 0);
    assert.equal(set(sim, MANAGEMENT, 40, PUSH_ALARM, 6, [0x11, 0]), 0);
    release(sim, MANAGEMENT);
    sim.meter.inputEvent(InputKind.COVER, 0);
    sim.meter.inputEvent(InputKind.COVER, 1);
    const again = collect(sim, 100, 0);
    assert.equal(again.length, 1, "retries 0: one push");
    assert.ok(again[0].atS <= 31);
  } finally {
    await gurux.close();
  }
});

test("alarm push: the delay is the same for the same meter number on every run and differs between meter numbers", () => {
  const delay = (meterNumber: number): number => {
    const sim = meter(2);
    assert.equal(sim.meter.configSet(ConfigId.METER_NUMBER, meterNumber), Err.OK);
    sim.meter.inputEvent(InputKind.COVER, 1);
    const seen = collect(sim, 32, 0);
    assert.equal(seen.length, 1);
    return seen[0].atS;
  };
  assert.equal(delay(11111111), delay(11111111));
  const spread = new Set([11111111, 22222222, 33333333, 44444444, 55555555].map(delay));
  assert.ok(spread.size >= 3, `delays ${[...spread]} s: spread across a feeder`);
});

// What a client of `--consumer tcp:PORT` reads: the consumer channel through the harness's paced bridge.
async function consumerClient(sim: Simulator): Promise<{ bridge: TcpBridge; bytes: () => Buffer; close: () => Promise<void> }> {
  const bridge = new TcpBridge(sim, UartPort.CONSUMER, true);
  const port = await bridge.listen(0);
  const chunks: Buffer[] = [];
  const socket = await new Promise<net.Socket>((resolve) => { const c = net.connect(port, "127.0.0.1", () => resolve(c)); });
  socket.on("data", (d: Buffer) => chunks.push(d));
  for (let k = 0; k < 100 && bridge.connections === 0; k++) await new Promise((r) => setTimeout(r, 10));
  assert.equal(bridge.connections, 1);
  return {
    bridge,
    bytes: () => Buffer.concat(chunks.splice(0)),
    close: async () => { socket.destroy(); await bridge.close(); },
  };
}

test("consumer channel (UART 2, 115200 8N1, transmit only): out of the box a push every 10 s of meter time with U, I, P+ and A+ to the Wh equal to the meter's, while a management association holds the module port and after, nothing on the module port; read through --consumer tcp and decoded by the Gurux listener", async () => {
  const gurux = await startListener();
  const sim = meter(0);
  const ccc = await consumerClient(sim);
  try {
    assert.deepEqual(sim.uart.line[UartPort.CONSUMER], { baud: 115200, format: UartFormat.EIGHT_N_ONE, afterBytes: 0 }, "115200 8N1 from power-up");
    assert.equal(sim.uart.lineLog[UartPort.CONSUMER].length, 0, "the firmware never changes its line");
    // Tick by tick, the bridge pumped as runRealTime does: when each push left the firmware and A+ then.
    const sentAtMs: number[] = [];
    const aPlusAtSend: bigint[] = [];
    const run = (seconds: number): void => {
      const endMs = sim.nowMs + seconds * 1000;
      while (sim.nowMs < endMs) {
        ccc.bridge.deliver();
        sim.step();
        if (sim.uart.sent[UartPort.CONSUMER].length > 0) {
          sentAtMs.push(sim.nowMs);
          aPlusAtSend.push(sim.meter.energyWh(Register.A_PLUS));
        }
        ccc.bridge.collect();
      }
    };
    run(2); // the first measurements
    associate(sim, MANAGEMENT);
    assert.deepEqual(get(sim, MANAGEMENT, 40, PUSH_PERIODIC, 3), [0, [0x43, 0x43, 0x43], 0], "default destination: \"CCC\", the consumer channel (transport 0: wrapper frames)");
    const u = get(sim, MANAGEMENT, 3, obis("1.0.32.7.0.255"), 2) as number;
    const i = get(sim, MANAGEMENT, 3, obis("1.0.31.7.0.255"), 2) as number;
    const p = get(sim, MANAGEMENT, 3, obis("1.0.1.7.0.255"), 2) as number;
    assert.ok(u > 2200 && i > 400 && p > 1000, `U ${u}, I ${i}, P+ ${p}: a 230 V, 5 A load`);
    run(35);
    assert.equal(sim.uart.take(UartPort.MODULE).length, 0, "the association's port: nothing but answers");
    release(sim, MANAGEMENT);
    run(30);
    assert.equal(sim.uart.take(UartPort.MODULE).length, 0, "after the release: no push on the module port");
    await new Promise((r) => setTimeout(r, 200));
    const seen = pushes(ccc.bytes(), 0);
    assert.equal(seen.length, 6, "67 s from power-up: 6 pushes (3 during the association, 3 after)");
    assert.equal(sentAtMs.length, 6);
    assert.deepEqual(sentAtMs.slice(1).map((t, k) => t - sentAtMs[k]), [10000, 10000, 10000, 10000, 10000], "every 10 s +- 0 ms of meter time");
    const stampS = seen.map((s) => s.raw[8 + 6 + 6] * 60 + s.raw[8 + 6 + 7]); // minute and second of the date-time
    assert.deepEqual(stampS.slice(1).map((t, k) => (t - stampS[k] + 3600) % 3600), [10, 10, 10, 10, 10], "its time stamps 10 s apart");
    assert.deepEqual(seen.map((s) => s.invokeId), [1, 2, 3, 4, 5, 6], "its own invoke-id sequence, without gaps");
    for (let k = 0; k < seen.length; k++) {
      const s = seen[k];
      assert.equal(s.priority, false);
      assert.equal(s.values.length, 8, "own list, meter number, clock, U, I, P+, A+, A-");
      assert.equal(s.values[1], "12345678");
      assert.deepEqual(s.values.slice(3, 6), [u, i, p], "U, I, P+ equal to the GETs of the same steady load");
      assert.equal(BigInt(s.values[6] as number | bigint), aPlusAtSend[k], "A+ to the Wh: the register in the tick of the push");
      assert.equal(BigInt(s.values[7] as number | bigint), 0n, "A-: nothing exported");
    }
    assert.ok(aPlusAtSend[5] - aPlusAtSend[0] >= 14n, `A+ grew ${aPlusAtSend[5] - aPlusAtSend[0]} Wh in 50 s of about 1150 W`);
    // The listener decodes the first of frames that arrive together: one frame at a time.
    for (let k = 0; k < seen.length; k++) {
      await gurux.send(seen[k].raw);
      await waitFor(gurux.output, /^3 1\.0\.1\.8\.0\.255 2: (\d+)$/, k + 1);
    }
    const energy = await waitFor(gurux.output, /^3 1\.0\.1\.8\.0\.255 2: (\d+)$/, 6);
    assert.deepEqual(energy.map((l) => BigInt(/: (\d+)$/.exec(l)![1])), aPlusAtSend, "Gurux decodes A+ of each push");
    const volts = await waitFor(gurux.output, /^3 1\.0\.32\.7\.0\.255 2: (\d+)$/, 6);
    assert.deepEqual(volts, Array(6).fill(`3 1.0.32.7.0.255 2: ${u}`));
    assert.match(gurux.output(), new RegExp(`^3 1\\.0\\.31\\.7\\.0\\.255 2: ${i}$`, "m"));
    assert.match(gurux.output(), new RegExp(`^3 1\\.0\\.1\\.7\\.0\\.255 2: ${p}$`, "m"));
  } finally {
    await ccc.close();
    await gurux.close();
  }
});

test("consumer push settings: management may switch it off (empty destination) or send it through the module (TCP); the alarm push may not go to the consumer channel; the public client cannot write", () => {
  const sim = meter(0);
  const take = (port: UartPort, seconds: number): Push[] => {
    const out: Push[] = [];
    for (let s = 1; s <= seconds; s++) {
      sim.run(1);
      out.push(...pushes(sim.uart.take(port), s));
    }
    return out;
  };
  const cccTo = (transport: number, dest: number[]): number[] => [0x02, 3, 0x16, transport, 0x09, dest.length, ...dest, 0x16, 0];
  const CCC = [0x43, 0x43, 0x43];
  associate(sim, PUBLIC);
  assert.equal(set(sim, PUBLIC, 40, PUSH_PERIODIC, 3, cccTo(0, [])), 4, "public client: object-undefined");
  associate(sim, MANAGEMENT);
  assert.equal(set(sim, MANAGEMENT, 40, PUSH_ALARM, 3, cccTo(0, CCC)), 250, "the alarm push on the public channel: refused");
  assert.equal(set(sim, MANAGEMENT, 40, PUSH_PERIODIC, 3, cccTo(1, CCC)), 250, "transport UDP: refused");
  assert.equal(set(sim, MANAGEMENT, 40, PUSH_PERIODIC, 3, cccTo(0, [])), 0);
  release(sim, MANAGEMENT);
  sim.uart.take(UartPort.CONSUMER);
  assert.deepEqual(take(UartPort.CONSUMER, 30), [], "empty destination: off");
  assert.equal(sim.uart.take(UartPort.MODULE).length, 0);
  associate(sim, MANAGEMENT);
  const tcp = Array.from(Buffer.from("127.0.0.1:4064"));
  assert.equal(set(sim, MANAGEMENT, 40, PUSH_PERIODIC, 3, cccTo(0, tcp)), 0);
  assert.deepEqual(get(sim, MANAGEMENT, 40, PUSH_PERIODIC, 3), [0, tcp, 0]);
  assert.equal((get(sim, MANAGEMENT, 40, PUSH_ALARM, 3) as Data[])[0], 0, "the alarm push stays on TCP through the module");
  release(sim, MANAGEMENT);
  const module = take(UartPort.MODULE, 35);
  assert.equal(module.length, 3, "through the module: 3 pushes in 35 s");
  assert.deepEqual([module[1].atS - module[0].atS, module[2].atS - module[1].atS], [10, 10]);
  assert.equal(module[0].values.length, 8);
  assert.equal(sim.uart.take(UartPort.CONSUMER).length, 0, "nothing on the consumer channel meanwhile");
  associate(sim, MANAGEMENT);
  assert.equal(set(sim, MANAGEMENT, 40, PUSH_PERIODIC, 3, cccTo(0, CCC)), 0);
  release(sim, MANAGEMENT);
  const back = take(UartPort.CONSUMER, 35);
  assert.deepEqual(back.map((b) => b.atS), [5, 15, 25, 35], "back on the consumer channel in the same 10-s rhythm: the last module push was 5 s before");
});

test("a PQ record of a firmware before the consumer channel (consumer push off, route byte 0) is read as the new default, so an updated meter pushes on UART 2; a head-end's off (route byte 1) stays off over a power cycle", () => {
  const nvm = new NorFlash();
  const sim = meter(0, nvm);
  associate(sim, MANAGEMENT);
  assert.equal(set(sim, MANAGEMENT, 40, PUSH_PERIODIC, 3, [0x02, 3, 0x16, 0, 0x09, 0, 0x16, 0]), 0, "{0 TCP, \"\"}: off");
  assert.deepEqual(get(sim, MANAGEMENT, 40, PUSH_PERIODIC, 3), [0, [], 0]);
  release(sim, MANAGEMENT);
  sim.run(2); // the next window stores it
  const consumerPushes = (m: Simulator, seconds: number): number => {
    m.uart.take(UartPort.CONSUMER);
    m.run(seconds);
    return pushes(m.uart.take(UartPort.CONSUMER), 0).length;
  };
  assert.equal(consumerPushes(meter(0, nvm), 30), 0, "off after a power cycle");
  // What the firmware before the consumer channel stored: the PQ record version 1 (sectors 252..253, 292 bytes,
  // CRC-32 at 288) with the consumer push's route byte (112 + 40 + 7) 0. This firmware writes version 2 (304 bytes,
  // 13 a sector, CRC at 300, the alarms after 288): the newest one, cut back to version 1, alone in the ring.
  const V2 = 304;
  let newest = -1;
  for (let slot = 0; slot < 26; slot++) {
    const at = 252 * 4096 + (slot / 13 | 0) * 4096 + (slot % 13) * V2;
    const v = new DataView(nvm.data.buffer, nvm.data.byteOffset + at, V2);
    if (v.getUint32(0, true) !== 0x51504d57 || v.getUint16(4, true) !== 2 || v.getUint32(V2 - 4, true) !== crc32(nvm.data.subarray(at, at + V2 - 4))) continue;
    if (newest < 0 || v.getUint32(8, true) > new DataView(nvm.data.buffer, nvm.data.byteOffset + newest).getUint32(8, true)) newest = at;
  }
  assert.ok(newest >= 0, "a PQ record");
  assert.deepEqual([nvm.data[newest + 152], nvm.data[newest + 159]], [0, 1], "off, route 1: this firmware's");
  const v1 = Uint8Array.from(nvm.data.subarray(newest, newest + 292));
  const view = new DataView(v1.buffer);
  view.setUint16(4, 1, true);
  view.setUint16(6, 292, true);
  v1[159] = 0;
  view.setUint32(288, crc32(v1.subarray(0, 288)), true);
  nvm.data.fill(0xff, 252 * 4096, 254 * 4096);
  nvm.data.set(v1, 252 * 4096);
  const updated = meter(0, nvm);
  assert.equal(consumerPushes(updated, 35), 3, "the updated meter: every 10 s on the consumer channel");
  associate(updated, MANAGEMENT);
  assert.deepEqual(get(updated, MANAGEMENT, 40, PUSH_PERIODIC, 3), [0, [0x43, 0x43, 0x43], 0]);
});

// A COSEM date-time with every date field unspecified: hh:mm:ss every day (hour 0xFF: every hour), no deviation.
const daily = (h: number, m: number, sec = 0): number[] => [0x09, 12, 0xff, 0xff, 0xff, 0xff, 0xff, h, m, sec, 0xff, 0x80, 0x00, 0xff];
const window = (start: number[], end: number[]): number[] => [0x02, 2, ...start, ...end];

test("push setup: randomisation (<= 3600 s), retries (<= 10), repetition delay (<= 3600 s) and up to 2 communication windows written by management with range checks, kept over a power cycle", () => {
  const nvm = new NorFlash();
  const sim = meter(2, nvm);
  associate(sim, MANAGEMENT);
  assert.equal(set(sim, MANAGEMENT, 40, PUSH_ALARM, 5, u16(3601)), 250, "randomisation over an hour: other-reason");
  assert.equal(set(sim, MANAGEMENT, 40, PUSH_ALARM, 5, u16(3600)), 0);
  assert.equal(set(sim, MANAGEMENT, 40, PUSH_ALARM, 6, [0x11, 11]), 250, "11 retries refused");
  assert.equal(set(sim, MANAGEMENT, 40, PUSH_ALARM, 6, [0x11, 10]), 0);
  assert.equal(set(sim, MANAGEMENT, 40, PUSH_ALARM, 7, u16(3601)), 250);
  assert.equal(set(sim, MANAGEMENT, 40, PUSH_ALARM, 7, u16(120)), 0);
  assert.equal(set(sim, MANAGEMENT, 40, PUSH_ALARM, 7, [0x11, 5]), 12, "unsigned for a long-unsigned: type-unmatched");
  const nightly = window(daily(2, 0), daily(4, 30));
  const hourly = window(daily(0xff, 5), daily(0xff, 6, 59));
  assert.equal(set(sim, MANAGEMENT, 40, PUSH_ALARM, 4, [0x01, 3, ...nightly, ...hourly, ...nightly]), 250, "three windows: over the 2 kept");
  const month13 = daily(2, 0);
  month13[4] = 13;
  assert.equal(set(sim, MANAGEMENT, 40, PUSH_ALARM, 4, [0x01, 1, ...window(month13, daily(4, 0))]), 250, "month 13 refused");
  assert.equal(set(sim, MANAGEMENT, 40, PUSH_ALARM, 4, [0x01, 1, ...window(daily(24, 0), daily(4, 0))]), 250, "hour 24 refused");
  assert.equal(set(sim, MANAGEMENT, 40, PUSH_ALARM, 4, [0x01, 1, 0x02, 1, ...daily(2, 0)]), 12, "a pair needs two date-times");
  assert.equal(set(sim, MANAGEMENT, 40, PUSH_PERIODIC, 4, [0x01, 2, ...nightly, ...hourly]), 0);
  const expected = [[daily(2, 0).slice(2), daily(4, 30).slice(2)], [daily(0xff, 5).slice(2), daily(0xff, 6, 59).slice(2)]];
  assert.deepEqual(get(sim, MANAGEMENT, 40, PUSH_PERIODIC, 4), expected, "read back as written");
  assert.deepEqual(get(sim, MANAGEMENT, 40, PUSH_ALARM, 4), [], "the alarm push's windows untouched by the refusals");
  const settings = [4, 5, 6, 7].map((a) => get(sim, MANAGEMENT, 40, PUSH_ALARM, a));
  release(sim, MANAGEMENT);
  sim.run(2); // the next window stores them
  const again = meter(2, nvm);
  associate(again, MANAGEMENT);
  assert.deepEqual([4, 5, 6, 7].map((a) => get(again, MANAGEMENT, 40, PUSH_ALARM, a)), settings, "kept over a power cycle");
  assert.deepEqual(settings.slice(1), [3600, 10, 120]);
  assert.deepEqual(get(again, MANAGEMENT, 40, PUSH_PERIODIC, 4), expected);
  associate(again, PUBLIC);
  assert.equal(set(again, PUBLIC, 40, PUSH_ALARM, 5, u16(0)), 4, "the public client does not see the push setups");
});

test("an alarm outside the push's communication window (minute 5 of every hour) waits for it and goes once at hh:05:00; decoded by the Gurux listener", async () => {
  const gurux = await startListener();
  try {
    const sim = meter(2);
    associate(sim, MANAGEMENT);
    assert.equal(set(sim, MANAGEMENT, 40, PUSH_ALARM, 4, [0x01, 1, ...window(daily(0xff, 5), daily(0xff, 5, 59))]), 0);
    assert.equal(set(sim, MANAGEMENT, 40, PUSH_ALARM, 5, u16(0)), 0, "no randomisation: the window alone decides");
    assert.equal(set(sim, MANAGEMENT, 40, PUSH_ALARM, 6, [0x11, 0]), 0);
    release(sim, MANAGEMENT);
    sim.meter.inputEvent(InputKind.COVER, 1); // 09:00:00 UTC (time zones of whole hours keep the minute)
    const seen = collect(sim, 400, 0);
    assert.equal(seen.length, 1, "one push");
    assert.ok(seen[0].atS >= 300 && seen[0].atS <= 301, `pushed ${seen[0].atS} s after the alarm, at 09:05:00 within the 1 s look`);
    const apdu = Array.from(seen[0].raw.subarray(8));
    assert.equal(apdu[6 + 6], 5, "its time stamp: minute 5");
    assert.ok(apdu[6 + 7] <= 1, `second ${apdu[6 + 7]}: at the window's opening`);
    assert.equal(seen[0].values[3], 2, "alarm register: terminal cover");
    await gurux.send(seen[0].raw);
    const lines = await waitFor(gurux.output, /^1 0\.0\.97\.98\.0\.255 2: (\d+)$/, 1);
    assert.equal(lines[0], "1 0.0.97.98.0.255 2: 2");
  } finally {
    await gurux.close();
  }
});

test("communication windows: one across the hour (hh:59:00..hh:01:00) is open at 09:00:30 and the alarm goes at once; one fully dated in 2025 never opens and the alarm waits", () => {
  const sim = meter(2, undefined, utc(2026, 3, 2, 9, 0, 30));
  associate(sim, MANAGEMENT);
  assert.equal(set(sim, MANAGEMENT, 40, PUSH_ALARM, 4, [0x01, 1, ...window(daily(0xff, 59), daily(0xff, 1))]), 0);
  assert.equal(set(sim, MANAGEMENT, 40, PUSH_ALARM, 5, u16(0)), 0);
  release(sim, MANAGEMENT);
  sim.meter.inputEvent(InputKind.COVER, 1);
  assert.deepEqual(collect(sim, 3, 0).map((p) => p.atS), [1], "inside the wrapped window: at once");
  const dated = (y: number, mo: number, d: number, h: number): number[] => [0x09, 12, y >> 8, y & 0xff, mo, d, 0xff, h, 0, 0, 0xff, 0x80, 0x00, 0xff];
  associate(sim, MANAGEMENT);
  assert.equal(set(sim, MANAGEMENT, 1, ALARM_REGISTER, 2, u32(2)), 0);
  assert.equal(set(sim, MANAGEMENT, 40, PUSH_ALARM, 4, [0x01, 1, ...window(dated(2025, 6, 1, 0), dated(2025, 6, 2, 0))]), 0);
  release(sim, MANAGEMENT);
  sim.meter.inputEvent(InputKind.COVER, 0);
  sim.meter.inputEvent(InputKind.COVER, 1);
  assert.deepEqual(collect(sim, 90, 0), [], "a window in the past: the alarm waits");
  associate(sim, MANAGEMENT);
  assert.equal(set(sim, MANAGEMENT, 40, PUSH_ALARM, 4, [0x01, 0]), 0, "no window: any time");
  const late = pushes(release(sim, MANAGEMENT), 0);
  const after = late.length > 0 ? late : collect(sim, 3, 0);
  assert.equal(after.length, 1, "the waiting alarm goes once the window is removed");
  assert.equal(after[0].values[3], 2);
});

// Issue 14: the alarm register, descriptor and a pending push lived in RAM only and a power cut lost them.
test("a cover opened outside the push window, then a power cut: after the reboot the alarm register and descriptor still hold bit 1 (2) and the push goes out once when the window opens at 09:05:00", () => {
  const nvm = new NorFlash();
  const sim = meter(2, nvm);
  associate(sim, MANAGEMENT);
  assert.equal(set(sim, MANAGEMENT, 40, PUSH_ALARM, 4, [0x01, 1, ...window(daily(0xff, 5), daily(0xff, 5, 59))]), 0);
  assert.equal(set(sim, MANAGEMENT, 40, PUSH_ALARM, 5, u16(0)), 0);
  assert.equal(set(sim, MANAGEMENT, 40, PUSH_ALARM, 6, [0x11, 0]), 0);
  release(sim, MANAGEMENT);
  sim.meter.inputEvent(InputKind.COVER, 1); // 09:00:00
  assert.deepEqual(collect(sim, 2, 0), [], "outside the window: nothing yet");
  // A cut without warning at 09:00:02; the supply returns at 09:01:00.
  const again = meter(2, nvm, utc(2026, 3, 2, 9, 1));
  associate(again, MANAGEMENT);
  assert.equal(get(again, MANAGEMENT, 1, ALARM_REGISTER, 2), 2, "alarm register after the reboot: terminal cover");
  assert.equal(Number(get(again, MANAGEMENT, 1, ALARM_DESCRIPTOR, 2)) & 2, 2, "descriptor bit 1");
  release(again, MANAGEMENT);
  const seen = collect(again, 300, 60);
  assert.equal(seen.length, 1, "one push after the power-up");
  assert.ok(seen[0].atS >= 300 && seen[0].atS <= 301, `at 09:05:00 (${seen[0].atS} s after the cover opened)`);
  assert.equal(seen[0].values[3], 2, "the pushed alarm register: terminal cover");
});

test("a push that went out before the power cut is not sent again after it; the register still holds the bit", () => {
  const nvm = new NorFlash();
  const sim = meter(2, nvm);
  associate(sim, MANAGEMENT);
  assert.equal(set(sim, MANAGEMENT, 40, PUSH_ALARM, 5, u16(0)), 0);
  assert.equal(set(sim, MANAGEMENT, 40, PUSH_ALARM, 6, [0x11, 0]), 0);
  release(sim, MANAGEMENT);
  sim.meter.inputEvent(InputKind.COVER, 1);
  assert.equal(collect(sim, 2, 0).length, 1, "pushed at once");
  sim.run(600); // the next 10-minute interval's record stores the push as done
  const again = meter(2, nvm, utc(2026, 3, 2, 9, 20));
  assert.deepEqual(collect(again, 60, 0), [], "no second push");
  associate(again, MANAGEMENT);
  assert.equal(get(again, MANAGEMENT, 1, ALARM_REGISTER, 2), 2);
});
