/* Board support interface: what the HAL, the runtime and the scenario runner need from a board (QEMU mps2-an386 or native). */
#ifndef BOARD_H
#define BOARD_H
#include <stddef.h>
#include <stdint.h>

void board_init(void);
/* Test and diagnostic output (semihosting on the MCU, stdout natively); not the meter's serial ports. */
void board_console_write(const char *text, size_t len);
void board_console_puts(const char *line);
__attribute__((noreturn)) void board_exit(int code);
/* The command line the test harness gave the run (QEMU -semihosting-config arg=...), NUL-terminated; 0 bytes when none. */
uint32_t board_args(char *buf, uint32_t max);
/* Reports on the console and halts with a failure code: traps, firmware aborts, CPU faults. */
__attribute__((noreturn)) void board_fault(const char *what, const char *detail);
/* The meter's serial ports (0 optical, 1 module, 2 consumer channel: transmit only); returns the bytes accepted. */
uint32_t board_uart_write(uint32_t port, const uint8_t *data, uint32_t len);
/* Bytes the serial port `port` has received, at most max, without waiting: 0 when none (or no receiver). */
uint32_t board_uart_read(uint32_t port, uint8_t *data, uint32_t max);
/* Baud and character format (0 7E1, 1 8N1) of a serial port, once the bytes already written have left; returns Err. */
uint32_t board_uart_config(uint32_t port, uint32_t baud, uint32_t format);
/* The module port's output line 1 or 2: on (optocoupler conducting) or off. */
void board_module_out(uint32_t line, int on);
/* Free-running counter for measurements and its rate: CPU clock on the MCU, ns natively. */
uint64_t board_counter(void);
uint64_t board_counter_hz(void);
/* 10 ms ticks counted by the tick source (SysTick on the MCU) since board_init. */
uint32_t board_ticks(void);

/* Decimal formatting without printf, so the image carries no stdio. */
char *fmt_i64(char *out, int64_t value);
/* One result line, "<prefix><key> <value>", as the test and benchmark parsers read them. */
void board_console_value(const char *prefix, const char *key, int64_t value);

#endif
