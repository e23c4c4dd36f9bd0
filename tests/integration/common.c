// SPDX-License-Identifier: GPL-2.0
/*
 * Shared helpers for the memlab integration tests.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>
#include <grp.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/capability.h>

#include "common.h"

static const char *const errnames[] = {
	[EPERM] = "EPERM", [ENOENT] = "ENOENT", [EINTR] = "EINTR",
	[EIO] = "EIO", [ENXIO] = "ENXIO", [E2BIG] = "E2BIG",
	[EBADF] = "EBADF", [EAGAIN] = "EAGAIN", [ENOMEM] = "ENOMEM",
	[EACCES] = "EACCES", [EFAULT] = "EFAULT", [EBUSY] = "EBUSY",
	[EEXIST] = "EEXIST", [ENODEV] = "ENODEV", [EINVAL] = "EINVAL",
	[ENOTTY] = "ENOTTY", [ENOSPC] = "ENOSPC", [ERANGE] = "ERANGE",
	[EOVERFLOW] = "EOVERFLOW", [EDQUOT] = "EDQUOT",
	[EOPNOTSUPP] = "EOPNOTSUPP",
};

const char *ml_errname(long err)
{
	/* A few buffers: several names may appear in one message. */
	static __thread char bufs[4][32];
	static __thread unsigned int next;
	char *buf = bufs[next++ % ML_ARRAY_SIZE(bufs)];

	if (err == 0)
		return "0";
	if (err < 0 && -err < (long)ML_ARRAY_SIZE(errnames) && errnames[-err])
		snprintf(buf, sizeof(bufs[0]), "-%s", errnames[-err]);
	else
		snprintf(buf, sizeof(bufs[0]), "%ld", err);
	return buf;
}

void ml_assert_errno(long rc, long expected, const char *expr,
		     const char *file, int line)
{
	char got[32];

	if (rc == expected)
		return;
	snprintf(got, sizeof(got), "%s", ml_errname(rc));
	fail_msg("%s:%d: %s returned %s, expected %s", file, line, expr, got,
		 ml_errname(expected));
}

