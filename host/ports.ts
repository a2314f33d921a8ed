// Ports reachable from outside: a TCP socket or a pseudo-terminal bridged to a firmware UART, paced like the line.
import net from "node:net";
import { spawn, type ChildProcess } from "node:child_process";
import { Err, TICK_MS, UartPort } from "./abi.js";
import type { Simulator } from "./sim.js";
import type { LineSetting } from "./shims/uart.js";

// What the firmware's receive buffer takes per tick when the line is not paced.
const RX_BYTES_PER_TICK = 256;
// Start bit, 7 data bits, parity and stop bit (7E1) or 8 data bits and a stop bit (8N1): ten bits a character either way.
export const BITS_PER_CHAR = 10;

// The pacing counts in bit-milliseconds, integers, so 300 baud is exactly 3 characters in 10 ticks.
const CHAR_COST = BITS_PER_CHAR * 1000;

export interface PortBridge {
  deliver(): void; // before a tick: received characters to the firmware
  collect(): void; // after a tick: the firmware's characters towards the client
  close(): Promise<void>;
}

// A UART line between the firmware and one client. Paced, characters cross at the speed the firmware
// set with uart_config, both ways, and a setting takes effect once the bytes sent before it have left
// the line (docs/HAL.md), so a mode C speed change falls between the right two characters.
export abstract class LineBridge implements PortBridge {
  private rx: Buffer[] = [];
  private tx: Buffer[] = [];
  private rxCredit = 0;
  private txCredit = 0;
  private txLeftBytes = 0; // bytes of the firmware that have left the line
  private txTakenBytes = 0; // bytes taken from the UART shim
  private logIndex = 0;
  setting: LineSetting;
  rxBytes = 0;
  txBytes = 0;

  constructor(protected readonly sim: Simulator, readonly uartPort: number, readonly paced: boolean) {
    this.setting = { ...sim.uart.line[uartPort], afterBytes: 0 };
    this.logIndex = sim.uart.lineLog[uartPort].length;
  }

  protected abstract send(data: Buffer): void;

  // The consumer channel has no receiver: what a client sends it is dropped, as its wire would.
  protected received(chunk: Buffer): void {
    if (this.uartPort === UartPort.CONSUMER) return;
    this.rx.push(chunk);
  }

  protected dropReceived(): void {
    this.rx = [];
  }

  deliver(): void {
    if (this.rx.length === 0) {
      this.rxCredit = 0; // an idle line saves up no characters
      return;
    }
    let n = RX_BYTES_PER_TICK;
    if (this.paced) {
      this.rxCredit += this.setting.baud * TICK_MS;
      n = Math.floor(this.rxCredit / CHAR_COST);
      this.rxCredit -= n * CHAR_COST;
      if (n === 0) return;
    }
    const all = Buffer.concat(this.rx);
    const now = all.subarray(0, Math.min(n, RX_BYTES_PER_TICK));
    this.rx = all.length > now.length ? [all.subarray(now.length)] : [];
    const status = this.sim.meter.uartReceive(this.uartPort, new Uint8Array(now));
    if (status !== Err.OK) throw new Error(`uart_rx refused ${now.length} bytes: ${Err[status] ?? status}`);
    this.rxBytes += now.length;
  }

  // The setting in force: the newest one whose preceding bytes have all left the line.
  private applySettings(): void {
    const log = this.sim.uart.lineLog[this.uartPort];
    while (this.logIndex < log.length && log[this.logIndex].afterBytes <= this.txLeftBytes) {
      this.setting = log[this.logIndex++];
    }
  }

  collect(): void {
    const out = this.sim.uart.take(this.uartPort);
    if (out.length > 0) {
      this.tx.push(Buffer.from(out));
      this.txTakenBytes += out.length;
    }
    this.applySettings();
    if (this.tx.length === 0) {
      this.txCredit = 0;
      return;
    }
    if (!this.paced) {
      const all = Buffer.concat(this.tx);
      this.tx = [];
      this.txLeftBytes += all.length;
      this.txBytes += all.length;
      this.send(all);
      this.applySettings();
      return;
    }
    this.txCredit += this.setting.baud * TICK_MS;
    const all = Buffer.concat(this.tx);
    let sent = 0;
    // One character at a time, so a setting due after character k paces character k + 1.
    while (sent < all.length && this.txCredit >= CHAR_COST) {
      this.txCredit -= CHAR_COST;
      sent++;
      this.txLeftBytes++;
      const before = this.setting;
      this.applySettings();
      // What is left of the tick goes at the new speed.
      if (this.setting !== before) this.txCredit *= this.setting.baud / before.baud;
    }
    this.tx = sent < all.length ? [all.subarray(sent)] : [];
    if (sent > 0) {
      this.txBytes += sent;
      this.send(all.subarray(0, sent));
    }
  }

  // Bytes the firmware handed over that have not left the line yet.
  get txPending(): number {
    return this.txTakenBytes - this.txLeftBytes;
  }

