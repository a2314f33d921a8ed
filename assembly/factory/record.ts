// Factory record: the type number X1..X16 and the Z codes as ordered, written once at production (docs/NVM.md).
import { Err } from "../errors";
import { RecordRing } from "../store/ring";
import { FACTORY_FIRST_SECTOR, FACTORY_SECTORS } from "../store/layout";
import { X_COUNT, Z_COUNT } from "./codes";

// Payload after the ring's 12-byte header: 16 u8 type number characters (X1..X16), 30 u16 Z codes
// (Z1..Z30, Z21..Z24 0), 4 bytes reserved 0; then the CRC.
const X_AT: i32 = 12;
const Z_AT: i32 = X_AT + X_COUNT;
export const FACTORY_RECORD_BYTES: i32 = Z_AT + 2 * Z_COUNT + 4 + 4;
const ring = new RecordRing(FACTORY_FIRST_SECTOR, FACTORY_SECTORS, 0x59464d57 /* "WMFY" */, 1, FACTORY_RECORD_BYTES);
const BUF: usize = memory.data(FACTORY_RECORD_BYTES);
// Index 1..16 and 1..30 as stored; all 0 while the meter has no factory record.
const XS = new StaticArray<i32>(X_COUNT + 1);
const ZS = new StaticArray<i32>(Z_COUNT + 1);
let present = false;

export function factoryPresent(): bool {
  return present;
}

// Boot: the newest intact factory record, if any.
export function factoryLoad(): bool {
  present = ring.load(BUF) && ring.read(0, BUF) == Err.OK;
  for (let i = 1; i <= X_COUNT; i++) XS[i] = present ? <i32>load<u8>(BUF + <usize>(X_AT + i - 1)) : 0;
  for (let i = 1; i <= Z_COUNT; i++) ZS[i] = present ? <i32>load<u16>(BUF + <usize>(Z_AT + 2 * (i - 1))) : 0;
  return present;
}

// The one write of the factory step; the caller has validated the order.
export function factoryWrite(xs: StaticArray<i32>, zs: StaticArray<i32>): Err {
  if (present) return Err.NOT_PERMITTED;
  memory.fill(BUF, 0, FACTORY_RECORD_BYTES);
  for (let i = 1; i <= X_COUNT; i++) store<u8>(BUF + <usize>(X_AT + i - 1), <u8>xs[i]);
  for (let i = 1; i <= Z_COUNT; i++) store<u16>(BUF + <usize>(Z_AT + 2 * (i - 1)), <u16>zs[i]);
  const status = ring.append(BUF);
  if (status != Err.OK) return status;
  for (let i = 1; i <= X_COUNT; i++) XS[i] = xs[i];
  for (let i = 1; i <= Z_COUNT; i++) ZS[i] = zs[i];
  present = true;
  return Err.OK;
}

// Type number character X`index` (0 without a factory record or outside 1..16).
export function factoryX(index: i32): i32 {
  return index >= 1 && index <= X_COUNT ? XS[index] : 0;
}

// Z`index` as ordered (-1 outside 1..30 or without a factory record).
export function factoryZ(index: i32): i32 {
  return present && index >= 1 && index <= Z_COUNT ? ZS[index] : -1;
}
