// SPDX-License-Identifier: GPL-2.0
/*
 * read/write/fill/verify of any object, a page-sized chunk at a time.
 *
 * Data moves through a bounce page: hardened usercopy only lets whitelisted
 * slab regions be copied to user space directly, and memlab's caches have
 * no whitelist (one would stop SLUB from merging them).
 */
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/sched/signal.h>
#include <linux/uaccess.h>

#include "memlab_core.h"

static void *memlab_kmap(struct memlab_obj *obj, u64 off)
{
	if (obj->kind == MEMLAB_KIND_PAGES)
		return kmap_local_page(obj->page + (off >> PAGE_SHIFT)) +
		       offset_in_page(off);
	return obj->kaddr + off;
}

static void memlab_kunmap(struct memlab_obj *obj, void *addr)
{
	if (obj->kind == MEMLAB_KIND_PAGES)
		kunmap_local(addr);
}

static int memlab_check_range(struct memlab_obj *obj, u64 off, u64 len)
{
	u64 end;

	if (obj->kind == MEMLAB_KIND_CACHE)
		return -EINVAL;
	if (check_add_overflow(off, len, &end) || end > memlab_obj_size(obj))
		return -EINVAL;
	return 0;
}

/* Bytes from @off up to the next page boundary of the object, at most @len. */
static size_t memlab_chunk(u64 off, u64 len)
{
	return min_t(u64, len, PAGE_SIZE - offset_in_page(off));
}

static int memlab_next(void)
{
	cond_resched();
	return fatal_signal_pending(current) ? -EINTR : 0;
}

/**
 * memlab_copy - copy between an object and user memory
 * @obj: the object
 * @off: byte offset in the object
 * @len: bytes
 * @ubuf: user buffer
 * @to_user: read the object (true) or write it (false)
 *
 * Return: 0 or -errno.
 */
static int memlab_copy(struct memlab_obj *obj, u64 off, u64 len,
		       void __user *ubuf, bool to_user)
{
	void *bounce, *p;
	size_t n;
	int ret;

	ret = memlab_check_range(obj, off, len);
	if (ret || !len)
		return ret;
	bounce = (void *)__get_free_page(GFP_KERNEL);
	if (!bounce)
		return -ENOMEM;
	while (len) {
		n = memlab_chunk(off, len);
		if (!to_user && copy_from_user(bounce, ubuf, n)) {
			ret = -EFAULT;
			break;
		}
		p = memlab_kmap(obj, off);
		if (to_user)
			memcpy(bounce, p, n);
		else
			memcpy(p, bounce, n);
		memlab_kunmap(obj, p);
		if (to_user && copy_to_user(ubuf, bounce, n)) {
			ret = -EFAULT;
			break;
		}
		ubuf += n;
		off += n;
		len -= n;
		ret = memlab_next();
		if (ret)
			break;
	}
	free_page((unsigned long)bounce);
	return ret;
}

int memlab_read(struct memlab_obj *obj, u64 off, u64 len, void __user *buf)
{
	return memlab_copy(obj, off, len, buf, true);
}

int memlab_write(struct memlab_obj *obj, u64 off, u64 len,
		 const void __user *buf)
{
	return memlab_copy(obj, off, len, (void __user *)buf, false);
}

static u64 memlab_count_bad(const u8 *have, const u8 *want, size_t n,
			    u64 off, u64 *first_bad)
{
	u64 bad = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (have[i] == want[i])
			continue;
		if (*first_bad == U64_MAX)
			*first_bad = off + i;
		bad++;
	}
	return bad;
}

/**
 * memlab_fill - fill a range with a 32-bit pattern, or check that it holds
 * @obj: the object
 * @off: byte offset
 * @len: bytes
 * @pattern: byte at object offset o is byte (o % 4) of @pattern (LE)
 * @verify: compare instead of writing
 * @nr_bad: verify: bytes that differ
 * @first_bad: verify: offset of the first one, U64_MAX if none
 *
 * Return: 0 or -errno.
 */
int memlab_fill(struct memlab_obj *obj, u64 off, u64 len, u32 pattern,
		bool verify, u64 *nr_bad, u64 *first_bad)
{
	__le32 *words;
	u8 *want;
	void *p;
	size_t n, i;
	int ret;

	*nr_bad = 0;
	*first_bad = U64_MAX;
	ret = memlab_check_range(obj, off, len);
	if (ret || !len)
		return ret;
	words = (__le32 *)__get_free_page(GFP_KERNEL);
	if (!words)
		return -ENOMEM;
	for (i = 0; i < PAGE_SIZE / sizeof(*words); i++)
		words[i] = cpu_to_le32(pattern);
	while (len) {
		n = memlab_chunk(off, len);
		/* chunk + phase never passes the page: offset_in_page >= phase */
		want = (u8 *)words + (off & 3);
		p = memlab_kmap(obj, off);
		if (!verify)
			memcpy(p, want, n);
		else if (memcmp(p, want, n))
			*nr_bad += memlab_count_bad(p, want, n, off, first_bad);
		memlab_kunmap(obj, p);
		off += n;
		len -= n;
		ret = memlab_next();
		if (ret)
			break;
	}
	free_page((unsigned long)words);
	return ret;
}
