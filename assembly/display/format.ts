// Draws one reading into the value, unit, identification and text fields: Z1 decimals, truncation, roll-over.
import { Err } from "../errors";
import {
  LCD_VALUE_DIGITS, LCD_ID_DIGITS, LCD_ID_BYTE, LCD_TEXT_CHARS, LCD_COLON_BYTE, COLON_AFTER_DIGIT4, COLON_AFTER_DIGIT6,
  GLYPH_MINUS, SEG_DP, setValueDigit, valueDigitPoint, setIdDigit, setTextChar, setUnit, bitmapOr,
  glyphOf, glyphOfDigit, glyphOfHex,
} from "./segments";
import {
  Format, Text, OBIS_C, OBIS_F, readingFormat, readingDiv, readingDecimals, readingUnit, readingText,
  obisC, obisD, obisE, unitMask, textChar, valueOf, valueIsSet, pow10, readingIsBilling,
} from "./readings";

// Z1 "Decimals in display": code 1 7.0, 2 6.1, 3 7.2, 4 6.3 (integer digits . decimals).
export const enum Decimals {
  D7_0 = 1,
  D6_1 = 2,
  D7_2 = 3,
  D6_3 = 4,
}

let decimalsCode: Decimals = Decimals.D7_0;

export function setDecimals(code: i32): Err {
  if (code < <i32>Decimals.D7_0 || code > <i32>Decimals.D6_3) return Err.OUT_OF_RANGE;
  decimalsCode = <Decimals>code;
  return Err.OK;
}

export function decimals(): Decimals {
  return decimalsCode;
}

export function energyIntegerDigits(): i32 {
  return decimalsCode == Decimals.D7_0 || decimalsCode == Decimals.D7_2 ? 7 : 6;
}

export function energyDecimalDigits(): i32 {
  return <i32>decimalsCode - 1;
}

const LAST_DIGIT: i32 = LCD_VALUE_DIGITS - 1;

// Digits of `magnitude` right-aligned ending at `lastDigit`: at least minDigits (leading zeros), at
// most maxDigits, so a value too long for the field shows its low digits. Returns the leftmost digit used.
function drawNumber(magnitude: u64, minDigits: i32, maxDigits: i32, lastDigit: i32): i32 {
  let rest = magnitude;
  let count = 0;
  while (count < maxDigits && lastDigit - count >= 0) {
    setValueDigit(lastDigit - count, glyphOfDigit(<i32>(rest % 10)));
    rest /= 10;
    count++;
    if (rest == 0 && count >= minDigits) break;
  }
  return lastDigit - count + 1;
}

function drawDashes(first: i32, last: i32): void {
  for (let d = first; d <= last; d++) setValueDigit(d, GLYPH_MINUS);
}

function drawEnergy(wh: i64): void {
  const dec = energyDecimalDigits();
  const digits = energyIntegerDigits() + dec;
  // Integer division truncates: the meter never shows energy it has not yet registered.
  const shown = <u64>(wh / pow10(3 - dec)) % <u64>pow10(digits);
  drawNumber(shown, dec + 1, digits, LAST_DIGIT);
  if (dec > 0) valueDigitPoint(LAST_DIGIT - dec);
}

function drawFixed(value: i64, div: i32, dec: i32): void {
  const shown = value / pow10(div); // truncates toward zero, for negative values too
  const negative = shown < 0;
  const left = drawNumber(<u64>(negative ? -shown : shown), dec + 1, LCD_VALUE_DIGITS - 1, LAST_DIGIT);
  if (negative && left > 0) setValueDigit(left - 1, GLYPH_MINUS);
  if (dec > 0) valueDigitPoint(LAST_DIGIT - dec);
}

function drawTwo(value: i32, firstDigit: i32): void {
  setValueDigit(firstDigit, glyphOfDigit(value / 10 % 10));
  setValueDigit(firstDigit + 1, glyphOfDigit(value % 10));
}

// yy-mm-dd in digits 1..8.
function drawDate(yymmdd: i64): void {
  const v = <i32>yymmdd;
  if (v == 0) {
    drawDashes(1, LAST_DIGIT);
    return;
  }
  drawTwo(v / 10000, 1);
  setValueDigit(3, GLYPH_MINUS);
  drawTwo(v / 100 % 100, 4);
  setValueDigit(6, GLYPH_MINUS);
  drawTwo(v % 100, 7);
}

