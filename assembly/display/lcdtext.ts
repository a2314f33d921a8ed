// Spec helper: reads the bitmap back as text, independently of the font tables, so a wrong segment fails a spec.
// Only the specs import this file; it allocates strings and is never part of the firmware.
import {
  BITMAP, LCD_VALUE_DIGITS, LCD_ID_DIGITS, LCD_TEXT_CHARS, LCD_ID_BYTE, LCD_TEXT_BYTE, LCD_COLON_BYTE,
  LCD_UNIT_BYTE, LCD_UNIT2_BYTE,
} from "./segments";

function at(offset: i32): i32 {
  return <i32>load<u8>(BITMAP + <usize>offset);
}

// Segment patterns a..g written out by hand (bit 0 = a .. bit 6 = g).
function digitChar(seg: i32): string {
  switch (seg) {
    case 0x00: return " ";
    case 0x3f: return "0";
    case 0x06: return "1";
    case 0x5b: return "2";
    case 0x4f: return "3";
    case 0x66: return "4";
    case 0x6d: return "5";
    case 0x7d: return "6";
    case 0x07: return "7";
    case 0x7f: return "8";
    case 0x6f: return "9";
    case 0x40: return "-";
    case 0x77: return "A";
    case 0x7c: return "b";
    case 0x39: return "C";
    case 0x5e: return "d";
    case 0x79: return "E";
    case 0x71: return "F";
  }
  return "?";
}

function letterChar(seg: i32): string {
  switch (seg) {
    case 0x00: return " ";
    case 0x77: return "A";
    case 0x7c: return "b";
    case 0x39: return "C";
    case 0x58: return "c";
    case 0x5e: return "d";
    case 0x79: return "E";
    case 0x71: return "F";
    case 0x76: return "H";
    case 0x74: return "h";
    case 0x10: return "i";
    case 0x38: return "L";
    case 0x54: return "n";
    case 0x5c: return "o";
    case 0x73: return "P";
    case 0x50: return "r";
    case 0x6d: return "S";
    case 0x78: return "t";
    case 0x1c: return "u";
    case 0x3e: return "U";
  }
  return "?";
}

// The 9 value digits, a '.' after a digit with its point, ':' for the colons of byte 9.
export function valueText(): string {
  let s = "";
  const colons = at(LCD_COLON_BYTE);
  for (let d = 0; d < LCD_VALUE_DIGITS; d++) {
    const seg = at(d);
    s += digitChar(seg & 0x7f);
    if ((seg & 0x80) != 0) s += ".";
    if ((d == 4 && (colons & 1) != 0) || (d == 6 && (colons & 2) != 0)) s += ":";
  }
  return s;
}

// The identification field without trailing blanks, e.g. "1.8.0".
export function idText(): string {
  let s = "";
  for (let d = 0; d < LCD_ID_DIGITS; d++) {
    const seg = at(LCD_ID_BYTE + d);
    s += digitChar(seg & 0x7f);
    if ((seg & 0x80) != 0) s += ".";
  }
  return s.trimEnd();
}

export function textText(): string {
  let s = "";
  for (let k = 0; k < LCD_TEXT_CHARS; k++) s += letterChar(at(LCD_TEXT_BYTE + k) & 0x7f);
  return s.trimEnd();
}

// Unit segments in reading order: k W var V A h Hz % cos.
export function unitText(): string {
  const m = at(LCD_UNIT_BYTE) | (at(LCD_UNIT2_BYTE) << 8);
  let s = "";
  if ((m & 0x100) != 0) s += "cos";
  if ((m & 0x01) != 0) s += "k";
  if ((m & 0x02) != 0) s += "W";
  if ((m & 0x04) != 0) s += "var";
  if ((m & 0x08) != 0) s += "V";
  if ((m & 0x10) != 0) s += "A";
  if ((m & 0x20) != 0) s += "h";
  if ((m & 0x40) != 0) s += "Hz";
  if ((m & 0x80) != 0) s += "%";
  return s;
}

export function bitOn(offset: i32, mask: i32): bool {
  return (at(offset) & mask) != 0;
}

export function allOn(): bool {
  for (let k = 0; k < 32; k++) if (at(k) != 0xff) return false;
  return true;
}

export function allOff(): bool {
  for (let k = 0; k < 32; k++) if (at(k) != 0) return false;
  return true;
}
