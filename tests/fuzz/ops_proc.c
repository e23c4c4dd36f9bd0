// SPDX-License-Identifier: GPL-2.0
/*
 * The file and the process around the objects: close and reopen of a
 * thread's /dev/memlab file (its file-scoped objects must go, persistent
 * ones and mappings must stay), and fork(): the child gets a new file and
 * runs a few operations of its own, uses its parent's objects read-only
 * through the inherited file, touches and unmaps the inherited mappings,
 * and exits without cleaning up, which the kernel then does.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine.h"

void fz_op_reopen(struct fz_thread *t)
{
	struct memlab_obj_info oi;
	__u32 ids[FZ_MAX_OBJS + FZ_MAX_CACHES];
	bool pers[FZ_MAX_OBJS + FZ_MAX_CACHES];
	int nfd, i, n = 0, nobjs = t->nr_objs, nmaps = t->nr_maps;
	struct fz_exp e;
	long rc;

	for (i = 0; i < t->nr_objs; i++) {
		ids[n] = t->objs[i].id;
		pers[n++] = t->objs[i].persistent;
	}
	for (i = 0; i < t->nr_caches; i++) {
		ids[n] = t->caches[i].id;
		pers[n++] = t->caches[i].persistent;
	}
	fz_exp_init(&e, FZ_B(ENOMEM));
	nfd = open(FZ_DEV, O_RDWR | O_CLOEXEC);
	if (nfd < 0) {
		fz_check(t, FZ_OP_REOPEN, -errno, &e, "open " FZ_DEV);
		return;
	}
	rc = close(t->fd) ? -errno : 0;
	t->fd = nfd;
	fz_check(t, FZ_OP_REOPEN, rc, &e,
		 "close the own file (%d objects, %d caches, %d mappings), open another",
		 nobjs, n - nobjs, nmaps);
	/* file-scoped objects went with the file, persistent ones stay */
	for (i = 0; i < n; i++) {
		bool seen = fz_obj_info(nfd, ids[i], &oi);

		if (!pers[i])
			fz_count(t, FZ_CHK_CLOSED);
		if (!pers[i] && seen)
			fz_finding(t, "file-scoped %s id %u outlived its file",
				   fz_kindname(oi.kind), ids[i]);
		if (!pers[i])
			fz_forget(t, ids[i], true);
	}
	/* the mappings still hold their objects */
	fz_touch_some(t, 4);
}

static void __attribute__((noreturn)) fz_child(struct fz_thread *t)
{
	unsigned int i, n;

	t->child = true;
	t->parent_fd = t->fd;
	t->fd = open(FZ_DEV, O_RDWR | O_CLOEXEC);
	if (t->fd < 0) {
		fz_say(2, "memlab-fuzz: fork child: open " FZ_DEV ": %s",
		       fz_errname(errno));
		_exit(3);
	}
	/* the parent's objects: read-only use through the parent's file */
	memcpy(t->inh, t->objs, sizeof(t->objs));
	t->nr_inh = t->nr_objs;
	t->nr_objs = 0;
	t->nr_caches = 0;
	t->held = 0;
	t->nl.sk = NULL;		/* the parent's socket: not ours */
	t->rng ^= 0x632be59bd9b4e019ULL;
	n = 4 + fz_below(t, 12);
	for (i = 0; i < n; i++) {
		t->child_op = i;
		fz_run_op(t, true);
		atomic_fetch_add(&t->run->st->child_ops, 1);
	}
	/* no cleanup: exit releases the file and the mappings */
	_exit(0);
}

void fz_op_fork(struct fz_thread *t)
{
	struct fz_exp e;
	int status;
	pid_t pid;
	long rc = 0;

	fz_exp_init(&e, FZ_B(ENOMEM) | FZ_B(EAGAIN));
	pid = fork();
	if (pid == 0)
		fz_child(t);
	if (pid < 0)
		rc = -errno;
	fz_check(t, FZ_OP_FORK, rc, &e, "a thread with %d objects, %d mappings",
		 t->nr_objs, t->nr_maps);
	if (pid < 0)
		return;
	atomic_fetch_add(&t->run->st->forks, 1);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			fz_finding(t, "waitpid for fork child %d: %s", (int)pid,
				   fz_errname(errno));
			return;
		}
	}
	if (WIFSIGNALED(status))
		fz_finding(t, "fork child %d killed by signal %d (%s)",
			   (int)pid, WTERMSIG(status), strsignal(WTERMSIG(status)));
	else if (WEXITSTATUS(status))
		fz_finding(t, "fork child %d exited with status %d", (int)pid,
			   WEXITSTATUS(status));
}
