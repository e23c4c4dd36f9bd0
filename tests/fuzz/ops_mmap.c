// SPDX-License-Identifier: GPL-2.0
/*
 * mmap(2) of memlab objects through the offsets MMAP_OFFSET hands out, and
 * what is done with the mappings afterwards: touching them (SIGSEGV or
 * SIGBUS where the object is mapped is a finding; a page past the object's
 * end after mremap() growth must raise SIGBUS), bytes written through a
 * mapping against READ and WRITE, munmap() whole or in part, mremap(),
 * mprotect().
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "engine.h"

#define ULL(x)		((unsigned long long)(x))

static __thread sigjmp_buf fz_jb;
static __thread volatile sig_atomic_t fz_touching;
static __thread volatile sig_atomic_t fz_sig;
static struct sigaction fz_old_segv, fz_old_bus;

static void fz_sig_handler(int sig, siginfo_t *si, void *uc)
{
	(void)si;
	(void)uc;
	if (fz_touching) {
		fz_touching = 0;
		fz_sig = sig;
		siglongjmp(fz_jb, 1);
	}
	/* not a touch of ours: the fault re-runs and kills us */
	signal(sig, SIG_DFL);
}

int fz_signals_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fz_sig_handler;
	/* NODEFER: siglongjmp out of the handler leaves nothing blocked */
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGSEGV, &sa, &fz_old_segv) ||
	    sigaction(SIGBUS, &sa, &fz_old_bus))
		return -errno;
	return 0;
}

void fz_signals_restore(void)
{
	sigaction(SIGSEGV, &fz_old_segv, NULL);
	sigaction(SIGBUS, &fz_old_bus, NULL);
}

/*
 * Copy @n bytes, either side may be a mapping; the signal that stopped it,
 * or 0.
 */
static __attribute__((noinline)) int fz_copy(volatile unsigned char *dst,
					     volatile unsigned char *src,
					     size_t n)
{
	size_t i;

	fz_sig = 0;
	if (sigsetjmp(fz_jb, 0))
		return fz_sig;
	fz_touching = 1;
	for (i = 0; i < n; i++)
		dst[i] = src[i];
	fz_touching = 0;
	return 0;
}

/* Write (if writable) then read (if readable) the byte at @p. */
static __attribute__((noinline)) int fz_poke(volatile unsigned char *p,
					     int prot, unsigned char v)
{
	fz_sig = 0;
	if (sigsetjmp(fz_jb, 0))
		return fz_sig;
	fz_touching = 1;
	if (prot & PROT_WRITE)
		*p = v;
	if (prot & PROT_READ)
		(void)*p;
	fz_touching = 0;
	return 0;
}

static const char *fz_signame(int sig)
{
	return sig == SIGBUS ? "SIGBUS" : sig == SIGSEGV ? "SIGSEGV" :
	       sig ? "a signal" : "no signal";
}

/* Page @i of mapping @m: no signal inside the object, SIGBUS past it. */
static void fz_touch_page(struct fz_thread *t, const struct fz_map *m,
			  unsigned long i)
{
	long page = t->run->page;
	unsigned long objpg = m->first + i;
	bool past = m->obj_pages && objpg >= m->obj_pages;
	bool inside = objpg < m->valid_end;
	int sig;

	if (!(m->prot & (PROT_READ | PROT_WRITE)) || (!past && !inside))
		return;
	sig = fz_poke((unsigned char *)m->addr + i * page + fz_below(t, page),
		      m->prot, (unsigned char)fz_rnd(t));
	if (past && sig == SIGBUS)
		fz_count(t, FZ_CHK_SIGBUS);
	if (past && sig != SIGBUS)
		fz_finding(t,
			   "%s touching page %lu of %s id %u (%lu pages) past its end: not SIGBUS",
			   fz_signame(sig), objpg, fz_kindname(m->kind), m->id,
			   m->obj_pages);
	else if (inside && sig)
		fz_finding(t,
			   "%s touching page %lu of a valid mapping of %s id %u (object pages %lu,"
			   " mapped from page %lu, %zu bytes, prot %#x)",
			   fz_signame(sig), objpg, fz_kindname(m->kind), m->id,
			   m->obj_pages, m->first, m->len, m->prot);
}

/*
 * Bytes written through the mapping are what READ returns, bytes written
 * by WRITE are what the mapping shows: only for an object no other thread
 * can reach.
 */
