/* Brings the firmware up on a board, whichever runtime runs it (wasm2c: meter.c, wasm3: wasm3/meter-wasm3.c); shared by the runner and the benchmark. */
#ifndef METER_H
#define METER_H
#include "hal/hal.h"
#include "boot/bootstage.h"

typedef struct meter_runtime meter_runtime_t; /* the runtime's instance, private to its meter_*.c */

typedef struct {
  meter_runtime_t *rt;
  hal_t hal;
  int32_t *adc;            /* the firmware's ADC block buffer, written as the DMA would */
  uint32_t adc_capacity_pairs;
} meter_t;

/* Instantiates and boots (power-on), then hands over the legal firmware checksum as a boot loader does (HAL.md
   firmware_checksum); faults unless boot returns OK and the ADC was configured. */
void meter_start(meter_t *m, int64_t start_utc_s);
/* A reset into what the boot stage chose (boot_select): the firmware torn down and booted again with `cause`
   (HAL.md reset causes), the NVM, the slots, the RTC and the relay kept; the legal checksum is the started image's. */
void meter_restart(meter_t *m, const boot_choice_t *choice, uint32_t cause);
/* The boot stage's question to this runtime: can it start that module (boot_can_start_t)? */
int meter_can_start(const uint8_t *wasm, uint32_t len, const uint8_t sha256[32]);
/* One 10 ms step of meter time: the block already in m->adc, then the tick. */
void meter_step(meter_t *m, uint32_t pairs);
/* The exports a scenario needs; each returns the firmware's result (HAL.md). */
uint32_t meter_config_set(meter_t *m, uint32_t id, uint32_t value);
uint32_t meter_input_event(meter_t *m, uint32_t input, uint32_t value);
int64_t meter_energy_uwh(meter_t *m, uint32_t reg);
/* Received bytes of a serial port into the firmware's receive buffer and uart_rx (HAL.md); returns Err, OUT_OF_RANGE
   when more than the buffer holds. */
uint32_t meter_uart_rx(meter_t *m, uint32_t port, const uint8_t *data, uint32_t len);
/* RAM figures only known at run time (wasm3's heap and stacks), one out() per figure; wasm2c's are fixed at link time. */
void meter_report_ram(meter_t *m, void (*out)(const char *key, uint64_t value));

#endif
