// SPDX-License-Identifier: GPL-2.0
/*
 * memctl monitoring verbs over memlab's generic netlink family: stat (the
 * driver's counters and limits) and monitor (its events as they happen).
 * Neither opens /dev/memlab: any user may ask and listen, as long as the
 * module is loaded. `ls --netlink` (cmd_object.c) lists through it too.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static const char *kind_str(uint32_t kind)
{
	const char *s = memctl_kind_name(kind);

	return s ? s : "unknown";
}

/* "ENOMEM" for 12; the number itself if the C library has no name. */
static const char *errno_str(uint32_t err, char *buf, size_t len)
{
	const char *s = err ? strerrorname_np(err) : NULL;

	if (s)
		return s;
	snprintf(buf, len, "%u", err);
	return buf;
}

/* ---- stat ---- */

/* "4202496 (4M)": exact bytes, and readable ones when they differ. */
static void stat_bytes(const char *label, uint64_t bytes)
{
	char sz[32];

	printf("%-19s%llu", label, (unsigned long long)bytes);
	if (bytes >= 1024)
		printf(" (%s)", cli_size(bytes, sz, sizeof(sz)));
	putchar('\n');
}

static void stat_count(const char *label, uint64_t n)
{
	printf("%-19s%llu\n", label, (unsigned long long)n);
}

static void stat_text(const struct memctl_stats *st)
{
	char sz[32];
	uint32_t k;

	stat_count("version:", st->version);
	stat_count("objects:", st->objects);
	stat_bytes("bytes:", st->bytes);
	stat_count("caches:", st->caches);
	stat_count("mapped:", st->mapped);
	stat_count("allocs:", st->allocs);
	stat_count("frees:", st->frees);
	stat_count("failures:", st->failures);
	stat_count("limit hits:", st->limit_hits);
	stat_bytes("bytes of your uid:", st->uid_bytes);
	putchar('\n');
	stat_bytes("max_bytes:", st->max_bytes);
	stat_count("max_objects:", st->max_objects);
	stat_count("max_caches:", st->max_caches);
	if (st->uid_max_bytes)
		stat_bytes("uid_max_bytes:", st->uid_max_bytes);
	else
		printf("%-19s0 (none)\n", "uid_max_bytes:");
	stat_count("max_order:", st->max_order);
	putchar('\n');
	printf("%-13s %10s %10s %10s %10s %10s %10s\n", "KIND", "OBJECTS",
	       "BYTES", "ALLOCS", "FREES", "FAILURES", "LIMIT-HITS");
	for (k = 1; k < MEMLAB_KIND_NR; k++) {
		const struct memctl_kind_stats *ks = &st->kinds[k];

		printf("%-13s %10llu %10s %10llu %10llu %10llu %10llu\n",
		       kind_str(k), (unsigned long long)ks->objects,
		       cli_size(ks->bytes, sz, sizeof(sz)),
		       (unsigned long long)ks->allocs,
		       (unsigned long long)ks->frees,
		       (unsigned long long)ks->failures,
		       (unsigned long long)ks->limit_hits);
	}
}

static void json_add_u64(struct json_object *j, const char *key, uint64_t v)
{
	json_object_object_add(j, key, cli_json_u64(v));
}

static struct json_object *stat_json(const struct memctl_stats *st)
{
	struct json_object *j = json_object_new_object();
	struct json_object *lim = json_object_new_object();
	struct json_object *kinds = json_object_new_object();
	uint32_t k;

	json_add_u64(j, "version", st->version);
	json_add_u64(j, "objects", st->objects);
	json_add_u64(j, "bytes", st->bytes);
	json_add_u64(j, "caches", st->caches);
	json_add_u64(j, "mapped", st->mapped);
	json_add_u64(j, "allocs", st->allocs);
	json_add_u64(j, "frees", st->frees);
	json_add_u64(j, "failures", st->failures);
	json_add_u64(j, "limit_hits", st->limit_hits);
	json_add_u64(j, "uid_bytes", st->uid_bytes);
	json_add_u64(lim, "max_bytes", st->max_bytes);
	json_add_u64(lim, "max_objects", st->max_objects);
	json_add_u64(lim, "max_caches", st->max_caches);
	json_add_u64(lim, "uid_max_bytes", st->uid_max_bytes);
	json_add_u64(lim, "max_order", st->max_order);
	json_object_object_add(j, "limits", lim);
	for (k = 1; k < MEMLAB_KIND_NR; k++) {
		const struct memctl_kind_stats *ks = &st->kinds[k];
		struct json_object *o = json_object_new_object();

		json_add_u64(o, "objects", ks->objects);
		json_add_u64(o, "bytes", ks->bytes);
		json_add_u64(o, "allocs", ks->allocs);
		json_add_u64(o, "frees", ks->frees);
		json_add_u64(o, "failures", ks->failures);
		json_add_u64(o, "limit_hits", ks->limit_hits);
		json_object_object_add(kinds, kind_str(k), o);
	}
	json_object_object_add(j, "kinds", kinds);
	return j;
}

