// SPDX-License-Identifier: GPL-2.0-only
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sclog/basic/clock.h"
#include "sclog/basic/macro.h"
#include "sclog/collect/collector.h"
#include "sclog/run/progress.h"
#include "sclog/run/recording.h"

size_t sclog_progress_format(const struct sclog_progress_counts *c, char *buf, size_t size)
{
	unsigned long secs = c->elapsed > 0 ? (unsigned long)c->elapsed : 0;
	char procs[32] = "";
	int n;

	if (c->processes >= 0)
		snprintf(procs, sizeof(procs), ", %ld process%s", c->processes,
			 c->processes == 1 ? "" : "es");
	if (c->syscalls == SIZE_MAX) /* the collector cannot count while it runs */
		n = snprintf(buf, size, "sclog: %s, %lu:%02lu", *procs ? procs + 2 : "running",
			     secs / 60, secs % 60);
	else
		n = snprintf(buf, size, "sclog: %llu record%s, %zu syscall%s%s, %lu:%02lu",
			     (unsigned long long)c->records, c->records == 1 ? "" : "s",
			     c->syscalls, c->syscalls == 1 ? "" : "s", procs, secs / 60, secs % 60);
	if (n < 0)
		return 0;
	return (size_t)n < size ? (size_t)n : size - 1;
}

void sclog_progress_start(struct sclog_progress *p, int enabled, double now)
{
	*p = (struct sclog_progress){ .fd = -1, .start = now };
	/* ENXIO without a controlling terminal: the progress is then off. */
	if (enabled)
		p->fd = open("/dev/tty", O_WRONLY | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
}

int sclog_progress_due(const struct sclog_progress *p, double now)
{
	return p->fd >= 0 && (p->last <= 0 || now - p->last >= SCLOG_PROGRESS_INTERVAL);
}

/* Write all of @buf, best effort: a full or hung-up terminal turns the
 * progress off rather than stalling the collector (the fd is non-blocking). */
static void put(struct sclog_progress *p, const char *buf, size_t len)
{
	while (len > 0 && p->fd >= 0) {
		ssize_t n = write(p->fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			close(p->fd);
			p->fd = -1;
			return;
		}
		buf += n;
		len -= (size_t)n;
	}
}

void sclog_progress_update(struct sclog_progress *p, struct sclog_progress_counts c, double now)
{
	char line[160];
	size_t n;

	if (!sclog_progress_due(p, now))
		return;
	p->last = now;
	c.elapsed = now - p->start;
	/* Carriage return, the line, erase to its end: one line, redrawn. */
	line[0] = '\r';
	n = 1 + sclog_progress_format(&c, line + 1, sizeof(line) - 4);
	memcpy(line + n, "\033[K", 3);
	put(p, line, n + 3);
}

void sclog_progress_end(struct sclog_progress *p)
{
	if (p->fd < 0)
		return;
	if (p->last > 0)
		put(p, "\r\033[K", 4);
	if (p->fd >= 0)
		close(p->fd);
	p->fd = -1;
}

static void on_tick(const struct sclog_recording *rec, int final, void *userdata)
{
	const struct sclog_collector *col = &rec->collector;
	struct sclog_progress *p = userdata;
	struct sclog_progress_counts c = { .syscalls = SIZE_MAX };
	double now = sclog_now();

	if (final) {
		sclog_progress_end(p);
		return;
	}
	/* The tick comes with every wakeup of the run loop (thousands a
	 * second in a storm): count only when a redraw is due. */
	if (!sclog_progress_due(p, now))
		return;
	p->start = rec->start; /* the command's start, CLOCK_MONOTONIC too */
	if (col->ops->counts)
		col->ops->counts(col->state, &c.records, &c.syscalls);
	c.processes = sclog_progress_descendants();
	sclog_progress_update(p, c, now);
}

void sclog_progress_attach(struct sclog_progress *p, struct sclog_recording *rec, int enabled)
{
	sclog_progress_start(p, enabled, sclog_now());
	if (p->fd < 0)
		return;
	rec->tick_ms = 100; /* wakes the idle loop; redraws stay at 4 a second */
	rec->on_tick = on_tick;
	rec->tick_data = p;
}

/* Add the children of every thread of @pid to @list (of @n, capacity @cap). */
static int add_children(pid_t pid, pid_t **list, size_t *n, size_t *cap)
{
	char path[320];
	DIR *d;
	struct dirent *e;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	d = opendir(path);
	if (!d)
		return -errno;
	while ((e = readdir(d))) {
		char buf[4096];
		FILE *f;
		int child;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/%d/task/%s/children", (int)pid, e->d_name);
		f = fopen(path, "re");
		if (!f) {
			if (errno == ENOENT && pid == getpid()) {
				closedir(d);
				return -ENOENT; /* no CONFIG_PROC_CHILDREN */
			}
			continue; /* the thread just ended */
		}
		setvbuf(f, buf, _IOFBF, sizeof(buf));
		while (fscanf(f, "%d", &child) == 1) {
			if (*n == *cap) {
				size_t nc = *cap ? *cap * 2 : 64;
				pid_t *nl;

				if (nc > 1 << 22 || !(nl = realloc(*list, nc * sizeof(*nl)))) {
					fclose(f);
					closedir(d);
					return -ENOMEM;
				}
				*list = nl;
				*cap = nc;
			}
			(*list)[(*n)++] = child;
		}
		fclose(f);
	}
	closedir(d);
	return 0;
}

long sclog_progress_descendants(void)
{
	_cleanup_free_ pid_t *list = NULL;
	size_t n = 0, cap = 0;

	if (add_children(getpid(), &list, &n, &cap) < 0)
		return -1;
	/* Breadth first: the list grows while it is walked. */
	for (size_t i = 0; i < n; i++)
		if (add_children(list[i], &list, &n, &cap) == -ENOMEM)
			return -1;
	return (long)n;
}
