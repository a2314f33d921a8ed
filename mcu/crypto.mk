# Crypto benchmark on the Cortex-M4 (included by the Makefile): build/crypto-test.wasm through wasm2c, run in QEMU.
.PHONY: bench-crypto-mcu

CRYPTO_MCU_SRC := mcu/runtime/wasm-rt-bare.c mcu/board/board-common.c mcu/board/mps2-an386/startup.c \
  mcu/board/mps2-an386/board.c mcu/cryptobench.c build/mcu/crypto.c

build/mcu/crypto.c build/mcu/crypto.h: build/crypto-test.wasm
	@mkdir -p build/mcu
	wasm2c build/crypto-test.wasm -n crypto -o build/mcu/crypto.c

build/mcu/cryptobench-m4.elf: $(CRYPTO_MCU_SRC) build/mcu/crypto.h build/mcu/wasm-rt.h mcu/board/mps2-an386/link.ld
	$(ARM_CC) $(MCU_CFLAGS) $(MCU_M4_FLAGS) -o $@ $(CRYPTO_MCU_SRC) $(MCU_M4_LDFLAGS)

build/bench-crypto-mcu.json: build/mcu/cryptobench-m4.elf mcu/cryptobench.mjs
	node mcu/cryptobench.mjs $< > $@

bench-crypto-mcu: build/bench-crypto-mcu.json
bench: build/bench-crypto-mcu.json

# make test runs the M4 build in tests/crypto_mcu.test.ts.
test-host: build/mcu/cryptobench-m4.elf
