// Reads the LCD bitmap back as text and draws it as seven-segment art (the 32-byte layout of docs/LCD.md).
export const LCD_BYTES = 32;
export const LCD_VALUE_DIGITS = 9;
export const LCD_ID_DIGITS = 7;
export const LCD_TEXT_CHARS = 6;
export const LCD_COLON_BYTE = 9;
export const LCD_UNIT_BYTE = 10;
export const LCD_QUADRANT_BYTE = 12;
export const LCD_SYMBOL_BYTE = 13;
export const LCD_MODE_BYTE = 14;
export const LCD_INDICATOR_BYTE = 15;
export const LCD_ID_BYTE = 16;
export const LCD_TEXT_BYTE = 23;

// Numbers first: in the value and identification fields a pattern is read as a digit or hex letter.
const DIGITS: Record<number, string> = {
  0x00: " ", 0x3f: "0", 0x06: "1", 0x5b: "2", 0x4f: "3", 0x66: "4", 0x6d: "5", 0x7d: "6", 0x07: "7", 0x7f: "8", 0x6f: "9",
  0x40: "-", 0x77: "A", 0x7c: "b", 0x39: "C", 0x5e: "d", 0x79: "E", 0x71: "F",
};
// Letters first: the text field holds words (S is the pattern of 5).
const LETTERS: Record<number, string> = {
  ...DIGITS, 0x58: "c", 0x76: "H", 0x74: "h", 0x10: "i", 0x30: "I", 0x1e: "J", 0x38: "L", 0x54: "n", 0x5c: "o",
  0x73: "P", 0x50: "r", 0x6d: "S", 0x78: "t", 0x1c: "u", 0x3e: "U", 0x6e: "y", 0x08: "_",
};

// Unit segments in the order they read: cos k W var V A h Hz %.
const UNIT_SEGMENTS: Array<[number, string]> = [
  [0x100, "cos\u03c6"], [0x01, "k"], [0x02, "W"], [0x04, "var"], [0x08, "V"], [0x10, "A"], [0x20, "h"], [0x40, "Hz"], [0x80, "%"],
];

export interface LcdSymbols {
  error: boolean;
  breakerClosed: boolean;
  breakerOpen: boolean;
  tamper: boolean;
  radio: boolean;
  prepayment: boolean;
  module1: boolean;
  module2: boolean;
}

export interface LcdText {
  value: string; // the 9-digit value field, '.' after a digit with its point, ':' for a colon, '?' for no character
  supply: boolean; // supply voltage indicator (> 160 V)
  phaseCurrent: boolean; // phase current indicator (> 2.3 W)
  allOn: boolean; // display test pattern
  blank: boolean; // nothing lit (battery display asleep)
  id: string; // identification field (OBIS code) without trailing blanks, e.g. "1.8.0"
  text: string; // text field without trailing blanks, e.g. "dAtE"
  unit: string; // e.g. "kWh", "V", "cosφ"
  quadrant: number; // 1..4 from the arrows, 0 when none (or an inconsistent pair)
  tariff: number; // 1..4, 0 when no tariff mark (the lowest if several)
  symbols: LcdSymbols;
  battery: boolean; // battery list on screen
  manual: boolean; // manual list on screen
}

const byte = (b: Uint8Array, i: number): number => b[i] ?? 0;

function field(b: Uint8Array, first: number, count: number, font: Record<number, string>): string {
  let s = "";
  for (let d = 0; d < count; d++) {
    const seg = byte(b, first + d);
    s += font[seg & 0x7f] ?? "?";
    if (seg & 0x80) s += ".";
  }
  return s;
}

export function decodeValue(b: Uint8Array): string {
  const colons = byte(b, LCD_COLON_BYTE);
  let s = "";
  for (let d = 0; d < LCD_VALUE_DIGITS; d++) {
    s += field(b, d, 1, DIGITS);
    if ((d === 4 && colons & 1) || (d === 6 && colons & 2)) s += ":";
  }
  return s;
}

export function decodeUnit(b: Uint8Array): string {
  const mask = byte(b, LCD_UNIT_BYTE) | (byte(b, LCD_UNIT_BYTE + 1) << 8);
  return UNIT_SEGMENTS.filter(([bit]) => mask & bit).map(([, s]) => s).join("");
}

