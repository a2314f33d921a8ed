// Image transfer (COSEM class 18): initiate, blocks into the other slot, the missing-blocks bitmap, verify, activate.
import { Err } from "../errors";
import { rtcReadUtcS } from "../hal/rtc";
import { fwslotRead, fwslotProgram, fwslotErase, fwslotRunning } from "../hal/fwslot";
import { eventLog, EventCode } from "../events/log";
import {
  SLOT_SECTOR_BYTES, IMAGE_MAX_BYTES, IDENTIFIER_MAX_BYTES, BLOCK_MIN_BYTES, BLOCK_MAX_BYTES, BLOCK_DEFAULT_BYTES,
  M_VERSION, W_PENDING, ImageStatus, Refusal,
} from "./layout";
import {
  transferRecordWrite, transferIdBytes, transferBlockBytes, transferImageBytes, blockReceived, blockMarkReceived,
  sectorErased, sectorMarkErased, wordMark,
} from "./slots";
import { verifyStart, verifyStep, verifyCancel, imageManifestU32, VERIFY_BUSY } from "./verify";

// The client's identifier and each block are written here before the call that takes them.
export const IMAGE_BUFFER: usize = memory.data(BLOCK_MAX_BYTES);
const READBACK_BYTES: i32 = 64;
const READBACK: usize = memory.data(READBACK_BYTES);

export let imageStatus = ImageStatus.NOT_INITIATED;
export let imageRefusal = Refusal.NONE;
// Bytes per block the server takes (class 18 image_block_size); the next initiate fixes it for its transfer.
let blockBytesNext: i32 = BLOCK_DEFAULT_BYTES;
// Set by activation; the tick after the call hands over to the boot loader, so the reply goes out first.
export let resetDue = false;

export function imageStatusSet(status: ImageStatus): void {
  imageStatus = status;
}

// The slot a transfer goes to: never the running one.
export function imageTargetSlot(): i32 {
  return fwslotRunning() == 1 ? 0 : 1;
}

export function imageBlockBytes(): i32 {
  return hasTransfer() ? transferBlockBytes : blockBytesNext;
}

// A power of two in 64..1024, as the association's PDU size allows (the DLMS layer negotiates it).
export function imageBlockBytesSet(bytes: i32): Err {
  if (bytes < BLOCK_MIN_BYTES || bytes > BLOCK_MAX_BYTES || (bytes & (bytes - 1)) != 0) return Err.OUT_OF_RANGE;
  blockBytesNext = bytes;
  return Err.OK;
}

@noinline
export function imageBlockCount(): i32 {
  return (transferImageBytes + transferBlockBytes - 1) / transferBlockBytes;
}

function transferring(): bool {
  return imageStatus >= ImageStatus.INITIATED && imageStatus <= ImageStatus.VERIFICATION_FAILED;
}

// A transfer whose record is loaded: its blocks can be asked about.
@noinline
function hasTransfer(): bool {
  return transferring() || imageStatus == ImageStatus.VERIFICATION_SUCCESSFUL;
}

// image_transfer_initiate: the identifier (1..32 bytes) is in IMAGE_BUFFER. Only the trailer is erased
// here; each image sector is erased when its first block arrives, so no call blocks for long.
export function imageInitiate(idBytes: i32, imageBytes: i32, trialRunning: bool): Err {
  if (imageStatus == ImageStatus.ACTIVATION_INITIATED) return Err.BUSY;
  // An unconfirmed image runs: the other slot holds the image to fall back to.
  if (trialRunning) return Err.NOT_READY;
  if (idBytes < 1 || idBytes > IDENTIFIER_MAX_BYTES) return Err.INVALID_ARGUMENT;
  if (imageBytes < 1 || imageBytes > IMAGE_MAX_BYTES) return Err.OUT_OF_RANGE;
  verifyCancel();
  const status = transferRecordWrite(imageTargetSlot(), blockBytesNext, imageBytes, IMAGE_BUFFER, idBytes);
  imageRefusal = Refusal.NONE;
  if (status != Err.OK) {
    imageStatus = ImageStatus.NOT_INITIATED;
    return status;
  }
  imageStatus = ImageStatus.INITIATED;
  eventLog(rtcReadUtcS(), EventCode.IMAGE_TRANSFER_STARTED, 0, imageBytes, <i64>blockBytesNext);
  return Err.OK;
}

