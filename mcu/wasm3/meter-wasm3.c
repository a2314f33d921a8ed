/* Firmware bring-up and the 10 ms step on wasm3: build/firmware.wasm, linked into flash as bytes, interpreted. */
#include <string.h>
#include "wasm3.h"
#include "m3_env.h"
#include "m3_code.h"
#include "meter.h"
#include "board/board.h"
#include "hal-link.h"
#include "wasm3-board.h"
#include "boot/image.h"

#define TICK_MS 10u

struct meter_runtime {
  IM3Environment env;
  IM3Runtime runtime;
  IM3Module module;
  IM3Function adc_block, tick, config_set, input_event, energy_uwh, uart_rx, uart_rx_buffer, firmware_checksum;
  uint32_t uart_rx_capacity;
  uint32_t compiled_at_boot; /* functions compiled when boot had run; more later means a compile (allocation) after boot */
};
static meter_runtime_t instance; /* one meter per board */

/* Every export this file calls: the roots of what WASM3_COMPILE_AT_BOOT=2 compiles. */
static const char *const board_exports[] = { "abi_version", "boot", "adc_buffer", "adc_capacity", "adc_block", "tick",
  "firmware_checksum", "heap_top", "uart_rx_capacity", "config_set", "input_event", "energy_uwh", "uart_rx", "uart_rx_buffer" };
/* W3_COMPILE_AT_BOOT=3 compiles at boot what the first ones reach: boot, the sample loop and the 10 ms tick (metering,
   the display, billing, the store, the ports' transmit side), so no compile ever lands in a 10 ms step; what only
   the received bytes, configuration and scenario events reach compiles on first use. */
#define ALWAYS_EXPORTS 9u

static uint32_t functions_compiled(IM3Module module) {
  uint32_t n = 0;
  for (uint32_t k = 0; k < module->numFunctions; k++) n += module->functions[k].compiled != NULL;
  return n;
}

/* A wasm3 error is a firmware or port defect (link, compile, trap): report it and stop, as wasm2c's traps do.
   Out of heap is the one a sound module can meet: a function compiled on its first call (W3_COMPILE_AT_BOOT 0 or
   3) found no room. wasm3 then returns the error from the call that needed it, before the callee's first
   instruction; the board stops the meter as a power cut would, and a real board resets into a fresh runtime. */
static void check(M3Result result, const char *what) {
  if (result == m3Err_mallocFailed || result == m3Err_mallocFailedCodePage)
    board_fault(what, "wasm3 heap exhausted: reset (the store survives as a power cut)");
  if (result != m3Err_none) board_fault(what, result);
}

static IM3Function find(meter_runtime_t *rt, const char *name) {
  IM3Function f = NULL;
  check(m3_FindFunction(&f, rt->runtime, name), name);
  return f;
}

/* Calls an export of HAL.md's shape (i32 arguments, one i32 result). */
static uint32_t call_u32(IM3Function f, uint32_t argc, const uint32_t *args) {
  const void *argp[2] = { &args[0], &args[1] };
  uint32_t result = 0;
  const void *resp[1] = { &result };
  check(m3_Call(f, argc, argp), m3_GetFunctionName(f));
  check(m3_GetResults(f, 1, resp), m3_GetFunctionName(f));
  return result;
}

/* Parses the module in place (flash or a firmware slot: the bytes stay mapped, wasm3 keeps pointers into them),
   links, runs its start function and boots it; the NVM, the slots and the RTC are the caller's. */
