/* What the boot stage checks and hands over about an image: SHA-256 of its wasm (FIPS 180-4), CRC-32 of its legal section. */
#include <string.h>
#include "image.h"

static const uint32_t K[64] = {
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void block(uint32_t h[8], const uint8_t *p) {
  uint32_t w[64];
  for (int t = 0; t < 16; t++) w[t] = (uint32_t)p[4 * t] << 24 | (uint32_t)p[4 * t + 1] << 16 | (uint32_t)p[4 * t + 2] << 8 | p[4 * t + 3];
  for (int t = 16; t < 64; t++) {
    uint32_t s0 = ROR(w[t - 15], 7) ^ ROR(w[t - 15], 18) ^ (w[t - 15] >> 3);
    uint32_t s1 = ROR(w[t - 2], 17) ^ ROR(w[t - 2], 19) ^ (w[t - 2] >> 10);
    w[t] = w[t - 16] + s0 + w[t - 7] + s1;
  }
  uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
  for (int t = 0; t < 64; t++) {
    uint32_t t1 = k + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + w[t];
    uint32_t t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
    k = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
  }
  h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += k;
}

void sha256(const uint8_t *data, uint32_t len, uint8_t digest[32]) {
  uint32_t h[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
  uint32_t done = 0;
  for (; len - done >= 64; done += 64) block(h, data + done);
  uint8_t tail[128] = { 0 };
  uint32_t rest = len - done;
  memcpy(tail, data + done, rest);
  tail[rest] = 0x80;
  uint32_t tail_len = rest + 9 <= 64 ? 64 : 128;
  uint64_t bits = (uint64_t)len * 8u;
  for (int k = 0; k < 8; k++) tail[tail_len - 1 - k] = (uint8_t)(bits >> (8 * k));
  block(h, tail);
  if (tail_len == 128) block(h, tail + 64);
  for (int k = 0; k < 8; k++) {
    digest[4 * k] = (uint8_t)(h[k] >> 24);
    digest[4 * k + 1] = (uint8_t)(h[k] >> 16);
    digest[4 * k + 2] = (uint8_t)(h[k] >> 8);
    digest[4 * k + 3] = (uint8_t)h[k];
  }
}

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
