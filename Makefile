# pinpost: the two commands a newcomer needs are `make demo` and `make test` (see README).
# Everything here installs what it needs first (scripts/deps.sh), idempotently.
SHELL := /bin/bash
BOARD ?= sim
SWIFT_BUILD_FLAGS ?=

.PHONY: all deps build firmware embedded-check test unit-test firmware-test demo clean

all: build

deps:
	@scripts/deps.sh

build: deps
	swift build $(SWIFT_BUILD_FLAGS)

# Compile every module in Embedded Swift for the host (no link): the quick check of the subset.
embedded-check:
	@scripts/embedded-compile.sh build/embedded-check x86_64-unknown-linux-gnu

# The static Embedded Swift binary for BOARD: build/$(BOARD)/pinpost.
firmware: deps
	@scripts/firmware.sh $(BOARD)

unit-test: deps
	swift test $(SWIFT_BUILD_FLAGS)

firmware-test: deps
	@scripts/firmware.sh sim
	@scripts/test-firmware.sh sim

test: deps
	swift build $(SWIFT_BUILD_FLAGS)
	swift test $(SWIFT_BUILD_FLAGS)
	@scripts/firmware.sh sim
	@scripts/test-firmware.sh sim

demo: deps
	@scripts/demo.sh

clean:
	rm -rf build .build