static void fz_map_data_check(struct fz_thread *t, const struct fz_map *m)
{
	long page = t->run->page;
	unsigned long npages = m->len / page, i;
	unsigned char mine[16], back[16];
	struct memlab_rw rw = { .id = m->id };
	struct fz_obj *o;
	__u64 objoff;
	int sig;
	long rc;

	o = m->id ? fz_own_find(t, m->id) : NULL;
	if (!o || !fz_own_exclusive(o) || !o->size || !npages ||
	    (m->prot & (PROT_READ | PROT_WRITE)) != (PROT_READ | PROT_WRITE))
		return;
	i = fz_below(t, npages);
	objoff = (m->first + i) * page + fz_below(t, page - sizeof(mine));
	if (objoff + sizeof(mine) > o->size)
		return;
	rw.offset = objoff;
	rw.length = sizeof(mine);
	rw.buf = FZ_PTR(back);
	fz_count(t, FZ_CHK_MAP_DATA);

	fz_fill_rnd(t, mine, sizeof(mine));
	sig = fz_copy((unsigned char *)m->addr + (objoff - m->first * page),
		      mine, sizeof(mine));
	rc = sig ? 0 : fz_ioctl_plain(t->fd, MEMLAB_IOC_READ, &rw);
	if (sig || rc || memcmp(mine, back, sizeof(mine)))
		fz_finding(t, "%s id %u: bytes written at %llu through the mapping, READ: %s %s",
			   fz_kindname(o->kind), o->id, ULL(objoff),
			   fz_signame(sig), rc ? fz_errname(-rc) :
			   "different bytes");

	fz_fill_rnd(t, mine, sizeof(mine));
	rw.buf = FZ_PTR(mine);
	rc = fz_ioctl_plain(t->fd, MEMLAB_IOC_WRITE, &rw);
	sig = rc ? 0 : fz_copy(back, (unsigned char *)m->addr +
			       (objoff - m->first * page), sizeof(back));
	if (sig || rc || memcmp(mine, back, sizeof(mine)))
		fz_finding(t, "%s id %u: WRITE at %llu, the mapping shows: %s %s",
			   fz_kindname(o->kind), o->id, ULL(objoff),
			   fz_signame(sig), rc ? fz_errname(-rc) :
			   "different bytes");
}

/* Touch up to @nr pages of mapping @m, perhaps check its data. */
static void fz_touch_map(struct fz_thread *t, const struct fz_map *m, int nr)
{
	unsigned long npages = m->len / t->run->page, i;

	if (npages <= (unsigned long)nr) {
		for (i = 0; i < npages; i++)
			fz_touch_page(t, m, i);
	} else {
		/* the ends, and some pages between */
		fz_touch_page(t, m, 0);
		fz_touch_page(t, m, npages - 1);
		for (nr -= 2; nr > 0; nr--)
			fz_touch_page(t, m, fz_below(t, npages));
	}
	if (fz_chance(t, 30))
		fz_map_data_check(t, m);
}

void fz_touch_some(struct fz_thread *t, int nr)
{
	if (t->nr_maps)
		fz_touch_map(t, &t->maps[fz_below(t, t->nr_maps)], nr);
}

/* munmap() mapping @i (whole) and forget it. */
static void fz_unmap_one(struct fz_thread *t, int i)
{
	struct fz_map *m = &t->maps[i];
	struct fz_exp e;
	long rc;

	fz_exp_init(&e, 0);
	rc = munmap(m->addr, m->len) ? -errno : 0;
	fz_check(t, t->cleanup ? FZ_OP_CLEANUP : FZ_OP_MUNMAP, rc, &e,
		 "whole mapping of %s id %u, %zu bytes", fz_kindname(m->kind),
		 m->id, m->len);
	t->maps[i] = t->maps[--t->nr_maps];
}

void fz_unmap_all(struct fz_thread *t)
{
	while (t->nr_maps)
		fz_unmap_one(t, t->nr_maps - 1);
}

static int fz_gen_prot(struct fz_thread *t, struct fz_exp *e,
		       bool mprot)
{
	unsigned int r = fz_below(t, 100);

	if (r < 78)
		return PROT_READ | PROT_WRITE;
	if (r < 86)
		return PROT_READ;
	if (r < 90)
		return PROT_WRITE;
	if (r < 94)
		return PROT_NONE;
	/* no PROT_EXEC for memlab: mmap says EPERM, mprotect EACCES */
	fz_violate(e, mprot ? FZ_B(EACCES) : FZ_B(EPERM));
	return PROT_EXEC | (fz_chance(t, 50) ? PROT_READ : 0);
}

