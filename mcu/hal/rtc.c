/* RTC device: UTC seconds that advance with meter time, settable within 2000..2099 like host/shims/rtc.ts. */
#include "hal.h"

#define RTC_MIN_UTC_S 946684800LL
#define RTC_MAX_UTC_S 4102444799LL

/* Floor division: meter time is never before the base, so the sum is non-negative. */
uint64_t Z_halZ_rtc_read(hal_t *hal) {
  return (uint64_t)((hal->rtc_base_ms + (int64_t)hal->now_ms) / 1000);
}

uint32_t Z_halZ_rtc_set(hal_t *hal, uint64_t utc_s) {
  int64_t s = (int64_t)utc_s;
  if (s < RTC_MIN_UTC_S || s > RTC_MAX_UTC_S) return HAL_OUT_OF_RANGE;
  hal->rtc_base_ms = s * 1000 - (int64_t)hal->now_ms;
  return HAL_OK;
}
