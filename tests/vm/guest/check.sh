#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# check.sh - the guest-side suite runner: load memlab, run every test, unload.
#
# Runs INSIDE the test guest as root (the guest has only busybox, hence POSIX sh
# and not bash). tests/vm/run-guest.sh installs this file as /payload/check.sh
# (unless the payload brings its own), so callers only need:
#
#   tests/vm/run-guest.sh --payload DIR --cmd ./check.sh --summary
#
# where DIR holds memlab.ko and tests/ (the test executables). Steps:
#   1. insmod $MEMLAB_KO (default /payload/memlab.ko) and check /dev/memlab appears;
#   2. run every executable directly in the tests directory, sorted by name, each
#      under a timeout, output streamed (the cmocka summaries stay visible);
#      after each one, new kernel log lines are checked against the failure
#      patterns so a kernel report is pinned on the test that caused it;
#   3. rmmod memlab, which must succeed (it also runs the driver's leak checks);
#   4. print per-binary results and one machine-readable line per binary:
#        ==MEMLAB-BINARY== NAME rc=N passed=N failed=N skipped=N
#      that tests/vm/summary.sh adds up. A binary that fails without a cmocka
#      failure of its own (crash, timeout, group setup, non-cmocka test) counts
#      as one failed test; a non-cmocka binary that exits 0 as one passed test.
# Exit status: 0 when everything passed, 1 otherwise.
set -u

usage() {
	cat <<'EOF'
usage: check.sh [options]
  --ko FILE        module to load (default: $MEMLAB_KO or /payload/memlab.ko)
  --params "A=1"   module parameters for insmod (default: $MEMLAB_INSMOD_PARAMS)
  --no-insmod      do not load/unload a module (bench self-tests, host-only tests)
  --tests DIR      test directory (default: /payload/tests)
  --only GLOB      run only the tests whose file name matches GLOB
  --exclude GLOB   skip tests whose file name matches GLOB (repeatable), e.g.
                   a runner script that lives next to the tests
  --last GLOB      run tests matching GLOB after all the others (repeatable), e.g.
                   a test that unloads and reloads the module
  --timeout SEC    per-test timeout (default: $MEMLAB_TEST_TIMEOUT or 300)
  --allow-empty    do not fail when no test is found
EOF
}

ko=${MEMLAB_KO:-/payload/memlab.ko}
params=${MEMLAB_INSMOD_PARAMS:-}
insmod=1
tests_dir=/payload/tests
only='*'
exclude=
last=
tmo=${MEMLAB_TEST_TIMEOUT:-300}
allow_empty=0
patterns_file=/etc/memlab/kernel-log-patterns.txt

while [ $# -gt 0 ]; do
	case "$1" in
	--ko) ko=$2; shift 2 ;;
	--params) params=$2; shift 2 ;;
	--no-insmod) insmod=0; shift ;;
	--tests) tests_dir=$2; shift 2 ;;
	--only) only=$2; shift 2 ;;
	--exclude) exclude="$exclude $2"; shift 2 ;;
	--last) last="$last $2"; shift 2 ;;
	--timeout) tmo=$2; shift 2 ;;
	--allow-empty) allow_empty=1; shift ;;
	-h|--help) usage; exit 0 ;;
	*) usage >&2; echo "check: unknown option: $1" >&2; exit 1 ;;
	esac
done

say() { echo "check: $*"; }

tmp=$(mktemp -d /tmp/check.XXXXXX) || exit 1
results=$tmp/results
: >"$results"

# The failure patterns run-guest.sh judges the whole run by (same file); the one
# about allocation failures is dropped when the run allows them.
pats=$tmp/patterns
if [ -r "$patterns_file" ]; then
	grep -v -e '^#' -e '^[[:space:]]*$' "$patterns_file" >"$pats"
	[ "${MEMLAB_ALLOW_ALLOC_FAILURE:-0}" = 1 ] &&
		grep -v -x -F 'page allocation failure' "$pats" >"$pats.new" && mv "$pats.new" "$pats"
else
	say "note: $patterns_file missing, kernel log not checked per test"
	: >"$pats"
fi

klog_lines() { dmesg | wc -l; }