int ml_open(void)
{
	int fd = open(ML_DEV, O_RDWR | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

int ml_ioctl(int fd, unsigned long cmd, void *arg)
{
	int rc = ioctl(fd, cmd, arg);

	return rc < 0 ? -errno : rc;
}

int ml_info(int fd, struct memlab_info *info)
{
	memset(info, 0, sizeof(*info));
	return ml_ioctl(fd, MEMLAB_IOC_INFO, info);
}

int ml_alloc_raw(int fd, struct memlab_alloc *a)
{
	return ml_ioctl(fd, MEMLAB_IOC_ALLOC, a);
}

int ml_alloc(int fd, __u32 kind, __u32 flags, __u32 gfp, __u32 order,
	     __u64 size, __u32 *id)
{
	struct memlab_alloc a = {
		.kind = kind, .flags = flags, .gfp = gfp, .order = order,
		.size = size,
	};
	int rc = ml_alloc_raw(fd, &a);

	if (id)
		*id = rc ? 0 : a.id;
	return rc;
}

int ml_kmalloc(int fd, __u64 size, __u32 *id)
{
	return ml_alloc(fd, MEMLAB_KIND_KMALLOC, 0, 0, 0, size, id);
}

int ml_pages(int fd, __u32 order, __u32 *id)
{
	return ml_alloc(fd, MEMLAB_KIND_PAGES, 0, 0, order, 0, id);
}

int ml_vmalloc(int fd, __u64 size, __u32 *id)
{
	return ml_alloc(fd, MEMLAB_KIND_VMALLOC, 0, 0, 0, size, id);
}

int ml_dma_coherent(int fd, __u64 size, __u32 *id)
{
	return ml_alloc(fd, MEMLAB_KIND_DMA_COHERENT, 0, 0, 0, size, id);
}

int ml_dma_streaming(int fd, __u64 size, __u32 dir, __u32 *id)
{
	struct memlab_alloc a = {
		.kind = MEMLAB_KIND_DMA_STREAMING, .size = size, .dma_dir = dir,
	};
	int rc = ml_alloc_raw(fd, &a);

	if (id)
		*id = rc ? 0 : a.id;
	return rc;
}

int ml_cache_obj(int fd, __u32 cache_id, __u32 flags, __u32 *id)
{
	struct memlab_alloc a = {
		.kind = MEMLAB_KIND_CACHE_OBJ, .flags = flags,
		.cache_id = cache_id,
	};
	int rc = ml_alloc_raw(fd, &a);

	if (id)
		*id = rc ? 0 : a.id;
	return rc;
}

static int ml_id_ioctl(int fd, unsigned long cmd, __u32 id)
{
	struct memlab_id arg = { .id = id };

	return ml_ioctl(fd, cmd, &arg);
}

int ml_free(int fd, __u32 id)
{
	return ml_id_ioctl(fd, MEMLAB_IOC_FREE, id);
}

int ml_cache_destroy(int fd, __u32 id)
{
	return ml_id_ioctl(fd, MEMLAB_IOC_CACHE_DESTROY, id);
}

int ml_persist(int fd, __u32 id)
{
	return ml_id_ioctl(fd, MEMLAB_IOC_PERSIST, id);
}

int ml_cache_create(int fd, const char *name, __u32 size, __u32 align,
		    __u32 slab_flags, __u32 flags,
		    struct memlab_cache_create *out)
{
	struct memlab_cache_create cc = {
		.object_size = size, .align = align, .slab_flags = slab_flags,
		.flags = flags,
	};
	int rc;

	memcpy(cc.name, name, strnlen(name, sizeof(cc.name)));
	rc = ml_ioctl(fd, MEMLAB_IOC_CACHE_CREATE, &cc);
	if (out)
		*out = cc;
	return rc;
}

int ml_read(int fd, __u32 id, __u64 off, __u64 len, void *buf)
{
	struct memlab_rw rw = {
		.id = id, .offset = off, .length = len, .buf = ML_PTR(buf),
	};

	return ml_ioctl(fd, MEMLAB_IOC_READ, &rw);
}

int ml_write(int fd, __u32 id, __u64 off, __u64 len, const void *buf)
{
	struct memlab_rw rw = {
		.id = id, .offset = off, .length = len, .buf = ML_PTR(buf),
	};

	return ml_ioctl(fd, MEMLAB_IOC_WRITE, &rw);
}

int ml_fill(int fd, __u32 id, __u32 pattern, __u64 off, __u64 len)
{
	struct memlab_fill f = {
		.id = id, .pattern = pattern, .offset = off, .length = len,
	};

	return ml_ioctl(fd, MEMLAB_IOC_FILL, &f);
}

int ml_verify(int fd, __u32 id, __u32 pattern, __u64 off, __u64 len,
	      __u64 *nr_bad, __u64 *first_bad)
{
	struct memlab_fill f = {
		.id = id, .pattern = pattern, .offset = off, .length = len,
	};
	int rc = ml_ioctl(fd, MEMLAB_IOC_VERIFY, &f);

	if (nr_bad)
		*nr_bad = f.nr_bad;
	if (first_bad)
		*first_bad = f.first_bad;
	return rc;
}

int ml_sync(int fd, __u32 id, __u32 op, __u64 off, __u64 len)
{
	struct memlab_sync s = {
		.id = id, .op = op, .offset = off, .length = len,
	};

	return ml_ioctl(fd, MEMLAB_IOC_SYNC, &s);
}

int ml_mmap_offset(int fd, __u32 id, __u64 *off)
{
	struct memlab_mmap_offset mo = { .id = id };
	int rc = ml_ioctl(fd, MEMLAB_IOC_MMAP_OFFSET, &mo);

	if (off)
		*off = rc ? 0 : mo.offset;
	return rc;
}

int ml_obj_info(int fd, __u32 id, struct memlab_obj_info *oi)
{
	memset(oi, 0, sizeof(*oi));
	oi->id = id;
	return ml_ioctl(fd, MEMLAB_IOC_OBJ_INFO, oi);
}

int ml_list_all(int fd, struct memlab_obj_info **out, unsigned int *count)
{
	struct memlab_obj_info *all = NULL, *tmp;
	unsigned int n = 0, cap = 0;
	__u32 start = 0;
	int rc;

	do {
		struct memlab_list l = { 0 };

		if (cap - n < 64) {
			tmp = realloc(all, (cap + 256) * sizeof(*all));
			if (!tmp) {
				rc = -ENOMEM;
				goto err;
			}
			all = tmp;
			cap += 256;
		}
		l.entries = ML_PTR(all + n);
		l.capacity = 64;
		l.entry_size = sizeof(*all);
		l.start_id = start;
		rc = ml_ioctl(fd, MEMLAB_IOC_LIST, &l);
		if (rc)
			goto err;
		if (l.count > 64) {
			rc = -ERANGE;
			goto err;
		}
		n += l.count;
		start = l.next_id;
	} while (start);
	*out = all;
	*count = n;
	return 0;
err:
	free(all);
	return rc;
}

int ml_listed(int fd, __u32 id)
{
	struct memlab_obj_info *all;
	unsigned int i, n;
	int rc, found = 0;

	rc = ml_list_all(fd, &all, &n);
	if (rc)
		return rc;
	for (i = 0; i < n; i++)
		if (all[i].id == id)
			found = 1;
	free(all);
	return found;
}

/* ------------------------------------------------------------------ */
/* Files and parameters                                                */

int ml_read_file(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	if (n < 0) {
		n = -errno;
		close(fd);
		return n;
	}
	close(fd);
	buf[n] = '\0';
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	return n;
}

int ml_write_file(const char *path, const char *val)
{
	ssize_t n;
	int fd, rc = 0;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, val, strlen(val));
	if (n < 0)
		rc = -errno;
	else if ((size_t)n != strlen(val))
		rc = -EIO;
	close(fd);
	return rc;
}

bool ml_path_exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

int ml_param_read(const char *name, char *buf, size_t len)
{
	char path[128];

	snprintf(path, sizeof(path), ML_PARAM_DIR "/%s", name);
	return ml_read_file(path, buf, len);
}

int ml_param_read_u64(const char *name, __u64 *val)
{
	char buf[64], *end;
	int rc;

	rc = ml_param_read(name, buf, sizeof(buf));
	if (rc < 0)
		return rc;
	errno = 0;
	*val = strtoull(buf, &end, 0);
	if (errno || end == buf)
		return -EINVAL;
	return 0;
}

int ml_fx_param_set(struct ml_fixture *fx, const char *name, const char *val)
{
	char path[128];
	int i, rc;

	for (i = 0; i < fx->nr_params; i++)
		if (!strcmp(fx->params[i].name, name))
			break;
	if (i == fx->nr_params) {
		struct ml_param *p;

		if (fx->nr_params == ML_MAX_PARAMS)
			return -ENOSPC;
		p = &fx->params[fx->nr_params];
		snprintf(p->name, sizeof(p->name), "%s", name);
		rc = ml_param_read(name, p->old, sizeof(p->old));
		if (rc < 0)
			return rc;
		fx->nr_params++;
	}
	snprintf(path, sizeof(path), ML_PARAM_DIR "/%s", name);
	return ml_write_file(path, val);
}

int ml_fx_param_set_u64(struct ml_fixture *fx, const char *name, __u64 val)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%llu", (unsigned long long)val);
	return ml_fx_param_set(fx, name, buf);
}

