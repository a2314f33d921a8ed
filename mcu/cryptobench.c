/* Crypto benchmark of build/crypto-test.wasm through wasm2c: counter readings around ECDSA P-256 verification, its steps, DLMS and SHA-256. */
#include <string.h>
#include "crypto.h"
#include "board/board.h"

static Z_crypto_instance_t crypto;

static void report(const char *key, uint64_t value) {
  char line[64] = "BENCH ";
  char *p = line + 6;
  while (*key) *p++ = *key++;
  *p++ = ' ';
  fmt_i64(p, (int64_t)value);
  board_console_puts(line);
}

/* Wycheproof ecdsa_secp256r1_sha256_test.json group 1, tcId 1: key X || Y, SHA-256 of the empty message, r, s. */
/* Output bytes as "OUT name hex", for the test that compares them with V8's. */
static void report_hex(const char *name, const uint8_t *bytes, uint32_t n) {
  static const char digits[] = "0123456789abcdef";
  char line[160] = "OUT ";
  char *p = line + 4;
  while (*name) *p++ = *name++;
  *p++ = ' ';
  for (uint32_t k = 0; k < n && k < 64u; k++) {
    *p++ = digits[bytes[k] >> 4];
    *p++ = digits[bytes[k] & 15u];
  }
  *p = 0;
  board_console_puts(line);
}

static const uint8_t key_xy[64] = {
  0x04, 0xaa, 0xec, 0x73, 0x63, 0x57, 0x26, 0xf2, 0x13, 0xfb, 0x8a, 0x9e, 0x64, 0xda, 0x3b, 0x86,
  0x32, 0xe4, 0x14, 0x95, 0xa9, 0x44, 0xd0, 0x04, 0x5b, 0x52, 0x2e, 0xba, 0x72, 0x40, 0xfa, 0xd5,
  0x87, 0xd9, 0x31, 0x57, 0x98, 0xaa, 0xa3, 0xa5, 0xba, 0x01, 0x77, 0x57, 0x87, 0xce, 0xd0, 0x5e,
  0xaa, 0xf7, 0xb4, 0xe0, 0x9f, 0xc8, 0x1d, 0x6d, 0x1a, 0xa5, 0x46, 0xe8, 0x36, 0x5d, 0x52, 0x5d,
};
static const uint8_t hash_empty[32] = {
  0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24,
  0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55,
};
static const uint8_t sig_r[32] = {
  0xb2, 0x92, 0xa6, 0x19, 0x33, 0x9f, 0x6e, 0x56, 0x7a, 0x30, 0x5c, 0x95, 0x1c, 0x0d, 0xcb, 0xcc,
  0x42, 0xd1, 0x6e, 0x47, 0xf2, 0x19, 0xf9, 0xe9, 0x8e, 0x76, 0xe0, 0x9d, 0x87, 0x70, 0xb3, 0x4a,
};
static const uint8_t sig_s[32] = {
  0x01, 0x77, 0xe6, 0x04, 0x92, 0xc5, 0xa8, 0x24, 0x2f, 0x76, 0xf0, 0x7b, 0xfe, 0x36, 0x61, 0xbd,
  0xe5, 0x9e, 0xc2, 0xa1, 0x7c, 0xe5, 0xbd, 0x2d, 0xab, 0x2a, 0xbe, 0xbd, 0xf8, 0x9a, 0x62, 0xe2,
};

enum { KEY = 0, HASH = 64, R = 96, S = 128, TITLE = 160, EK = 168, AK = 184, PLAIN = 200, OUT = 456, IMAGE = 1024 };
enum { BUSY = 1, VALID = 2 };

int main(void) {
  board_init();
  wasm_rt_init();
  Z_crypto_init_module();
  Z_crypto_instantiate(&crypto);
  uint8_t *mem = Z_cryptoZ_memory(&crypto)->data;
  const uint32_t io = Z_cryptoZ_io(&crypto);
  memcpy(mem + io + KEY, key_xy, 64);
  memcpy(mem + io + HASH, hash_empty, 32);
  memcpy(mem + io + R, sig_r, 32);
  memcpy(mem + io + S, sig_s, 32);
  /* System title, keys, APDU and the 4 KiB image: bytes k * 131 + 7 from TITLE on (the test rebuilds them in V8). */
  for (uint32_t k = 0; k < 4096u + 824u; k++) mem[io + TITLE + k] = (uint8_t)(k * 131u + 7u);
  report("counter_hz", board_counter_hz());

  /* Whole verification in one call. */
  uint64_t t0 = board_counter();
  Z_cryptoZ_verifyBegin(&crypto, io + KEY, io + HASH, io + R, io + S);
  uint32_t state = Z_cryptoZ_verifyStep(&crypto, 1u << 30);
  report("verify_counts", board_counter() - t0);
  if (state != VALID) board_fault("cryptobench", "the Wycheproof signature did not verify");

  /* The same spread over steps of 24 field multiplications: the worst step is what a tick must afford. */
  uint64_t worst = 0;
  uint32_t steps = 0;
  t0 = board_counter();
  Z_cryptoZ_verifyBegin(&crypto, io + KEY, io + HASH, io + R, io + S);
  report("begin_counts", board_counter() - t0);
  do {
    uint64_t s0 = board_counter();
    state = Z_cryptoZ_verifyStep(&crypto, 24u);
    uint64_t spent = board_counter() - s0;
    if (spent > worst) worst = spent;
    steps++;
  } while (state == BUSY);
  report("steps", steps);
  report("worst_step_counts", worst);

  /* DLMS SC 0x30 over a 256-byte APDU, key schedule cached after the first call. */
  Z_cryptoZ_dlmsSeal(&crypto, 0x30, io + TITLE, 1, io + EK, io + AK, io + PLAIN, 256, io + OUT);
  t0 = board_counter();
  Z_cryptoZ_dlmsSeal(&crypto, 0x30, io + TITLE, 1, io + EK, io + AK, io + PLAIN, 256, io + OUT);
  report("dlms256_counts", board_counter() - t0);
  report_hex("dlms256_tail", mem + io + OUT + 256 - 20, 32);

  /* SHA-256 of 4 KiB in 256-byte pieces. */
  t0 = board_counter();
  Z_cryptoZ_sha256Chunked(&crypto, io + IMAGE, 4096, 256, io + OUT);
  report("sha4k_counts", board_counter() - t0);
  report_hex("sha4k", mem + io + OUT, 32);

  /* One bit of s changed: refused here as in V8. */
  mem[io + S + 31] ^= 1u;
  Z_cryptoZ_verifyBegin(&crypto, io + KEY, io + HASH, io + R, io + S);
  report("tampered_state", Z_cryptoZ_verifyStep(&crypto, 1u << 30));

#if defined(__arm__)
  uint32_t turns = 1000000u;
  t0 = board_counter();
  __asm volatile("1: subs %0, %0, #1\n bne 1b" : "+r"(turns) : : "cc");
  report("calibration_counts", board_counter() - t0);
  report("calibration_instructions", 2u * 1000000u);
#endif
  board_console_puts("END");
  return 0;
}
