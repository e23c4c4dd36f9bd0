// SPDX-License-Identifier: GPL-2.0
/*
 * Run a program, capture its output: see run.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "run.h"

struct buf {
	char *p;
	size_t len, cap;
};

static int buf_read(struct buf *b, int fd)
{
	ssize_t n;

	if (b->cap - b->len < 4097) {
		size_t cap = b->cap ? b->cap * 2 : 16384;
		char *p = realloc(b->p, cap);

		if (!p)
			return -ENOMEM;
		b->p = p;
		b->cap = cap;
	}
	n = read(fd, b->p + b->len, b->cap - b->len - 1);
	if (n < 0)
		return errno == EINTR ? 1 : -errno;
	b->len += n;
	b->p[b->len] = 0;
	return n > 0;
}

static char *buf_take(struct buf *b)
{
	if (!b->p)
		return strdup("");
	return b->p;
}

int run_argv(struct run *r, char *const argv[], const char *chroot_dir,
	     unsigned int flags)
{
	struct buf out = { 0 }, err = { 0 };
	int po[2], pe[2], status, open_fds = 2;
	struct pollfd pfd[2];
	pid_t pid;

	memset(r, 0, sizeof(*r));
	r->rc = -1;
	fflush(NULL);
	if (pipe2(po, O_CLOEXEC) || pipe2(pe, O_CLOEXEC))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		int devnull = open("/dev/null", O_RDONLY);

		dup2(devnull, 0);
		dup2(po[1], 1);
		dup2(pe[1], 2);
		signal(SIGPIPE, SIG_DFL);
		if (chroot_dir && (chroot(chroot_dir) || chdir("/"))) {
			perror("chroot");
			_exit(126);
		}
		if ((flags & RUN_AS_NOBODY) && (setgroups(0, NULL) ||
						setgid(65534) || setuid(65534))) {
			perror("setuid");
			_exit(126);
		}
		execv(argv[0], argv);
		fprintf(stderr, "exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(po[1]);
	close(pe[1]);
	pfd[0].fd = po[0];
	pfd[1].fd = pe[0];
	while (open_fds) {
		int i;

		pfd[0].events = pfd[0].fd >= 0 ? POLLIN : 0;
		pfd[1].events = pfd[1].fd >= 0 ? POLLIN : 0;
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (i = 0; i < 2; i++) {
			if (pfd[i].fd < 0 || !pfd[i].revents)
				continue;
			if (buf_read(i ? &err : &out, pfd[i].fd) <= 0) {
				close(pfd[i].fd);
				pfd[i].fd = -1;
				open_fds--;
			}
		}
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	r->out = buf_take(&out);
	r->err = buf_take(&err);
	if (WIFEXITED(status))
		r->rc = WEXITSTATUS(status);
	else if (WIFSIGNALED(status))
		r->rc = 128 + WTERMSIG(status);
	return r->rc;
}

void run_free(struct run *r)
{
	free(r->out);
	free(r->err);
	r->out = NULL;
	r->err = NULL;
}

size_t count_lines(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

struct json_object *parse_json(const char *s)
{
	struct json_tokener *tok = json_tokener_new();
	struct json_object *o;
	size_t used;

	o = json_tokener_parse_ex(tok, s, strlen(s));
	if (!o) {
		fprintf(stderr, "not JSON (%s): %.200s\n",
			json_tokener_error_desc(json_tokener_get_error(tok)), s);
		json_tokener_free(tok);
		return NULL;
	}
	used = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	if (s[used + strspn(s + used, " \t\r\n")]) {
		fprintf(stderr, "more than one JSON document: %.200s\n", s + used);
		json_object_put(o);
		return NULL;
	}
	return o;
}

char *find_line(const char *s, const char *prefix, char *buf, size_t len)
{
	size_t plen = strlen(prefix);
	const char *p = s, *nl;

	while (*p) {
		nl = strchr(p, '\n');
		if (!nl)
			nl = p + strlen(p);
		if ((size_t)(nl - p) >= plen && !strncmp(p, prefix, plen)) {
			snprintf(buf, len, "%.*s", (int)(nl - p), p);
			return buf;
		}
		p = *nl ? nl + 1 : nl;
	}
	return NULL;
}

void run_dump(const struct run *r)
{
	fprintf(stderr, "rc %d\n--- stdout ---\n%s--- stderr ---\n%s--------------\n",
		r->rc, r->out, r->err);
}
