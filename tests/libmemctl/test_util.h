/* SPDX-License-Identifier: GPL-2.0 */
/*
 * test_util.h - helpers of the libmemctl view tests: where the fixtures are,
 * and throw-away sysroots in /tmp for the malformed inputs.
 */
#ifndef LIBMEMCTL_TEST_UTIL_H
#define LIBMEMCTL_TEST_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "memctl.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* The captured sysroot fixtures/@name (absolute; $MEMCTL_FIXTURES overrides). */
const char *fixture_root(const char *name);

/* A new empty sysroot directory; removed with sysroot_remove(). */
char *sysroot_new(void);
void sysroot_remove(char *root);

/* Write @content to @root/@relpath, creating the directories on the way. */
void sysroot_write(const char *root, const char *relpath, const char *content);
/* The same for @len bytes (content with NUL bytes in it). */
void sysroot_write_bytes(const char *root, const char *relpath,
			 const void *content, size_t len);
void sysroot_mkdir(const char *root, const char *relpath);
void sysroot_symlink(const char *root, const char *relpath, const char *target);

/* Read a whole file into a malloc()ed, NUL-terminated buffer. */
char *read_whole_file(const char *path, size_t *len);

/* @s ends with @suffix. */
int ends_with(const char *s, const char *suffix);

/* Every group; each returns its number of failed tests. */
int run_fixture_tests(void);
int run_malformed_tests(void);
int run_live_tests(void);

#endif /* LIBMEMCTL_TEST_UTIL_H */
