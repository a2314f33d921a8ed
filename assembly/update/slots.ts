// Slot trailer access: the transfer record, the received-blocks and erased-sectors bitmaps, the boot words.
import { Err } from "../errors";
import { fwslotRead, fwslotProgram, fwslotErase } from "../hal/fwslot";
import { crc32 } from "../util/crc32";
import {
  TRAILER_OFFSET, TRAILER_SECTOR, TRANSFER_MAGIC, TRANSFER_VERSION, TRANSFER_RECORD_BYTES, T_BLOCK_BYTES, T_IMAGE_BYTES,
  T_ID_BYTES, T_ID, T_CRC, IDENTIFIER_MAX_BYTES, BLOCK_BITMAP_OFFSET, SECTOR_BITMAP_OFFSET, WORD_SET,
} from "./layout";

const WORD: usize = memory.data(4);
const BYTE: usize = memory.data(1);
const RECORD: usize = memory.data(TRANSFER_RECORD_BYTES);
// The identifier of the transfer in progress (class 18 image_to_activate_identification).
export const TRANSFER_ID: usize = memory.data(IDENTIFIER_MAX_BYTES);
export let transferIdBytes: i32 = 0;
export let transferBlockBytes: i32 = 0;
export let transferImageBytes: i32 = 0;

export function slotValid(slot: i32): bool {
  return slot == 0 || slot == 1;
}

// A boot word counts as set once any bit is cleared: a cut write of it is either still unset or set, never both.
export function wordIsSet(slot: i32, offset: i32): bool {
  if (fwslotRead(slot, TRAILER_OFFSET + offset, WORD, 4) != Err.OK) return false;
  return load<u32>(WORD) != 0xffffffff;
}

export function wordMark(slot: i32, offset: i32): Err {
  store<u32>(WORD, WORD_SET);
  return <Err>fwslotProgram(slot, TRAILER_OFFSET + offset, WORD, 4);
}

// Starts a transfer: the trailer is erased (boot words and bitmaps with it), then the record is programmed.
export function transferRecordWrite(slot: i32, blockBytes: i32, imageBytes: i32, idPtr: usize, idBytes: i32): Err {
  const erased = <Err>fwslotErase(slot, TRAILER_SECTOR);
  if (erased != Err.OK) return erased;
  memory.fill(RECORD, 0, TRANSFER_RECORD_BYTES);
  store<u32>(RECORD, TRANSFER_MAGIC);
  store<u16>(RECORD + 4, TRANSFER_VERSION);
  store<u16>(RECORD + <usize>T_BLOCK_BYTES, <u16>blockBytes);
  store<u32>(RECORD + <usize>T_IMAGE_BYTES, <u32>imageBytes);
  store<u32>(RECORD + <usize>T_ID_BYTES, <u32>idBytes);
  memory.copy(RECORD + <usize>T_ID, idPtr, <usize>idBytes);
  store<u32>(RECORD + <usize>T_CRC, crc32(RECORD, T_CRC));
  const status = <Err>fwslotProgram(slot, TRAILER_OFFSET, RECORD, TRANSFER_RECORD_BYTES);
  if (status == Err.OK) adopt();
  return status;
}

// Loads the slot's transfer record; false when there is none or it fails its CRC (a cut start).
export function transferRecordRead(slot: i32): bool {
  if (fwslotRead(slot, TRAILER_OFFSET, RECORD, TRANSFER_RECORD_BYTES) != Err.OK) return false;
  if (load<u32>(RECORD) != TRANSFER_MAGIC || load<u16>(RECORD + 4) != TRANSFER_VERSION) return false;
  if (load<u32>(RECORD + <usize>T_CRC) != crc32(RECORD, T_CRC)) return false;
  const idBytes = load<u32>(RECORD + <usize>T_ID_BYTES);
  if (idBytes == 0 || idBytes > <u32>IDENTIFIER_MAX_BYTES) return false;
  adopt();
  return true;
}

function adopt(): void {
  transferBlockBytes = <i32>load<u16>(RECORD + <usize>T_BLOCK_BYTES);
  transferImageBytes = <i32>load<u32>(RECORD + <usize>T_IMAGE_BYTES);
  transferIdBytes = <i32>load<u32>(RECORD + <usize>T_ID_BYTES);
  memory.copy(TRANSFER_ID, RECORD + <usize>T_ID, IDENTIFIER_MAX_BYTES);
}

function bitIsClear(slot: i32, bitmapOffset: i32, index: i32): bool {
  if (fwslotRead(slot, TRAILER_OFFSET + bitmapOffset + (index >> 3), BYTE, 1) != Err.OK) return false;
  return (load<u8>(BYTE) & (1 << (index & 7))) == 0;
}

// Programming only clears bits, so writing the byte with one zero bit leaves its neighbours as they are.
function bitClear(slot: i32, bitmapOffset: i32, index: i32): Err {
  const others: i32 = ~(1 << (index & 7));
  store<u8>(BYTE, <u8>others);
  return <Err>fwslotProgram(slot, TRAILER_OFFSET + bitmapOffset + (index >> 3), BYTE, 1);
}

export function blockReceived(slot: i32, block: i32): bool {
  return bitIsClear(slot, BLOCK_BITMAP_OFFSET, block);
}

export function blockMarkReceived(slot: i32, block: i32): Err {
  return bitClear(slot, BLOCK_BITMAP_OFFSET, block);
}

export function sectorErased(slot: i32, sector: i32): bool {
  return bitIsClear(slot, SECTOR_BITMAP_OFFSET, sector);
}

export function sectorMarkErased(slot: i32, sector: i32): Err {
  return bitClear(slot, SECTOR_BITMAP_OFFSET, sector);
}
