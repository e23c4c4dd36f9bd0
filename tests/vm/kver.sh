#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kver.sh - resolve a kernel selection to an installed kernel release.
#
#   tests/vm/kver.sh 6.12            -> 6.12.95+deb12-amd64 (the newest installed 6.12.*)
#   tests/vm/kver.sh                 -> the newest 6.1.* (Debian 12's own kernel)
#   tests/vm/kver.sh 6.1.0-56-amd64  -> 6.1.0-56-amd64 (a full release is kept)
#
# A short form X.Y picks the newest release X.Y.* that has both a bootable
# /boot/vmlinuz-* and a build tree /lib/modules/*/build (falling back to one
# with either). Prints the selection unchanged when nothing matches, so that
# the caller's error names what was asked for. Exit status 0 always.
#
# Usage: tests/vm/kver.sh [SERIES|RELEASE]
set -uo pipefail

want=${1:-6.1}

if [ -e "/lib/modules/$want" ] || [ -e "/boot/vmlinuz-$want" ]; then
	echo "$want"
	exit 0
fi
if ! [[ "$want" =~ ^[0-9]+\.[0-9]+$ ]]; then
	echo "$want"
	exit 0
fi

both=''
any=''
while IFS= read -r v; do
	[ -n "$v" ] || continue
	if [ -e "/boot/vmlinuz-$v" ] && [ -e "/lib/modules/$v/build" ]; then
		both=$v
	else
		any=$v
	fi
done < <({
	find /lib/modules -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null
	find /boot -maxdepth 1 -name 'vmlinuz-*' -printf '%f\n' 2>/dev/null | sed 's/^vmlinuz-//'
} | grep -E "^${want//./\\.}\.[0-9]+" | sort -u -V)
echo "${both:-${any:-$want}}"
