#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# guest.sh - guest side of `make bench`: load memlab, run memlab-bench with
# the arguments given, unload. Runs as root in the QEMU guest from the
# payload directory; the module is $MEMLAB_KO (run-guest.sh sets it).
cd "$(dirname "$0")" || exit 1
ko=${MEMLAB_KO:-$PWD/memlab.ko}
dmesg -n 1 2>/dev/null
insmod "$ko" || { dmesg | tail -n 20; exit 1; }
n=0
while [ ! -c /dev/memlab ] && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
./memlab-bench "$@"
rc=$?
rmmod memlab || rc=1
exit $rc
