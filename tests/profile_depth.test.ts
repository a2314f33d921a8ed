// Load profile depth (issue 14): from the flash the real store wrote, the data sheet's days at full load for every Z29 and Z4, twice them for a household.
import { test } from "node:test";
import assert from "node:assert/strict";
import { measureDepth, PERIODS_S, SHEET_DAYS, depthDays, readFlash, runDepth } from "../host/benchdepth.js";

const CHANNELS: Record<number, number> = { 1: 1, 2: 2, 3: 4, 4: 6, 5: 8 };

test("depth arithmetic: 126 sectors of 4,000 bytes (the analysis logger has 16 of the former 143); 23-byte entries of 15 minutes are 227.1 days", () => {
  // floor(4000 / 23) = 173 entries a sector, x 126 sectors = 21,798 quarter hours.
  assert.equal(depthDays(23, 900), 173 * 126 * 900 / 86400);
  assert.ok(Math.abs(depthDays(23, 900) - 227.1) < 0.05);
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

test("the bench's flash walk counts the entries the firmware reads back: a household day of Z29 5, 96 quarter hours", () => {
  const sim = runDepth(5, 900, "household");
  const use = readFlash(sim, 900);
  const entries = sim.meter.profile();
  let regular = 0;
  for (let k = 1; k < entries.length; k++) if (entries[k].timeUtcS - entries[k - 1].timeUtcS === 900n) regular++;
  assert.equal(use.lengths.length, 96);
  assert.equal(regular, use.lengths.length - 1, "every regular entry after the first one read back is one record of the walk");
  // Every record: length, status, 2-byte step, mask, CRC-16, then 1..8 increments of 1 or 2 bytes.
  for (const n of use.lengths) assert.ok(n >= 8 && n <= 23, `record of ${n} bytes`);
});

test("a channel that never moves costs no bytes: without export Z29 2 stores what Z29 1 does, Z29 4 what Z29 3 does", () => {
  for (const [a, b] of [[1, 2], [3, 4]]) {
    const x = measureDepth(a, 900, "household");
    const y = measureDepth(b, 900, "household");
    assert.equal(y.bytesPerEntry, x.bytesPerEntry, `Z29 ${b} household ${y.bytesPerEntry} bytes vs Z29 ${a} ${x.bytesPerEntry}`);
  }
});
