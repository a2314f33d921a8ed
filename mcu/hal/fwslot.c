/* Firmware slot device: two RAM-backed NOR slots like host/shims/fwslot.ts, and the slot the boot stage started. */
#include <string.h>
#include "hal.h"

/* On the MCU the slots sit in their own region (link.ld: __fwslot_start), standing in for the internal image flash. */
#if defined(__arm__)
extern uint8_t __fwslot_start[];
#define fwslot_data ((uint8_t (*)[HAL_FWSLOT_BYTES])(void *)__fwslot_start)
#else
static uint8_t fwslot_data[2][HAL_FWSLOT_BYTES] __attribute__((aligned(4)));
#endif
static int fwslot_ready;

static int slot_range(uint32_t slot, uint32_t offset, uint32_t len) {
  return slot < 2 && (int32_t)offset >= 0 && (int32_t)len >= 0 && (uint64_t)offset + len <= HAL_FWSLOT_BYTES;
}

static int32_t running_slot = -1;

/* NOLOAD RAM starts as whatever was there: a slot of zeros (RAM after power-up; flash never reads so, a boot word set
   to 0 sits behind a magic) is erased on first use, as a new part comes erased. A slot QEMU loaded (-device loader) is kept:
   that is how tests put images into the slots. */
static void fwslot_init(void) {
  if (fwslot_ready) return;
  fwslot_ready = 1;
  for (int s = 0; s < 2; s++) {
    const uint32_t *w = (const uint32_t *)(void *)fwslot_data[s];
    uint32_t k = 0;
    while (k < HAL_FWSLOT_BYTES / 4u && w[k] == 0) k++;
    if (k == HAL_FWSLOT_BYTES / 4u) memset(fwslot_data[s], 0xFF, HAL_FWSLOT_BYTES);
  }
}

const uint8_t *hal_fwslot_bytes(uint32_t slot) {
  fwslot_init();
  return fwslot_data[slot & 1u];
}

void hal_fwslot_mark(uint32_t slot, uint32_t offset) {
  fwslot_init();
  if (slot < 2 && offset <= HAL_FWSLOT_BYTES - 4u) memset(fwslot_data[slot] + offset, 0, 4);
}

void hal_fwslot_set_running(int32_t slot) {
  running_slot = slot;
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

/* The slot the boot stage (mcu/boot/bootstage.c) started; -1 for the built-in image. */
uint32_t Z_halZ_fwslot_running(hal_t *hal) {
  (void)hal;
  return (uint32_t)running_slot;
}

/* A real board resets into its boot stage; in QEMU the run counts the request and goes on. */
void Z_halZ_fwslot_reset(hal_t *hal) {
  hal->fwslot_resets++;
}
