// LCD bitmap: the 32-byte segment map of docs/LCD.md, its seven-segment font and the drawing primitives.
import { lcdWrite } from "../hal/lcd";

export const LCD_BYTES: i32 = 32;
export const LCD_VALUE_DIGITS: i32 = 9;
export const LCD_ID_DIGITS: i32 = 7;
export const LCD_TEXT_CHARS: i32 = 6;

// Byte offsets of the fields. Bytes 0..8 and 15 keep the places of the first 16-byte map so old
// decoders still read the value and the two indicators.
export const LCD_VALUE_BYTE: i32 = 0;
export const LCD_COLON_BYTE: i32 = 9;
export const LCD_UNIT_BYTE: i32 = 10;
export const LCD_UNIT2_BYTE: i32 = 11;
export const LCD_QUADRANT_BYTE: i32 = 12;
export const LCD_SYMBOL_BYTE: i32 = 13;
export const LCD_MODE_BYTE: i32 = 14;
export const LCD_INDICATOR_BYTE: i32 = 15;
export const LCD_ID_BYTE: i32 = 16;
export const LCD_TEXT_BYTE: i32 = 23;

// Byte 9: the two colons of the value field used for times (hh:mm:ss in digits 3..8).
export const COLON_AFTER_DIGIT4: u8 = 1;
export const COLON_AFTER_DIGIT6: u8 = 2;

// Bytes 10 and 11: unit segments; a unit is the set of segments lit together (kWh = k + W + h).
export const UNIT_K: i32 = 0x001;
export const UNIT_W: i32 = 0x002;
export const UNIT_VAR: i32 = 0x004;
export const UNIT_V: i32 = 0x008;
export const UNIT_A: i32 = 0x010;
export const UNIT_H: i32 = 0x020;
export const UNIT_HZ: i32 = 0x040;
export const UNIT_PERCENT: i32 = 0x080;
export const UNIT_COS_PHI: i32 = 0x100;

// Byte 12: quadrant arrows (low nibble) and tariff marks T1..T4 (high nibble).
export const QUAD_P_IMPORT: u8 = 0x01;
export const QUAD_P_EXPORT: u8 = 0x02;
export const QUAD_Q_POSITIVE: u8 = 0x04;
export const QUAD_Q_NEGATIVE: u8 = 0x08;
export const TARIFF_SHIFT: i32 = 4;

// Byte 13: symbols.
export const SYM_ERROR: u8 = 0x01;
export const SYM_BREAKER_CLOSED: u8 = 0x02;
export const SYM_BREAKER_OPEN: u8 = 0x04;
export const SYM_TAMPER: u8 = 0x08;
export const SYM_RADIO: u8 = 0x10;
export const SYM_PREPAYMENT: u8 = 0x20;
export const SYM_MODULE1: u8 = 0x40;
export const SYM_MODULE2: u8 = 0x80;

// Byte 14: which list is on screen.
export const MODE_BATTERY: u8 = 0x01;
export const MODE_MANUAL: u8 = 0x02;

// Byte 15: the indicators (unchanged from the first map).
export const LCD_SUPPLY_BIT: u8 = 1;
export const LCD_PHASE_CURRENT_BIT: u8 = 2;

export const SEG_DP: u8 = 0x80;
export const GLYPH_MINUS: u8 = 0x40;
export const GLYPH_BLANK: u8 = 0x00;

export const BITMAP: usize = memory.data(LCD_BYTES);

