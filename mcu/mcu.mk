# The MCU port (included by the Makefile): wasm2c translation, Cortex-M4 image for QEMU mps2-an386, native x86-64 build.
.PHONY: mcu mcu-native mcu-run bench-mcu

MCU_OUT := build/mcu
MCU_SCENARIO ?= tests/scenarios/hour.json
ARM_CC := arm-none-eabi-gcc
QEMU := qemu-system-arm -M mps2-an386 -nographic -monitor none -serial null -semihosting

# Bounds checks: "bounds" keeps wasm2c's check on every load and store (a trap on a stray address);
# "none" trusts the module, like a signal-handler runtime would, and is what MCU_MEMCHECK=none measures.
MCU_MEMCHECK ?= bounds
ifeq ($(MCU_MEMCHECK),none)
MCU_MEMCHECK_FLAGS := -DWASM_RT_MEMCHECK_SIGNAL_HANDLER=1 -DWASM_RT_SKIP_SIGNAL_RECOVERY=1 -DWASM_RT_USE_STACK_DEPTH_COUNT=1
else
MCU_MEMCHECK_FLAGS := -DWASM_RT_MEMCHECK_SIGNAL_HANDLER=0
endif

MCU_COMMON_SRC := mcu/runtime/wasm-rt-bare.c mcu/meter.c mcu/synth.c mcu/board/board-common.c \
  $(wildcard mcu/hal/*.c) $(wildcard mcu/boot/*.c) $(MCU_OUT)/firmware.c
MCU_HEADERS := $(wildcard mcu/*.h mcu/hal/*.h mcu/board/*.h mcu/boot/*.h) $(MCU_OUT)/firmware.h $(MCU_OUT)/wasm-rt.h \
  $(MCU_OUT)/firmware-id.h
MCU_M4_SRC := mcu/board/mps2-an386/startup.c mcu/board/mps2-an386/board.c
MCU_NATIVE_SRC := mcu/board/native/board.c
# -ffp-contract=off: no fused multiply-add, so f64 results stay bit-identical to V8's.
# -fno-inline-functions-called-once: gcc would pull the once-a-second window code into adc_block, and
# the sample loop's accumulators then spill to the stack (101 instead of 92 Cortex-M4 instructions/pair).
MCU_CFLAGS := -std=gnu11 -O2 -fno-inline-functions-called-once -ffp-contract=off -fno-strict-aliasing -DNDEBUG -Wall -Wno-unused-function \
  -Wno-unused-variable -Wno-unused-but-set-variable -Wno-unused-label -Wno-unused-value -I$(MCU_OUT) -Imcu $(MCU_MEMCHECK_FLAGS)
MCU_M4_FLAGS := -mcpu=cortex-m4 -mthumb -mfpu=fpv4-sp-d16 -mfloat-abi=hard -ffunction-sections -fdata-sections
MCU_M4_LDFLAGS := -nostartfiles -T mcu/board/mps2-an386/link.ld -Wl,--gc-sections --specs=nano.specs --specs=nosys.specs -lm

MCU_ELF := $(MCU_OUT)/meter-m4.elf
MCU_SERIAL_ELF := $(MCU_OUT)/serial-m4.elf
MCU_BOOTRUN_ELF := $(MCU_OUT)/bootrun-m4.elf
MCU_BIN := $(MCU_OUT)/meter-m4.bin
MCU_NATIVE := $(MCU_OUT)/meter-native
MCU_BENCH_ELF := $(MCU_OUT)/bench-m4.elf
MCU_BENCH_NATIVE := $(MCU_OUT)/bench-native

mcu: $(MCU_ELF) $(MCU_BIN) $(MCU_NATIVE)
	@echo "Cortex-M4 image $(MCU_BIN) (scenario $(MCU_SCENARIO), bounds checks: $(MCU_MEMCHECK)):"
	@arm-none-eabi-size $(MCU_ELF)
	@node mcu/size.mjs $(MCU_ELF)

mcu-native: $(MCU_NATIVE)

# Runs the scenario in QEMU and prints the result lines.
mcu-run: $(MCU_ELF)
	$(QEMU) -kernel $(MCU_ELF)

$(MCU_OUT)/firmware.c $(MCU_OUT)/firmware.h: build/firmware.wasm
	@mkdir -p $(MCU_OUT)
	wasm2c build/firmware.wasm -n firmware -o $(MCU_OUT)/firmware.c

# The generated code must compile against the wasm-rt.h of the wasm2c that generated it.
$(MCU_OUT)/wasm-rt.h: $(shell command -v wasm2c 2>/dev/null)
	@mkdir -p $(MCU_OUT)
	cp "$$(dirname "$$(command -v wasm2c)")/../include/wasm-rt.h" $@

$(MCU_OUT)/scenario.h: $(MCU_SCENARIO) mcu/gen-scenario.mjs build/js/.stamp
	node mcu/gen-scenario.mjs $(MCU_SCENARIO) $@

$(MCU_OUT)/bench-scenario.h: tests/scenarios/bench.json mcu/gen-scenario.mjs build/js/.stamp
	node mcu/gen-scenario.mjs tests/scenarios/bench.json $@

$(MCU_ELF): $(MCU_COMMON_SRC) $(MCU_M4_SRC) mcu/main.c $(MCU_HEADERS) $(MCU_OUT)/scenario.h mcu/board/mps2-an386/link.ld
	$(ARM_CC) $(MCU_CFLAGS) $(MCU_M4_FLAGS) -o $@ $(MCU_COMMON_SRC) $(MCU_M4_SRC) mcu/main.c $(MCU_M4_LDFLAGS)

# The translated firmware compiled once for the test images below (the largest file by far; same flags, same code).
$(MCU_OUT)/firmware-m4.o: $(MCU_OUT)/firmware.c $(MCU_OUT)/firmware.h $(MCU_OUT)/wasm-rt.h
	$(ARM_CC) $(MCU_CFLAGS) $(MCU_M4_FLAGS) -c -o $@ $<
MCU_TEST_SRC := $(filter-out $(MCU_OUT)/firmware.c,$(MCU_COMMON_SRC)) $(MCU_OUT)/firmware-m4.o $(MCU_M4_SRC)

# The serial session (mcu/serial.c): both UARTs receive; tests/mcu_serial.test.ts connects them to Unix sockets.
$(MCU_SERIAL_ELF): $(MCU_TEST_SRC) mcu/serial.c $(MCU_HEADERS) $(MCU_OUT)/scenario.h mcu/board/mps2-an386/link.ld
	$(ARM_CC) $(MCU_CFLAGS) $(MCU_M4_FLAGS) -o $@ $(MCU_TEST_SRC) mcu/serial.c $(MCU_M4_LDFLAGS)

# The boot stage's resets (mcu/bootrun.c, mcu/boot/): tests/mcu_boot.test.ts loads images into the slots.
$(MCU_BOOTRUN_ELF): $(MCU_TEST_SRC) mcu/bootrun.c $(MCU_HEADERS) $(MCU_OUT)/scenario.h mcu/board/mps2-an386/link.ld
	$(ARM_CC) $(MCU_CFLAGS) $(MCU_M4_FLAGS) -o $@ $(MCU_TEST_SRC) mcu/bootrun.c $(MCU_M4_LDFLAGS)

# What the boot stage knows of the translated module: its legal CRC (firmware_checksum) and SHA-256.
$(MCU_OUT)/firmware-id.h: build/firmware.wasm mcu/boot/firmware-id.mjs build/js/.stamp
	@mkdir -p $(@D)
	node mcu/boot/firmware-id.mjs build/firmware.wasm > $@

$(MCU_BIN): $(MCU_ELF)
	arm-none-eabi-objcopy -O binary $< $@

$(MCU_NATIVE): $(MCU_COMMON_SRC) $(MCU_NATIVE_SRC) mcu/main.c $(MCU_HEADERS) $(MCU_OUT)/scenario.h
	gcc $(MCU_CFLAGS) -o $@ $(MCU_COMMON_SRC) $(MCU_NATIVE_SRC) mcu/main.c -lm

# make test builds what tests/mcu.test.ts runs, when the toolchain of .ci/deps is there (else those tests say they were skipped).
MCU_TOOLS := $(shell command -v wasm2c >/dev/null && command -v $(ARM_CC) >/dev/null && command -v qemu-system-arm >/dev/null && echo yes)
ifeq ($(MCU_TOOLS),yes)
test-host: $(MCU_ELF) $(MCU_NATIVE) $(MCU_SERIAL_ELF) $(MCU_BOOTRUN_ELF)
endif

# Benchmark: native x86-64 timing and Cortex-M4 instruction counts (QEMU -icount shift=0: one instruction per virtual ns).
$(MCU_BENCH_NATIVE): $(MCU_COMMON_SRC) $(MCU_NATIVE_SRC) mcu/bench.c $(MCU_HEADERS) $(MCU_OUT)/bench-scenario.h
	gcc $(MCU_CFLAGS) -DBENCH_SECONDS=2000 -DBENCH_RUNS=7 -o $@ $(MCU_COMMON_SRC) $(MCU_NATIVE_SRC) mcu/bench.c -lm

$(MCU_BENCH_ELF): $(MCU_COMMON_SRC) $(MCU_M4_SRC) mcu/bench.c $(MCU_HEADERS) $(MCU_OUT)/bench-scenario.h mcu/board/mps2-an386/link.ld
	$(ARM_CC) $(MCU_CFLAGS) $(MCU_M4_FLAGS) -o $@ $(MCU_COMMON_SRC) $(MCU_M4_SRC) mcu/bench.c $(MCU_M4_LDFLAGS)

# Measured afresh at every make bench: the ratios printed beside V8's figures come from the same run.
.PHONY: build/bench-mcu.json
BENCH_MCU_JSON := build/bench-mcu.json
build/bench-mcu.json: $(MCU_BENCH_NATIVE) $(MCU_BENCH_ELF) $(MCU_ELF) mcu/bench.mjs mcu/size.mjs
	node mcu/bench.mjs $(MCU_BENCH_NATIVE) $(MCU_BENCH_ELF) $(MCU_ELF) $(MCU_MEMCHECK) $(W3_BENCH_ARGS) > $@

bench-mcu: build/bench-mcu.json
	@cat $<

bench: build/bench-mcu.json

# Crypto on the Cortex-M4: build/crypto-test.wasm through wasm2c; `make bench` runs it in QEMU (host/cryptobench.ts)
# and tests/crypto_ecdsa.test.ts compares its bytes with V8's.
CRYPTO_MCU_SRC := mcu/runtime/wasm-rt-bare.c mcu/board/board-common.c mcu/board/mps2-an386/startup.c \
  mcu/board/mps2-an386/board.c mcu/cryptobench.c $(MCU_OUT)/crypto.c

$(MCU_OUT)/crypto.c $(MCU_OUT)/crypto.h: build/crypto-test.wasm
	@mkdir -p $(MCU_OUT)
	wasm2c build/crypto-test.wasm -n crypto -o $(MCU_OUT)/crypto.c

$(MCU_OUT)/cryptobench-m4.elf: $(CRYPTO_MCU_SRC) $(MCU_OUT)/crypto.h $(MCU_OUT)/wasm-rt.h mcu/board/mps2-an386/link.ld
	$(ARM_CC) $(MCU_CFLAGS) $(MCU_M4_FLAGS) -o $@ $(CRYPTO_MCU_SRC) $(MCU_M4_LDFLAGS)

bench: $(MCU_OUT)/cryptobench-m4.elf
test-host: $(MCU_OUT)/cryptobench-m4.elf

include mcu/wasm3/wasm3.mk
