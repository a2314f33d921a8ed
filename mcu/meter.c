/* Firmware bring-up and the 10 ms step on the wasm2c translation, in the order host/sim.ts uses: time advances, block, then tick. */
#include <string.h>
#include "firmware.h"
#include "firmware-id.h"
#include "meter.h"
#include "board/board.h"

#define TICK_MS 10u

struct meter_runtime {
  Z_firmware_instance_t fw;
};
static meter_runtime_t instance; /* one meter per board */

/* Instantiation and boot; the NVM, the slots and the RTC are the caller's. */
static void boot_firmware(meter_t *m, uint32_t cause) {
  Z_firmware_instantiate(&m->rt->fw, &m->hal);
  const wasm_rt_memory_t *memory = Z_firmwareZ_memory(&m->rt->fw);
  m->hal.memory = (hal_memory_t){ memory->data, memory->size };
  if (Z_firmwareZ_abi_version(&m->rt->fw) != 1u) board_fault("meter", "firmware ABI version is not 1");
  if (Z_firmwareZ_boot(&m->rt->fw, cause) != HAL_OK) board_fault("meter", "boot failed");
  /* The translation has no wasm bytes to read: the build took the CRC from the module it translated. */
  Z_firmwareZ_firmware_checksum(&m->rt->fw, FIRMWARE_LEGAL_CRC32);
  if (m->hal.adc_block_pairs == 0) board_fault("meter", "boot did not configure the ADC");
  uint32_t addr = Z_firmwareZ_adc_buffer(&m->rt->fw);
  m->adc_capacity_pairs = Z_firmwareZ_adc_capacity(&m->rt->fw);
  if (addr % 4u != 0 || m->adc_capacity_pairs < m->hal.adc_block_pairs) board_fault("meter", "unusable ADC buffer");
  m->adc = (int32_t *)(void *)hal_bytes(&m->hal, addr, m->adc_capacity_pairs * 8u);
}

void meter_start(meter_t *m, int64_t start_utc_s) {
  m->rt = &instance;
  hal_init(&m->hal, start_utc_s, 1);
  hal_nvm_reset();
  hal_fwslot_set_running(-1);
  wasm_rt_init();
  Z_firmware_init_module();
  boot_firmware(m, 0);
}

/* The slot's module is the one translated here (meter_can_start checked it): the same code runs, from that slot. */
void meter_restart(meter_t *m, const boot_choice_t *choice, uint32_t cause) {
  Z_firmware_free(&m->rt->fw);
  int64_t rtc_ms = m->hal.rtc_base_ms + (int64_t)m->hal.now_ms;
  uint32_t relay = m->hal.relay_closed;
  hal_init(&m->hal, 0, relay);
  m->hal.rtc_base_ms = rtc_ms;
  hal_fwslot_set_running(choice->slot);
  boot_firmware(m, cause);
}

int meter_can_start(const uint8_t *wasm, uint32_t len, const uint8_t sha256[32]) {
  static const uint8_t translated[32] = FIRMWARE_WASM_SHA256;
  (void)wasm;
  (void)len;
  return memcmp(sha256, translated, 32) == 0;
}

void meter_step(meter_t *m, uint32_t pairs) {
  m->hal.now_ms += TICK_MS;
  if (Z_firmwareZ_adc_block(&m->rt->fw, pairs) != HAL_OK) board_fault("meter", "adc_block refused a block");
  Z_firmwareZ_tick(&m->rt->fw);
}

uint32_t meter_config_set(meter_t *m, uint32_t id, uint32_t value) {
  return Z_firmwareZ_config_set(&m->rt->fw, id, value);
}

uint32_t meter_input_event(meter_t *m, uint32_t input, uint32_t value) {
  return Z_firmwareZ_input_event(&m->rt->fw, input, value);
}

int64_t meter_energy_uwh(meter_t *m, uint32_t reg) {
  return (int64_t)Z_firmwareZ_energy_uwh(&m->rt->fw, reg);
}

uint32_t meter_uart_rx(meter_t *m, uint32_t port, const uint8_t *data, uint32_t len) {
  uint32_t addr = Z_firmwareZ_uart_rx_buffer(&m->rt->fw, port);
  if (addr == 0) return HAL_INVALID_ARGUMENT;
  if (len > Z_firmwareZ_uart_rx_capacity(&m->rt->fw)) return HAL_OUT_OF_RANGE;
  memcpy(hal_bytes(&m->hal, addr, len), data, len);
  return Z_firmwareZ_uart_rx(&m->rt->fw, port, len);
}

void meter_report_ram(meter_t *m, void (*out)(const char *key, uint64_t value)) {
  (void)m;
  (void)out;
}
