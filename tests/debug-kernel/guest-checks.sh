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
#       but slab pages, which belong to their caches (a kmalloc cache keeps
#       the slab memlab's kmalloc() made it grow; slab objects are the
#       counters' and kmemleak's to check), and kernel page tables, which
#       vmalloc() populates and the kernel keeps for its vmalloc space
#     - kmemleak (leak build): scan, wait, scan again; no report but those
#       of 6.1 SLUB's own sysfs_slab_add() error-path leak
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
	# Records are blank-line separated; keep those with a module frame (a
	# raw address once memlab is gone, "[memlab]" while loaded: not the
	# task's name, which may be memlab_bench's for the stack depot's own
	# pages) that are neither slab pages (Flags ...(slab|...)) nor kernel
	# page tables (__pte_alloc_kernel, __pmd_alloc, ...). A read gets whole
	# records only, and ENOMEM when the next one does not fit its buffer:
	# read PAGE_SIZE at a time (the kernel's most), and a check whose read
	# failed is a failure, not a clean result.
	if left=$(set -o pipefail
		  dd if=$dbg/page_owner bs=4096 2>/dev/null |
		  awk 'BEGIN { RS = "" }
		       /0xffffffff[a-f][0-9a-f]{7}|\[memlab\]/ &&
		       !/[(|]slab[|)]/ &&
		       !/ (__pte_alloc_kernel|__pmd_alloc|__pud_alloc|__p4d_alloc)\+/'); then
		if [ -z "$left" ]; then
			ok "page_owner: no pages left from memlab (slabs and page tables aside)"
		else
			bad "page_owner: pages still allocated from module code"
			# the module's addresses: masked, like every kernel pointer
			echo "$left" | head -40 |
				sed -E 's/0xffffffff[0-9a-f]{8}/<module address>/g'
		fi
	else
		bad "page_owner: reading $dbg/page_owner failed"
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
	# One leak is the kernel's, not memlab's: 6.1's sysfs_slab_add()
	# returns an error from kobject_init_and_add() (or after
	# kobject_del()) without kobject_put(), so the kobject's name, a
	# kstrdup of the cache's name, is lost whenever an injected fault
	# fails a cache's sysfs directory (test_faults' CACHE_CREATE sweep).
	# Those reports are counted and named; any other report fails.
	# Addresses are masked: the log must hold no kernel pointer.
	rm -f /tmp/kmemleak-other
	split=$(echo "$rep" | awk '
		/^unreferenced object/ { if (blk != "") out(); blk = "" }
		{ blk = blk $0 "\n" }
		END { if (blk != "") out() }
		function out() {
			if (blk ~ /sysfs_slab_add/ && blk ~ /kobject_set_name_vargs/)
				known++
			else {
				other++
				printf "%s", blk > "/tmp/kmemleak-other"
			}
		}
		END { print known + 0, other + 0 }' | tail -n 1)
	known=${split% *} other=${split#* }
	if [ -z "$rep" ]; then
		ok "kmemleak: no leak"
	elif [ "$other" = 0 ]; then
		ok "kmemleak: no leak from memlab; $known objects of 6.1 SLUB's own sysfs_slab_add() error-path leak (cache names, after injected faults)"
	else
		bad "kmemleak: $other unreferenced objects (and $known of SLUB's sysfs_slab_add leak)"
		sed -e 's/0x[0-9a-f]\{8,\}/0x.../g' -e 's/\[<[0-9a-f]*>\] //' \
			/tmp/kmemleak-other | head -80
	fi
	echo clear > $dbg/kmemleak
fi

echo "debug-checks: $pass passed, $fail failed"
[ "$fail" = 0 ]
