// Class 18 Image transfer (version 0) over assembly/update: a head-end updates the firmware through a management association.
import { AxdrReader, AxdrWriter, Tag } from "../dlms/axdr";
import { AccessResult } from "./table";
import { Err } from "../errors";
import {
  IMAGE_BUFFER, imageBlockBytes, imageBlockBytesSet, imageInitiate, imageBlock, imageFirstMissing, imageBlockReceived,
  imageBlockCount, imageVerify, imageActivate, imageStatus, imageTargetSlot,
} from "../update/transfer";
import { ImageStatus, IDENTIFIER_MAX_BYTES, SIGNATURE_OFFSET } from "../update/layout";
import { TRANSFER_ID, transferIdBytes, transferImageBytes } from "../update/slots";
import { updateTrialRunning } from "../update/boot";
import { fwslotRead } from "../hal/fwslot";
import { isBooted } from "../meter";

// A block travels in one ACTION of at most 512 bytes (the server's max receive PDU, no ACTION block
// transfer): 256 data bytes and their framing fit, 512 would not.
export const DLMS_BLOCK_BYTES: i32 = 256;
const SIGNATURE_BYTES: i32 = 64;

function transferKnown(): bool {
  return imageFirstMissing() >= 0;
}

function putBlocksStatus(w: AxdrWriter): void {
  const blocks = transferKnown() ? imageBlockCount() : 0;
  w.u8(<i32>Tag.BIT_STRING);
  w.length_(blocks);
  for (let b = 0; b < blocks; b += 8) {
    let byte = 0;
    for (let k = 0; k < 8; k++) if (b + k < blocks && imageBlockReceived(b + k) == 1) byte |= 0x80 >> k;
    w.u8(byte);
  }
}

// The verified image: its size, the client's identifier and the utility signature of its header.
function putToActivate(w: AxdrWriter): AccessResult {
  const ready = imageStatus == ImageStatus.VERIFICATION_SUCCESSFUL || imageStatus == ImageStatus.ACTIVATION_INITIATED;
  w.container(Tag.ARRAY, ready ? 1 : 0);
  if (!ready) return AccessResult.SUCCESS;
  // IMAGE_BUFFER is free once every block is in: it lends the signature its 64 bytes.
  if (fwslotRead(imageTargetSlot(), SIGNATURE_OFFSET, IMAGE_BUFFER, SIGNATURE_BYTES) != <i32>Err.OK) return AccessResult.HARDWARE_FAULT;
  w.container(Tag.STRUCTURE, 3);
  w.tagged32(Tag.DOUBLE_LONG_UNSIGNED, <u32>transferImageBytes);
  w.octets(Tag.OCTET_STRING, TRANSFER_ID, transferIdBytes);
  w.octets(Tag.OCTET_STRING, IMAGE_BUFFER, SIGNATURE_BYTES);
  return AccessResult.SUCCESS;
}

export function imageTransferGet(attr: i32, w: AxdrWriter): AccessResult {
  switch (attr) {
    case 2: w.tagged32(Tag.DOUBLE_LONG_UNSIGNED, <u32>(transferKnown() ? imageBlockBytes() : DLMS_BLOCK_BYTES)); break;
    case 3: putBlocksStatus(w); break;
    case 4: w.tagged32(Tag.DOUBLE_LONG_UNSIGNED, <u32>max(0, imageFirstMissing())); break;
    case 5: w.tagged8(Tag.BOOLEAN, updateTrialRunning() ? 0 : 1); break;
    case 6: w.tagged8(Tag.ENUM, <i32>imageStatus); break;
    case 7: return putToActivate(w);
    default: return AccessResult.READ_WRITE_DENIED;
  }
  return AccessResult.SUCCESS;
}

// Update errors as action-results: work still running is a temporary failure the client polls through
// image_transfer_status; a refused image or argument is other-reason; a flash fault is a hardware fault.
function resultOf(status: Err): AccessResult {
  if (status == Err.OK) return AccessResult.SUCCESS;
  if (status == Err.BUSY) return AccessResult.TEMPORARY_FAILURE;
  if (status == Err.NVM_FAULT) return AccessResult.HARDWARE_FAULT;
  return AccessResult.OTHER_REASON;
}

function readOctets(r: AxdrReader, maxBytes: i32): i32 {
  if (r.u8() != <i32>Tag.OCTET_STRING) {
    r.bad = true;
    return -1;
  }
  const n = r.length_();
  const at = r.take(n);
  if (r.bad || n > maxBytes) return -1;
  memory.copy(IMAGE_BUFFER, at, <usize>n);
  return n;
}

function initiate(r: AxdrReader): AccessResult {
  if (r.u8() != <i32>Tag.STRUCTURE || r.u8() != 2) return AccessResult.TYPE_UNMATCHED;
  const idBytes = readOctets(r, IDENTIFIER_MAX_BYTES);
  if (r.bad) return AccessResult.TYPE_UNMATCHED;
  if (r.u8() != <i32>Tag.DOUBLE_LONG_UNSIGNED) return AccessResult.TYPE_UNMATCHED;
  const sizeBytes = r.u32();
  if (r.bad) return AccessResult.TYPE_UNMATCHED;
  if (idBytes < 1 || sizeBytes > <u32>i32.MAX_VALUE) return AccessResult.OTHER_REASON;
  if (!isBooted()) return AccessResult.TEMPORARY_FAILURE;
  imageBlockBytesSet(DLMS_BLOCK_BYTES);
  return resultOf(imageInitiate(idBytes, <i32>sizeBytes, updateTrialRunning()));
}

function block(r: AxdrReader): AccessResult {
  if (r.u8() != <i32>Tag.STRUCTURE || r.u8() != 2 || r.u8() != <i32>Tag.DOUBLE_LONG_UNSIGNED) return AccessResult.TYPE_UNMATCHED;
  const number = r.u32();
  const n = readOctets(r, DLMS_BLOCK_BYTES);
  if (r.bad) return AccessResult.TYPE_UNMATCHED;
  if (n < 0 || number > <u32>i32.MAX_VALUE) return AccessResult.OTHER_REASON;
  // Without a transfer a block is refused outright, not "try later": only an initiate helps.
  if (!transferKnown()) return AccessResult.OTHER_REASON;
  return resultOf(imageBlock(<i32>number, n));
}

// Methods 3 and 4 take integer 0.
function noArgument(r: AxdrReader, hasParams: bool): bool {
  if (!hasParams) return true;
  const tag = r.u8();
  r.u8();
  return !r.bad && tag == <i32>Tag.INTEGER;
}

export function imageTransferAction(method: i32, r: AxdrReader, hasParams: bool): AccessResult {
  if (method == 1) return initiate(r);
  if (method == 2) return block(r);
  if (!noArgument(r, hasParams)) return AccessResult.TYPE_UNMATCHED;
  if (method == 3) return resultOf(imageVerify());
  if (method == 4) {
    // Activation asked while the ticks still verify: the client asks again.
    if (imageStatus == ImageStatus.VERIFICATION_INITIATED) return AccessResult.TEMPORARY_FAILURE;
    return resultOf(imageActivate());
  }
  return AccessResult.OBJECT_UNDEFINED;
}
