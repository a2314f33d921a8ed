// CRC-32 (IEEE 802.3), as the firmware stamps its NVM records and a boot loader checks an image; no Node imports (the browser shares it).
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}
