// SET service (Green Book 9.3.7): normal and with-list; configuration items of a list apply all or none.
import { AxdrReader, skipData } from "./axdr";
import { AccessResult, Binding, rowBinding } from "../cosem/table";
import { cosemSet, cosemWritable } from "../cosem/objects";
import { configStageBegin, configStage, configStageApply, stageRefusal, STAGE_MAX } from "../cosem/settings";

export const enum SetChoice {
  NORMAL = 1,
  WITH_FIRST_DATABLOCK = 2,
  WITH_DATABLOCK = 3,
  WITH_LIST = 4,
  WITH_LIST_AND_FIRST_DATABLOCK = 5,
}
const SET_RESPONSE: i32 = 0xc5;
const RESPONSE_WITH_LIST: i32 = 5;
const EXCEPTION_RESPONSE: i32 = 0xd8;

// Items of a with-list: class u16, logical name, attribute (9 bytes), where each value starts, its result.
export const SET_LIST_MAX: i32 = STAGE_MAX;
const DESCRIPTOR_BYTES: i32 = 9;
const DESCRIPTORS: usize = memory.data(SET_LIST_MAX * DESCRIPTOR_BYTES);
const valueAt = new StaticArray<i32>(SET_LIST_MAX);
const results = new StaticArray<i32>(SET_LIST_MAX);
const rows = new StaticArray<i32>(SET_LIST_MAX);

function descriptorClass(d: usize): i32 { return (<i32>load<u8>(d) << 8) | <i32>load<u8>(d, 1); }
function descriptorAttr(d: usize): i32 { return <i32>load<i8>(d, 8); }

function head(out: usize, choice: i32, invoke: i32): void {
  store<u8>(out, <u8>SET_RESPONSE);
  store<u8>(out, <u8>choice, 1);
  store<u8>(out, <u8>invoke, 2);
}

// SET normal: the value must be one well-formed Data that ends the APDU before anything is applied.
function setNormal(r: AxdrReader, invoke: i32, out: usize): i32 {
  const d = r.take(DESCRIPTOR_BYTES);
  const selective = r.u8();
  const at = r.pos;
  if (r.bad || selective != 0 || !skipData(r) || r.remaining() != 0) return -1;
  r.pos = at;
  const result = cosemSet(descriptorClass(d), d + 2, descriptorAttr(d), r);
  head(out, <i32>SetChoice.NORMAL, invoke);
  store<u8>(out, <u8>result, 3);
  return 4;
}

// Marks every item still SUCCESS as not applied: a list is one change.
function notApplied(n: i32): void {
  for (let k = 0; k < n; k++) if (unchecked(results[k]) == <i32>AccessResult.SUCCESS) unchecked(results[k] = <i32>AccessResult.TEMPORARY_FAILURE);
}

// SET with-list: every item is checked (object, right, type) before anything changes; the configuration
// items then apply as one record or not at all, and only then the others (clock, secret), each on its own.
// A refused item carries its own result, the items not applied because of it temporary-failure (2).
function setWithList(r: AxdrReader, invoke: i32, out: usize): i32 {
  const n = r.length_();
  if (r.bad || n < 1 || n > SET_LIST_MAX) return -1;
  for (let k = 0; k < n; k++) {
    const at = r.take(DESCRIPTOR_BYTES);
    const selective = r.u8();
    if (r.bad) return -1;
    memory.copy(DESCRIPTORS + <usize>(k * DESCRIPTOR_BYTES), at, DESCRIPTOR_BYTES);
    unchecked(results[k] = selective != 0 ? <i32>AccessResult.SCOPE_OF_ACCESS_VIOLATED : <i32>AccessResult.SUCCESS);
  }
  if (r.length_() != n || r.bad) return -1;
  for (let k = 0; k < n; k++) {
    unchecked(valueAt[k] = r.pos);
    if (!skipData(r)) return -1;
  }
  if (r.remaining() != 0) return -1;
  configStageBegin();
  let refused = false;
  let configItems = 0;
  for (let k = 0; k < n; k++) {
    const d = DESCRIPTORS + <usize>(k * DESCRIPTOR_BYTES);
    if (unchecked(results[k]) != <i32>AccessResult.SUCCESS) {
      refused = true;
      continue;
    }
    const row = cosemWritable(descriptorClass(d), d + 2, descriptorAttr(d));
    unchecked(rows[k] = row);
    if (row < 0) {
      unchecked(results[k] = -row);
    } else if (rowBinding(row) == Binding.CONFIG) {
      r.pos = unchecked(valueAt[k]);
      unchecked(results[k] = <i32>configStage(row, r));
      configItems++;
    }
    if (unchecked(results[k]) != <i32>AccessResult.SUCCESS) refused = true;
  }
  if (!refused && configItems > 0) {
    const failed = configStageApply();
    if (failed >= 0) {
      // The failed stage index is the failed-th configuration item (all of them when the record failed).
      let seen = 0;
      for (let k = 0; k < n; k++) {
        if (unchecked(rows[k]) < 0 || rowBinding(unchecked(rows[k])) != Binding.CONFIG) continue;
        if (seen == failed || failed >= configItems) unchecked(results[k] = <i32>stageRefusal);
        seen++;
      }
      refused = true;
    }
  }
  if (refused) {
    notApplied(n);
  } else {
    for (let k = 0; k < n; k++) {
      if (rowBinding(unchecked(rows[k])) == Binding.CONFIG) continue;
      const d = DESCRIPTORS + <usize>(k * DESCRIPTOR_BYTES);
      r.pos = unchecked(valueAt[k]);
      unchecked(results[k] = <i32>cosemSet(descriptorClass(d), d + 2, descriptorAttr(d), r));
    }
  }
  head(out, RESPONSE_WITH_LIST, invoke);
  store<u8>(out, <u8>n, 3);
  for (let k = 0; k < n; k++) store<u8>(out + <usize>(4 + k), <u8>unchecked(results[k]));
  return 4 + n;
}

// A SET request after its tag; the answer's length at out, or -1 for a malformed request. Block transfer
// with SET is not offered (not in the conformance): its choices get exception-response service-not-supported.
export function setRequest(r: AxdrReader, out: usize): i32 {
  const choice = r.u8();
  const invoke = r.u8();
  if (choice == <i32>SetChoice.NORMAL) return setNormal(r, invoke, out);
  if (choice == <i32>SetChoice.WITH_LIST) return setWithList(r, invoke, out);
  store<u8>(out, <u8>EXCEPTION_RESPONSE);
  store<u8>(out, 1, 1); // service-not-allowed
  store<u8>(out, 2, 2); // service-not-supported
  return 3;
}
