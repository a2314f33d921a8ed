// The image transfer exports (COSEM class 18 shaped; docs/UPDATE.md), re-exported by assembly/index.ts.
import { Err } from "../errors";
import { isBooted } from "../meter";
import {
  IMAGE_BUFFER, imageBlockBytes, imageBlockBytesSet, imageInitiate, imageBlock, imageFirstMissing, imageBlockReceived,
  imageVerify, imageActivate, imageStatus, imageRefusal,
} from "./transfer";
import { updateTrialRunning, updateRunningSlot } from "./boot";
import { runningVersion } from "./verify";

// Where the host (the DLMS layer) writes the identifier and each block: image_block_size() bytes at most.
export function image_buffer(): i32 {
  return <i32>IMAGE_BUFFER;
}

export function image_block_size(): i32 {
  return imageBlockBytes();
}

// Negotiated block size for the next initiate: a power of two 64..1024, else OUT_OF_RANGE.
export function image_block_size_set(bytes: i32): i32 {
  return imageBlockBytesSet(bytes);
}

export function image_transfer_initiate(identifierBytes: i32, imageBytes: i32): i32 {
  if (!isBooted()) return Err.NOT_READY;
  return imageInitiate(identifierBytes, imageBytes, updateTrialRunning());
}

export function image_block_transfer(block: i32, lengthBytes: i32): i32 {
  return imageBlock(block, lengthBytes);
}

export function image_first_missing(): i32 {
  return imageFirstMissing();
}

export function image_block_status(block: i32): i32 {
  return imageBlockReceived(block);
}

export function image_verify(): i32 {
  return imageVerify();
}

export function image_activate(): i32 {
  return imageActivate();
}

// class 18 image_transfer_status 0..7.
export function image_transfer_status(): i32 {
  return <i32>imageStatus;
}

// Why the last verification failed (docs/UPDATE.md), 0 when it did not.
export function image_refusal(): i32 {
  return <i32>imageRefusal;
}

export function image_running_version(): i32 {
  return <i32>runningVersion();
}

export function image_running_slot(): i32 {
  return updateRunningSlot();
}