// image_block_transfer: block `block` of `lengthBytes` (the block size, the last one shorter) from IMAGE_BUFFER.
// A block already received is taken without writing. A block cut by a power failure is written again: the
// same bytes programmed over their own torn prefix give the bytes, and the read-back proves it.
export function imageBlock(block: i32, lengthBytes: i32): Err {
  if (!transferring()) return imageStatus == ImageStatus.NOT_INITIATED ? Err.NOT_READY : Err.BUSY;
  if (imageStatus == ImageStatus.VERIFICATION_INITIATED) return Err.BUSY;
  if (block < 0 || block >= imageBlockCount()) return Err.OUT_OF_RANGE;
  const offset = block * transferBlockBytes;
  if (lengthBytes != min(transferBlockBytes, transferImageBytes - offset)) return Err.INVALID_ARGUMENT;
  const slot = imageTargetSlot();
  if (blockReceived(slot, block)) return Err.OK;
  const sector = offset / SLOT_SECTOR_BYTES;
  if (!sectorErased(slot, sector)) {
    let status = <Err>fwslotErase(slot, sector);
    if (status == Err.OK) status = sectorMarkErased(slot, sector);
    if (status != Err.OK) return status;
  }
  let status = <Err>fwslotProgram(slot, offset, IMAGE_BUFFER, lengthBytes);
  if (status != Err.OK) return status;
  for (let at = 0; at < lengthBytes; at += READBACK_BYTES) {
    const n = min(READBACK_BYTES, lengthBytes - at);
    status = <Err>fwslotRead(slot, offset + at, READBACK, n);
    if (status != Err.OK) return status;
    // Different bytes over a torn write cannot be repaired without the sector: a new initiate starts over.
    if (memory.compare(READBACK, IMAGE_BUFFER + <usize>at, <usize>n) != 0) return Err.NVM_FAULT;
  }
  status = blockMarkReceived(slot, block);
  if (status == Err.OK) imageStatus = ImageStatus.INITIATED;
  return status;
}

// class 18 image_first_not_transferred_block_number: the block count once all are in, -1 with no transfer.
export function imageFirstMissing(): i32 {
  if (!hasTransfer()) return -1;
  const blocks = imageBlockCount();
  const slot = imageTargetSlot();
  for (let b = 0; b < blocks; b++) if (!blockReceived(slot, b)) return b;
  return blocks;
}

// 1 when block `block` of the transfer is in the slot (image_transferred_blocks_status), 0 when not, -Err.
export function imageBlockReceived(block: i32): i32 {
  if (!hasTransfer()) return -(<i32>Err.NOT_READY);
  if (block < 0 || block >= imageBlockCount()) return -(<i32>Err.OUT_OF_RANGE);
  return blockReceived(imageTargetSlot(), block) ? 1 : 0;
}

// image_verify: OK once verified, BUSY while the ticks verify, NOT_READY without a transfer, else the refusal's Err.
export function imageVerify(): Err {
  if (imageStatus == ImageStatus.VERIFICATION_SUCCESSFUL) return Err.OK;
  if (imageStatus == ImageStatus.VERIFICATION_INITIATED) return Err.BUSY;
  if (!transferring()) return Err.NOT_READY;
  if (imageFirstMissing() < imageBlockCount()) return refuse(Refusal.INCOMPLETE);
  verifyStart(imageTargetSlot(), transferImageBytes);
  imageStatus = ImageStatus.VERIFICATION_INITIATED;
  return Err.BUSY;
}

// One bounded piece of verification work; called every tick. Inlined, the idle tick costs a compare,
// not a call (the M4 sample loop's budget counts the tick's share).
@inline
export function imageVerifyTick(): void {
  if (imageStatus == ImageStatus.VERIFICATION_INITIATED) imageVerifyStep();
}

function imageVerifyStep(): void {
  const result = verifyStep();
  if (result == VERIFY_BUSY) return;
  if (result == <i32>Refusal.NONE) {
    imageStatus = ImageStatus.VERIFICATION_SUCCESSFUL;
    imageRefusal = Refusal.NONE;
    eventLog(rtcReadUtcS(), EventCode.IMAGE_VERIFIED, 0, <i32>imageManifestU32(M_VERSION), 0);
  } else {
    refuse(<Refusal>result);
  }
}

function refuse(why: Refusal): Err {
  imageStatus = ImageStatus.VERIFICATION_FAILED;
  imageRefusal = why;
  eventLog(rtcReadUtcS(), EventCode.IMAGE_REFUSED, <i32>why, <i32>imageManifestU32(M_VERSION), 0);
  return refusalErr(why);
}

export function refusalErr(why: Refusal): Err {
  if (why == Refusal.UNSIGNED || why == Refusal.BAD_SIGNATURE || why == Refusal.BAD_LEGAL_SIGNATURE) return Err.AUTH_FAILED;
  if (why == Refusal.DOWNGRADE || why == Refusal.LEGAL_UNSIGNED) return Err.NOT_PERMITTED;
  if (why == Refusal.WRONG_ABI || why == Refusal.WRONG_TARGET) return Err.UNSUPPORTED;
  if (why == Refusal.TRUNCATED || why == Refusal.INCOMPLETE) return Err.OUT_OF_RANGE;
  if (why == Refusal.HASH_MISMATCH) return Err.CRC;
  return Err.INVALID_ARGUMENT;
}

// image_activate: marks the verified slot pending for the boot loader's one trial boot.
export function imageActivate(): Err {
  if (imageStatus == ImageStatus.ACTIVATION_INITIATED) return Err.BUSY;
  if (imageStatus != ImageStatus.VERIFICATION_SUCCESSFUL) return Err.NOT_READY;
  const slot = imageTargetSlot();
  const status = wordMark(slot, W_PENDING);
  if (status != Err.OK) return status;
  imageStatus = ImageStatus.ACTIVATION_INITIATED;
  eventLog(rtcReadUtcS(), EventCode.IMAGE_ACTIVATED, slot, <i32>imageManifestU32(M_VERSION), 0);
  resetDue = true;
  return Err.OK;
}

export function imageResetTaken(): void {
  resetDue = false;
}