// hh:mm:ss in digits 3..8 with the two colons of byte 9.
function drawTime(hhmmss: i64): void {
  const v = <i32>hhmmss;
  drawTwo(v / 10000, 3);
  drawTwo(v / 100 % 100, 5);
  drawTwo(v % 100, 7);
  bitmapOr(LCD_COLON_BYTE, COLON_AFTER_DIGIT4 | COLON_AFTER_DIGIT6);
}

function drawHex(value: i64): void {
  const v = <u32>value;
  for (let k = 0; k < 8; k++) setValueDigit(LAST_DIGIT - k, glyphOfHex(<i32>((v >> (<u32>k << 2)) & 15)));
}

// M.mm.pp: points after the major and minor numbers.
function drawVersion(value: i64): void {
  drawNumber(<u64>value, 5, 6, LAST_DIGIT);
  valueDigitPoint(LAST_DIGIT - 4);
  valueDigitPoint(LAST_DIGIT - 2);
}

export function drawValue(id: i32): void {
  if (!valueIsSet(id)) {
    drawDashes(1, LAST_DIGIT);
    return;
  }
  const value = valueOf(id);
  switch (readingFormat(id)) {
    case Format.ENERGY: drawEnergy(value); break;
    case Format.FIXED: drawFixed(value, readingDiv(id), readingDecimals(id)); break;
    case Format.DATE: drawDate(value); break;
    case Format.TIME: drawTime(value); break;
    case Format.PLAIN: drawNumber(<u64>value, 1, LCD_VALUE_DIGITS, LAST_DIGIT); break;
    case Format.VERSION: drawVersion(value); break;
    case Format.HEX: drawHex(value); break;
  }
}

// One OBIS value group from `digit` on; 96 and 97 are the letters C and F. Returns the next free digit.
function drawObisGroup(group: i32, digit: i32): i32 {
  if (group == <i32>OBIS_C || group == <i32>OBIS_F) {
    setIdDigit(digit, glyphOf(group == <i32>OBIS_C ? 0x43 : 0x46));
    return digit + 1;
  }
  let d = digit;
  if (group >= 100) setIdDigit(d++, glyphOfDigit(group / 100));
  if (group >= 10) setIdDigit(d++, glyphOfDigit(group / 10 % 10));
  setIdDigit(d++, glyphOfDigit(group % 10));
  return d;
}

export function idPoint(digit: i32): void {
  bitmapOr(LCD_ID_BYTE + digit, SEG_DP);
}

// C.D.E left-aligned in the identification field, with its two dots; a value of the last billing period
// adds .01 (docs/LCD.md: F = 101 of IEC 62056-61, "one period back", shown as two digits).
export function drawObis(id: i32): void {
  let d = drawObisGroup(obisC(id), 0);
  idPoint(d - 1);
  d = drawObisGroup(obisD(id), d);
  idPoint(d - 1);
  d = drawObisGroup(obisE(id), d);
  if (!readingIsBilling(id)) return;
  idPoint(d - 1);
  setIdDigit(d, glyphOfDigit(0));
  setIdDigit(d + 1, glyphOfDigit(1));
}

export function drawText(text: Text): void {
  for (let k = 0; k < LCD_TEXT_CHARS; k++) setTextChar(k, glyphOf(textChar(text, k)));
}

// Value, unit, OBIS code and text of one reading; the caller has cleared the bitmap.
export function drawReading(id: i32): void {
  drawValue(id);
  setUnit(unitMask(readingUnit(id)));
  drawObis(id);
  drawText(readingText(id));
}

// The widest OBIS code must fit the 7-digit identification field (checked by the specs for every id).
export function obisDigits(id: i32): i32 {
  let n = 0;
  for (let g = 0; g < 3; g++) {
    const v = g == 0 ? obisC(id) : g == 1 ? obisD(id) : obisE(id);
    n += v == <i32>OBIS_C || v == <i32>OBIS_F ? 1 : v >= 100 ? 3 : v >= 10 ? 2 : 1;
  }
  if (readingIsBilling(id)) n += 2;
  return n <= LCD_ID_DIGITS ? n : -n;
}
