# The project's commands: `make run` and `make test` work as the first command on a fresh clone.
SHELL := /bin/bash
.DEFAULT_GOAL := build

NPM_STAMP := node_modules/.install-stamp
FIRMWARE_SOURCES := $(shell find assembly -name '*.ts' ! -name '*.spec.ts')
HOST_SOURCES := $(shell find host tests -name '*.ts' 2>/dev/null)

.PHONY: build run test test-firmware test-host bench calibrate clean image web web-screenshot charts

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# The custom section "legal" (SHA-256 of the metrology sources) is what the legal checksum and the update's legal key follow.
# tools/noinline.mjs: @noinline keeps small cold helpers out of their callers (docs/PORTING.md, "Code size").
build/firmware.wasm: $(NPM_STAMP) asconfig.json tools/noinline.mjs $(FIRMWARE_SOURCES) host/legal.ts | build/js/.stamp
	npx asc --target release --transform ./tools/noinline.mjs
	node build/js/host/legal.js $@

# The crypto primitives with a test entry, for the vector tests (the firmware does not use them yet).
build/crypto-test.wasm: $(NPM_STAMP) assembly/crypto/asconfig.json $(FIRMWARE_SOURCES)
	npx asc --config assembly/crypto/asconfig.json

build/js/.stamp: $(NPM_STAMP) tsconfig.json $(HOST_SOURCES)
	rm -rf build/js
	npx tsc -p tsconfig.json
	@touch $@

build: build/firmware.wasm build/js/.stamp

# ARGS passes options to the simulator, e.g. make run ARGS="--current 40 --pf 0.8 --duration 2h"
run: build
	node build/js/host/cli.js $(ARGS)

# The Debian packages of .ci/deps first (installed when root or sudo allows), in a fresh make that sees them.
test:
	@.ci/deps || true
	@$(MAKE) --no-print-directory test-firmware test-host

test-firmware: $(NPM_STAMP)
	npx asp --no-logo

test-host: build build/crypto-test.wasm
	node --test build/js/host build/js/tests

bench: build build/crypto-test.wasm
	node build/js/host/bench.js $(BENCH_MCU_JSON)
	node build/js/host/cryptobench.js
	node build/js/host/updatebench.js

# A signed update file from build/firmware.wasm (docs/UPDATE.md). The default keys are the TEST keys of keys/;
# real use: make image IMAGE_KEY=/path/utility.pem IMAGE_LEGAL_KEY=/path/legal.pem IMAGE_VERSION=n
IMAGE_VERSION ?= 1
IMAGE_KEY ?= keys/test-utility.pem
IMAGE_LEGAL_KEY ?= keys/test-legal.pem
image: build
	node build/js/host/sign.js --wasm build/firmware.wasm --version $(IMAGE_VERSION) --key $(IMAGE_KEY) \
	  $(if $(IMAGE_LEGAL_KEY),--legal-key $(IMAGE_LEGAL_KEY)) --out build/firmware.img

# The factory calibration procedure of docs/HAL.md on a modelled front end, then its error over 45..65 Hz.
calibrate: build
	node build/js/host/calibrate.js

# The meter in a browser (docs/WEB.md): the page on http://127.0.0.1:$(WEB_PORT)/, the firmware in a Web Worker.
WEB_PORT ?= 8080
web: build
	node build/js/host/web/serve.js --port $(WEB_PORT)

# docs/web.png, the page in Chromium after five simulated hours of a household day.
web-screenshot: build
	node build/js/host/web/screenshot.js

# The typical accuracy charts of the data sheet, measured from the firmware's registers: docs/accuracy-*.svg.
charts: build
	node build/js/host/web/charts.js

clean:
	rm -rf build

-include mcu/mcu.mk
