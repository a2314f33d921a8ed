/* The board's boot stage: which firmware slot to start (docs/UPDATE.md's boot loader contract, as host/bootloader.ts). */
#ifndef BOOT_BOOTSTAGE_H
#define BOOT_BOOTSTAGE_H
#include <stdint.h>

#define BOOT_TRAILER_OFFSET (33u * 4096u)
/* Boot words of the trailer (assembly/update/layout.ts): 0xFFFFFFFF unset, any bit cleared set. */
enum boot_word { BOOT_PENDING = 1024, BOOT_CONFIRMED = 1028, BOOT_BOOTED = 1032, BOOT_REVERTED = 1036, BOOT_REPORTED = 1040 };

typedef struct {
  int32_t slot;          /* -1: no valid slot, the built-in image */
  const uint8_t *wasm;   /* the module inside the slot's update file (NULL for the built-in image) */
  uint32_t wasm_len;
  uint32_t version;      /* the manifest's firmware version */
  int trial;             /* 1: the pending image's one trial boot */
} boot_choice_t;

/* Whether this board can start a slot's module: wasm3 parses any; a wasm2c board only the module it carries
   translated (the native image beside the slot's wasm, MCUboot style), known by its SHA-256. */
typedef int (*boot_can_start_t)(const uint8_t *wasm, uint32_t len, const uint8_t sha256[32]);

/* Takes the pending image's one trial (programs `booted`), or gives it up (`reverted`) when the trial was already
   taken; otherwise the confirmed image with the highest version; else the built-in image. */
boot_choice_t boot_select(boot_can_start_t can_start);
int boot_word_is_set(uint32_t slot, enum boot_word word);

#endif