// Seven-segment glyphs for ASCII 0x20..0x7f, bit 0 = a (top) .. bit 6 = g (middle). Letters the
// segments cannot draw are blank; lower and upper case share a glyph where only one shape exists.
const GLYPHS: usize = memory.data<u8>([
  // 0x20 ' ' ! " # $ % & ' ( ) * + , - . /
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x39, 0x0f, 0x00, 0x00, 0x00, 0x40, 0x00, 0x00,
  // 0x30 0..9 : ; < = > ?
  0x3f, 0x06, 0x5b, 0x4f, 0x66, 0x6d, 0x7d, 0x07, 0x7f, 0x6f, 0x00, 0x00, 0x00, 0x48, 0x00, 0x00,
  // 0x40 @ A B C D E F G H I J K L M N O
  0x00, 0x77, 0x7c, 0x39, 0x5e, 0x79, 0x71, 0x3d, 0x76, 0x30, 0x1e, 0x00, 0x38, 0x00, 0x54, 0x3f,
  // 0x50 P Q R S T U V W X Y Z [ \ ] ^ _
  0x73, 0x00, 0x50, 0x6d, 0x78, 0x3e, 0x00, 0x00, 0x00, 0x6e, 0x00, 0x39, 0x00, 0x0f, 0x00, 0x08,
  // 0x60 ` a b c d e f g h i j k l m n o
  0x00, 0x77, 0x7c, 0x58, 0x5e, 0x79, 0x71, 0x3d, 0x74, 0x10, 0x1e, 0x00, 0x38, 0x00, 0x54, 0x5c,
  // 0x70 p q r s t u v w x y z { | } ~ DEL
  0x73, 0x67, 0x50, 0x6d, 0x78, 0x1c, 0x00, 0x00, 0x00, 0x6e, 0x00, 0x00, 0x30, 0x00, 0x00, 0x00,
]);

export function glyphOf(ascii: i32): u8 {
  if (ascii < 0x20 || ascii > 0x7f) return GLYPH_BLANK;
  return load<u8>(GLYPHS + <usize>(ascii - 0x20));
}

export function glyphOfDigit(digit: i32): u8 {
  return load<u8>(GLYPHS + <usize>(0x10 + digit));
}

// Hex digits draw A b C d E F so b/d are not mistaken for 6/0.
export function glyphOfHex(nibble: i32): u8 {
  if (nibble < 10) return glyphOfDigit(nibble);
  return load<u8>(GLYPHS + <usize>(0x41 - 0x20 + nibble - 10));
}

// These three a word at a time: the display redraws twice a second or more.
export function bitmapClear(): void {
  for (let k = 0; k < LCD_BYTES; k += 8) store<u64>(BITMAP + <usize>k, 0);
}

export function bitmapSame(other: usize): bool {
  for (let k = 0; k < LCD_BYTES; k += 8) if (load<u64>(BITMAP + <usize>k) != load<u64>(other + <usize>k)) return false;
  return true;
}

export function bitmapCopyTo(dst: usize): void {
  for (let k = 0; k < LCD_BYTES; k += 8) store<u64>(dst + <usize>k, load<u64>(BITMAP + <usize>k));
}

export function bitmapByte(offset: i32): u8 {
  return load<u8>(BITMAP + <usize>offset);
}

export function bitmapSetByte(offset: i32, bits: u8): void {
  store<u8>(BITMAP + <usize>offset, bits);
}

export function bitmapOr(offset: i32, bits: u8): void {
  store<u8>(BITMAP + <usize>offset, load<u8>(BITMAP + <usize>offset) | bits);
}

export function setValueDigit(digit: i32, glyph: u8): void {
  store<u8>(BITMAP + <usize>(LCD_VALUE_BYTE + digit), glyph);
}

export function valueDigitPoint(digit: i32): void {
  bitmapOr(LCD_VALUE_BYTE + digit, SEG_DP);
}

export function setIdDigit(digit: i32, glyph: u8): void {
  store<u8>(BITMAP + <usize>(LCD_ID_BYTE + digit), glyph);
}

export function setTextChar(index: i32, glyph: u8): void {
  store<u8>(BITMAP + <usize>(LCD_TEXT_BYTE + index), glyph);
}

export function setUnit(unitMask: i32): void {
  store<u8>(BITMAP + <usize>LCD_UNIT_BYTE, <u8>(unitMask & 0xff));
  store<u8>(BITMAP + <usize>LCD_UNIT2_BYTE, <u8>((unitMask >> 8) & 0xff));
}

export function bitmapFlush(): void {
  lcdWrite(BITMAP, LCD_BYTES);
}

// Display test: every segment, reserved bits included, so a stuck driver line shows.
