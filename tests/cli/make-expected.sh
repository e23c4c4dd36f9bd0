#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make-expected.sh - write tests/cli/expected/lab-*.txt, the outputs the
# host tests expect of `memctl --sysroot fixtures/lab slabinfo|slabtop`,
# from the tools memctl imitates, run in a chroot of the lab snapshot: the
# kernel's tools/vm/slabinfo (static; make -C tests/xcheck) and procps'
# slabtop. Alias lines get their names sorted (the tool prints them in
# directory order; memctl sorts them). Run as root; the files are checked in.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
slabinfo=${SLABINFO_BIN:-$top/build/guest/bin/slabinfo}
out=$here/expected
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

cp -a "$here/fixtures/lab/." "$root/"
cp "$slabinfo" "$root/slabinfo"
for f in /usr/bin/slabtop $(ldd /usr/bin/slabtop | grep -o '/[^ ]*'); do
	mkdir -p "$root$(dirname "$f")"
	cp -L "$f" "$root$f"
done
mkdir -p "$out"

chroot "$root" /slabinfo >"$out/lab-slabinfo.txt"
chroot "$root" /slabinfo -z >"$out/lab-slabinfo-z.txt"
chroot "$root" /slabinfo -e >"$out/lab-slabinfo-e.txt"
chroot "$root" /slabinfo -S >"$out/lab-slabinfo-S.txt"
chroot "$root" /slabinfo -L >"$out/lab-slabinfo-L.txt"
chroot "$root" /slabinfo -B -N 3 >"$out/lab-slabinfo-BN3.txt"
chroot "$root" /slabinfo -a | awk 'NF {
	n = split(substr($0, index($0, "<- ") + 3), a, " ")
	for (i = 2; i <= n; i++) {	# insertion sort of the names
		x = a[i]
		for (j = i - 1; j >= 1 && a[j] > x; j--)
			a[j + 1] = a[j]
		a[j + 1] = x
	}
	s = substr($0, 1, index($0, "<- ") + 1)
	for (i = 1; i <= n; i++)
		s = s " " a[i]
	print s
}' >"$out/lab-slabinfo-a.txt"
chroot "$root" /slabinfo memlab_dbg | awk '
	/^Slabcache:/ { on = 1; print "" }
	on { print }
	/^Align / { exit }' >"$out/lab-slabinfo-memlab_dbg.txt"
chroot "$root" /usr/bin/slabtop -o >"$out/lab-slabtop-o.txt"
chroot "$root" /usr/bin/slabtop -o -s n >"$out/lab-slabtop-sn.txt"
chroot "$root" /usr/bin/slabtop -o -s c >"$out/lab-slabtop-sc.txt"
echo "expected outputs written to $out"
