/* Finds the custom section "legal" of a wasm module in flash and takes its CRC-32, as host/image.ts legalChecksum does. */
#include <string.h>
#include "legal.h"

uint32_t boot_crc32(uint32_t crc, const uint8_t *data, uint32_t len) {
  crc = ~crc;
  for (uint32_t k = 0; k < len; k++) {
    crc ^= data[k];
    for (int b = 0; b < 8; b++) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

/* LEB128 u32; a truncated or over-long one reads as past the end, so the section walk stops. */
static uint32_t leb_u32(const uint8_t *p, uint32_t len, uint32_t *at) {
  uint32_t value = 0;
  for (uint32_t shift = 0; shift < 35; shift += 7) {
    if (*at >= len) return UINT32_MAX;
    uint8_t b = p[(*at)++];
    value |= (uint32_t)(b & 0x7Fu) << shift;
    if ((b & 0x80u) == 0) return value;
  }
  return UINT32_MAX;
}

uint32_t wasm_legal_crc32(const uint8_t *wasm, uint32_t len) {
  uint32_t at = 8; /* magic and version */
  while (at < len) {
    uint8_t id = wasm[at++];
    uint32_t size = leb_u32(wasm, len, &at);
    if (size > len - at) break;
    uint32_t end = at + size;
    if (id == 0) {
      uint32_t name_at = at;
      uint32_t name_len = leb_u32(wasm, end, &name_at);
      if (name_len <= end - name_at && name_len == 5 && memcmp(wasm + name_at, "legal", 5) == 0)
        return boot_crc32(0, wasm + name_at + 5, end - name_at - 5);
    }
    at = end;
  }
  return boot_crc32(0, wasm, len);
}
