// SPDX-License-Identifier: GPL-2.0
/*
 * memlab-demo - a guided tour of the kernel's memory allocators.
 *
 * Opens /dev/memlab and walks through the memory layout, kmalloc,
 * kmem_cache, the buddy allocator, vmalloc and DMA. Each step prints the
 * kernel API that the memlab call triggers and the kernel's own view of
 * the allocator (/proc, /sys) before and after it.
 *
 * Needs root (addresses, /proc/slabinfo, /proc/vmallocinfo) and a loaded
 * memlab.ko. Exits 0 when every step worked, 1 otherwise; the last line
 * is "demo: N steps, N failed".
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/memlab.h>

#define DEV_PATH	"/dev/memlab"
#define SLAB_SYSFS	"/sys/kernel/slab"
#define MEMMAP_SYSFS	"/sys/firmware/memmap"
#define PARAM_SYSFS	"/sys/module/memlab/parameters"

#define WRAP		76	/* output width */
#define LABEL_W		8	/* width of the label column */
#define PATTERN		0x12345678u
#define DMA_PATTERN	0xdeadbeefu

#define KMALLOC_SIZE	1024
#define CACHE_NAME	"hugo"
#define CACHE_SIZE	1024
#define ORDER_BIG	3
#define VMALLOC_SIZE	(4u << 20)
#define DMA_SIZE	(1u << 20)
#define STREAM_SIZE	4096
#define KALLSYMS_SHOW	10

#define MAX_ZONES	8
#define MAX_ORDERS	16
#define MAX_E820	128

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define __printf(a, b)	__attribute__((format(printf, a, b)))

/* State of one run; ids are 0 when the object does not exist (any more). */
struct demo {
	int fd;
	long page_size;
	char charge_memcg;	/* 'Y', 'N' or '?' */
	char km_name[32];	/* kmalloc-1k (6.1) or kmalloc-1024 (old) */
	char km_cg_name[32];	/* its memcg-charged twin */
	unsigned int step;
	unsigned int nr_steps;
	unsigned int failed;

	__u32 cache_id;
	__u32 cache_obj[2];
	char cache_target[NAME_MAX + 1];	/* sysfs name, e.g. :0001024 */
	char cache_merged_into[MEMLAB_NAME_LEN];

	__u32 page0_id;
	void *page0_map;
	__u32 page3_id;
	__u32 vmalloc_id;
	void *vmalloc_map;
	__u32 dma_id;
	void *dma_map;
	__u32 stream_id;
};

struct step {
	const char *title;
	int (*run)(struct demo *d);
};

struct slab_line {
	char name[64];
	unsigned long active;
	unsigned long total;
	unsigned long objsize;
	unsigned long per_slab;
	unsigned long pages_per_slab;
};

struct buddy_zone {
	char node[16];
	char zone[16];
	unsigned int nr_orders;
	unsigned long free[MAX_ORDERS];
};

struct buddyinfo {
	unsigned int nr_zones;
	struct buddy_zone zone[MAX_ZONES];
};

struct e820_entry {
	unsigned long long start;
	unsigned long long end;
	char type[48];
};

/* ------------------------------------------------------------------ */
/* Output helpers                                                      */
/* ------------------------------------------------------------------ */

static const char *errname(int err)
{
	const char *name = strerrorname_np(err);

	return name ? name : "E?";
}

/*
 * Report an unexpected failure. @err is a positive errno value or 0 when
 * there is none; returns the negative errno (or -EIO) for the caller to
 * pass on.
 */
static int __printf(2, 3)
fail(int err, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, " %-*s", LABEL_W, "FAILED");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (err)
		fprintf(stderr, ": %s (%s)", errname(err), strerror(err));
	fputc('\n', stderr);
	fflush(stderr);
	return err ? -err : -EIO;
}

/* One line with a label in the left column ("before", "call", ...). */
static void __printf(2, 3)
line(const char *label, const char *fmt, ...)
{
	va_list ap;

	printf(" %-*s", LABEL_W, label ? label : "");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/* A paragraph of explanation, word-wrapped at WRAP columns. */
static void __printf(1, 2)
say(const char *fmt, ...)
{
	char text[2048];
	const char *p = text;
	size_t col = 0, n;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);

	for (;;) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		n = strcspn(p, " ");
		if (col && col + 1 + n > WRAP) {
			putchar('\n');
			col = 0;
		}
		if (!col) {
			putchar(' ');
			col = 1;
		} else {
			putchar(' ');
			col++;
		}
		fwrite(p, 1, n, stdout);
		col += n;
		p += n;
	}
	if (col)
		putchar('\n');
}

/* A list of words after a label, wrapped under the value column. */
static void words(const char *label, const char *lead, char **w, size_t nr)
{
	size_t col, i, n;

	printf(" %-*s%s", LABEL_W, label, lead);
	col = 1 + LABEL_W + strlen(lead);
	for (i = 0; i < nr; i++) {
		n = strlen(w[i]);
		if (col + 1 + n > WRAP) {
			printf("\n %-*s%*s", LABEL_W, "", (int)strlen(lead), "");
			col = 1 + LABEL_W + strlen(lead);
		}
		printf(" %s", w[i]);
		col += 1 + n;
	}
	putchar('\n');
}

static void blank(void)
{
	putchar('\n');
}

