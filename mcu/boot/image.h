/* Image checks of the boot stage: the wasm's SHA-256 against the manifest, and the legal firmware checksum it hands over
   (docs/UPDATE.md, HAL.md firmware_checksum). */
#ifndef BOOT_IMAGE_H
#define BOOT_IMAGE_H
#include <stdint.h>

void sha256(const uint8_t *data, uint32_t len, uint8_t digest[32]);
/* CRC-32 (IEEE, as zlib) of len bytes, continuing from crc (0 to start). */
uint32_t boot_crc32(uint32_t crc, const uint8_t *data, uint32_t len);
/* CRC-32 of the payload of the module's custom section "legal", of the whole module when it has none (host/image.ts). */
uint32_t wasm_legal_crc32(const uint8_t *wasm, uint32_t len);

#endif
