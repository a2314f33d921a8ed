/* Boot-stage runner: a factory boot, then resets into the slot the boot stage picks, metering for the seconds the
   command line gives per boot ("bootrun 5 2"); prints each boot's choice and the slots' boot words (tests/mcu_boot.test.ts). */
#include <stdlib.h>
#include "meter.h"
#include "scenario.h"
#include "synth.h"
#include "boot/bootstage.h"
#include "boot/image.h"
#include "board/board.h"

#define MAX_BOOTS 8u
#define RESET_SOFTWARE 2u /* HAL.md reset cause: fwslot_reset, or the board's reset into its boot stage */

static meter_t meter;
static synth_t synth;

static void run_seconds(uint32_t seconds) {
  for (uint32_t step = 0; step < seconds * 100u; step++) {
    if (synth_fill(&synth, meter.adc, SCN_PAIRS_PER_STEP) != 0) board_fault("bootrun", "out of samples");
    meter_step(&meter, SCN_PAIRS_PER_STEP);
  }
}

static char *put(char *p, const char *s) {
  while (*s) *p++ = *s++;
  return p;
}

/* "WORDS slot pending confirmed booted reverted reported", 1 for a set word. */
static void print_words(uint32_t slot) {
  static const enum boot_word words[5] = { BOOT_PENDING, BOOT_CONFIRMED, BOOT_BOOTED, BOOT_REVERTED, BOOT_REPORTED };
  char line[32] = "WORDS ";
  char *p = line + 6;
  *p++ = (char)('0' + slot);
  for (int k = 0; k < 5; k++) {
    *p++ = ' ';
    *p++ = boot_word_is_set(slot, words[k]) ? '1' : '0';
  }
  *p = '\0';
  board_console_puts(line);
}

int main(void) {
  board_init();
  char args[64];
  board_args(args, sizeof args);
  uint32_t plan[MAX_BOOTS], boots = 0;
  for (char *p = args; boots < MAX_BOOTS;) {
    while (*p == ' ') p++;
    if (*p < '0' || *p > '9') {
      while (*p && *p != ' ') p++; /* the program name */
      if (!*p) break;
      continue;
    }
    plan[boots++] = (uint32_t)strtoul(p, &p, 10);
  }
  meter_start(&meter, SCN_START_UTC_S);
  synth_init(&synth, scn_sine_q15, scn_segments, SCN_SEGMENTS, SCN_PAIRS_PER_STEP, SCN_SEED);
  board_console_puts("BOOTRUN");
  run_seconds(1);
  for (uint32_t b = 0; b < boots; b++) {
    boot_choice_t choice = boot_select(meter_can_start);
    char line[96];
    char *p = put(line, "BOOT ");
    p = fmt_i64(p, b + 1);
    p = put(p, " SLOT ");
    p = fmt_i64(p, choice.slot);
    p = put(p, " VERSION ");
    p = fmt_i64(p, choice.version);
    p = put(p, " TRIAL ");
    p = fmt_i64(p, choice.trial);
    if (choice.wasm != NULL) {
      uint8_t sha[32];
      sha256(choice.wasm, choice.wasm_len, sha);
      p = put(p, " WASM ");
      for (int k = 0; k < 8; k++) {
        *p++ = "0123456789abcdef"[sha[k] >> 4];
        *p++ = "0123456789abcdef"[sha[k] & 15u];
      }
    }
    *p = '\0';
    board_console_puts(line);
    meter_restart(&meter, &choice, RESET_SOFTWARE);
    run_seconds(plan[b]);
    print_words(0);
    print_words(1);
  }
  board_console_puts("END");
  return 0;
}