static void boot_module(meter_t *m, const uint8_t *wasm, uint32_t wasm_len, uint32_t cause) {
  meter_runtime_t *rt = m->rt = &instance;
  rt->env = m3_NewEnvironment();
  if (rt->env == NULL) board_fault("wasm3", "no memory for the environment");
  rt->runtime = m3_NewRuntime(rt->env, WASM3_STACK_BYTES, NULL);
  if (rt->runtime == NULL) board_fault("wasm3", "no memory for the runtime");
  wasm3_stack_paint(rt->runtime->stack, WASM3_STACK_BYTES);
  rt->runtime->memoryLimit = WASM3_MEMORY_BYTES;
  check(m3_ParseModule(rt->env, &rt->module, wasm, wasm_len), "parse");
  check(m3_LoadModule(rt->runtime, rt->module), "load");
  uint32_t size = 0;
  uint8_t *data = m3_GetMemory(rt->runtime, &size, 0);
  m->hal.memory = (hal_memory_t){ data, size };
  check(hal_link_wasm3(rt->module, &m->hal), "link");
#if WASM3_COMPILE_AT_BOOT == 3
  unsigned compiled = 0;
  check(wasm3_compile_reachable(rt->runtime, rt->module, board_exports, ALWAYS_EXPORTS, &compiled), "compile");
#elif WASM3_COMPILE_AT_BOOT == 2
  /* What the board can ever run, compiled now: the heap is final before boot, no code path compiles (allocates)
     months later, and the functions only exports the board never calls reach are never compiled. */
  unsigned compiled = 0;
  check(wasm3_compile_reachable(rt->runtime, rt->module, board_exports, sizeof board_exports / sizeof board_exports[0], &compiled), "compile");
#elif WASM3_COMPILE_AT_BOOT
  /* Every function compiled now: the heap is final before boot, and no code path compiles (allocates) months later. */
  check(m3_CompileModule(rt->module), "compile");
#endif
  /* The start function (static data of the firmware) runs here, before abi_version, with the imports linked. */
  M3Result started = m3_RunStart(rt->module);
  if (started == m3Err_trapOutOfBoundsMemoryAccess)
    board_fault("start", "the firmware touched memory past WASM3_MEMORY_BYTES (its heap_top when the image was built)");
  check(started, "start");
  const uint32_t none[2] = { 0, 0 };
  if (call_u32(find(rt, "abi_version"), 0, none) != 1u) board_fault("meter", "firmware ABI version is not 1");
  const uint32_t boot_cause[2] = { cause, 0 };
  if (call_u32(find(rt, "boot"), 1, boot_cause) != HAL_OK) board_fault("meter", "boot failed");
  if (m->hal.adc_block_pairs == 0) board_fault("meter", "boot did not configure the ADC");
  uint32_t addr = call_u32(find(rt, "adc_buffer"), 0, none);
  m->adc_capacity_pairs = call_u32(find(rt, "adc_capacity"), 0, none);
  if (addr % 4u != 0 || m->adc_capacity_pairs < m->hal.adc_block_pairs) board_fault("meter", "unusable ADC buffer");
  m->adc = (int32_t *)(void *)hal_bytes(&m->hal, addr, m->adc_capacity_pairs * 8u);
  if (call_u32(find(rt, "heap_top"), 0, none) > WASM3_MEMORY_BYTES) board_fault("meter", "heap_top is past WASM3_MEMORY_BYTES");
  rt->adc_block = find(rt, "adc_block");
  rt->tick = find(rt, "tick");
  rt->config_set = find(rt, "config_set");
  rt->input_event = find(rt, "input_event");
  rt->energy_uwh = find(rt, "energy_uwh");
  rt->compiled_at_boot = functions_compiled(rt->module);
  rt->uart_rx = find(rt, "uart_rx");
  rt->uart_rx_buffer = find(rt, "uart_rx_buffer");
  rt->firmware_checksum = find(rt, "firmware_checksum");
  rt->uart_rx_capacity = call_u32(find(rt, "uart_rx_capacity"), 0, none);
  /* What a boot loader hands over: the CRC of the legal section of the bytes just parsed. */
  const uint32_t crc[2] = { wasm_legal_crc32(wasm, wasm_len), 0 };
  check(m3_Call(rt->firmware_checksum, 1, (const void *[]){ &crc[0] }), "firmware_checksum");
}

void meter_start(meter_t *m, int64_t start_utc_s) {
  wasm3_c_stack_paint();
  hal_init(&m->hal, start_utc_s, 1);
  hal_nvm_reset();
  hal_fwslot_set_running(-1);
  boot_module(m, firmware_wasm, (uint32_t)(firmware_wasm_end - firmware_wasm), 0);
}

/* The update swaps the module bytes: the runtime and environment are freed and the chosen slot's wasm parsed. */
void meter_restart(meter_t *m, const boot_choice_t *choice, uint32_t cause) {
  m3_FreeRuntime(m->rt->runtime);
  m3_FreeEnvironment(m->rt->env);
  int64_t rtc_ms = m->hal.rtc_base_ms + (int64_t)m->hal.now_ms;
  uint32_t relay = m->hal.relay_closed;
  hal_init(&m->hal, 0, relay);
  m->hal.rtc_base_ms = rtc_ms;
  hal_fwslot_set_running(choice->slot);
  if (choice->slot < 0) boot_module(m, firmware_wasm, (uint32_t)(firmware_wasm_end - firmware_wasm), cause);
  else boot_module(m, choice->wasm, choice->wasm_len, cause);
}

