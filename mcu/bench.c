/* Sample-loop benchmark of the firmware (wasm2c or wasm3): counter readings around N blocks of copy + adc_block + tick, and around the copy alone. */
#include <string.h>
#include "meter.h"
#include "bench-scenario.h"
#include "synth.h"
#include "board/board.h"

#ifndef BENCH_SECONDS
#define BENCH_SECONDS 20u /* meter seconds per run */
#endif
#ifndef BENCH_RUNS
#define BENCH_RUNS 1u
#endif

static meter_t meter;
static synth_t synth;
/* One second of samples, replayed like host/bench.ts replays its second: the synthesiser stays out of the timed loop. */
static int32_t second[SCN_RATE_HZ * 2u];

static void report(const char *key, uint64_t value) {
  board_console_value("BENCH ", key, (int64_t)value);
}

/* The compiler must not drop or merge the copies of the baseline loop. */
static inline void barrier(void *p) {
  __asm volatile("" : : "r"(p) : "memory");
}

static uint64_t run_full(uint32_t blocks) {
  const uint32_t per_second = SCN_RATE_HZ / SCN_PAIRS_PER_STEP;
  uint64_t t0 = board_counter();
  for (uint32_t b = 0; b < blocks; b++) {
    memcpy(meter.adc, second + (b % per_second) * SCN_PAIRS_PER_STEP * 2u, SCN_PAIRS_PER_STEP * 8u);
    meter_step(&meter, SCN_PAIRS_PER_STEP);
  }
  return board_counter() - t0;
}

static uint64_t run_copy(uint32_t blocks) {
  const uint32_t per_second = SCN_RATE_HZ / SCN_PAIRS_PER_STEP;
  uint64_t t0 = board_counter();
  for (uint32_t b = 0; b < blocks; b++) {
    memcpy(meter.adc, second + (b % per_second) * SCN_PAIRS_PER_STEP * 2u, SCN_PAIRS_PER_STEP * 8u);
    barrier(meter.adc);
    meter.hal.now_ms += 10u;
  }
  return board_counter() - t0;
}

#if defined(__arm__)
/* DLMS on the module port (wrapper): management with LLS reads the object list, 3 blocks of GET / GET next.
   Counted: the tick that answers a block (the request delivered before it), and the idle tick after it. */
static const uint8_t AARQ_LLS[] = {
  0, 1, 0, 1, 0, 1, 0, 56, 0x60, 0x36, 0xA1, 0x09, 0x06, 0x07, 0x60, 0x85, 0x74, 0x05, 0x08, 0x01, 0x01, 0x8A, 0x02,
  0x07, 0x80, 0x8B, 0x07, 0x60, 0x85, 0x74, 0x05, 0x08, 0x02, 0x01, 0xAC, 0x0A, 0x80, 0x08, '1', '2', '3', '4', '5', '6',
  '7', '8', 0xBE, 0x10, 0x04, 0x0E, 0x01, 0x00, 0x00, 0x00, 0x06, 0x5F, 0x1F, 0x04, 0x00, 0x40, 0x1E, 0x5D, 0xFF, 0xFF,
};
static const uint8_t GET_LIST[] = { 0, 1, 0, 1, 0, 1, 0, 13, 0xC0, 0x01, 0xC1, 0x00, 0x0F, 0, 0, 40, 0, 0, 255, 0x02, 0x00 };
#define DLMS_ROUNDS 50u
#define DLMS_BLOCKS 3u

static void dlms_step(void) {
  memcpy(meter.adc, second, SCN_PAIRS_PER_STEP * 8u);
  meter_step(&meter, SCN_PAIRS_PER_STEP);
}

static void bench_dlms(void) {
  if (meter_uart_rx(&meter, 1u, AARQ_LLS, sizeof AARQ_LLS) != 0u) board_fault("bench", "uart_rx refused the AARQ");
  dlms_step();
  uint64_t block_counts = 0, idle_counts = 0;
  for (uint32_t r = 0; r < DLMS_ROUNDS; r++) {
    for (uint32_t b = 1; b <= DLMS_BLOCKS; b++) {
      uint8_t next[15] = { 0, 1, 0, 1, 0, 1, 0, 7, 0xC0, 0x02, 0xC1, 0, 0, 0, (uint8_t)(b - 1u) };
      if (b == 1u) meter_uart_rx(&meter, 1u, GET_LIST, sizeof GET_LIST);
      else meter_uart_rx(&meter, 1u, next, sizeof next);
      memcpy(meter.adc, second, SCN_PAIRS_PER_STEP * 8u);
      uint64_t t0 = board_counter();
      meter_step(&meter, SCN_PAIRS_PER_STEP);
      block_counts += board_counter() - t0;
      memcpy(meter.adc, second, SCN_PAIRS_PER_STEP * 8u);
      t0 = board_counter();
      meter_step(&meter, SCN_PAIRS_PER_STEP);
      idle_counts += board_counter() - t0;
    }
  }
  report("dlms_block_counts", block_counts);
  report("dlms_idle_counts", idle_counts);
  report("dlms_blocks", DLMS_ROUNDS * DLMS_BLOCKS);
}

/* Two instructions per turn (subs, bne): converts counter ticks to instructions under QEMU -icount. */
static uint64_t calibrate(uint32_t turns) {
  uint64_t t0 = board_counter();
  __asm volatile("1: subs %0, %0, #1\n bne 1b" : "+r"(turns) : : "cc");
  return board_counter() - t0;
}
#endif

int main(void) {
  board_init();
  meter_start(&meter, SCN_START_UTC_S);
  synth_init(&synth, scn_sine_q15, scn_segments, SCN_SEGMENTS, SCN_PAIRS_PER_STEP, SCN_SEED);
  uint64_t t0 = board_counter();
  synth_fill(&synth, second, SCN_RATE_HZ);
  report("synth_counts", board_counter() - t0);
  report("synth_pairs", SCN_RATE_HZ);
  const uint32_t blocks = BENCH_SECONDS * (SCN_RATE_HZ / SCN_PAIRS_PER_STEP);
  report("counter_hz", board_counter_hz());
  report("pairs_per_run", (uint64_t)blocks * SCN_PAIRS_PER_STEP);
  run_full(SCN_RATE_HZ / SCN_PAIRS_PER_STEP); /* warm-up: caches, branch predictors, first window */
  for (uint32_t r = 0; r < BENCH_RUNS; r++) {
    report("full_counts", run_full(blocks));
    report("copy_counts", run_copy(blocks));
  }
#if defined(__arm__)
  bench_dlms();
#endif
  /* A flat signal has no zero crossings: the scan loop and the block overhead alone (windows close on time). */
  for (uint32_t k = 0; k < SCN_RATE_HZ * 2u; k++) second[k] = 1000 + (int32_t)(k & 7u);
  run_full(SCN_RATE_HZ / SCN_PAIRS_PER_STEP);
  report("flat_counts", run_full(blocks));
#if defined(__arm__)
  report("calibration_instructions", 2u * 1000000u);
  report("calibration_counts", calibrate(1000000u));
#endif
  if (meter.hal.s0_pulses == 0) board_fault("bench", "no energy registered: the benchmark load did not reach the firmware");
  report("s0_pulses", meter.hal.s0_pulses);
  meter_report_ram(&meter, report);
  board_console_puts("END");
  return 0;
}
