#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# plot.sh - draw the in-kernel latency matrix (DIR/matrix.csv, written by
# `make bench`) with gnuplot: for each allocator, alloc and free latency
# (p50 and p99, one thread, both patterns) by size or order, as
# DIR/latency.png and DIR/latency.svg.
#
#   bash tests/bench/plot.sh DIR
set -euo pipefail

dir=${1:?usage: plot.sh DIR}
csv=$dir/matrix.csv
[ -s "$csv" ] || { echo "plot: $csv missing" >&2; exit 1; }
command -v gnuplot >/dev/null || { echo "plot: gnuplot not installed" >&2; exit 1; }
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT

# One file per allocator and pattern: param alloc_p50 alloc_p99 free_p50 free_p99
awk -F, -v d="$data" 'NR > 1 && $4 == 1 && $6 == 0 {
	f = d "/" $1 "-" $3 ".dat"
	print $2, $10, $11, $15, $16 >> f
}' "$csv"

plot() {	# plot TERMINAL OUTPUT
	cat <<EOF2
set terminal $1 noenhanced
set output '$2'
set multiplot layout 2,3 title "memlab: in-kernel allocator latency (one thread; TCG guest, compare shapes, not absolute ns)"
set logscale y
set grid
set key top left font ",8"
set ylabel "ns"
EOF2
	local a xl logx
	for a in kmalloc kmem_cache pages vmalloc dma_coherent; do
		[ -s "$data/$a-pairs.dat" ] || continue
		if [ "$a" = pages ]; then
			xl=order logx="unset logscale x; set xtics 1; set format x '%g'"
		else
			xl=bytes logx="set logscale x 2; set xtics 4; set format x '%.0s%cB'"
		fi
		cat <<EOF2
$logx
set title "$a"
set xlabel "$xl"
plot '$data/$a-pairs.dat' using 1:2 with linespoints title 'alloc p50 (pairs)', \\
     '$data/$a-pairs.dat' using 1:3 with linespoints title 'alloc p99 (pairs)', \\
     '$data/$a-pairs.dat' using 1:4 with linespoints title 'free p50 (pairs)', \\
     '$data/$a-bulk.dat' using 1:2 with linespoints title 'alloc p50 (bulk)', \\
     '$data/$a-bulk.dat' using 1:4 with linespoints title 'free p50 (bulk)'
EOF2
	done
	echo "unset multiplot"
}

plot "pngcairo size 1500,900" "$dir/latency.png" | gnuplot 2>/dev/null ||
	plot "png size 1500,900" "$dir/latency.png" | gnuplot
plot "svg size 1500,900" "$dir/latency.svg" | gnuplot
echo "plot: $dir/latency.png $dir/latency.svg"
