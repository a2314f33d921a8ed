// SET service (Green Book 9.3.7): normal, with-list, and both with block transfer; lists apply all or none.
import { AxdrReader, skipData } from "./axdr";
import { CONTEXTS } from "./get";
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
const RESPONSE_DATABLOCK: i32 = 2;
const RESPONSE_LAST_DATABLOCK: i32 = 3;
const RESPONSE_LAST_DATABLOCK_WITH_LIST: i32 = 4;
const RESPONSE_WITH_LIST: i32 = 5;
const EXCEPTION_RESPONSE: i32 = 0xd8;

// Block transfer reassembles, per context, the request as SET normal or with-list would carry it whole
// (descriptors, then the raw-data of all blocks): the largest writable value, the passive day profile
// table (8 days of 8 switches, 1266 bytes), fits with room to spare. 2 x 1536 bytes of RAM.
export const SET_BLOCK_MAX: i32 = 1536;
const BLOCK_BUFFER: usize = memory.data(CONTEXTS * SET_BLOCK_MAX);
const blockKind = new StaticArray<i32>(CONTEXTS); // 0 none, else SetChoice.NORMAL or WITH_LIST
const blockNumber = new StaticArray<u32>(CONTEXTS);
const blockFill = new StaticArray<i32>(CONTEXTS);
const whole = new AxdrReader();

// Ends a long SET of the context: the blocks received so far are dropped, nothing was applied.
@noinline
export function setAbort(ctx: i32): void {
  unchecked(blockKind[ctx] = 0);
}

export function setBlockInProgress(ctx: i32): bool {
  return unchecked(blockKind[ctx]) != 0;
}

// Items of a with-list: class u16, logical name, attribute (9 bytes), where each value starts, its result.
export const SET_LIST_MAX: i32 = STAGE_MAX;
const DESCRIPTOR_BYTES: i32 = 9;
const DESCRIPTORS: usize = memory.data(SET_LIST_MAX * DESCRIPTOR_BYTES);
const valueAt = new StaticArray<i32>(SET_LIST_MAX);
const results = new StaticArray<i32>(SET_LIST_MAX);
const rows = new StaticArray<i32>(SET_LIST_MAX);

function descriptorClass(d: usize): i32 { return (<i32>load<u8>(d) << 8) | <i32>load<u8>(d, 1); }
function descriptorAttr(d: usize): i32 { return <i32>load<i8>(d, 8); }

@noinline
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

function putU32(out: usize, v: u32): void {
  store<u8>(out, <u8>(v >> 24));
  store<u8>(out, <u8>(v >> 16), 1);
  store<u8>(out, <u8>(v >> 8), 2);
  store<u8>(out, <u8>v, 3);
}

// SET-Response-Last-Datablock: the transfer's result and the block number it ends on.
function lastBlock(out: usize, invoke: i32, result: AccessResult, number: u32): i32 {
  head(out, RESPONSE_LAST_DATABLOCK, invoke);
  store<u8>(out, <u8>result, 3);
  putU32(out + 4, number);
  return 8;
}

// One DataBlock-SA (last-block, block-number, raw-data ending the APDU) appended to the context's buffer.
// A wrong number ends the transfer (19), so does a value that outgrows the buffer (17): nothing applied.
function takeBlock(ctx: i32, r: AxdrReader, invoke: i32, out: usize): i32 {
  const last = r.u8();
  const number = r.u32();
  const n = r.length_();
  const raw = r.take(n);
  if (r.bad || r.remaining() != 0) {
    setAbort(ctx);
    return -1;
  }
  if (number != unchecked(blockNumber[ctx]) + 1) {
    setAbort(ctx);
    return lastBlock(out, invoke, AccessResult.DATA_BLOCK_NUMBER_INVALID, number);
  }
  const fill = unchecked(blockFill[ctx]);
  if (n > SET_BLOCK_MAX - fill) {
    setAbort(ctx);
    return lastBlock(out, invoke, AccessResult.LONG_SET_ABORTED, number);
  }
  const buffer = BLOCK_BUFFER + <usize>(ctx * SET_BLOCK_MAX);
  memory.copy(buffer + <usize>fill, raw, n);
  unchecked(blockFill[ctx] = fill + n);
  unchecked(blockNumber[ctx] = number);
  if (last == 0) {
    head(out, RESPONSE_DATABLOCK, invoke);
    putU32(out + 3, number);
    return 7;
  }
  // The whole request, checked and applied exactly as SET normal or with-list would; then the block number.
  const kind = unchecked(blockKind[ctx]);
  setAbort(ctx);
  whole.reset(buffer, fill + n);
  const length = kind == <i32>SetChoice.NORMAL ? setNormal(whole, invoke, out) : setWithList(whole, invoke, out);
  if (length < 0) return -1;
  store<u8>(out, <u8>(kind == <i32>SetChoice.NORMAL ? RESPONSE_LAST_DATABLOCK : RESPONSE_LAST_DATABLOCK_WITH_LIST), 1);
  putU32(out + <usize>length, number);
  return length + 4;
}

