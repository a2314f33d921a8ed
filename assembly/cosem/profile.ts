// Class 7 Profile generic (version 1): the load profile, the billing profiles and the six event logs, with selective access.
import { AxdrReader, AxdrWriter, Tag } from "../dlms/axdr";
import { AccessResult, Binding } from "./table";
import { Err } from "../errors";
import { RecordRing } from "../store/ring";
import { lpSeek, lpNext, lpKeepS, LP_ENTRY } from "../profile/store";
import { lpEncodedBytes } from "../profile/codec";
import { LP_SECTORS } from "../store/layout";
import { configGet, ConfigId } from "../config";
import { eventLogRing, EVENT_BUFFER } from "../events/log";
import { billingRing, logger2Ring, BILLING_BUFFER } from "../registers/billing";
import { meterBillingStop } from "../meter";
import { alogRing, alogPeriodS, ALOG_BUFFER } from "../alog/logger";
import { alogProfileAction } from "./alog";
import { columnCount, column, columnBytes, colClass, colKind, COL_NAME, putDefinition, putColumn, eventLogOfBinding } from "./columns";
import {
  Selector, selectionParse, selectionSelector, selectionFromS, selectionToS, selectionFromEntry, selectionToEntry,
  selectionColumns, selectionResolved, selectionCount, selectionFirstKey, selectionMemoIndex,
  selectionResolve, selectionMemo, selectionMemoRestore, selectionFirstRestore, selectionColumnsOf,
} from "./selective";

const SORT_FIFO: i32 = 1;
// The writer's A-XDR length goes to 0xFFFF: a longer selection answers its first 65535 entries (the
// load profile of Z29 1 at no load holds more; a head-end reads it by range or entry in parts).
const MAX_ANSWER_ENTRIES: i32 = 0xffff;

export function isProfile(b: i32): bool {
  return (b >= <i32>Binding.LOAD_PROFILE && b <= <i32>Binding.POWER_FAILURE_LOG) || b == <i32>Binding.ANALYSIS_LOGGER;
}

// The column (0-based) capturing this object's attribute, or -1.
export function profileColumnOf(b: i32, classId: i32, ln: usize, attr: i32): i32 {
  if (attr != 2) return -1;
  const n = columnCount(b);
  for (let k = 0; k < n; k++) {
    column(b, k);
    if (colClass != classId) continue;
    let same = true;
    for (let j = 0; j < 6 && same; j++) same = load<u8>(ln + <usize>j) == load<u8>(COL_NAME + <usize>j);
    if (same) return k;
  }
  return -1;
}

// Selective access on the buffer (attribute 2) only; the parameters are checked whole here.
export function profileSelect(ctx: i32, b: i32, attr: i32, sel: i32, r: AxdrReader): AccessResult {
  if (attr != 2) return AccessResult.SCOPE_OF_ACCESS_VIOLATED;
  const result = selectionParse(ctx, sel, r, b);
  if (result != AccessResult.SUCCESS) return result;
  // Selected values beyond the capture objects select nothing: refused rather than answered empty.
  const chosen = selectionColumnsOf(ctx);
  const n = columnCount(b);
  const all: u32 = n >= 32 ? 0xffffffff : (<u32>1 << <u32>n) - 1;
  return chosen != 0 && (chosen & all) == 0 ? AccessResult.OTHER_REASON : AccessResult.SUCCESS;
}

function ringOf(b: i32): RecordRing {
  if (b == <i32>Binding.BILLING_PROFILE) return billingRing;
  if (b == <i32>Binding.LOGGER2_PROFILE) return logger2Ring;
  if (b == <i32>Binding.ANALYSIS_LOGGER) return alogRing();
  return eventLogRing(eventLogOfBinding(b));
}

function ringBuffer(b: i32): usize {
  if (b == <i32>Binding.ANALYSIS_LOGGER) return ALOG_BUFFER;
  return b == <i32>Binding.BILLING_PROFILE || b == <i32>Binding.LOGGER2_PROFILE ? BILLING_BUFFER : EVENT_BUFFER;
}

// Records a ring gives back now, newest first, up to the first slot that is not the next older one.
function ringDepth(ring: RecordRing, buf: usize): i32 {
  let back = 0;
  while (true) {
    const status = ring.read(back, buf);
    if (status == Err.OUT_OF_RANGE || status == Err.NOT_READY || status == Err.NVM_FAULT) return back;
    back++;
  }
  return back;
}

