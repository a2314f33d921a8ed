// LCD bitmap: the 9-digit value field and the supply/phase-current indicators (layout in docs/LCD.md).
import { lcdWrite } from "../hal/lcd";

export const LCD_BYTES: i32 = 16;
export const LCD_VALUE_DIGITS: i32 = 9;
// Byte 15 holds the indicators this build drives; the display subsystem owns the rest of the map.
export const LCD_INDICATOR_BYTE: i32 = 15;
export const LCD_SUPPLY_BIT: u8 = 1;
export const LCD_PHASE_CURRENT_BIT: u8 = 2;

const BITMAP: usize = memory.data(LCD_BYTES);
// Seven-segment font, bit 0 = a (top) .. bit 6 = g (middle), digits 0..9.
const FONT: usize = memory.data<u8>([0x3f, 0x06, 0x5b, 0x4f, 0x66, 0x6d, 0x7d, 0x07, 0x7f, 0x6f]);

export function lcdAllSegments(): void {
  memory.fill(BITMAP, 0xff, LCD_BYTES);
  lcdWrite(BITMAP, LCD_BYTES);
}

// Right-aligned value without leading zeros; digit 0 is the leftmost.
export function lcdShowValue(value: u64, indicators: i32): void {
  memory.fill(BITMAP, 0, LCD_BYTES);
  let rest = value;
  for (let d = LCD_VALUE_DIGITS - 1; d >= 0; d--) {
    store<u8>(BITMAP + <usize>d, load<u8>(FONT + <usize>(rest % 10)));
    rest /= 10;
    if (rest == 0) break;
  }
  let flags: u8 = 0;
  if ((indicators & 1) != 0) flags |= LCD_SUPPLY_BIT;
  if ((indicators & 2) != 0) flags |= LCD_PHASE_CURRENT_BIT;
  store<u8>(BITMAP + <usize>LCD_INDICATOR_BYTE, flags);
  lcdWrite(BITMAP, LCD_BYTES);
}
