# The wasm3 board variant (included by mcu/mcu.mk): build/firmware.wasm in flash, interpreted by wasm3, same boards and HAL.
.PHONY: mcu-wasm3 mcu-wasm3-native mcu-wasm3-run

# wasm3 is in no registry: its unmodified sources sit beside the repository (../shared/vendor/wasm3, see ORIGIN.md there).
WASM3_SRC ?= ../shared/vendor/wasm3
W3_DIR := $(patsubst %/wasm3.h,%,$(firstword $(wildcard $(WASM3_SRC)/source/wasm3.h $(WASM3_SRC)/wasm3.h)))
W3_OUT := $(MCU_OUT)/wasm3

# wasm3's settings, set from here without editing its m3_config.h (docs/PORTING.md says what each saves):
# code pages of 4 KiB instead of 32 KiB (1 KiB pages took 7,560 B more: headers and bridges), short error texts,
# operand stack bounded like a small-MCU build: 320 (320 B more heap than 256) also compiles the firmware built with
# shrinkLevel 1, which needs 288; one export name per function (this module has no aliases).
W3_CONFIG := -Dd_m3CodePageAlignSize=4096 -Dd_m3VerboseErrorMessages=0 -Dd_m3MaxFunctionStackHeight=320 \
  -Dd_m3MaxDuplicateFunctionImpl=1 -Dd_m3LogOutput=0
# The firmware's call depth is fixed (no recursion): these bound wasm3's value stack and the M4's C stack.
W3_STACK_BYTES := 4096
# Measured on the M4 (make mcu-wasm3-run prints the RAM lines) with the 122 KB module: heap region 555,024 B with what
# the board can reach compiled at boot (W3_COMPILE_AT_BOOT=2, mcu/wasm3/reach.c), C stack 4,080 B. The reserve keeps
# 34 KiB above that; RAM_BYTES makes the link fail when the sum exceeds it, and a module that needs more fails at boot
# ("FAULT compile: wasm3 heap exhausted"). docs/PORTING.md itemises the heap and lists the levers and what each saved.
W3_M4_STACK := 6K
W3_M4_HEAP := 576K
W3_M4_RAM := 584K
# -ffp-contract=off as for wasm2c: f64 results bit-identical to V8's.
W3_LIB_CFLAGS := -O2 -fomit-frame-pointer -fno-stack-check -fno-stack-protector -ffp-contract=off -w $(W3_CONFIG)
# -Os: wasm3's op handlers come out shorter on Thumb-2 (928 instead of 957 M4 instructions per pair at -O2) and
# 11 KiB less flash; native stays at -O2. The C stack limit keeps a runaway call chain inside the 6 KiB stack.
W3_M4_LIB_CFLAGS := $(W3_LIB_CFLAGS) -Os -Dd_m3MaxNativeStack=4096

