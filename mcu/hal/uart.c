/* UART device: port 0 optical, 1 module, onto the board's serial ports; unknown ports accept nothing. */
#include "hal.h"
#include "../board/board.h"

uint32_t Z_halZ_uart_tx(hal_t *hal, uint32_t port, uint32_t ptr, uint32_t len) {
  if (port > 1u) return 0;
  return board_uart_write(port, hal_bytes(hal, ptr, len), len);
}
