/* S0 device: counts pulses; a board with a real output would start a one-shot timer of width_ms on the pin here. */
#include "hal.h"

void Z_halZ_s0_pulse(hal_t *hal, uint32_t width_ms) {
  hal->s0_pulses++;
  hal->s0_last_width_ms = width_ms;
}
