// Display lists: automatic (16), manual (30) and battery (8) readings, replaced only by a list that passes every check.
import { Err } from "../errors";
import { ReadingId, readingKnown, readingIsLegal, readingOnBattery, valueIsSet, valueOf } from "./readings";

export const enum DisplayList {
  AUTO = 0,
  MANUAL = 1,
  BATTERY = 2,
}

export const AUTO_MAX: i32 = 16;
export const MANUAL_MAX: i32 = 30;
export const BATTERY_MAX: i32 = 8;
export const LIST_STAGE_BYTES: i32 = 32;

const AUTO_IDS: usize = memory.data(AUTO_MAX);
const MANUAL_IDS: usize = memory.data(MANUAL_MAX);
const BATTERY_IDS: usize = memory.data(BATTERY_MAX);
// Where a caller without its own buffer (config record decoder, tests) places the ids before displayListSet.
const STAGE: usize = memory.data(LIST_STAGE_BYTES);
// Presence of each reading id while a candidate list is checked.
const SEEN: usize = memory.data(<i32>ReadingId.COUNT);

let autoLength: i32 = 0;
let manualLength: i32 = 0;
let batteryLength: i32 = 0;
// Bumped on every accepted change so the controller can restart the list it shows.
export let listGeneration: i32 = 0;

function listBase(list: i32): usize {
  if (list == <i32>DisplayList.AUTO) return AUTO_IDS;
  if (list == <i32>DisplayList.MANUAL) return MANUAL_IDS;
  return BATTERY_IDS;
}

export function listCapacity(list: i32): i32 {
  if (list == <i32>DisplayList.AUTO) return AUTO_MAX;
  if (list == <i32>DisplayList.MANUAL) return MANUAL_MAX;
  if (list == <i32>DisplayList.BATTERY) return BATTERY_MAX;
  return 0;
}

export function displayListLength(list: i32): i32 {
  if (list == <i32>DisplayList.AUTO) return autoLength;
  if (list == <i32>DisplayList.MANUAL) return manualLength;
  if (list == <i32>DisplayList.BATTERY) return batteryLength;
  return 0;
}

// The reading id at `index`, or -1 outside the list.
export function displayListEntry(list: i32, index: i32): i32 {
  if (index < 0 || index >= displayListLength(list)) return -1;
  return load<u8>(listBase(list) + <usize>index);
}

export function displayListStage(): usize {
  return STAGE;
}

// Checks `count` reading ids (one byte each) at `idsPtr` as the new `list`:
//   INVALID_ARGUMENT unknown list, unknown reading id or an id listed twice;
//   OUT_OF_RANGE     more entries than the list holds (16/30/8), or a buffer outside memory;
//   NOT_PERMITTED    a manual list without every legal reading;
//   UNSUPPORTED      an instantaneous reading in the battery list (nothing to show without mains).
export function displayListCheck(list: i32, idsPtr: usize, count: i32): Err {
  const capacity = listCapacity(list);
  if (capacity == 0) return Err.INVALID_ARGUMENT;
  if (count < 0 || count > capacity) return Err.OUT_OF_RANGE;
  if (idsPtr + <usize>count > (<usize>memory.size() << 16)) return Err.OUT_OF_RANGE;
  memory.fill(SEEN, 0, <i32>ReadingId.COUNT);
  for (let k = 0; k < count; k++) {
    const id = <i32>load<u8>(idsPtr + <usize>k);
    if (!readingKnown(id)) return Err.INVALID_ARGUMENT;
    if (load<u8>(SEEN + <usize>id) != 0) return Err.INVALID_ARGUMENT;
    store<u8>(SEEN + <usize>id, 1);
    if (list == <i32>DisplayList.BATTERY && !readingOnBattery(id)) return Err.UNSUPPORTED;
  }
  if (list == <i32>DisplayList.MANUAL) {
    for (let id = 0; id < <i32>ReadingId.COUNT; id++) {
      if (readingIsLegal(id) && load<u8>(SEEN + <usize>id) == 0) return Err.NOT_PERMITTED;
    }
  }
  return Err.OK;
}

// Replaces `list` by the ids at `idsPtr` if they pass displayListCheck; a refused list leaves the old one.
export function displayListSet(list: i32, idsPtr: usize, count: i32): Err {
  const err = displayListCheck(list, idsPtr, count);
  if (err != Err.OK) return err;
  memory.copy(listBase(list), idsPtr, <usize>count);
  if (list == <i32>DisplayList.AUTO) autoLength = count;
  else if (list == <i32>DisplayList.MANUAL) manualLength = count;
  else batteryLength = count;
  listGeneration++;
  return Err.OK;
}

// Reading ids as numbers (memory.data takes no enum members): A+, A-, date, time.
const DEFAULT_AUTO: usize = memory.data<u8>([0, 1, 35, 36]);
const DEFAULT_MANUAL: usize = memory.data<u8>([
  0, 1, 2, 3, // A+ A- R+ R-
  10, 11, 12, 13, // A+ T1..T4
  18, 19, 20, // P+max with its date and time
  30, 31, 32, 33, 34, // V I P f PF
  35, 36, 37, 38, // date, time, meter number, firmware version
  39, 40, // firmware checksum, error code
]);
// A+, A-, meter number.
const DEFAULT_BATTERY: usize = memory.data<u8>([0, 1, 37]);

// Factory lists, in force until the configuration record supplies others.
export function displayListsDefault(): void {
  displayListSet(DisplayList.AUTO, DEFAULT_AUTO, 4);
  displayListSet(DisplayList.MANUAL, DEFAULT_MANUAL, 22);
  displayListSet(DisplayList.BATTERY, DEFAULT_BATTERY, 3);
}

export function errorActive(): bool {
  return valueIsSet(ReadingId.ERROR_CODE) && valueOf(ReadingId.ERROR_CODE) != 0;
}

function autoListHolds(id: i32): bool {
  for (let k = 0; k < displayListLength(DisplayList.AUTO); k++) if (displayListEntry(DisplayList.AUTO, k) == id) return true;
  return false;
}

// The automatic scroll: its list (A+ alone when empty), then the error code while an error is set.
export function autoCount(): i32 {
  const n = displayListLength(DisplayList.AUTO);
  const base = n > 0 ? n : 1;
  return errorActive() && !autoListHolds(ReadingId.ERROR_CODE) ? base + 1 : base;
}

export function autoEntry(pos: i32): i32 {
  const n = displayListLength(DisplayList.AUTO);
  if (n == 0) return pos == 0 ? ReadingId.A_PLUS : ReadingId.ERROR_CODE;
  return pos < n ? displayListEntry(DisplayList.AUTO, pos) : ReadingId.ERROR_CODE;
}
