/* Firmware bring-up and the 10 ms step, in the order host/sim.ts uses: time advances, block, then tick. */
#include "meter.h"
#include "board/board.h"

#define TICK_MS 10u

void meter_start(meter_t *m, int64_t start_utc_s) {
  hal_init(&m->hal, start_utc_s, 1);
  wasm_rt_init();
  Z_firmware_init_module();
  Z_firmware_instantiate(&m->fw, &m->hal);
  m->hal.memory = Z_firmwareZ_memory(&m->fw);
  if (Z_firmwareZ_abi_version(&m->fw) != 1u) board_fault("meter", "firmware ABI version is not 1");
  if (Z_firmwareZ_boot(&m->fw, 0) != HAL_OK) board_fault("meter", "boot failed");
  if (m->hal.adc_block_pairs == 0) board_fault("meter", "boot did not configure the ADC");
  uint32_t addr = Z_firmwareZ_adc_buffer(&m->fw);
  m->adc_capacity_pairs = Z_firmwareZ_adc_capacity(&m->fw);
  if (addr % 4u != 0 || m->adc_capacity_pairs < m->hal.adc_block_pairs) board_fault("meter", "unusable ADC buffer");
  m->adc = (int32_t *)(void *)hal_bytes(&m->hal, addr, m->adc_capacity_pairs * 8u);
}

void meter_step(meter_t *m, uint32_t pairs) {
  m->hal.now_ms += TICK_MS;
  if (Z_firmwareZ_adc_block(&m->fw, pairs) != HAL_OK) board_fault("meter", "adc_block refused a block");
  Z_firmwareZ_tick(&m->fw);
}
