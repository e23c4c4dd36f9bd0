/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memlab-fuzz: a seeded, multi-threaded random exerciser of /dev/memlab and
 * of the "memlab" generic netlink family.
 *
 * Each thread draws its operations from a PRNG seeded from (seed, thread
 * index), so a run is replayed with the same --seed, --threads and --ops.
 * Ids, caches, mmap offsets and mappings returned by earlier operations are
 * kept in typed pools (per thread, plus one shared by all threads on a
 * shared open file) and fed to later ones, as syzkaller chains resources.
 * Every result is checked against the errnos the uapi documents for the
 * operation; the driver's counters must be back where they started at the
 * end. docs/fuzzing.md has the details.
 *
 * The engine is a library (test_fuzz links it) behind fz_run(); main.c is
 * the memlab-fuzz command line.
 */
#ifndef MEMLAB_FUZZ_H
#define MEMLAB_FUZZ_H

#include <stdbool.h>
#include <stdint.h>

#define FZ_MAX_THREADS		16

/*
 * Input classes to leave out (--avoid): the bugs the fuzzer found, fixed
 * in the driver since (docs/fuzzing.md); for runs against an older
 * memlab.ko that does not refuse them yet.
 */
#define FZ_AVOID_CTOR_ZERO	0x1U	/* GFP_ZERO objects from CTOR caches */
#define FZ_AVOID_HIGHMEM_DMA	0x2U	/* pages with HIGHMEM and DMA/DMA32 */
#define FZ_AVOID_CACHEOBJ_ORDER	0x4U	/* cache objects with an order */

/**
 * struct fz_opts - what to run
 * @seed: the run's seed; every thread's seed derives from it
 * @ops: operations to run, over all threads
 * @threads: worker threads (1..FZ_MAX_THREADS)
 * @time_limit: stop after this many seconds (0: no limit)
 * @verbose: print every operation
 * @no_netlink: leave the generic netlink family out
 * @no_fork: no fork children
 * @avoid: FZ_AVOID_* bits
 */
struct fz_opts {
	uint64_t seed;
	unsigned long ops;
	unsigned int threads;
	unsigned int time_limit;
	bool verbose;
	bool no_netlink;
	bool no_fork;
	unsigned int avoid;
};

/**
 * struct fz_result - what a run found
 * @ops: random operations run by the threads
 * @child_ops: operations run by fork children
 * @cleanup_ops: operations of the final cleanup
 * @errors: operations that failed (expected failures included)
 * @findings: unexpected results, crashes, leaks
 * @baseline_ok: the driver's counters came back to their starting values
 * @timed_out: the time limit stopped the run before @ops
 * @seconds: wall time of the run
 */
struct fz_result {
	unsigned long ops;
	unsigned long child_ops;
	unsigned long cleanup_ops;
	unsigned long errors;
	unsigned long findings;
	bool baseline_ok;
	bool timed_out;
	double seconds;
};

/* Defaults: a time-derived seed, 10000 operations, 4 threads. */
void fz_opts_init(struct fz_opts *o);

/* Parse an --avoid list ("ctor-zero,highmem-dma,cache-obj-order"); -1 if unknown. */
int fz_parse_avoid(const char *list, unsigned int *avoid);

/*
 * Run the fuzzer. Prints its seeds first, findings as they come and a
 * summary at the end (stdout; findings on stderr). Returns 0 when the run
 * took place (look at @r), -errno when it could not start (no device, no
 * netlink family).
 */
int fz_run(const struct fz_opts *o, struct fz_result *r);

#endif /* MEMLAB_FUZZ_H */
