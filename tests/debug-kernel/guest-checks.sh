#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# guest-checks.sh - the debug kernel's own checkers around a guest test run.
# Runs in the guest (busybox sh), from /payload:
#
#   sh guest-checks.sh pre     before the suite: debugfs, kmemleak quiet and
#                              cleared (only leaks of this run count)
#   sh guest-checks.sh post    after the suite (memlab unloaded by check.sh):
#     - DMA-API debug: error_count 0 (it checks leaks at unbind)
#     - page_owner: no page still allocated from memlab's code (module
#       addresses: the module is gone, its frames print as raw addresses)
#     - kmemleak (leak build): scan, wait, scan again; no report at all
#     - KASAN/UBSAN/lockdep reports are run-guest.sh's kernel log patterns
#
# Prints "debug-checks: N passed, N failed" and exits 1 on any failure.
dbg=/sys/kernel/debug
pass=0
fail=0

ok() { pass=$((pass + 1)); echo "debug-checks: PASS $*"; }
bad() { fail=$((fail + 1)); echo "debug-checks: FAIL $*"; }

[ -d $dbg/dma-api ] || mount -t debugfs debugfs $dbg

case "${1:-}" in
pre)
	if [ -e $dbg/kmemleak ]; then
		echo scan=off > $dbg/kmemleak
		echo clear > $dbg/kmemleak
		echo "debug-checks: kmemleak cleared, automatic scan off"
	fi
	exit 0 ;;
post) ;;
*) echo "usage: guest-checks.sh pre|post" >&2; exit 2 ;;
esac

if [ -r $dbg/dma-api/error_count ]; then
	n=$(cat $dbg/dma-api/error_count)
	if [ "$n" = 0 ]; then
		ok "DMA-API debug: 0 errors"
	else
		bad "DMA-API debug: $n errors"
		cat $dbg/dma-api/dump 2>/dev/null | head -20
	fi
else
	bad "no $dbg/dma-api (kernel without CONFIG_DMA_API_DEBUG)"
fi

if [ -r $dbg/page_owner ]; then
	# Records are blank-line separated; keep those with a module frame.
	left=$(awk 'BEGIN { RS = "" } /memlab|0xffffffff[a-f][0-9a-f]{7}/' \
		$dbg/page_owner)
	if [ -z "$left" ]; then
		ok "page_owner: no pages left from memlab"
	else
		bad "page_owner: pages still allocated from module code"
		echo "$left" | head -40
	fi
else
	bad "no $dbg/page_owner (boot with page_owner=on)"
fi

if [ -e $dbg/kmemleak ]; then
	echo scan > $dbg/kmemleak
	# kmemleak reports an object only once it stayed unreferenced across
	# scans at least a few seconds apart
	sleep 6
	echo scan > $dbg/kmemleak
	rep=$(cat $dbg/kmemleak)
	if [ -z "$rep" ]; then
		ok "kmemleak: no leak"
	else
		bad "kmemleak: $(echo "$rep" | grep -c 'unreferenced object') unreferenced objects"
		echo "$rep" | head -60
	fi
fi

echo "debug-checks: $pass passed, $fail failed"
[ "$fail" = 0 ]
