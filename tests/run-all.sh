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

echo "== host: checkpatch --strict, sparse, W=1 =="
MEMLAB_KREL=$kver bash "$top/tests/lint.sh" "$build" 2>&1 | tee "$logs/lint.out" || rc=1

echo "== host: ABI pin tests (64-bit and 32-bit) =="
make -s -C "$top/tests/abi" check OUT="$build/abi" TOP="$top" 2>&1 |
	tee "$logs/host-abi.log" || rc=1

echo "== host: libmemctl (ABI, man pages, syntax, view parsers on two kernels' fixtures) =="
{
	make -s -C "$top/libmemctl" OUT="$build/libmemctl" TOP="$top" \
		check-abi check-man &&
		echo "gates: 2 passed, 0 failed" ||
		echo "gates: 0 passed, 1 failed"
	make -s -C "$top/tests/libmemctl-syntax" check OUT="$build/host-tests" \
		TOP="$top" LIBOUT="$build/libmemctl"
	make -s -C "$top/tests/libmemctl" check OUT="$build/host-tests" TOP="$top"
} 2>&1 | tee "$logs/host-libmemctl.log" || rc=1

echo "== host: memctl CLI (options, JSON, views on snapshots, kernel tools) =="
{
	make -s -C "$top/tests/cli" check TOP="$top" BUILD="$build" &&
		sh "$top/tests/scripts/host/check.sh" "$build/memctl-cli/memctl" \
			"$top/tests/libmemctl/fixtures/guest-6.1"
} 2>&1 | tee "$logs/host-cli.log" || rc=1

echo "== host: make install/uninstall into temporary trees, DKMS builds =="
bash "$top/tests/install/check.sh" --build "$build" ${kver:+--kver "$kver"} 2>&1 |
	tee "$logs/host-install.log" || rc=1

echo "== guest: integration suite, 64-bit then 32-bit programs" \
	"(slub_debug=FZPU page_poison=on panic_on_warn=1) =="
bash "$top/tests/vm/run-guest.sh" "${kopt[@]}" --payload "$build/guest" --timeout 2400 \
	--cmd './check.sh --timeout 600 --last test_module; a=$?; ./check.sh --tests /payload/tests-m32; exit $((a | $?))' \
	--log "$logs/guest-debug.log" || rc=1

echo "== guest: cache merging, CLI, lab-notes scripts, the docs' examples (no slub_debug) =="
bash "$top/tests/vm/run-guest.sh" "${kopt[@]}" --payload "$build/guest" --timeout 2400 \
	--cmd "./check.sh --timeout 600 --only 'test_c*'; a=\$?; ./check.sh --only test_scripts; b=\$?; ./check.sh --timeout 900 --tests /payload/docs/tests; exit \$((a | b | \$?))" --no-slub-debug \
	--log "$logs/guest-merge.log" || rc=1

echo "== $(( $(date +%s) - start )) s =="
# The test runners' counts, plus the lint gates, in one closing line.
sum=$(bash "$top/tests/vm/summary.sh" "$logs"/*.log) || rc=1
echo "$sum" | sed '$d'
read -r p f s < <(echo "$sum" | tail -n1 |
	sed -E 's/.* ([0-9]+) passed, ([0-9]+) failed(, ([0-9]+) skipped)?.*/\1 \2 \4/')
read -r lp lf < <(cat "$logs/lint.out" "$logs/host-libmemctl.log" |
	sed -nE 's/^(lint|gates): ([0-9]+) passed, ([0-9]+) failed$/\2 \3/p' |
	awk '{ p += $1; f += $2 } END { if (NR) print p, f }')
[ -n "${lp:-}" ] || { lp=0; lf=1; }
[ "$lf" -eq 0 ] || rc=1
echo "total: $((p + lp)) passed, $((f + lf)) failed, ${s:-0} skipped" | tee "$logs/total.txt"
exit $rc
