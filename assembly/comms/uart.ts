// UART ports (0 optical, 1 module): receive buffers the host fills; protocols come with the comms subsystem.
import { Err } from "../errors";

export const UART_PORTS: i32 = 2;
export const UART_RX_CAPACITY: i32 = 256;
const RX_BUFFERS: usize = memory.data(UART_PORTS * UART_RX_CAPACITY);
let rxBytesTotal: i64 = 0;

export function uartRxBuffer(port: i32): usize {
  if (port < 0 || port >= UART_PORTS) return 0;
  return RX_BUFFERS + <usize>(port * UART_RX_CAPACITY);
}

export function uartReceive(port: i32, lengthBytes: i32): Err {
  if (port < 0 || port >= UART_PORTS) return Err.INVALID_ARGUMENT;
  if (lengthBytes < 0 || lengthBytes > UART_RX_CAPACITY) return Err.OUT_OF_RANGE;
  rxBytesTotal += <i64>lengthBytes;
  return Err.OK;
}
