// UART device: transmit on a port (0 optical, 1 module); received bytes arrive in firmware-owned buffers.
@external("hal", "uart_tx")
declare function hal_uart_tx(port: i32, ptr: i32, len: i32): i32;

// Returns the bytes the port accepted (the host may take fewer than offered).
export function uartTransmit(port: i32, src: usize, lengthBytes: i32): i32 {
  return hal_uart_tx(port, <i32>src, lengthBytes);
}