void ml_fx_dev_open_to_all(struct ml_fixture *fx)
{
	struct stat st;

	assert_int_equal(stat(ML_DEV, &st), 0);
	if (!fx->dev_mode_saved) {
		fx->dev_mode = st.st_mode & 07777;
		fx->dev_mode_saved = true;
	}
	assert_int_equal(chmod(ML_DEV, 0666), 0);
}

int ml_module_unload(void)
{
	return syscall(SYS_delete_module, "memlab", O_NONBLOCK) ? -errno : 0;
}

int ml_module_load(const char *ko, const char *params)
{
	int fd, rc;

	fd = open(ko, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	rc = syscall(SYS_finit_module, fd, params, 0) ? -errno : 0;
	close(fd);
	return rc;
}

bool ml_cmdline_has(const char *word)
{
	char buf[4096];

	if (ml_read_file("/proc/cmdline", buf, sizeof(buf)) < 0)
		return false;
	return strstr(buf, word) != NULL;
}

bool ml_slub_debug(void)
{
	return ml_cmdline_has("slub_debug") || ml_cmdline_has("slab_debug");
}

bool ml_has_feature(struct ml_fixture *fx, __u32 feat)
{
	return (fx->base.features & feat) == feat;
}

unsigned int ml_kernel_max_order(const struct memlab_info *info)
{
	char buf[4096], *line, *p;
	unsigned int n = 0, order = 0;
	__u64 v;

	/* "Node 0, zone   Normal  c0 c1 ... cN": N + 1 orders. */
	if (ml_read_file("/proc/buddyinfo", buf, sizeof(buf)) > 0) {
		line = strtok(buf, "\n");
		p = line ? strstr(line, "zone") : NULL;
		if (p) {
			p += 4;
			while (*p == ' ')
				p++;
			while (*p && *p != ' ')	/* zone name */
				p++;
			while (*p) {
				while (*p == ' ')
					p++;
				if (!*p)
					break;
				n++;
				while (*p && *p != ' ')
					p++;
			}
		}
		if (n)
			return n - 1;
	}
	/* KMALLOC_MAX_SIZE is PAGE_SIZE << the highest buddy order. */
	for (v = info->kmalloc_max / info->page_size; v > 1; v >>= 1)
		order++;
	return order;
}

void ml_fill_random(void *buf, size_t len, unsigned int seed)
{
	unsigned char *p = buf;
	unsigned int x = seed * 2654435761u + 1;
	size_t i;

	for (i = 0; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		p[i] = x >> 7;
	}
}

void ml_name(char *buf, size_t len, const char *tag)
{
	snprintf(buf, len, "mlt_%.14s_%d", tag, (int)getpid());
}

/* ------------------------------------------------------------------ */
/* Kinds                                                               */

const struct ml_kind ml_kind_kmalloc = {
	"kmalloc", MEMLAB_KIND_KMALLOC, 0, 3000, MEMLAB_FEAT_KMALLOC, false,
};
const struct ml_kind ml_kind_cache_obj = {
	"cache_obj", MEMLAB_KIND_CACHE_OBJ, 0, 200, MEMLAB_FEAT_CACHE, false,
};
const struct ml_kind ml_kind_pages0 = {
	"pages0", MEMLAB_KIND_PAGES, 0, 0, MEMLAB_FEAT_PAGES, true,
};
const struct ml_kind ml_kind_pages2 = {
	"pages2", MEMLAB_KIND_PAGES, 2, 0, MEMLAB_FEAT_PAGES, true,
};
const struct ml_kind ml_kind_vmalloc = {
	"vmalloc", MEMLAB_KIND_VMALLOC, 0, 3 * 4096 + 100, MEMLAB_FEAT_VMALLOC,
	true,
};
const struct ml_kind ml_kind_dma_coherent = {
	"dma_coherent", MEMLAB_KIND_DMA_COHERENT, 0, 2 * 4096 + 10,
	MEMLAB_FEAT_DMA_COHERENT, true,
};
const struct ml_kind ml_kind_dma_streaming = {
	"dma_streaming", MEMLAB_KIND_DMA_STREAMING, 0, 5000,
	MEMLAB_FEAT_DMA_STREAMING, false,
};

void ml_need_kind(struct ml_fixture *fx, const struct ml_kind *k)
{
	if (!ml_has_feature(fx, k->feature))
		ml_skip("driver reports no %s support (features %#x)", k->name,
			fx->base.features);
}

__u64 ml_make(struct ml_fixture *fx, int fd, const struct ml_kind *k,
	      __u32 *id)
{
	struct memlab_cache_create cc;
	char name[MEMLAB_NAME_LEN];
	static int seq;
	int rc;

	ml_need_kind(fx, k);
	switch (k->kind) {
	case MEMLAB_KIND_PAGES:
		rc = ml_pages(fd, k->order, id);
		assert_errno(rc, 0);
		return (__u64)fx->page << k->order;
	case MEMLAB_KIND_CACHE_OBJ:
		snprintf(name, sizeof(name), "mlt_k%d_%d", seq++, (int)getpid());
		rc = ml_cache_create(fd, name, k->size, 0,
				     MEMLAB_SLAB_NO_MERGE, 0, &cc);
		assert_errno(rc, 0);
		ml_fx_track_id(fx, cc.id);
		rc = ml_cache_obj(fd, cc.id, 0, id);
		assert_errno(rc, 0);
		return k->size;
	case MEMLAB_KIND_DMA_STREAMING:
		rc = ml_dma_streaming(fd, k->size, 0, id);
		assert_errno(rc, 0);
		return k->size;
	default:
		rc = ml_alloc(fd, k->kind, 0, 0, 0, k->size, id);
		assert_errno(rc, 0);
		return k->size;
	}
}

__u64 ml_charged(struct ml_fixture *fx, const struct ml_kind *k)
{
	__u64 page = fx->page;

	switch (k->kind) {
	case MEMLAB_KIND_PAGES:
		return page << k->order;
	case MEMLAB_KIND_VMALLOC:
	case MEMLAB_KIND_DMA_COHERENT:
		return (k->size + page - 1) & ~(page - 1);
	default:
		return k->size;
	}
}

/* ------------------------------------------------------------------ */
/* Children                                                            */

static int ml_wait(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			return -1000;
	}
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return -WTERMSIG(status);
	return -1000;
}

