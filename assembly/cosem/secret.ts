// The LLS secret of the management association: a protected record (magic, version, CRC), never readable from a port.
import { Err } from "../errors";
import { RecordRing } from "../store/ring";
import { SECRETS_FIRST_SECTOR, SECRETS_SECTORS } from "../store/layout";

export const SECRET_MAX_BYTES: i32 = 16;
// Payload after the ring's 12-byte header: u8 length (1..16), 3 reserved bytes 0, 16 secret bytes
// (unused ones 0), then the CRC: 36 bytes.
export const SECRET_RECORD_BYTES: i32 = 12 + 4 + SECRET_MAX_BYTES + 4;
export const SECRET_MAGIC: u32 = 0x4b534d57; // "WMSK"
const secretRing = new RecordRing(SECRETS_FIRST_SECTOR, SECRETS_SECTORS, SECRET_MAGIC, 1, SECRET_RECORD_BYTES);
const BUF: usize = memory.data(SECRET_RECORD_BYTES);
const SECRET: usize = memory.data(SECRET_MAX_BYTES);
let secretLength: i32 = 0;
// Factory default until a management client sets its own (docs/DLMS.md): "12345678".
const DEFAULT_SECRET: StaticArray<u8> = [0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38];

function useDefault(): void {
  secretLength = DEFAULT_SECRET.length;
  memory.fill(SECRET, 0, SECRET_MAX_BYTES);
  memory.copy(SECRET, changetype<usize>(DEFAULT_SECRET), secretLength);
}

// At boot: the newest intact record, or the factory default when there is none.
export function secretLoad(): bool {
  useDefault();
  if (!secretRing.load(BUF) || secretRing.read(0, BUF) != Err.OK) return false;
  const n = <i32>load<u8>(BUF, 12);
  if (n < 1 || n > SECRET_MAX_BYTES) return false;
  secretLength = n;
  memory.copy(SECRET, BUF + 16, SECRET_MAX_BYTES);
  return true;
}

// A new secret of 1..16 octets; in force only once stored, so a failed write keeps the old one.
export function secretSet(src: usize, lengthBytes: i32): Err {
  if (lengthBytes < 1 || lengthBytes > SECRET_MAX_BYTES) return Err.OUT_OF_RANGE;
  memory.fill(BUF, 0, SECRET_RECORD_BYTES);
  store<u8>(BUF, <u8>lengthBytes, 12);
  memory.copy(BUF + 16, src, lengthBytes);
  const status = secretRing.append(BUF);
  if (status != Err.OK) return status;
  secretLength = lengthBytes;
  memory.copy(SECRET, BUF + 16, SECRET_MAX_BYTES);
  return Err.OK;
}

// Compares every byte whatever the first mismatch, so the time taken says nothing about the secret.
export function secretMatches(src: usize, lengthBytes: i32): bool {
  if (lengthBytes != secretLength) return false;
  let diff = 0;
  for (let k = 0; k < lengthBytes; k++) diff |= <i32>load<u8>(src + <usize>k) ^ <i32>load<u8>(SECRET + <usize>k);
  return diff == 0;
}
