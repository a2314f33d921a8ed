/* LCD device: keeps the last segment bitmap, as an LCD driver's RAM would (host/shims/lcd.ts). */
#include <string.h>
#include "hal.h"

void Z_halZ_lcd_write(hal_t *hal, uint32_t ptr, uint32_t len) {
  const uint8_t *src = hal_bytes(hal, ptr, len);
  uint32_t n = len < HAL_LCD_MAX_BYTES ? len : HAL_LCD_MAX_BYTES;
  memcpy(hal->lcd_bitmap, src, n);
  hal->lcd_len = n;
  hal->lcd_writes++;
}