  abstract close(): Promise<void>;
}

// One client at a time, as on a real communication module: a second connection is closed at once.
export class TcpBridge extends LineBridge {
  private server: net.Server | undefined;
  private client: net.Socket | undefined;
  connections = 0;

  constructor(sim: Simulator, uartPort: number, paced = false) {
    super(sim, uartPort, paced);
  }

  // Listens on 127.0.0.1 (port 0: any free port); resolves with the port bound.
  listen(port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const server = net.createServer((socket) => this.accept(socket));
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        this.server = server;
        resolve((server.address() as net.AddressInfo).port);
      });
    });
  }

  private accept(socket: net.Socket): void {
    if (this.client) {
      socket.destroy();
      return;
    }
    this.connections++;
    this.client = socket;
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.received(chunk));
    socket.on("error", () => socket.destroy());
    socket.on("close", () => {
      if (this.client === socket) this.client = undefined;
      this.dropReceived();
    });
  }

  protected send(data: Buffer): void {
    this.client?.write(data);
  }

  close(): Promise<void> {
    this.client?.destroy();
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

// A pseudo-terminal made by socat (Debian package socat): a serial client opens its path as it would
// open /dev/ttyUSB0 under an optical head. socat stays up while clients open and close the terminal.
export class PtyBridge extends LineBridge {
  private child: ChildProcess | undefined;
  path = "";

  constructor(sim: Simulator, uartPort: number) {
    super(sim, uartPort, true);
  }

  // Starts socat; resolves with the terminal's path (`link`, when given, is a symbolic link to it).
  open(link?: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const address = `PTY,raw,echo=0${link ? `,link=${link}` : ""}`;
      const child = spawn("socat", ["-d", "-d", address, "STDIO"], { stdio: ["pipe", "pipe", "pipe"] });
      this.child = child;
      let log = "";
      child.once("error", (e: NodeJS.ErrnoException) => {
        reject(new Error(e.code === "ENOENT" ? "a pty port needs socat: apt-get install -y socat" : `socat: ${e.message}`));
      });
      child.stderr!.on("data", (chunk: Buffer) => {
        log += chunk.toString();
        const m = /PTY is (\S+)/.exec(log);
        if (m && !this.path) {
          this.path = link ?? m[1];
          resolve(this.path);
        }
      });
      child.once("exit", (code) => {
        if (!this.path) reject(new Error(`socat ended (${code}) before making a pty: ${log.trim()}`));
      });
      child.stdout!.on("data", (chunk: Buffer) => this.received(chunk));
      child.stdin!.on("error", () => undefined);
    });
  }

  protected send(data: Buffer): void {
    this.child?.stdin?.write(data);
  }

  close(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  }
}

export type PortSpec = { kind: "tcp"; port: number } | { kind: "pty"; link?: string };

// "tcp:4059" (port 0 picks a free one), "pty" or "pty:LINK"; undefined when the text is not a port.
export function parsePortSpec(text: string | undefined, allowPty = false): PortSpec | undefined {
  if (text === undefined) return undefined;
  if (allowPty && text === "pty") return { kind: "pty" };
  if (allowPty && /^pty:\/\S+$/.test(text)) return { kind: "pty", link: text.slice(4) };
  const m = /^tcp:(\d{1,5})$/.exec(text);
  if (!m || Number(m[1]) > 65535) return undefined;
  return { kind: "tcp", port: Number(m[1]) };
}

// Opens the bridge a specification asks for and says where it is. `paced`: a serial line (the TCP
// wrapper of IEC 62056-47 is not one: it goes unpaced).
export async function openPort(
  sim: Simulator, uartPort: number, spec: PortSpec, paced: boolean,
): Promise<{ bridge: LineBridge; where: string }> {
  if (spec.kind === "pty") {
    const bridge = new PtyBridge(sim, uartPort);
    return { bridge, where: await bridge.open(spec.link) };
  }
  const bridge = new TcpBridge(sim, uartPort, paced);
  return { bridge, where: `127.0.0.1:${await bridge.listen(spec.port)}` };
}

// Runs the simulator in real time, tick by tick, with the bridges pumped around each tick, until
// `durationS` of meter time or `stop()` returns true. `onSecond` runs after each whole meter second.
export async function runRealTime(
  sim: Simulator, bridges: PortBridge[], durationS: number, stop: () => boolean, onSecond?: () => void,
): Promise<void> {
  const startWall = performance.now();
  const startMs = sim.nowMs;
  const endMs = startMs + durationS * 1000;
  while (sim.nowMs < endMs && !stop()) {
    const dueMs = Math.min(endMs, startMs + (performance.now() - startWall));
    while (sim.nowMs + TICK_MS <= dueMs) {
      for (const b of bridges) b.deliver();
      sim.step();
      for (const b of bridges) b.collect();
      if (onSecond && sim.nowMs % 1000 === 0) onSecond();
    }
    await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  }
}
