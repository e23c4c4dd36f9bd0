#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench.sh - host side of `make bench`: boot the guest (no slub_debug: it
# would measure SLUB's debugging, not the allocators), run memlab-bench
# there, and cut the files it prints between ==BENCH-FILE== NAME and
# ==BENCH-END== out of the console log into OUTDIR (CSV, JSON), plus the
# console table as OUTDIR/summary.txt; then draw the plots (plot.sh) when
# gnuplot is installed.
#
#   bash tests/bench/bench.sh OUTDIR PAYLOAD [--kver VER] [-- BENCH-ARGS]
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=$1 payload=$2
shift 2
kver=()
if [ "${1:-}" = --kver ]; then
	[ -n "${2:-}" ] && kver=(--kver "$2")
	shift 2
fi
[ "${1:-}" = -- ] && shift
mkdir -p "$out"
log=$out/console.log

rc=0
bash "$here/../vm/run-guest.sh" "${kver[@]}" --payload "$payload" \
	--cmd "sh guest.sh $*" --no-slub-debug --memory 2G --timeout 3000 \
	--log "$log" >"$out/guest.out" || rc=$?

# The command's output: everything but the file sections.
awk '/==BENCH-FILE==/ { skip = 1; next } /==BENCH-END==/ { skip = 0; next }
	!skip' "$out/guest.out" | tee "$out/summary.txt"
awk -v dir="$out" '
	/==BENCH-FILE== / { sub(/\r$/, ""); f = dir "/" $2; printf "" > f; next }
	/==BENCH-END==/ { if (f) close(f); f = ""; next }
	f { sub(/\r$/, ""); print >> f }' "$out/guest.out"
for f in ratios.csv ratios.json; do
	[ -s "$out/$f" ] || { echo "bench: $f missing (guest run failed?)" >&2; rc=1; }
done
if [ -s "$out/matrix.csv" ]; then
	bash "$here/../vm/deps.sh" gnuplot-nox >&2 || rc=1
	bash "$here/plot.sh" "$out" || rc=1
fi
echo "bench: results in $out"
exit $rc
