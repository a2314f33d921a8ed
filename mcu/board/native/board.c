/* Native x86-64 board: the same C host on Linux, to run and time the wasm2c path without emulation. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include "../board.h"

static uint64_t start_ns;

uint64_t board_counter(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t board_counter_hz(void) {
  return 1000000000u;
}

void board_init(void) {
  start_ns = board_counter();
}

uint32_t board_ticks(void) {
  return (uint32_t)((board_counter() - start_ns) / 10000000u);
}

void board_console_write(const char *text, size_t len) {
  fwrite(text, 1, len, stdout);
}

void board_exit(int code) {
  fflush(stdout);
  exit(code);
}

/* Ports 0, 1 and 2 go to stderr, tagged, so they never mix with the result lines on stdout. */
/* No pins natively: the HAL keeps the levels for the report. */
void board_module_out(uint32_t line, int on) {
  (void)line;
  (void)on;
}

uint32_t board_uart_write(uint32_t port, const uint8_t *data, uint32_t len) {
  if (port > 2) return 0;
  fprintf(stderr, "UART%u: ", port);
  fwrite(data, 1, len, stderr);
  fputc('\n', stderr);
  return len;
}

/* Natively the runs take no arguments. */
uint32_t board_args(char *buf, uint32_t max) {
  if (max > 0) buf[0] = '\0';
  return 0;
}

/* Natively nothing is connected to the receivers: the scenario runner's ports stay silent. */
uint32_t board_uart_read(uint32_t port, uint8_t *data, uint32_t max) {
  (void)port;
  (void)data;
  (void)max;
  return 0;
}

/* Natively the ports are stderr: no line to set. */
uint32_t board_uart_config(uint32_t port, uint32_t baud, uint32_t format) {
  (void)baud;
  (void)format;
  return port > 2 ? 1u : 0u;
}
