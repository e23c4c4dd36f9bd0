# SPDX-License-Identifier: GPL-2.0
# memlab top level: delegates to the parts.
#
#   make          build memlab.ko and the test and demo programs
#   make check    host tests, then the guest suite in a QEMU guest
#   make demo     boot a guest and walk through every allocator
#   make install  memlab.ko, udev rule, sysusers.d group, libmemctl, memctl
#                 (DESTDIR, PREFIX=/usr/local; `make uninstall` undoes it)
#   make dkms-src the module's sources to /usr/src/memlab-VERSION for DKMS
#   make bench    the performance ratios and allocator latencies, in a guest
#   make bench-profile  perf in the guest over the batched service path
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
# The project's version (dkms.conf's PACKAGE_VERSION says the same). Not
# called VERSION: libmemctl's Makefile has its own, the library's.
PROJECT_VERSION := $(shell grep -v "^#" $(TOP)/VERSION)

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
	$(MAKE) -C tests/udev OUT=$(BUILD)/guest TOP=$(TOP)
	$(MAKE) -C tests/integration all m32 OUT=$(BUILD)/guest/tests \
		OUT32=$(BUILD)/guest/tests-m32 TOP=$(TOP)
	$(MAKE) -C tests/abi guest OUT=$(BUILD)/abi GUEST=$(BUILD)/guest/tests-m32 \
		TOP=$(TOP)
	$(MAKE) -C tests/fuzz OUT=$(BUILD)/guest/bin OBJ=$(BUILD)/fuzz TOP=$(TOP)
	$(MAKE) -C tests/docs OUT=$(BUILD)/guest/docs TOP=$(TOP) \
		LIBOUT=$(BUILD)/libmemctl

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

# ------------------------------------------------------------ install ----
# FHS places under PREFIX for userspace (libmemctl's and memctl-cli's own
# install targets do their parts); the module goes where the kernel looks,
# /lib/modules/KVER/updates, whatever PREFIX. udev and systemd-sysusers
# read /usr/local/lib/{udev/rules.d,sysusers.d} as well as /usr/lib/....
# Nothing here runs tests/vm/deps.sh: a real machine needs no QEMU.
PREFIX		?= /usr/local
UDEVRULESDIR	?= $(PREFIX)/lib/udev/rules.d
SYSUSERSDIR	?= $(PREFIX)/lib/sysusers.d
DOCDIR		?= $(PREFIX)/share/doc/memlab
MAN4DIR		?= $(PREFIX)/share/man/man4
# A real machine installs for the kernel it runs unless KVER is given;
# the test bench's default (6.1, the guest's kernel) is not that.
IKREL		= $(if $(filter file,$(origin KVER)),$(shell uname -r),$(KREL))
IKDIR		= $(if $(filter file,$(origin KDIR)),/lib/modules/$(IKREL)/build,$(KDIR))
MODDIR		?= /lib/modules/$(IKREL)/updates
DKMS_SRCDIR	?= /usr/src/memlab-$(PROJECT_VERSION)
MAN4		:= $(wildcard docs/memlab.4)
SUBINSTALL	:= PREFIX=$(PREFIX) TOP=$(TOP)
# What `make install` puts outside the sub-Makefiles' lists.
INST_FILES	:= $(UDEVRULESDIR)/60-memlab.rules $(SYSUSERSDIR)/memlab.conf \
		   $(DOCDIR)/examples/modules-load.d/memlab.conf \
		   $(if $(MAN4),$(MAN4DIR)/memlab.4)

install: install-module install-user

install-module:
	@test -d $(IKDIR) || { echo "install: no kernel headers in $(IKDIR):" \
		"install linux-headers-$(IKREL) or pass KVER=" >&2; exit 1; }
	$(MAKE) -C driver KDIR=$(IKDIR) modules
	install -D -m 0644 driver/memlab.ko $(DESTDIR)$(MODDIR)/memlab.ko
	$(call depmod)

install-user:
	$(MAKE) -C libmemctl install OUT=$(BUILD)/libmemctl $(SUBINSTALL)
	$(MAKE) -C memctl-cli install OUT=$(BUILD)/memctl-cli/memctl \
		$(SUBINSTALL)
	install -D -m 0644 udev/60-memlab.rules \
		$(DESTDIR)$(UDEVRULESDIR)/60-memlab.rules
	install -D -m 0644 udev/memlab.sysusers \
		$(DESTDIR)$(SYSUSERSDIR)/memlab.conf
	install -D -m 0644 udev/memlab.modules-load \
		$(DESTDIR)$(DOCDIR)/examples/modules-load.d/memlab.conf
	$(if $(MAN4),install -D -m 0644 $(MAN4) $(DESTDIR)$(MAN4DIR)/memlab.4)
