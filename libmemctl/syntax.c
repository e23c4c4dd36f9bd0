// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * syntax.c - memlab's own syntax: sizes, GFP and slab flag names, kinds.
 *
 * The parsers are strict on purpose: they read what a person types on a
 * command line or in a `memctl run` script, and a typo must be an error,
 * not a different allocation. So no signs, no blanks, no octal, no partial
 * matches, and on any error the output is left untouched.
 *
 * Sizes:  DIGITS[SUFFIX] or 0xHEXDIGITS[SUFFIX], SUFFIX one of K M G T
 *         (either case, powers of 1024). "4096", "4K", "4k", "1M", "2G",
 *         "0x1000", "0x10K". Decimal with leading zeros stays decimal.
 *         Garbage: -EINVAL; a value above UINT64_MAX: -ERANGE.
 * Flags:  comma-separated names, case-insensitive, '-' and '_' alike, with
 *         the kernel's prefix allowed ("GFP_KERNEL", "__GFP_ZERO",
 *         "SLAB_POISON"). "" is no flag at all; an unknown or empty name
 *         is -EINVAL. Which combinations make sense is the driver's to
 *         say (e.g. "kernel,atomic" parses, then ALLOC answers -EINVAL).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "memctl.h"

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))

/*
 * struct flag_name - one spelling of a flag bit
 * @name: lower case, '_' between words
 * @bit: the MEMLAB_* bit
 *
 * In each table the first entry of a bit is its canonical name (what the
 * formatters print); later entries of the same bit are aliases.
 */
struct flag_name {
	const char *name;
	uint32_t bit;
};

static const struct flag_name gfp_names[] = {
	{ "kernel",		MEMLAB_GFP_KERNEL },
	{ "atomic",		MEMLAB_GFP_ATOMIC },
	{ "nowait",		MEMLAB_GFP_NOWAIT },
	{ "dma",		MEMLAB_GFP_DMA },
	{ "dma32",		MEMLAB_GFP_DMA32 },
	{ "zero",		MEMLAB_GFP_ZERO },
	{ "nowarn",		MEMLAB_GFP_NOWARN },
	{ "noretry",		MEMLAB_GFP_NORETRY },
	{ "retry_mayfail",	MEMLAB_GFP_RETRY_MAYFAIL },
	{ "highmem",		MEMLAB_GFP_HIGHMEM },
	{ "account",		MEMLAB_GFP_ACCOUNT },
};

static const struct flag_name slab_names[] = {
	{ "hwcache_align",	MEMLAB_SLAB_HWCACHE_ALIGN },
	{ "poison",		MEMLAB_SLAB_POISON },
	{ "red_zone",		MEMLAB_SLAB_RED_ZONE },
	{ "store_user",		MEMLAB_SLAB_STORE_USER },
	{ "account",		MEMLAB_SLAB_ACCOUNT },
	{ "reclaim_account",	MEMLAB_SLAB_RECLAIM_ACCOUNT },
	{ "typesafe_by_rcu",	MEMLAB_SLAB_TYPESAFE_BY_RCU },
	{ "no_merge",		MEMLAB_SLAB_NO_MERGE },
	{ "ctor",		MEMLAB_SLAB_CTOR },
	/* aliases: how the flags are written in slub_debug and by hand */
	{ "redzone",		MEMLAB_SLAB_RED_ZONE },
	{ "rcu",		MEMLAB_SLAB_TYPESAFE_BY_RCU },
	{ "nomerge",		MEMLAB_SLAB_NO_MERGE },
};

/*
 * struct flag_syntax - a flag vocabulary
 * @names: its table
 * @nr: entries in @names
 * @prefixes: the kernel's spellings' prefixes, longest first, NULL-ended
 */
struct flag_syntax {
	const struct flag_name *names;
	size_t nr;
	const char *const *prefixes;
};

static const char *const gfp_prefixes[] = { "__gfp_", "gfp_", NULL };
static const char *const slab_prefixes[] = { "slab_", NULL };

static const struct flag_syntax gfp_syntax = {
	gfp_names, ARRAY_SIZE(gfp_names), gfp_prefixes
};

static const struct flag_syntax slab_syntax = {
	slab_names, ARRAY_SIZE(slab_names), slab_prefixes
};

/* Indexed by enum memlab_kind; the names memctl prints and scripts use. */
static const char *const kind_names[MEMLAB_KIND_NR] = {
	[MEMLAB_KIND_KMALLOC]		= "kmalloc",
	[MEMLAB_KIND_CACHE]		= "cache",
	[MEMLAB_KIND_CACHE_OBJ]		= "cache-obj",
	[MEMLAB_KIND_PAGES]		= "pages",
	[MEMLAB_KIND_VMALLOC]		= "vmalloc",
	[MEMLAB_KIND_DMA_COHERENT]	= "dma-coherent",
	[MEMLAB_KIND_DMA_STREAMING]	= "dma-streaming",
};

/* ---- sizes ---- */

static int digit_value(char c, unsigned int base)
{
	unsigned int v;

	if (c >= '0' && c <= '9')
		v = c - '0';
	else if (c >= 'a' && c <= 'f')
		v = c - 'a' + 10;
	else if (c >= 'A' && c <= 'F')
		v = c - 'A' + 10;
	else
		return -1;
	return v < base ? (int)v : -1;
}

static int size_shift(char c)
{
	switch (c) {
	case 'k': case 'K':
		return 10;
	case 'm': case 'M':
		return 20;
	case 'g': case 'G':
		return 30;
	case 't': case 'T':
		return 40;
	}
	return -1;
}