W3_LIB_SRC := $(filter-out %/m3_api_libc.c %/m3_api_tracer.c,$(wildcard $(W3_DIR)/m3_*.c))
W3_NATIVE_LIB := $(W3_OUT)/native/libm3.a
W3_M4_LIB := $(W3_OUT)/m4/libm3.a
W3_SRC := mcu/synth.c mcu/board/board-common.c $(wildcard mcu/hal/*.c) $(wildcard mcu/boot/*.c) $(wildcard mcu/wasm3/*.c) \
  mcu/wasm3/firmware-bytes.S
W3_HEADERS := $(wildcard mcu/*.h mcu/hal/*.h mcu/board/*.h mcu/boot/*.h mcu/wasm3/*.h) $(W3_OUT)/settings $(W3_OUT)/wasm3-memory.h
# 2: compile at boot what the board's calls reach; 1: the whole module; 0: lazily, on first call (the heap then grows
# when a code path first runs, months after boot perhaps: not bounded); 3: what boot, adc_block and tick reach at
# boot, the rest lazily (docs/PORTING.md has the RAM of each).
W3_COMPILE_AT_BOOT := 2
W3_CFLAGS := $(MCU_CFLAGS) -I$(W3_DIR) $(W3_CONFIG) -DWASM3_STACK_BYTES=$(W3_STACK_BYTES)u -I$(W3_OUT) -DWASM3_COMPILE_AT_BOOT=$(W3_COMPILE_AT_BOOT)
W3_WRAP := -Wl,--wrap=calloc,--wrap=realloc,--wrap=free
W3_M4_LDFLAGS := $(MCU_M4_LDFLAGS) -Wl,--defsym=RAM_BYTES=$(W3_M4_RAM),--defsym=HEAP_BYTES=$(W3_M4_HEAP),--defsym=STACK_BYTES=$(W3_M4_STACK)
# The benchmark keeps a second of samples (32 KiB) beside the board: more RAM than a meter, same heap and stack.
W3_BENCH_M4_LDFLAGS := $(W3_M4_LDFLAGS) -Wl,--defsym=RAM_BYTES=$(W3_M4_RAM)+64K

# Settings changed on the command line (make mcu-wasm3 W3_M4_HEAP=...) rebuild what they touch.
W3_SETTINGS := $(W3_OUT)/settings
W3_SETTINGS_TEXT := $(W3_DIR) $(W3_LIB_CFLAGS) $(W3_M4_LIB_CFLAGS) $(W3_CFLAGS) $(W3_M4_LDFLAGS)
$(shell mkdir -p $(W3_OUT) && echo '$(W3_SETTINGS_TEXT)' | cmp -s - $(W3_SETTINGS) || echo '$(W3_SETTINGS_TEXT)' > $(W3_SETTINGS))

W3_ELF := $(W3_OUT)/meter-wasm3-m4.elf
W3_NATIVE := $(W3_OUT)/meter-wasm3-native
W3_BENCH_ELF := $(W3_OUT)/bench-wasm3-m4.elf
W3_BENCH_NATIVE := $(W3_OUT)/bench-wasm3-native

ifeq ($(W3_DIR),)
W3_SKIP := @echo "wasm3 skipped: no wasm3 sources at $(WASM3_SRC) (set WASM3_SRC=dir to a wasm3 checkout)"
mcu-wasm3 mcu-wasm3-native mcu-wasm3-run:
	$(W3_SKIP)
else

mcu-wasm3: $(W3_ELF) $(W3_NATIVE)
	@echo "wasm3 Cortex-M4 image $(W3_ELF) (wasm3 $(W3_DIR), firmware.wasm $$(stat -c %s build/firmware.wasm) B in flash):"
	@arm-none-eabi-size $(W3_ELF)
	@node mcu/size.mjs $(W3_ELF)

mcu-wasm3-native: $(W3_NATIVE)

# Runs the scenario on wasm3 in QEMU and prints the result and RAM lines.
mcu-wasm3-run: $(W3_ELF)
	$(QEMU) -kernel $(W3_ELF)

# The RAM behind the linear memory: what the firmware uses, measured in the Node host.
$(W3_OUT)/wasm3-memory.h: build/firmware.wasm build/js/.stamp mcu/wasm3/memory-size.mjs
	@mkdir -p $(@D)
	node mcu/wasm3/memory-size.mjs > $@

$(W3_OUT)/native/%.o: $(W3_DIR)/%.c $(W3_SETTINGS)
	@mkdir -p $(@D)
	gcc $(W3_LIB_CFLAGS) -I$(W3_DIR) -c $< -o $@

$(W3_OUT)/m4/%.o: $(W3_DIR)/%.c $(W3_SETTINGS)
	@mkdir -p $(@D)
	$(ARM_CC) $(W3_M4_LIB_CFLAGS) $(MCU_M4_FLAGS) -I$(W3_DIR) -c $< -o $@

$(W3_NATIVE_LIB): $(patsubst $(W3_DIR)/%.c,$(W3_OUT)/native/%.o,$(W3_LIB_SRC))
	rm -f $@ && ar rcs $@ $^

$(W3_M4_LIB): $(patsubst $(W3_DIR)/%.c,$(W3_OUT)/m4/%.o,$(W3_LIB_SRC))
	rm -f $@ && arm-none-eabi-ar rcs $@ $^

$(W3_ELF): $(W3_SRC) $(MCU_M4_SRC) mcu/main.c $(W3_HEADERS) $(W3_M4_LIB) $(MCU_OUT)/scenario.h build/firmware.wasm mcu/board/mps2-an386/link.ld
	$(ARM_CC) $(W3_CFLAGS) $(MCU_M4_FLAGS) -o $@ $(W3_SRC) $(MCU_M4_SRC) mcu/main.c $(W3_M4_LIB) $(W3_WRAP) $(W3_M4_LDFLAGS)

# The serial session on wasm3 (mcu/serial.c, tests/mcu_serial.test.ts): the protocol paths compiled and run.
W3_SERIAL_ELF := $(W3_OUT)/serial-wasm3-m4.elf
$(W3_SERIAL_ELF): $(W3_SRC) $(MCU_M4_SRC) mcu/serial.c $(W3_HEADERS) $(W3_M4_LIB) $(MCU_OUT)/scenario.h build/firmware.wasm mcu/board/mps2-an386/link.ld
	$(ARM_CC) $(W3_CFLAGS) $(MCU_M4_FLAGS) -o $@ $(W3_SRC) $(MCU_M4_SRC) mcu/serial.c $(W3_M4_LIB) $(W3_WRAP) $(W3_M4_LDFLAGS)

# The boot stage on wasm3 (mcu/bootrun.c): the chosen slot's module bytes are what wasm3 parses.
W3_BOOTRUN_ELF := $(W3_OUT)/bootrun-wasm3-m4.elf
$(W3_BOOTRUN_ELF): $(W3_SRC) $(MCU_M4_SRC) mcu/bootrun.c $(W3_HEADERS) $(W3_M4_LIB) $(MCU_OUT)/scenario.h build/firmware.wasm mcu/board/mps2-an386/link.ld
	$(ARM_CC) $(W3_CFLAGS) $(MCU_M4_FLAGS) -o $@ $(W3_SRC) $(MCU_M4_SRC) mcu/bootrun.c $(W3_M4_LIB) $(W3_WRAP) $(W3_M4_LDFLAGS)

$(W3_NATIVE): $(W3_SRC) $(MCU_NATIVE_SRC) mcu/main.c $(W3_HEADERS) $(W3_NATIVE_LIB) $(MCU_OUT)/scenario.h build/firmware.wasm
	gcc $(W3_CFLAGS) -o $@ $(W3_SRC) $(MCU_NATIVE_SRC) mcu/main.c $(W3_NATIVE_LIB) $(W3_WRAP) -lm

$(W3_BENCH_NATIVE): $(W3_SRC) $(MCU_NATIVE_SRC) mcu/bench.c $(W3_HEADERS) $(W3_NATIVE_LIB) $(MCU_OUT)/bench-scenario.h build/firmware.wasm
	gcc $(W3_CFLAGS) -DBENCH_SECONDS=1000 -DBENCH_RUNS=7 -o $@ $(W3_SRC) $(MCU_NATIVE_SRC) mcu/bench.c $(W3_NATIVE_LIB) $(W3_WRAP) -lm

$(W3_BENCH_ELF): $(W3_SRC) $(MCU_M4_SRC) mcu/bench.c $(W3_HEADERS) $(W3_M4_LIB) $(MCU_OUT)/bench-scenario.h build/firmware.wasm mcu/board/mps2-an386/link.ld
	$(ARM_CC) $(W3_CFLAGS) $(MCU_M4_FLAGS) -o $@ $(W3_SRC) $(MCU_M4_SRC) mcu/bench.c $(W3_M4_LIB) $(W3_WRAP) $(W3_BENCH_M4_LDFLAGS)

# Lazy compilation natively (tests/mcu.test.ts): with WASM3_HEAP_LIMIT below its need, a compile on first call fails.
W3_LAZY_NATIVE := $(W3_OUT)/meter-wasm3-lazy-native
$(W3_LAZY_NATIVE): $(W3_SRC) $(MCU_NATIVE_SRC) mcu/main.c $(W3_HEADERS) $(W3_NATIVE_LIB) $(MCU_OUT)/scenario.h build/firmware.wasm
	gcc $(filter-out -DWASM3_COMPILE_AT_BOOT=%,$(W3_CFLAGS)) -DWASM3_COMPILE_AT_BOOT=0 -o $@ $(W3_SRC) $(MCU_NATIVE_SRC) mcu/main.c $(W3_NATIVE_LIB) $(W3_WRAP) -lm

test-host: $(W3_ELF) $(W3_NATIVE) $(W3_SERIAL_ELF) $(W3_BOOTRUN_ELF) $(W3_LAZY_NATIVE)

# make bench: wasm3 measured in the same run as wasm2c (mcu/bench.mjs takes the three files after wasm2c's).
W3_BENCH_ARGS = $(W3_BENCH_NATIVE) $(W3_BENCH_ELF) $(W3_ELF)
build/bench-mcu.json: $(W3_BENCH_NATIVE) $(W3_BENCH_ELF) $(W3_ELF)
endif
