/* Board helpers shared by every board: console lines and integer formatting. */
#include <string.h>
#include "board.h"

void board_console_puts(const char *line) {
  board_console_write(line, strlen(line));
  board_console_write("\n", 1);
}

/* Writes the decimal digits and a NUL; returns the NUL's position so callers can append. */
char *fmt_i64(char *out, int64_t value) {
  char digits[21];
  int n = 0;
  uint64_t magnitude = value < 0 ? (uint64_t)0 - (uint64_t)value : (uint64_t)value;
  do {
    digits[n++] = (char)('0' + magnitude % 10u);
    magnitude /= 10u;
  } while (magnitude != 0);
  if (value < 0) *out++ = '-';
  while (n > 0) *out++ = digits[--n];
  *out = '\0';
  return out;
}

void board_console_value(const char *prefix, const char *key, int64_t value) {
  char line[80];
  char *p = line, *end = line + sizeof line - 22; /* room for the digits */
  while (*prefix && p < end) *p++ = *prefix++;
  while (*key && p < end) *p++ = *key++;
  *p++ = ' ';
  fmt_i64(p, value);
  board_console_puts(line);
}

void board_fault(const char *what, const char *detail) {
  board_console_write("FAULT ", 6);
  board_console_write(what, strlen(what));
  board_console_write(": ", 2);
  board_console_puts(detail);
  board_exit(3);
}
