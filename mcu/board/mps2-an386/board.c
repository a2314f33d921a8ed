/* Board support for QEMU mps2-an386: SysTick as the 10 ms tick, CMSDK UARTs as serial ports, semihosting console. */
#include <string.h>
#include "../board.h"

#define CPU_HZ 25000000u /* the AN386 FPGA clock QEMU models */
#define TICK_HZ 100u

#define SYST_CSR (*(volatile uint32_t *)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014u)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018u)

/* CMSDK APB UART: DATA, STATE (bit 0 TX full, bit 1 RX full), CTRL (bit 0 TX enable, bit 1 RX enable), INTSTATUS, BAUDDIV. */
typedef struct {
  volatile uint32_t data, state, ctrl, intstatus, bauddiv;
} cmsdk_uart_t;
/* Optical, module, and the consumer channel (CCC) on UART 2. */
static cmsdk_uart_t *const uarts[3] = { (cmsdk_uart_t *)0x40004000u, (cmsdk_uart_t *)0x40005000u, (cmsdk_uart_t *)0x40006000u };

static volatile uint32_t tick_count;
static int console_handle = -1;

/* ARM semihosting: operation in r0, argument block in r1, through BKPT 0xAB. */
static int semihost(int op, const void *arg) {
  register int r0 __asm("r0") = op;
  register const void *r1 __asm("r1") = arg;
  __asm volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

#define SYS_OPEN 0x01
#define SYS_WRITE 0x05
#define SYS_GET_CMDLINE 0x15
#define SYS_EXIT_EXTENDED 0x20
#define ADP_STOPPED_APPLICATION_EXIT 0x20026

void board_systick_isr(void) {
  tick_count++;
}

void board_init(void) {
  static const char tt[] = ":tt";
  const uint32_t open_args[3] = { (uint32_t)tt, 4 /* "w" */, 3 };
  console_handle = semihost(SYS_OPEN, open_args);
  SYST_RVR = CPU_HZ / TICK_HZ - 1u;
  SYST_CVR = 0;
  SYST_CSR = 7u; /* processor clock, interrupt, enable */
  for (int p = 0; p < 2; p++) {
    uarts[p]->bauddiv = 16u;
    uarts[p]->ctrl = 3u;
  }
  /* The consumer channel transmits only, at 115200 from power-up (docs/HAL.md). */
  uarts[2]->bauddiv = CPU_HZ / 115200u;
  uarts[2]->ctrl = 1u;
}

uint32_t board_ticks(void) {
  return tick_count;
}

/* SysTick counts down at CPU_HZ and wraps every tick; ticks and the current value make a 64-bit count. */
uint64_t board_counter(void) {
  uint32_t ticks, value;
  do {
    ticks = tick_count;
    value = SYST_CVR;
  } while (ticks != tick_count);
  return (uint64_t)ticks * (CPU_HZ / TICK_HZ) + (CPU_HZ / TICK_HZ - 1u - value);
}

uint64_t board_counter_hz(void) {
  return CPU_HZ;
}

void board_console_write(const char *text, size_t len) {
  const uint32_t args[3] = { (uint32_t)console_handle, (uint32_t)text, (uint32_t)len };
  semihost(SYS_WRITE, args);
}

uint32_t board_args(char *buf, uint32_t max) {
  if (max == 0) return 0;
  uint32_t args[2] = { (uint32_t)buf, max };
  if (semihost(SYS_GET_CMDLINE, args) != 0) {
    buf[0] = '\0';
    return 0;
  }
  buf[args[1] < max ? args[1] : max - 1] = '\0';
  return args[1];
}

void board_exit(int code) {
  const uint32_t args[2] = { ADP_STOPPED_APPLICATION_EXIT, (uint32_t)code };
  for (;;) semihost(SYS_EXIT_EXTENDED, args);
}

/* Polled transmit: the firmware hands over whole frames rarely, so busy-waiting on TX full is acceptable here. */
/* The FPGA's user LEDs 0 and 1 stand for the module port's two output lines. */
#define FPGAIO_LED (*(volatile uint32_t *)0x40028000u)

void board_module_out(uint32_t line, int on) {
  uint32_t bit = 1u << (line - 1);
  FPGAIO_LED = on ? (FPGAIO_LED | bit) : (FPGAIO_LED & ~bit);
}

uint32_t board_uart_write(uint32_t port, const uint8_t *data, uint32_t len) {
  if (port > 2) return 0;
  cmsdk_uart_t *u = uarts[port];
  for (uint32_t k = 0; k < len; k++) {
    while (u->state & 1u) {
    }
    u->data = data[k];
  }
  return len;
}

/* Polled receive: the CMSDK UART holds one byte, so the caller polls at least once per character time
   (a real board takes an RX interrupt or DMA into a ring; QEMU holds the next byte back until DATA is read). */
uint32_t board_uart_read(uint32_t port, uint8_t *data, uint32_t max) {
  if (port > 1) return 0;
  cmsdk_uart_t *u = uarts[port];
  uint32_t n = 0;
  while (n < max && (u->state & 2u)) data[n++] = (uint8_t)u->data;
  return n;
}

/* The CMSDK UART divides the peripheral clock by bauddiv; it has no parity, so 7E1 is not on this board's wire,
   and QEMU's model ignores the speed. Waiting until the transmitter has taken the last byte keeps the HAL's rule that a change
   applies after the bytes already written. */
uint32_t board_uart_config(uint32_t port, uint32_t baud, uint32_t format) {
  (void)format;
  if (port > 2 || baud == 0) return 1u;
  cmsdk_uart_t *u = uarts[port];
  while (u->state & 1u) {
  }
  u->bauddiv = CPU_HZ / baud;
  return 0u;
}
