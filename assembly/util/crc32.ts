// CRC-32 (IEEE 802.3, reflected 0xEDB88320) over NVM records; a 1 KiB table, as boot checks every record of the journal.
const TABLE: usize = memory.data(256 * 4);
let tableReady = false;

function buildTable(): void {
  for (let n = 0; n < 256; n++) {
    let c = <u32>n;
    for (let b = 0; b < 8; b++) c = (c >>> 1) ^ (0xedb88320 & (0 - (c & 1)));
    store<u32>(TABLE + (<usize>n << 2), c);
  }
  tableReady = true;
}

export function crc32(ptr: usize, lengthBytes: i32): u32 {
  if (!tableReady) buildTable();
  let crc: u32 = 0xffffffff;
  for (let k = 0; k < lengthBytes; k++) {
    crc = load<u32>(TABLE + (<usize>((crc ^ <u32>load<u8>(ptr + <usize>k)) & 0xff) << 2)) ^ (crc >>> 8);
  }
  return ~crc;
}
