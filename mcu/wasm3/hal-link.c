/* The `hal` imports for wasm3: each raw function unpacks wasm3's stack slots and calls the same C HAL as wasm2c (mcu/hal). */
#include "wasm3.h"
#include "hal-link.h"

/* One meter per board: the raw functions reach its HAL state through the import's user data. */
#define HAL ((hal_t *)_ctx->userdata)

m3ApiRawFunction(link_abort) {
  m3ApiGetArg(uint32_t, msg_ptr);
  m3ApiGetArg(uint32_t, file_ptr);
  m3ApiGetArg(uint32_t, line);
  m3ApiGetArg(uint32_t, col);
  Z_halZ_abort(HAL, msg_ptr, file_ptr, line, col);
  m3ApiTrap(m3Err_trapAbort);
}

m3ApiRawFunction(link_adc_config) {
  m3ApiReturnType(uint32_t);
  m3ApiGetArg(uint32_t, rate_hz);
  m3ApiGetArg(uint32_t, block_pairs);
  m3ApiReturn(Z_halZ_adc_config(HAL, rate_hz, block_pairs));
}

m3ApiRawFunction(link_rtc_read) {
  m3ApiReturnType(uint64_t);
  m3ApiReturn(Z_halZ_rtc_read(HAL));
}

m3ApiRawFunction(link_rtc_set) {
  m3ApiReturnType(uint32_t);
  m3ApiGetArg(uint64_t, utc_s);
  m3ApiReturn(Z_halZ_rtc_set(HAL, utc_s));
}

m3ApiRawFunction(link_s0_pulse) {
  m3ApiGetArg(uint32_t, width_ms);
  Z_halZ_s0_pulse(HAL, width_ms);
  m3ApiSuccess();
}

m3ApiRawFunction(link_led_pulse) {
  m3ApiGetArg(uint32_t, width_ms);
  Z_halZ_led_pulse(HAL, width_ms);
  m3ApiSuccess();
}

m3ApiRawFunction(link_led_set) {
  m3ApiGetArg(uint32_t, on);
  Z_halZ_led_set(HAL, on);
  m3ApiSuccess();
}

/* Buffers stay (ptr, len) offsets: hal_bytes() checks them against the memory, which wasm3's helpers would not. */
m3ApiRawFunction(link_lcd_write) {
  m3ApiGetArg(uint32_t, ptr);
  m3ApiGetArg(uint32_t, len);
  Z_halZ_lcd_write(HAL, ptr, len);
  m3ApiSuccess();
}

m3ApiRawFunction(link_nvm_size) {
  m3ApiReturnType(uint32_t);
  m3ApiReturn(Z_halZ_nvm_size(HAL));
}

m3ApiRawFunction(link_nvm_sector_size) {
  m3ApiReturnType(uint32_t);
  m3ApiReturn(Z_halZ_nvm_sector_size(HAL));
}

m3ApiRawFunction(link_nvm_read) {
  m3ApiReturnType(uint32_t);
  m3ApiGetArg(uint32_t, addr);
  m3ApiGetArg(uint32_t, ptr);
  m3ApiGetArg(uint32_t, len);
  m3ApiReturn(Z_halZ_nvm_read(HAL, addr, ptr, len));
}

m3ApiRawFunction(link_nvm_program) {
  m3ApiReturnType(uint32_t);
  m3ApiGetArg(uint32_t, addr);
  m3ApiGetArg(uint32_t, ptr);
  m3ApiGetArg(uint32_t, len);
  m3ApiReturn(Z_halZ_nvm_program(HAL, addr, ptr, len));
}

m3ApiRawFunction(link_nvm_erase) {
  m3ApiReturnType(uint32_t);
  m3ApiGetArg(uint32_t, sector);
  m3ApiReturn(Z_halZ_nvm_erase(HAL, sector));
}

m3ApiRawFunction(link_uart_tx) {
  m3ApiReturnType(uint32_t);
  m3ApiGetArg(uint32_t, port);
  m3ApiGetArg(uint32_t, ptr);
  m3ApiGetArg(uint32_t, len);
  m3ApiReturn(Z_halZ_uart_tx(HAL, port, ptr, len));
}

m3ApiRawFunction(link_relay_drive) {
  m3ApiGetArg(uint32_t, close);
  m3ApiGetArg(uint32_t, width_ms);
  Z_halZ_relay_drive(HAL, close, width_ms);
  m3ApiSuccess();
}

