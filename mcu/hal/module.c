/* Module port device: the two module I/O lines' output levels, kept for the scenario report and handed to the board's pins. */
#include "hal.h"
#include "../board/board.h"

void Z_halZ_module_out(hal_t *hal, uint32_t line, uint32_t level) {
  if (line < 1 || line > 2) return; /* the firmware drives only lines 1 and 2; anything else is not a pin */
  uint32_t bit = 1u << (line - 1);
  if (level && !(hal->module_levels & bit)) hal->module_rises[line - 1]++;
  hal->module_levels = level ? (hal->module_levels | bit) : (hal->module_levels & ~bit);
  board_module_out(line, level != 0);
}