/* "4 KiB", "1.5 MiB": sizes for humans. */
static const char *human(unsigned long long bytes, char *buf, size_t len)
{
	static const char *const unit[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	unsigned long long div = 1;
	unsigned int u = 0;

	while (u + 1 < ARRAY_SIZE(unit) && bytes >= div * 1024) {
		div *= 1024;
		u++;
	}
	if (bytes % div == 0)
		snprintf(buf, len, "%llu %s", bytes / div, unit[u]);
	else
		snprintf(buf, len, "%.1f %s", (double)bytes / div, unit[u]);
	return buf;
}

static const char *kind_name(__u32 kind)
{
	static const char *const names[MEMLAB_KIND_NR] = {
		[MEMLAB_KIND_KMALLOC] = "kmalloc",
		[MEMLAB_KIND_CACHE] = "kmem_cache",
		[MEMLAB_KIND_CACHE_OBJ] = "cache object",
		[MEMLAB_KIND_PAGES] = "pages",
		[MEMLAB_KIND_VMALLOC] = "vmalloc",
		[MEMLAB_KIND_DMA_COHERENT] = "DMA coherent",
		[MEMLAB_KIND_DMA_STREAMING] = "DMA streaming",
	};

	if (kind >= MEMLAB_KIND_NR || !names[kind])
		return "?";
	return names[kind];
}

/* ------------------------------------------------------------------ */
/* Reading the kernel's views                                          */
/* ------------------------------------------------------------------ */

/* Read a small file into @buf, without the trailing newline. */
static int read_str(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd, ret = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	if (n < 0) {
		ret = -errno;
		goto out;
	}
	buf[n] = '\0';
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
out:
	close(fd);
	return ret;
}

static int read_ull(const char *path, unsigned long long *val)
{
	char buf[128], *end;
	int ret;

	ret = read_str(path, buf, sizeof(buf));
	if (ret)
		return ret;
	errno = 0;
	*val = strtoull(buf, &end, 0);
	if (errno || end == buf)
		return -EINVAL;
	return 0;
}

/*
 * Call @fn for each line of @path (newline stripped) until it returns
 * nonzero. Returns a negative errno if the file cannot be read, else
 * what @fn returned last (0 when every line was seen).
 */
static int read_lines(const char *path, int (*fn)(char *l, void *arg),
		      void *arg)
{
	char *buf = NULL;
	size_t cap = 0;
	ssize_t n;
	FILE *f;
	int ret = 0;

	f = fopen(path, "re");
	if (!f)
		return -errno;
	errno = 0;
	while ((n = getline(&buf, &cap, f)) >= 0) {
		if (n && buf[n - 1] == '\n')
			buf[n - 1] = '\0';
		ret = fn(buf, arg);
		if (ret)
			break;
	}
	if (!ret && ferror(f))
		ret = -(errno ? errno : EIO);
	free(buf);
	fclose(f);
	return ret;
}

/* /proc/slabinfo */

struct slab_find {
	const char *name;
	struct slab_line *out;
};

static int slab_find_fn(char *l, void *arg)
{
	struct slab_find *sf = arg;
	struct slab_line *s = sf->out;
	size_t n = strlen(sf->name);

	if (strncmp(l, sf->name, n) || l[n] != ' ')
		return 0;
	if (sscanf(l, "%63s %lu %lu %lu %lu %lu", s->name, &s->active,
		   &s->total, &s->objsize, &s->per_slab,
		   &s->pages_per_slab) != 6)
		return -EPROTO;
	return 1;
}

/* 0: found, -ENOENT: no such cache line, other -errno: unreadable. */
static int slab_find(const char *name, struct slab_line *out)
{
	struct slab_find sf = { .name = name, .out = out };
	int ret;

	ret = read_lines("/proc/slabinfo", slab_find_fn, &sf);
	if (ret == 1)
		return 0;
	return ret ? ret : -ENOENT;
}

static void slab_header(const char *label)
{
	line(label, "/proc/slabinfo");
	line("", "%-16s %7s %7s %7s %8s", "name", "active", "total", "objsize",
	     "obj/slab");
}

/*
 * Print the /proc/slabinfo line of each of @names; with @prev, the change
 * since then. Stores the lines in @now when given.
 */
static int show_slabs(const char *const *names, unsigned int nr,
		      const struct slab_line *prev, struct slab_line *now)
{
	struct slab_line s;
	char delta[48];
	unsigned int i;
	int ret;

	for (i = 0; i < nr; i++) {
		memset(&s, 0, sizeof(s));
		ret = slab_find(names[i], &s);
		if (ret && ret != -ENOENT)
			return fail(-ret, "reading /proc/slabinfo");
		if (ret) {
			line("", "%-16s (no such cache)", names[i]);
		} else {
			delta[0] = '\0';
			if (prev && prev[i].name[0] && s.active != prev[i].active)
				snprintf(delta, sizeof(delta), "  (%+ld active)",
					 (long)(s.active - prev[i].active));
			else if (prev && prev[i].name[0])
				snprintf(delta, sizeof(delta), "  (no change)");
			line("", "%-16s %7lu %7lu %7lu %8lu%s", s.name,
			     s.active, s.total, s.objsize, s.per_slab, delta);
		}
		if (now)
			now[i] = s;
	}
	return 0;
}

/* /proc/buddyinfo */

static int buddy_fn(char *l, void *arg)
{
	struct buddyinfo *bi = arg;
	struct buddy_zone *z;
	char *p, *end;
	int n;

	if (bi->nr_zones >= MAX_ZONES)
		return 0;
	z = &bi->zone[bi->nr_zones];
	memset(z, 0, sizeof(*z));
	if (sscanf(l, "Node %15[^,], zone %15s%n", z->node, z->zone, &n) != 2)
		return -EPROTO;
	p = l + n;
	while (z->nr_orders < MAX_ORDERS) {
		errno = 0;
		z->free[z->nr_orders] = strtoul(p, &end, 10);
		if (end == p || errno)
			break;
		z->nr_orders++;
		p = end;
	}
	bi->nr_zones++;
	return 0;
}

static int buddy_read(struct buddyinfo *bi)
{
	int ret;

	memset(bi, 0, sizeof(*bi));
	ret = read_lines("/proc/buddyinfo", buddy_fn, bi);
	if (ret)
		return fail(ret < 0 ? -ret : 0, "reading /proc/buddyinfo");
	return 0;
}

static unsigned long zone_free_pages(const struct buddy_zone *z)
{
	unsigned long pages = 0;
	unsigned int o;

	for (o = 0; o < z->nr_orders; o++)
		pages += z->free[o] << o;
	return pages;
}

static const struct buddy_zone *buddy_zone(const struct buddyinfo *bi,
					   const struct buddy_zone *like)
{
	unsigned int i;

	for (i = 0; i < bi->nr_zones; i++)
		if (!strcmp(bi->zone[i].node, like->node) &&
		    !strcmp(bi->zone[i].zone, like->zone))
			return &bi->zone[i];
	return NULL;
}

/*
 * Print a buddyinfo table: free blocks per order for every zone, and with
 * @prev a "change" row under each zone that changed.
 */
static void show_buddy(const char *label, const struct buddyinfo *bi,
		       const struct buddyinfo *prev)
{
	const struct buddy_zone *z, *pz;
	unsigned int i, o, orders = 0;
	char hdr[160], row[160];
	int len;

	for (i = 0; i < bi->nr_zones; i++)
		if (bi->zone[i].nr_orders > orders)
			orders = bi->zone[i].nr_orders;

	len = snprintf(hdr, sizeof(hdr), "%-13s", "order");
	for (o = 0; o < orders && len < (int)sizeof(hdr); o++)
		len += snprintf(hdr + len, sizeof(hdr) - len, "%5u", o);
	line(label, "/proc/buddyinfo: free blocks of 2^order pages");
	line("", "%s", hdr);

	for (i = 0; i < bi->nr_zones; i++) {
		z = &bi->zone[i];
		len = snprintf(row, sizeof(row), "%-13.13s", z->zone);
		for (o = 0; o < z->nr_orders && len < (int)sizeof(row); o++)
			len += snprintf(row + len, sizeof(row) - len, "%5lu",
					z->free[o]);
		line("", "%s", row);

		pz = prev ? buddy_zone(prev, z) : NULL;
		if (!pz)
			continue;
		if (zone_free_pages(z) == zone_free_pages(pz) &&
		    !memcmp(z->free, pz->free, sizeof(z->free)))
			continue;
		len = snprintf(row, sizeof(row), "%-13s", "  change");
		for (o = 0; o < z->nr_orders && len < (int)sizeof(row); o++) {
			long dv = (long)(z->free[o] - pz->free[o]);

			if (dv)
				len += snprintf(row + len, sizeof(row) - len,
						"%+5ld", dv);
			else
				len += snprintf(row + len, sizeof(row) - len,
						"%5s", ".");
		}
		line("", "%s", row);
	}
}

/* Free pages change per zone since @prev, one line per changed zone. */
static void show_buddy_pages(const struct buddyinfo *bi,
			     const struct buddyinfo *prev, long page_size)
{
	const struct buddy_zone *z, *pz;
	char h1[32];
	unsigned int i;
	long dv;
	bool any = false;

	for (i = 0; i < bi->nr_zones; i++) {
		z = &bi->zone[i];
		pz = buddy_zone(prev, z);
		if (!pz)
			continue;
		dv = (long)(zone_free_pages(z) - zone_free_pages(pz));
		if (!dv)
			continue;
		any = true;
		line("", "zone %-7s free pages %lu -> %lu (%+ld pages, %s%s)",
		     z->zone, zone_free_pages(pz), zone_free_pages(z), dv,
		     dv < 0 ? "-" : "+",
		     human((unsigned long long)labs(dv) * page_size, h1,
			   sizeof(h1)));
	}
	if (!any)
		line("", "free pages per zone: no change");
}

/* /proc/vmallocinfo */

struct grep_ctx {
	const char *needle;
	bool skip_local;	/* kallsyms: count, don't show, _x and .x */
	unsigned int shown;
	unsigned int max;
	unsigned int matched;
	unsigned long long kaddr;	/* vmallocinfo: mark the area of this */
	unsigned long long area;	/* vmallocinfo: its size, when found */
};

static int grep_fn(char *l, void *arg)
{
	struct grep_ctx *g = arg;
	unsigned long long start, end;
	unsigned long size;
	char *p;

	if (!strstr(l, g->needle))
		return 0;
	g->matched++;
	if (g->shown >= g->max)
		return 0;
	if (g->skip_local) {
		char name[2] = "";

		if (sscanf(l, "%*s %*s %1s", name) == 1 &&
		    (name[0] == '_' || name[0] == '.'))
			return 0;
	}
	for (p = l; *p; p++)
		if (*p == '\t')
			*p = ' ';
	line("", "%s", l);
	g->shown++;
	if (g->kaddr && sscanf(l, "0x%llx-0x%llx %lu", &start, &end,
			       &size) == 3 &&
	    g->kaddr >= start && g->kaddr < end)
		g->area = size;
	return 0;
}

/*
 * The /proc/vmallocinfo lines of memlab; with @g->kaddr set, @g->area
 * reports the size of the area holding it.
 */
static int show_vmallocinfo(const char *label, struct grep_ctx *g)
{
	int ret;

	g->needle = "[memlab]";
	g->max = 20;
	line(label, "grep '\\[memlab\\]' /proc/vmallocinfo");
	ret = read_lines("/proc/vmallocinfo", grep_fn, g);
	if (ret)
		return fail(-ret, "reading /proc/vmallocinfo");
	if (!g->matched)
		line("", "(no line: memlab holds no vmalloc area)");
	return 0;
}

/* /sys/kernel/slab */

/*
 * The sysfs name of the cache @name really is: the target of the
 * /sys/kernel/slab/@name link (":0001024") for a merged cache, @name itself
 * for a cache of its own. Returns 1 if @name is a link, 0 if not, -errno.
 */
static int slab_target(const char *name, char *out, size_t len)
{
	char path[PATH_MAX], link[PATH_MAX];
	const char *base;
	struct stat st;
	ssize_t n;

	snprintf(path, sizeof(path), SLAB_SYSFS "/%s", name);
	if (lstat(path, &st))
		return -errno;
	if (!S_ISLNK(st.st_mode)) {
		if (strlen(name) >= len)
			return -ENAMETOOLONG;
		memcpy(out, name, strlen(name) + 1);
		return 0;
	}
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		return -errno;
	link[n] = '\0';
	base = strrchr(link, '/');
	base = base ? base + 1 : link;
	if (strlen(base) >= len)
		return -ENAMETOOLONG;
	memcpy(out, base, strlen(base) + 1);
	return 1;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Like `slabinfo -a`: every name in /sys/kernel/slab linking to @target. */
static int show_aliases(const char *label, const char *target)
{
	char lead[NAME_MAX + 8], t[NAME_MAX + 1];
	char **names = NULL, **nn;
	size_t nr = 0, i;
	struct dirent *de;
	DIR *dir;
	int ret = 0;

	dir = opendir(SLAB_SYSFS);
	if (!dir)
		return fail(errno, "opening " SLAB_SYSFS);
	while ((de = readdir(dir))) {
		if (de->d_name[0] == '.' || de->d_type != DT_LNK)
			continue;
		if (slab_target(de->d_name, t, sizeof(t)) != 1 ||
		    strcmp(t, target))
			continue;
		nn = realloc(names, (nr + 1) * sizeof(*names));
		if (!nn) {
			ret = fail(ENOMEM, "listing aliases");
			goto out;
		}
		names = nn;
		names[nr] = strdup(de->d_name);
		if (!names[nr]) {
			ret = fail(ENOMEM, "listing aliases");
			goto out;
		}
		nr++;
	}
	qsort(names, nr, sizeof(*names), cmp_str);
	snprintf(lead, sizeof(lead), "%-10s <-", target);
	words(label, lead, names, nr);
out:
	for (i = 0; i < nr; i++)
		free(names[i]);
	free(names);
	closedir(dir);
	return ret;
}

static int slab_attr(const char *cache, const char *attr,
		     unsigned long long *val)
{
	char path[PATH_MAX];
	int ret;

	snprintf(path, sizeof(path), SLAB_SYSFS "/%s/%s", cache, attr);
	ret = read_ull(path, val);
	if (ret)
		return fail(-ret, "reading %s", path);
	return 0;
}

/*
 * The kmalloc cache for @size bytes: "kmalloc-1k" since Linux 4.20 (sizes
 * from 1024 up are named in k), "kmalloc-1024" before. @prefix is
 * "kmalloc-" or "kmalloc-cg-". Falls back to the new style when neither
 * exists (e.g. no memcg: no kmalloc-cg-* caches).
 */
static void kmalloc_name(const char *prefix, unsigned int size, char *out,
			 size_t len)
{
	char path[PATH_MAX];
	struct stat st;

	snprintf(out, len, "%s%u", prefix, size);
	snprintf(path, sizeof(path), SLAB_SYSFS "/%s", out);
	if (size >= 1024 && !(size % 1024) && lstat(path, &st))
		snprintf(out, len, "%s%uk", prefix, size / 1024);
}

/* ------------------------------------------------------------------ */
/* memlab calls                                                        */
/* ------------------------------------------------------------------ */

static int ml_ioctl(struct demo *d, unsigned long req, void *arg,
		    const char *what)
{
	if (ioctl(d->fd, req, arg) == 0)
		return 0;
	return fail(errno, "ioctl(%s)", what);
}

static int ml_alloc(struct demo *d, struct memlab_alloc *a, __u32 *id)
{
	int ret;

	a->gfp = MEMLAB_GFP_KERNEL;
	ret = ml_ioctl(d, MEMLAB_IOC_ALLOC, a, "MEMLAB_IOC_ALLOC");
	if (!ret)
		*id = a->id;
	return ret;
}

static int ml_free(struct demo *d, __u32 *id)
{
	struct memlab_id mi = { .id = *id };
	int ret;

	ret = ml_ioctl(d, MEMLAB_IOC_FREE, &mi, "MEMLAB_IOC_FREE");
	if (!ret)
		*id = 0;
	return ret;
}

static int ml_obj_info(struct demo *d, __u32 id, struct memlab_obj_info *oi)
{
	memset(oi, 0, sizeof(*oi));
	oi->id = id;
	return ml_ioctl(d, MEMLAB_IOC_OBJ_INFO, oi, "MEMLAB_IOC_OBJ_INFO");
}

static int ml_info(struct demo *d, struct memlab_info *info)
{
	memset(info, 0, sizeof(*info));
	return ml_ioctl(d, MEMLAB_IOC_INFO, info, "MEMLAB_IOC_INFO");
}

static int ml_rw(struct demo *d, unsigned long req, __u32 id, __u64 offset,
		 void *buf, __u64 len)
{
	struct memlab_rw rw = {
		.id = id,
		.offset = offset,
		.length = len,
		.buf = (uintptr_t)buf,
	};

	return ml_ioctl(d, req, &rw, req == MEMLAB_IOC_READ ?
			"MEMLAB_IOC_READ" : "MEMLAB_IOC_WRITE");
}

static int ml_verify(struct demo *d, __u32 id, __u32 pattern, __u64 len,
		     __u64 *nr_bad)
{
	struct memlab_fill f = { .id = id, .pattern = pattern, .length = len };
	int ret;

	ret = ml_ioctl(d, MEMLAB_IOC_VERIFY, &f, "MEMLAB_IOC_VERIFY");
	if (!ret)
		*nr_bad = f.nr_bad;
	return ret;
}

static int ml_sync(struct demo *d, __u32 id, __u32 op, __u64 len)
{
	struct memlab_sync s = { .id = id, .op = op, .length = len };

	return ml_ioctl(d, MEMLAB_IOC_SYNC, &s, "MEMLAB_IOC_SYNC");
}

/* mmap() the first @len bytes of object @id, shared, read/write. */
static int ml_mmap(struct demo *d, __u32 id, size_t len, void **map)
{
	struct memlab_mmap_offset mo = { .id = id };
	void *p;
	int ret;

	ret = ml_ioctl(d, MEMLAB_IOC_MMAP_OFFSET, &mo, "MEMLAB_IOC_MMAP_OFFSET");
	if (ret)
		return ret;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, d->fd,
		 (off_t)mo.offset);
	if (p == MAP_FAILED)
		return fail(errno, "mmap(%zu bytes of id %u, offset 0x%llx)",
			    len, id, (unsigned long long)mo.offset);
	*map = p;
	return 0;
}

static int need_fd(struct demo *d)
{
	if (d->fd >= 0)
		return 0;
	return fail(0, "skipped: " DEV_PATH " is not open");
}

static const char *gfp_note(struct demo *d)
{
	return d->charge_memcg == 'Y' ? "  [+ __GFP_ACCOUNT]" : "";
}

/* ------------------------------------------------------------------ */
/* Steps                                                               */
/* ------------------------------------------------------------------ */

static int e820_cmp(const void *a, const void *b)
{
	const struct e820_entry *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static int meminfo_fn(char *l, void *arg)
{
	unsigned long long *kib = arg;

	return sscanf(l, "MemTotal: %llu kB", kib) == 1;
}

static int step_layout(struct demo *d)
{
	struct e820_entry *e, *tab = NULL;
	unsigned long long usable = 0, memtotal = 0;
	unsigned int nr = 0, nr_usable = 0, i;
	char path[PATH_MAX], h[32];
	struct dirent *de;
	DIR *dir;
	int ret = 0;

	(void)d;
	say("At boot the firmware (BIOS e820 or UEFI) tells the kernel which "
	    "physical address ranges hold RAM. dmesg prints this map as "
	    "\"BIOS-e820: [mem ...] usable\"; /sys/firmware/memmap keeps it, "
	    "one directory per range, and calls usable RAM \"System RAM\".");
	blank();

	tab = calloc(MAX_E820, sizeof(*tab));
	if (!tab)
		return fail(ENOMEM, "allocating the e820 table");
	dir = opendir(MEMMAP_SYSFS);
	if (!dir) {
		ret = fail(errno, "opening " MEMMAP_SYSFS);
		goto out_free;
	}
	while ((de = readdir(dir)) && nr < MAX_E820) {
		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		e = &tab[nr];
		snprintf(path, sizeof(path), MEMMAP_SYSFS "/%s/start",
			 de->d_name);
		ret = read_ull(path, &e->start);
		if (!ret) {
			snprintf(path, sizeof(path), MEMMAP_SYSFS "/%s/end",
				 de->d_name);
			ret = read_ull(path, &e->end);
		}
		if (!ret) {
			snprintf(path, sizeof(path), MEMMAP_SYSFS "/%s/type",
				 de->d_name);
			ret = read_str(path, e->type, sizeof(e->type));
		}
		if (ret) {
			ret = fail(-ret, "reading %s", path);
			goto out_close;
		}
		nr++;
	}
	qsort(tab, nr, sizeof(*tab), e820_cmp);

	line("view", "/sys/firmware/memmap (%u ranges)", nr);
	for (i = 0; i < nr; i++) {
		unsigned long long size = tab[i].end - tab[i].start + 1;

		line("", "[mem 0x%016llx-0x%016llx] %10s  %s",
		     tab[i].start, tab[i].end, human(size, h, sizeof(h)),
		     tab[i].type);
		if (!strcmp(tab[i].type, "System RAM")) {
			usable += size;
			nr_usable++;
		}
	}
	blank();
	line("usable", "%s of System RAM in %u ranges",
	     human(usable, h, sizeof(h)), nr_usable);
	ret = read_lines("/proc/meminfo", meminfo_fn, &memtotal);
	if (ret == 1) {
		line("", "MemTotal in /proc/meminfo: %s",
		     human(memtotal * 1024, h, sizeof(h)));
		say("MemTotal is smaller: the kernel's own image, the struct "
		    "page array and early reservations come off the top "
		    "before the allocators see the rest.");
		ret = 0;
	} else {
		ret = fail(ret < 0 ? -ret : 0, "no MemTotal in /proc/meminfo");
	}
	if (!nr || !usable)
		ret = fail(0, "no System RAM in " MEMMAP_SYSFS);
out_close:
	closedir(dir);
out_free:
	free(tab);
	return ret;
}

static int step_buddy(struct demo *d)
{
	struct buddyinfo bi;
	unsigned int i;
	char h[32];
	int ret;

	(void)d;
	say("That RAM is split into zones (DMA: below 16 MiB, DMA32: below "
	    "4 GiB, Normal: the rest) and handed to the buddy allocator. It "
	    "keeps free memory in blocks of 2^order contiguous pages: order 0 "
	    "is one page, order 10 is 4 MiB. Splitting a block gives two "
	    "\"buddies\" of the next lower order; freeing both merges them "
	    "back.");
	blank();
	ret = buddy_read(&bi);
	if (ret)
		return ret;
	show_buddy("view", &bi, NULL);
	blank();
	for (i = 0; i < bi.nr_zones; i++)
		line(i ? "" : "free", "zone %-7s %8lu pages = %s",
		     bi.zone[i].zone, zone_free_pages(&bi.zone[i]),
		     human((unsigned long long)zone_free_pages(&bi.zone[i]) *
			   (unsigned long long)d->page_size, h, sizeof(h)));
	if (!bi.nr_zones)
		return fail(0, "no zone in /proc/buddyinfo");
	return 0;
}

static int param_fn_show(struct demo *d, char **out, size_t *nr)
{
	char path[PATH_MAX], val[64], item[NAME_MAX + 80];
	struct dirent *de;
	DIR *dir;
	int ret = 0;

	dir = opendir(PARAM_SYSFS);
	if (!dir)
		return fail(errno, "opening " PARAM_SYSFS);
	while ((de = readdir(dir)) && *nr < 16) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), PARAM_SYSFS "/%s", de->d_name);
		ret = read_str(path, val, sizeof(val));
		if (ret) {
			ret = fail(-ret, "reading %s", path);
			break;
		}
		if (!strcmp(de->d_name, "charge_memcg"))
			d->charge_memcg = val[0];
		snprintf(item, sizeof(item), "%s=%s", de->d_name, val);
		out[*nr] = strdup(item);
		if (!out[*nr]) {
			ret = fail(ENOMEM, "listing parameters");
			break;
		}
		(*nr)++;
	}
	closedir(dir);
	return ret;
}

