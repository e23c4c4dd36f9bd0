// SPDX-License-Identifier: GPL-2.0
/*
 * memlab-fuzz: the command line of the fuzz engine (fuzz.h).
 *
 *   memlab-fuzz [--seed S] [--ops N] [--threads T] [--time-limit SEC]
 *               [--verbose] [--no-netlink] [--no-fork] [--avoid LIST]
 *
 * Exit status: 0 no finding and memlab's counters back where they started,
 * 1 findings, 2 usage or setup error (no /dev/memlab, no netlink family).
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: memlab-fuzz [options]\n"
		"  --seed S          seed of the run (default: from the clock); each\n"
		"                    thread's seed derives from S and its index\n"
		"  --ops N           operations over all threads (default 10000)\n"
		"  --threads T       worker threads, 1..%d (default 4)\n"
		"  --time-limit SEC  stop after SEC seconds (default: none)\n"
		"  --verbose         print every operation and its result\n"
		"  --no-netlink      leave the generic netlink family out\n"
		"  --no-fork         no fork children\n"
		"  --avoid LIST      leave out input classes of known driver bugs:\n"
		"                    ctor-zero (GFP_ZERO objects from CTOR caches),\n"
		"                    highmem-dma (pages with HIGHMEM and DMA/DMA32),\n"
		"                    cache-obj-order (cache objects with an order)\n"
		"Replay a run with the same --seed, --ops and --threads.\n"
		"Exit status: 0 clean, 1 findings or a leak, 2 usage/setup error.\n",
		FZ_MAX_THREADS);
}

static int parse_u64(const char *s, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 0);
	return errno || !*s || *end || *s == '-' ? -1 : 0;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "ops", required_argument, NULL, 'n' },
		{ "threads", required_argument, NULL, 't' },
		{ "time-limit", required_argument, NULL, 'T' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "no-netlink", no_argument, NULL, 'N' },
		{ "no-fork", no_argument, NULL, 'F' },
		{ "avoid", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct fz_result r;
	struct fz_opts o;
	uint64_t v;
	int c, rc;

	fz_opts_init(&o);
	while ((c = getopt_long(argc, argv, "s:n:t:T:vh", longopts,
				NULL)) != -1) {
		switch (c) {
		case 's':
			if (parse_u64(optarg, &o.seed))
				goto bad;
			break;
		case 'n':
			if (parse_u64(optarg, &v) || !v)
				goto bad;
			o.ops = v;
			break;
		case 't':
			if (parse_u64(optarg, &v) || !v || v > FZ_MAX_THREADS)
				goto bad;
			o.threads = v;
			break;
		case 'T':
			if (parse_u64(optarg, &v) || v > 86400 * 365)
				goto bad;
			o.time_limit = v;
			break;
		case 'v':
			o.verbose = true;
			break;
		case 'N':
			o.no_netlink = true;
			break;
		case 'F':
			o.no_fork = true;
			break;
		case 'a':
			if (fz_parse_avoid(optarg, &o.avoid))
				goto bad;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "memlab-fuzz: unexpected argument '%s'\n",
			argv[optind]);
		usage(stderr);
		return 2;
	}
	rc = fz_run(&o, &r);
	if (rc)
		return 2;
	return r.findings || !r.baseline_ok ? 1 : 0;

bad:
	fprintf(stderr, "memlab-fuzz: bad value '%s' for -%c\n", optarg, c);
	usage(stderr);
	return 2;
}
