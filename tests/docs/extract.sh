#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# extract.sh - pull every memctl example out of the documentation, so that
# tests/docs/test_docs can run them in the guest and the docs cannot rot.
#
#   tests/docs/extract.sh TOP OUTDIR
#
# Shell examples: in README.md and docs/*.md, lines of an indented block
# that start with a prompt ("$ " or "# ") followed by a memctl command; in
# man pages, the same lines inside .EX/.EE. The indented lines after a
# command, up to the next prompt or the end of the block, are the output the
# docs show. Written to OUTDIR/examples.txt, in document order, as
#   @ FILE:LINE        an example starts
#   $ COMMAND          the command (groff escapes undone)
#   > LINE             a line of the output the docs show
#
# C examples: every .EX/.EE block in the EXAMPLES section of a libmemctl
# man page, written to OUTDIR/c/PAGE.c. A block with its own main() is
# kept as it is; a fragment gets the usual headers and goes into main()
# (functions defined before its first statement stay outside).
set -euo pipefail

top=${1:?usage: extract.sh TOP OUTDIR}
out=${2:?usage: extract.sh TOP OUTDIR}
mkdir -p "$out/c"

# groff's escapes in the examples: \- \e \(aq .\|.\|. and \&
unroff() {
	sed -e 's/\\-/-/g' -e 's/\\(aq/'"'"'/g' -e 's/\\&//g' \
	    -e 's/\.\\|\.\\|\./.../g' -e 's/\\e/\\/g'
}

{
	for f in README.md $(cd "$top" && echo docs/*.md); do
		awk -v src="$f" '
			function prompt(s) { return s ~ /^    [$#] memctl( |$)/ || s ~ /^    [$#] [^ ]+ .*\| *memctl/ }
			/^    / {
				if (prompt($0)) {
					printf "@ %s:%d\n$ %s\n", src, FNR, substr($0, 7)
					inex = 1
				} else if (inex) {
					printf "> %s\n", substr($0, 5)
				}
				next
			}
			{ inex = 0 }
		' "$top/$f"
	done
	for f in memctl-cli/memctl.8; do
		awk -v src="$f" '
			/^\.EX/ { inblk = 1; inex = 0; next }
			/^\.EE/ { inblk = 0; inex = 0; next }
			!inblk { next }
			/^\$ / { printf "@ %s:%d\n$ %s\n", src, FNR, substr($0, 3); inex = 1; next }
			/^\./ { next }
			inex { printf "> %s\n", $0 }
		' "$top/$f"
	done
} | unroff >"$out/examples.txt"

rm -f "$out"/c/*.c
for page in "$top"/libmemctl/man/*.3; do
	name=$(basename "$page" .3)
	body=$(awk '
		/^\.SH/ { inex = ($0 ~ /^\.SH EXAMPLES/); next }
		inex && /^\.EX/ { blk = 1; next }
		inex && /^\.EE/ { blk = 0; next }
		blk && !/^\.(in|PP)/ { print }
	' "$page" | unroff)
	[ -n "$body" ] || continue
	src="$out/c/$name.c"
	echo "/* From libmemctl/man/$name.3, EXAMPLES (tests/docs/extract.sh). */" >"$src"
	if grep -q '^int main(' <<<"$body"; then
		printf '%s\n' "$body" >>"$src"
		continue
	fi
	# A fragment: the functions it defines (up to the last "}" in
	# column 0) stay outside main(); the rest is main()'s body.
	split=$(grep -n '^}' <<<"$body" | tail -n1 | cut -d: -f1 || true)
	cat >>"$src" <<'HDR'
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <memctl.h>
HDR
	if [ -n "$split" ]; then
		head -n "$split" <<<"$body" >>"$src"
		body=$(tail -n +"$((split + 1))" <<<"$body")
	fi
	{
		echo "int main(void)"
		echo "{"
		printf '%s\n' "$body" | sed 's/^/\t/'
		echo "	return 0;"
		echo "}"
	} >>"$src"
done
echo "extract.sh: $(grep -c '^\$ ' "$out/examples.txt") shell examples," \
	"$(find "$out/c" -name '*.c' | wc -l) C examples" >&2