static int step_module(struct demo *d)
{
	static const struct {
		__u32 bit;
		const char *name;
	} feat[] = {
		{ MEMLAB_FEAT_KMALLOC, "kmalloc" },
		{ MEMLAB_FEAT_CACHE, "kmem_cache" },
		{ MEMLAB_FEAT_PAGES, "pages" },
		{ MEMLAB_FEAT_VMALLOC, "vmalloc" },
		{ MEMLAB_FEAT_DMA_COHERENT, "dma-coherent" },
		{ MEMLAB_FEAT_DMA_STREAMING, "dma-streaming" },
		{ MEMLAB_FEAT_MMAP, "mmap" },
		{ MEMLAB_FEAT_NATIVE_NO_MERGE, "native-no-merge" },
	};
	struct grep_ctx g = {
		.needle = "\t[memlab]",
		.skip_local = true,
		.max = KALLSYMS_SHOW,
	};
	char *params[16], *feats[ARRAY_SIZE(feat)];
	char h1[32], h2[32], h3[32];
	struct memlab_info info;
	size_t nr_params = 0, nr_feats = 0, i;
	int ret;

	say("memlab.ko is loaded: its functions and variables now appear in "
	    "/proc/kallsyms, tagged with the module name. The letter is the "
	    "section: t code, d data, r read-only data, b zeroed data (bss); "
	    "upper case would mean exported to other modules.");
	blank();
	line("view", "grep '\\[memlab\\]' /proc/kallsyms | grep -v ' [_.]' | "
	     "head -%d", KALLSYMS_SHOW);
	/* Without the module, go on to the open() that says so plainly. */
	ret = read_lines("/proc/kallsyms", grep_fn, &g);
	if (ret)
		ret = fail(-ret, "reading /proc/kallsyms");
	else if (!g.matched)
		ret = fail(0, "no [memlab] symbol in /proc/kallsyms");
	else
		line("", "... %u memlab symbols in all", g.matched);
	blank();

	if (!ret) {
		ret = param_fn_show(d, params, &nr_params);
		qsort(params, nr_params, sizeof(*params), cmp_str);
		line("params", "%s", PARAM_SYSFS ":");
		for (i = 0; i < nr_params; i++)
			line("", "  %s", params[i]);
		blank();
	}

	line("call", "fd = open(\"" DEV_PATH "\", O_RDWR)");
	d->fd = open(DEV_PATH, O_RDWR | O_CLOEXEC);
	if (d->fd < 0) {
		ret = fail(errno, "opening " DEV_PATH " (is memlab.ko loaded?)");
		goto out_params;
	}
	if (ret)
		goto out_params;
	line("call", "ioctl(fd, MEMLAB_IOC_INFO, &info)");
	ret = ml_info(d, &info);
	if (ret)
		goto out_params;
	line("info", "memlab ABI version %u, page size %u, max order %u, "
	     "DMA mask %u bits", info.version, info.page_size, info.max_order,
	     info.dma_mask_bits);
	for (i = 0; i < ARRAY_SIZE(feat); i++)
		if (info.features & feat[i].bit)
			feats[nr_feats++] = (char *)feat[i].name;
	words("", "features:", feats, nr_feats);
	line("", "largest kmalloc %s, largest DMA buffer %s",
	     human(info.kmalloc_max, h1, sizeof(h1)),
	     human(info.dma_max, h2, sizeof(h2)));
	line("", "limits: %s in all, %llu objects, %u caches, per uid %s",
	     human(info.max_bytes, h3, sizeof(h3)),
	     (unsigned long long)info.max_objects, info.max_caches,
	     info.uid_max_bytes ? human(info.uid_max_bytes, h1, sizeof(h1)) :
	     "unlimited");
	if (info.version != MEMLAB_VERSION)
		ret = fail(0, "driver ABI version %u, this demo knows %u",
			   info.version, MEMLAB_VERSION);
	if (d->charge_memcg == 'Y') {
		blank();
		say("charge_memcg=Y: memlab adds __GFP_ACCOUNT to every "
		    "allocation, so the memory is charged to the caller's "
		    "memory cgroup. The calls below show the GFP flags you "
		    "would write; [+ __GFP_ACCOUNT] marks the added flag.");
	}
out_params:
	for (i = 0; i < nr_params; i++)
		free(params[i]);
	return ret;
}