/* wasm3 interprets whatever module the slot holds (the firmware verified its signature before activating it). */
int meter_can_start(const uint8_t *wasm, uint32_t len, const uint8_t sha256[32]) {
  (void)wasm;
  (void)len;
  (void)sha256;
  return 1;
}

void meter_step(meter_t *m, uint32_t pairs) {
  m->hal.now_ms += TICK_MS;
  const uint32_t args[2] = { pairs, 0 };
  if (call_u32(m->rt->adc_block, 1, args) != HAL_OK) board_fault("meter", "adc_block refused a block");
  check(m3_Call(m->rt->tick, 0, NULL), "tick");
}

uint32_t meter_config_set(meter_t *m, uint32_t id, uint32_t value) {
  const uint32_t args[2] = { id, value };
  return call_u32(m->rt->config_set, 2, args);
}

uint32_t meter_input_event(meter_t *m, uint32_t input, uint32_t value) {
  const uint32_t args[2] = { input, value };
  return call_u32(m->rt->input_event, 2, args);
}

int64_t meter_energy_uwh(meter_t *m, uint32_t reg) {
  const void *argp[1] = { &reg };
  int64_t uwh = 0;
  const void *resp[1] = { &uwh };
  check(m3_Call(m->rt->energy_uwh, 1, argp), "energy_uwh");
  check(m3_GetResults(m->rt->energy_uwh, 1, resp), "energy_uwh");
  return uwh;
}

uint32_t meter_uart_rx(meter_t *m, uint32_t port, const uint8_t *data, uint32_t len) {
  const uint32_t which[2] = { port, 0 };
  uint32_t addr = call_u32(m->rt->uart_rx_buffer, 1, which);
  if (addr == 0) return HAL_INVALID_ARGUMENT;
  if (len > m->rt->uart_rx_capacity) return HAL_OUT_OF_RANGE;
  memcpy(hal_bytes(&m->hal, addr, len), data, len);
  const uint32_t args[2] = { port, len };
  return call_u32(m->rt->uart_rx, 2, args);
}

void meter_report_ram(meter_t *m, void (*out)(const char *key, uint64_t value)) {
  wasm3_heap_stats_t heap = wasm3_heap_stats();
  out("linear_memory_bytes", m->hal.memory.size);
  out("wasm3_heap_peak_bytes", heap.peak_bytes);
  out("wasm3_heap_live_bytes", heap.live_bytes);
  out("wasm3_allocations", heap.allocations);
  out("heap_region_used_bytes", wasm3_heap_region_used());
  out("wasm3_value_stack_bytes", WASM3_STACK_BYTES);
  out("wasm3_value_stack_used_bytes", wasm3_stack_used(m->rt->runtime->stack, WASM3_STACK_BYTES));
  out("c_stack_used_bytes", wasm3_c_stack_used());
  out("code_pages", m->rt->runtime->numCodePages);
  out("functions", m->rt->module->numFunctions - m->rt->module->numFuncImports);
  out("functions_compiled_at_boot", m->rt->compiled_at_boot);
  out("functions_compiled", functions_compiled(m->rt->module));
  /* How full the pages are: what a smaller d_m3CodePageAlignSize could give back at most. */
  uint64_t used = 0;
  for (int list = 0; list < 2; list++)
    for (IM3CodePage p = list ? m->rt->runtime->pagesFull : m->rt->runtime->pagesOpen; p != NULL; p = p->info.next)
      used += (uint64_t)p->info.lineIndex * sizeof(code_t);
  out("code_bytes_used", used);
  /* Where the heap goes (docs/PORTING.md's table): the rest is the runtime, module, types, names and allocator headers. */
  IM3Module mod = m->rt->module;
  uint64_t constants = 0, compiled_wasm = 0;
  for (uint32_t k = 0; k < mod->numFunctions; k++) {
    constants += mod->functions[k].numConstantBytes;
    if (mod->functions[k].compiled != NULL && mod->functions[k].wasm != NULL)
      compiled_wasm += (uint64_t)(mod->functions[k].wasmEnd - mod->functions[k].wasm);
  }
  out("heap_code_pages_bytes", (uint64_t)m->rt->runtime->numCodePages * d_m3CodePageAlignSize);
  out("heap_functions_bytes", (uint64_t)mod->numFunctions * sizeof(M3Function));
  out("heap_globals_bytes", (uint64_t)mod->numGlobals * sizeof(M3Global));
  out("heap_constants_bytes", constants);
  out("heap_linear_memory_bytes", m->hal.memory.size + sizeof(M3MemoryHeader));
  out("wasm_bytes_compiled", compiled_wasm);
}
