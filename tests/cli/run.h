/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Running memctl (or another program) from a test and capturing its exit
 * status, stdout and stderr. Shared by the host tests and the guest test.
 */
#ifndef MEMCTL_TEST_RUN_H
#define MEMCTL_TEST_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include <json-c/json.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/**
 * struct run - what a finished program left behind
 * @rc: exit status, 128 + signal when killed, -1 when it could not run
 * @out: its stdout, NUL-terminated
 * @err: its stderr, NUL-terminated
 */
struct run {
	int rc;
	char *out;
	char *err;
};

/* Options of run_argv(). */
#define RUN_AS_NOBODY	0x1	/* drop to uid/gid 65534 first (needs root) */

/*
 * run_argv() - run @argv[0] (a path) with @argv, in @chroot_dir when not
 * NULL, and wait for it. Returns r->rc. Free with run_free().
 */
int run_argv(struct run *r, char *const argv[], const char *chroot_dir,
	     unsigned int flags);
void run_free(struct run *r);

/**
 * struct run_bg - a program started by run_start(), still running
 * @pid: its process id
 * @fd: the read ends of its stdout and stderr, -1 once at end of file
 * @buf: what it wrote to each so far, NUL-terminated (NULL before any)
 * @len: bytes in @buf
 * @cap: bytes allocated for @buf
 */
struct run_bg {
	pid_t pid;
	int fd[2];
	char *buf[2];
	size_t len[2];
	size_t cap[2];
};

/* Start @argv as run_argv() does, without waiting. 0 or -1. */
int run_start(struct run_bg *bg, char *const argv[], const char *chroot_dir,
	      unsigned int flags);
/*
 * Read its output until its stdout holds @lines lines, or it closes
 * stdout, or @timeout_ms passed. Returns the lines of stdout so far.
 */
size_t run_read_lines(struct run_bg *bg, size_t lines, int timeout_ms);
/*
 * Read its output until its stdout (@fd 0) or stderr (@fd 1) holds
 * @needle, or that pipe ends, or @timeout_ms passed. True if it does.
 */
bool run_read_until(struct run_bg *bg, int fd, const char *needle,
		    int timeout_ms);
/*
 * Read its output to the end and reap it; if that takes longer than
 * @timeout_ms (-1: no limit), kill it with SIGKILL first (r->rc then is
 * 128 + 9). Moves the output into @r; returns r->rc.
 */
int run_wait(struct run_bg *bg, struct run *r, int timeout_ms);

/* Count the lines of @s. */
size_t count_lines(const char *s);

/*
 * parse_json() - parse all of @s as exactly one JSON document (nothing but
 * blanks after it). Returns the object (put it with json_object_put) or
 * NULL, printing why.
 */
struct json_object *parse_json(const char *s);

/* The line of @s starting with @prefix, copied into @buf, or NULL. */
char *find_line(const char *s, const char *prefix, char *buf, size_t len);

/* Print a finished run's exit status and output (for a failed check). */
void run_dump(const struct run *r);

/*
 * cmocka checks on a run that show its output when they fail; the file
 * including this header includes <cmocka.h> and <string.h> first.
 */
#define assert_rc(r, want)				\
	do {						\
		if ((r)->rc != (want))			\
			run_dump(r);			\
		assert_int_equal((r)->rc, (want));	\
	} while (0)

#define assert_has(s, sub)						\
	do {								\
		if (!strstr((s), (sub)))				\
			fprintf(stderr, "missing \"%s\" in:\n%s\n", (sub), (s)); \
		assert_non_null(strstr((s), (sub)));			\
	} while (0)

#endif /* MEMCTL_TEST_RUN_H */
