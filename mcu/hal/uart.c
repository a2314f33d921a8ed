/* UART device: port 0 optical, 1 module, 2 consumer channel (transmit only), onto the board's serial ports; unknown ports accept nothing. */
#include "hal.h"
#include "../board/board.h"

uint32_t Z_halZ_uart_tx(hal_t *hal, uint32_t port, uint32_t ptr, uint32_t len) {
  if (port > 2u) return 0;
  return board_uart_write(port, hal_bytes(hal, ptr, len), len);
}

/* Line settings (format 0 = 7E1, 1 = 8N1): the board applies them after the bytes already written have left. */
uint32_t Z_halZ_uart_config(hal_t *hal, uint32_t port, uint32_t baud, uint32_t format) {
  (void)hal;
  if (port > 2u) return 1u; /* INVALID_ARGUMENT */
  if (baud < 300u || baud > 115200u || format > 1u) return 8u; /* UNSUPPORTED */
  return board_uart_config(port, baud, format);
}
