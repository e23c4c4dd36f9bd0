// SPDX-License-Identifier: GPL-2.0
/*
 * udev: Debian's own systemd-udevd and udevadm apply the project's rule
 * (udev/60-memlab.rules, installed where `make install PREFIX=/usr` puts
 * it) to /dev/memlab, with group memlab created by Debian's systemd-sysusers
 * from the project's entry (udev/memlab.sysusers): after a coldplug
 * trigger, and again after the module is unloaded and loaded (hotplug),
 * the node is root:memlab 0660; a member of the group opens it, anyone
 * else gets EACCES.
 *
 * The binaries and the two files come in the payload's udev/ directory
 * (tests/udev/Makefile; run-guest.sh copies the binaries' libraries).
 * Without the udev package on the host there are no binaries and every
 * test skips, saying so.
 *
 * udevd runs only while this binary does: the group teardown stops it and
 * gives /dev/memlab back the owner and mode it had. The hotplug test
 * reloads the module with the parameters it had (as test_module does) and
 * always leaves it loaded.
 */
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "common.h"

#define DEFAULT_DIR	"/payload/udev"
#define DEFAULT_KO	"/payload/memlab.ko"
#define RULES_DIR	"/usr/lib/udev/rules.d"
#define RULE		"60-memlab.rules"
#define UDEVD_LOG	"/tmp/memlab-udevd.log"
#define CONTROL		"/run/udev/control"

static const char *const param_names[] = {
	"max_bytes", "max_objects", "max_caches", "max_order",
	"uid_max_bytes", "charge_memcg", "dma_mask_bits",
};

struct udev_fx {
	char dir[256];
	char ko[PATH_MAX];
	char params[512];
	char why[640];
	bool skip;
	pid_t udevd;
	gid_t gid;		/* group memlab, from /etc/group */
	struct stat dev0;	/* /dev/memlab before the tests */
	bool have_dev0;
};

