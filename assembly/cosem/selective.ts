// Selective access of a GET (Blue Book 4.3.6.2): the range and entry descriptors of a profile buffer, kept per context.
import { AxdrReader, Tag } from "../dlms/axdr";
import { AccessResult } from "./table";
import { utcOfDateTime } from "./clock";
import { profileColumnOf } from "./profile";
import { LP_CURSOR_BYTES, lpCursorSave, lpCursorRestore } from "../profile/store";

export const enum Selector {
  NONE = 0,
  RANGE = 1, // range_descriptor: restricting object (the clock), from and to value, selected values
  ENTRY = 2, // entry_descriptor: from and to entry, from and to selected value
}

const CONTEXTS: i32 = 2;
// Per context: what the request asked for, then what the first generation of the answer found, so
// that every block of a long answer is cut from the same entries (new entries do not shift it).
const selector = new StaticArray<i32>(CONTEXTS);
const fromS = new StaticArray<i64>(CONTEXTS); // range, UTC s inclusive
const toS = new StaticArray<i64>(CONTEXTS);
const fromEntry = new StaticArray<u32>(CONTEXTS); // entry, 1-based, oldest first
const toEntry = new StaticArray<u32>(CONTEXTS); // 0: the newest
const columns = new StaticArray<u32>(CONTEXTS); // bit k: capture object k+1 selected; 0 all
// Resolution: entries in the answer, where the first is (a sequence number or a time), and a memo of
// the load profile entry a block last began in, so the next block starts there instead of at the first.
const resolved = new StaticArray<bool>(CONTEXTS);
const count = new StaticArray<i32>(CONTEXTS);
const firstKey = new StaticArray<i64>(CONTEXTS);
const memoIndex = new StaticArray<i32>(CONTEXTS);
const memoValid = new StaticArray<bool>(CONTEXTS);
// The load profile cursor before the memo's entry, per context (96 bytes each).
const MEMO_CURSORS: usize = memory.data(CONTEXTS * LP_CURSOR_BYTES);
// And before the answer's first entry: the first block is generated twice (whole answer, then block 1).
const FIRST_CURSORS: usize = memory.data(CONTEXTS * LP_CURSOR_BYTES);
const firstValid = new StaticArray<bool>(CONTEXTS);

// The context the value being generated belongs to; -1 when there is no memo (a with-list item).
let current: i32 = -1;

export function selectionUse(ctx: i32, memo: bool): void {
  current = memo ? ctx : -1;
}

export function selectionClear(ctx: i32): void {
  unchecked(selector[ctx] = <i32>Selector.NONE);
  unchecked(columns[ctx] = 0);
  unchecked(resolved[ctx] = false);
  unchecked(memoValid[ctx] = false);
  unchecked(firstValid[ctx] = false);
}

export function selectionSelector(): Selector { return current < 0 ? Selector.NONE : <Selector>unchecked(selector[current]); }
export function selectionFromS(): i64 { return unchecked(fromS[current]); }
export function selectionToS(): i64 { return unchecked(toS[current]); }
export function selectionFromEntry(): u32 { return unchecked(fromEntry[current]); }
export function selectionToEntry(): u32 { return unchecked(toEntry[current]); }
export function selectionColumns(): u32 { return current < 0 ? 0 : unchecked(columns[current]); }

// A resolution found earlier in this transfer: true and its fields readable, else false.
export function selectionResolved(): bool { return current >= 0 && unchecked(resolved[current]); }
export function selectionCount(): i32 { return unchecked(count[current]); }
export function selectionFirstKey(): i64 { return unchecked(firstKey[current]); }
export function selectionMemoIndex(): i32 { return current < 0 ? i32.MAX_VALUE : unchecked(memoIndex[current]); }

export function selectionResolve(n: i32, first: i64): void {
  if (current < 0) return;
  unchecked(resolved[current] = true);
  unchecked(count[current] = n);
  unchecked(firstKey[current] = first);
}

// The load profile entry `index` of the answer is about to be read: remembered with the cursor before it.
export function selectionMemo(index: i32): void {
  if (current < 0) return;
  unchecked(memoIndex[current] = index);
  unchecked(memoValid[current] = true);
  lpCursorSave(MEMO_CURSORS + <usize>(current * LP_CURSOR_BYTES));
  if (index == 0) {
    unchecked(firstValid[current] = true);
    lpCursorSave(FIRST_CURSORS + <usize>(current * LP_CURSOR_BYTES));
  }
}

// Puts the load profile cursor back before the answer's first entry; false when there is none to trust.
export function selectionFirstRestore(): bool {
  if (current < 0 || !unchecked(firstValid[current])) return false;
  return lpCursorRestore(FIRST_CURSORS + <usize>(current * LP_CURSOR_BYTES));
}

// Puts the load profile cursor back before the memo's entry; false when there is none to trust.
export function selectionMemoRestore(): bool {
  if (current < 0 || !unchecked(memoValid[current])) return false;
  return lpCursorRestore(MEMO_CURSORS + <usize>(current * LP_CURSOR_BYTES));
}