void ml_child_signals(void)
{
	const int sigs[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT };
	unsigned int i;

	for (i = 0; i < ML_ARRAY_SIZE(sigs); i++)
		signal(sigs[i], SIG_DFL);
}

static int ml_child(int (*fn)(void *arg), void *arg, int mode)
{
	struct rlimit nocore = { 0, 0 };
	pid_t pid;
	int rc;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return -1000;
	if (pid)
		return ml_wait(pid);

	/* cmocka's handlers would resume the test run in the child. */
	ml_child_signals();
	setrlimit(RLIMIT_CORE, &nocore);
	if (mode == 1) {
		if (setgroups(0, NULL) || setgid(ML_NOBODY) ||
		    setuid(ML_NOBODY)) {
			perror("drop to nobody");
			_exit(250);
		}
	} else if (mode == 2) {
		struct __user_cap_header_struct hdr = {
			.version = _LINUX_CAPABILITY_VERSION_3,
		};
		struct __user_cap_data_struct data[2];

		if (syscall(SYS_capget, &hdr, data)) {
			perror("capget");
			_exit(251);
		}
		data[CAP_SYS_ADMIN / 32].effective &=
			~(1U << (CAP_SYS_ADMIN % 32));
		data[CAP_SYS_ADMIN / 32].permitted &=
			~(1U << (CAP_SYS_ADMIN % 32));
		if (syscall(SYS_capset, &hdr, data)) {
			perror("capset");
			_exit(252);
		}
	}
	rc = fn(arg);
	fflush(stdout);
	fflush(stderr);
	_exit(rc);
}

