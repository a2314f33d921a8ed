// Renders the LCD bitmap (docs/LCD.md) as an SVG picture of the meter's display; unlit segments are drawn faint.
import {
  LCD_VALUE_DIGITS, LCD_ID_DIGITS, LCD_TEXT_CHARS, LCD_COLON_BYTE, LCD_UNIT_BYTE, LCD_QUADRANT_BYTE,
  LCD_SYMBOL_BYTE, LCD_MODE_BYTE, LCD_INDICATOR_BYTE, LCD_ID_BYTE, LCD_TEXT_BYTE,
} from "./lcdview.js";

export interface SvgOptions {
  ghost?: boolean; // draw unlit segments faintly, as a real glass shows them (default true)
}

const ON = "#111";
const OFF = "#d8dccb";

// Segment a..g as rectangles in a 10 x 18 cell (x, y, w, h), before scaling.
const SEGMENTS: Array<[number, number, number, number]> = [
  [2, 0, 6, 1.6], [8.4, 1.2, 1.6, 7], [8.4, 9.8, 1.6, 7], [2, 16.4, 6, 1.6], [0, 9.8, 1.6, 7], [0, 1.2, 1.6, 7], [2, 8.2, 6, 1.6],
];

const bit = (b: Uint8Array, i: number, mask: number): boolean => ((b[i] ?? 0) & mask) !== 0;

class Svg {
  parts: string[] = [];
  constructor(private readonly ghost: boolean) {}

  rect(x: number, y: number, w: number, h: number, on: boolean): void {
    if (!on && !this.ghost) return;
    this.parts.push(`<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${w.toFixed(1)}" height="${h.toFixed(1)}" fill="${on ? ON : OFF}"/>`);
  }

  label(x: number, y: number, size: number, text: string, on: boolean): void {
    if (!on && !this.ghost) return;
    const safe = text.replace(/&/g, "&amp;").replace(/</g, "&lt;");
    this.parts.push(`<text x="${x}" y="${y}" font-family="sans-serif" font-size="${size}" fill="${on ? ON : OFF}">${safe}</text>`);
  }

  // One seven-segment digit with its point, `scale` times the 10 x 18 cell.
  digit(x: number, y: number, scale: number, seg: number): void {
    SEGMENTS.forEach(([sx, sy, w, h], k) => this.rect(x + sx * scale, y + sy * scale, w * scale, h * scale, ((seg >> k) & 1) !== 0));
    this.rect(x + 11 * scale, y + 16.4 * scale, 1.6 * scale, 1.6 * scale, (seg & 0x80) !== 0);
  }
}

export function renderLcdSvg(bitmap: Uint8Array, options: SvgOptions = {}): string {
  const svg = new Svg(options.ghost ?? true);
  const at = (i: number): number => bitmap[i] ?? 0;
  // Identification field (5 mm digits) and text field on the top row.
  for (let d = 0; d < LCD_ID_DIGITS; d++) svg.digit(10 + d * 17, 10, 1.2, at(LCD_ID_BYTE + d));
  for (let k = 0; k < LCD_TEXT_CHARS; k++) svg.digit(150 + k * 15, 10, 1.0, at(LCD_TEXT_BYTE + k));
  // Value field (7 mm digits) with the two colons.
  for (let d = 0; d < LCD_VALUE_DIGITS; d++) svg.digit(10 + d * 27, 45, 2.0, at(d));
  for (const [after, mask] of [[4, 1], [6, 2]]) {
    const x = 10 + after * 27 + 23;
    svg.rect(x, 58, 3, 3, bit(bitmap, LCD_COLON_BYTE, mask));
    svg.rect(x, 70, 3, 3, bit(bitmap, LCD_COLON_BYTE, mask));
  }
  // Unit segments to the right of the value field.
  const units: Array<[number, string]> = [[0x100, "cos\u03c6"], [1, "k"], [2, "W"], [4, "var"], [8, "V"], [16, "A"], [32, "h"], [64, "Hz"], [128, "%"]];
  const unitMask = at(LCD_UNIT_BYTE) | (at(LCD_UNIT_BYTE + 1) << 8);
  units.forEach(([mask, name], k) => svg.label(260 + (k % 3) * 28, 55 + Math.floor(k / 3) * 14, 11, name, (unitMask & mask) !== 0));
  // Bottom row: quadrant arrows, tariffs, symbols, indicators, list marks.
  const marks: Array<[number, number, string]> = [
    [LCD_QUADRANT_BYTE, 0x01, "\u2192P"], [LCD_QUADRANT_BYTE, 0x02, "\u2190P"], [LCD_QUADRANT_BYTE, 0x04, "\u2191Q"],
    [LCD_QUADRANT_BYTE, 0x08, "\u2193Q"], [LCD_QUADRANT_BYTE, 0x10, "T1"], [LCD_QUADRANT_BYTE, 0x20, "T2"],
    [LCD_QUADRANT_BYTE, 0x40, "T3"], [LCD_QUADRANT_BYTE, 0x80, "T4"], [LCD_SYMBOL_BYTE, 0x01, "\u26a0"],
    [LCD_SYMBOL_BYTE, 0x02, "\u2500\u25cf\u2500"], [LCD_SYMBOL_BYTE, 0x04, "\u2500\u25cb \u2500"], [LCD_SYMBOL_BYTE, 0x08, "TAMP"],
    [LCD_SYMBOL_BYTE, 0x10, "\u25e0RF"], [LCD_SYMBOL_BYTE, 0x20, "PRE"], [LCD_SYMBOL_BYTE, 0x40, "M1"],
    [LCD_SYMBOL_BYTE, 0x80, "M2"], [LCD_INDICATOR_BYTE, 0x01, "U"], [LCD_INDICATOR_BYTE, 0x02, "I"],
    [LCD_MODE_BYTE, 0x01, "BAT"], [LCD_MODE_BYTE, 0x02, "MAN"],
  ];
  // Two rows, each label as wide as its text: arrows and tariffs, then symbols, indicators and list marks.
  let x = 10;
  marks.forEach(([b, mask, name], k) => {
    if (k === 8) x = 10;
    svg.label(x, k < 8 ? 106 : 122, 10, name, bit(bitmap, b, mask));
    x += [...name].length * 6.5 + 9;
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="360" height="132" viewBox="0 0 360 132">`,
    `<rect x="0" y="0" width="360" height="132" rx="6" fill="#eef1e4"/>`,
    ...svg.parts,
    `</svg>`,
  ].join("\n");
}
