/* Firmware slot device: two RAM-backed NOR slots like host/shims/fwslot.ts; the translated image runs from no slot. */
#include <string.h>
#include "hal.h"

/* On the MCU the slots sit in their own region (link.ld: .fwslot), standing in for the internal image flash. */
#if defined(__arm__)
#define FWSLOT_PLACEMENT __attribute__((section(".fwslot"), aligned(4)))
#else
#define FWSLOT_PLACEMENT __attribute__((aligned(4)))
#endif
static uint8_t fwslot_data[2][HAL_FWSLOT_BYTES] FWSLOT_PLACEMENT;
static int fwslot_ready;

static int slot_range(uint32_t slot, uint32_t offset, uint32_t len) {
  return slot < 2 && (int32_t)offset >= 0 && (int32_t)len >= 0 && (uint64_t)offset + len <= HAL_FWSLOT_BYTES;
}

/* NOLOAD RAM starts as whatever was there: erased on first use, as a new part comes erased. */
static void fwslot_init(void) {
  if (!fwslot_ready) memset(fwslot_data, 0xFF, sizeof fwslot_data);
  fwslot_ready = 1;
}

uint32_t Z_halZ_fwslot_read(hal_t *hal, uint32_t slot, uint32_t offset, uint32_t ptr, uint32_t len) {
  if (!slot_range(slot, offset, len)) return HAL_OUT_OF_RANGE;
  fwslot_init();
  memcpy(hal_bytes(hal, ptr, len), fwslot_data[slot] + offset, len);
  return HAL_OK;
}

uint32_t Z_halZ_fwslot_program(hal_t *hal, uint32_t slot, uint32_t offset, uint32_t ptr, uint32_t len) {
  if (!slot_range(slot, offset, len)) return HAL_OUT_OF_RANGE;
  fwslot_init();
  const uint8_t *src = hal_bytes(hal, ptr, len);
  for (uint32_t k = 0; k < len; k++) fwslot_data[slot][offset + k] &= src[k];
  return HAL_OK;
}

uint32_t Z_halZ_fwslot_erase(hal_t *hal, uint32_t slot, uint32_t sector) {
  (void)hal;
  if (slot >= 2 || sector >= HAL_FWSLOT_BYTES / HAL_NVM_SECTOR_BYTES) return HAL_OUT_OF_RANGE;
  fwslot_init();
  memset(fwslot_data[slot] + sector * HAL_NVM_SECTOR_BYTES, 0xFF, HAL_NVM_SECTOR_BYTES);
  return HAL_OK;
}

/* The image here is the one wasm2c translated at build time: it came from no slot (docs/PORTING.md). */
uint32_t Z_halZ_fwslot_running(hal_t *hal) {
  (void)hal;
  return (uint32_t)-1;
}

/* A real board resets into its boot stage; in QEMU the run counts the request and goes on. */
void Z_halZ_fwslot_reset(hal_t *hal) {
  hal->fwslot_resets++;
}