static int step_kmalloc(struct demo *d)
{
	const char *const names[] = { d->km_name, d->km_cg_name };
	struct slab_line before[ARRAY_SIZE(names)], after[ARRAY_SIZE(names)];
	struct slab_line freed[ARRAY_SIZE(names)];
	unsigned int used = d->charge_memcg == 'Y' ? 1 : 0;
	long d_alloc, d_free;
	struct memlab_alloc a = {
		.kind = MEMLAB_KIND_KMALLOC,
		.size = KMALLOC_SIZE,
	};
	struct memlab_obj_info oi;
	__u32 id = 0;
	int ret, err;

	ret = need_fd(d);
	if (ret)
		return ret;
	say("kmalloc() serves small requests from the slab allocator: a set "
	    "of caches kmalloc-8 ... kmalloc-8k, one per size class, each "
	    "carving pages into equal objects. A %d-byte request lands in %s "
	    "(the seed notes' kmalloc-1024: kernels since 4.20 write sizes "
	    "from 1024 up in k); with __GFP_ACCOUNT it lands in %s, the twin "
	    "whose objects are charged to a memory cgroup.", KMALLOC_SIZE,
	    d->km_name, d->km_cg_name);
	blank();
	slab_header("before");
	ret = show_slabs(names, ARRAY_SIZE(names), NULL, before);
	if (ret)
		return ret;
	blank();

	line("call", "ptr = kmalloc(%d, GFP_KERNEL);%s", KMALLOC_SIZE,
	     gfp_note(d));
	ret = ml_alloc(d, &a, &id);
	if (ret)
		return ret;
	ret = ml_obj_info(d, id, &oi);
	if (ret)
		goto out_free;
	line("", "= memlab id %u, ptr 0x%llx, phys 0x%llx", id,
	     (unsigned long long)oi.kaddr, (unsigned long long)oi.phys);
	slab_header("after");
	ret = show_slabs(names, ARRAY_SIZE(names), before, after);
	if (ret)
		goto out_free;
	blank();

	line("call", "kfree(ptr);");
	ret = ml_free(d, &id);
	if (ret)
		goto out_free;
	slab_header("after");
	ret = show_slabs(names, ARRAY_SIZE(names), after, freed);
	if (ret)
		return ret;
	blank();

	d_alloc = (long)(after[used].active - before[used].active);
	d_free = (long)(freed[used].active - after[used].active);
	if (d_alloc == 1 && d_free == -1) {
		say("+1, then -1: exact counts. With slub_debug on the kernel "
		    "command line SLUB takes every allocation and free through "
		    "its slow path to check it, so the counter follows each "
		    "object.");
		if (after[used].objsize > KMALLOC_SIZE)
			say("objsize %lu instead of %d: slub_debug surrounds "
			    "each object with red zones and records who "
			    "allocated and freed it.", after[used].objsize,
			    KMALLOC_SIZE);
	} else {
		say("The active count moves by 0 or by many, not by 1: "
		    "/proc/slabinfo counts an object as active unless it sits "
		    "free on a partial slab. Every object of the slab a CPU is "
		    "currently allocating from already counts as active, so "
		    "one kmalloc() either leaves the number alone or, when SLUB "
		    "gives the CPU a new or partly used slab, adds all of that "
		    "slab's free objects at once. kfree() puts the object back "
		    "on the CPU's slab: no change either.");
	}
	return 0;

out_free:
	if (id) {
		err = ml_free(d, &id);
		if (err && !ret)
			ret = err;
	}
	return ret;
}

