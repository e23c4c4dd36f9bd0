// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of libmemctl's syntax group: memctl_parse_size(),
 * memctl_parse_gfp(), memctl_parse_slab_flags(), the three formatters and
 * memctl_kind_name(). Valid, boundary and invalid inputs for each; the
 * parsers must leave their output alone on every error, and everything a
 * formatter prints must parse back to the same value.
 */
#include <errno.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "memctl.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
/* What the parsers must not overwrite when they fail. */
#define POISON64	UINT64_C(0x5a5a5a5a5a5a5a5a)
#define POISON32	0x5a5a5a5aU

struct size_case {
	const char *s;
	int ret;
	uint64_t value;		/* when ret == 0 */
};

struct flag_case {
	const char *s;
	int ret;
	uint32_t bits;		/* when ret == 0 */
};

static void check_sizes(const struct size_case *c, size_t n)
{
	uint64_t v;
	size_t i;
	int ret;

	for (i = 0; i < n; i++) {
		v = POISON64;
		ret = memctl_parse_size(c[i].s, &v);
		if (ret != c[i].ret || (!ret && v != c[i].value) ||
		    (ret && v != POISON64))
			fail_msg("parse_size(\"%s\") = %d, %" PRIu64
				 "; expected %d, %" PRIu64, c[i].s, ret, v,
				 c[i].ret, c[i].ret ? POISON64 : c[i].value);
	}
}

static void check_flags(int (*parse)(const char *, uint32_t *),
			const char *what, const struct flag_case *c, size_t n)
{
	uint32_t bits;
	size_t i;
	int ret;

	for (i = 0; i < n; i++) {
		bits = POISON32;
		ret = parse(c[i].s, &bits);
		if (ret != c[i].ret || (!ret && bits != c[i].bits) ||
		    (ret && bits != POISON32))
			fail_msg("%s(\"%s\") = %d, 0x%x; expected %d, 0x%x",
				 what, c[i].s, ret, bits, c[i].ret,
				 c[i].ret ? POISON32 : c[i].bits);
	}
}

/* ---- memctl_parse_size ---- */

static void test_size_decimal(void **state)
{
	static const struct size_case c[] = {
		{ "0", 0, 0 },
		{ "1", 0, 1 },
		{ "4096", 0, 4096 },
		{ "1023", 0, 1023 },
		/* leading zeros are decimal, never octal */
		{ "007", 0, 7 },
		{ "0010", 0, 10 },
		{ "000", 0, 0 },
	};

	(void)state;
	check_sizes(c, ARRAY_SIZE(c));
}

static void test_size_suffixes(void **state)
{
	static const struct size_case c[] = {
		{ "4K", 0, 4096 },
		{ "4k", 0, 4096 },
		{ "1M", 0, 1U << 20 },
		{ "1m", 0, 1U << 20 },
		{ "2G", 0, UINT64_C(2) << 30 },
		{ "2g", 0, UINT64_C(2) << 30 },
		{ "1T", 0, UINT64_C(1) << 40 },
		{ "3t", 0, UINT64_C(3) << 40 },
		{ "0K", 0, 0 },
		{ "1536K", 0, 1536 * 1024 },
	};

	(void)state;
	check_sizes(c, ARRAY_SIZE(c));
}

static void test_size_hex(void **state)
{
	static const struct size_case c[] = {
		{ "0x1000", 0, 4096 },
		{ "0X1000", 0, 4096 },
		{ "0x0", 0, 0 },
		{ "0xabcDEF", 0, 0xabcdef },
		{ "0x10K", 0, 16 * 1024 },
		/* 'g' is no hex digit: it is the suffix */
		{ "0x1g", 0, UINT64_C(1) << 30 },
		{ "0xffffffffffffffff", 0, UINT64_MAX },
		{ "0x0000000000000000001", 0, 1 },
	};

	(void)state;
	check_sizes(c, ARRAY_SIZE(c));
}

static void test_size_limits(void **state)
{
	static const struct size_case c[] = {
		{ "18446744073709551615", 0, UINT64_MAX },
		{ "18446744073709551616", -ERANGE, 0 },
		{ "99999999999999999999", -ERANGE, 0 },
		{ "0x10000000000000000", -ERANGE, 0 },
		{ "16777215T", 0, UINT64_C(16777215) << 40 },
		{ "16777216T", -ERANGE, 0 },
		{ "17179869183G", 0, UINT64_C(17179869183) << 30 },
		{ "17179869184G", -ERANGE, 0 },
		{ "17592186044415M", 0, UINT64_C(17592186044415) << 20 },
		{ "17592186044416M", -ERANGE, 0 },
		{ "18014398509481983K", 0, UINT64_C(18014398509481983) << 10 },
		{ "18014398509481984K", -ERANGE, 0 },
		{ "0xffffffT", 0, UINT64_C(0xffffff) << 40 },
		{ "0x1000000T", -ERANGE, 0 },
	};

	(void)state;
	check_sizes(c, ARRAY_SIZE(c));
}

