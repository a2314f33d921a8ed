// CRC-16/X.25 (reflected 0x8408, init and final xor 0xFFFF): the HDLC frame check, and the check of each load profile record.
export function crc16(ptr: usize, lengthBytes: i32): u32 {
  let crc: u32 = 0xffff;
  for (let k = 0; k < lengthBytes; k++) {
    crc ^= <u32>load<u8>(ptr + <usize>k);
    for (let b = 0; b < 8; b++) crc = (crc >>> 1) ^ (0x8408 & (0 - (crc & 1)));
  }
  return ~crc & 0xffff;
}