ifeq ($(DESTDIR),)
	-ldconfig
	@if command -v systemd-sysusers >/dev/null; then \
		echo "systemd-sysusers $(SYSUSERSDIR)/memlab.conf"; \
		systemd-sysusers $(SYSUSERSDIR)/memlab.conf; \
	else \
		echo "install: no systemd-sysusers: create the group with" \
			"'groupadd -r memlab'"; \
	fi
	@echo "install: udevadm control --reload, then load memlab" \
		"(modprobe memlab) to get /dev/memlab as root:memlab 0660"
endif

uninstall:
	rm -f $(DESTDIR)$(MODDIR)/memlab.ko
	$(call depmod)
	$(MAKE) -C libmemctl uninstall OUT=$(BUILD)/libmemctl $(SUBINSTALL)
	$(MAKE) -C memctl-cli uninstall OUT=$(BUILD)/memctl-cli/memctl \
		$(SUBINSTALL)
	rm -f $(addprefix $(DESTDIR),$(INST_FILES))
ifeq ($(DESTDIR),)
	-ldconfig
endif

# depmod for the real module tree only: under DESTDIR (a staging tree for
# a package) it would leave modules.* files behind that nobody owns.
define depmod
	@if [ -n "$(DESTDIR)" ]; then \
		echo "depmod skipped (DESTDIR set): run 'depmod -a $(IKREL)'" \
			"on the target"; \
	else \
		echo "depmod -a $(IKREL)"; depmod -a $(IKREL); \
	fi
endef

# DKMS: the sources the module builds from (driver/, and uapi/ which it
# includes) with dkms.conf, in /usr/src/memlab-VERSION; then
#   dkms add memlab/$(PROJECT_VERSION) && dkms install memlab/$(PROJECT_VERSION)
DKMS_DRIVER	:= driver/Makefile driver/Kbuild \
		   $(filter-out %.mod.c,$(wildcard driver/*.c)) $(wildcard driver/*.h)
DKMS_UAPI	:= $(wildcard uapi/linux/*.h)

dkms-src:
	@grep -qx 'PACKAGE_VERSION="$(PROJECT_VERSION)"' dkms.conf || \
		{ echo "dkms.conf: PACKAGE_VERSION is not $(PROJECT_VERSION)" \
			"(VERSION)" >&2; exit 1; }
	install -d $(DESTDIR)$(DKMS_SRCDIR)/driver \
		$(DESTDIR)$(DKMS_SRCDIR)/uapi/linux
	install -m 0644 dkms.conf VERSION $(DESTDIR)$(DKMS_SRCDIR)/
	install -m 0644 $(DKMS_DRIVER) $(DESTDIR)$(DKMS_SRCDIR)/driver/
	install -m 0644 $(DKMS_UAPI) $(DESTDIR)$(DKMS_SRCDIR)/uapi/linux/

uninstall-dkms-src:
	rm -f $(DESTDIR)$(DKMS_SRCDIR)/dkms.conf $(DESTDIR)$(DKMS_SRCDIR)/VERSION \
		$(addprefix $(DESTDIR)$(DKMS_SRCDIR)/,$(DKMS_DRIVER) $(DKMS_UAPI))
	-rmdir $(DESTDIR)$(DKMS_SRCDIR)/uapi/linux $(DESTDIR)$(DKMS_SRCDIR)/uapi \
		$(DESTDIR)$(DKMS_SRCDIR)/driver $(DESTDIR)$(DKMS_SRCDIR)

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

# perf in the guest over the batched path (docs/benchmarks.md, Profile)
bench-profile: driver
	bash tests/vm/deps.sh linux-perf
	$(MAKE) -C tests/bench OUT=$(BUILD)/bench/guest TOP=$(TOP)
	cp driver/memlab.ko $(BUILD)/bench/guest/
	bash tests/bench/profile.sh $(BUILD)/bench $(BUILD)/bench/guest $(KVER)

clean:
	$(MAKE) -C driver KDIR=$(KDIR) clean
	rm -rf $(BUILD)

.PHONY: all deps driver libmemctl memctl xcheck integration demo-prog check check-debug \
	check-all-kernels demo install install-module install-user uninstall \
	dkms-src uninstall-dkms-src bench bench-profile clean
