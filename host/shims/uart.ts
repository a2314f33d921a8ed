// UART shim: collects what the firmware transmits on each port (0 optical, 1 module).
import type { UartDevice } from "../devices.js";

export const UART_PORTS = 2;

export class UartShim implements UartDevice {
  readonly sent: Uint8Array[][] = Array.from({ length: UART_PORTS }, () => []);

  transmit(port: number, data: Uint8Array): number {
    if (port < 0 || port >= UART_PORTS) return 0;
    this.sent[port].push(data);
    return data.length;
  }

  // Control API: everything sent on `port` since the last call, as one buffer.
  take(port: number): Uint8Array {
    const chunks = this.sent[port].splice(0);
    return Uint8Array.from(chunks.flatMap((c) => [...c]));
  }
}
