// SPDX-License-Identifier: GPL-2.0
/*
 * test_main.c - the host tests of libmemctl's kernel-view readers: captured
 * fixtures, malformed inputs, then this machine's own views. Exit status:
 * the number of failed tests (0: all passed).
 */
#include "test_util.h"

int main(void)
{
	int failed = 0;

	failed += run_fixture_tests();
	failed += run_malformed_tests();
	failed += run_live_tests();
	return failed ? 1 : 0;
}
