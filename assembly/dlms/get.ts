// GET service (Green Book 9.3.6): normal, with-list, and next for block transfer of long answers.
// A long answer is never held whole: each block regenerates the value with the writer's window moved on.
import { AxdrReader, AxdrWriter, lengthSize } from "./axdr";
import { AccessResult } from "../cosem/table";
import { cosemGet, cosemCheck, cosemSelect } from "../cosem/objects";
import { selectionClear, selectionUse } from "../cosem/selective";

export const enum GetChoice {
  NORMAL = 1,
  NEXT = 2,
  WITH_LIST = 3,
}

export const GET_RESPONSE: i32 = 0xc4;
export const CONTEXTS: i32 = 2;
// Attribute descriptors a with-list request may carry: class u16, logical name, attribute; 10 bytes each.
export const LIST_MAX: i32 = 16;
const DESCRIPTOR_BYTES: i32 = 10;
const DESCRIPTORS: usize = memory.data(CONTEXTS * LIST_MAX * DESCRIPTOR_BYTES);
// Block header: C4 02 invoke last(1) block-number(4) raw-data choice(1) length(1..3).
const BLOCK_HEADER_MAX: i32 = 12;

// Block transfer in progress per context: the request (kind, items), block number and bytes sent.
const blockKind = new StaticArray<i32>(CONTEXTS); // 0 none, else GetChoice.NORMAL or WITH_LIST
const blockItems = new StaticArray<i32>(CONTEXTS);
const blockNumber = new StaticArray<u32>(CONTEXTS);
const blockSent = new StaticArray<i32>(CONTEXTS);

const w = new AxdrWriter();

export function getAbort(ctx: i32): void {
  unchecked(blockKind[ctx] = 0);
}

export function getBlockInProgress(ctx: i32): bool {
  return unchecked(blockKind[ctx]) != 0;
}

@noinline
function descriptor(ctx: i32, item: i32): usize {
  return DESCRIPTORS + <usize>((ctx * LIST_MAX + item) * DESCRIPTOR_BYTES);
}

@noinline
function itemClass(d: usize): i32 { return (<i32>load<u8>(d) << 8) | <i32>load<u8>(d, 1); }
function itemAttr(d: usize): i32 { return <i32>load<i8>(d, 8); }

// Reads class, name, attribute and the access selection. A normal GET (ctx >= 0) hands a selector
// and its parameters to the object (profile buffers take one); a list item (ctx -1) may not carry one.
function readDescriptor(r: AxdrReader, d: usize, ctx: i32): AccessResult {
  const at = r.take(9);
  if (r.bad) return AccessResult.OTHER_REASON;
  memory.copy(d, at, 9);
  if (r.u8() != 0) {
    if (ctx < 0) {
      r.skip(r.remaining());
      return AccessResult.SCOPE_OF_ACCESS_VIOLATED;
    }
    const selector = r.u8();
    if (r.bad) return AccessResult.OTHER_REASON;
    const result = cosemSelect(ctx, itemClass(d), d + 2, itemAttr(d), selector, r);
    if (result != AccessResult.SUCCESS) r.skip(r.remaining()); // the parameters of a refused selection
    return result;
  }
  return AccessResult.SUCCESS;
}

// One Get-Data-Result: 00 Data, or 01 data-access-result. A failure the check did not foresee
// (a hardware fault met while encoding) leaves null-data behind the success choice.
function putResult(d: usize, refused: AccessResult): void {
  const status = refused != AccessResult.SUCCESS ? refused : cosemCheck(itemClass(d), d + 2, itemAttr(d));
  if (status != AccessResult.SUCCESS) {
    w.u8(1);
    w.u8(<i32>status);
    return;
  }
  w.u8(0);
  const mark = w.total;
  if (cosemGet(itemClass(d), d + 2, itemAttr(d), w) != AccessResult.SUCCESS && w.total == mark) w.u8(0);
}

// The value a block transfer carries: the Data of a normal GET, the result list of a with-list GET.
function putBody(ctx: i32, kind: i32, items: i32): void {
  selectionUse(ctx, kind == <i32>GetChoice.NORMAL);
  if (kind == <i32>GetChoice.NORMAL) {
    const d = descriptor(ctx, 0);
    cosemGet(itemClass(d), d + 2, itemAttr(d), w);
    return;
  }
  w.length_(items);
  for (let k = 0; k < items && !w.overflow; k++) putResult(descriptor(ctx, k), AccessResult.SUCCESS);
}