int ml_in_child(int (*fn)(void *arg), void *arg)
{
	return ml_child(fn, arg, 0);
}

int ml_in_child_as_nobody(int (*fn)(void *arg), void *arg)
{
	return ml_child(fn, arg, 1);
}

int ml_in_child_no_sysadmin(int (*fn)(void *arg), void *arg)
{
	return ml_child(fn, arg, 2);
}

/* ------------------------------------------------------------------ */
/* Fixture                                                             */

int ml_setup(void **state)
{
	struct ml_fixture *fx;
	int rc;

	fx = calloc(1, sizeof(*fx));
	if (!fx)
		return -1;
	fx->priv = *state;
	fx->page = sysconf(_SC_PAGESIZE);
	fx->fd = ml_open();
	if (fx->fd >= 0) {
		rc = ml_info(fx->fd, &fx->base);
		if (rc) {
			print_error("INFO failed: %s\n", ml_errname(rc));
			close(fx->fd);
			fx->fd = rc;
		}
	}
	*state = fx;
	return 0;
}

struct ml_fixture *ml_fx(void **state)
{
	struct ml_fixture *fx = *state;

	if (fx->fd < 0)
		ml_skip("cannot use " ML_DEV ": %s (driver not loaded?)",
			ml_errname(fx->fd));
	return fx;
}

