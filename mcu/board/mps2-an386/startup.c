/* Startup for mps2-an386: vector table, reset (copy .data, clear .bss, enable the FPU), fault and SysTick handlers. */
#include <stdint.h>
#include <string.h>
#include "../board.h"

extern uint32_t __data_start, __data_end, __data_load, __bss_start, __bss_end, __stack_top;
extern int main(void);
extern void board_systick_isr(void);

#define SCB_CPACR (*(volatile uint32_t *)0xE000ED88u)
#define SCB_CFSR (*(volatile uint32_t *)0xE000ED28u)
#define SCB_HFSR (*(volatile uint32_t *)0xE000ED2Cu)

__attribute__((noreturn)) void Reset_Handler(void) {
  /* Full access to CP10/CP11 before any floating-point instruction: the firmware's f64 math goes through libgcc,
     but the compiler may still use single-precision registers. */
  SCB_CPACR |= 0xFu << 20;
  __asm volatile("dsb\n isb");
  memcpy(&__data_start, &__data_load, (size_t)((char *)&__data_end - (char *)&__data_start));
  memset(&__bss_start, 0, (size_t)((char *)&__bss_end - (char *)&__bss_start));
  board_exit(main());
}

static void hex32(char *out, uint32_t v) {
  for (int k = 7; k >= 0; k--, v >>= 4) out[k] = "0123456789abcdef"[v & 15u];
  out[8] = '\0';
}

/* A CPU fault is a firmware or runtime bug: report the fault status registers and stop. */
__attribute__((noreturn)) void Fault_Handler(void) {
  char detail[48] = "CFSR 0x";
  hex32(detail + 7, SCB_CFSR);
  memcpy(detail + 15, " HFSR 0x", 8);
  hex32(detail + 23, SCB_HFSR);
  board_fault("cpu fault", detail);
}

void Default_Handler(void) {
  board_fault("interrupt", "unexpected exception");
}

typedef void (*vector_t)(void);

__attribute__((section(".vectors"), used)) static const vector_t vectors[16] = {
  (vector_t)(uintptr_t)&__stack_top,
  Reset_Handler,
  Default_Handler, /* NMI */
  Fault_Handler,   /* HardFault */
  Fault_Handler,   /* MemManage */
  Fault_Handler,   /* BusFault */
  Fault_Handler,   /* UsageFault */
  0, 0, 0, 0,
  Default_Handler, /* SVCall */
  Default_Handler, /* DebugMonitor */
  0,
  Default_Handler, /* PendSV */
  board_systick_isr,
};
