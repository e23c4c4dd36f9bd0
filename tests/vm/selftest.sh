#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# selftest.sh - prove the guest bench itself works (no memlab.ko needed).
#
# The bench decides whether memlab's tests pass, so it must fail when it should:
# this boots the guest a few times (~10 s each under TCG) with a throw-away
# cmocka program built in a temp dir and checks every verdict:
#   clean run (shared libs copied, 64- and 32-bit) -> exit 0, "guest: 4 passed, 0 failed"
#   cmocka failure + skip                          -> exit 1, "guest: 1 passed, 1 failed, 1 skipped"
#   command exits 3                                -> exit 1
#   "BUG:" in the kernel log                       -> exit 1
#   guest that never reports (--timeout 5)         -> exit 1
#   tainted kernel (W)                             -> exit 1
# Not part of CI by default; run it after changing anything in tests/vm/.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
"$here/deps.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cat >"$tmp/t.c" <<'EOF'
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
static void t_pass(void **s) { (void)s; assert_int_equal(1 + 1, 2); }
static void t_fail(void **s) { (void)s; assert_int_equal(1, 2); }
static void t_skip(void **s) { (void)s; skip(); }
int main(int argc, char **argv)
{
	(void)argv;
	const struct CMUnitTest ok[] = { cmocka_unit_test(t_pass), cmocka_unit_test(t_pass) };
	const struct CMUnitTest mixed[] = {
		cmocka_unit_test(t_pass), cmocka_unit_test(t_fail), cmocka_unit_test(t_skip)
	};
	return argc > 1 ? cmocka_run_group_tests(mixed, NULL, NULL)
			: cmocka_run_group_tests(ok, NULL, NULL);
}
EOF
mkdir -p "$tmp/ok/tests" "$tmp/bad/tests"
gcc -O -o "$tmp/ok/tests/10-cmocka64" "$tmp/t.c" -lcmocka
# -m32 needs libcmocka for i386; without it the 32-bit case is left out.
if gcc -m32 -O -o "$tmp/ok/tests/20-cmocka32" "$tmp/t.c" -lcmocka 2>/dev/null; then
	want_ok="guest: 4 passed, 0 failed, 0 skipped"
else
	echo "selftest: no i386 libcmocka, skipping the 32-bit binary"
	want_ok="guest: 2 passed, 0 failed, 0 skipped"
fi
# A script test that runs the mixed group of a binary kept outside tests/.
mkdir -p "$tmp/bad/bin"
cp "$tmp/ok/tests/10-cmocka64" "$tmp/bad/bin/"
printf '#!/bin/sh\nexec /payload/bin/10-cmocka64 mixed\n' >"$tmp/bad/tests/10-mixed"
chmod +x "$tmp/bad/tests/10-mixed"

fails=0
# expect NAME WANT-RC WANT-LAST-LINE-OR-EMPTY run-guest.sh ARGS...
expect() {
	local name=$1 want_rc=$2 want_line=$3 rc=0 last
	shift 3
	"$here/run-guest.sh" --log "$tmp/console.log" "$@" >"$tmp/out" 2>&1 || rc=$?
	last=$(tail -n 1 "$tmp/out")
	if [ "$rc" = "$want_rc" ] && { [ -z "$want_line" ] || [ "$last" = "$want_line" ]; }; then
		echo "selftest: ok   $name (exit $rc${want_line:+, \"$last\"})"
	else
		echo "selftest: FAIL $name: exit $rc (want $want_rc), last line \"$last\"${want_line:+ (want \"$want_line\")}"
		sed 's/^/  | /' "$tmp/out" | tail -n 30
		fails=$((fails + 1))
	fi
}

expect clean 0 "$want_ok" --payload "$tmp/ok" --cmd './check.sh --no-insmod' --summary
expect cmocka-failure 1 "guest: 1 passed, 1 failed, 1 skipped" \
	--payload "$tmp/bad" --cmd './check.sh --no-insmod' --summary
expect command-rc 1 "guest: 0 passed, 1 failed, 0 skipped" --cmd 'exit 3' --summary
expect kernel-log 1 "" --cmd "echo 'BUG: selftest' >/dev/kmsg"
expect timeout 1 "" --cmd 'sleep 100' --timeout 5
expect taint 1 "" --cmd 'echo 512 >/proc/sys/kernel/tainted'

[ "$fails" = 0 ] && echo "selftest: 6 passed, 0 failed" || echo "selftest: $((6 - fails)) passed, $fails failed"
[ "$fails" = 0 ]