static int step_cache_create(struct demo *d)
{
	struct memlab_cache_create cc = {
		.name = CACHE_NAME,
		.object_size = CACHE_SIZE,
	};
	char uniq[NAME_MAX + 1], path[PATH_MAX], km_target[NAME_MAX + 1];
	unsigned long long aliases_before = 0, aliases_after, usersize = 0;
	bool have_uniq;
	struct stat st;
	int ret, linked;

	ret = need_fd(d);
	if (ret)
		return ret;
	say("kmem_cache_create() makes a slab cache for objects of one size. "
	    "SLUB first looks for an existing cache with the same object size "
	    "and compatible flags and, if it finds one, merges: the \"new\" "
	    "cache is just another name for the old one. /sys/kernel/slab shows "
	    "each mergeable cache under a generated name like :0001024 (the "
	    "object size; letters before '-' for flags, such as A for "
	    "accounted) and each of its names as a symlink to it.");
	blank();

	/* Where would a plain 1024-byte cache go? */
	snprintf(uniq, sizeof(uniq), ":%07u", CACHE_SIZE);
	snprintf(path, sizeof(path), SLAB_SYSFS "/%s", uniq);
	have_uniq = !stat(path, &st);
	linked = slab_target(d->km_name, km_target, sizeof(km_target));
	if (linked < 0)
		return fail(-linked, "looking up " SLAB_SYSFS "/%s", d->km_name);
	if (!linked) {
		ret = slab_attr(d->km_name, "usersize", &usersize);
		if (ret)
			return ret;
		line("before", "ls -ld " SLAB_SYSFS "/%s: a directory, not a "
		     "link", d->km_name);
		line("", "cat " SLAB_SYSFS "/%s/usersize = %llu", d->km_name,
		     usersize);
	} else {
		line("before", "readlink " SLAB_SYSFS "/%s = %s", d->km_name,
		     km_target);
	}
	if (have_uniq) {
		line("", "the names of %s, like `slabinfo -a`:", uniq);
		ret = show_aliases("", uniq);
		if (ret)
			return ret;
		ret = slab_attr(uniq, "aliases", &aliases_before);
		if (ret)
			return ret;
		line("", "cat " SLAB_SYSFS "/%s/aliases = %llu", uniq,
		     aliases_before);
	} else {
		line("", SLAB_SYSFS "/%s: none yet", uniq);
	}
	blank();
	if (!linked && usersize) {
		say("So hugo cannot join %s as it did in the seed notes: with "
		    "hardened usercopy (Linux 4.16 and later) the kmalloc "
		    "caches declare their objects copyable to user space "
		    "(usersize), and SLUB never merges a cache that has such a "
		    "region. A plain 1024-byte cache can only join the "
		    "mergeable 1024-byte caches%s%s.", d->km_name,
		    have_uniq ? ", which live under " : " (there are none "
		    "yet, so it would get a cache of its own)",
		    have_uniq ? uniq : "");
		blank();
	}

	line("call", "hugo = kmem_cache_create(\"%s\", %d, 0, 0, NULL);",
	     CACHE_NAME, CACHE_SIZE);
	ret = ml_ioctl(d, MEMLAB_IOC_CACHE_CREATE, &cc,
		       "MEMLAB_IOC_CACHE_CREATE");
	if (ret == -EEXIST &&
	    slab_target(CACHE_NAME, path, sizeof(path)) >= 0)
		say("hint: " SLAB_SYSFS "/" CACHE_NAME " exists already (%s), "
		    "probably left behind by an earlier run in this boot: "
		    "SLUB keeps the alias link after kmem_cache_destroy(), and "
		    "memlab refuses names it finds there. Reboot the guest to "
		    "run the demo again.", path);
	if (ret)
		return ret;
	d->cache_id = cc.id;
	snprintf(d->cache_merged_into, sizeof(d->cache_merged_into), "%s",
		 cc.merged_into);
	if (cc.merged)
		line("", "= memlab id %u, merged into \"%s\", slab_size %u",
		     cc.id, cc.merged_into, cc.slab_size);
	else
		line("", "= memlab id %u, not merged, slab_size %u", cc.id,
		     cc.slab_size);

	linked = slab_target(CACHE_NAME, d->cache_target,
			     sizeof(d->cache_target));
	if (linked < 0)
		return fail(-linked, "looking up " SLAB_SYSFS "/" CACHE_NAME);
	if (linked)
		line("after", "readlink " SLAB_SYSFS "/" CACHE_NAME " = %s",
		     d->cache_target);
	else
		line("after", SLAB_SYSFS "/" CACHE_NAME
		     " is a directory: a cache of its own");
	if (!!linked != !!cc.merged)
		return fail(0, "memlab says merged=%u but sysfs says %s",
			    cc.merged, linked ? "alias" : "own cache");
	if (linked) {
		ret = show_aliases("", d->cache_target);
		if (ret)
			return ret;
	}
	ret = slab_attr(d->cache_target, "aliases", &aliases_after);
	if (ret)
		return ret;
	line("", "cat " SLAB_SYSFS "/%s/aliases = %llu", d->cache_target,
	     aliases_after);
	blank();
	if (cc.merged && !strcmp(d->cache_target, uniq))
		say("\"%s\" is now one more name of %s (its aliases counter "
		    "went %llu -> %llu), whose first name is %s: objects of "
		    "hugo and of %s come from the same slabs. /proc/slabinfo "
		    "lists a cache once, under that first name, so it has no "
		    "line for hugo. Booting with slub_debug (or a debug flag "
		    "on the cache) keeps hugo apart.", CACHE_NAME,
		    d->cache_target, aliases_before, aliases_after,
		    cc.merged_into, cc.merged_into);
	else if (cc.merged)
		say("\"%s\" is now one more name of %s, whose first name is "
		    "%s: objects of both come from the same slabs, and "
		    "/proc/slabinfo has no line for hugo.", CACHE_NAME,
		    d->cache_target, cc.merged_into);
	else
		say("No merge happened: with slub_debug on the kernel command "
		    "line (or a debug flag on the cache) SLUB keeps every cache "
		    "apart, so hugo has its own directory and its own line in "
		    "/proc/slabinfo.");
	return 0;
}

static int step_cache_objects(struct demo *d)
{
	struct memlab_alloc a = { .kind = MEMLAB_KIND_CACHE_OBJ };
	struct memlab_id mi = { 0 };
	struct memlab_obj_info oi, ci;
	unsigned long long objs[3], order;
	bool merged;
	__u64 kaddr[2] = { 0, 0 };
	const char *slabname;
	unsigned int i;
	int ret, err;

	ret = need_fd(d);
	if (ret)
		return ret;
	if (!d->cache_id)
		return fail(0, "skipped: no cache " CACHE_NAME);
	slabname = d->cache_merged_into;
	merged = strcmp(d->cache_target, CACHE_NAME);
	if (merged)
		say("Objects come from the cache with kmem_cache_alloc(). Below: "
		    "the objects counter of %s, the cache that really serves "
		    "hugo, and memlab's own count of objects in hugo.",
		    d->cache_target);
	else
		say("Objects come from the cache with kmem_cache_alloc(). Below: "
		    "the objects counter of hugo in /sys/kernel/slab, and "
		    "memlab's own count of objects in hugo.");
	blank();

	ret = slab_attr(d->cache_target, "objects", &objs[0]);
	if (ret)
		return ret;
	ret = ml_obj_info(d, d->cache_id, &ci);
	if (ret)
		return ret;
	line("before", "cat " SLAB_SYSFS "/%s/objects = %llu", d->cache_target,
	     objs[0]);
	line("", "memlab: %u objects in %s", ci.nr_objects, CACHE_NAME);
	blank();

	for (i = 0; i < 2; i++) {
		line("call", "mem%u = kmem_cache_alloc(hugo, GFP_KERNEL);%s",
		     i + 1, gfp_note(d));
		a.cache_id = d->cache_id;
		a.id = 0;
		ret = ml_alloc(d, &a, &d->cache_obj[i]);
		if (ret)
			goto out_free;
		ret = ml_obj_info(d, d->cache_obj[i], &oi);
		if (ret)
			goto out_free;
		kaddr[i] = oi.kaddr;
		line("", "= memlab id %u, mem%u 0x%llx (cache %s)",
		     d->cache_obj[i], i + 1, (unsigned long long)oi.kaddr,
		     oi.merged_into);
	}
	if (kaddr[0] && kaddr[1] &&
	    !slab_attr(d->cache_target, "order", &order)) {
		unsigned long long slab = (unsigned long long)d->page_size << order;
		char h[32];

		line("", "mem2 - mem1 = %lld bytes: %s %s slab (order %llu)",
		     (long long)(kaddr[1] - kaddr[0]),
		     kaddr[0] / slab == kaddr[1] / slab ? "the same" :
		     "not the same", human(slab, h, sizeof(h)), order);
	}
	ret = slab_attr(d->cache_target, "objects", &objs[1]);
	if (ret)
		goto out_free;
	ret = ml_obj_info(d, d->cache_id, &ci);
	if (ret)
		goto out_free;
	line("after", "cat " SLAB_SYSFS "/%s/objects = %llu (%+lld)",
	     d->cache_target, objs[1], (long long)(objs[1] - objs[0]));
	line("", "memlab: %u objects in %s", ci.nr_objects, CACHE_NAME);
	if (ci.nr_objects != 2) {
		ret = fail(0, "memlab counts %u objects in %s, expected 2",
			   ci.nr_objects, CACHE_NAME);
		goto out_free;
	}
	if (objs[1] == objs[0] + 2) {
		say("+2: exactly our two objects. The counter is exact here "
		    "because with debugging on (slub_debug) SLUB hands the "
		    "slab back after every single allocation, to check each "
		    "one, instead of serving objects from a per-CPU slab.");
	} else {
		if (objs[1] > objs[0])
			say("+%lld for 2 objects: SLUB gave this CPU a new (or "
			    "partly used) slab, and all its free objects now "
			    "count as in use.",
			    (long long)(objs[1] - objs[0]));
		else if (objs[1] == objs[0])
			say("No change for 2 objects: the slab this CPU "
			    "allocates from had room, and its objects counted "
			    "as in use already.");
		say("As with kmalloc(), the slab counter moves by whole slabs "
		    "or not at all, while memlab counts exactly 2.%s%s%s",
		    merged ? " The seed notes' \"Objects 2377 is increased "
		    "after insmod\" is the same counter, shared with everyone "
		    "else using " : "", merged ? slabname : "",
		    merged ? "." : "");
	}
	say("Objects come in freelist order, which kernels built with "
	    "CONFIG_SLAB_FREELIST_RANDOM (Debian's are) shuffle, so mem2 need "
	    "not follow mem1.");
	blank();

	line("call", "kmem_cache_free(hugo, mem1); kmem_cache_free(hugo, mem2);");
	for (i = 0; i < 2; i++) {
		ret = ml_free(d, &d->cache_obj[i]);
		if (ret)
			goto out_free;
	}
	ret = slab_attr(d->cache_target, "objects", &objs[2]);
	if (ret)
		goto out_free;
	line("after", "cat " SLAB_SYSFS "/%s/objects = %llu (%+lld)",
	     d->cache_target, objs[2], (long long)(objs[2] - objs[1]));
	blank();

	line("call", "kmem_cache_destroy(hugo);");
	mi.id = d->cache_id;
	ret = ml_ioctl(d, MEMLAB_IOC_CACHE_DESTROY, &mi,
		       "MEMLAB_IOC_CACHE_DESTROY");
	if (ret)
		return ret;
	d->cache_id = 0;
	if (strcmp(d->cache_target, CACHE_NAME)) {
		char t[NAME_MAX + 1];
		unsigned long long aliases;
		int linked;

		ret = slab_attr(d->cache_target, "aliases", &aliases);
		if (ret)
			return ret;
		line("after", "cat " SLAB_SYSFS "/%s/aliases = %llu",
		     d->cache_target, aliases);
		linked = slab_target(CACHE_NAME, t, sizeof(t));
		if (linked == 1) {
			line("", "readlink " SLAB_SYSFS "/" CACHE_NAME " = %s "
			     "(still there)", t);
			say("The aliases counter dropped back, but SLUB leaves "
			    "the hugo symlink behind: destroying a merged cache "
			    "only drops a reference on %s, and sysfs links are "
			    "replaced, not removed, when the name is used "
			    "again.", d->cache_target);
		} else if (linked == -ENOENT) {
			line("", SLAB_SYSFS "/" CACHE_NAME ": gone");
		} else {
			return fail(linked < 0 ? -linked : 0,
				    "looking up " SLAB_SYSFS "/" CACHE_NAME);
		}
	} else {
		struct stat st;

		if (lstat(SLAB_SYSFS "/" CACHE_NAME, &st) == 0)
			return fail(0, SLAB_SYSFS "/" CACHE_NAME
				    " still exists after kmem_cache_destroy()");
		line("after", SLAB_SYSFS "/" CACHE_NAME ": gone");
	}
	return 0;

out_free:
	for (i = 0; i < 2; i++) {
		if (!d->cache_obj[i])
			continue;
		err = ml_free(d, &d->cache_obj[i]);
		if (err && !ret)
			ret = err;
	}
	return ret;
}

