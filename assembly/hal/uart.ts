// UART device: transmit on a port (0 optical, 1 module), set its line; received bytes arrive in firmware-owned buffers.
@external("hal", "uart_tx")
declare function hal_uart_tx(port: i32, ptr: i32, len: i32): i32;

@external("hal", "uart_config")
declare function hal_uart_config(port: i32, baud: i32, format: i32): i32;

// Character formats of the line: IEC 62056-21 runs 7E1, HDLC (mode E and the module port) 8N1.
export const enum UartFormat {
  SEVEN_E_ONE = 0,
  EIGHT_N_ONE = 1,
}

// Returns the bytes the port accepted (the host may take fewer than offered).
export function uartTransmit(port: i32, src: usize, lengthBytes: i32): i32 {
  return hal_uart_tx(port, <i32>src, lengthBytes);
}

// Takes effect once every byte already handed to uartTransmit has left the line (docs/HAL.md); returns Err.
export function uartConfigure(port: i32, baud: i32, format: UartFormat): i32 {
  return hal_uart_config(port, baud, <i32>format);
}
