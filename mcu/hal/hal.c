/* HAL instance setup and the bounds check every buffer-passing import goes through. */
#include <string.h>
#include "hal.h"
#include "../board/board.h"

/* The devices' state at a reset; the NVM and the firmware slots are flash and keep theirs (hal_nvm_reset erases). */
void hal_init(hal_t *hal, int64_t start_utc_s, uint32_t relay_closed) {
  memset(hal, 0, sizeof *hal);
  hal->rtc_base_ms = start_utc_s * 1000;
  hal->relay_closed = relay_closed ? 1u : 0u;
}

/* The Node host throws a RangeError here; on the MCU the firmware is equally broken, so it stops. */
uint8_t *hal_bytes(hal_t *hal, uint32_t ptr, uint32_t len) {
  if ((uint64_t)ptr + len > hal->memory.size)
    board_fault("hal", "firmware passed a buffer outside its memory");
  return hal->memory.data + ptr;
}