static void test_size_garbage(void **state)
{
	static const struct size_case c[] = {
		{ "", -EINVAL, 0 },
		{ "K", -EINVAL, 0 },
		{ "x", -EINVAL, 0 },
		{ "0x", -EINVAL, 0 },
		{ "0xK", -EINVAL, 0 },
		{ "x10", -EINVAL, 0 },
		{ "-1", -EINVAL, 0 },
		{ "+1", -EINVAL, 0 },
		{ " 1", -EINVAL, 0 },
		{ "1 ", -EINVAL, 0 },
		{ "\t1", -EINVAL, 0 },
		{ "1\n", -EINVAL, 0 },
		{ "1 K", -EINVAL, 0 },
		{ "1KB", -EINVAL, 0 },
		{ "1KiB", -EINVAL, 0 },
		{ "1B", -EINVAL, 0 },
		{ "1KK", -EINVAL, 0 },
		{ "1k1", -EINVAL, 0 },
		{ "4P", -EINVAL, 0 },
		{ "1E", -EINVAL, 0 },
		{ "1.5M", -EINVAL, 0 },
		{ "1e3", -EINVAL, 0 },
		{ "1_000", -EINVAL, 0 },
		{ "1,000", -EINVAL, 0 },
		{ "0b101", -EINVAL, 0 },
		{ "0o17", -EINVAL, 0 },
		{ "12abc", -EINVAL, 0 },
		{ "0x12xyz", -EINVAL, 0 },
		{ "0x-1", -EINVAL, 0 },
		{ "00x10", -EINVAL, 0 },
		/* garbage wins over overflow: the string is wrong, not big */
		{ "99999999999999999999999x", -EINVAL, 0 },
		{ "99999999999999999999999KB", -EINVAL, 0 },
	};

	(void)state;
	check_sizes(c, ARRAY_SIZE(c));
}

static void test_size_null(void **state)
{
	uint64_t v = POISON64;

	(void)state;
	assert_int_equal(memctl_parse_size(NULL, &v), -EINVAL);
	assert_true(v == POISON64);
	assert_int_equal(memctl_parse_size("4K", NULL), -EINVAL);
}

/* ---- memctl_parse_gfp ---- */

static const struct { const char *name; uint32_t bit; } gfp_all[] = {
	{ "kernel", MEMLAB_GFP_KERNEL },
	{ "atomic", MEMLAB_GFP_ATOMIC },
	{ "nowait", MEMLAB_GFP_NOWAIT },
	{ "dma", MEMLAB_GFP_DMA },
	{ "dma32", MEMLAB_GFP_DMA32 },
	{ "zero", MEMLAB_GFP_ZERO },
	{ "nowarn", MEMLAB_GFP_NOWARN },
	{ "noretry", MEMLAB_GFP_NORETRY },
	{ "retry_mayfail", MEMLAB_GFP_RETRY_MAYFAIL },
	{ "highmem", MEMLAB_GFP_HIGHMEM },
	{ "account", MEMLAB_GFP_ACCOUNT },
};

static const struct { const char *name; uint32_t bit; } slab_all[] = {
	{ "hwcache_align", MEMLAB_SLAB_HWCACHE_ALIGN },
	{ "poison", MEMLAB_SLAB_POISON },
	{ "red_zone", MEMLAB_SLAB_RED_ZONE },
	{ "store_user", MEMLAB_SLAB_STORE_USER },
	{ "account", MEMLAB_SLAB_ACCOUNT },
	{ "reclaim_account", MEMLAB_SLAB_RECLAIM_ACCOUNT },
	{ "typesafe_by_rcu", MEMLAB_SLAB_TYPESAFE_BY_RCU },
	{ "no_merge", MEMLAB_SLAB_NO_MERGE },
	{ "ctor", MEMLAB_SLAB_CTOR },
};

static void upper(char *dst, const char *src, size_t len)
{
	size_t i;

	for (i = 0; src[i] && i + 1 < len; i++)
		dst[i] = src[i] >= 'a' && src[i] <= 'z' ?
			 src[i] - 'a' + 'A' : src[i];
	dst[i] = '\0';
}