export function selectionColumnsOf(ctx: i32): u32 {
  return unchecked(columns[ctx]);
}

// A capture_object_definition {class, logical name, attribute, data index} into defClass, defName
// (the address of its 6 bytes) and defAttr; false for a malformed one.
let defClass: i32 = 0;
let defAttr: i32 = 0;
let defName: usize = 0;

function readDefinition(r: AxdrReader): bool {
  if (r.u8() != <i32>Tag.STRUCTURE || r.u8() != 4) return false;
  if (r.u8() != <i32>Tag.LONG_UNSIGNED) return false;
  defClass = r.u16();
  if (r.u8() != <i32>Tag.OCTET_STRING || r.u8() != 6) return false;
  defName = r.take(6);
  if (r.u8() != <i32>Tag.INTEGER) return false;
  defAttr = <i32>(<i8>r.u8());
  if (r.u8() != <i32>Tag.LONG_UNSIGNED) return false;
  r.u16(); // data index: whole attributes only
  return !r.bad;
}

// A date-time as an octet-string of 12 (Gurux) or the date-time type (25); UTC s, -1 when invalid.
function readDateTime(r: AxdrReader): i64 {
  const tag = r.u8();
  if (tag == <i32>Tag.OCTET_STRING) {
    if (r.u8() != 12) return -1;
  } else if (tag != 25) {
    return -1;
  }
  const at = r.take(12);
  if (r.bad) return -1;
  return utcOfDateTime(at);
}

// Parses the access selection of a GET (after the selector byte) for a buffer: SUCCESS and the
// selection stored, TYPE_UNMATCHED for a malformed parameter, SCOPE_OF_ACCESS_VIOLATED for a
// selector not offered or a restricting object other than the clock's time.
export function selectionParse(ctx: i32, sel: i32, r: AxdrReader, binding: i32): AccessResult {
  selectionClear(ctx);
  if (sel == <i32>Selector.RANGE) {
    if (r.u8() != <i32>Tag.STRUCTURE || r.u8() != 4) return AccessResult.TYPE_UNMATCHED;
    if (!readDefinition(r)) return AccessResult.TYPE_UNMATCHED;
    if (defClass != 8 || defAttr != 2 || profileColumnOf(binding, defClass, defName, defAttr) != 0) return AccessResult.SCOPE_OF_ACCESS_VIOLATED;
    const from = readDateTime(r);
    const to = readDateTime(r);
    if (from < 0 || to < 0) return AccessResult.TYPE_UNMATCHED;
    if (r.u8() != <i32>Tag.ARRAY) return AccessResult.TYPE_UNMATCHED;
    const n = r.length_();
    let mask: u32 = 0;
    for (let k = 0; k < n; k++) {
      if (!readDefinition(r)) return AccessResult.TYPE_UNMATCHED;
      const col = profileColumnOf(binding, defClass, defName, defAttr);
      if (col < 0 || col > 31) return AccessResult.SCOPE_OF_ACCESS_VIOLATED;
      mask |= <u32>1 << <u32>col;
    }
    if (r.bad) return AccessResult.TYPE_UNMATCHED;
    unchecked(fromS[ctx] = from);
    unchecked(toS[ctx] = to);
    unchecked(columns[ctx] = mask);
    unchecked(selector[ctx] = sel);
    return AccessResult.SUCCESS;
  }
  if (sel == <i32>Selector.ENTRY) {
    if (r.u8() != <i32>Tag.STRUCTURE || r.u8() != 4) return AccessResult.TYPE_UNMATCHED;
    if (r.u8() != <i32>Tag.DOUBLE_LONG_UNSIGNED) return AccessResult.TYPE_UNMATCHED;
    const first = r.u32();
    if (r.u8() != <i32>Tag.DOUBLE_LONG_UNSIGNED) return AccessResult.TYPE_UNMATCHED;
    const last = r.u32();
    if (r.u8() != <i32>Tag.LONG_UNSIGNED) return AccessResult.TYPE_UNMATCHED;
    const fromCol = r.u16();
    if (r.u8() != <i32>Tag.LONG_UNSIGNED) return AccessResult.TYPE_UNMATCHED;
    const toCol = r.u16();
    if (r.bad) return AccessResult.TYPE_UNMATCHED;
    // Entries and values count from 1; 0 as the last means "to the end" (Blue Book 4.3.6.2).
    if (first == 0 || (last != 0 && last < first)) return AccessResult.OTHER_REASON;
    if (fromCol == 0 || fromCol > 32 || toCol > 32 || (toCol != 0 && toCol < fromCol)) return AccessResult.OTHER_REASON;
    let mask: u32 = 0;
    const end = toCol == 0 ? 32 : toCol;
    for (let c = fromCol; c <= end; c++) mask |= <u32>1 << <u32>(c - 1);
    unchecked(fromEntry[ctx] = first);
    unchecked(toEntry[ctx] = last);
    unchecked(columns[ctx] = mask);
    unchecked(selector[ctx] = sel);
    return AccessResult.SUCCESS;
  }
  return AccessResult.SCOPE_OF_ACCESS_VIOLATED;
}
