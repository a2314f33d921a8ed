/* Links the C HAL (mcu/hal) into a wasm3 module as its `hal` imports. */
#ifndef HAL_LINK_H
#define HAL_LINK_H
#include "wasm3.h"
#include "hal/hal.h"

/* Returns m3Err_none or the first link error other than an import the module does not have. */
const char *hal_link_wasm3(IM3Module module, hal_t *hal);

#endif
