// NVM device: NOR flash with sector erase; programming can only clear bits.
@external("hal", "nvm_size")
declare function hal_nvm_size(): i32;
@external("hal", "nvm_sector_size")
declare function hal_nvm_sector_size(): i32;
@external("hal", "nvm_read")
declare function hal_nvm_read(addr: i32, ptr: i32, len: i32): i32;
@external("hal", "nvm_program")
declare function hal_nvm_program(addr: i32, ptr: i32, len: i32): i32;
@external("hal", "nvm_erase")
declare function hal_nvm_erase(sector: i32): i32;

export function nvmSizeBytes(): i32 {
  return hal_nvm_size();
}

export function nvmSectorSizeBytes(): i32 {
  return hal_nvm_sector_size();
}

export function nvmRead(addr: i32, dst: usize, lengthBytes: i32): i32 {
  return hal_nvm_read(addr, <i32>dst, lengthBytes);
}

export function nvmProgram(addr: i32, src: usize, lengthBytes: i32): i32 {
  return hal_nvm_program(addr, <i32>src, lengthBytes);
}

export function nvmErase(sector: i32): i32 {
  return hal_nvm_erase(sector);
}