m3ApiRawFunction(link_relay_position) {
  m3ApiReturnType(uint32_t);
  m3ApiReturn(Z_halZ_relay_position(HAL));
}

m3ApiRawFunction(link_uart_config) {
  m3ApiReturnType(uint32_t);
  m3ApiGetArg(uint32_t, port);
  m3ApiGetArg(uint32_t, baud);
  m3ApiGetArg(uint32_t, format);
  m3ApiReturn(Z_halZ_uart_config(HAL, port, baud, format));
}

m3ApiRawFunction(link_fwslot_read) {
  m3ApiReturnType(uint32_t);
  m3ApiGetArg(uint32_t, slot);
  m3ApiGetArg(uint32_t, offset);
  m3ApiGetArg(uint32_t, ptr);
  m3ApiGetArg(uint32_t, len);
  m3ApiReturn(Z_halZ_fwslot_read(HAL, slot, offset, ptr, len));
}

m3ApiRawFunction(link_fwslot_program) {
  m3ApiReturnType(uint32_t);
  m3ApiGetArg(uint32_t, slot);
  m3ApiGetArg(uint32_t, offset);
  m3ApiGetArg(uint32_t, ptr);
  m3ApiGetArg(uint32_t, len);
  m3ApiReturn(Z_halZ_fwslot_program(HAL, slot, offset, ptr, len));
}

m3ApiRawFunction(link_fwslot_erase) {
  m3ApiReturnType(uint32_t);
  m3ApiGetArg(uint32_t, slot);
  m3ApiGetArg(uint32_t, sector);
  m3ApiReturn(Z_halZ_fwslot_erase(HAL, slot, sector));
}

m3ApiRawFunction(link_fwslot_running) {
  m3ApiReturnType(uint32_t);
  m3ApiReturn(Z_halZ_fwslot_running(HAL));
}

m3ApiRawFunction(link_fwslot_reset) {
  Z_halZ_fwslot_reset(HAL);
  m3ApiSuccess();
}

m3ApiRawFunction(link_module_out) {
  m3ApiGetArg(uint32_t, line);
  m3ApiGetArg(uint32_t, level);
  Z_halZ_module_out(HAL, line, level);
  m3ApiSuccess();
}

/* Signatures as docs/PORTING.md lists them: v no result, i i32, I i64, parameters in parentheses. */
static const struct {
  const char *name, *signature;
  M3RawCall function;
} imports[] = {
  { "abort", "v(iiii)", link_abort },
  { "adc_config", "i(ii)", link_adc_config },
  { "rtc_read", "I()", link_rtc_read },
  { "rtc_set", "i(I)", link_rtc_set },
  { "s0_pulse", "v(i)", link_s0_pulse },
  { "led_pulse", "v(i)", link_led_pulse },
  { "led_set", "v(i)", link_led_set },
  { "lcd_write", "v(ii)", link_lcd_write },
  { "nvm_size", "i()", link_nvm_size },
  { "nvm_sector_size", "i()", link_nvm_sector_size },
  { "nvm_read", "i(iii)", link_nvm_read },
  { "nvm_program", "i(iii)", link_nvm_program },
  { "nvm_erase", "i(i)", link_nvm_erase },
  { "uart_tx", "i(iii)", link_uart_tx },
  { "relay_drive", "v(ii)", link_relay_drive },
  { "relay_position", "i()", link_relay_position },
  { "uart_config", "i(iii)", link_uart_config },
  { "fwslot_read", "i(iiii)", link_fwslot_read },
  { "fwslot_program", "i(iiii)", link_fwslot_program },
  { "fwslot_erase", "i(ii)", link_fwslot_erase },
  { "fwslot_running", "i()", link_fwslot_running },
  { "fwslot_reset", "v()", link_fwslot_reset },
  { "module_out", "v(ii)", link_module_out },
};

/* Every import of HAL.md is offered; one the module does not import yet is not an error, so a newer firmware finds it. */
const char *hal_link_wasm3(IM3Module module, hal_t *hal) {
  for (unsigned k = 0; k < sizeof imports / sizeof imports[0]; k++) {
    M3Result r = m3_LinkRawFunctionEx(module, "hal", imports[k].name, imports[k].signature, imports[k].function, hal);
    if (r != m3Err_none && r != m3Err_functionLookupFailed) return r;
  }
  return m3Err_none;
}
