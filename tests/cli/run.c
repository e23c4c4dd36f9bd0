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
#include <time.h>
#include <unistd.h>

#include "run.h"

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* Append what @fd has; 1 if it gave bytes, 0 at end of file, -errno. */
static int bg_read(struct run_bg *bg, int i)
{
	ssize_t n;

	if (bg->cap[i] - bg->len[i] < 4097) {
		size_t cap = bg->cap[i] ? bg->cap[i] * 2 : 16384;
		char *p = realloc(bg->buf[i], cap);

		if (!p)
			return -ENOMEM;
		bg->buf[i] = p;
		bg->cap[i] = cap;
	}
	n = read(bg->fd[i], bg->buf[i] + bg->len[i],
		 bg->cap[i] - bg->len[i] - 1);
	if (n < 0)
		return errno == EINTR ? 1 : -errno;
	bg->len[i] += n;
	bg->buf[i][bg->len[i]] = 0;
	return n > 0;
}

/*
 * Wait (until @deadline, -1: none) for output and read it; closes a pipe
 * at its end. Returns 0 when the deadline passed, 1 otherwise.
 */
static int bg_poll(struct run_bg *bg, long long deadline)
{
	struct pollfd pfd[2];
	int i, n, timeout = -1;

	for (i = 0; i < 2; i++) {
		pfd[i].fd = bg->fd[i];
		pfd[i].events = POLLIN;
		pfd[i].revents = 0;
	}
	if (deadline >= 0) {
		long long left = deadline - now_ms();

		if (left <= 0)
			return 0;
		timeout = left;
	}
	n = poll(pfd, 2, timeout);
	if (n < 0)
		return errno == EINTR ? 1 : 0;
	if (!n)
		return 0;
	for (i = 0; i < 2; i++) {
		if (pfd[i].fd < 0 || !pfd[i].revents)
			continue;
		if (bg_read(bg, i) <= 0) {
			close(bg->fd[i]);
			bg->fd[i] = -1;
		}
	}
	return 1;
}

int run_start(struct run_bg *bg, char *const argv[], const char *chroot_dir,
	      unsigned int flags)
{
	int po[2], pe[2];
	pid_t pid;

	memset(bg, 0, sizeof(*bg));
	bg->fd[0] = bg->fd[1] = -1;
	bg->pid = -1;
	fflush(NULL);
	if (pipe2(po, O_CLOEXEC))
		return -1;
	if (pipe2(pe, O_CLOEXEC)) {
		close(po[0]);
		close(po[1]);
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		close(po[0]);
		close(po[1]);
		close(pe[0]);
		close(pe[1]);
		return -1;
	}
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
	bg->pid = pid;
	bg->fd[0] = po[0];
	bg->fd[1] = pe[0];
	return 0;
}

size_t run_read_lines(struct run_bg *bg, size_t lines, int timeout_ms)
{
	long long deadline = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;

	while (bg->fd[0] >= 0 &&
	       count_lines(bg->buf[0] ? bg->buf[0] : "") < lines)
		if (!bg_poll(bg, deadline))
			break;
	return count_lines(bg->buf[0] ? bg->buf[0] : "");
}

bool run_read_until(struct run_bg *bg, int fd, const char *needle,
		    int timeout_ms)
{
	long long deadline = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;

	while (!bg->buf[fd] || !strstr(bg->buf[fd], needle)) {
		if (bg->fd[fd] < 0 || !bg_poll(bg, deadline))
			break;
	}
	return bg->buf[fd] && strstr(bg->buf[fd], needle);
}

int run_wait(struct run_bg *bg, struct run *r, int timeout_ms)
{
	long long deadline = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;
	int i, status = 0;

	memset(r, 0, sizeof(*r));
	r->rc = -1;
	while (bg->fd[0] >= 0 || bg->fd[1] >= 0) {
		if (bg_poll(bg, deadline))
			continue;
		/* too slow: kill it, then read what is left */
		if (bg->pid > 0)
			kill(bg->pid, SIGKILL);
		deadline = -1;
	}
	if (bg->pid > 0)
		while (waitpid(bg->pid, &status, 0) < 0 && errno == EINTR)
			;
	for (i = 0; i < 2; i++)
		if (!bg->buf[i])
			bg->buf[i] = strdup("");
	r->out = bg->buf[0];
	r->err = bg->buf[1];
	bg->buf[0] = bg->buf[1] = NULL;
	if (bg->pid <= 0)
		return r->rc;
	if (WIFEXITED(status))
		r->rc = WEXITSTATUS(status);
	else if (WIFSIGNALED(status))
		r->rc = 128 + WTERMSIG(status);
	bg->pid = -1;
	return r->rc;
}

int run_argv(struct run *r, char *const argv[], const char *chroot_dir,
	     unsigned int flags)
{
	struct run_bg bg;

	if (run_start(&bg, argv, chroot_dir, flags)) {
		memset(r, 0, sizeof(*r));
		r->rc = -1;
		return -1;
	}
	return run_wait(&bg, r, -1);
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
