// Firmware slot device: the MCU's internal image flash, two slots (A/B) the boot loader starts images from.
@external("hal", "fwslot_read")
declare function hal_fwslot_read(slot: i32, offset: i32, ptr: i32, len: i32): i32;
@external("hal", "fwslot_program")
declare function hal_fwslot_program(slot: i32, offset: i32, ptr: i32, len: i32): i32;
@external("hal", "fwslot_erase")
declare function hal_fwslot_erase(slot: i32, sector: i32): i32;
@external("hal", "fwslot_running")
declare function hal_fwslot_running(): i32;
@external("hal", "fwslot_reset")
declare function hal_fwslot_reset(): void;

// NOR semantics like the data NVM: erase sets a 4 KiB sector to 0xFF, programming only clears bits.
export function fwslotRead(slot: i32, offset: i32, dst: usize, lengthBytes: i32): i32 {
  return hal_fwslot_read(slot, offset, <i32>dst, lengthBytes);
}

export function fwslotProgram(slot: i32, offset: i32, src: usize, lengthBytes: i32): i32 {
  return hal_fwslot_program(slot, offset, <i32>src, lengthBytes);
}

export function fwslotErase(slot: i32, sector: i32): i32 {
  return hal_fwslot_erase(slot, sector);
}

// The slot the boot loader started this image from; -1 when the image did not come from a slot.
export function fwslotRunning(): i32 {
  return hal_fwslot_running();
}

// Hands control back to the boot loader (a reset): it reads the slot trailers and picks the image.
export function fwslotReset(): void {
  hal_fwslot_reset();
}
