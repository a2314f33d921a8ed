// Load profile depth (issue 14): from the flash the real store wrote, the data sheet's days at full load for every Z29 and Z4, twice them for a household.
import { test } from "node:test";
import assert from "node:assert/strict";
import { measureDepth, PERIODS_S, SHEET_DAYS, depthDays } from "../host/benchdepth.js";

const CHANNELS: Record<number, number> = { 1: 1, 2: 2, 3: 4, 4: 6, 5: 8 };

test("depth arithmetic: 142 sectors of 4,000 bytes; 23-byte entries of 15 minutes are 255.9 days", () => {
  // floor(4000 / 23) = 173 entries a sector, x 142 sectors = 24,566 quarter hours.
  assert.equal(depthDays(23, 900), 173 * 142 * 900 / 86400);
  assert.ok(Math.abs(depthDays(23, 900) - 255.9) < 0.05);
});

for (const z29 of [1, 2, 3, 4, 5]) {
  test(`Z29 ${z29} at full load (100 A, 230 V, every channel moving): 7 + 2 x ${CHANNELS[z29]} bytes an entry, at least the data sheet's ${SHEET_DAYS[z29].join(" / ")} days at 15 / 30 / 60 min`, () => {
    for (const periodS of PERIODS_S) {
      const r = measureDepth(z29, periodS, "full");
      assert.ok(r.entries >= 5, `Z29 ${z29} ${periodS / 60} min: ${r.entries} regular entries measured`);
      // length, status, 2-byte step, mask, CRC-16 and every channel's increment (1,000..16,383 Wh: 2 varint bytes).
      assert.equal(r.bytesPerEntry, 7 + 2 * CHANNELS[z29], `Z29 ${z29} ${periodS / 60} min: bytes an entry`);
      assert.ok(r.days >= r.sheetDays, `Z29 ${z29} ${periodS / 60} min full load: ${r.days.toFixed(1)} days < data sheet ${r.sheetDays}`);
    }
  });

  test(`Z29 ${z29} for a household (4,000 kWh a year): a day's 96 / 48 / 24 entries, at least twice the data sheet's days`, () => {
    PERIODS_S.forEach((periodS, k) => {
      const r = measureDepth(z29, periodS, "household");
      assert.equal(r.entries, 86400 / periodS, `Z29 ${z29} ${periodS / 60} min: a day of entries`);
      // 10,970 Wh a day (4,004 kWh a year), metered through the compressed clock to within 1 %.
      assert.ok(Math.abs(r.aPlusWh - 10970) < 110, `Z29 ${z29} ${periodS / 60} min: A+ ${r.aPlusWh} Wh in the day`);
      assert.ok(r.bytesPerEntry < 7 + 2 * CHANNELS[z29] + 0.001, `Z29 ${z29} ${periodS / 60} min: ${r.bytesPerEntry} bytes, no more than at full load`);
      assert.ok(r.days >= 2 * SHEET_DAYS[z29][k], `Z29 ${z29} ${periodS / 60} min household: ${r.days.toFixed(1)} days < 2 x ${SHEET_DAYS[z29][k]}`);
    });
  });
}
