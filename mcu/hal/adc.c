/* ADC device: accepts the rates host/shims/adc.ts accepts; the samples reach the firmware's buffer through the runner (DMA). */
#include "hal.h"

static const uint32_t rates_hz[] = { 1000u, 2000u, 4000u, 4096u, 8000u, 16000u };

uint32_t Z_halZ_adc_config(hal_t *hal, uint32_t rate_hz, uint32_t block_pairs) {
  int known = 0;
  for (unsigned k = 0; k < sizeof rates_hz / sizeof rates_hz[0]; k++) known |= rates_hz[k] == rate_hz;
  if (!known || (int32_t)block_pairs < 1 || block_pairs > 1024u) return HAL_OUT_OF_RANGE;
  hal->adc_rate_hz = rate_hz;
  hal->adc_block_pairs = block_pairs;
  return HAL_OK;
}