static void test_gfp_each_name(void **state)
{
	char buf[80], up[32];
	uint32_t bits, seen = 0;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(gfp_all); i++) {
		bits = POISON32;
		assert_int_equal(memctl_parse_gfp(gfp_all[i].name, &bits), 0);
		assert_int_equal(bits, gfp_all[i].bit);
		/* case-insensitive, and the kernel's spellings */
		upper(up, gfp_all[i].name, sizeof(up));
		assert_int_equal(memctl_parse_gfp(up, &bits), 0);
		assert_int_equal(bits, gfp_all[i].bit);
		snprintf(buf, sizeof(buf), "GFP_%s", up);
		assert_int_equal(memctl_parse_gfp(buf, &bits), 0);
		assert_int_equal(bits, gfp_all[i].bit);
		snprintf(buf, sizeof(buf), "__GFP_%s", up);
		assert_int_equal(memctl_parse_gfp(buf, &bits), 0);
		assert_int_equal(bits, gfp_all[i].bit);
		seen |= bits;
	}
	/* the table covers every bit the uapi defines */
	assert_int_equal(seen, MEMLAB_GFP_ALL);
}

static void test_gfp_lists(void **state)
{
	static const struct flag_case c[] = {
		{ "", 0, 0 },
		{ "kernel,zero", 0, MEMLAB_GFP_KERNEL | MEMLAB_GFP_ZERO },
		{ "atomic", 0, MEMLAB_GFP_ATOMIC },
		{ "dma32,nowarn", 0, MEMLAB_GFP_DMA32 | MEMLAB_GFP_NOWARN },
		{ "GFP_KERNEL,__GFP_ZERO", 0,
		  MEMLAB_GFP_KERNEL | MEMLAB_GFP_ZERO },
		{ "Retry-Mayfail", 0, MEMLAB_GFP_RETRY_MAYFAIL },
		{ "retry-mayfail,noretry", 0,
		  MEMLAB_GFP_RETRY_MAYFAIL | MEMLAB_GFP_NORETRY },
		{ "zero,zero", 0, MEMLAB_GFP_ZERO },
		/* syntax only: the driver judges combinations */
		{ "kernel,atomic,nowait", 0, MEMLAB_GFP_KERNEL |
		  MEMLAB_GFP_ATOMIC | MEMLAB_GFP_NOWAIT },
		{ "kernel,atomic,nowait,dma,dma32,zero,nowarn,noretry,"
		  "retry_mayfail,highmem,account", 0, MEMLAB_GFP_ALL },
	};

	(void)state;
	check_flags(memctl_parse_gfp, "parse_gfp", c, ARRAY_SIZE(c));
}

static void test_gfp_invalid(void **state)
{
	static const struct flag_case c[] = {
		{ "kernal", -EINVAL, 0 },
		{ "kern", -EINVAL, 0 },
		{ "kernel0", -EINVAL, 0 },
		{ "kernel,", -EINVAL, 0 },
		{ ",kernel", -EINVAL, 0 },
		{ ",", -EINVAL, 0 },
		{ "kernel,,zero", -EINVAL, 0 },
		{ " kernel", -EINVAL, 0 },
		{ "kernel ", -EINVAL, 0 },
		{ "kernel, zero", -EINVAL, 0 },
		{ "kernel|zero", -EINVAL, 0 },
		{ "kernel;zero", -EINVAL, 0 },
		{ "gfp_", -EINVAL, 0 },
		{ "__gfp_", -EINVAL, 0 },
		{ "gfp", -EINVAL, 0 },
		{ "gfp_gfp_kernel", -EINVAL, 0 },
		{ "slab_poison", -EINVAL, 0 },
		{ "poison", -EINVAL, 0 },
		{ "0x1", -EINVAL, 0 },
		{ "1", -EINVAL, 0 },
		{ "kernel\n", -EINVAL, 0 },
		{ "kernel,zero,bogus", -EINVAL, 0 },
		{ "dma64", -EINVAL, 0 },
		{ "retry__mayfail", -EINVAL, 0 },
		{ "retrymayfail", -EINVAL, 0 },
	};
	uint32_t bits = POISON32;

	(void)state;
	check_flags(memctl_parse_gfp, "parse_gfp", c, ARRAY_SIZE(c));
	assert_int_equal(memctl_parse_gfp(NULL, &bits), -EINVAL);
	assert_int_equal(bits, POISON32);
	assert_int_equal(memctl_parse_gfp("kernel", NULL), -EINVAL);
}

