#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Host tests of `memctl run`: views on a captured 6.1 sysroot, TAP, and
# malformed scripts (each must fail with the right exit status and a
# message naming file and line). Ends with cmocka-style closing lines.
set -u
memctl=$1
root=$2
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

check() {	# NAME WANT_RC GREP_PATTERN SCRIPT_TEXT [--tap]
	name=$1 want=$2 pat=$3 text=$4
	shift 4
	printf '%s\n' "$text" >"$tmp/$name.memctl"
	out=$("$memctl" --sysroot "$root" run "$tmp/$name.memctl" "$@" 2>&1)
	rc=$?
	if [ "$rc" -eq "$want" ] && printf '%s\n' "$out" | grep -q -- "$pat"; then
		echo "[       OK ] $name"
		pass=$((pass + 1))
	else
		echo "[  FAILED  ] $name: exit $rc (want $want), output:"
		printf '%s\n' "$out" | sed 's/^/    /'
		fail=$((fail + 1))
	fi
}

check views 0 'run: 13 passed, 0 failed' "$(cat "$here/views.memctl")"
check views_tap 0 '^1\.\.13$' "$(cat "$here/views.memctl")" --tap
check tap_not_ok 1 '^not ok 1 - .*tap_not_ok.memctl:1: value 1 == 2: got 1, want == 2' \
	'expect value 1 == 2' --tap
check failed_expect 1 'FAIL: .*failed_expect.memctl:2: slab kmalloc-1k objects < 1: got 288' \
	"# comment
expect slab kmalloc-1k objects < 1"
check missing_cache 1 'no_such_cache objects == 0: not found' \
	'expect slab no_such_cache objects == 0'
check unknown_var 2 'unknown_var.memctl:1: no variable \$nope' \
	'expect value $nope == 1'
check bad_index 2 'has no item' 'x = meminfo MemTotal
expect value $x[3] == 1'
check bad_op 2 'must end in OP VALUE' 'expect value 1 =~ 1'
check bad_measure 2 "measure 'slab CACHE objects'" 'expect kernel dentry 1'
check bad_pages_order 2 "bad order 'pages:x'" 'expect buddy * pages:x > 0'
check bad_pages_empty 2 "bad order 'pages:'" 'expect buddy * pages: > 0'
check unknown_snapshot 2 "no snapshot 'x'" 'diff x y'
check snapshot_parts 0 '^run: 3 passed, 0 failed' 'snapshot a buddy
snapshot b buddy vmalloc
diff a b
expect delta a b buddy * pages:8 == 0
expect delta a b buddy DMA32 10 == 0
expect value 1 == 1'
check snapshot_missing_part 2 'snapshot a has no slab state (snapshot a slab)' \
	'snapshot a buddy
snapshot b
expect delta a b slab kmalloc-1k objects == 0'
check snapshot_bad_part 2 "snapshot: no part 'pages' (slab, buddy or vmalloc)" \
	'snapshot a pages'
check snapshot_no_name 2 'snapshot NAME \[slab\] \[buddy\] \[vmalloc\]' 'snapshot'
check unknown_verb 2 "no verb 'frobnicate'" 'frobnicate 1'
check unterminated_quote 2 'cannot split' 'meminfo "MemTotal'
check stops_after_error 2 '^run: 0 passed, 1 failed' 'expect value $nope == 1
expect value 1 == 1'
check no_device 3 'load the module' 'k = kmalloc 64'
check empty_script 0 '^run: 0 passed, 0 failed' '# nothing but a comment'
out=$("$memctl" run "$tmp/no-such-script.memctl" 2>&1)
if [ $? -eq 1 ] && printf '%s\n' "$out" | grep -q 'No such file'; then
	echo "[       OK ] missing_file"
	pass=$((pass + 1))
else
	echo "[  FAILED  ] missing_file: $out"
	fail=$((fail + 1))
fi

echo "[==========] $((pass + fail)) test(s) run."
echo "[  PASSED  ] $pass test(s)."
[ "$fail" -eq 0 ] || echo "[  FAILED  ] $fail test(s), listed above."
[ "$fail" -eq 0 ]
