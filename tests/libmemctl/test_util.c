// SPDX-License-Identifier: GPL-2.0
/*
 * test_util.c - fixtures and throw-away sysroots for the view tests.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test_util.h"

#ifndef FIXTURES_DIR
#error "FIXTURES_DIR must be defined by the Makefile"
#endif

const char *fixture_root(const char *name)
{
	static char path[PATH_MAX];
	const char *dir = getenv("MEMCTL_FIXTURES");
	int n;

	n = snprintf(path, sizeof(path), "%s/%s", dir ? dir : FIXTURES_DIR, name);
	assert_true(n > 0 && (size_t)n < sizeof(path));
	return path;
}

char *sysroot_new(void)
{
	char *root = strdup("/tmp/memctl-views-XXXXXX");

	assert_non_null(root);
	assert_non_null(mkdtemp(root));
	return root;
}

static int remove_entry(const char *path, const struct stat *st, int type,
			struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	return remove(path);
}

void sysroot_remove(char *root)
{
	if (!root)
		return;
	/* FTW_PHYS: symlinks are removed, never followed. */
	nftw(root, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(root);
}

static void make_parents(char *path)
{
	char *slash;

	for (slash = strchr(path + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (mkdir(path, 0755) && errno != EEXIST)
			fail_msg("mkdir %s: %s", path, strerror(errno));
		*slash = '/';
	}
}

void sysroot_mkdir(const char *root, const char *relpath)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s/", root, relpath);
	make_parents(path);
}

void sysroot_write_bytes(const char *root, const char *relpath,
			 const void *content, size_t len)
{
	char path[PATH_MAX];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", root, relpath);
	make_parents(path);
	fp = fopen(path, "w");
	if (!fp)
		fail_msg("create %s: %s", path, strerror(errno));
	assert_int_equal(fwrite(content, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

void sysroot_write(const char *root, const char *relpath, const char *content)
{
	sysroot_write_bytes(root, relpath, content, strlen(content));
}

void sysroot_symlink(const char *root, const char *relpath, const char *target)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", root, relpath);
	make_parents(path);
	if (symlink(target, path))
		fail_msg("symlink %s: %s", path, strerror(errno));
}

char *read_whole_file(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "r");
	char *buf = NULL;
	size_t size = 0, used = 0, n;

	if (!fp)
		fail_msg("open %s: %s", path, strerror(errno));
	for (;;) {
		if (used + 4096 + 1 > size) {
			size = size ? size * 2 : 8192;
			buf = realloc(buf, size);
			assert_non_null(buf);
		}
		n = fread(buf + used, 1, size - used - 1, fp);
		used += n;
		if (n == 0)
			break;
	}
	fclose(fp);
	buf[used] = '\0';
	if (len)
		*len = used;
	return buf;
}

int ends_with(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);

	return ls >= lx && !strcmp(s + ls - lx, suffix);
}