int ml_fx_open(struct ml_fixture *fx)
{
	int fd = ml_open();

	if (fd < 0)
		fail_msg("open " ML_DEV ": %s", ml_errname(fd));
	assert_true(fx->nr_fds < ML_MAX_FDS);
	fx->fds[fx->nr_fds++] = fd;
	return fd;
}

int ml_fx_close(struct ml_fixture *fx, int fd)
{
	int i;

	for (i = 0; i < fx->nr_fds; i++) {
		if (fx->fds[i] == fd) {
			fx->fds[i] = fx->fds[--fx->nr_fds];
			break;
		}
	}
	return close(fd) ? -errno : 0;
}

void ml_fx_track_id(struct ml_fixture *fx, __u32 id)
{
	assert_true(fx->nr_ids < ML_MAX_IDS);
	fx->ids[fx->nr_ids++] = id;
}

void ml_fx_untrack_id(struct ml_fixture *fx, __u32 id)
{
	int i;

	for (i = 0; i < fx->nr_ids; i++) {
		if (fx->ids[i] == id) {
			memmove(&fx->ids[i], &fx->ids[i + 1],
				(fx->nr_ids - i - 1) * sizeof(fx->ids[0]));
			fx->nr_ids--;
			return;
		}
	}
}

void *ml_fx_mmap(struct ml_fixture *fx, int fd, size_t len, int prot,
		 int flags, off_t off)
{
	void *p;

	p = mmap(NULL, len, prot, flags, fd, off);
	if (p == MAP_FAILED)
		return p;
	if (fx->nr_maps == ML_MAX_MAPS) {
		munmap(p, len);
		errno = ENOSPC;
		return MAP_FAILED;
	}
	fx->maps[fx->nr_maps].addr = p;
	fx->maps[fx->nr_maps].len = len;
	fx->nr_maps++;
	return p;
}

void ml_fx_track_map(struct ml_fixture *fx, void *addr, size_t len)
{
	assert_true(fx->nr_maps < ML_MAX_MAPS);
	fx->maps[fx->nr_maps].addr = addr;
	fx->maps[fx->nr_maps].len = len;
	fx->nr_maps++;
}

void ml_fx_forget_map(struct ml_fixture *fx, void *addr, size_t len)
{
	int i;

	for (i = 0; i < fx->nr_maps; i++) {
		if (fx->maps[i].addr == addr && fx->maps[i].len == len) {
			fx->maps[i] = fx->maps[--fx->nr_maps];
			return;
		}
	}
}

int ml_fx_munmap(struct ml_fixture *fx, void *addr, size_t len)
{
	ml_fx_forget_map(fx, addr, len);
	return munmap(addr, len) ? -errno : 0;
}