static int step_pages0(struct demo *d)
{
	static const unsigned int idx[] = { 0, 1, 100, 1000 };
	struct memlab_alloc a = { .kind = MEMLAB_KIND_PAGES, .order = 0 };
	struct memlab_obj_info oi;
	__u32 val = PATTERN, got;
	__u32 *map;
	unsigned int i;
	int ret;

	ret = need_fd(d);
	if (ret)
		return ret;
	say("Below the slab allocator sits the buddy allocator, which hands "
	    "out whole pages: 2^order of them, physically contiguous. "
	    "Order 0 is a single %ld-byte page. alloc_pages() returns its "
	    "struct page; page_address() turns that into a pointer, which is "
	    "what the seed notes' __get_free_pages(GFP_KERNEL, 0) returns in "
	    "one call. The notes then write 0x%08x at four int offsets: memlab "
	    "does that in the kernel (MEMLAB_IOC_WRITE), and this process maps "
	    "the page to read it back directly.", d->page_size, PATTERN);
	blank();

	line("call", "pg = alloc_pages(GFP_KERNEL, 0);%s", gfp_note(d));
	line("", "page = page_address(pg);");
	ret = ml_alloc(d, &a, &d->page0_id);
	if (ret)
		return ret;
	ret = ml_obj_info(d, d->page0_id, &oi);
	if (ret)
		return ret;
	line("", "= memlab id %u, page 0x%llx, phys 0x%llx", d->page0_id,
	     (unsigned long long)oi.kaddr, (unsigned long long)oi.phys);
	for (i = 0; i < ARRAY_SIZE(idx); i++) {
		line(i ? "" : "call", "page[%u] = 0x%08x;", idx[i], PATTERN);
		ret = ml_rw(d, MEMLAB_IOC_WRITE, d->page0_id,
			    idx[i] * sizeof(val), &val, sizeof(val));
		if (ret)
			return ret;
	}
	ret = ml_mmap(d, d->page0_id, d->page_size, &d->page0_map);
	if (ret)
		return ret;
	map = d->page0_map;
	blank();
	line("read", "%-12s %-12s %-12s %s", "int offset", "byte offset",
	     "ioctl READ", "mmap");
	for (i = 0; i < ARRAY_SIZE(idx); i++) {
		got = 0;
		ret = ml_rw(d, MEMLAB_IOC_READ, d->page0_id,
			    idx[i] * sizeof(got), &got, sizeof(got));
		if (ret)
			return ret;
		line("", "page[%-4u]   %-12zu 0x%08x   0x%08x", idx[i],
		     idx[i] * sizeof(got), got, map[idx[i]]);
		if (got != PATTERN || map[idx[i]] != PATTERN)
			return fail(0, "page[%u] reads 0x%08x / 0x%08x, "
				    "expected 0x%08x", idx[i], got, map[idx[i]],
				    PATTERN);
	}
	say("int offset 1000 is byte 4000: still inside the page. page[1024] "
	    "would be the next page, which this order-0 block does not own. "
	    "The page stays allocated (and mapped) until the end, so that "
	    "memlab's list can show it.");
	return 0;
}

/* Free pages all zones gained (> 0) or lost (< 0) since @prev. */
static long buddy_delta(const struct buddyinfo *bi,
			const struct buddyinfo *prev)
{
	const struct buddy_zone *pz;
	unsigned int i;
	long dv = 0;

	for (i = 0; i < bi->nr_zones; i++) {
		pz = buddy_zone(prev, &bi->zone[i]);
		if (pz)
			dv += (long)(zone_free_pages(&bi->zone[i]) -
				     zone_free_pages(pz));
	}
	return dv;
}

static int step_pages3(struct demo *d)
{
	struct memlab_alloc a = { .kind = MEMLAB_KIND_PAGES, .order = ORDER_BIG };
	struct memlab_obj_info oi;
	struct buddyinfo before, after;
	long dv, block = 1L << ORDER_BIG;
	char h[32];
	int ret;

	ret = need_fd(d);
	if (ret)
		return ret;
	say("An order-%d block is 2^%d = %ld contiguous pages (%s). Watch the "
	    "free lists: the allocator takes the smallest free block of order "
	    "%d or more and, if it is larger, splits it, putting the unused "
	    "halves back one order lower each time.", ORDER_BIG, ORDER_BIG,
	    block, human((unsigned long long)d->page_size << ORDER_BIG, h,
			 sizeof(h)), ORDER_BIG);
	blank();
	ret = buddy_read(&before);
	if (ret)
		return ret;
	show_buddy("before", &before, NULL);
	blank();

	line("call", "pg = alloc_pages(GFP_KERNEL, %d);%s", ORDER_BIG,
	     gfp_note(d));
	ret = ml_alloc(d, &a, &d->page3_id);
	if (ret)
		return ret;
	ret = buddy_read(&after);
	if (ret)
		return ret;
	ret = ml_obj_info(d, d->page3_id, &oi);
	if (ret)
		return ret;
	line("", "= memlab id %u, %s at phys 0x%llx (page frame 0x%llx)",
	     d->page3_id, human(oi.size, h, sizeof(h)),
	     (unsigned long long)oi.phys,
	     (unsigned long long)oi.phys / (unsigned long long)d->page_size);
	if (oi.phys % ((unsigned long long)d->page_size << ORDER_BIG))
		return fail(0, "order-%d block at phys 0x%llx is not "
			    "naturally aligned", ORDER_BIG,
			    (unsigned long long)oi.phys);
	show_buddy("after", &after, &before);
	show_buddy_pages(&after, &before, d->page_size);
	blank();

	dv = buddy_delta(&after, &before);
	if (!dv)
		say("Nothing moved: orders 0 to %d are also kept on small "
		    "per-CPU lists (see \"pcp\" in /proc/zoneinfo), and the "
		    "block came from this CPU's list, which /proc/buddyinfo does "
		    "not count. The buddy lists change only when such a list "
		    "runs empty or grows too long.", ORDER_BIG);
	else if (dv == -block)
		say("The buddy lists lost exactly one block's worth, %ld pages. "
		    "Any +1 below order %d is a leftover half of a split.",
		    block, ORDER_BIG);
	else
		say("The buddy lists lost %ld pages, not %ld: this CPU's "
		    "per-CPU list of order-%d blocks (\"pcp\" in "
		    "/proc/zoneinfo) ran empty and was refilled with a batch, "
		    "our block among them.", -dv, block, ORDER_BIG);
	say("The page frame number 0x%llx is a multiple of %ld: a buddy block "
	    "is always aligned to its own size, which lets the allocator find "
	    "a block's buddy by flipping one bit of that number.",
	    (unsigned long long)oi.phys / (unsigned long long)d->page_size,
	    block);
	return 0;
}