// Every load profile entry once (the ring has no count of its own): for entries_in_use and entry access.
let scanFirstTimeS: i64 = 0;
function lpCount(wantIndex: i32): i32 {
  if (lpSeek(i64.MIN_VALUE) != Err.OK) return 0;
  let n = 0;
  while (true) {
    if (n == wantIndex) selectionMemo(0); // the cursor before the answer's first entry
    if (lpNext() != Err.OK) break;
    if (n == wantIndex) scanFirstTimeS = load<i64>(LP_ENTRY);
    n++;
  }
  return n;
}

let resCount: i32 = 0;
let resFirst: i64 = 0; // load profile: time of the first entry; rings: its sequence number

// Finds which entries the selection covers: a count and where the first is.
function resolve(b: i32): void {
  const sel = selectionSelector();
  resCount = 0;
  resFirst = 0;
  if (b == <i32>Binding.LOAD_PROFILE) {
    if (sel == Selector.RANGE) {
      const to = selectionToS();
      if (lpSeek(selectionFromS()) != Err.OK) return;
      while (true) {
        if (resCount == 0) selectionMemo(0); // the cursor before the answer's first entry
        if (lpNext() != Err.OK) break;
        const t = load<i64>(LP_ENTRY);
        if (t > to) break;
        if (resCount == 0) resFirst = t;
        resCount++;
      }
      return;
    }
    const from = sel == Selector.ENTRY ? <i32>selectionFromEntry() : 1;
    const total = lpCount(from - 1);
    resFirst = scanFirstTimeS;
    resCount = entrySpan(total, sel);
    return;
  }
  const ring = ringOf(b);
  const buf = ringBuffer(b);
  const depth = ringDepth(ring, buf);
  const oldestSeq = <i64>ring.newestSeq - <i64>depth + 1;
  if (sel == Selector.RANGE) {
    const from = selectionFromS();
    const to = selectionToS();
    let lo: i64 = -1;
    let hi: i64 = -1;
    for (let back = depth - 1; back >= 0; back--) {
      if (ring.read(back, buf) != Err.OK) continue;
      const t = load<i64>(buf, 12);
      if (t < from || t > to) continue;
      const seq = <i64>ring.newestSeq - <i64>back;
      if (lo < 0) lo = seq;
      hi = seq;
    }
    if (lo >= 0) {
      resFirst = lo;
      resCount = <i32>(hi - lo + 1);
    }
    return;
  }
  resFirst = oldestSeq + (sel == Selector.ENTRY ? <i64>selectionFromEntry() - 1 : 0);
  resCount = entrySpan(depth, sel);
}

// Entries from_entry..to_entry of `total` (all of them without a selection).
function entrySpan(total: i32, sel: Selector): i32 {
  if (sel != Selector.ENTRY) return total;
  const from = <i64>selectionFromEntry();
  const last = selectionToEntry() == 0 ? <i64>total : min(<i64>selectionToEntry(), <i64>total);
  return last < from ? 0 : <i32>(last - from + 1);
}

function columnMask(b: i32): u32 {
  const n = columnCount(b);
  const all: u32 = n >= 32 ? 0xffffffff : (<u32>1 << <u32>n) - 1;
  const chosen = selectionColumns();
  return chosen == 0 ? all : chosen & all;
}

// The buffer: an array of entries of fixed size, so a block skips the entries before its window by
// arithmetic and reads only its own (a load profile block seeks from the entry the last block began in).
function putBuffer(b: i32, w: AxdrWriter): AccessResult {
  const mask = columnMask(b);
  if (mask == 0) return AccessResult.OTHER_REASON; // selected values beyond the capture objects
  if (selectionResolved()) {
    resCount = selectionCount();
    resFirst = selectionFirstKey();
  } else {
    resolve(b);
    if (resCount > MAX_ANSWER_ENTRIES) resCount = MAX_ANSWER_ENTRIES;
    selectionResolve(resCount, resFirst);
  }
  const columns = <i32>popcnt<u32>(mask);
  let entryBytes = 2;
  for (let k = 0; k < 32; k++) {
    if ((mask & (<u32>1 << <u32>k)) == 0) continue;
    column(b, k);
    entryBytes += columnBytes(colKind);
  }
  w.container(Tag.ARRAY, resCount);
  if (resCount == 0) return AccessResult.SUCCESS;
  const first = min(w.skip / entryBytes, resCount);
  w.skipWhole(first * entryBytes);
  if (b == <i32>Binding.LOAD_PROFILE && first < resCount) lpPosition(first);
  const isLp = b == <i32>Binding.LOAD_PROFILE;
  const ring = ringOf(isLp ? <i32>Binding.BILLING_PROFILE : b);
  for (let i = first; i < resCount && !w.overflow; i++) {
    let valid: bool;
    if (isLp) {
      selectionMemo(i);
      valid = lpNext() == Err.OK;
    } else {
      const back = <i64>ring.newestSeq - (resFirst + <i64>i);
      valid = back >= 0 && back < <i64>i32.MAX_VALUE && ring.read(<i32>back, ringBuffer(b)) == Err.OK;
    }
    w.container(Tag.STRUCTURE, columns);
    for (let k = 0; k < 32; k++) if ((mask & (<u32>1 << <u32>k)) != 0) putColumn(w, b, k, valid);
  }
  return AccessResult.SUCCESS;
}