/* A dead object's mmap offset, if we know one: it must map nothing. */
static bool fz_dead_token(struct fz_thread *t, struct fz_target *tg)
{
	int i, n = 0, pick[FZ_MAX_DEAD];

	for (i = 0; i < t->nr_dead; i++)
		if (t->dead[i].token)
			pick[n++] = i;
	if (!n)
		return false;
	memset(tg, 0, sizeof(*tg));
	tg->src = FZ_SRC_DEAD;
	tg->obj = t->dead[pick[fz_below(t, n)]];
	tg->id = tg->obj.id;
	tg->known = true;
	tg->vis = FZ_GONE;
	tg->fd = fz_chance(t, 50) ? t->fd : t->child ? t->parent_fd :
		 t->run->shared_fd;
	tg->fdname = tg->fd == t->fd ? "own" : "other";
	return true;
}

void fz_op_mmap(struct fz_thread *t)
{
	const __u32 mappable = 1U << MEMLAB_KIND_PAGES |
			       1U << MEMLAB_KIND_VMALLOC |
			       1U << MEMLAB_KIND_DMA_COHERENT;
	long page = t->run->page;
	unsigned int r = fz_below(t, 100);
	unsigned long pages = 0, first = 0, npages;
	struct fz_map m = { 0 };
	struct fz_target tg;
	struct fz_exp e;
	char td[128];
	__u64 off;
	size_t len;
	int prot, flags, i;
	void *p;
	long rc;

	if (t->nr_maps == FZ_MAX_MAPS)
		fz_unmap_one(t, fz_below(t, t->nr_maps));
	fz_exp_init(&e, FZ_B(ENOMEM));
	for (i = 0; i < 4; i++) {
		fz_pick(t, &tg, FZ_WANT_OBJ | FZ_PICK_RO, mappable);
		if (tg.known && fz_mappable(tg.obj.kind) && tg.src != FZ_SRC_DEAD)
			break;
	}
	if (r < 85 && tg.known && fz_mappable(tg.obj.kind) && tg.obj.size &&
	    tg.src != FZ_SRC_DEAD) {
		off = tg.obj.token ? tg.obj.token : fz_get_token(t, &tg);
		if (!off)
			return;	/* MMAP_OFFSET refused: checked there */
		pages = fz_obj_pages(&tg.obj, page);
		first = fz_chance(t, 60) ? 0 : fz_below(t, pages);
		npages = 1 + fz_below(t, pages - first);
		if (fz_chance(t, 8)) {
			npages = pages - first + 1 + fz_below(t, 4);
			fz_violate(&e, FZ_B(EINVAL));
		}
		if (tg.vis == FZ_GONE)
			fz_violate(&e, FZ_B(EINVAL));	/* a foreign file's */
		else if (tg.vis == FZ_MAYBE)
			fz_allow(&e, FZ_B(EINVAL) | FZ_B(EPERM));
	} else if (r < 93 && fz_dead_token(t, &tg)) {
		/* offsets go with their id and are never reused */
		off = tg.obj.token;
		npages = 1;
		fz_violate(&e, FZ_B(EINVAL));
	} else {
		/* made up: nobody's, or anybody's object */
		memset(&tg, 0, sizeof(tg));
		tg.src = FZ_SRC_GARBAGE;
		tg.fd = fz_chance(t, 70) ? t->fd : t->child ? t->parent_fd :
			t->run->shared_fd;
		tg.fdname = tg.fd == t->fd ? "own" : "other";
		off = (__u64)page * (fz_chance(t, 50) ? fz_below(t, 1 << 16) :
				     fz_below(t, 1ULL << 32));
		npages = 1 + fz_below(t, 4);
		fz_allow(&e, FZ_B(EINVAL) | FZ_B(ENODEV) | FZ_B(EPERM));
	}
	off += first * page;
	if (fz_chance(t, 3)) {
		off += 1 + fz_below(t, page - 1);
		fz_violate(&e, FZ_B(EINVAL));
	}
	len = npages * page;
	if (fz_chance(t, 2)) {
		len = 0;
		fz_violate(&e, FZ_B(EINVAL));
	}
	prot = fz_gen_prot(t, &e, false);
	flags = MAP_SHARED;
	if (fz_chance(t, 5)) {
		flags = MAP_PRIVATE;
		fz_violate(&e, FZ_B(EINVAL));
	}
	p = mmap(NULL, len, prot, flags, tg.fd, (off_t)off);
	rc = p == MAP_FAILED ? -errno : 0;
	fz_check(t, FZ_OP_MMAP, rc, &e,
		 "%s, offset %#llx (page %lu of %lu) length %zu prot %#x flags %#x",
		 fz_tdesc(&tg, td, sizeof(td)), ULL(off), first, pages, len,
		 prot, flags);
	if (rc)
		return;
	if (!e.ok) {
		munmap(p, len);
		return;
	}
	m.addr = p;
	m.len = len;
	m.prot = prot;
	if (tg.known) {
		m.id = tg.id;
		m.kind = tg.obj.kind;
		m.first = first;
		m.obj_pages = pages;
		m.valid_end = pages;
	} else {
		m.valid_end = npages;
	}
	t->maps[t->nr_maps++] = m;
	fz_touch_map(t, &t->maps[t->nr_maps - 1], FZ_TOUCH_PAGES);
}