void *ml_map_obj(struct ml_fixture *fx, int fd, __u32 id, size_t first_page,
		 size_t npages)
{
	__u64 off;
	void *p;

	assert_errno(ml_mmap_offset(fd, id, &off), 0);
	p = ml_fx_mmap(fx, fd, npages * fx->page, PROT_READ | PROT_WRITE,
		       MAP_SHARED, off + first_page * fx->page);
	if (p == MAP_FAILED)
		fail_msg("mmap of object %u page %zu x%zu: %s", id,
			 first_page, npages, strerror(errno));
	return p;
}

int ml_nr_objects(struct ml_fixture *fx, __u64 *objects, __u64 *bytes)
{
	struct memlab_info info;
	int rc;

	rc = ml_info(fx->fd, &info);
	if (rc)
		return rc;
	*objects = info.nr_objects;
	*bytes = info.nr_bytes;
	return 0;
}

static int ml_baseline_diff(struct ml_fixture *fx, int fd)
{
	struct memlab_info now;
	int i, rc, bad = 0;

	rc = ml_info(fd, &now);
	if (rc) {
		print_error("INFO: %s\n", ml_errname(rc));
		return 1;
	}
	if (now.nr_objects != fx->base.nr_objects ||
	    now.nr_bytes != fx->base.nr_bytes) {
		print_error("counters not back to baseline: objects %llu -> %llu, bytes %llu -> %llu\n",
			    (unsigned long long)fx->base.nr_objects,
			    (unsigned long long)now.nr_objects,
			    (unsigned long long)fx->base.nr_bytes,
			    (unsigned long long)now.nr_bytes);
		bad = 1;
	}
	for (i = 1; i < MEMLAB_KIND_NR; i++) {
		if (now.kind_objects[i] != fx->base.kind_objects[i] ||
		    now.kind_bytes[i] != fx->base.kind_bytes[i]) {
			print_error("kind %d: objects %llu -> %llu, bytes %llu -> %llu\n",
				    i,
				    (unsigned long long)fx->base.kind_objects[i],
				    (unsigned long long)now.kind_objects[i],
				    (unsigned long long)fx->base.kind_bytes[i],
				    (unsigned long long)now.kind_bytes[i]);
			bad = 1;
		}
	}
	return bad;
}

void ml_assert_baseline(struct ml_fixture *fx)
{
	if (ml_baseline_diff(fx, fx->fd))
		fail_msg("memlab counters differ from the test's baseline");
}

int ml_teardown(void **state)
{
	struct ml_fixture *fx = *state;
	int i, rc, ret = 0;

	for (i = fx->nr_maps - 1; i >= 0; i--)
		munmap(fx->maps[i].addr, fx->maps[i].len);
	for (i = fx->nr_params - 1; i >= 0; i--) {
		char path[128];

		snprintf(path, sizeof(path), ML_PARAM_DIR "/%s",
			 fx->params[i].name);
		rc = ml_write_file(path, fx->params[i].old);
		if (rc) {
			print_error("cannot restore %s=%s: %s\n",
				    fx->params[i].name, fx->params[i].old,
				    ml_errname(rc));
			ret = -1;
		}
	}
	if (fx->dev_mode_saved && chmod(ML_DEV, fx->dev_mode)) {
		print_error("cannot restore mode of " ML_DEV "\n");
		ret = -1;
	}
	for (i = 0; i < fx->nr_fds; i++)
		close(fx->fds[i]);
	if (fx->fd >= 0) {
		/* Newest first: objects go before the caches they live in. */
		for (i = fx->nr_ids - 1; i >= 0; i--) {
			rc = ml_free(fx->fd, fx->ids[i]);
			if (rc == -EINVAL)
				ml_cache_destroy(fx->fd, fx->ids[i]);
		}
		close(fx->fd);
		if (!fx->no_baseline_check) {
			int fd = ml_open();

			if (fd < 0) {
				print_error("reopen: %s\n", ml_errname(fd));
				ret = -1;
			} else {
				if (ml_baseline_diff(fx, fd))
					ret = -1;
				close(fd);
			}
		}
	}
	free(fx);
	*state = NULL;
	return ret;
}
