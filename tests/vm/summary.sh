#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# summary.sh - add up test results from guest console logs (or any cmocka output).
#
# Usage: tests/vm/summary.sh LOGFILE...
#
# Prints, as its LAST line,   guest: N passed, N failed, N skipped
# (the plain closing line CI reads) and exits 1 when N failed > 0, 2 on misuse.
#
# Per log file:
#  - In a run-guest.sh log only the command's output counts (between
#    ==MEMLAB-START== and ==MEMLAB-DMESG-BEGIN==); any other file is read whole.
#  - If guest/check.sh ran, its "==MEMLAB-BINARY== NAME rc= passed= failed= skipped="
#    lines are summed (they already count crashes/timeouts of whole binaries);
#    otherwise cmocka's closing lines are:
#        [  PASSED  ] N test(s).
#        [  FAILED  ] N test(s), listed below:
#        [  SKIPPED ] N test(s), listed below:
#  - One more failure is counted for a guest that never reported
#    (==MEMLAB-EXIT== missing), for a kernel-side failure recorded by
#    run-guest.sh (==MEMLAB-HEALTH== fail ...: kernel log pattern, taint), and for
#    a command that exited non-zero without any failed test to show for it.
set -euo pipefail

if [ $# -eq 0 ] || [ "$1" = -h ] || [ "$1" = --help ]; then
	echo "usage: tests/vm/summary.sh LOGFILE..." >&2
	exit 2
fi

tp=0 tf=0 ts=0
for f in "$@"; do
	[ -r "$f" ] || { echo "summary: cannot read $f" >&2; exit 2; }
	read -r p fl s note < <(tr -d '\r' <"$f" | awk '
		function num(s) { gsub(/[^0-9]/, "", s); return s + 0 }
		function kv(key,    i) {
			for (i = 3; i <= NF; i++)
				if (index($i, key "=") == 1) return substr($i, length(key) + 2) + 0
			return 0
		}
		/==MEMLAB-START==/ { guest = 1; inside = 1; next }
		/==MEMLAB-DMESG-BEGIN==/ { inside = 0; next }
		/==MEMLAB-EXIT== [0-9]+/ { match($0, /==MEMLAB-EXIT== [0-9]+/); exitrc = num(substr($0, RSTART, RLENGTH)); exited = 1 }
		/^==MEMLAB-HEALTH== fail/ { health = substr($0, 24) }
		guest && !inside { next }
		$1 == "==MEMLAB-BINARY==" { bin = 1; bp += kv("passed"); bf += kv("failed"); bs += kv("skipped"); next }
		/\[  PASSED  \] [0-9]+ test\(s\)\./ { match($0, /\] [0-9]+ /); cp += num(substr($0, RSTART, RLENGTH)) }
		/\[  FAILED  \] [0-9]+ test\(s\), listed below/ { match($0, /\] [0-9]+ /); cf += num(substr($0, RSTART, RLENGTH)) }
		/\[  SKIPPED \] [0-9]+ test\(s\), listed below/ { match($0, /\] [0-9]+ /); cs += num(substr($0, RSTART, RLENGTH)) }
		END {
			if (bin) { p = bp; f = bf; s = bs } else { p = cp; f = cf; s = cs }
			note = "-"
			if (guest && !exited) { f++; note = "guest never reported" }
			else if (health != "") { f++; note = "kernel: " health }
			else if (guest && exitrc != 0 && f == 0) { f++; note = "command exited " exitrc }
			printf "%d %d %d %s\n", p, f, s, note
		}')
	if [ "$note" != - ]; then
		echo "summary: $f: one failure counted for: $note"
	fi
	if [ $# -gt 1 ]; then
		echo "summary: $f: $p passed, $fl failed, $s skipped"
	fi
	tp=$((tp + p)) tf=$((tf + fl)) ts=$((ts + s))
done

echo "guest: $tp passed, $tf failed, $ts skipped"
[ "$tf" -eq 0 ]
