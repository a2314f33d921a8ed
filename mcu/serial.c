/* Serial session runner: the meter metering while QEMU feeds its two UARTs; tests/mcu_serial.test.ts checks the answers. */
#include "meter.h"
#include "scenario.h"
#include "synth.h"
#include "board/board.h"

/* 3 s of meter time: the sign-on's 220 ms reaction, then mode A's data message 1.5 s after the identification. */
#ifndef SERIAL_STEPS
#define SERIAL_STEPS 300u
#endif
#define RX_CHUNK 64u /* a quarter of the firmware's receive buffer per port and step */

static meter_t meter;
static synth_t synth;
static uint32_t received[2];

static void print_ram(const char *key, uint64_t value) {
  board_console_value("RAM ", key, (int64_t)value);
}

/* Waits up to `ms` of the board's clock for a received byte on either port (QEMU delivers the test's bytes when it
   gets to them, not at reset), so the run does not end before its request has arrived. */
static int wait_rx(uint32_t port_mask, uint64_t ms, uint8_t *first, uint32_t *port) {
  uint64_t until = board_counter() + board_counter_hz() / 1000u * ms;
  do {
    for (uint32_t p = 0; p < 2; p++)
      if ((port_mask >> p & 1u) && board_uart_read(p, first, 1) == 1) {
        *port = p;
        return 1;
      }
  } while (board_counter() < until);
  return 0;
}

/* Everything received on a port this step: a byte, then more while they keep arriving within 20 ms. */
static void pump(uint32_t port, const uint8_t *first, uint32_t have) {
  uint8_t buf[RX_CHUNK];
  uint32_t n = have;
  if (have) buf[0] = *first;
  for (;;) {
    uint32_t got = board_uart_read(port, buf + n, RX_CHUNK - n);
    uint32_t port_got;
    if (got == 0 && n < RX_CHUNK && n > 0 && wait_rx(1u << port, 20, buf + n, &port_got)) got = 1;
    n += got;
    if (got == 0 || n == RX_CHUNK) break;
  }
  if (n == 0) return;
  received[port] += n;
  if (meter_uart_rx(&meter, port, buf, n) != HAL_OK) board_fault("serial", "the firmware refused received bytes");
}

int main(void) {
  board_init();
  meter_start(&meter, SCN_START_UTC_S);
  synth_init(&synth, scn_sine_q15, scn_segments, SCN_SEGMENTS, SCN_PAIRS_PER_STEP, SCN_SEED);
  board_console_puts("SERIAL");
  uint8_t first = 0;
  uint32_t first_port = 0;
  int have = wait_rx(3u, 10000u, &first, &first_port);
  if (!have) board_console_puts("no byte received within 10 s");
  for (uint32_t step = 0; step < SERIAL_STEPS; step++) {
    for (uint32_t p = 0; p < 2; p++) {
      int mine = have && first_port == p;
      pump(p, &first, mine ? 1u : 0u);
      if (mine) have = 0;
    }
    if (synth_fill(&synth, meter.adc, SCN_PAIRS_PER_STEP) != 0) board_fault("serial", "out of samples");
    meter_step(&meter, SCN_PAIRS_PER_STEP);
  }
  board_console_value("", "RX0", received[0]);
  board_console_value("", "RX1", received[1]);
  board_console_value("", "STEPS", SERIAL_STEPS);
  meter_report_ram(&meter, print_ram);
  board_console_puts("END");
  return 0;
}
