# pinpost: the two commands a newcomer needs are `make demo` and `make test` (see README).
# Everything here installs what it needs first (scripts/deps.sh), idempotently.
SHELL := /bin/bash
BOARD ?= sim
SWIFT_BUILD_FLAGS ?=

.PHONY: all deps build firmware firmware-all sysroot size install embedded-check test unit-test integration-test firmware-test demo clean

all: build

deps:
	@scripts/deps.sh

build: deps
	swift build $(SWIFT_BUILD_FLAGS)

# Compile every module in Embedded Swift for the host (no link): the quick check of the subset.
embedded-check:
	@scripts/embedded-compile.sh build/embedded-check x86_64-unknown-linux-gnu

# The static Embedded Swift binary for BOARD: build/$(BOARD)/pinpost (docs/firmware.md). TARGET picks
# another of the board's targets (build/$(BOARD)-armv7/pinpost for armv7-linux-musleabihf), TLS=no drops
# TLS (build/$(BOARD)-notls/pinpost). C libraries are built once into ~/.cache/pinpost (PINPOST_CACHE).
TARGET ?=
TLS ?=
firmware: deps
	@TARGET="$(TARGET)" TLS="$(TLS)" scripts/firmware.sh $(BOARD)

# Every board, every target its board file names.
firmware-all: deps
	@scripts/firmware-all.sh

# A target's Debian sysroot (musl, kernel headers, libgcc), fetched and checked; all musl targets by default.
sysroot: deps
	@for t in $(or $(TARGET),aarch64-linux-musl armv7-linux-musleabihf x86_64-linux-musl); do \
		scripts/build-sysroot.sh $$t || exit 1; done

# Sizes of the firmware binaries (with and without TLS) and their largest parts, from the link maps.
size: deps
	@scripts/size.sh

# Lays out BOARD's firmware, the systemd unit and the example config under DESTDIR (docs/deploy.md).
PREFIX ?= /usr/local
install: firmware
	@DESTDIR="$(DESTDIR)" PREFIX="$(PREFIX)" TARGET="$(TARGET)" TLS="$(TLS)" scripts/install.sh $(BOARD)

unit-test: deps
	swift test $(SWIFT_BUILD_FLAGS)

# Builds the sim, Pi aarch64 (with and without TLS) and armv7 binaries and tests them (under qemu-user).
firmware-test: deps
	@scripts/test-firmware.sh

# The end-to-end suite: the real binary on the sim board against a real mosquitto (Tests/Integration).
# PINPOST_BIN (and PINPOST_WRAPPER, e.g. qemu-aarch64-static) run it against a firmware build instead.
integration-test: deps
	swift build $(SWIFT_BUILD_FLAGS)
	/usr/bin/python3 -m pytest -q Tests/Integration

# Everything CI runs: unit tests, the end-to-end suite on the host build, the firmware binaries (x86_64,
# aarch64 and armv7, the latter two under qemu-user through the same flows), and the HIL suite on the
# virtual boards (aarch64 and armv7 kernels with gpio-sim and i2c-stub) with the Pi firmware just built.
test: deps
	swift build $(SWIFT_BUILD_FLAGS)
	swift test $(SWIFT_BUILD_FLAGS)
	/usr/bin/python3 -m pytest -q Tests/Integration
	@HOST_PINPOST="$$(swift build $(SWIFT_BUILD_FLAGS) --show-bin-path)/pinpost" scripts/test-firmware.sh
	@scripts/hil-vm.sh aarch64 build/rpi4b/pinpost
	@scripts/hil-vm.sh armv7 build/rpi4b-armv7/pinpost

demo: deps
	@scripts/demo.sh

# Hardware-in-the-loop suite (docs/hil.md). `make hil-vm` boots the virtual board (QEMU, Debian's kernel,
# gpio-sim and i2c-stub built out of tree; assets cached in PINPOST_CACHE) and runs Tests/HIL against the
# Pi firmware for ARCH (aarch64, or armv7); PINPOST=FILE uses that binary instead of building it,
# HIL_ONLY=sensor runs only the check files whose name contains "sensor" (and 00-infra, 10-connect).
# `make hil BOARD=rpi4b HOST=pi@raspberrypi` runs the same suite on a wired board over ssh (without HOST: on
# this machine, which must be the board).
.PHONY: hil hil-vm
HIL_ARCH = $(or $(ARCH),aarch64)
HIL_FW_TARGET = $(if $(filter armv7,$(HIL_ARCH)),armv7-linux-musleabihf,aarch64-linux-musl)
HIL_FW_DIR = build/rpi4b$(if $(filter armv7,$(HIL_ARCH)),-armv7)
hil-vm: deps
	@if [ -z "$(PINPOST)" ]; then $(MAKE) --no-print-directory firmware BOARD=rpi4b TARGET=$(HIL_FW_TARGET); fi
	@HIL_ONLY="$(HIL_ONLY)" scripts/hil-vm.sh $(HIL_ARCH) $(or $(PINPOST),$(HIL_FW_DIR)/pinpost)

hil: deps
	@PINPOST="$(PINPOST)" HIL_ONLY="$(HIL_ONLY)" scripts/hil-board.sh $(BOARD) $(HOST)

# Benchmarks of the pure layers in release mode (ring store: append/replay throughput and fsyncs per 1000
# records, on a file under build/bench), printed as a table.
.PHONY: bench
bench: deps
	swift build -c release $(SWIFT_BUILD_FLAGS) --product pinpost-bench
	@"$$(swift build -c release $(SWIFT_BUILD_FLAGS) --show-bin-path)/pinpost-bench"
	@scripts/bench-compare.sh $(BENCH_ARGS)

clean:
	rm -rf build .build