static void msleep(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Exit status of @pid, -signal when killed, -1000 when unknown. */
static int wait_rc(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1000;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return -WTERMSIG(status);
	return -1000;
}

/* Run @argv (a program of the payload's udev/bin unless absolute). */
static int run(struct udev_fx *u, const char *const argv[])
{
	char path[512];
	pid_t pid;

	if (argv[0][0] == '/')
		snprintf(path, sizeof(path), "%s", argv[0]);
	else
		snprintf(path, sizeof(path), "%s/bin/%s", u->dir, argv[0]);
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (!pid) {
		ml_child_signals();
		execv(path, (char *const *)argv);
		perror(path);
		_exit(127);
	}
	return wait_rc(pid);
}

static void dump_udevd_log(void)
{
	char buf[4096];
	ssize_t n;
	int fd;

	fd = open(UDEVD_LOG, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	print_message("---- %s ----\n", UDEVD_LOG);
	fflush(stdout);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		if (write(STDOUT_FILENO, buf, n) != n)
			break;
	close(fd);
	print_message("---- end of %s ----\n", UDEVD_LOG);
}

/* The gid of @name in /etc/group, or -1. */
static long group_gid(const char *name)
{
	char line[512];
	size_t len = strlen(name);
	long gid = -1;
	FILE *f;

	f = fopen("/etc/group", "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char *p;

		if (strncmp(line, name, len) || line[len] != ':')
			continue;
		p = strchr(line + len + 1, ':');	/* after the password */
		if (p)
			gid = strtol(p + 1, NULL, 10);
		break;
	}
	fclose(f);
	return gid;
}

static int copy_file(const char *from, const char *to)
{
	char buf[4096];
	int in, out, rc = 0;
	ssize_t n;

	in = open(from, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -errno;
	out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (out < 0) {
		rc = -errno;
		close(in);
		return rc;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, n) != n) {
			rc = -EIO;
			break;
		}
	if (n < 0)
		rc = -errno;
	close(in);
	if (close(out) && !rc)
		rc = -errno;
	return rc;
}

static int mkdirs(const char *path)
{
	char buf[PATH_MAX];
	char *p;

	snprintf(buf, sizeof(buf), "%s", path);
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(buf, 0755) && errno != EEXIST)
		return -errno;
	return 0;
}

/* ------------------------------------------------------------------ */
/* The module: unload and load again with the parameters it had        */

static bool loaded(void)
{
	return ml_path_exists("/sys/module/memlab/initstate");
}

static int reload(struct udev_fx *u)
{
	int rc = ml_module_load(u->ko, u->params);

	if (rc == -EINVAL)
		rc = ml_module_load(u->ko, "");
	return rc;
}

static void save_params(struct udev_fx *u)
{
	const char *penv = getenv("MEMLAB_KO_PARAMS");
	unsigned int i;
	size_t n = 0;

	if (penv) {
		snprintf(u->params, sizeof(u->params), "%s", penv);
		return;
	}
	for (i = 0; i < ML_ARRAY_SIZE(param_names); i++) {
		char val[64];

		if (ml_param_read(param_names[i], val, sizeof(val)) <= 0)
			continue;
		n += snprintf(u->params + n, sizeof(u->params) - n, "%s%s=%s",
			      n ? " " : "", param_names[i], val);
	}
}

/* ------------------------------------------------------------------ */
/* udevd                                                               */

static int start_udevd(struct udev_fx *u)
{
	char path[512];
	unsigned int t;
	int fd;

	snprintf(path, sizeof(path), "%s/bin/systemd-udevd", u->dir);
	fflush(stdout);
	fflush(stderr);
	u->udevd = fork();
	if (u->udevd < 0)
		return -errno;
	if (!u->udevd) {
		ml_child_signals();
		fd = open(UDEVD_LOG, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
			  0644);
		if (fd >= 0) {
			dup2(fd, STDOUT_FILENO);
			dup2(fd, STDERR_FILENO);
		}
		execl(path, "systemd-udevd", (char *)NULL);
		perror(path);
		_exit(127);
	}
	/* Ready once its control socket exists (TCG: allow a while). */
	for (t = 0; t < 30000; t += 100) {
		if (ml_path_exists(CONTROL))
			return 0;
		if (waitpid(u->udevd, NULL, WNOHANG) == u->udevd) {
			u->udevd = 0;
			return -ECHILD;
		}
		msleep(100);
	}
	return -ETIMEDOUT;
}

static void stop_udevd(struct udev_fx *u)
{
	static const char *const exit_argv[] = {
		"udevadm", "control", "--exit", NULL
	};
	unsigned int t;

	if (u->udevd <= 0)
		return;
	run(u, exit_argv);
	for (t = 0; t < 10000; t += 100) {
		if (waitpid(u->udevd, NULL, WNOHANG) == u->udevd) {
			u->udevd = 0;
			return;
		}
		msleep(100);
	}
	print_error("systemd-udevd did not exit: killing it\n");
	kill(u->udevd, SIGKILL);
	waitpid(u->udevd, NULL, 0);
	u->udevd = 0;
}

static int settle(struct udev_fx *u)
{
	static const char *const settle_argv[] = {
		"udevadm", "settle", "--timeout=120", NULL
	};

	return run(u, settle_argv);
}

/*
 * Wait until /dev/memlab is root:memlab 0660 (udev applies the rule after
 * devtmpfs made the node root:root 0600). Returns true when it is, with
 * *st the last stat.
 */
static bool wait_rule_applied(struct udev_fx *u, struct stat *st)
{
	unsigned int t;

	for (t = 0; t <= 20000; t += 100) {
		if (!stat(ML_DEV, st) && S_ISCHR(st->st_mode) &&
		    st->st_uid == 0 && st->st_gid == u->gid &&
		    (st->st_mode & 07777) == 0660)
			return true;
		msleep(100);
	}
	return false;
}

static void assert_rule_applied(struct udev_fx *u, const char *when)
{
	struct stat st = { 0 };

	if (wait_rule_applied(u, &st)) {
		print_message("%s: /dev/memlab root:memlab(%u) %04o\n", when,
			      (unsigned int)u->gid,
			      (unsigned int)(st.st_mode & 07777));
		return;
	}
	dump_udevd_log();
	fail_msg("%s: /dev/memlab is %u:%u %04o (%s), want 0:%u 0660 (rule %s)",
		 when, (unsigned int)st.st_uid, (unsigned int)st.st_gid,
		 (unsigned int)(st.st_mode & 07777),
		 S_ISCHR(st.st_mode) ? "char device" : "no char device",
		 (unsigned int)u->gid, RULES_DIR "/" RULE);
}

/* ------------------------------------------------------------------ */
/* Fixture: group memlab, the rule, udevd; undone by the teardown      */

static int sysusers_rc = -1000;

static int run_sysusers(struct udev_fx *u)
{
	char conf[512];
	const char *argv[] = { "systemd-sysusers", conf, NULL };

	snprintf(conf, sizeof(conf), "%s/sysusers.d/memlab.conf", u->dir);
	return run(u, argv);
}

static int udev_setup(void **state)
{
	const char *dir = getenv("MEMLAB_UDEV_DIR");
	const char *ko = getenv("MEMLAB_KO");
	struct udev_fx *u = calloc(1, sizeof(*u));
	char path[512];
	long gid;
	int rc;

	if (!u)
		return -1;
	*state = u;
	snprintf(u->dir, sizeof(u->dir), "%s", dir && *dir ? dir : DEFAULT_DIR);
	snprintf(u->ko, sizeof(u->ko), "%s", ko && *ko ? ko : DEFAULT_KO);
	snprintf(path, sizeof(path), "%s/missing", u->dir);
	if (ml_read_file(path, u->why, sizeof(u->why)) > 0) {
		u->skip = true;		/* tests/udev/Makefile says why */
		return 0;
	}
	snprintf(path, sizeof(path), "%s/bin/systemd-udevd", u->dir);
	if (access(path, X_OK)) {
		u->skip = true;
		snprintf(u->why, sizeof(u->why),
			 "no %s (tests/udev/Makefile copies the host's udev)",
			 path);
		return 0;
	}
	if (!loaded() || stat(ML_DEV, &u->dev0)) {
		u->skip = true;
		snprintf(u->why, sizeof(u->why), "memlab is not loaded");
		return 0;
	}
	u->have_dev0 = true;
	save_params(u);

	/* The group first: udevd resolves GROUP= when it reads the rules. */
	sysusers_rc = run_sysusers(u);
	gid = group_gid("memlab");
	u->gid = gid > 0 ? (gid_t)gid : (gid_t)-1;

	rc = mkdirs(RULES_DIR);
	snprintf(path, sizeof(path), "%s/rules.d/" RULE, u->dir);
	if (!rc)
		rc = copy_file(path, RULES_DIR "/" RULE);
	if (rc) {
		print_error("cannot install %s: %s\n", RULE, ml_errname(rc));
		return -1;
	}
	rc = start_udevd(u);
	if (rc) {
		print_error("systemd-udevd did not start: %s\n", ml_errname(rc));
		dump_udevd_log();
		return -1;
	}
	return 0;
}

static int udev_teardown(void **state)
{
	struct udev_fx *u = *state;
	unsigned int t;
	int rc = 0;

	stop_udevd(u);
	if (u->have_dev0 && !loaded()) {
		print_error("module left unloaded: loading it again\n");
		if (reload(u)) {
			print_error("reload of %s failed\n", u->ko);
			rc = -1;
		}
	}
	/* The node as the bench made it, for the tests that follow. */
	for (t = 0; u->have_dev0 && t < 5000 && !ml_path_exists(ML_DEV); t += 50)
		msleep(50);
	if (u->have_dev0 &&
	    (chown(ML_DEV, u->dev0.st_uid, u->dev0.st_gid) ||
	     chmod(ML_DEV, u->dev0.st_mode & 07777))) {
		print_error("cannot restore %s: %s\n", ML_DEV, strerror(errno));
		rc = -1;
	}
	free(u);
	return rc;
}

static struct udev_fx *udev_fx(void **state)
{
	struct udev_fx *u = *state;

	if (u->skip)
		ml_skip("%s", u->why);
	return u;
}

/* ------------------------------------------------------------------ */
/* Tests                                                               */

/* systemd-sysusers makes memlab a system group, and keeps it on a rerun. */
static void test_sysusers_group(void **state)
{
	struct udev_fx *u = udev_fx(state);
	long gid;

	if (sysusers_rc)
		fail_msg("systemd-sysusers memlab.conf exited %d", sysusers_rc);
	if (u->gid == (gid_t)-1)
		fail_msg("no group memlab in /etc/group after systemd-sysusers");
	print_message("group memlab: gid %u\n", (unsigned int)u->gid);
	/* the system range of login.defs (SYS_GID_MAX 999) */
	assert_true(u->gid > 0 && u->gid < 1000);
	assert_int_equal(run_sysusers(u), 0);
	gid = group_gid("memlab");
	assert_int_equal(gid, u->gid);
}

/* udevadm trigger: the rule applies to the node that already exists. */
static void test_coldplug(void **state)
{
	static const char *const trigger_argv[] = {
		"udevadm", "trigger", "--action=add", "--subsystem-match=misc",
		"--sysname-match=memlab", NULL
	};
	struct udev_fx *u = udev_fx(state);

	assert_int_equal(run(u, trigger_argv), 0);
	assert_int_equal(settle(u), 0);
	assert_rule_applied(u, "udevadm trigger");
}

static int child_open(void *arg)
{
	gid_t groups[] = { *(gid_t *)arg };
	int fd;

	if (setgroups(1, groups) || setgid(ML_NOBODY) || setuid(ML_NOBODY)) {
		perror("drop privileges");
		return 250;
	}
	fd = open(ML_DEV, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

/* Open as the caller is (ml_in_child_as_nobody: nobody, no groups). */
static int child_open_as_is(void *arg)
{
	int fd;

	(void)arg;
	fd = open(ML_DEV, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

/* A member of group memlab opens the node; another group, none: EACCES. */
static void test_group_access(void **state)
{
	struct udev_fx *u = udev_fx(state);
	gid_t other;

	assert_rule_applied(u, "before the access checks");
	assert_int_equal(ml_in_child(child_open, &u->gid), 0);
	other = u->gid + 1;
	assert_int_equal(ml_in_child(child_open, &other), EACCES);
	assert_int_equal(ml_in_child_as_nobody(child_open_as_is, NULL), EACCES);
}

/* rmmod + insmod: udevd sees the add event and applies the rule itself. */
static void test_hotplug(void **state)
{
	struct udev_fx *u = udev_fx(state);
	unsigned int t;
	int rc;

	rc = ml_module_unload();
	if (rc)
		fail_msg("rmmod memlab: %s", ml_errname(rc));
	for (t = 0; t < 5000 && ml_path_exists(ML_DEV); t += 50)
		msleep(50);
	assert_false(ml_path_exists(ML_DEV));
	rc = reload(u);
	if (rc)
		fail_msg("insmod %s %s: %s", u->ko, u->params, ml_errname(rc));
	assert_int_equal(settle(u), 0);
	assert_rule_applied(u, "after insmod");
	assert_int_equal(ml_in_child(child_open, &u->gid), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sysusers_group),
		cmocka_unit_test(test_coldplug),
		cmocka_unit_test(test_group_access),
		cmocka_unit_test(test_hotplug),
	};

	return cmocka_run_group_tests_name("memlab_udev", tests, udev_setup,
					   udev_teardown);
}
