// Display lists: the 16/30/8 limits, legal readings always in the manual list, refusals that keep the old list.
import { Err } from "../errors";
import { ReadingId } from "./readings";
import {
  DisplayList, displayListSet, displayListCheck, displayListLength, displayListEntry, displayListStage,
  displayListsDefault, AUTO_MAX, MANUAL_MAX, BATTERY_MAX,
} from "./lists";

// Writes `count` ids into the stage buffer: A+ first, then ids from `first` on (skipping A+).
function stage(count: i32, first: i32): usize {
  const buf = displayListStage();
  let id = first;
  for (let k = 0; k < count; k++) {
    if (k == 0) {
      store<u8>(buf, <u8>ReadingId.A_PLUS);
      continue;
    }
    if (id == <i32>ReadingId.A_PLUS) id++;
    store<u8>(buf + <usize>k, <u8>id);
    id++;
  }
  return buf;
}

describe("16/30/8 limits", () => {
  beforeEach(() => {
    displayListsDefault();
  });

  it("takes 16 readings in the automatic list and refuses 17 with OUT_OF_RANGE", () => {
    expect(displayListSet(DisplayList.AUTO, stage(16, 1), 16)).toBe(Err.OK);
    expect(displayListLength(DisplayList.AUTO)).toBe(AUTO_MAX);
    expect(displayListSet(DisplayList.AUTO, stage(17, 1), 17)).toBe(Err.OUT_OF_RANGE);
    expect(displayListLength(DisplayList.AUTO)).toBe(16);
  });

  it("takes 30 readings in the manual list and refuses 31", () => {
    expect(displayListSet(DisplayList.MANUAL, stage(30, 1), 30)).toBe(Err.OK);
    expect(displayListLength(DisplayList.MANUAL)).toBe(MANUAL_MAX);
    expect(displayListSet(DisplayList.MANUAL, stage(31, 1), 31)).toBe(Err.OUT_OF_RANGE);
    expect(displayListLength(DisplayList.MANUAL)).toBe(30);
  });

  it("takes 8 stored readings in the battery list and refuses 9", () => {
    expect(displayListSet(DisplayList.BATTERY, stage(8, 1), 8)).toBe(Err.OK);
    expect(displayListLength(DisplayList.BATTERY)).toBe(BATTERY_MAX);
    expect(displayListSet(DisplayList.BATTERY, stage(9, 1), 9)).toBe(Err.OUT_OF_RANGE);
    expect(displayListLength(DisplayList.BATTERY)).toBe(8);
  });

  it("refuses a negative count, an unknown list and a buffer past the end of memory", () => {
    expect(displayListSet(DisplayList.AUTO, stage(1, 1), -1)).toBe(Err.OUT_OF_RANGE);
    expect(displayListSet(3, stage(1, 1), 1)).toBe(Err.INVALID_ARGUMENT);
    expect(displayListSet(-1, stage(1, 1), 1)).toBe(Err.INVALID_ARGUMENT);
    expect(displayListCheck(DisplayList.AUTO, (<usize>memory.size() << 16) - 2, 4)).toBe(Err.OUT_OF_RANGE);
  });

  it("accepts an empty automatic or battery list (battery display not selected)", () => {
    expect(displayListSet(DisplayList.AUTO, stage(0, 1), 0)).toBe(Err.OK);
    expect(displayListSet(DisplayList.BATTERY, stage(0, 1), 0)).toBe(Err.OK);
    expect(displayListLength(DisplayList.BATTERY)).toBe(0);
  });
});

describe("legal readings always in the manual list", () => {
  beforeEach(() => {
    displayListsDefault();
  });

  it("refuses a manual list without A+ 1.8.0 with NOT_PERMITTED and keeps the old list", () => {
    const before = displayListLength(DisplayList.MANUAL);
    const buf = displayListStage();
    store<u8>(buf, <u8>ReadingId.A_MINUS);
    store<u8>(buf + 1, <u8>ReadingId.VOLTAGE);
    expect(displayListSet(DisplayList.MANUAL, buf, 2)).toBe(Err.NOT_PERMITTED);
    expect(displayListSet(DisplayList.MANUAL, buf, 0)).toBe(Err.NOT_PERMITTED);
    expect(displayListLength(DisplayList.MANUAL)).toBe(before);
    expect(displayListEntry(DisplayList.MANUAL, 0)).toBe(ReadingId.A_PLUS);
  });

  it("takes A+ at any place of the manual list, in the chosen order", () => {
    const buf = displayListStage();
    store<u8>(buf, <u8>ReadingId.VOLTAGE);
    store<u8>(buf + 1, <u8>ReadingId.A_PLUS);
    store<u8>(buf + 2, <u8>ReadingId.TIME);
    expect(displayListSet(DisplayList.MANUAL, buf, 3)).toBe(Err.OK);
    expect(displayListEntry(DisplayList.MANUAL, 0)).toBe(ReadingId.VOLTAGE);
    expect(displayListEntry(DisplayList.MANUAL, 1)).toBe(ReadingId.A_PLUS);
    expect(displayListEntry(DisplayList.MANUAL, 2)).toBe(ReadingId.TIME);
    expect(displayListEntry(DisplayList.MANUAL, 3)).toBe(-1);
  });

  it("does not require A+ in the automatic list", () => {
    const buf = displayListStage();
    store<u8>(buf, <u8>ReadingId.VOLTAGE);
    expect(displayListSet(DisplayList.AUTO, buf, 1)).toBe(Err.OK);
  });
});

describe("list validation", () => {
  beforeEach(() => {
    displayListsDefault();
  });

  it("refuses an unknown reading id with INVALID_ARGUMENT and keeps the old list", () => {
    const buf = stage(3, 1);
    store<u8>(buf + 2, <u8>ReadingId.COUNT);
    expect(displayListSet(DisplayList.AUTO, buf, 3)).toBe(Err.INVALID_ARGUMENT);
    store<u8>(buf + 2, 255);
    expect(displayListSet(DisplayList.AUTO, buf, 3)).toBe(Err.INVALID_ARGUMENT);
    expect(displayListLength(DisplayList.AUTO)).toBe(4);
  });

  it("refuses a reading listed twice", () => {
    const buf = stage(3, 1);
    store<u8>(buf + 2, <u8>ReadingId.A_PLUS);
    expect(displayListSet(DisplayList.MANUAL, buf, 3)).toBe(Err.INVALID_ARGUMENT);
  });

  it("refuses instantaneous readings in the battery list with UNSUPPORTED", () => {
    const buf = stage(2, ReadingId.VOLTAGE);
    expect(displayListSet(DisplayList.BATTERY, buf, 2)).toBe(Err.UNSUPPORTED);
    expect(displayListLength(DisplayList.BATTERY)).toBe(3);
    const ok = stage(2, ReadingId.DATE);
    expect(displayListSet(DisplayList.BATTERY, ok, 2)).toBe(Err.OK);
  });
});
