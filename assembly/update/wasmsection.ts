// The header of one wasm section, from bytes peeked at its start: id, content size, and the custom section "legal".
export let sectionId: i32 = 0;
// Bytes from the section's first byte to its content, and the content's length.
export let sectionContentAt: i32 = 0;
export let sectionBytes: i32 = 0;
// Offset of the payload of a custom section named "legal" from the section's first byte; -1 for any other section.
export let sectionLegalAt: i32 = -1;

let at: i32 = 0;

// Unsigned LEB128 of at most 5 bytes; -1 past `available` or at 2^31 and above (no module section is that long).
function leb(ptr: usize, available: i32): i32 {
  let value: u64 = 0;
  for (let shift: u64 = 0; shift < 35; shift += 7) {
    if (at >= available) return -1;
    const b = <u64>load<u8>(ptr + <usize>at);
    at++;
    value |= (b & 0x7f) << shift;
    if ((b & 0x80) == 0) return value > 0x7fffffff ? -1 : <i32>value;
  }
  return -1;
}

// False when the peeked bytes do not hold a whole header. A custom section's name is looked at only for "legal".
export function parseSectionHeader(ptr: usize, available: i32): bool {
  if (available < 2) return false;
  sectionId = <i32>load<u8>(ptr);
  at = 1;
  sectionBytes = leb(ptr, available);
  if (sectionBytes < 0) return false;
  sectionContentAt = at;
  sectionLegalAt = -1;
  if (sectionId != 0) return true;
  const nameBytes = leb(ptr, available);
  if (nameBytes < 0 || at - sectionContentAt + nameBytes > sectionBytes) return false;
  if (nameBytes == 5 && at + 5 <= available && isLegal(ptr + <usize>at)) sectionLegalAt = at + 5;
  return true;
}

function isLegal(p: usize): bool {
  return load<u8>(p) == 0x6c && load<u8>(p + 1) == 0x65 && load<u8>(p + 2) == 0x67 && load<u8>(p + 3) == 0x61 && load<u8>(p + 4) == 0x6c;
}
