// UART shim: collects what the firmware transmits on each port (0 optical, 1 module, 2 consumer) and the line settings it asks for.
import type { UartDevice } from "../devices.js";
import { Err, UartFormat } from "../abi.js";

export const UART_PORTS = 3;
// Bytes kept per port for a taker: a line nobody reads (the consumer channel's 10-s pushes in a year-long run)
// loses its oldest frames, as a real one with nothing plugged in would, instead of growing without end.
export const UART_HELD_MAX_BYTES = 65536;
const BAUDS = new Set([300, 600, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200]);

export interface LineSetting {
  baud: number;
  format: UartFormat;
  // Bytes transmitted on the port before the setting: it takes effect once they have left the line.
  afterBytes: number;
}

export class UartShim implements UartDevice {
  readonly sent: Uint8Array[][] = Array.from({ length: UART_PORTS }, () => []);
  // Power-up settings: the optical port signs on at 300 baud 7E1 (IEC 62056-21), the module port runs 9600 8N1,
  // the transmit-only consumer channel 115200 8N1 as HAN ports do.
  readonly line: LineSetting[] = [
    { baud: 300, format: UartFormat.SEVEN_E_ONE, afterBytes: 0 },
    { baud: 9600, format: UartFormat.EIGHT_N_ONE, afterBytes: 0 },
    { baud: 115200, format: UartFormat.EIGHT_N_ONE, afterBytes: 0 },
  ];
  readonly lineLog: LineSetting[][] = Array.from({ length: UART_PORTS }, () => []);
  private readonly sentBytes: number[] = new Array<number>(UART_PORTS).fill(0);
  private readonly heldBytes: number[] = new Array<number>(UART_PORTS).fill(0);

  transmit(port: number, data: Uint8Array): number {
    if (port < 0 || port >= UART_PORTS) return 0;
    this.sent[port].push(data);
    this.sentBytes[port] += data.length;
    this.heldBytes[port] += data.length;
    while (this.heldBytes[port] > UART_HELD_MAX_BYTES) this.heldBytes[port] -= this.sent[port].shift()!.length;
    return data.length;
  }

  configure(port: number, baud: number, format: number): number {
    if (port < 0 || port >= UART_PORTS) return Err.INVALID_ARGUMENT;
    if (!BAUDS.has(baud) || (format !== UartFormat.SEVEN_E_ONE && format !== UartFormat.EIGHT_N_ONE)) return Err.UNSUPPORTED;
    const setting = { baud, format, afterBytes: this.sentBytes[port] };
    this.line[port] = setting;
    this.lineLog[port].push(setting);
    return Err.OK;
  }

  // Control API: everything sent on `port` since the last call, as one buffer.
  take(port: number): Uint8Array {
    const chunks = this.sent[port].splice(0);
    this.heldBytes[port] = 0;
    return Uint8Array.from(chunks.flatMap((c) => [...c]));
  }
}
