# SPDX-License-Identifier: GPL-2.0
# memlab top level: delegates to the parts.
#
#   make          build memlab.ko and the test and demo programs
#   make check    host tests, then the guest suite in a QEMU guest
#   make demo     boot a guest and walk through every allocator
#   make bench    the performance ratios and allocator latencies, in a guest
#
# KVER selects the kernel to build against and boot (default: Debian 6.1).
TOP := $(CURDIR)
BUILD := $(TOP)/build
KVER ?= $(shell ls /lib/modules 2>/dev/null | grep '^6\.1\.' | sort -V | tail -n1)
KDIR ?= /lib/modules/$(KVER)/build

all: driver libmemctl memctl integration demo-prog

deps:
	@bash tests/vm/deps.sh

driver: deps
	$(MAKE) -C driver KDIR=$(KDIR) W=1

libmemctl: deps
	$(MAKE) -C libmemctl OUT=$(BUILD)/libmemctl TOP=$(TOP)

memctl: libmemctl
	$(MAKE) -C memctl-cli TOP=$(TOP) OUT=$(BUILD)/memctl-cli/memctl

xcheck: deps
	$(MAKE) -C tests/xcheck TOP=$(TOP) OUT=$(BUILD)/guest/bin

integration: deps libmemctl memctl xcheck
	$(MAKE) -C tests/libmemctl-guest OUT=$(BUILD)/guest/tests TOP=$(TOP) \
		LIBOUT=$(BUILD)/libmemctl
	$(MAKE) -C tests/cli guest TOP=$(TOP) BUILD=$(BUILD)
	$(MAKE) -C tests/scripts OUT=$(BUILD)/guest/tests TOP=$(TOP)
	$(MAKE) -C tests/integration all m32 OUT=$(BUILD)/guest/tests \
		OUT32=$(BUILD)/guest/tests-m32 TOP=$(TOP)

demo-prog: deps memctl
	$(MAKE) -C tests/demo OUT=$(BUILD)/demo TOP=$(TOP) \
		MEMCTL=$(BUILD)/memctl-cli/memctl

check: driver integration
	cp driver/memlab.ko $(BUILD)/guest/
	bash tests/run-all.sh --kver $(KVER) --build $(BUILD)

# The reliability tier (tests/debug-kernel/check.sh): the guest suite, the
# fault sweep and the fuzzer under a KASAN kernel and a kmemleak kernel
# built from Debian's linux-source-6.1 (cached in build/debug-kernel).
# DEBUG_FLAVORS="kasan" runs one of them.
check-debug: integration
	bash tests/debug-kernel/check.sh --build $(BUILD) $(DEBUG_FLAVORS)

# The memctl tour (tests/demo/tour.sh); DEMO_C=1 adds memlab-demo, the same
# walk in C, after it.
demo: driver demo-prog
	cp driver/memlab.ko $(BUILD)/demo/
	bash tests/vm/run-guest.sh --kver $(KVER) --payload $(BUILD)/demo \
		--cmd 'sh demo.sh$(if $(DEMO_C), --with-c)' --no-slub-debug \
		--allow-pointers

# The performance run (tests/bench/bench.sh): ratios with their targets,
# the in-kernel latency matrix as CSV/JSON and plots, into build/bench/.
# BENCH_ARGS=--quick for a short run; docs/benchmarks.md is regenerated
# from a full one.
bench: driver
	bash tests/vm/deps.sh gnuplot-nox
	$(MAKE) -C tests/bench OUT=$(BUILD)/bench/guest TOP=$(TOP)
	cp driver/memlab.ko $(BUILD)/bench/guest/
	bash tests/bench/bench.sh $(BUILD)/bench $(BUILD)/bench/guest --kver $(KVER) \
		-- $(BENCH_ARGS)

clean:
	$(MAKE) -C driver KDIR=$(KDIR) clean
	rm -rf $(BUILD)

.PHONY: all deps driver libmemctl memctl xcheck integration demo-prog check check-debug \
	demo bench clean
