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
	--cmd "sh guest.sh $*" --no-slub-debug --no-page-poison --memory 2G --timeout 3000 \
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
# docs/benchmarks.md from its template, with this run's tables and plot
# (only from a run that produced every file).
doc=$here/../../docs/benchmarks.md
if [ "$rc" = 0 ] && [ -s "$out/matrix.csv" ] && [ -s "$out/latency.svg" ]; then
	cp "$out/latency.svg" "$here/../../docs/benchmarks-latency.svg"
	awk -F, 'NR == 1 {
		print "| measure | value | target | verdict | how |"
		print "|---|---:|---:|---|---|"; next }
	{ for (i = 1; i <= NF; i++) gsub(/"/, "", $i)
	  t = $4 == "" ? "(report)" : $4 " " $5
	  printf "| %s | %.2f | %s | %s | %s |\n", $2, $3, t, $6, $7 }' \
		"$out/ratios.csv" >"$out/ratios.md"
	awk -F, 'NR > 1 && $4 == 1 {
		k = $1 SUBSEP $2
		if (!(k in seen)) { seen[k] = 1; order[++n] = k; a[k] = $1; p[k] = $2 }
		v[k, $3] = ($6 == 0) ? $10 "/" $11 " \\| " $15 "/" $16 : "error " $6 }
	END {
		print "| allocator | size or order | pairs: alloc p50/p99 \\| free p50/p99 | bulk: alloc p50/p99 \\| free p50/p99 |"
		print "|---|---:|---:|---:|"
		for (i = 1; i <= n; i++) { k = order[i]
			printf "| %s | %s | %s | %s |\n", a[k], p[k], v[k, "pairs"], v[k, "bulk"] } }' \
		"$out/matrix.csv" >"$out/matrix.md"
	awk '/^metadata breakdown/ { on = 1; next } on && /^  / { sub(/^  /, "    "); print; next }
		on { exit }' "$out/summary.txt" >"$out/breakdown.md"
	kernel=$(grep -a -m1 '==MEMLAB-START==' "$log" | awk '{ print $2 }' | tr -d '\r')
	awk -v date="$(date -u '+%Y-%m-%d %H:%M UTC')" -v kernel="${kernel:-?}" \
	    -v args="$*" -v rf="$out/ratios.md" -v mf="$out/matrix.md" \
	    -v bf="$out/breakdown.md" '
		function cat(f,   l) { while ((getline l < f) > 0) print l; close(f) }
		/@RATIOS@/ { cat(rf); next }
		/@MATRIX@/ { cat(mf); next }
		/@BREAKDOWN@/ { cat(bf); next }
		{ gsub(/@DATE@/, date); gsub(/@KERNEL@/, kernel); gsub(/@ARGS@/, args); print }' \
		"$here/benchmarks.md.in" >"$doc"
	echo "bench: wrote docs/benchmarks.md and docs/benchmarks-latency.svg"
fi
echo "bench: results in $out"
exit $rc