int cmd_stat(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ NULL, 0, NULL, 0 }
	};
	struct memctl_stats st;
	int c, rc, err;

	while ((c = cli_getopt(cli, argc, argv, "", opts)) != -1)
		return c == CLI_OPT_HELP ? CLI_EXIT_OK : CLI_EXIT_USAGE;
	rc = cli_nargs(cli, argc - optind, 0, 0);
	if (rc)
		return rc;
	rc = cli_nl_open(cli);
	if (rc)
		return rc;
	memset(&st, 0, sizeof(st));
	err = memctl_nl_stats(cli->nl, &st);
	if (err < 0)
		return cli_nl_fail(cli, err, "stat");
	if (cli->json)
		cli_json_print(cli, stat_json(&st));
	else
		stat_text(&st);
	return CLI_EXIT_OK;
}

/* ---- monitor ---- */

/**
 * struct monitor - state of `memctl monitor`
 * @json: JSON lines instead of text
 * @timestamps: prefix each event with the time it was received (-t)
 * @count: stop after this many events (0: never)
 * @seen: events printed so far
 * @done: @count reached
 * @werr: writing stdout failed with this errno
 */
struct monitor {
	bool json;
	bool timestamps;
	uint64_t count;
	uint64_t seen;
	bool done;
	int werr;
};

/* "2024-11-25T07:15:02.123456+0100": local time, microseconds, offset. */
static void iso_time(const struct timespec *ts, char *buf, size_t len)
{
	unsigned int us = (unsigned int)(ts->tv_nsec / 1000) % 1000000;
	char date[24], zone[8];
	struct tm tm;

	if (!localtime_r(&ts->tv_sec, &tm) ||
	    !strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm) ||
	    !strftime(zone, sizeof(zone), "%z", &tm)) {
		snprintf(buf, len, "%lld.%06u", (long long)ts->tv_sec, us);
		return;
	}
	snprintf(buf, len, "%s.%06u%s", date, us, zone);
}

/*
 * One line per event, "EVENT key value ...": the keys every event of a
 * type has come first, the ones of some kinds last, errno at the very end
 * of failures. Values hold no blanks (memlab refuses them in cache names,
 * the kernel has none in its own).
 */
static void event_text(const struct memctl_event *ev, const char *name)
{
	const struct memlab_obj_info *o = &ev->obj;
	char sz[32], eb[16];
	const char *s;

	switch (ev->type) {
	case MEMLAB_CMD_OBJ_NEW:
	case MEMLAB_CMD_OBJ_DEL:
		printf("%s id %u kind %s size %s uid %u", name, o->id,
		       kind_str(o->kind), cli_size(o->size, sz, sizeof(sz)),
		       o->uid);
		if (o->kind == MEMLAB_KIND_PAGES)
			printf(" order %u", o->order);
		if (o->kind == MEMLAB_KIND_CACHE_OBJ)
			printf(" cache %u name %s", o->cache_id, o->name);
		if (o->kind == MEMLAB_KIND_DMA_STREAMING)
			printf(" dir %s", o->dma_dir == 1 ? "to-device" :
			       o->dma_dir == 2 ? "from-device" :
			       "bidirectional");
		break;
	case MEMLAB_CMD_CACHE_NEW:
	case MEMLAB_CMD_CACHE_DEL:
		printf("%s id %u name %s size %s uid %u", name, o->id, o->name,
		       cli_size(o->size, sz, sizeof(sz)), o->uid);
		if (o->flags & MEMLAB_OBJ_MERGED)
			printf(" merged-into %s", o->merged_into);
		break;
	case MEMLAB_CMD_ALLOC_FAILED:
	case MEMLAB_CMD_LIMIT_HIT:
		printf("%s kind %s size %s uid %u", name, kind_str(o->kind),
		       cli_size(o->size, sz, sizeof(sz)), o->uid);
		if (o->kind == MEMLAB_KIND_PAGES)
			printf(" order %u", o->order);
		if (o->name[0])
			printf(" name %s", o->name);
		if (ev->type == MEMLAB_CMD_LIMIT_HIT) {
			s = memctl_limit_name(ev->limit);
			if (s)
				printf(" limit %s", s);
			else
				printf(" limit %u", ev->limit);
		}
		printf(" errno %s", errno_str(ev->error, eb, sizeof(eb)));
		break;
	case MEMLAB_CMD_UNLOADING:
		printf("%s objects %llu caches %llu", name,
		       (unsigned long long)ev->objects,
		       (unsigned long long)ev->caches);
		break;
	default:
		printf("%s type %u", name, ev->type);
		break;
	}
	putchar('\n');
}

