#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# deps.sh - install the Debian packages the guest test bench needs.
#
# CI and every new developer machine start from a fresh Debian 12, so nothing
# may be assumed to be there: this script installs what is missing and is a
# quiet no-op when everything is present (it is run before every bench run).
#
#   linux-image-amd64     the kernel booted in the QEMU guest (/boot/vmlinuz-*)
#   linux-headers-amd64   headers to build driver/memlab.ko against that kernel
#   qemu-system-x86       the guest (TCG; nested KVM hangs on these machines)
#   busybox-static        the guest's whole userland (a static binary, no libs)
#   cpio                  packs the initramfs
#   kmod                  modinfo: module dependencies and vermagic checks
#   libc-bin              ldd + ldconfig: shared libraries of payload binaries
#   libcmocka-dev         the unit test framework the guest tests are built with
#   gcc-multilib          -m32 builds, for compat-ioctl tests (libc6-i386 comes along)
#   gcc make              building the module and the tests
#   libcmocka-dev:i386    the ABI pin test built -m32 (needs the i386 architecture)
#   coreutils gzip        timeout(1) and the initramfs compression
#   xz-utils              unpacks Debian 6.12's .ko.xz modules for the guest
#   libjson-c-dev         memctl's JSON output
#   groff-base            libmemctl's man page check
#   procps                slabtop, to cross-check memctl slabtop
#   libnl-3-dev libnl-genl-3-dev pkg-config
#                         libmemctl's generic netlink client
#   dkms                  tests/install: dkms add/build of dkms.conf (build
#                         only, in private trees; nothing is installed)
#   udev                  systemd-udevd, udevadm and systemd-sysusers that
#                         test_udev copies into the guest with our rule
#   jq                    the docs' examples pipe memctl's JSON into it
#                         (tests/docs copies it into the guest)
#
# Extra packages can be named on the command line: deps.sh strace gdb
#
# --kver SEL names the kernel a run selects (make's KVER: 6.12, or a full
# release). Debian 12's own kernel is 6.1; for any other series X.Y that is
# not installed yet, backports.sh installs its image and headers from the
# release's backports suite (6.12 for bookworm), next to 6.1.
#
# Usage: tests/vm/deps.sh [--kver SEL] [PACKAGE...]
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
kver=
if [ "${1:-}" = --kver ]; then
	kver=${2:-}
	shift 2 || shift
fi
# A series other than the release's own 6.1: its kernel comes from backports.
series=$(sed -nE 's/^([0-9]+\.[0-9]+)([.].*)?$/\1/p' <<<"$kver")
if [ -n "$series" ] && [ "$series" != 6.1 ]; then
	bash "$here/backports.sh" "$series"
fi

pkgs=(
	linux-image-amd64 linux-headers-amd64
	qemu-system-x86 busybox-static cpio kmod libc-bin
	libcmocka-dev gcc-multilib gcc make coreutils gzip xz-utils
	libjson-c-dev groff-base procps
	libnl-3-dev libnl-genl-3-dev pkg-config
	dkms udev jq
	"$@"
)

native=$(dpkg --print-architecture)
missing=()
for p in "${pkgs[@]}"; do
	# Only "installed" means the files are there (half-installed and config-files
	# states count as missing), and only for the native architecture or "all":
	# with i386 enabled, dpkg-query also lists e.g. libcmocka-dev:i386.
	if ! dpkg-query -W -f='${Architecture} ${db:Status-Status}\n' "$p" 2>/dev/null |
		grep -q -E "^($native|all) installed$"; then
		missing+=("$p")
	fi
done

# 32-bit libraries for the -m32 ABI test: a foreign architecture's packages.
foreign=(libcmocka-dev:i386)
for p in "${foreign[@]}"; do
	if ! dpkg-query -W -f='${db:Status-Status}\n' "$p" 2>/dev/null |
		grep -q '^installed$'; then
		missing+=("$p")
	fi
done

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "deps.sh: missing packages: ${missing[*]} (run as root to install them)" >&2
	exit 1
fi

echo "deps.sh: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
if printf '%s\n' "${missing[@]}" | grep -q ':i386$' &&
	! dpkg --print-foreign-architectures | grep -qx i386; then
	dpkg --add-architecture i386
fi
# The package lists of a fresh machine may be empty or stale: refresh them
# only now that something actually has to be installed.
# A mirror caught mid-sync can fail one index (e.g. a foreign architecture's)
# while the ones needed here are fine: let the install below be the judge.
apt-get -o DPkg::Lock::Timeout=600 update -qq >&2 || echo "deps.sh: apt-get update reported errors, trying the install anyway" >&2
apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >&2