/* ---- memctl_parse_slab_flags ---- */

static void test_slab_each_name(void **state)
{
	char buf[80], up[32];
	uint32_t bits, seen = 0;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(slab_all); i++) {
		bits = POISON32;
		assert_int_equal(memctl_parse_slab_flags(slab_all[i].name,
							 &bits), 0);
		assert_int_equal(bits, slab_all[i].bit);
		upper(up, slab_all[i].name, sizeof(up));
		snprintf(buf, sizeof(buf), "SLAB_%s", up);
		assert_int_equal(memctl_parse_slab_flags(buf, &bits), 0);
		assert_int_equal(bits, slab_all[i].bit);
		seen |= bits;
	}
	assert_int_equal(seen, MEMLAB_SLAB_ALL);
}

static void test_slab_lists(void **state)
{
	static const struct flag_case c[] = {
		{ "", 0, 0 },
		/* the header's aliases */
		{ "redzone", 0, MEMLAB_SLAB_RED_ZONE },
		{ "rcu", 0, MEMLAB_SLAB_TYPESAFE_BY_RCU },
		{ "nomerge", 0, MEMLAB_SLAB_NO_MERGE },
		{ "no-merge", 0, MEMLAB_SLAB_NO_MERGE },
		{ "Red-Zone", 0, MEMLAB_SLAB_RED_ZONE },
		{ "poison,redzone,store_user", 0, MEMLAB_SLAB_POISON |
		  MEMLAB_SLAB_RED_ZONE | MEMLAB_SLAB_STORE_USER },
		{ "SLAB_HWCACHE_ALIGN,SLAB_ACCOUNT", 0,
		  MEMLAB_SLAB_HWCACHE_ALIGN | MEMLAB_SLAB_ACCOUNT },
		{ "red_zone,redzone", 0, MEMLAB_SLAB_RED_ZONE },
		{ "hwcache_align,poison,red_zone,store_user,account,"
		  "reclaim_account,typesafe_by_rcu,no_merge,ctor", 0,
		  MEMLAB_SLAB_ALL },
	};

	(void)state;
	check_flags(memctl_parse_slab_flags, "parse_slab_flags", c,
		    ARRAY_SIZE(c));
}

static void test_slab_invalid(void **state)
{
	static const struct flag_case c[] = {
		{ "poisson", -EINVAL, 0 },
		{ "poison,", -EINVAL, 0 },
		{ ",poison", -EINVAL, 0 },
		{ "poison,,ctor", -EINVAL, 0 },
		{ "red zone", -EINVAL, 0 },
		{ "kernel", -EINVAL, 0 },
		{ "zero", -EINVAL, 0 },
		{ "gfp_zero", -EINVAL, 0 },
		{ "slab_", -EINVAL, 0 },
		{ "slab", -EINVAL, 0 },
		{ "hwcache", -EINVAL, 0 },
		{ "destroy_by_rcu", -EINVAL, 0 },
		{ "0x2", -EINVAL, 0 },
		{ "poison ", -EINVAL, 0 },
		{ "POISON|CTOR", -EINVAL, 0 },
	};
	uint32_t bits = POISON32;

	(void)state;
	check_flags(memctl_parse_slab_flags, "parse_slab_flags", c,
		    ARRAY_SIZE(c));
	assert_int_equal(memctl_parse_slab_flags(NULL, &bits), -EINVAL);
	assert_int_equal(bits, POISON32);
	assert_int_equal(memctl_parse_slab_flags("poison", NULL), -EINVAL);
}

/* ---- formatters ---- */

