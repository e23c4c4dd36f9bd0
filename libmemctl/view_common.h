/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * view_common.h - private helpers of libmemctl's kernel-view readers.
 *
 * Every reader follows the same pattern: build the path of its file under
 * the sysroot, read it line by line, cut each line into tokens, convert the
 * tokens with the strict number parsers below and append to a growable
 * array. Whatever goes wrong is reported once through view_fail(), which
 * fills struct memctl_err and returns the negative errno to pass up.
 */
#ifndef LIBMEMCTL_VIEW_COMMON_H
#define LIBMEMCTL_VIEW_COMMON_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "memctl.h"

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

#ifndef __printf
#define __printf(a, b)		__attribute__((format(printf, a, b)))
#endif

#define VIEW_ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* Most tokens a reader asks for on one line; the rest are left joined. */
#define VIEW_MAX_TOKENS		64

/* An open view file and where the reader is in it. */
struct view_file {
	FILE *fp;
	char path[PATH_MAX];	/* as opened: sysroot + kernel path */
	unsigned int line;	/* 1-based number of the last line read */
	char *buf;		/* getline() buffer */
	size_t buf_size;
	struct memctl_err *err;
};

/*
 * view_fail() - record a failure in @err (may be NULL) and return -@errnum.
 * @line is 0 when the failure is not a line's (open, read, missing file).
 */
int view_fail(struct memctl_err *err, const char *path, unsigned int line,
	      int errnum, const char *fmt, ...) __printf(5, 6);

/* view_fail() at the current line of @vf, always -EINVAL. */
int view_bad_line(struct view_file *vf, const char *fmt, ...) __printf(2, 3);

/* Clear @err (may be NULL) so that a success leaves no stale message. */
void view_err_clear(struct memctl_err *err);

/*
 * view_path() - "@root@kpath" into @buf: @root NULL, "" or "/" is this
 * machine, so @kpath (absolute, e.g. "/proc/slabinfo") is used as is.
 * Return: 0 or -ENAMETOOLONG.
 */
int view_path(char *buf, size_t len, const char *root, const char *kpath);

/*
 * view_join() - "@dir/@name" into @buf, cut short if it does not fit (the
 * result is then only good for a message). Return: 0 or -ENAMETOOLONG.
 */
int view_join(char *buf, size_t len, const char *dir, const char *name);

/* Open @kpath under @root for reading line by line. */
int view_open(struct view_file *vf, const char *root, const char *kpath,
	      struct memctl_err *err);
void view_close(struct view_file *vf);

/*
 * view_next_line() - the next line, without its newline, in *@line (valid
 * until the next call). Return: 1 for a line, 0 at the end of the file, or
 * -errno (a read error, or -EINVAL for a line with a NUL byte in it).
 */
int view_next_line(struct view_file *vf, char **line);

/*
 * view_tokenize() - split @line in place at blanks (spaces and tabs) into at
 * most @max tokens. Return: the number of tokens. @starts receives, for
 * each token, its offset in the original line (may be NULL), so that a
 * reader can take a run of tokens as one field, e.g. a name with blanks.
 */
size_t view_tokenize(char *line, char **tokens, size_t *starts, size_t max);

/*
 * Strict number parsers: the whole of @s must be the number (decimal, or
 * hex with or without "0x" for _hex), no sign, no blanks, no overflow.
 * Return: 0 or -EINVAL.
 */
int view_parse_u64(const char *s, uint64_t *out);
int view_parse_u32(const char *s, uint32_t *out);
int view_parse_hex(const char *s, uint64_t *out);

/*
 * view_parse_node() - "0," as printed after "Node" in buddyinfo and
 * pagetypeinfo: a node number and its comma. Return: 0 or -EINVAL.
 */
int view_parse_node(const char *s, int *node);

/* Copy @src into @dst of @size bytes, truncated to fit, always terminated. */
void view_copy_name(char *dst, size_t size, const char *src);

/*
 * view_array_grow() - make room for element @nr (0-based) in @items, an array
 * of @elem_size-byte elements with room for *@cap, doubling the room when it
 * is full. The new room is zeroed. Return: the array (it may have moved), or
 * NULL when out of memory, in which case @items is untouched and still owned
 * by the caller.
 */
void *view_array_grow(void *items, size_t nr, size_t *cap, size_t elem_size);

/*
 * view_read_attr() - read a small sysfs attribute @name in directory @dir
 * (a full path) into @buf, NUL-terminated, trailing newline dropped.
 * Return: the length, or -errno (-ENOENT when the file does not exist).
 */
/*
 * view_read_records() - parse every non-blank line of the open file into a
 * growing array of @elem_size items, one per line, with @parse. On success
 * *@items (free()) and *@nr hold the result; on failure nothing is left.
 */
int view_read_records(struct view_file *vf, size_t elem_size,
		      int (*parse)(struct view_file *vf, char *line, void *item),
		      void **items, size_t *nr);

int view_read_attr(const char *dir, const char *name, char *buf, size_t len,
		   struct memctl_err *err);

#endif /* LIBMEMCTL_VIEW_COMMON_H */
