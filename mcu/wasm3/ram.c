/* RAM accounting of the wasm3 variant: wasm3's heap through wrapped calloc/realloc/free, stack high-water marks by painting. */
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include "wasm3-board.h"
#include "board/board.h"

#define PAINT 0xA5u

void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
void __real_free(void *p);
/* The allocator knows each block's size: accounting needs no header of its own, so the heap is measured as it is. */
size_t malloc_usable_size(void *p);

static wasm3_heap_stats_t stats;

#if !defined(__arm__)
/* A board's heap is its region (link.ld); the native build takes a bound from WASM3_HEAP_LIMIT (bytes, live), so a
   test can make a lazy compile fail for want of memory as a board with too small a region would. */
static uint32_t heap_limit(void) {
  static int read;
  static uint32_t limit;
  if (!read) {
    const char *text = getenv("WASM3_HEAP_LIMIT");
    limit = text ? (uint32_t)strtoul(text, NULL, 10) : 0;
    read = 1;
  }
  return limit;
}
#define OVER_LIMIT(grow) (heap_limit() != 0 && stats.live_bytes + (uint64_t)(grow) > heap_limit())
#else
#define OVER_LIMIT(grow) 0
#endif

static void *account(void *block) {
  if (block == NULL) return NULL;
  stats.live_bytes += (uint32_t)malloc_usable_size(block);
  if (stats.live_bytes > stats.peak_bytes) stats.peak_bytes = stats.live_bytes;
  stats.allocations++;
  return block;
}

void *__wrap_calloc(size_t n, size_t size) {
  if (OVER_LIMIT((uint64_t)n * size)) return NULL;
  return account(__real_calloc(n, size));
}

void __wrap_free(void *p) {
  if (p == NULL) return;
  stats.live_bytes -= (uint32_t)malloc_usable_size(p);
  __real_free(p);
}

/* realloc keeps the old block on failure, so the count is restored then. */
void *__wrap_realloc(void *p, size_t size) {
  uint32_t old = p == NULL ? 0 : (uint32_t)malloc_usable_size(p);
  if (size > old && OVER_LIMIT(size - old)) return NULL;
  stats.live_bytes -= old;
  void *block = __real_realloc(p, size);
  if (block == NULL) {
    stats.live_bytes += old;
    return NULL;
  }
  if (p != NULL) stats.allocations--; /* a resize, not a new allocation */
  return account(block);
}

wasm3_heap_stats_t wasm3_heap_stats(void) {
  return stats;
}

void wasm3_stack_paint(void *stack, size_t bytes) {
  memset(stack, PAINT, bytes);
}

/* wasm3's value stack grows upwards: the highest byte that lost its paint marks the use. */
uint32_t wasm3_stack_used(const void *stack, size_t bytes) {
  const uint8_t *s = stack;
  size_t n = bytes;
  while (n > 0 && s[n - 1] == PAINT) n--;
  return (uint32_t)n;
}

#if defined(__arm__)
extern uint8_t __stack_bottom[], __stack_top[], __heap_start[], __heap_end[];

static uint8_t *brk = __heap_start;

/* newlib's malloc takes its memory here: the .heap region of link.ld, never past it. */
void *_sbrk(ptrdiff_t increment) {
  if (increment < 0 || increment > __heap_end - brk) return (void *)-1;
  uint8_t *old = brk;
  brk += increment;
  return old;
}

/* What the heap region must hold: the live bytes plus the allocator's headers and fragments. */
uint32_t wasm3_heap_region_used(void) {
  return (uint32_t)(brk - __heap_start);
}

/* The C stack grows down from __stack_top: paint what lies below the caller's frame, with a margin for this one. */
void wasm3_c_stack_paint(void) {
  uint8_t *sp = __builtin_frame_address(0);
  memset(__stack_bottom, PAINT, (size_t)(sp - 256 - __stack_bottom));
}

uint32_t wasm3_c_stack_used(void) {
  const uint8_t *p = __stack_bottom;
  while (p < __stack_top && *p == PAINT) p++;
  return (uint32_t)(__stack_top - p);
}
#else
uint32_t wasm3_heap_region_used(void) {
  return 0;
}

void wasm3_c_stack_paint(void) {
}

uint32_t wasm3_c_stack_used(void) {
  return 0;
}
#endif