static void test_format_gfp(void **state)
{
	char buf[256];

	(void)state;
	assert_int_equal(memctl_format_gfp(0, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
	assert_int_equal(memctl_format_gfp(MEMLAB_GFP_KERNEL |
					   MEMLAB_GFP_ZERO, buf, sizeof(buf)),
			 11);
	assert_string_equal(buf, "kernel,zero");
	assert_int_equal(memctl_format_gfp(MEMLAB_GFP_RETRY_MAYFAIL, buf,
					   sizeof(buf)), 13);
	assert_string_equal(buf, "retry_mayfail");
	assert_true(memctl_format_gfp(MEMLAB_GFP_ALL, buf, sizeof(buf)) > 0);
	assert_string_equal(buf, "kernel,atomic,nowait,dma,dma32,zero,nowarn,"
			    "noretry,retry_mayfail,highmem,account");
	/* bits of a newer driver are shown, not dropped */
	assert_int_equal(memctl_format_gfp(0x800, buf, sizeof(buf)), 5);
	assert_string_equal(buf, "0x800");
	assert_true(memctl_format_gfp(MEMLAB_GFP_ATOMIC | 0x80000000U, buf,
				      sizeof(buf)) > 0);
	assert_string_equal(buf, "atomic,0x80000000");
}

static void test_format_slab_flags(void **state)
{
	char buf[256];

	(void)state;
	assert_int_equal(memctl_format_slab_flags(0, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
	assert_true(memctl_format_slab_flags(MEMLAB_SLAB_POISON |
					     MEMLAB_SLAB_RED_ZONE, buf,
					     sizeof(buf)) > 0);
	/* canonical names only, never the aliases */
	assert_string_equal(buf, "poison,red_zone");
	assert_true(memctl_format_slab_flags(MEMLAB_SLAB_ALL, buf,
					     sizeof(buf)) > 0);
	assert_string_equal(buf, "hwcache_align,poison,red_zone,store_user,"
			    "account,reclaim_account,typesafe_by_rcu,"
			    "no_merge,ctor");
	assert_true(memctl_format_slab_flags(MEMLAB_SLAB_CTOR | 0x200, buf,
					     sizeof(buf)) > 0);
	assert_string_equal(buf, "ctor,0x200");
}

/* The buffer boundary: exactly enough, one byte short, none at all. */
static void test_format_nospc(void **state)
{
	char buf[32];

	(void)state;
	/* "kernel,zero": 11 characters and the NUL */
	assert_int_equal(memctl_format_gfp(MEMLAB_GFP_KERNEL |
					   MEMLAB_GFP_ZERO, buf, 12), 11);
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(memctl_format_gfp(MEMLAB_GFP_KERNEL |
					   MEMLAB_GFP_ZERO, buf, 11), -ENOSPC);
	assert_int_equal(buf[0], '\0');
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(memctl_format_gfp(MEMLAB_GFP_KERNEL, buf, 6),
			 -ENOSPC);
	assert_int_equal(buf[0], '\0');
	/* the unknown-bits tail must fit too */
	assert_int_equal(memctl_format_gfp(MEMLAB_GFP_KERNEL | 0x800, buf,
					   12), -ENOSPC);
	assert_int_equal(memctl_format_gfp(MEMLAB_GFP_KERNEL | 0x800, buf,
					   13), 12);
	assert_int_equal(memctl_format_gfp(0, buf, 1), 0);
	assert_int_equal(memctl_format_gfp(0, buf, 0), -ENOSPC);
	assert_int_equal(memctl_format_gfp(0, NULL, 0), -ENOSPC);

	/* "poison,red_zone": 15 */
	assert_int_equal(memctl_format_slab_flags(MEMLAB_SLAB_POISON |
						  MEMLAB_SLAB_RED_ZONE,
						  buf, 16), 15);
	assert_int_equal(memctl_format_slab_flags(MEMLAB_SLAB_POISON |
						  MEMLAB_SLAB_RED_ZONE,
						  buf, 15), -ENOSPC);
	assert_int_equal(buf[0], '\0');
	assert_int_equal(memctl_format_slab_flags(0, NULL, 0), -ENOSPC);

	/* "4K": 2 */
	assert_int_equal(memctl_format_size(4096, buf, 3), 2);
	assert_string_equal(buf, "4K");
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(memctl_format_size(4096, buf, 2), -ENOSPC);
	assert_int_equal(buf[0], '\0');
	assert_int_equal(memctl_format_size(UINT64_MAX, buf, 21), 20);
	assert_int_equal(memctl_format_size(UINT64_MAX, buf, 20), -ENOSPC);
	assert_int_equal(memctl_format_size(0, buf, 1), -ENOSPC);
	assert_int_equal(memctl_format_size(0, NULL, 0), -ENOSPC);
}

static void test_format_size(void **state)
{
	static const struct { uint64_t v; const char *s; } c[] = {
		{ 0, "0" },
		{ 1, "1" },
		{ 1023, "1023" },
		{ 1024, "1K" },
		{ 1025, "1025" },
		{ 1536, "1536" },
		{ 4096, "4K" },
		{ 1U << 20, "1M" },
		{ (3U << 20) + 4096, "3076K" },
		{ UINT64_C(2) << 30, "2G" },
		{ UINT64_C(1) << 40, "1T" },
		{ UINT64_C(1) << 50, "1024T" },
		{ UINT64_C(1) << 63, "8388608T" },
		{ UINT64_MAX, "18446744073709551615" },
		{ UINT64_MAX - 1023, "18014398509481983K" },
	};
	char buf[32];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(c); i++) {
		assert_int_equal(memctl_format_size(c[i].v, buf, sizeof(buf)),
				 strlen(c[i].s));
		assert_string_equal(buf, c[i].s);
	}
}

/* Everything a formatter prints reads back to the value formatted. */
static void test_round_trip(void **state)
{
	static const uint64_t sizes[] = {
		0, 1, 512, 4095, 4096, 8192, 65536, 1U << 20, 3U << 20,
		(1U << 20) + 1, UINT64_C(1) << 30, UINT64_C(5) << 40,
		UINT64_C(1) << 62, UINT64_MAX, UINT64_MAX - 1023,
		UINT64_MAX >> 10 << 10, 0x123456789abcdef0ULL,
	};
	char buf[256];
	uint64_t v, x;
	uint32_t bits, back;
	size_t i;

	(void)state;
	for (bits = 0; bits <= MEMLAB_GFP_ALL; bits++) {
		assert_true(memctl_format_gfp(bits, buf, sizeof(buf)) >= 0);
		assert_int_equal(memctl_parse_gfp(buf, &back), 0);
		assert_int_equal(back, bits);
	}
	for (bits = 0; bits <= MEMLAB_SLAB_ALL; bits++) {
		assert_true(memctl_format_slab_flags(bits, buf,
						     sizeof(buf)) >= 0);
		assert_int_equal(memctl_parse_slab_flags(buf, &back), 0);
		assert_int_equal(back, bits);
	}
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		assert_true(memctl_format_size(sizes[i], buf,
					       sizeof(buf)) > 0);
		assert_int_equal(memctl_parse_size(buf, &v), 0);
		assert_true(v == sizes[i]);
	}
	/* and every power of two, and its neighbours */
	for (i = 0; i < 64; i++) {
		x = UINT64_C(1) << i;
		for (v = x - 1; v <= x + 1 && v >= x - 1; v++) {
			uint64_t y;

			assert_true(memctl_format_size(v, buf,
						       sizeof(buf)) > 0);
			assert_int_equal(memctl_parse_size(buf, &y), 0);
			assert_true(y == v);
		}
	}
}

/* ---- memctl_kind_name ---- */

static void test_kind_name(void **state)
{
	(void)state;
	assert_string_equal(memctl_kind_name(MEMLAB_KIND_KMALLOC), "kmalloc");
	assert_string_equal(memctl_kind_name(MEMLAB_KIND_CACHE), "cache");
	assert_string_equal(memctl_kind_name(MEMLAB_KIND_CACHE_OBJ),
			    "cache-obj");
	assert_string_equal(memctl_kind_name(MEMLAB_KIND_PAGES), "pages");
	assert_string_equal(memctl_kind_name(MEMLAB_KIND_VMALLOC), "vmalloc");
	assert_string_equal(memctl_kind_name(MEMLAB_KIND_DMA_COHERENT),
			    "dma-coherent");
	assert_string_equal(memctl_kind_name(MEMLAB_KIND_DMA_STREAMING),
			    "dma-streaming");
	assert_null(memctl_kind_name(0));
	assert_null(memctl_kind_name(MEMLAB_KIND_NR));
	assert_null(memctl_kind_name(MEMLAB_KIND_NR + 1));
	assert_null(memctl_kind_name(UINT32_MAX));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_size_decimal),
		cmocka_unit_test(test_size_suffixes),
		cmocka_unit_test(test_size_hex),
		cmocka_unit_test(test_size_limits),
		cmocka_unit_test(test_size_garbage),
		cmocka_unit_test(test_size_null),
		cmocka_unit_test(test_gfp_each_name),
		cmocka_unit_test(test_gfp_lists),
		cmocka_unit_test(test_gfp_invalid),
		cmocka_unit_test(test_slab_each_name),
		cmocka_unit_test(test_slab_lists),
		cmocka_unit_test(test_slab_invalid),
		cmocka_unit_test(test_format_gfp),
		cmocka_unit_test(test_format_slab_flags),
		cmocka_unit_test(test_format_nospc),
		cmocka_unit_test(test_format_size),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_kind_name),
	};

	return cmocka_run_group_tests_name("libmemctl-syntax", tests, NULL,
					   NULL);
}
