// Reads the LCD bitmap back as text and draws it as seven-segment art (the layout of docs/LCD.md).
export const LCD_VALUE_DIGITS = 9;
export const LCD_INDICATOR_BYTE = 15;

const FONT: Record<number, string> = {
  0x3f: "0", 0x06: "1", 0x5b: "2", 0x4f: "3", 0x66: "4", 0x6d: "5", 0x7d: "6", 0x07: "7", 0x7f: "8", 0x6f: "9",
  0x40: "-", 0x00: " ",
};

export interface LcdText {
  value: string; // the 9-digit value field, '?' for a pattern that is no character
  supply: boolean; // supply voltage indicator (> 160 V)
  phaseCurrent: boolean; // phase current indicator (> 2.3 W)
  allOn: boolean; // display test pattern
}

export function decodeLcd(bitmap: Uint8Array): LcdText {
  let value = "";
  for (let d = 0; d < LCD_VALUE_DIGITS; d++) {
    const seg = bitmap[d] ?? 0;
    value += FONT[seg & 0x7f] ?? "?";
    if (seg & 0x80) value += ".";
  }
  const flags = bitmap[LCD_INDICATOR_BYTE] ?? 0;
  return {
    value,
    supply: (flags & 1) !== 0,
    phaseCurrent: (flags & 2) !== 0,
    allOn: bitmap.length > 0 && bitmap.every((b) => b === 0xff),
  };
}

// Three text rows per digit: " _ ", "|_|", "|_|" drawn from segments a..g.
export function drawValueField(bitmap: Uint8Array): string[] {
  const rows = ["", "", ""];
  for (let d = 0; d < LCD_VALUE_DIGITS; d++) {
    const s = bitmap[d] ?? 0;
    const on = (bit: number, ch: string): string => ((s >> bit) & 1 ? ch : " ");
    rows[0] += " " + on(0, "_") + "  ";
    rows[1] += on(5, "|") + on(6, "_") + on(1, "|") + " ";
    rows[2] += on(4, "|") + on(3, "_") + on(2, "|") + on(7, ".");
  }
  return rows;
}