int memctl_parse_size(const char *s, uint64_t *out)
{
	unsigned int base = 10;
	bool overflow = false;
	uint64_t v = 0;
	int d, shift = 0;
	const char *p;

	if (!s || !out)
		return -EINVAL;
	p = s;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	/* at least one digit */
	if (digit_value(*p, base) < 0)
		return -EINVAL;
	/*
	 * The whole string is read before a value is judged, so that
	 * "99999999999999999999junk" is -EINVAL (garbage) and not -ERANGE.
	 */
	for (; (d = digit_value(*p, base)) >= 0; p++) {
		if (v > (UINT64_MAX - d) / base)
			overflow = true;
		else
			v = v * base + d;
	}
	if (*p) {
		shift = size_shift(*p);
		if (shift < 0 || p[1])
			return -EINVAL;
	}
	if (overflow || v > UINT64_MAX >> shift)
		return -ERANGE;
	*out = v << shift;
	return 0;
}

int memctl_format_size(uint64_t bytes, char *buf, size_t len)
{
	static const char units[] = "KMGT";
	int i, n;

	if (!buf || !len)
		return -ENOSPC;
	/*
	 * The largest unit that divides the value exactly, so that the
	 * result reads back through memctl_parse_size() to the same bytes
	 * ("1536", not "1.5K": a kernel developer wants the exact size).
	 */
	for (i = 3; i >= 0; i--) {
		unsigned int shift = 10 * (i + 1);

		if (bytes && !(bytes & ((UINT64_C(1) << shift) - 1))) {
			n = snprintf(buf, len, "%" PRIu64 "%c", bytes >> shift,
				     units[i]);
			goto out;
		}
	}
	n = snprintf(buf, len, "%" PRIu64, bytes);
out:
	if (n < 0 || (size_t)n >= len) {
		buf[0] = '\0';
		return -ENOSPC;
	}
	return n;
}

/* ---- flags ---- */

/*
 * name_equal() - does the @len bytes at @s spell @name? Case-insensitive,
 * with '-' for '_' ("retry-mayfail" is the CLI's way of writing it).
 */
static bool name_equal(const char *s, size_t len, const char *name)
{
	size_t i;

	for (i = 0; i < len; i++) {
		char c = s[i];

		if (!name[i])
			return false;
		if (c == '-')
			c = '_';
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (c != name[i])
			return false;
	}
	return !name[len];
}

static int lookup_flag(const struct flag_syntax *fs, const char *s,
		       size_t len, uint32_t *bit)
{
	const char *const *pre;
	size_t i, plen;

	/* An optional kernel prefix: GFP_KERNEL, __GFP_ZERO, SLAB_POISON. */
	for (pre = fs->prefixes; *pre; pre++) {
		plen = strlen(*pre);
		if (len > plen && name_equal(s, plen, *pre)) {
			s += plen;
			len -= plen;
			break;
		}
	}
	for (i = 0; i < fs->nr; i++) {
		if (name_equal(s, len, fs->names[i].name)) {
			*bit = fs->names[i].bit;
			return 0;
		}
	}
	return -EINVAL;
}

static int parse_flags(const struct flag_syntax *fs, const char *s,
		       uint32_t *out)
{
	uint32_t bits = 0, bit;
	const char *end;
	size_t len;

	if (!s || !out)
		return -EINVAL;
	if (*s) {
		for (;;) {
			end = strchr(s, ',');
			len = end ? (size_t)(end - s) : strlen(s);
			/* "a,,b", ",a" and "a," are typos, not "no flag" */
			if (!len || lookup_flag(fs, s, len, &bit))
				return -EINVAL;
			bits |= bit;
			if (!end)
				break;
			s = end + 1;
		}
	}
	*out = bits;
	return 0;
}

static int format_flags(const struct flag_syntax *fs, uint32_t bits,
			char *buf, size_t len)
{
	uint32_t done = 0;
	size_t i, pos = 0;
	int n;

	if (!buf || !len)
		return -ENOSPC;
	buf[0] = '\0';
	for (i = 0; i < fs->nr; i++) {
		uint32_t bit = fs->names[i].bit;

		/* canonical names only: the first entry of each bit */
		if (!(bits & bit) || (done & bit))
			continue;
		done |= bit;
		n = snprintf(buf + pos, len - pos, "%s%s", pos ? "," : "",
			     fs->names[i].name);
		if (n < 0 || (size_t)n >= len - pos)
			goto err_nospc;
		pos += n;
	}
	/* Bits of a newer driver: shown, never dropped silently. */
	if (bits & ~done) {
		n = snprintf(buf + pos, len - pos, "%s0x%" PRIx32,
			     pos ? "," : "", bits & ~done);
		if (n < 0 || (size_t)n >= len - pos)
			goto err_nospc;
		pos += n;
	}
	return pos;

err_nospc:
	buf[0] = '\0';
	return -ENOSPC;
}

int memctl_parse_gfp(const char *s, uint32_t *bits)
{
	return parse_flags(&gfp_syntax, s, bits);
}

int memctl_parse_slab_flags(const char *s, uint32_t *bits)
{
	return parse_flags(&slab_syntax, s, bits);
}

int memctl_format_gfp(uint32_t bits, char *buf, size_t len)
{
	return format_flags(&gfp_syntax, bits, buf, len);
}

int memctl_format_slab_flags(uint32_t bits, char *buf, size_t len)
{
	return format_flags(&slab_syntax, bits, buf, len);
}

/* ---- kinds ---- */

const char *memctl_kind_name(uint32_t kind)
{
	return kind < ARRAY_SIZE(kind_names) ? kind_names[kind] : NULL;
}
