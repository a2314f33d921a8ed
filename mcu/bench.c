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
