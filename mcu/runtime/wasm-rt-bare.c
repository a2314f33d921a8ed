/* Bare-metal wasm2c 1.0.32 runtime: one static 64 KiB memory, no mmap, no malloc; a trap reports and halts. */
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "wasm-rt.h"
#include "../board/board.h"

#define PAGE_BYTES 65536u
/* HAL.md fixes the memory at one page, initial = maximum; anything larger is a firmware that broke the ABI. */
#define MAX_PAGES 1u
#define MAX_FUNC_TYPES 128u
#define MAX_TYPE_VALUES 16u
#define MAX_TABLE_ELEMENTS 64u

#if WASM_RT_USE_STACK_DEPTH_COUNT
uint32_t wasm_rt_call_stack_depth;
#endif

static bool initialized;
static uint8_t memory_bytes[MAX_PAGES * PAGE_BYTES] __attribute__((aligned(8)));
static bool memory_taken;

/* Signatures are kept so that equal signatures get equal indices, which call_indirect compares. */
typedef struct {
  uint8_t params, results;
  uint8_t types[MAX_TYPE_VALUES];
} func_type_t;
static func_type_t func_types[MAX_FUNC_TYPES];
static uint32_t func_type_count;

static wasm_rt_funcref_t table_elements[MAX_TABLE_ELEMENTS];
static bool table_taken;

void wasm_rt_init(void) {
  initialized = true;
}

bool wasm_rt_is_initialized(void) {
  return initialized;
}

void wasm_rt_free(void) {
  initialized = false;
}

const char *wasm_rt_strerror(wasm_rt_trap_t trap) {
  switch (trap) {
    case WASM_RT_TRAP_NONE: return "no error";
    case WASM_RT_TRAP_OOB: return "out of bounds memory access";
    case WASM_RT_TRAP_INT_OVERFLOW: return "integer overflow on divide or truncation";
    case WASM_RT_TRAP_DIV_BY_ZERO: return "integer divide by zero";
    case WASM_RT_TRAP_INVALID_CONVERSION: return "conversion from NaN to integer";
    case WASM_RT_TRAP_UNREACHABLE: return "unreachable executed";
    case WASM_RT_TRAP_CALL_INDIRECT: return "invalid call_indirect";
    case WASM_RT_TRAP_UNCAUGHT_EXCEPTION: return "uncaught exception";
#if !WASM_RT_MERGED_OOB_AND_EXHAUSTION_TRAPS
    case WASM_RT_TRAP_EXHAUSTION: return "call stack exhausted";
#endif
  }
  return "unknown trap";
}

/* No unwinding on a microcontroller: the module's state is undefined after a trap, so the meter stops. */
void wasm_rt_trap(wasm_rt_trap_t trap) {
  board_fault("wasm trap", wasm_rt_strerror(trap));
}

uint32_t wasm_rt_register_func_type(uint32_t params, uint32_t results, ...) {
  func_type_t t;
  memset(&t, 0, sizeof t);
  if (params + results > MAX_TYPE_VALUES) board_fault("wasm runtime", "function type has too many values");
  t.params = (uint8_t)params;
  t.results = (uint8_t)results;
  va_list args;
  va_start(args, results);
  for (uint32_t k = 0; k < params + results; k++) t.types[k] = (uint8_t)va_arg(args, int);
  va_end(args);
  for (uint32_t k = 0; k < func_type_count; k++)
    if (memcmp(&func_types[k], &t, sizeof t) == 0) return k;
  if (func_type_count == MAX_FUNC_TYPES) board_fault("wasm runtime", "too many function types");
  func_types[func_type_count] = t;
  return func_type_count++;
}

/* Exceptions are not in the firmware's feature set (HAL.md); these exist only so a module that names them links. */
uint32_t wasm_rt_register_tag(uint32_t size) {
  (void)size;
  board_fault("wasm runtime", "exception handling is not supported");
}
void wasm_rt_load_exception(uint32_t tag, uint32_t size, const void *values) {
  (void)tag, (void)size, (void)values;
  board_fault("wasm runtime", "exception handling is not supported");
}
void wasm_rt_throw(void) {
  wasm_rt_trap(WASM_RT_TRAP_UNCAUGHT_EXCEPTION);
}

void wasm_rt_allocate_memory(wasm_rt_memory_t *memory, uint32_t initial_pages, uint32_t max_pages) {
  if (memory_taken || initial_pages > MAX_PAGES || max_pages > MAX_PAGES)
    board_fault("wasm runtime", "the module wants more than one 64 KiB memory page");
  memory_taken = true;
  memset(memory_bytes, 0, sizeof memory_bytes);
  memory->data = memory_bytes;
  memory->pages = initial_pages;
  memory->max_pages = max_pages;
  memory->size = initial_pages * PAGE_BYTES;
}

/* memory.grow fails (returns -1) beyond the static page, as wasm allows; growing by 0 reports the size. */
uint32_t wasm_rt_grow_memory(wasm_rt_memory_t *memory, uint32_t delta) {
  uint32_t old = memory->pages;
  if (delta == 0) return old;
  if (delta > memory->max_pages - old || old + delta > MAX_PAGES) return (uint32_t)-1;
  memory->pages = old + delta;
  memory->size = memory->pages * PAGE_BYTES;
  return old;
}

void wasm_rt_free_memory(wasm_rt_memory_t *memory) {
  memory->data = NULL;
  memory->size = 0;
  memory_taken = false;
}

void wasm_rt_allocate_funcref_table(wasm_rt_funcref_table_t *table, uint32_t elements, uint32_t max_elements) {
  if (table_taken || elements > MAX_TABLE_ELEMENTS) board_fault("wasm runtime", "function table too large");
  (void)max_elements;
  table_taken = true;
  for (uint32_t k = 0; k < MAX_TABLE_ELEMENTS; k++) table_elements[k] = wasm_rt_funcref_null_value;
  table->data = table_elements;
  table->size = elements;
  table->max_size = elements;
}

void wasm_rt_free_funcref_table(wasm_rt_funcref_table_t *table) {
  table->data = NULL;
  table->size = 0;
  table_taken = false;
}

uint32_t wasm_rt_grow_funcref_table(wasm_rt_funcref_table_t *table, uint32_t delta, wasm_rt_funcref_t init) {
  (void)table, (void)delta, (void)init;
  return (uint32_t)-1;
}

/* Reference types are outside the feature set: an externref table cannot be created. */
void wasm_rt_allocate_externref_table(wasm_rt_externref_table_t *table, uint32_t elements, uint32_t max_elements) {
  (void)table, (void)elements, (void)max_elements;
  board_fault("wasm runtime", "externref tables are not supported");
}
void wasm_rt_free_externref_table(wasm_rt_externref_table_t *table) {
  (void)table;
}
uint32_t wasm_rt_grow_externref_table(wasm_rt_externref_table_t *table, uint32_t delta, wasm_rt_externref_t init) {
  (void)table, (void)delta, (void)init;
  return (uint32_t)-1;
}
