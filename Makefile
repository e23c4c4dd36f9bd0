# SPDX-License-Identifier: GPL-2.0
# memlab top level: delegates to the parts.
#
#   make          build memlab.ko and the test and demo programs
#   make check    host tests, then the guest suite in a QEMU guest
#   make demo     boot a guest and walk through every allocator
#
# KVER selects the kernel to build against and boot: a series (6.1, the
# default: Debian 12's own kernel; 6.12: bookworm-backports, installed by
# `make deps` when missing) or a full release such as 6.12.95+deb12-amd64.
#
#   make check KVER=6.12        the whole suite on 6.12
#   make check-all-kernels      make check on every supported kernel
TOP := $(CURDIR)
BUILD := $(TOP)/build
KVER ?= 6.1
KERNELS ?= 6.1 6.12
# The installed release KVER names (tests/vm/kver.sh). Recursive on purpose:
# evaluated when a recipe runs, i.e. after `deps` may have installed it.
KREL = $(shell bash $(TOP)/tests/vm/kver.sh $(KVER))
KDIR ?= /lib/modules/$(KREL)/build

all: driver libmemctl memctl integration demo-prog

deps:
	@bash tests/vm/deps.sh --kver '$(KVER)'

# e.g. make deps-6.12: the packages, plus that kernel's image and headers
deps-%:
	@bash tests/vm/deps.sh --kver '$*'

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
	bash tests/run-all.sh --kver $(KREL) --build $(BUILD)

# make check on each of KERNELS in turn (the driver is rebuilt for each);
# the logs of each kernel are kept in build/logs-<series>. Fails if any did.
check-all-kernels:
	@rc=0; for k in $(KERNELS); do \
		echo "== make check KVER=$$k =="; \
		t=$$(date +%s); rm -rf $(BUILD)/logs $(BUILD)/logs-$$k; \
		$(MAKE) --no-print-directory check KVER=$$k || rc=1; \
		echo "== KVER=$$k: $$(( $$(date +%s) - t )) s =="; \
		if [ -d $(BUILD)/logs ]; then cp -r $(BUILD)/logs $(BUILD)/logs-$$k; fi; \
	done; exit $$rc

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
	bash tests/vm/run-guest.sh --kver $(KREL) --payload $(BUILD)/demo \
		--cmd 'sh demo.sh$(if $(DEMO_C), --with-c)' --no-slub-debug \
		--allow-pointers

clean:
	$(MAKE) -C driver KDIR=$(KDIR) clean
	rm -rf $(BUILD)

.PHONY: all deps driver libmemctl memctl xcheck integration demo-prog check check-debug \
	check-all-kernels demo clean
