// LCD decoder, terminal art and SVG against hand-built bitmaps of the docs/LCD.md layout.
import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeLcd, drawLcd, drawValueField, LCD_BYTES } from "./lcdview.js";
import { renderLcdSvg } from "./lcdsvg.js";

const SEG: Record<string, number> = {
  " ": 0x00, "0": 0x3f, "1": 0x06, "2": 0x5b, "3": 0x4f, "4": 0x66, "5": 0x6d, "6": 0x7d, "7": 0x07, "8": 0x7f, "9": 0x6f,
  "-": 0x40, C: 0x39, F: 0x71, d: 0x5e, A: 0x77, t: 0x78, E: 0x79, r: 0x50, o: 0x5c,
};

// Writes `text` into `count` cells from `first`; a '.' sets the point of the cell before it.
function put(b: Uint8Array, first: number, text: string): void {
  let cell = first - 1;
  for (const ch of text) {
    if (ch === ".") b[cell] |= 0x80;
    else b[++cell] = SEG[ch];
  }
}

function meterPicture(): Uint8Array {
  const b = new Uint8Array(LCD_BYTES);
  put(b, 0, "  12345.67");
  put(b, 16, "1.8.0");
  b[10] = 0x23; // k W h
  b[12] = 0x01 | 0x04 | 0x20; // import, Q+, T2
  b[13] = 0x02 | 0x20; // breaker closed, prepayment
  b[15] = 0x03;
  return b;
}

test("decodes value, OBIS code, unit, quadrant, tariff, symbols and indicators", () => {
  const t = decodeLcd(meterPicture());
  assert.equal(t.value, "  12345.67");
  assert.equal(t.id, "1.8.0");
  assert.equal(t.unit, "kWh");
  assert.equal(t.quadrant, 1);
  assert.equal(t.tariff, 2);
  assert.equal(t.supply, true);
  assert.equal(t.phaseCurrent, true);
  assert.equal(t.symbols.breakerClosed, true);
  assert.equal(t.symbols.prepayment, true);
  assert.equal(t.symbols.error, false);
  assert.equal(t.allOn, false);
  assert.equal(t.blank, false);
});

test("reads value groups C and F, colons of a time and words of the text field", () => {
  const b = new Uint8Array(LCD_BYTES);
  put(b, 16, "F.F.0");
  put(b, 0, "   143507");
  b[9] = 3;
  put(b, 23, "Error");
  const t = decodeLcd(b);
  assert.equal(t.id, "F.F.0");
  assert.equal(t.value, "   14:35:07");
  assert.equal(t.text, "Error");
});

test("recognises the display test and the blank battery display", () => {
  assert.equal(decodeLcd(new Uint8Array(LCD_BYTES).fill(0xff)).allOn, true);
  assert.equal(decodeLcd(new Uint8Array(LCD_BYTES)).blank, true);
});

test("still reads a bitmap of the first 16-byte layout", () => {
  const b = new Uint8Array(16);
  put(b, 0, "      123");
  b[15] = 1;
  const t = decodeLcd(b);
  assert.equal(t.value, "      123");
  assert.equal(t.supply, true);
  assert.equal(t.id, "");
});

test("draws the value field and the whole display as terminal art", () => {
  const rows = drawValueField(meterPicture());
  assert.equal(rows.length, 3);
  assert.equal(rows[0].length, 9 * 4);
  const art = drawLcd(meterPicture()).join("\n");
  assert.match(art, /kWh/);
  assert.match(art, /\[supply\] \[phase current\]/);
  assert.match(art, /BRK:closed/);
  assert.match(art, /PREPAY/);
  assert.match(art, /T2/);
});

test("renders an SVG with lit segments dark and, without ghosts, nothing for unlit ones", () => {
  const svg = renderLcdSvg(meterPicture());
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.match(svg, /<\/svg>$/);
  assert.ok(svg.includes('fill="#111"'));
  const lit = (renderLcdSvg(meterPicture(), { ghost: false }).match(/fill="#111"/g) ?? []).length;
  const dark = renderLcdSvg(new Uint8Array(LCD_BYTES), { ghost: false });
  assert.equal((dark.match(/fill="#111"/g) ?? []).length, 0);
  // 9 value digits' segments + points, OBIS, units, marks: every lit bit is one element.
  const bits = [...meterPicture()].reduce((n, v) => n + v.toString(2).split("1").length - 1, 0);
  assert.equal(lit, bits);
});
