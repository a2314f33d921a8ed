/* Scenario runner: the scenario of build/mcu/scenario.h on the firmware (wasm2c or wasm3), printing what tests/mcu.test.ts compares. */
#include "meter.h"
#include "scenario.h"
#include "synth.h"
#include "board/board.h"

#define MAX_REGISTERS 64u /* as host/scenario.ts */

static meter_t meter;
static synth_t synth;

static void print_count(const char *key, int64_t value) {
  board_console_value("", key, value);
}

static void print_ram(const char *key, uint64_t value) {
  board_console_value("RAM ", key, (int64_t)value);
}

int main(void) {
  board_init();
  meter_start(&meter, SCN_START_UTC_S);
  if (meter.hal.adc_rate_hz != SCN_RATE_HZ || meter.hal.adc_block_pairs != SCN_PAIRS_PER_STEP)
    board_fault("scenario", "the firmware samples at another rate or block size than the scenario");
  synth_init(&synth, scn_sine_q15, scn_segments, SCN_SEGMENTS, SCN_PAIRS_PER_STEP, SCN_SEED);
  board_console_puts("SCENARIO " SCN_NAME);
  uint32_t e = 0;
  for (uint32_t step = 0; step < SCN_TOTAL_STEPS; step++) {
    while (e < SCN_EVENTS && scn_events[e].step == step) {
      const scn_event_t *ev = &scn_events[e++];
      uint32_t status = ev->kind == SCN_EVENT_CONFIG_SET
        ? meter_config_set(&meter, (uint32_t)ev->id, (uint32_t)ev->value)
        : meter_input_event(&meter, (uint32_t)ev->id, (uint32_t)ev->value);
      if (status != HAL_OK) board_fault("scenario", "the firmware refused an event");
    }
    if (synth_fill(&synth, meter.adc, SCN_PAIRS_PER_STEP) != 0) board_fault("scenario", "out of samples");
    meter_step(&meter, SCN_PAIRS_PER_STEP);
  }
  /* Every register the firmware has: HAL.md answers -1 for an unknown one. */
  for (uint32_t r = 0; r < MAX_REGISTERS; r++) {
    int64_t uwh = meter_energy_uwh(&meter, r);
    if (uwh == -1) break;
    char line[48] = "REG ";
    char *p = fmt_i64(line + 4, r);
    *p++ = ' ';
    fmt_i64(p, uwh);
    board_console_puts(line);
  }
  print_count("S0", meter.hal.s0_pulses);
  print_count("LED", meter.hal.led_pulses);
  print_count("LCD", meter.hal.lcd_writes);
  print_count("STEPS", SCN_TOTAL_STEPS);
  print_count("NVM", hal_nvm_crc32());
  char map[8 + 2 * HAL_LCD_MAX_BYTES + 1] = "LCDMAP ";
  for (uint32_t k = 0; k < meter.hal.lcd_len; k++) {
    map[7 + 2 * k] = "0123456789abcdef"[meter.hal.lcd_bitmap[k] >> 4];
    map[8 + 2 * k] = "0123456789abcdef"[meter.hal.lcd_bitmap[k] & 15u];
  }
  map[7 + 2 * meter.hal.lcd_len] = '\0';
  board_console_puts(map);
  meter_report_ram(&meter, print_ram);
  board_console_puts("END");
  return 0;
}
