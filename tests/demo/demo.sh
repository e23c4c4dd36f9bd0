#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# demo.sh - guest side of `make demo`: load memlab.ko, run the memctl tour
# (tour.sh), unload the module. Runs as root in the QEMU guest from the
# payload directory (demo.sh, tour.sh, memctl, lab-notes.memctl and
# memlab-demo side by side); the module is $MEMLAB_KO (run-guest.sh sets
# it), else ./memlab.ko.
#
#   sh demo.sh [--with-c]
#
# --with-c: after the tour, run memlab-demo, the same walk in C that calls
# the ioctls directly (make demo DEMO_C=1).
#
# Exit status: 0 when insmod, every demo step and rmmod worked, else the
# first failure's status (never 0 after a failure). rmmod is silent when it
# works, so the output ends with the tour's "demo: N steps, N failed".

cd "$(dirname "$0")" || exit 1
ko=${MEMLAB_KO:-$PWD/memlab.ko}
with_c=0
for arg in "$@"; do
	case "$arg" in
	--with-c) with_c=1 ;;
	*) echo "usage: sh demo.sh [--with-c]" >&2; exit 2 ;;
	esac
done

# Keep kernel messages off the console while the tour prints; they stay
# in the kernel log, which run-guest.sh reads and judges after the command.
dmesg -n 1 2>/dev/null

echo "demo.sh: insmod $ko"
if ! insmod "$ko"; then
	echo "demo.sh: insmod $ko failed" >&2
	dmesg | tail -n 20 >&2
	exit 1
fi

# devtmpfs creates /dev/memlab; without it (or before it shows up) make the
# node from the misc device's numbers.
i=0
while [ ! -c /dev/memlab ] && [ $i -lt 20 ]; do
	if [ -r /sys/class/misc/memlab/dev ]; then
		IFS=: read -r major minor < /sys/class/misc/memlab/dev
		mknod /dev/memlab c "$major" "$minor" 2>/dev/null
	fi
	[ -c /dev/memlab ] || sleep 0.1 2>/dev/null || sleep 1
	i=$((i + 1))
done

# %pK in /proc/vmallocinfo prints hashed addresses unless kptr_restrict is 1
# (then root sees the real ones, as /proc/kallsyms already shows them). This
# is a throw-away guest: set it so the demo can match addresses.
if [ -w /proc/sys/kernel/kptr_restrict ]; then
	echo 1 > /proc/sys/kernel/kptr_restrict
fi

sh ./tour.sh
rc=$?
if [ $rc -ne 0 ]; then
	echo "demo.sh: tour.sh failed (exit $rc); last kernel messages:" >&2
	dmesg | tail -n 20 >&2
fi

if [ $with_c = 1 ]; then
	echo
	./memlab-demo
	c_rc=$?
	if [ $c_rc -ne 0 ]; then
		echo "demo.sh: memlab-demo failed (exit $c_rc); last kernel" \
			"messages:" >&2
		dmesg | tail -n 20 >&2
		[ $rc -eq 0 ] && rc=$c_rc
	fi
fi

if ! rmmod memlab; then
	echo "demo.sh: rmmod memlab failed" >&2
	[ $rc -eq 0 ] && rc=1
fi
exit $rc