// First block: the descriptor part (one, or a list, without selective access) goes to the buffer as the
// whole request would start. A refused attribute of a normal SET ends it here, before any data is sent.
function firstBlock(ctx: i32, r: AxdrReader, choice: i32, invoke: i32, out: usize): i32 {
  setAbort(ctx);
  const start = r.pos;
  let n = 1;
  if (choice == <i32>SetChoice.WITH_LIST_AND_FIRST_DATABLOCK) {
    n = r.length_();
    if (r.bad || n < 1 || n > SET_LIST_MAX) return -1;
  }
  let d: usize = 0;
  for (let k = 0; k < n; k++) {
    d = r.take(DESCRIPTOR_BYTES);
    if (r.u8() != 0 || r.bad) return -1;
  }
  const descriptors = r.pos - start;
  if (choice == <i32>SetChoice.WITH_FIRST_DATABLOCK) {
    const row = cosemWritable(descriptorClass(d), d + 2, descriptorAttr(d));
    if (row < 0) {
      // The rest must still be well-formed: a malformed request is refused as such.
      r.u8();
      const number = r.u32();
      r.skip(r.length_());
      if (r.bad || r.remaining() != 0) return -1;
      return lastBlock(out, invoke, <AccessResult>(-row), number);
    }
  }
  memory.copy(BLOCK_BUFFER + <usize>(ctx * SET_BLOCK_MAX), r.base + <usize>start, descriptors);
  unchecked(blockKind[ctx] = choice == <i32>SetChoice.WITH_FIRST_DATABLOCK ? <i32>SetChoice.NORMAL : <i32>SetChoice.WITH_LIST);
  unchecked(blockNumber[ctx] = 0);
  unchecked(blockFill[ctx] = descriptors);
  return takeBlock(ctx, r, invoke, out);
}

// A SET request after its tag; the answer's length at out, or -1 for a malformed request. Any request but
// the next datablock ends a long SET in progress (the server calls setAbort).
export function setRequest(ctx: i32, r: AxdrReader, out: usize): i32 {
  const choice = r.u8();
  const invoke = r.u8();
  if (choice == <i32>SetChoice.NORMAL) return setNormal(r, invoke, out);
  if (choice == <i32>SetChoice.WITH_LIST) return setWithList(r, invoke, out);
  if (choice == <i32>SetChoice.WITH_FIRST_DATABLOCK || choice == <i32>SetChoice.WITH_LIST_AND_FIRST_DATABLOCK) {
    return firstBlock(ctx, r, choice, invoke, out);
  }
  if (choice == <i32>SetChoice.WITH_DATABLOCK) {
    if (unchecked(blockKind[ctx]) != 0) return takeBlock(ctx, r, invoke, out);
    r.u8();
    const number = r.u32();
    if (r.bad) return -1;
    return lastBlock(out, invoke, AccessResult.NO_LONG_SET_IN_PROGRESS, number);
  }
  store<u8>(out, <u8>EXCEPTION_RESPONSE);
  store<u8>(out, 1, 1); // service-not-allowed
  store<u8>(out, 2, 2); // service-not-supported
  return 3;
}
