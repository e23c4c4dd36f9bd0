#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# check-man.sh HEADER FUNCS_FILE - libmemctl's section 3 pages are sound:
#   - every page formats with groff -ww (all warnings) without a message;
#   - every ".so man3/X.3" link names a page that exists here;
#   - every function listed in FUNCS_FILE (one name a line: the functions
#     memctl.h declares) has a page of its own name, a full one or a link,
#     so that `man memctl_free` works for each.
# Prints one line per problem and a summary; exits 1 on any problem.
set -u

dir=$(dirname "$0")
funcs=$1
rc=0 n=0

for page in "$dir"/*.3; do
	n=$((n + 1))
	first=$(head -n 1 "$page")
	case "$first" in
	".so "*)
		target=${first#.so }
		if [ ! -f "$dir/$(basename "$target")" ]; then
			echo "check-man: $page: link to missing $target"
			rc=1
		fi
		continue ;;
	esac
	out=$(LC_ALL=C.UTF-8 groff -t -man -Tutf8 -ww -z "$page" 2>&1)
	if [ -n "$out" ]; then
		echo "check-man: $page:"
		echo "$out" | sed 's/^/check-man:   /'
		rc=1
	fi
done

missing=
while read -r f; do
	[ -f "$dir/$f.3" ] || missing="$missing $f"
done <"$funcs"
if [ -n "$missing" ]; then
	echo "check-man: functions without a page:$missing"
	rc=1
fi

[ $rc = 0 ] && echo "check-man: $n pages clean, every function of memctl.h has one"
exit $rc
