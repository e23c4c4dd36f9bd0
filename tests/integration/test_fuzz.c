// SPDX-License-Identifier: GPL-2.0
/*
 * The fuzzer of tests/fuzz (memlab-fuzz's engine, linked in): four fixed
 * seeds of 25000 operations each on 2, 2, 3 and 4 threads, then one fresh
 * seed of 5000. Each case asserts that the run had no finding (an errno the uapi
 * does not document for the call, success of a call it refuses, a fault
 * on a valid mapping, a dead fork child, a malformed netlink reply, ...)
 * and that memlab's counters are back at their starting values. A failed
 * case prints its seed; `memlab-fuzz --seed S --ops N --threads T` in the
 * guest (/payload/bin/memlab-fuzz) replays it.
 *
 * Each case also has a time budget (55 s, the fresh one 15 s) that keeps
 * the whole binary under check.sh's 300 s per test on slow kernels (the
 * debug kernels of make check-debug): a case that reaches it stops early,
 * cleans up and is checked like any other; it says so.
 *
 * Environment: MEMLAB_FUZZ_OPS (operations of each fixed case, default
 * 25000), MEMLAB_FUZZ_FRESH_OPS (the fresh case, default 5000),
 * MEMLAB_FUZZ_SEED (the fresh case's seed), MEMLAB_FUZZ_TIME (seconds per
 * fixed case, default 55, 0: no limit), MEMLAB_FUZZ_AVOID (an --avoid list,
 * see memlab-fuzz --help).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <unistd.h>

#include "common.h"
#include "fuzz.h"

struct fuzz_case {
	const char *name;
	uint64_t seed;		/* 0: a fresh one */
	unsigned int threads;
};

static const struct fuzz_case cases[] = {
	{ "fuzz_seed_1", 1, 2 },
	{ "fuzz_seed_2", 2, 2 },
	{ "fuzz_seed_3", 3, 3 },
	{ "fuzz_seed_4", 4, 4 },
	{ "fuzz_seed_fresh", 0, 3 },
};

static unsigned long env_ul(const char *name, unsigned long def)
{
	const char *s = getenv(name);
	char *end;
	unsigned long v;

	if (!s || !*s)
		return def;
	v = strtoul(s, &end, 0);
	return *end || !v ? def : v;
}

static void test_fuzz(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	const struct fuzz_case *c = fx->priv;
	const char *avoid = getenv("MEMLAB_FUZZ_AVOID");
	struct fz_result r;
	struct fz_opts o;
	int rc;

	fz_opts_init(&o);
	o.threads = c->threads;
	o.time_limit = getenv("MEMLAB_FUZZ_TIME") ?
		       strtoul(getenv("MEMLAB_FUZZ_TIME"), NULL, 0) : 55;
	if (c->seed) {
		o.seed = c->seed;
		o.ops = env_ul("MEMLAB_FUZZ_OPS", 25000);
	} else {
		if (getenv("MEMLAB_FUZZ_SEED"))
			o.seed = strtoull(getenv("MEMLAB_FUZZ_SEED"), NULL, 0);
		o.ops = env_ul("MEMLAB_FUZZ_FRESH_OPS", 5000);
		if (!o.time_limit || o.time_limit > 15)
			o.time_limit = 15;
	}
	if (avoid && fz_parse_avoid(avoid, &o.avoid))
		fail_msg("MEMLAB_FUZZ_AVOID=%s: unknown class", avoid);
	fflush(stdout);
	fflush(stderr);
	rc = fz_run(&o, &r);
	if (rc)
		fail_msg("the fuzzer could not start: %s", ml_errname(rc));
	if (r.findings || !r.baseline_ok)
		fail_msg("seed %#" PRIx64 ": %lu findings%s; replay in the guest: "
			 "/payload/bin/memlab-fuzz --seed %#" PRIx64 " --ops %lu --threads %u",
			 o.seed, r.findings,
			 r.baseline_ok ? "" : ", counters not back to baseline",
			 o.seed, o.ops, o.threads);
	print_message("%s: seed %#" PRIx64 ", %lu ops (+%lu in fork children, +%lu cleanup),"
		      " %lu expected failures, %.1f s%s\n",
		      c->name, o.seed, r.ops, r.child_ops, r.cleanup_ops,
		      r.errors, r.seconds, r.timed_out ?
		      " (stopped by the time budget)" : "");
	ml_assert_baseline(fx);
}

int main(void)
{
	struct CMUnitTest tests[ML_ARRAY_SIZE(cases)];
	size_t i;

	for (i = 0; i < ML_ARRAY_SIZE(cases); i++) {
		struct CMUnitTest t = cmocka_unit_test_prestate_setup_teardown(
			test_fuzz, ml_setup, ml_teardown, (void *)&cases[i]);

		t.name = cases[i].name;
		tests[i] = t;
	}
	return cmocka_run_group_tests_name("fuzz", tests, NULL, NULL);
}
