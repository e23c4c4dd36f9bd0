#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# profile.sh - host side of `make bench-profile`: boot the bench guest (no
# slub_debug, no page poisoning) with the host's perf, and profile
# batch-loop (the batched path of `make bench`) there with
# `perf record -e cpu-clock -g`. Writes OUTDIR/profile.txt: the report
# with children (inclusive shares) and without (self shares).
#
#   bash tests/bench/profile.sh OUTDIR PAYLOAD [KVER]
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=$1 payload=$2 kver=${3:-6.1}
perf=$(command -v perf) || {
	echo "profile: perf not found (Debian package linux-perf)" >&2
	exit 1
}
mkdir -p "$out"
cat >"$payload/profile-guest.sh" <<'GUEST'
cd "$(dirname "$0")" || exit 1
insmod "${MEMLAB_KO:-$PWD/memlab.ko}" || exit 1
n=0
while [ ! -c /dev/memlab ] && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
echo 0 >/proc/sys/kernel/kptr_restrict
echo -1 >/proc/sys/kernel/perf_event_paranoid
perf record -q -e cpu-clock -g -o /tmp/perf.data ./batch-loop 300 1024 || exit 1
echo "==PROFILE== children"
perf report -i /tmp/perf.data --children --stdio --percent-limit 1.5 \
	-g none 2>/dev/null | grep -E '^ +[0-9]'
echo "==PROFILE== self"
perf report -i /tmp/perf.data --no-children --stdio --percent-limit 1 \
	-g none 2>/dev/null | grep -E '^ +[0-9]'
rmmod memlab
GUEST
bash "$here/../vm/run-guest.sh" --kver "$kver" --payload "$payload" \
	--cmd "sh profile-guest.sh" --no-slub-debug --no-page-poison \
	--with "$perf" --memory 2G --timeout 1800 --log "$out/profile-console.log" \
	>"$out/profile.out"
sed -n '/==PROFILE==/,$p' "$out/profile.out" | tr -d '\r' |
	grep -v '^run-guest' >"$out/profile.txt"
cat "$out/profile.txt"
echo "profile: wrote $out/profile.txt"
