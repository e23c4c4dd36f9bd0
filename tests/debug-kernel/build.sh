#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build.sh - build a memlab debug kernel from Debian's linux-source-6.1, once.
#
#   tests/debug-kernel/build.sh FLAVOR      FLAVOR: kasan | kmemleak
#
# The config is x86_64_defconfig + kernel/configs/kvm_guest.config +
# common.config + FLAVOR.config (merge_config.sh), and every option the
# fragments ask for must end up in .config as asked: a fragment that the
# kernel silently drops would make the checkers we rely on absent.
#
# The tree is extracted once into $BUILD/debug-kernel/src and each flavor
# builds out of tree into $BUILD/debug-kernel/FLAVOR. The build is reused
# while a stamp of its inputs (the fragments, this script, the source
# package's version) matches; change a fragment and it is rebuilt.
# On success prints the bzImage path on stdout (last line); the build tree
# (KDIR for memlab.ko) is its ../../..
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
flavor=${1:-}
case "$flavor" in
kasan|kmemleak) ;;
*) echo "usage: $0 kasan|kmemleak" >&2; exit 2 ;;
esac

out=${MEMLAB_BUILD_DIR:-$repo/build}/debug-kernel
src=$out/src
obj=$out/$flavor
tarball=/usr/src/linux-source-6.1.tar.xz
jobs=$(nproc)

# What a kernel build needs beyond the test bench's packages.
bash "$repo/tests/vm/deps.sh" linux-source-6.1 bc bison flex libelf-dev \
	libssl-dev xz-utils >&2

srcver=$(dpkg-query -W -f='${Version}' linux-source-6.1)
key=$( (echo "$srcver"; cat "$here/common.config" "$here/$flavor.config" \
	"$here/build.sh") | sha256sum | cut -d' ' -f1)
image=$obj/arch/x86/boot/bzImage
if [ -f "$image" ] && [ "$(cat "$obj/.memlab-stamp" 2>/dev/null)" = "$key" ]; then
	echo "debug-kernel: $flavor is up to date" >&2
	echo "$image"
	exit 0
fi

mkdir -p "$out"
if [ "$(cat "$src/.memlab-srcver" 2>/dev/null)" != "$srcver" ]; then
	echo "debug-kernel: extracting $tarball" >&2
	rm -rf "$src" "$out/linux-source-6.1"
	tar -C "$out" -xJf "$tarball"
	mv "$out/linux-source-6.1" "$src"
	echo "$srcver" > "$src/.memlab-srcver"
fi

rm -f "$obj/.memlab-stamp"
mkdir -p "$obj"
start=$(date +%s)
echo "debug-kernel: configuring $flavor" >&2
make -s -C "$src" O="$obj" x86_64_defconfig >&2
printf 'CONFIG_LOCALVERSION="-memlab-%s"\n# CONFIG_LOCALVERSION_AUTO is not set\n' \
	"$flavor" > "$obj/memlab-version.config"
"$src/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" \
	"$src/kernel/configs/kvm_guest.config" "$here/common.config" \
	"$here/$flavor.config" "$obj/memlab-version.config" >&2
make -s -C "$src" O="$obj" olddefconfig >&2

# Every option the fragments set must be there as set.
bad=0
while IFS= read -r line; do
	case "$line" in
	CONFIG_*=n)
		opt=${line%%=*}
		if grep -q "^$opt=" "$obj/.config"; then
			echo "debug-kernel: $opt should be off" >&2
			bad=1
		fi ;;
	CONFIG_*)
		if ! grep -qxF "$line" "$obj/.config"; then
			echo "debug-kernel: $line did not stick" \
				"(.config: $(grep "^${line%%=*}=" "$obj/.config" || echo unset))" >&2
			bad=1
		fi ;;
	esac
done < <(cat "$here/common.config" "$here/$flavor.config")
[ "$bad" = 0 ] || exit 1

echo "debug-kernel: building $flavor with $jobs jobs" >&2
make -s -C "$src" O="$obj" -j"$jobs" bzImage modules >&2
echo "$key" > "$obj/.memlab-stamp"
echo "debug-kernel: $flavor built in $(( $(date +%s) - start )) s" >&2
echo "$image"
