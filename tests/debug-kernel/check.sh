#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh - `make check-debug`: the guest suite under memlab's debug kernels.
#
#   tests/debug-kernel/check.sh [--build DIR] [FLAVOR...]   (default: kasan kmemleak)
#
# For each flavor: build the kernel (build.sh, cached), build memlab.ko
# against it (W=1, must be warning-free), boot it with page_owner=on and
# run the whole guest suite (test_module last, the fault sweep included)
# between guest-checks.sh pre and post. Any checker report fails the run:
# KASAN, UBSAN, lockdep, DEBUG_VM, DEBUG_LIST and atomic-sleep reports
# through run-guest.sh's kernel log patterns (panic_on_warn too), DMA-API
# errors, pages left to memlab in page_owner, kmemleak reports.
# Ends with "total: N passed, N failed, N skipped".
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
here=$top/tests/debug-kernel
build=$top/build
flavors=()
while [ $# -gt 0 ]; do
	case "$1" in
	--build) build=$2; shift 2 ;;
	kasan|kmemleak) flavors+=("$1"); shift ;;
	*) echo "usage: $0 [--build DIR] [kasan|kmemleak]..." >&2; exit 2 ;;
	esac
done
[ ${#flavors[@]} -gt 0 ] || flavors=(kasan kmemleak)
export MEMLAB_BUILD_DIR=$build
logs=$build/logs-debug
mkdir -p "$logs"
rm -f "$logs"/*.log
rc=0

for flavor in "${flavors[@]}"; do
	start=$(date +%s)
	echo "== debug kernel: $flavor =="
	image=$(bash "$here/build.sh" "$flavor" | tail -n1) || {
		echo "check-debug: the $flavor kernel did not build" |
			tee "$logs/$flavor-build.log"
		echo "guest: 0 passed, 1 failed" >> "$logs/$flavor-build.log"
		rc=1
		continue
	}
	kdir=$(cd "$(dirname "$image")/../../.." && pwd)
	built=$(date +%s)

	# memlab.ko out of tree against it, away from driver/'s own build
	mod=$build/debug-kernel/$flavor-memlab
	rm -rf "$mod" && mkdir -p "$mod"
	cp -a "$top/driver" "$top/uapi" "$mod/"
	make -s -C "$mod/driver" KDIR="$kdir" clean >/dev/null
	if make -s -C "$mod/driver" KDIR="$kdir" W=1 \
		> "$logs/$flavor-module.out" 2>&1 &&
		! [ -s "$logs/$flavor-module.out" ]; then
		echo "check-debug: memlab.ko built against $flavor, no warnings"
	else
		cat "$logs/$flavor-module.out"
		echo "check-debug: memlab.ko against $flavor: warnings or errors" \
			"(see $logs/$flavor-module.out)"
		echo "guest: 0 passed, 1 failed" > "$logs/$flavor-module.log"
		rc=1
		continue
	fi

	payload=$build/debug-kernel/$flavor-payload
	rm -rf "$payload" && mkdir -p "$payload"
	cp -a "$build/guest/." "$payload/"
	cp "$mod/driver/memlab.ko" "$payload/memlab.ko"
	cp "$here/guest-checks.sh" "$payload/"

	# kmemleak's reports are judged by guest-checks.sh post (it knows
	# the kernel's own leak that the fault sweep provokes)
	judged=()
	[ "$flavor" = kmemleak ] &&
		judged=(--judged-by-payload 'suspected memory leak')
	bash "$top/tests/vm/run-guest.sh" --kernel "$image" "${judged[@]}" \
		--payload "$payload" --memory 2G --timeout 5000 \
		--append "page_owner=on" \
		--cmd 'sh guest-checks.sh pre; MEMLAB_FUZZ_TIME=240 ./check.sh --timeout 1200 --last test_module; a=$?; sh guest-checks.sh post; exit $((a | $?))' \
		--log "$logs/$flavor.log" || rc=1
	echo "== $flavor: kernel build $((built - start)) s, suite $(( $(date +%s) - built )) s =="
done

sum=$(bash "$top/tests/vm/summary.sh" "$logs"/*.log) || rc=1
echo "$sum" | sed '$d'
read -r p f s < <(echo "$sum" | tail -n1 |
	sed -E 's/.* ([0-9]+) passed, ([0-9]+) failed(, ([0-9]+) skipped)?.*/\1 \2 \4/')
read -r dp df < <(grep -h -E '^debug-checks: [0-9]+ passed' "$logs"/*.log |
	sed -E 's/^debug-checks: ([0-9]+) passed, ([0-9]+) failed.*/\1 \2/' |
	awk '{ p += $1; f += $2 } END { print p + 0, f + 0 }')
[ "${df:-0}" -eq 0 ] || rc=1
echo "total: $((p + dp)) passed, $((f + df)) failed, ${s:-0} skipped" | tee "$logs/total.txt"
exit $rc