# kernel_check SINCE WHAT: report new kernel log lines matching a pattern.
kernel_check() {
	[ -s "$pats" ] || return 0
	dmesg | tail -n +"$(($1 + 1))" | grep -F -f "$pats" >"$tmp/khits" || return 0
	say "kernel log after $2 matched a failure pattern:"
	sed 's/^/check:   | /' "$tmp/khits"
	return 1
}

# cmocka_counts FILE: "passed failed skipped seen" from cmocka's closing lines.
cmocka_counts() {
	awk '
		function num(s) { gsub(/[^0-9]/, "", s); return s + 0 }
		/\[  PASSED  \] [0-9]+ test\(s\)\./ { seen = 1; match($0, /\] [0-9]+ /); p += num(substr($0, RSTART, RLENGTH)) }
		/\[  FAILED  \] [0-9]+ test\(s\), listed below/ { seen = 1; match($0, /\] [0-9]+ /); f += num(substr($0, RSTART, RLENGTH)) }
		/\[  SKIPPED \] [0-9]+ test\(s\), listed below/ { seen = 1; match($0, /\] [0-9]+ /); s += num(substr($0, RSTART, RLENGTH)) }
		/\[==========\] [0-9]+ test\(s\) run\./ { seen = 1 }
		END { printf "%d %d %d %d\n", p, f, s, seen }' "$1"
}

failed_any=0
modname=$(basename "$ko" .ko | tr - _)
status_line=

if [ "$insmod" = 1 ]; then
	if [ ! -f "$ko" ]; then
		say "FAIL: module $ko not found (use --no-insmod for a run without it)"
		echo "==MEMLAB-BINARY== insmod rc=1 passed=0 failed=1 skipped=0"
		exit 1
	fi
	since=$(klog_lines)
	# shellcheck disable=SC2086 # params are word-split on purpose (A=1 B=2)
	if ! insmod "$ko" $params; then
		say "FAIL: insmod $ko $params"
		dmesg | tail -n +"$((since + 1))" | sed 's/^/check:   | /'
		echo "==MEMLAB-BINARY== insmod rc=1 passed=0 failed=1 skipped=0"
		exit 1
	fi
	n=0
	while [ ! -c /dev/memlab ] && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
	if [ ! -c /dev/memlab ]; then
		say "FAIL: insmod succeeded but /dev/memlab did not appear"
		echo "==MEMLAB-BINARY== insmod rc=1 passed=0 failed=1 skipped=0"
		rmmod "$modname"
		exit 1
	fi
	kernel_check "$since" insmod || failed_any=1
	say "insmod $ko ok: $(ls -l /dev/memlab)"
fi

export CMOCKA_MESSAGE_OUTPUT=STDOUT	# not TAP/XML: summary.sh reads the plain form
unset CMOCKA_XML_FILE 2>/dev/null || true

# matches NAME GLOBS...: NAME matches one of the (space-separated) globs.
matches() {
	_n=$1
	shift
	for _g in "$@"; do
		# shellcheck disable=SC2254 # a pattern on purpose
		case "$_n" in $_g) return 0 ;; esac
	done
	return 1
}

