/* The board's call graph over the module: a function no board call can reach (the update and configuration exports
   the board never calls, and what only they call) is never compiled, and so costs no code pages. */
#include <stdint.h>
#include <string.h>
#include "m3_env.h"
#include "m3_compile.h"
#include "wasm3-board.h"

#define MAX_FUNCTIONS 1024u /* bitmaps of 128 bytes each; a module with more is compiled whole */

static uint8_t marked[MAX_FUNCTIONS / 8], scanned[MAX_FUNCTIONS / 8];

static int bit(const uint8_t *set, uint32_t k) { return set[k >> 3] >> (k & 7u) & 1; }
static void set_bit(uint8_t *set, uint32_t k) { set[k >> 3] |= (uint8_t)(1u << (k & 7u)); }

/* LEB128, any length (an i64.const takes up to 10 bytes); the value keeps its low 32 bits. */
static uint32_t leb(const uint8_t **p, const uint8_t *end) {
  uint32_t v = 0;
  for (uint32_t shift = 0; *p < end; shift += 7) {
    uint8_t b = *(*p)++;
    if (shift < 32) v |= (uint32_t)(b & 0x7Fu) << shift;
    if (!(b & 0x80u)) break;
  }
  return v;
}

/* Marks the callees of one body; 0 when an opcode outside MVP + saturating conversions is met (then compile all). */
static int scan(IM3Module module, const uint8_t *p, const uint8_t *end) {
  leb(&p, end); /* wasm3's body starts at the code entry's size */
  for (uint32_t groups = leb(&p, end), g = 0; g < groups; g++) {
    leb(&p, end);
    p++;
  }
  while (p < end) {
    uint8_t op = *p++;
    if (op == 0x02 || op == 0x03 || op == 0x04) {
      if (*p == 0x40 || *p >= 0x6F) p++; else leb(&p, end);
    } else if (op == 0x0C || op == 0x0D || (op >= 0x20 && op <= 0x24) || op == 0x41 || op == 0x42) {
      leb(&p, end);
    } else if (op == 0x0E) {
      for (uint32_t n = leb(&p, end), k = 0; k <= n; k++) leb(&p, end);
    } else if (op == 0x10) {
      uint32_t callee = leb(&p, end);
      if (callee < module->numFunctions) set_bit(marked, callee);
    } else if (op == 0x11 || (op >= 0x28 && op <= 0x3E)) {
      leb(&p, end);
      leb(&p, end);
    } else if (op == 0x1C) {
      p += leb(&p, end);
    } else if (op == 0x3F || op == 0x40) {
      p++;
    } else if (op == 0x43) {
      p += 4;
    } else if (op == 0x44) {
      p += 8;
    } else if (op == 0xFC) {
      if (leb(&p, end) > 7u) return 0;
    } else if (op > 0xC4) {
      return 0;
    }
  }
  return 1;
}

M3Result wasm3_compile_reachable(IM3Runtime runtime, IM3Module module, const char *const *names, unsigned count, unsigned *compiled) {
  *compiled = 0;
  if (module->numFunctions > MAX_FUNCTIONS) return m3_CompileModule(module);
  memset(marked, 0, sizeof marked);
  memset(scanned, 0, sizeof scanned);
  for (unsigned k = 0; k < count; k++) {
    IM3Function f = NULL;
    M3Result r = m3_FindFunction(&f, runtime, names[k]);
    if (r != m3Err_none) return r;
    set_bit(marked, (uint32_t)(f - module->functions));
  }
  if (module->startFunction >= 0) set_bit(marked, (uint32_t)module->startFunction);
  for (uint32_t t = 0; t < module->numTables; t++)
    for (uint32_t e = 0; e < module->tables[t].size; e++)
      if (module->tables[t].elements[e] != NULL) set_bit(marked, (uint32_t)((IM3Function)module->tables[t].elements[e] - module->functions));
  /* To a fixed point: each pass scans the bodies marked since the last; the call depth bounds the passes. */
  for (int changed = 1; changed;) {
    changed = 0;
    for (uint32_t k = 0; k < module->numFunctions; k++) {
      IM3Function f = &module->functions[k];
      if (!bit(marked, k) || bit(scanned, k)) continue;
      set_bit(scanned, k);
      changed = 1;
      if (f->wasm != NULL && !scan(module, f->wasm, f->wasmEnd)) return m3_CompileModule(module);
    }
  }
  for (uint32_t k = 0; k < module->numFunctions; k++) {
    IM3Function f = &module->functions[k];
    if (!bit(marked, k) || f->wasm == NULL || f->compiled != NULL) continue;
    M3Result r = CompileFunction(f);
    if (r != m3Err_none) return r;
    (*compiled)++;
  }
  return m3Err_none;
}