// Puts the load profile cursor before entry `index` of the answer: where the last block began its
// last entry, or the cursor the resolution kept before the first (no flash read but the sector's
// anchor), else a seek to the first.
function lpPosition(index: i32): void {
  let at = 0;
  if (selectionMemoIndex() <= index && selectionMemoRestore()) {
    at = selectionMemoIndex();
  } else if (!selectionFirstRestore()) {
    lpSeek(resFirst);
  }
  for (; at < index; at++) if (lpNext() != Err.OK) return;
}

function entriesInUse(b: i32): i32 {
  if (b == <i32>Binding.LOAD_PROFILE) return lpCount(-1);
  return ringDepth(ringOf(b), ringBuffer(b));
}

// Depth: the ring's guaranteed records; the load profile's at full load (100 A at 230 V) of its channels and
// period, at most the country's limit (Austria: 60 days, 5760 entries of 15 min).
function profileEntries(b: i32): i32 {
  if (b != <i32>Binding.LOAD_PROFILE) return ringOf(b).guaranteedDepth;
  const periodS = capturePeriodS(b);
  const bytes = lpEncodedBytes(configGet(ConfigId.LP_CHANNELS), <i64>23000 * <i64>periodS / 3600, periodS);
  const depth = bytes <= 0 ? 0 : (LP_SECTORS - 1) * ((4096 - 96) / bytes);
  const keepS = lpKeepS();
  return keepS == 0 ? depth : min(depth, <i32>(keepS / <i64>periodS));
}

function capturePeriodS(b: i32): i32 {
  if (b == <i32>Binding.ANALYSIS_LOGGER) return alogPeriodS();
  if (b != <i32>Binding.LOAD_PROFILE) return 0; // captured on events and stops, not periodically
  const z4 = configGet(ConfigId.INTEGRATION_PERIOD);
  return z4 == 3 ? 1800 : z4 == 4 ? 3600 : 900;
}

export function profileGet(b: i32, attr: i32, w: AxdrWriter): AccessResult {
  switch (attr) {
    case 2: return putBuffer(b, w);
    case 3: {
      const n = columnCount(b);
      w.container(Tag.ARRAY, n);
      for (let k = 0; k < n; k++) putDefinition(w, b, k);
      break;
    }
    case 4: w.tagged32(Tag.DOUBLE_LONG_UNSIGNED, <u32>capturePeriodS(b)); break;
    case 5: w.tagged8(Tag.ENUM, SORT_FIFO); break;
    case 6: putDefinition(w, b, 0); break;
    case 7: w.tagged32(Tag.DOUBLE_LONG_UNSIGNED, <u32>entriesInUse(b)); break;
    case 8: w.tagged32(Tag.DOUBLE_LONG_UNSIGNED, <u32>profileEntries(b)); break;
    default: return AccessResult.READ_WRITE_DENIED;
  }
  return AccessResult.SUCCESS;
}

// Method 2 capture of the billing profile is an external debiting stop (Z7 00 as by command); the
// analysis logger offers reset and capture (cosem/alog.ts); the other profiles capture on their own
// schedule and reset is not offered (stored legal data stays).
export function profileAction(b: i32, method: i32, hasParams: bool): AccessResult {
  if (b == <i32>Binding.ANALYSIS_LOGGER) return alogProfileAction(method);
  if (b != <i32>Binding.BILLING_PROFILE || method != 2) return AccessResult.READ_WRITE_DENIED;
  return meterBillingStop() == Err.OK ? AccessResult.SUCCESS : AccessResult.TEMPORARY_FAILURE;
}
