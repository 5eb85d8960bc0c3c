/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_RUN_PROGRESS_H
#define SCLOG_RUN_PROGRESS_H

#include <stddef.h>
#include <stdint.h>

/* What the progress line shows. */
struct sclog_progress_counts {
	uint64_t records; /* records of the profiled tree so far */
	size_t syscalls;  /* distinct syscalls (per architecture); SIZE_MAX:
			   * unknown, records and syscalls not shown */
	long processes;	  /* processes of the tree alive, -1: unknown */
	double elapsed;	  /* seconds since the command started */
};

/*
 * The text of the progress line for @c into @buf of @size bytes, e.g.
 * "sclog: 12034 records, 41 syscalls, 3 processes, 0:07".  Pure.
 * Returns the length (truncated to @size - 1).
 */
size_t sclog_progress_format(const struct sclog_progress_counts *c, char *buf, size_t size);

/*
 * `--progress`: one line on the controlling terminal (/dev/tty, never the
 * command's stderr, which may be a file or a pipe), redrawn at most 4 times
 * a second and erased at the end.  Off (every call a no-op) when not asked
 * for or when sclog has no controlling terminal.
 */
struct sclog_progress {
	int fd;	      /* /dev/tty, -1: off */
	double start; /* when the command started */
	double last;  /* when the line was last drawn, 0: never */
};

/* Interval between two redraws, in seconds (4 a second). */
#define SCLOG_PROGRESS_INTERVAL 0.25

/* Start: open /dev/tty if @enabled.  @now: a monotonic time in seconds. */
void sclog_progress_start(struct sclog_progress *p, int enabled, double now);

/* Whether a redraw is due at @now: on, and never drawn or drawn at least
 * SCLOG_PROGRESS_INTERVAL ago. */
int sclog_progress_due(const struct sclog_progress *p, double now);

/* Redraw the line with @c if one is due (elapsed is filled in). */
void sclog_progress_update(struct sclog_progress *p, struct sclog_progress_counts c, double now);

/* Erase the line and close the terminal; @p is off afterwards. */
void sclog_progress_end(struct sclog_progress *p);

struct sclog_recording;

/*
 * Show @p for @rec: start it (if @enabled and there is a terminal) and set
 * the recording's tick to redraw it while the command runs and erase it
 * when the command has ended.  @p must live until then.
 */
void sclog_progress_attach(struct sclog_progress *p, struct sclog_recording *rec, int enabled);

/*
 * The number of descendants of this process, alive, from
 * /proc/<pid>/task/<tid>/children: sclog is the child subreaper of the
 * profiled tree, so these are the tree's processes.  -1 when /proc cannot
 * tell (no CONFIG_PROC_CHILDREN).
 */
long sclog_progress_descendants(void);

#endif
