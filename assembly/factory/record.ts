// Factory record: the type number X1..X16 and the Z codes as ordered, written once at production, in two copies (docs/NVM.md).
import { Err } from "../errors";
import { RecordRing, ringCorruptRecords } from "../store/ring";
import { FACTORY_FIRST_SECTOR } from "../store/layout";
import { nvmRead, nvmSectorSizeBytes } from "../hal/nvm";
import { X_COUNT, Z_COUNT } from "./codes";

// Payload after the ring's 12-byte header: 16 u8 type number characters (X1..X16), 30 u16 Z codes
// (Z1..Z30, Z21..Z24 0), 4 bytes reserved 0; then the CRC.
const X_AT: i32 = 12;
const Z_AT: i32 = X_AT + X_COUNT;
export const FACTORY_RECORD_BYTES: i32 = Z_AT + 2 * Z_COUNT + 4 + 4;
// The legal copy in sector 235 (the one firmware before the second copy wrote) and the second in 236,
// written first: a cut commit leaves 235 erased (not ordered, the step may be retried).
const first = new RecordRing(FACTORY_FIRST_SECTOR, 1, 0x59464d57 /* "WMFY" */, 1, FACTORY_RECORD_BYTES);
const second = new RecordRing(FACTORY_FIRST_SECTOR + 1, 1, 0x59464d57, 1, FACTORY_RECORD_BYTES);
const BUF: usize = memory.data(FACTORY_RECORD_BYTES);
// Index 1..16 and 1..30 as in force; all 0 while the meter has no factory record.
const XS = new StaticArray<i32>(X_COUNT + 1);
const ZS = new StaticArray<i32>(Z_COUNT + 1);
let present = false;
let firstErased = true;

export function factoryPresent(): bool {
  return present;
}

// Whether sector 235's record slot reads erased: a factory step is refused on anything else (a damaged copy
// must never let a second, different type number in).
export function factoryAreaErased(): bool {
  return firstErased;
}

function slotErased(sector: i32): bool {
  if (nvmRead(sector * nvmSectorSizeBytes(), BUF, FACTORY_RECORD_BYTES) != Err.OK) return false;
  for (let k = 0; k < FACTORY_RECORD_BYTES; k += 4) if (load<u32>(BUF + <usize>k) != 0xffffffff) return false;
  return true;
}

function loadCopy(ring: RecordRing): bool {
  const ok = ring.load(BUF) && ring.read(0, BUF) == Err.OK;
  ring.forgetDamage(); // judged below, copy against copy
  return ok;
}

// Boot: the record from either copy; a copy that is neither intact nor erased (other than the second
// copy of a cut step) is stored data damaged, and the missing or damaged copy is written again.
export function factoryLoad(): bool {
  firstErased = slotErased(FACTORY_FIRST_SECTOR);
  const secondErased = slotErased(FACTORY_FIRST_SECTOR + 1);
  const secondOk = loadCopy(second);
  const firstOk = loadCopy(first); // BUF keeps the first copy's record when it is intact
  if (!firstOk && secondOk) second.read(0, BUF);
  present = firstOk || secondOk;
  if ((!firstErased && !present) || (firstOk && !secondOk && !secondErased)) ringCorruptRecords++;
  if (firstOk != secondOk) (firstOk ? second : first).append(BUF);
  for (let i = 1; i <= X_COUNT; i++) XS[i] = present ? <i32>load<u8>(BUF + <usize>(X_AT + i - 1)) : 0;
  for (let i = 1; i <= Z_COUNT; i++) ZS[i] = present ? <i32>load<u16>(BUF + <usize>(Z_AT + 2 * (i - 1))) : 0;
  return present;
}

// The factory step's order taken as the meter's before it is stored, so the settings it applies are
// checked against its X codes; factoryDrop() forgets it again when the step fails.
export function factoryHold(xs: StaticArray<i32>, zs: StaticArray<i32>): void {
  for (let i = 1; i <= X_COUNT; i++) XS[i] = xs[i];
  for (let i = 1; i <= Z_COUNT; i++) ZS[i] = zs[i];
  present = true;
}

export function factoryDrop(): void {
  for (let i = 1; i <= X_COUNT; i++) XS[i] = 0;
  present = false;
}

// The factory step's writes, the held order to both copies; the caller has validated and applied it.
export function factoryWrite(): Err {
  memory.fill(BUF, 0, FACTORY_RECORD_BYTES);
  for (let i = 1; i <= X_COUNT; i++) store<u8>(BUF + <usize>(X_AT + i - 1), <u8>XS[i]);
  for (let i = 1; i <= Z_COUNT; i++) store<u16>(BUF + <usize>(Z_AT + 2 * (i - 1)), <u16>ZS[i]);
  let status = second.append(BUF);
  if (status == Err.OK) status = first.append(BUF);
  if (status == Err.OK) firstErased = false;
  return status;
}

// Type number character X`index` (0 without a factory record or outside 1..16).
export function factoryX(index: i32): i32 {
  return index >= 1 && index <= X_COUNT ? XS[index] : 0;
}

// The type number as held (index 1..16), for the rule check of a later setting.
export function factoryXs(): StaticArray<i32> {
  return XS;
}

// Z`index` as ordered (-1 outside 1..30 or without a factory record).
export function factoryZ(index: i32): i32 {
  return present && index >= 1 && index <= Z_COUNT ? ZS[index] : -1;
}
