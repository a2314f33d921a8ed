// Image update layout: slot geometry, the signed image header (manifest) and the slot trailer (docs/UPDATE.md).

// A slot is 34 sectors of 4 KiB: the update file (header + wasm) from offset 0, the trailer in the last sector.
export const SLOT_SECTOR_BYTES: i32 = 4096;
export const SLOT_SECTORS: i32 = 34;
export const TRAILER_SECTOR: i32 = SLOT_SECTORS - 1;
export const TRAILER_OFFSET: i32 = TRAILER_SECTOR * SLOT_SECTOR_BYTES;
// The wasm module must stay under 128 KiB; the file adds the header.
export const WASM_MAX_BYTES: i32 = 128 * 1024;

// Header, 224 bytes, little-endian: the manifest (0..95) and two ECDSA P-256 signatures (r || s) over its SHA-256.
export const IMAGE_MAGIC: u32 = 0x50554d57; // "WMUP"
export const IMAGE_FORMAT: u16 = 1;
export const HEADER_BYTES: i32 = 224;
export const IMAGE_MAX_BYTES: i32 = HEADER_BYTES + WASM_MAX_BYTES;
export const M_MAGIC: i32 = 0; // u32
export const M_FORMAT: i32 = 4; // u16
export const M_HEADER_BYTES: i32 = 6; // u16, 224
export const M_VERSION: i32 = 8; // u32 firmware version, never lower than the running one
export const M_ABI: i32 = 12; // u32 ABI version of docs/HAL.md the image implements
export const M_TARGET: i32 = 16; // u32 hardware/port family
export const M_WASM_BYTES: i32 = 20; // u32
export const M_WASM_SHA256: i32 = 24; // [32]
export const M_LEGAL_HASH: i32 = 56; // [32] payload of the wasm's custom section "legal"
export const M_FLAGS: i32 = 88; // u32, bit 0: legal signature present
export const MANIFEST_BYTES: i32 = 96;
export const SIGNATURE_OFFSET: i32 = 96; // [64] utility key
export const LEGAL_SIGNATURE_OFFSET: i32 = 160; // [64] legal key, zero when absent
export const FLAG_LEGAL_SIGNED: u32 = 1;
export const TARGET_WASMETER: u32 = 0x31504d57; // "WMP1": single-phase wasmeter, any port
export const LEGAL_HASH_BYTES: i32 = 32;

// Trailer (last sector of a slot). Transfer record, 64 bytes: u32 magic "WMIT", u16 version, u16 block bytes,
// u32 image bytes, u32 identifier bytes, identifier [32] at 16, u32 CRC-32 of 0..59 at 60.
export const TRANSFER_MAGIC: u32 = 0x54494d57;
export const TRANSFER_VERSION: u16 = 1;
export const TRANSFER_RECORD_BYTES: i32 = 64;
export const T_BLOCK_BYTES: i32 = 6;
export const T_IMAGE_BYTES: i32 = 8;
export const T_ID_BYTES: i32 = 12;
export const T_ID: i32 = 16;
export const T_CRC: i32 = 60;
export const IDENTIFIER_MAX_BYTES: i32 = 32;
// Received-blocks bitmap: bit n cleared once block n is programmed and read back (4096 blocks).
export const BLOCK_BITMAP_OFFSET: i32 = 64;
export const BLOCK_BITMAP_BYTES: i32 = 512;
// Erased-sectors bitmap: bit k cleared once sector k of the image area was erased for this transfer.
export const SECTOR_BITMAP_OFFSET: i32 = 576;
// Boot words: 0xFFFFFFFF unset, 0 set; each is programmed once, so a cut write is at worst still unset.
export const W_PENDING: i32 = 1024; // firmware: try this slot at the next boot (activation)
export const W_CONFIRMED: i32 = 1028; // firmware: the image booted, read its records and metered
export const W_BOOTED: i32 = 1032; // boot loader: the one trial boot was taken
export const W_REVERTED: i32 = 1036; // boot loader: the trial ended unconfirmed; the other slot runs
export const W_REPORTED: i32 = 1040; // firmware: the rollback was logged
export const WORD_SET: u32 = 0;

// Block sizes the server accepts (class 18 image_block_size), powers of two so blocks never straddle sectors.
export const BLOCK_MIN_BYTES: i32 = 64;
export const BLOCK_MAX_BYTES: i32 = 1024;
export const BLOCK_DEFAULT_BYTES: i32 = 512;

// COSEM class 18 image_transfer_status.
export const enum ImageStatus {
  NOT_INITIATED = 0,
  INITIATED = 1,
  VERIFICATION_INITIATED = 2,
  VERIFICATION_SUCCESSFUL = 3,
  VERIFICATION_FAILED = 4,
  ACTIVATION_INITIATED = 5,
  ACTIVATION_SUCCESSFUL = 6,
  ACTIVATION_FAILED = 7,
}

// Why an image was refused: the cause of event IMAGE_REFUSED and image_refusal().
export const enum Refusal {
  NONE = 0,
  INCOMPLETE = 1, // blocks missing
  TRUNCATED = 2, // the file is shorter than its header says, or than a header
  MALFORMED = 3, // bad magic, format, sizes, or no "legal" section matching the manifest
  WRONG_TARGET = 4,
  WRONG_ABI = 5,
  DOWNGRADE = 6, // older than the running version
  HASH_MISMATCH = 7, // the wasm bytes are not the ones the manifest names
  UNSIGNED = 8,
  BAD_SIGNATURE = 9,
  LEGAL_UNSIGNED = 10, // the legal section changes without the legal key's signature
  BAD_LEGAL_SIGNATURE = 11,
}