function decodeQuadrant(q: number): number {
  const imp = q & 1, exp = q & 2, pos = q & 4, neg = q & 8;
  if (imp && !exp && pos && !neg) return 1;
  if (exp && !imp && pos && !neg) return 2;
  if (exp && !imp && neg && !pos) return 3;
  if (imp && !exp && neg && !pos) return 4;
  return 0;
}

export function decodeLcd(bitmap: Uint8Array): LcdText {
  const flags = byte(bitmap, LCD_INDICATOR_BYTE);
  const q = byte(bitmap, LCD_QUADRANT_BYTE);
  const sym = byte(bitmap, LCD_SYMBOL_BYTE);
  const mode = byte(bitmap, LCD_MODE_BYTE);
  const tariffBits = q >> 4;
  return {
    value: decodeValue(bitmap),
    supply: (flags & 1) !== 0,
    phaseCurrent: (flags & 2) !== 0,
    allOn: bitmap.length > 0 && bitmap.every((b) => b === 0xff),
    blank: bitmap.every((b) => b === 0),
    id: field(bitmap, LCD_ID_BYTE, LCD_ID_DIGITS, DIGITS).trimEnd(),
    text: field(bitmap, LCD_TEXT_BYTE, LCD_TEXT_CHARS, LETTERS).trimEnd(),
    unit: decodeUnit(bitmap),
    quadrant: decodeQuadrant(q & 15),
    tariff: tariffBits === 0 ? 0 : Math.log2(tariffBits & -tariffBits) + 1,
    symbols: {
      error: (sym & 0x01) !== 0,
      breakerClosed: (sym & 0x02) !== 0,
      breakerOpen: (sym & 0x04) !== 0,
      tamper: (sym & 0x08) !== 0,
      radio: (sym & 0x10) !== 0,
      prepayment: (sym & 0x20) !== 0,
      module1: (sym & 0x40) !== 0,
      module2: (sym & 0x80) !== 0,
    },
    battery: (mode & 1) !== 0,
    manual: (mode & 2) !== 0,
  };
}

// Three text rows per digit: " _ ", "|_|", "|_|" drawn from segments a..g, the point after the digit.
function drawDigits(bitmap: Uint8Array, first: number, count: number, colonByte = -1): string[] {
  const rows = ["", "", ""];
  const colons = colonByte >= 0 ? byte(bitmap, colonByte) : 0;
  for (let d = 0; d < count; d++) {
    const s = byte(bitmap, first + d);
    const on = (bit: number, ch: string): string => ((s >> bit) & 1 ? ch : " ");
    const colon = (d === 4 && colons & 1) || (d === 6 && colons & 2);
    rows[0] += " " + on(0, "_") + "  ";
    rows[1] += on(5, "|") + on(6, "_") + on(1, "|") + (colon ? ":" : " ");
    rows[2] += on(4, "|") + on(3, "_") + on(2, "|") + (colon ? ":" : on(7, "."));
  }
  return rows;
}

export function drawValueField(bitmap: Uint8Array): string[] {
  return drawDigits(bitmap, 0, LCD_VALUE_DIGITS, LCD_COLON_BYTE);
}

const ARROWS = ["", "\u2192\u2191 I", "\u2190\u2191 II", "\u2190\u2193 III", "\u2192\u2193 IV"];

// The whole display as terminal art: identification and text fields, value field with its unit, symbols.
export function drawLcd(bitmap: Uint8Array): string[] {
  const t = decodeLcd(bitmap);
  const id = drawDigits(bitmap, LCD_ID_BYTE, LCD_ID_DIGITS);
  const marks = [
    t.symbols.error ? "ERR" : "", t.symbols.breakerClosed ? "BRK:closed" : "", t.symbols.breakerOpen ? "BRK:open" : "",
    t.symbols.tamper ? "TAMPER" : "", t.symbols.radio ? "RADIO" : "", t.symbols.prepayment ? "PREPAY" : "",
    t.symbols.module1 ? "M1" : "", t.symbols.module2 ? "M2" : "", t.tariff ? `T${t.tariff}` : "",
    ARROWS[t.quadrant] ?? "", t.battery ? "BATT" : "", t.manual ? "MAN" : "",
  ].filter((s) => s !== "");
  const value = drawValueField(bitmap);
  return [
    `${id[0]}   ${t.text}`,
    id[1],
    id[2],
    value[0],
    value[1],
    `${value[2]} ${t.unit}`,
    `${t.supply ? "[supply]" : "        "} ${t.phaseCurrent ? "[phase current]" : "               "} ${marks.join(" ")}`.trimEnd(),
  ];
}
