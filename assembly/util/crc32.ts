// CRC-32 (IEEE 802.3, reflected 0xEDB88320) over NVM records; bitwise, as records are small and rare.
export function crc32(ptr: usize, lengthBytes: i32): u32 {
  let crc: u32 = 0xffffffff;
  for (let k = 0; k < lengthBytes; k++) {
    crc ^= <u32>load<u8>(ptr + <usize>k);
    for (let b = 0; b < 8; b++) {
      crc = (crc >>> 1) ^ (0xedb88320 & (0 - (crc & 1)));
    }
  }
  return ~crc;
}