static int step_vmalloc(struct demo *d)
{
	struct memlab_alloc a = {
		.kind = MEMLAB_KIND_VMALLOC,
		.size = VMALLOC_SIZE,
	};
	struct grep_ctx g0 = { 0 }, g1 = { 0 };
	struct memlab_obj_info oi;
	__u64 nr_bad = 0;
	__u32 *map;
	size_t i;
	char h[32];
	int ret;

	ret = need_fd(d);
	if (ret)
		return ret;
	say("vmalloc() gives memory that is contiguous only in the kernel's "
	    "virtual address space: it takes single pages from the buddy "
	    "allocator and maps them one by one into the vmalloc area. Good "
	    "for large buffers, not for DMA. vmalloc_user() is the variant "
	    "that zeroes the area and may be mapped to user space. Each area "
	    "is listed in /proc/vmallocinfo with its caller.");
	blank();
	ret = show_vmallocinfo("before", &g0);
	if (ret)
		return ret;
	blank();

	line("call", "buf = vmalloc_user(%u);  /* %s */", VMALLOC_SIZE,
	     human(VMALLOC_SIZE, h, sizeof(h)));
	ret = ml_alloc(d, &a, &d->vmalloc_id);
	if (ret)
		return ret;
	ret = ml_obj_info(d, d->vmalloc_id, &oi);
	if (ret)
		return ret;
	line("", "= memlab id %u, buf 0x%llx, first page at phys 0x%llx",
	     d->vmalloc_id, (unsigned long long)oi.kaddr,
	     (unsigned long long)oi.phys);
	g1.kaddr = oi.kaddr;
	ret = show_vmallocinfo("after", &g1);
	if (ret)
		return ret;
	blank();
	if (g1.area)
		say("buf 0x%llx lies in the %llu-byte area: %u bytes plus one "
		    "guard page that stays unmapped, so that running off the "
		    "end faults instead of corrupting the next area. pages=%u "
		    "counts the single pages behind it.",
		    (unsigned long long)oi.kaddr, g1.area, VMALLOC_SIZE,
		    (unsigned int)(VMALLOC_SIZE / d->page_size));
	else
		say("The addresses are hashed (kptr_restrict=0); the size "
		    "column is %u bytes plus one guard page that stays "
		    "unmapped, and pages=%u counts the single pages behind "
		    "the area.", VMALLOC_SIZE,
		    (unsigned int)(VMALLOC_SIZE / d->page_size));
	if (g1.matched == g0.matched + 2)
		say("The second, small area is vmalloc's own bookkeeping: the "
		    "array of %u struct page pointers (%u KiB) is larger than a "
		    "page, so vmalloc allocates it with vmalloc too, under the "
		    "same caller.", (unsigned int)(VMALLOC_SIZE / d->page_size),
		    (unsigned int)(VMALLOC_SIZE / d->page_size * 8 / 1024));
	blank();

	line("call", "mmap(NULL, %u, PROT_READ | PROT_WRITE, MAP_SHARED, fd, "
	     "off)", VMALLOC_SIZE);
	ret = ml_mmap(d, d->vmalloc_id, VMALLOC_SIZE, &d->vmalloc_map);
	if (ret)
		return ret;
	map = d->vmalloc_map;
	line("", "= %p in this process", d->vmalloc_map);
	line("user", "fill all %u ints with 0x%08x through the mapping",
	     VMALLOC_SIZE / 4, PATTERN);
	for (i = 0; i < VMALLOC_SIZE / sizeof(*map); i++)
		map[i] = PATTERN;
	line("call", "ioctl(fd, MEMLAB_IOC_VERIFY, 0x%08x over %s)", PATTERN,
	     h);
	line("", "/* the kernel reads buf and compares */");
	ret = ml_verify(d, d->vmalloc_id, PATTERN, VMALLOC_SIZE, &nr_bad);
	if (ret)
		return ret;
	line("", "= %llu bytes differ", (unsigned long long)nr_bad);
	if (nr_bad)
		return fail(0, "the kernel sees %llu bytes that differ from "
			    "what was written through the mapping",
			    (unsigned long long)nr_bad);
	return 0;
}

static int step_dma_coherent(struct demo *d)
{
	struct memlab_alloc a = {
		.kind = MEMLAB_KIND_DMA_COHERENT,
		.size = DMA_SIZE,
	};
	struct memlab_obj_info oi;
	__u32 got[4], *map;
	__u64 nr_bad = 0;
	char h[32];
	size_t i;
	int ret;

	ret = need_fd(d);
	if (ret)
		return ret;
	human(DMA_SIZE, h, sizeof(h));
	say("A device that reads or writes memory by itself (DMA) needs a "
	    "buffer it can address: physically contiguous, pinned, and "
	    "described by a DMA address, which is what the device puts on the "
	    "bus. dma_alloc_coherent() returns both a kernel pointer and that "
	    "address, for memory that CPU and device see alike without "
	    "explicit cache maintenance.");
	blank();

	line("call", "cpu = dma_alloc_coherent(dev, %u, &dma_handle, "
	     "GFP_KERNEL);", DMA_SIZE);
	ret = ml_alloc(d, &a, &d->dma_id);
	if (ret)
		return ret;
	ret = ml_obj_info(d, d->dma_id, &oi);
	if (ret)
		return ret;
	line("", "= memlab id %u, %s", d->dma_id, h);
	line("info", "cpu        0x%llx  (kernel virtual)",
	     (unsigned long long)oi.kaddr);
	line("", "phys       0x%llx", (unsigned long long)oi.phys);
	line("", "dma_handle 0x%llx  (what the device is told)",
	     (unsigned long long)oi.dma_addr);
	if (!oi.dma_addr && !oi.phys)
		return fail(0, "no addresses reported: not running as root?");
	if (oi.dma_addr == oi.phys)
		say("dma_handle equals the physical address: this machine has "
		    "no IOMMU in the way, so the device sees physical memory "
		    "directly.");
	else
		say("dma_handle differs from the physical address: an IOMMU "
		    "(or bounce buffer) translates what the device sees.");
	blank();

	line("call", "mmap(NULL, %u, PROT_READ | PROT_WRITE, MAP_SHARED, fd, "
	     "off)", DMA_SIZE);
	line("", "/* memlab's mmap handler calls dma_mmap_coherent() */");
	ret = ml_mmap(d, d->dma_id, DMA_SIZE, &d->dma_map);
	if (ret)
		return ret;
	map = d->dma_map;
	line("user", "fill all %u ints with 0x%08x through the mapping",
	     DMA_SIZE / 4, DMA_PATTERN);
	for (i = 0; i < DMA_SIZE / sizeof(*map); i++)
		map[i] = DMA_PATTERN;
	line("call", "ioctl(fd, MEMLAB_IOC_READ, the first 16 bytes of cpu)");
	memset(got, 0, sizeof(got));
	ret = ml_rw(d, MEMLAB_IOC_READ, d->dma_id, 0, got, sizeof(got));
	if (ret)
		return ret;
	line("", "= %08x %08x %08x %08x", got[0], got[1], got[2], got[3]);
	line("call", "ioctl(fd, MEMLAB_IOC_VERIFY, 0x%08x over %s)",
	     DMA_PATTERN, h);
	ret = ml_verify(d, d->dma_id, DMA_PATTERN, DMA_SIZE, &nr_bad);
	if (ret)
		return ret;
	line("", "= %llu bytes differ", (unsigned long long)nr_bad);
	for (i = 0; i < ARRAY_SIZE(got); i++)
		if (got[i] != DMA_PATTERN)
			return fail(0, "int %zu reads 0x%08x, expected 0x%08x",
				    i, got[i], DMA_PATTERN);
	if (nr_bad)
		return fail(0, "%llu bytes differ from the pattern",
			    (unsigned long long)nr_bad);
	return 0;
}

static int step_dma_streaming(struct demo *d)
{
	static const char msg[] = "hello, device";
	struct memlab_alloc a = {
		.kind = MEMLAB_KIND_DMA_STREAMING,
		.size = STREAM_SIZE,
		.dma_dir = 0,
	};
	struct memlab_mmap_offset mo = { 0 };
	struct memlab_obj_info oi;
	char got[sizeof(msg)];
	int ret;

	ret = need_fd(d);
	if (ret)
		return ret;
	say("Streaming DMA maps an ordinary kmalloc() buffer for one device "
	    "transfer. Between dma_map_single() and dma_unmap_single() the "
	    "buffer belongs to the device; the CPU may touch it only after "
	    "dma_sync_single_for_cpu() and must hand it back with "
	    "dma_sync_single_for_device(). On cache-coherent x86 the syncs "
	    "are cheap; on other machines they flush or invalidate caches, "
	    "and with swiotlb they copy bounce buffers.");
	blank();

	line("call", "buf = kmalloc(%d, GFP_KERNEL);", STREAM_SIZE);
	line("", "dma_handle = dma_map_single(dev, buf, %d, DMA_BIDIRECTIONAL);",
	     STREAM_SIZE);
	ret = ml_alloc(d, &a, &d->stream_id);
	if (ret)
		return ret;
	ret = ml_obj_info(d, d->stream_id, &oi);
	if (ret)
		return ret;
	line("", "= memlab id %u, buf 0x%llx, dma_handle 0x%llx", d->stream_id,
	     (unsigned long long)oi.kaddr, (unsigned long long)oi.dma_addr);
	blank();

	line("call", "dma_sync_single_for_cpu(dev, dma_handle, %d, "
	     "DMA_BIDIRECTIONAL);", STREAM_SIZE);
	ret = ml_sync(d, d->stream_id, MEMLAB_SYNC_FOR_CPU, STREAM_SIZE);
	if (ret)
		return ret;
	line("call", "memcpy(buf, \"%s\", %zu);  /* MEMLAB_IOC_WRITE */", msg,
	     sizeof(msg));
	ret = ml_rw(d, MEMLAB_IOC_WRITE, d->stream_id, 0, (void *)msg,
		    sizeof(msg));
	if (ret)
		return ret;
	line("call", "dma_sync_single_for_device(dev, dma_handle, %d, "
	     "DMA_BIDIRECTIONAL);", STREAM_SIZE);
	ret = ml_sync(d, d->stream_id, MEMLAB_SYNC_FOR_DEVICE, STREAM_SIZE);
	if (ret)
		return ret;
	line("", "/* ... the device would read and write the buffer here ... */");
	line("call", "dma_sync_single_for_cpu(dev, dma_handle, %d, "
	     "DMA_BIDIRECTIONAL);", STREAM_SIZE);
	ret = ml_sync(d, d->stream_id, MEMLAB_SYNC_FOR_CPU, STREAM_SIZE);
	if (ret)
		return ret;
	memset(got, 0, sizeof(got));
	ret = ml_rw(d, MEMLAB_IOC_READ, d->stream_id, 0, got, sizeof(got));
	if (ret)
		return ret;
	got[sizeof(got) - 1] = '\0';
	line("read", "buf = \"%s\"  /* MEMLAB_IOC_READ */", got);
	if (memcmp(got, msg, sizeof(msg)))
		return fail(0, "read back \"%s\", expected \"%s\"", got, msg);
	blank();

	line("call", "ioctl(fd, MEMLAB_IOC_MMAP_OFFSET, streaming buffer)");
	mo.id = d->stream_id;
	if (ioctl(d->fd, MEMLAB_IOC_MMAP_OFFSET, &mo) == 0)
		return fail(0, "a streaming buffer got an mmap offset; it "
			    "should not be mappable");
	if (errno != ENODEV)
		return fail(errno, "MMAP_OFFSET on a streaming buffer: "
			    "expected ENODEV");
	line("", "= ENODEV, as expected");
	say("A kmalloc() buffer shares its page with other objects, so memlab "
	    "never maps it to user space; READ and WRITE serve it instead.");
	return 0;
}

