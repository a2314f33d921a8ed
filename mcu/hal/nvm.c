/* NVM device: RAM-backed NOR semantics like host/shims/nvm.ts: erase sets a sector to 0xFF, program only clears bits. */
#include <string.h>
#include "hal.h"

/* On the MCU the store sits in its own region (link.ld: .nvm), standing in for the external flash. */
#if defined(__arm__)
#define NVM_PLACEMENT __attribute__((section(".nvm"), aligned(4)))
#else
#define NVM_PLACEMENT __attribute__((aligned(4)))
#endif
static uint8_t nvm_data[HAL_NVM_BYTES] NVM_PLACEMENT;

void hal_nvm_reset(void) {
  memset(nvm_data, 0xFF, sizeof nvm_data);
}

uint32_t hal_nvm_crc32(void) {
  uint32_t crc = 0xFFFFFFFFu;
  for (uint32_t k = 0; k < HAL_NVM_BYTES; k++) {
    crc ^= nvm_data[k];
    for (int b = 0; b < 8; b++) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

static int in_range(uint32_t addr, uint32_t len) {
  return (int32_t)addr >= 0 && (int32_t)len >= 0 && (uint64_t)addr + len <= HAL_NVM_BYTES;
}

uint32_t Z_halZ_nvm_size(hal_t *hal) {
  (void)hal;
  return HAL_NVM_BYTES;
}

uint32_t Z_halZ_nvm_sector_size(hal_t *hal) {
  (void)hal;
  return HAL_NVM_SECTOR_BYTES;
}

uint32_t Z_halZ_nvm_read(hal_t *hal, uint32_t addr, uint32_t ptr, uint32_t len) {
  if (!in_range(addr, len)) return HAL_OUT_OF_RANGE;
  memcpy(hal_bytes(hal, ptr, len), nvm_data + addr, len);
  return HAL_OK;
}

uint32_t Z_halZ_nvm_program(hal_t *hal, uint32_t addr, uint32_t ptr, uint32_t len) {
  if (!in_range(addr, len)) return HAL_OUT_OF_RANGE;
  const uint8_t *src = hal_bytes(hal, ptr, len);
  hal->nvm_ops++;
  for (uint32_t k = 0; k < len; k++) nvm_data[addr + k] &= src[k];
  return HAL_OK;
}

uint32_t Z_halZ_nvm_erase(hal_t *hal, uint32_t sector) {
  if (sector >= HAL_NVM_BYTES / HAL_NVM_SECTOR_BYTES) return HAL_OUT_OF_RANGE;
  hal->nvm_ops++;
  memset(nvm_data + sector * HAL_NVM_SECTOR_BYTES, 0xFF, HAL_NVM_SECTOR_BYTES);
  return HAL_OK;
}
