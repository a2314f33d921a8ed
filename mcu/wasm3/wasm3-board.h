/* What the wasm3 variant adds to a board: the module's bytes in flash, and the RAM accounting of wasm3's heap and stacks. */
#ifndef WASM3_BOARD_H
#define WASM3_BOARD_H
#include <stddef.h>
#include <stdint.h>

/* wasm3's value stack for the module's locals and operands, taken from its heap (m3_NewRuntime). */
#ifndef WASM3_STACK_BYTES
#define WASM3_STACK_BYTES 4096u
#endif

/* How much of the module's 64 KiB page wasm3 backs with RAM (its runtime->memoryLimit): the firmware touches only
   [0, heap_top()) and allocates nothing after boot (HAL.md), so the build measures heap_top() in the Node host and
   rounds it up (build/mcu/wasm3/wasm3-memory.h); an access past the limit traps. */
#include "wasm3-memory.h"

/* 2: compile before boot what the board's calls can reach (mcu/wasm3/reach.c; heap fixed from then on);
   1: the whole module before boot; 0: wasm3's lazy compilation on first call (the heap grows as paths first run);
   3: what boot, adc_block and tick reach before boot, the rest on first call. */
#ifndef WASM3_COMPILE_AT_BOOT
#define WASM3_COMPILE_AT_BOOT 2
#endif

/* build/firmware.wasm as it sits in flash (firmware-bytes.S); wasm3 parses it in place and keeps pointers into it. */
extern const uint8_t firmware_wasm[], firmware_wasm_end[];

/* wasm3 allocates through calloc/realloc/free (linked with --wrap): live bytes now and at most (the allocator's usable
   sizes), and allocations. */
typedef struct {
  uint32_t live_bytes, peak_bytes, allocations;
} wasm3_heap_stats_t;
wasm3_heap_stats_t wasm3_heap_stats(void);
/* How much of the board's heap region malloc has taken (0 where the C library's heap is not the board's). */
uint32_t wasm3_heap_region_used(void);

/* High-water marks by painting: the value stack inside wasm3's heap, and the board's C stack (0 where not measured). */
void wasm3_stack_paint(void *stack, size_t bytes);
uint32_t wasm3_stack_used(const void *stack, size_t bytes);
void wasm3_c_stack_paint(void);
uint32_t wasm3_c_stack_used(void);

/* Compiles at boot exactly what the board can run (mcu/wasm3/reach.c): the functions reachable from the exports in
   `names`, the start function and the table through `call`s; *compiled receives how many it compiled. */
typedef struct M3Runtime *wasm3_runtime_t;
typedef struct M3Module *wasm3_module_t;
const char *wasm3_compile_reachable(wasm3_runtime_t runtime, wasm3_module_t module, const char *const *names, unsigned count,
  unsigned *compiled);

#endif