void fz_op_touch(struct fz_thread *t)
{
	struct fz_exp e;
	struct fz_map *m;

	if (!t->nr_maps) {
		fz_op_mmap(t);
		return;
	}
	m = &t->maps[fz_below(t, t->nr_maps)];
	fz_exp_init(&e, 0);
	fz_check(t, FZ_OP_TOUCH, 0, &e, "mapping of %s id %u, %zu bytes",
		 fz_kindname(m->kind), m->id, m->len);
	fz_touch_map(t, m, 1 + fz_below(t, 8));
}

void fz_op_munmap(struct fz_thread *t)
{
	long page = t->run->page;
	unsigned long npages, k;
	struct fz_exp e;
	struct fz_map *m;
	char *addr;
	size_t len;
	int i;
	long rc;

	if (!t->nr_maps) {
		fz_op_mmap(t);
		return;
	}
	i = fz_below(t, t->nr_maps);
	m = &t->maps[i];
	npages = m->len / page;
	if (npages == 1 || fz_chance(t, 70)) {
		fz_unmap_one(t, i);
		return;
	}
	/* a part: the VMA splits, each part keeps the object */
	k = 1 + fz_below(t, npages - 1);
	len = k * page;
	addr = fz_chance(t, 50) ? m->addr : m->addr + m->len - len;
	fz_exp_init(&e, 0);
	rc = munmap(addr, len) ? -errno : 0;
	fz_check(t, FZ_OP_MUNMAP, rc, &e,
		 "%s %lu of %lu pages of a mapping of %s id %u",
		 addr == m->addr ? "first" : "last", k, npages,
		 fz_kindname(m->kind), m->id);
	if (rc)
		return;
	if (addr == m->addr) {
		m->addr += len;
		m->first += k;
	}
	m->len -= len;
	fz_touch_map(t, m, 2);
}

void fz_op_mremap(struct fz_thread *t)
{
	long page = t->run->page;
	unsigned long npages, nnew, i;
	unsigned int r = fz_below(t, 100);
	struct fz_exp e;
	struct fz_map *m;
	void *p;
	long rc;

	if (!t->nr_maps) {
		fz_op_mmap(t);
		return;
	}
	m = &t->maps[fz_below(t, t->nr_maps)];
	npages = m->len / page;
	if (r < 40 && npages > 1)
		nnew = 1 + fz_below(t, npages - 1);
	else if (r < 90)
		nnew = npages + 1 + fz_below(t, 4);
	else
		nnew = npages;
	fz_exp_init(&e, FZ_B(ENOMEM));
	if (nnew > npages) {
		/* DMA coherent mappings are VM_DONTEXPAND */
		if (m->kind == MEMLAB_KIND_DMA_COHERENT)
			fz_violate(&e, FZ_B(EFAULT));
		else if (!m->kind)
			fz_allow(&e, FZ_B(EFAULT));
	}
	p = mremap(m->addr, m->len, nnew * page, MREMAP_MAYMOVE);
	rc = p == MAP_FAILED ? -errno : 0;
	fz_check(t, FZ_OP_MREMAP, rc, &e,
		 "mapping of %s id %u from page %lu: %lu -> %lu pages",
		 fz_kindname(m->kind), m->id, m->first, npages, nnew);
	if (rc)
		return;
	m->addr = p;
	m->len = nnew * page;
	/* past the object: SIGBUS; inside it: the object's pages */
	for (i = npages; i < nnew; i++)
		fz_touch_page(t, m, i);
}

void fz_op_mprotect(struct fz_thread *t)
{
	struct fz_exp e;
	struct fz_map *m;
	int prot;
	long rc;

	if (!t->nr_maps) {
		fz_op_mmap(t);
		return;
	}
	m = &t->maps[fz_below(t, t->nr_maps)];
	fz_exp_init(&e, FZ_B(ENOMEM));
	prot = fz_gen_prot(t, &e, true);
	rc = mprotect(m->addr, m->len, prot) ? -errno : 0;
	fz_check(t, FZ_OP_MPROTECT, rc, &e,
		 "mapping of %s id %u, %zu bytes, prot %#x -> %#x",
		 fz_kindname(m->kind), m->id, m->len, m->prot, prot);
	if (!rc)
		m->prot = prot;
	fz_touch_map(t, m, 2);
}