static void show_counters(const struct memlab_info *info)
{
	char h[32], hu[32];
	unsigned int k;

	line("info", "%llu objects, %s held (by this uid: %s)",
	     (unsigned long long)info->nr_objects,
	     human(info->nr_bytes, h, sizeof(h)),
	     human(info->uid_bytes, hu, sizeof(hu)));
	for (k = 1; k < MEMLAB_KIND_NR; k++) {
		if (!info->kind_objects[k] && !info->kind_bytes[k])
			continue;
		line("", "  %-14s %4llu object%s %10s", kind_name(k),
		     (unsigned long long)info->kind_objects[k],
		     info->kind_objects[k] == 1 ? " " : "s",
		     human(info->kind_bytes[k], h, sizeof(h)));
	}
	line("", "limit hits %llu, allocator failures %llu since load",
	     (unsigned long long)info->limit_hits,
	     (unsigned long long)info->alloc_failures);
}

static int step_list(struct demo *d)
{
	struct memlab_obj_info ent[8];
	struct memlab_list l;
	struct memlab_info info;
	unsigned int i, total = 0;
	__u32 start = 1;
	char h[32];
	int ret;

	ret = need_fd(d);
	if (ret)
		return ret;
	say("memlab keeps its own books: every allocation is an object with an "
	    "id. MEMLAB_IOC_LIST walks them (this file's objects and any "
	    "persistent ones); MEMLAB_IOC_INFO sums them up.");
	blank();
	line("call", "ioctl(fd, MEMLAB_IOC_LIST, &list)");
	line("", "%4s  %-13s %7s %4s  %-18s %-12s %s", "id", "kind", "size",
	     "maps", "kaddr", "phys", "dma_addr");
	do {
		memset(&l, 0, sizeof(l));
		memset(ent, 0, sizeof(ent));
		l.entries = (uintptr_t)ent;
		l.capacity = ARRAY_SIZE(ent);
		l.entry_size = sizeof(ent[0]);
		l.start_id = start;
		ret = ml_ioctl(d, MEMLAB_IOC_LIST, &l, "MEMLAB_IOC_LIST");
		if (ret)
			return ret;
		for (i = 0; i < l.count; i++) {
			char dma[24] = "-";

			if (ent[i].kind == MEMLAB_KIND_DMA_COHERENT ||
			    ent[i].kind == MEMLAB_KIND_DMA_STREAMING)
				snprintf(dma, sizeof(dma), "0x%llx",
					 (unsigned long long)ent[i].dma_addr);
			line("", "%4u  %-13s %7s %4u  0x%-16llx 0x%-10llx %s",
			     ent[i].id, kind_name(ent[i].kind),
			     human(ent[i].size, h, sizeof(h)), ent[i].mapcount,
			     (unsigned long long)ent[i].kaddr,
			     (unsigned long long)ent[i].phys, dma);
		}
		total += l.count;
		start = l.next_id;
	} while (start);
	line("", "(%u objects)", total);
	blank();

	line("call", "ioctl(fd, MEMLAB_IOC_INFO, &info)");
	ret = ml_info(d, &info);
	if (ret)
		return ret;
	show_counters(&info);
	if (info.nr_objects != total)
		return fail(0, "MEMLAB_IOC_INFO counts %llu objects, the list "
			    "has %u", (unsigned long long)info.nr_objects,
			    total);
	return 0;
}

struct kept {
	const char *call;
	const char *call2;
	__u32 *id;
	void **map;
	size_t len;
};

static int step_cleanup(struct demo *d)
{
	struct kept kept[] = {
		{ "munmap(page);", "__free_pages(pg, 0);", &d->page0_id,
		  &d->page0_map, d->page_size },
		{ "__free_pages(pg, 3);", NULL, &d->page3_id, NULL, 0 },
		{ "munmap(buf);", "vfree(buf);", &d->vmalloc_id,
		  &d->vmalloc_map, VMALLOC_SIZE },
		{ "munmap(cpu);",
		  "dma_free_coherent(dev, 1048576, cpu, dma_handle);",
		  &d->dma_id, &d->dma_map, DMA_SIZE },
		{ "dma_unmap_single(dev, dma_handle, 4096, DMA_BIDIRECTIONAL);",
		  "kfree(buf);", &d->stream_id, NULL, 0 },
		{ "kmem_cache_free(hugo, mem1);", NULL, &d->cache_obj[0], NULL,
		  0 },
		{ "kmem_cache_free(hugo, mem2);", NULL, &d->cache_obj[1], NULL,
		  0 },
	};
	struct buddyinfo before, after;
	struct grep_ctx g = { 0 };
	struct memlab_info info;
	unsigned long long held = 0;
	unsigned int i;
	char h[32];
	int ret = 0, err;

	ret = need_fd(d);
	if (ret)
		return ret;
	say("Everything still held goes back: munmap() drops the mapping's "
	    "reference, MEMLAB_IOC_FREE the id's; the memory returns to its "
	    "allocator with the last one.");
	blank();
	err = buddy_read(&before);
	if (err)
		ret = err;
	if (!ml_info(d, &info))
		held = info.nr_bytes;

	for (i = 0; i < ARRAY_SIZE(kept); i++) {
		if (!*kept[i].id)
			continue;
		line("call", "%s", kept[i].call);
		if (kept[i].call2)
			line("", "%s", kept[i].call2);
		if (kept[i].map && *kept[i].map) {
			if (munmap(*kept[i].map, kept[i].len) && !ret)
				ret = fail(errno, "munmap");
			*kept[i].map = NULL;
		}
		err = ml_free(d, kept[i].id);
		if (err && !ret)
			ret = err;
	}
	if (d->cache_id) {
		struct memlab_id mi = { .id = d->cache_id };

		line("call", "kmem_cache_destroy(hugo);");
		err = ml_ioctl(d, MEMLAB_IOC_CACHE_DESTROY, &mi,
			       "MEMLAB_IOC_CACHE_DESTROY");
		if (err && !ret)
			ret = err;
		if (!err)
			d->cache_id = 0;
	}
	blank();

	if (!buddy_read(&after) && before.nr_zones) {
		show_buddy("after", &after, &before);
		show_buddy_pages(&after, &before, d->page_size);
		blank();
		say("%s went back, but the buddy lists show only part of it at "
		    "once: single pages and blocks up to order %d first go to "
		    "the per-CPU lists; larger blocks, like the 1 MiB DMA "
		    "buffer (order 8), go straight back and merge with their "
		    "buddy when it is free too.", human(held, h, sizeof(h)),
		    ORDER_BIG);
		blank();
	}
	err = show_vmallocinfo("after", &g);
	if (err && !ret)
		ret = err;
	blank();
	err = ml_info(d, &info);
	if (err)
		return ret ? ret : err;
	show_counters(&info);
	if (info.nr_objects && !ret)
		ret = fail(0, "%llu memlab objects still live",
			   (unsigned long long)info.nr_objects);
	blank();
	line("call", "close(fd)");
	if (close(d->fd) && !ret)
		ret = fail(errno, "closing " DEV_PATH);
	d->fd = -1;
	return ret;
}

static const struct step steps[] = {
	{ "Memory layout: the e820 map", step_layout },
	{ "The buddy allocator's free lists", step_buddy },
	{ "memlab.ko and /dev/memlab", step_module },
	{ "kmalloc() and kfree()", step_kmalloc },
	{ "kmem_cache_create(): a cache of your own?", step_cache_create },
	{ "kmem_cache_alloc(), kmem_cache_free(), kmem_cache_destroy()",
	  step_cache_objects },
	{ "One page from the buddy allocator: order 0", step_pages0 },
	{ "A block of 8 pages: order 3, and the buddy lists", step_pages3 },
	{ "vmalloc(): 4 MiB, virtually contiguous", step_vmalloc },
	{ "dma_alloc_coherent(): 1 MiB for a device", step_dma_coherent },
	{ "Streaming DMA: dma_map_single() and the sync calls",
	  step_dma_streaming },
	{ "memlab's own view: MEMLAB_IOC_LIST and MEMLAB_IOC_INFO",
	  step_list },
	{ "Freeing everything", step_cleanup },
};

static void heading(struct demo *d, const char *title)
{
	char rule[WRAP + 1];

	memset(rule, '=', WRAP);
	rule[WRAP] = '\0';
	printf("\n%s\n Step %u of %u: %s\n%s\n\n", rule, d->step, d->nr_steps,
	       title, rule);
}

int main(void)
{
	struct demo d = { .fd = -1, .charge_memcg = '?' };
	unsigned int i, failed_at[ARRAY_SIZE(steps)];

	setvbuf(stdout, NULL, _IOLBF, 0);
	d.page_size = sysconf(_SC_PAGESIZE);
	d.nr_steps = ARRAY_SIZE(steps);
	kmalloc_name("kmalloc-", KMALLOC_SIZE, d.km_name, sizeof(d.km_name));
	kmalloc_name("kmalloc-cg-", KMALLOC_SIZE, d.km_cg_name,
		     sizeof(d.km_cg_name));

	printf("memlab demo: a tour of the kernel's memory allocators\n");
	printf("Each step prints the kernel call that memlab makes on our "
	       "behalf and the\nkernel's own view of the allocator before "
	       "and after it.\n");

	for (i = 0; i < ARRAY_SIZE(steps); i++) {
		d.step = i + 1;
		heading(&d, steps[i].title);
		if (steps[i].run(&d)) {
			failed_at[d.failed++] = d.step;
			printf("\n step %u FAILED\n", d.step);
		}
	}
	if (d.fd >= 0)
		close(d.fd);

	printf("\n");
	if (d.failed) {
		printf("failed steps:");
		for (i = 0; i < d.failed; i++)
			printf(" %u", failed_at[i]);
		printf("\n");
	}
	printf("demo: %u steps, %u failed\n", d.nr_steps, d.failed);
	return d.failed ? 1 : 0;
}
