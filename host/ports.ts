// Ports reachable from outside: a TCP socket on 127.0.0.1 bridged to a firmware UART, and the real-time pacing a port needs.
import net from "node:net";
import { Err, TICK_MS } from "./abi.js";
import type { Simulator } from "./sim.js";

// What the firmware's receive buffer takes per tick: the line, not the socket, sets the pace.
const RX_BYTES_PER_TICK = 256;

// One client at a time, as on a real communication module: a second connection is closed at once.
export class TcpBridge {
  private server: net.Server | undefined;
  private client: net.Socket | undefined;
  private rx: Buffer[] = [];
  rxBytes = 0;
  txBytes = 0;
  connections = 0;

  constructor(private readonly sim: Simulator, readonly uartPort: number) {}

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
    socket.on("data", (chunk: Buffer) => this.rx.push(chunk));
    socket.on("error", () => socket.destroy());
    socket.on("close", () => {
      if (this.client === socket) this.client = undefined;
      this.rx = [];
    });
  }

  // Before a tick: up to one receive buffer of what the socket brought.
  deliver(): void {
    if (this.rx.length === 0) return;
    const all = Buffer.concat(this.rx);
    const now = all.subarray(0, RX_BYTES_PER_TICK);
    this.rx = all.length > now.length ? [all.subarray(now.length)] : [];
    const status = this.sim.meter.uartReceive(this.uartPort, new Uint8Array(now));
    if (status !== Err.OK) throw new Error(`uart_rx refused ${now.length} bytes: ${Err[status] ?? status}`);
    this.rxBytes += now.length;
  }

  // After a tick: what the firmware transmitted goes to the socket.
  collect(): void {
    const out = this.sim.uart.take(this.uartPort);
    if (out.length === 0) return;
    this.txBytes += out.length;
    this.client?.write(out);
  }

  close(): Promise<void> {
    this.client?.destroy();
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

export interface PortSpec {
  kind: "tcp";
  port: number;
}

// "tcp:4059" (port 0 picks a free one); undefined when the text is not a port specification.
export function parsePortSpec(text: string | undefined): PortSpec | undefined {
  const m = text === undefined ? null : /^tcp:(\d{1,5})$/.exec(text);
  if (!m || Number(m[1]) > 65535) return undefined;
  return { kind: "tcp", port: Number(m[1]) };
}

// Runs the simulator in real time, tick by tick, with the bridges pumped around each tick, until
// `durationS` of meter time or `stop()` returns true. `onSecond` runs after each whole meter second.
export async function runRealTime(
  sim: Simulator, bridges: TcpBridge[], durationS: number, stop: () => boolean, onSecond?: () => void,
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
