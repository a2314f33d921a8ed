/* The C side of docs/HAL.md's `hal` imports: device state, and every import as wasm2c 1.0.32 names it (Z_halZ_*); wasm3 links the same functions. */
#ifndef HAL_H
#define HAL_H
#include <stdint.h>

/* HAL.md status codes (Err). */
enum { HAL_OK = 0, HAL_INVALID_ARGUMENT = 1, HAL_OUT_OF_RANGE = 2 };

#define HAL_LCD_MAX_BYTES 64u
#ifndef HAL_NVM_BYTES
#define HAL_NVM_BYTES (1024u * 1024u) /* the Node harness's NorFlash default, so both hosts boot the same store */
#endif
#define HAL_NVM_SECTOR_BYTES 4096u
#define HAL_FWSLOT_BYTES (34u * 4096u) /* one firmware slot, docs/UPDATE.md */

/* The firmware's linear memory, whichever runtime holds it: size 0 until the module is instantiated. */
typedef struct {
  uint8_t *data;
  uint64_t size;
} hal_memory_t;

/* wasm2c passes this to every import; one meter, so one instance. */
struct Z_hal_instance_t {
  hal_memory_t memory;      /* the firmware's memory, set after instantiation */
  uint32_t now_ms;          /* meter time since boot, advanced by whoever delivers the samples */
  int64_t rtc_base_ms;      /* UTC at meter time 0 */
  uint32_t adc_rate_hz, adc_block_pairs;
  uint32_t s0_pulses, s0_last_width_ms;
  uint32_t led_pulses, led_level;
  uint32_t lcd_writes, lcd_len;
  uint8_t lcd_bitmap[HAL_LCD_MAX_BYTES];
  uint32_t nvm_ops;
  uint32_t relay_closed, relay_operations;
  uint32_t fwslot_resets;
  uint32_t module_levels;     /* bit 0 I/O 1, bit 1 I/O 2, as last driven */
  uint32_t module_rises[2];   /* activations per line: the pulses of a module pulse output */
};
typedef struct Z_hal_instance_t hal_t;

void hal_init(hal_t *hal, int64_t start_utc_s, uint32_t relay_closed);
/* Host pointer to len bytes of firmware memory at ptr; a fault when the firmware passes a range outside it. */
uint8_t *hal_bytes(hal_t *hal, uint32_t ptr, uint32_t len);
void hal_nvm_reset(void);
/* The boot stage's view of the firmware slots (mcu/boot): a slot's bytes, programming a boot word (NOR: clears bits
   only), and the slot it started, which fwslot_running reports (-1: the built-in image). */
const uint8_t *hal_fwslot_bytes(uint32_t slot);
void hal_fwslot_mark(uint32_t slot, uint32_t offset);
void hal_fwslot_set_running(int32_t slot);
/* CRC-32 (IEEE, as zlib) of the whole NVM image: what a scenario compares with the Node host's NorFlash. */
uint32_t hal_nvm_crc32(void);

/* Every import of HAL.md, declared here too, so a module that does not import one yet still gets it linked. */
void Z_halZ_abort(hal_t *, uint32_t msg_ptr, uint32_t file_ptr, uint32_t line, uint32_t col);
uint32_t Z_halZ_adc_config(hal_t *, uint32_t rate_hz, uint32_t block_pairs);
uint64_t Z_halZ_rtc_read(hal_t *);
uint32_t Z_halZ_rtc_set(hal_t *, uint64_t utc_s);
void Z_halZ_s0_pulse(hal_t *, uint32_t width_ms);
void Z_halZ_led_pulse(hal_t *, uint32_t width_ms);
void Z_halZ_led_set(hal_t *, uint32_t on);
void Z_halZ_lcd_write(hal_t *, uint32_t ptr, uint32_t len);
uint32_t Z_halZ_nvm_size(hal_t *);
uint32_t Z_halZ_nvm_sector_size(hal_t *);
uint32_t Z_halZ_nvm_read(hal_t *, uint32_t addr, uint32_t ptr, uint32_t len);
uint32_t Z_halZ_nvm_program(hal_t *, uint32_t addr, uint32_t ptr, uint32_t len);
uint32_t Z_halZ_nvm_erase(hal_t *, uint32_t sector);
uint32_t Z_halZ_uart_tx(hal_t *, uint32_t port, uint32_t ptr, uint32_t len);
uint32_t Z_halZ_uart_config(hal_t *, uint32_t port, uint32_t baud, uint32_t format);
void Z_halZ_relay_drive(hal_t *, uint32_t close, uint32_t width_ms);
uint32_t Z_halZ_relay_position(hal_t *);
uint32_t Z_halZ_fwslot_read(hal_t *, uint32_t slot, uint32_t offset, uint32_t ptr, uint32_t len);
uint32_t Z_halZ_fwslot_program(hal_t *, uint32_t slot, uint32_t offset, uint32_t ptr, uint32_t len);
uint32_t Z_halZ_fwslot_erase(hal_t *, uint32_t slot, uint32_t sector);
uint32_t Z_halZ_fwslot_running(hal_t *);
void Z_halZ_fwslot_reset(hal_t *);
void Z_halZ_module_out(hal_t *, uint32_t line, uint32_t level);

#endif