/* The keys of `memctl ls -j` but the addresses, which events never carry. */
static void json_add_obj(struct json_object *j,
			 const struct memlab_obj_info *o)
{
	struct json_object *obj = cli_obj_json(o);

	json_object_object_foreach(obj, key, val) {
		if (!strcmp(key, "kaddr") || !strcmp(key, "phys") ||
		    !strcmp(key, "dma_addr"))
			continue;
		json_object_object_add(j, key, json_object_get(val));
	}
	json_object_put(obj);
}

/*
 * The same as one JSON object: "event" first, exact numbers, and for
 * objects and caches the keys of `memctl ls -j`.
 */
static struct json_object *event_json(const struct memctl_event *ev,
				      const char *name,
				      const struct timespec *ts)
{
	struct json_object *j = json_object_new_object();
	const struct memlab_obj_info *o = &ev->obj;
	char buf[64];
	const char *s;

	json_object_object_add(j, "event", json_object_new_string(name));
	if (ts) {
		iso_time(ts, buf, sizeof(buf));
		json_object_object_add(j, "time", json_object_new_string(buf));
		json_add_u64(j, "time_ns", ts->tv_sec * 1000000000ULL +
			     ts->tv_nsec);
	}
	switch (ev->type) {
	case MEMLAB_CMD_OBJ_NEW:
	case MEMLAB_CMD_OBJ_DEL:
	case MEMLAB_CMD_CACHE_NEW:
	case MEMLAB_CMD_CACHE_DEL:
		json_add_obj(j, o);
		break;
	case MEMLAB_CMD_ALLOC_FAILED:
	case MEMLAB_CMD_LIMIT_HIT:
		s = kind_str(o->kind);
		json_object_object_add(j, "kind", json_object_new_string(s));
		json_add_u64(j, "size", o->size);
		json_add_u64(j, "uid", o->uid);
		if (o->kind == MEMLAB_KIND_PAGES)
			json_add_u64(j, "order", o->order);
		if (o->name[0])
			json_object_object_add(j, "cache",
					       json_object_new_string(o->name));
		if (ev->type == MEMLAB_CMD_LIMIT_HIT) {
			s = memctl_limit_name(ev->limit);
			json_object_object_add(j, "limit",
					       s ? json_object_new_string(s) :
					       json_object_new_int64(ev->limit));
		}
		json_add_u64(j, "errno", ev->error);
		s = ev->error ? strerrorname_np(ev->error) : NULL;
		json_object_object_add(j, "error",
				       s ? json_object_new_string(s) : NULL);
		break;
	case MEMLAB_CMD_UNLOADING:
		json_add_u64(j, "objects", ev->objects);
		json_add_u64(j, "caches", ev->caches);
		break;
	default:
		json_add_u64(j, "type", ev->type);
		break;
	}
	return j;
}

