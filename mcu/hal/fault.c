/* Fault device: hal.abort, a failed firmware assertion; decodes the AssemblyScript strings, reports and halts. */
#include "hal.h"
#include "../board/board.h"

/* UTF-16LE with the byte length at ptr-4; non-ASCII becomes '?', since the console is ASCII. */
static char *append_as_string(hal_t *hal, char *out, char *end, uint32_t ptr) {
  if (ptr <= 4u || ptr >= hal->memory.size) return out;
  const uint8_t *len_bytes = hal->memory.data + ptr - 4u;
  uint32_t len = (uint32_t)len_bytes[0] | (uint32_t)len_bytes[1] << 8 | (uint32_t)len_bytes[2] << 16 | (uint32_t)len_bytes[3] << 24;
  if ((uint64_t)ptr + len > hal->memory.size) return out;
  for (uint32_t k = 0; k + 1u < len && out < end; k += 2u) {
    uint32_t c = hal->memory.data[ptr + k] | (uint32_t)hal->memory.data[ptr + k + 1u] << 8;
    *out++ = c >= 32u && c < 127u ? (char)c : '?';
  }
  return out;
}

static char *append(char *out, char *end, const char *text) {
  while (*text && out < end) *out++ = *text++;
  return out;
}

void Z_halZ_abort(hal_t *hal, uint32_t msg_ptr, uint32_t file_ptr, uint32_t line, uint32_t col) {
  char text[200];
  char *end = text + sizeof text - 24;
  char *p = append_as_string(hal, text, end, msg_ptr);
  p = append(p, end, " at ");
  p = append_as_string(hal, p, end, file_ptr);
  *p++ = ':';
  p = fmt_i64(p, (int32_t)line);
  *p++ = ':';
  fmt_i64(p, (int32_t)col);
  board_fault("firmware abort", text);
}