# The run list: executables in name order (the glob sorts), "--last" ones at the end.
: >"$tmp/list"
: >"$tmp/list.last"
for t in "$tests_dir"/*; do
	if [ ! -f "$t" ] || [ ! -x "$t" ]; then
		continue
	fi
	name=$(basename "$t")
	set -f	# the globs in $exclude/$last must reach matches() unexpanded
	# shellcheck disable=SC2086
	if ! matches "$name" "$only" || matches "$name" $exclude; then
		:
	elif matches "$name" $last; then
		echo "$t" >>"$tmp/list.last"
	else
		echo "$t" >>"$tmp/list"
	fi
	set +f
done
cat "$tmp/list.last" >>"$tmp/list"

count=0
while IFS= read -r t <&3; do
	name=$(basename "$t")
	count=$((count + 1))
	say "RUN   $name"
	since=$(klog_lines)
	t0=$(date +%s)
	# The test runs as the leader of a session of its own (busybox timeout execs
	# its program in its own PID, and sh records that PID before exec'ing setsid),
	# so that afterwards - timed out or not - whatever it left behind (children of
	# a killed script, daemons holding /dev/memlab) is killed as a process group:
	# otherwise they would keep the pipe to tee open and the module in use.
	# The exit status travels through a file: in "cmd | tee" the pipe's status
	# would be tee's.
	rm -f "$tmp/pid"
	{
		# shellcheck disable=SC2016 # $$ is the inner shell's, on purpose
		timeout -k 10 "$tmo" sh -c 'echo $$ >"$1"; shift; exec setsid "$@"' sh "$tmp/pid" "$t" 2>&1 3<&-
		echo $? >"$tmp/rc"
		[ -s "$tmp/pid" ] && kill -KILL -- "-$(cat "$tmp/pid")" 2>/dev/null
	} | tee "$tmp/out"
	rc=$(cat "$tmp/rc")
	secs=$(($(date +%s) - t0))
	# shellcheck disable=SC2046 # four numbers, split on purpose
	set -- $(cmocka_counts "$tmp/out")
	p=$1 f=$2 s=$3 cmocka=$4
	why=
	if [ "$rc" != 0 ]; then
		if [ $secs -ge "$tmo" ] && { [ "$rc" = 143 ] || [ "$rc" = 137 ]; }; then
			why="timed out after ${tmo}s"
		elif [ "$rc" -gt 128 ]; then
			why="killed by signal $((rc - 128))"
		else
			why="exit status $rc"
		fi
		[ "$f" = 0 ] && f=1	# a failure cmocka did not count (or no cmocka)
	elif [ "$cmocka" = 0 ]; then
		p=1	# a plain test program: exit 0 is one passed test
	fi
	if ! kernel_check "$since" "$name"; then
		why="${why:+$why, }kernel log"
		[ "$rc" = 0 ] && rc=1
		[ "$f" = 0 ] && f=1
	fi
	if [ "$rc" = 0 ] && [ "$f" = 0 ]; then
		verdict=PASS
	else
		verdict=FAIL
		failed_any=1
		[ "$rc" = 0 ] && rc=1	# cmocka failures with exit 0 still fail the binary
	fi
	echo "==MEMLAB-BINARY== $name rc=$rc passed=$p failed=$f skipped=$s"
	echo "$verdict  $name  ($p passed, $f failed, $s skipped, ${secs}s${why:+; $why})" >>"$results"
	say "$verdict  $name"
done 3<"$tmp/list"

if [ $count = 0 ]; then
	say "no executable test matching '$only' in $tests_dir"
	if [ "$allow_empty" = 0 ]; then
		echo "==MEMLAB-BINARY== no-tests rc=1 passed=0 failed=1 skipped=0"
		failed_any=1
	fi
fi

if [ "$insmod" = 1 ]; then
	since=$(klog_lines)
	if rmmod "$modname"; then
		status_line="insmod ok, rmmod ok"
		if [ -e /dev/memlab ]; then
			say "FAIL: /dev/memlab still exists after rmmod"
			failed_any=1
			status_line="insmod ok, rmmod left /dev/memlab"
		fi
	else
		say "FAIL: rmmod $modname"
		lsmod
		failed_any=1
		status_line="insmod ok, rmmod FAILED"
	fi
	if ! kernel_check "$since" rmmod; then
		failed_any=1
		status_line="$status_line, kernel log at rmmod"
	fi
	case "$status_line" in
	*FAIL*|*left*|*kernel*) echo "==MEMLAB-BINARY== rmmod rc=1 passed=0 failed=1 skipped=0" ;;
	esac
fi

say "===== results ====="
sed 's/^/check: /' "$results"
[ -n "$status_line" ] && say "$status_line"
awk '
	{ for (i = 1; i <= NF; i++) if ($i ~ /^\(?[0-9]+$/ && $(i + 1) ~ /^(passed|failed|skipped)/) {
		v = $i; gsub(/[^0-9]/, "", v); k = $(i + 1); gsub(/[^a-z]/, "", k); t[k] += v } }
	END { printf "check: total: %d passed, %d failed, %d skipped\n", t["passed"], t["failed"], t["skipped"] }' "$results"
rm -rf "$tmp"
exit $failed_any
