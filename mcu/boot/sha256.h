/* SHA-256 (FIPS 180-4) for the boot stage's image check: the wasm bytes against the manifest's hash. */
#ifndef BOOT_SHA256_H
#define BOOT_SHA256_H
#include <stdint.h>

void sha256(const uint8_t *data, uint32_t len, uint8_t digest[32]);

#endif