// Block `blockNumber + 1` into out: raw data after a header whose length field fits its size.
function putBlock(ctx: i32, invoke: i32, out: usize, outCap: i32): i32 {
  const raw = outCap - BLOCK_HEADER_MAX;
  w.reset(out + <usize>BLOCK_HEADER_MAX, raw, unchecked(blockSent[ctx]));
  putBody(ctx, unchecked(blockKind[ctx]), unchecked(blockItems[ctx]));
  const n = w.pos;
  const last = !w.overflow;
  const number = unchecked(blockNumber[ctx]) + 1;
  const header = 9 + lengthSize(n);
  memory.copy(out + <usize>header, out + <usize>BLOCK_HEADER_MAX, n);
  w.reset(out, header, 0);
  w.u8(GET_RESPONSE);
  w.u8(<i32>GetChoice.NEXT);
  w.u8(invoke);
  w.u8(last ? 1 : 0);
  w.u32(number);
  w.u8(0); // raw-data
  w.length_(n);
  unchecked(blockNumber[ctx] = number);
  unchecked(blockSent[ctx] += n);
  if (last) unchecked(blockKind[ctx] = 0);
  return header + n;
}

function putBlockRefusal(invoke: i32, number: u32, result: AccessResult, out: usize): i32 {
  w.reset(out, 10, 0);
  w.u8(GET_RESPONSE);
  w.u8(<i32>GetChoice.NEXT);
  w.u8(invoke);
  w.u8(1);
  w.u32(number);
  w.u8(1);
  w.u8(<i32>result);
  return 10;
}

// The answer in one APDU when it fits in outCap, else block 1 of a transfer the client pulls with GET next.
function answer(ctx: i32, kind: i32, items: i32, refused: AccessResult, invoke: i32, out: usize, outCap: i32): i32 {
  w.reset(out, outCap, 0);
  w.u8(GET_RESPONSE);
  w.u8(kind);
  w.u8(invoke);
  if (kind == <i32>GetChoice.NORMAL) {
    selectionUse(ctx, true);
    putResult(descriptor(ctx, 0), refused);
  } else {
    putBody(ctx, kind, items);
  }
  if (!w.overflow) return w.pos;
  unchecked(blockKind[ctx] = kind);
  unchecked(blockItems[ctx] = items);
  unchecked(blockNumber[ctx] = 0);
  unchecked(blockSent[ctx] = 0);
  return putBlock(ctx, invoke, out, outCap);
}

// A GET request after its tag; returns the answer's length at out, or -1 for a malformed request.
export function getRequest(ctx: i32, r: AxdrReader, out: usize, outCap: i32): i32 {
  const choice = r.u8();
  const invoke = r.u8();
  if (choice == <i32>GetChoice.NEXT) {
    const number = r.u32();
    if (r.bad || r.remaining() != 0) return -1;
    if (unchecked(blockKind[ctx]) == 0) return putBlockRefusal(invoke, number, AccessResult.NO_LONG_GET_IN_PROGRESS, out);
    if (number != unchecked(blockNumber[ctx])) {
      getAbort(ctx);
      return putBlockRefusal(invoke, number, AccessResult.DATA_BLOCK_NUMBER_INVALID, out);
    }
    return putBlock(ctx, invoke, out, outCap);
  }
  getAbort(ctx); // a new request ends a transfer the client left unfinished
  selectionClear(ctx);
  if (choice == <i32>GetChoice.NORMAL) {
    const refused = readDescriptor(r, descriptor(ctx, 0), ctx);
    if (r.bad || r.remaining() != 0) return -1;
    return answer(ctx, choice, 1, refused, invoke, out, outCap);
  }
  if (choice == <i32>GetChoice.WITH_LIST) {
    const items = r.length_();
    if (r.bad || items < 1 || items > LIST_MAX) return -1;
    for (let k = 0; k < items; k++) {
      // Selective access in a list item cannot be answered item by item here: the request is refused whole.
      if (readDescriptor(r, descriptor(ctx, k), -1) != AccessResult.SUCCESS) return -1;
    }
    if (r.bad || r.remaining() != 0) return -1;
    return answer(ctx, choice, items, AccessResult.SUCCESS, invoke, out, outCap);
  }
  return -1;
}
