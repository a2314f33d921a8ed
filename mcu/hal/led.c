/* LED device: pulse count and steady level (Z2), as host/shims/pulse.ts records them. */
#include "hal.h"

void Z_halZ_led_pulse(hal_t *hal, uint32_t width_ms) {
  (void)width_ms;
  hal->led_pulses++;
}

void Z_halZ_led_set(hal_t *hal, uint32_t on) {
  hal->led_level = on != 0;
}
