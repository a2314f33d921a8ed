/* Compiles at boot exactly the functions the board can run: those reachable from the exports it calls. */
#ifndef WASM3_REACH_H
#define WASM3_REACH_H
#include "wasm3.h"

/* Marks the exports in `names`, the start function and every table element, follows every `call` of a marked body,
   and compiles the marked functions (m3Err_none, or the first error). *compiled receives how many were compiled. */
M3Result wasm3_compile_reachable(IM3Runtime runtime, IM3Module module, const char *const *names, unsigned count, unsigned *compiled);

#endif
