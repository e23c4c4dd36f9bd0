// SPDX-License-Identifier: GPL-2.0
/*
 * batch-loop - the batched path of `make bench` as a plain loop, for a
 * profiler: ROUNDS times MEMLAB_IOC_ALLOC_BATCH then MEMLAB_IOC_FREE_BATCH
 * of COUNT objects of a 64-byte memlab cache.
 *
 *   batch-loop [ROUNDS [COUNT]]
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/memlab.h>

static int fail(const char *what)
{
	fprintf(stderr, "batch-loop: %s: %s\n", what, strerror(errno));
	return 1;
}

int main(int argc, char **argv)
{
	struct memlab_cache_create cache = {
		.object_size = 64,
		.slab_flags = MEMLAB_SLAB_NO_MERGE,
	};
	unsigned long rounds = argc > 1 ? strtoul(argv[1], NULL, 0) : 300;
	unsigned long count = argc > 2 ? strtoul(argv[2], NULL, 0) : 1024;
	unsigned long i;
	__u32 *ids;
	int fd;

	if (!count || count > MEMLAB_BATCH_MAX) {
		fprintf(stderr, "batch-loop: COUNT must be 1..%u\n",
			MEMLAB_BATCH_MAX);
		return 2;
	}
	ids = calloc(count, sizeof(*ids));
	if (!ids)
		return fail("calloc");
	fd = open("/dev/memlab", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return fail("/dev/memlab");
	snprintf(cache.name, sizeof(cache.name), "batch_loop");
	if (ioctl(fd, MEMLAB_IOC_CACHE_CREATE, &cache))
		return fail("CACHE_CREATE");
	for (i = 0; i < rounds; i++) {
		struct memlab_batch alloc = {
			.kind = MEMLAB_KIND_CACHE_OBJ,
			.cache_id = cache.id,
			.ids = (uintptr_t)ids,
			.count = count,
		};
		struct memlab_ids free_ids = {
			.ids = (uintptr_t)ids,
			.count = count,
		};

		if (ioctl(fd, MEMLAB_IOC_ALLOC_BATCH, &alloc) != (int)count)
			return fail("ALLOC_BATCH");
		if (ioctl(fd, MEMLAB_IOC_FREE_BATCH, &free_ids) != (int)count)
			return fail("FREE_BATCH");
	}
	printf("batch-loop: %lu rounds of %lu objects\n", rounds, count);
	free(ids);
	return close(fd) ? fail("close") : 0;
}
