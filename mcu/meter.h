/* Brings the wasm2c-translated firmware up on a board: runtime, instance, HAL, boot; shared by the runner and the benchmark. */
#ifndef METER_H
#define METER_H
#include "firmware.h"
#include "hal/hal.h"

typedef struct {
  Z_firmware_instance_t fw;
  hal_t hal;
  int32_t *adc;            /* the firmware's ADC block buffer, written as the DMA would */
  uint32_t adc_capacity_pairs;
} meter_t;

/* Instantiates and boots (power-on); faults unless boot returns OK and the ADC was configured. */
void meter_start(meter_t *m, int64_t start_utc_s);
/* One 10 ms step of meter time: the block already in m->adc, then the tick. */
void meter_step(meter_t *m, uint32_t pairs);

#endif
