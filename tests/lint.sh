#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# lint.sh - the driver's style gates: checkpatch.pl --strict (from Debian's
# linux-source-6.1, extracted once into build/tools) on driver/ and uapi/,
# and sparse over the module build (make C=2). Prints one line per gate and
# "lint: N passed, N failed"; exits non-zero on any finding.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
kdir=${KDIR:-/lib/modules/$(ls /lib/modules | grep '^6\.1\.' | sort -V | tail -n1)/build}
tools=$build/tools
pass=0 fail=0

bash "$top/tests/vm/deps.sh" linux-source-6.1 sparse || exit 1

cp=$tools/scripts/checkpatch.pl
if [ ! -x "$cp" ]; then
	mkdir -p "$tools"
	tar -C "$tools" --strip-components=1 -xJf /usr/src/linux-source-6.1.tar.xz \
		linux-source-6.1/scripts/checkpatch.pl \
		linux-source-6.1/scripts/spelling.txt \
		linux-source-6.1/scripts/const_structs.checkpatch || exit 1
fi

files=$(cd "$top" && ls driver/*.c driver/*.h uapi/linux/*.h | grep -v '\.mod\.c$')
# compat.h is where an out-of-tree module must test the kernel version,
# which checkpatch (written for in-tree code) flags: its one
# LINUX_VERSION_CODE comparison (MEMLAB_KERNEL_AT_LEAST) is allowed there
# and nowhere else.
compat_ok=LINUX_VERSION_CODE,CONSTANT_COMPARISON
out=$(cd "$top" && {
	"$cp" --no-tree --strict --terse -f $(echo "$files" | grep -v -x driver/compat.h)
	"$cp" --no-tree --strict --terse --ignore "$compat_ok" -f driver/compat.h
} 2>&1 | grep -E ': (ERROR|WARNING|CHECK):')
if [ -z "$out" ]; then
	echo "lint: PASS checkpatch --strict ($(echo "$files" | wc -w) files)"
	pass=$((pass + 1))
else
	echo "$out"
	echo "lint: FAIL checkpatch --strict: $(echo "$out" | wc -l) findings"
	fail=$((fail + 1))
fi

# Sparse and W=1 over a fresh build of every file (C=2 checks even
# up-to-date objects); any diagnostic fails the gate. On 6.1, and also on
# the kernel a run selected (MEMLAB_KREL, from run-all.sh --kver) when that
# is another one: the driver must build cleanly on every supported kernel.
sparse_gate() {	# sparse_gate KDIR LABEL
	local out
	out=$(make -s -C "$top/driver" KDIR="$1" W=1 C=2 2>&1 |
		grep -vE '^(make|  [A-Z]+|Skipping BTF)' | grep -E 'warning|error' || true)
	if [ -z "$out" ]; then
		echo "lint: PASS sparse and W=1 on the module build$2"
		pass=$((pass + 1))
	else
		echo "$out"
		echo "lint: FAIL sparse/W=1$2: $(echo "$out" | wc -l) diagnostics"
		fail=$((fail + 1))
	fi
}
sparse_gate "$kdir" ""
krel=${MEMLAB_KREL:-}
if [ -n "$krel" ] && [ "$(realpath -m "/lib/modules/$krel/build")" != "$(realpath -m "$kdir")" ]; then
	sparse_gate "/lib/modules/$krel/build" " ($krel)"
fi

echo "lint: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
