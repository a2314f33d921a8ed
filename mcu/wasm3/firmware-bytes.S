/* build/firmware.wasm in read-only data (flash on the MCU): the firmware ships as a file, not as code. */
  .section .rodata.firmware_wasm, "a"
  .balign 4
  .global firmware_wasm
  .global firmware_wasm_end
firmware_wasm:
  .incbin "build/firmware.wasm"
firmware_wasm_end:
  .section .note.GNU-stack, "", %progbits
