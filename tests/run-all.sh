#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# run-all.sh - what `make check` runs after building: host tests, then the
# guest suite twice (with slub_debug=FZPU, and without it for the cache
# merging tests, since slub_debug turns merging off), then one closing line
# "total: N passed, N failed" over everything. Exit status non-zero on any
# failure, a guest that never reported, or a dirty kernel log.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=$top/build
kver=
while [ $# -gt 0 ]; do
	case "$1" in
	--kver) kver=$2; shift 2 ;;
	--build) build=$2; shift 2 ;;
	*) echo "usage: tests/run-all.sh [--kver VER] [--build DIR]" >&2; exit 2 ;;
	esac
done
logs=$build/logs
mkdir -p "$logs"
rm -f "$logs"/*.log
kopt=()
[ -n "$kver" ] && kopt=(--kver "$kver")
rc=0
start=$(date +%s)

echo "== host: ABI pin tests (64-bit and 32-bit) =="
make -s -C "$top/tests/abi" check OUT="$build/abi" TOP="$top" 2>&1 |
	tee "$logs/host-abi.log" || rc=1

echo "== guest: integration suite, 64-bit then 32-bit programs" \
	"(slub_debug=FZPU page_poison=on panic_on_warn=1) =="
bash "$top/tests/vm/run-guest.sh" "${kopt[@]}" --payload "$build/guest" \
	--cmd './check.sh --last test_module; a=$?; ./check.sh --tests /payload/tests-m32; exit $((a | $?))' \
	--log "$logs/guest-debug.log" || rc=1

echo "== guest: cache merging (no slub_debug) =="
bash "$top/tests/vm/run-guest.sh" "${kopt[@]}" --payload "$build/guest" \
	--cmd "./check.sh --only 'test_cache*'" --no-slub-debug \
	--log "$logs/guest-merge.log" || rc=1

echo "== $(( $(date +%s) - start )) s =="
bash "$top/tests/vm/summary.sh" "$logs"/*.log | sed 's/^guest: /total: /' ||
	rc=1
exit $rc
