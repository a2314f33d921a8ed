/* Boot stage: checks each slot's header and SHA-256 and picks the image to start, the one-trial rule of docs/UPDATE.md. */
#include <string.h>
#include "bootstage.h"
#include "image.h"
#include "hal/hal.h"

#define IMAGE_MAGIC 0x50554D57u /* "WMUP" */
#define HEADER_BYTES 224u
#define WASM_MAX_BYTES (128u * 1024u)

static uint32_t le32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

int boot_word_is_set(uint32_t slot, enum boot_word word) {
  return le32(hal_fwslot_bytes(slot) + BOOT_TRAILER_OFFSET + (uint32_t)word) != 0xFFFFFFFFu;
}

/* A slot's module when its header is sound and the wasm bytes are the manifest's (host/image.ts imageWasm). */
static int slot_image(uint32_t slot, boot_choice_t *out, uint8_t sha[32]) {
  const uint8_t *file = hal_fwslot_bytes(slot);
  uint32_t wasm_len = le32(file + 20);
  if (le32(file) != IMAGE_MAGIC || (file[4] | file[5] << 8) != 1 || (file[6] | file[7] << 8) != HEADER_BYTES) return 0;
  if (wasm_len < 8u || wasm_len > WASM_MAX_BYTES || HEADER_BYTES + wasm_len > BOOT_TRAILER_OFFSET) return 0;
  sha256(file + HEADER_BYTES, wasm_len, sha);
  if (memcmp(sha, file + 24, 32) != 0) return 0;
  *out = (boot_choice_t){ (int32_t)slot, file + HEADER_BYTES, wasm_len, le32(file + 8), 0 };
  return 1;
}

boot_choice_t boot_select(boot_can_start_t can_start) {
  boot_choice_t image[2];
  uint8_t sha[2][32];
  int valid[2];
  for (uint32_t s = 0; s < 2; s++) valid[s] = slot_image(s, &image[s], sha[s]);
  for (uint32_t s = 0; s < 2; s++) {
    if (!valid[s] || !boot_word_is_set(s, BOOT_PENDING) || boot_word_is_set(s, BOOT_CONFIRMED) || boot_word_is_set(s, BOOT_REVERTED))
      continue;
    if (!boot_word_is_set(s, BOOT_BOOTED) && can_start(image[s].wasm, image[s].wasm_len, sha[s])) {
      hal_fwslot_mark(s, BOOT_TRAILER_OFFSET + BOOT_BOOTED); /* before starting it: a reset from now on ends the trial */
      image[s].trial = 1;
      return image[s];
    }
    hal_fwslot_mark(s, BOOT_TRAILER_OFFSET + BOOT_REVERTED);
  }
  boot_choice_t best = { -1, NULL, 0, 0, 0 };
  for (uint32_t s = 0; s < 2; s++) {
    if (!valid[s] || !boot_word_is_set(s, BOOT_PENDING) || !boot_word_is_set(s, BOOT_CONFIRMED) || boot_word_is_set(s, BOOT_REVERTED))
      continue;
    if ((best.slot < 0 || image[s].version > best.version) && can_start(image[s].wasm, image[s].wasm_len, sha[s])) best = image[s];
  }
  return best;
}
