/* Relay device: a bistable breaker that keeps its position; the coil pulse moves it (host/shims/relay.ts). */
#include "hal.h"

void Z_halZ_relay_drive(hal_t *hal, uint32_t close, uint32_t width_ms) {
  (void)width_ms;
  hal->relay_closed = close != 0;
  hal->relay_operations++;
}

uint32_t Z_halZ_relay_position(hal_t *hal) {
  return hal->relay_closed;
}