/* memctl_events_dispatch()'s callback: print one event, flush it. */
static int monitor_event(const struct memctl_event *ev, void *arg)
{
	struct monitor *m = arg;
	const char *name = memctl_event_name(ev->type);
	struct timespec ts;
	char tbuf[64];

	clock_gettime(CLOCK_REALTIME, &ts);
	if (!name)
		name = "unknown";
	if (m->json) {
		struct json_object *j;

		j = event_json(ev, name, m->timestamps ? &ts : NULL);
		puts(json_object_to_json_string_ext(j, JSON_C_TO_STRING_PLAIN |
					JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(j);
	} else {
		if (m->timestamps) {
			iso_time(&ts, tbuf, sizeof(tbuf));
			printf("%s ", tbuf);
		}
		event_text(ev, name);
	}
	/* a reader at the other end of a pipe sees each event at once */
	if (fflush(stdout) == EOF || ferror(stdout)) {
		m->werr = errno ? errno : EIO;
		return -m->werr;
	}
	if (m->count && ++m->seen >= m->count) {
		m->done = true;
		return 1;
	}
	return 0;
}

/*
 * Wait for events until --count is reached or SIGINT/SIGTERM arrives. The
 * signals are blocked and read from a signalfd, so one that comes at any
 * moment ends the loop cleanly, not in the middle of a line.
 */
static int monitor_loop(struct cli *cli, struct memctl_events *ev,
			struct monitor *m, int sfd)
{
	struct pollfd pfd[2] = {
		{ .fd = memctl_events_fd(ev), .events = POLLIN },
		{ .fd = sfd, .events = POLLIN },
	};
	int err;

	for (;;) {
		if (poll(pfd, ARRAY_SIZE(pfd), -1) < 0) {
			if (errno == EINTR)
				continue;
			return cli_fail(cli, -errno, "monitor: poll");
		}
		if (pfd[1].revents)
			return CLI_EXIT_OK;
		if (!pfd[0].revents)
			continue;
		if (pfd[0].revents & (POLLNVAL | POLLHUP))
			return cli_fail(cli, -EPIPE,
					"monitor: the events socket");
		/* POLLERR is how an overrun shows: dispatch reports it */
		err = memctl_events_dispatch(ev);
		if (m->done)
			return CLI_EXIT_OK;
		if (m->werr) {
			if (m->werr != EPIPE)
				cli_warn("monitor: writing the output: %s",
					 strerror(m->werr));
			return CLI_EXIT_FAIL;
		}
		if (err == -ENOBUFS) {
			cli_warn("monitor: events lost: socket overrun");
			continue;
		}
		if (err < 0)
			return cli_fail(cli, err, "monitor: reading events");
	}
}

int cmd_monitor(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "timestamp", no_argument, NULL, 't' },
		{ "count", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 }
	};
	struct monitor m = { 0 };
	struct memctl_events *ev = NULL;
	sigset_t sigs;
	int c, rc, err, sfd;

	while ((c = cli_getopt(cli, argc, argv, "tn:", opts)) != -1) {
		switch (c) {
		case 't':
			m.timestamps = true;
			break;
		case 'n':
			rc = cli_parse_u64(cli, "count", optarg, &m.count);
			if (rc)
				return rc;
			if (!m.count)
				return cli_usage_error(cli, "--count wants 1 or more events");
			break;
		case CLI_OPT_HELP:
			return CLI_EXIT_OK;
		default:
			return CLI_EXIT_USAGE;
		}
	}
	rc = cli_nargs(cli, argc - optind, 0, 0);
	if (rc)
		return rc;
	if (cli->pretty)
		return cli_usage_error(cli, "monitor prints JSON lines, one event per line: use -j, not --pretty");
	/* a script's verbs run one after the other: nothing would arrive */
	if (cli->session)
		return cli_usage_error(cli, "monitor waits for events and cannot run inside `memctl run`; run it beside the script");
	m.json = cli->json;

	/*
	 * Block the signals before subscribing: once the subscription shows
	 * (/proc/net/netlink), SIGINT and SIGTERM already end memctl cleanly.
	 * They stay blocked: memctl exits right after this verb (monitor
	 * never runs in a `memctl run` session), and unblocking would let a
	 * second ^C kill it with status 130 on its way out.
	 */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &sigs, NULL))
		return cli_fail(cli, -errno, "monitor: blocking SIGINT, SIGTERM");
	sfd = signalfd(-1, &sigs, SFD_CLOEXEC | SFD_NONBLOCK);
	if (sfd < 0)
		return cli_fail(cli, -errno, "monitor: signalfd");
	err = memctl_events_open(&ev, monitor_event, &m);
	if (err < 0) {
		rc = cli_nl_open_fail(cli, err);
		goto out_sfd;
	}
	rc = monitor_loop(cli, ev, &m, sfd);
	memctl_events_close(ev);
out_sfd:
	close(sfd);
	return rc;
}
