/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_COLLECT_AUDIT_AUDIT_WATCH_H
#define SCLOG_COLLECT_AUDIT_AUDIT_WATCH_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "sclog/collect/audit/audit.h"

/*
 * The machine-wide settings an administrator can change while an audit
 * collector runs, and that drop seccomp records on the way to sclog: an
 * exclude rule, "log" removed from actions_logged, a rate limit or a full
 * backlog (both counted in the kernel's lost counter, which can then be
 * reset).  They are looked at before the command starts, several times a
 * second while it runs, and at the end; the AUDIT_CONFIG_CHANGE records
 * the kernel multicasts for some of the changes are folded in too.
 */

/* Seconds between two readings while the command runs. */
#define SCLOG_AUDIT_WATCH_INTERVAL 0.1

/*
 * An audit request sleeps while the audit backlog is full, an exclusive
 * waiter on the queue the command waits on too, and holds it up: on 6.18,
 * two requests every 100 ms made a 300,000-getppid storm 4-8 times slower.
 * So while records arrive faster than this per interval, the requests are
 * made only every SCLOG_AUDIT_WATCH_FLOOD_EVERY seconds (actions_logged, a
 * file, is read every time).  A blinding stops the flow of what it blinds.
 */
#define SCLOG_AUDIT_WATCH_FLOOD 500
#define SCLOG_AUDIT_WATCH_FLOOD_EVERY 2.0

/* What the watch saw, at any poll or in any record. */
struct sclog_audit_watch_seen {
	uint64_t polls;		   /* of the settings, all three read */
	int have_status;	   /* the first status was read */
	uint32_t lost_first;	   /* the lost counter at the first poll */
	uint32_t lost_last;	   /* at the latest poll */
	uint64_t lost_grown;	   /* its increases between polls, summed */
	int lost_reset;		   /* it went backwards between polls, or a
				    * record announced a reset */
	uint32_t lost_reset_old;   /* what a reset record said it had counted */
	uint32_t rate_limit_first; /* the rate limit at the first poll */
	uint32_t rate_limit_set;   /* a non-zero rate limit set since, or 0 */
	uint32_t daemon_pid;	   /* an audit daemon seen registered, or 0 */
	char unlogged[256];	   /* actions_logged without "log", as first seen */
	/* Distinct exclude rules that drop seccomp records, first ones kept. */
	char rules[4][sizeof(struct sclog_audit_rule_text)];
	size_t n_rules;		/* distinct ones kept (at most 4) */
	size_t max_rules;	/* most seen by one poll (may exceed 4) */
	uint64_t exclude_added; /* records of an exclude rule added */
	char error[1024];	/* the first setting that could not be read */
};

/*
 * Fold one AUDIT_CONFIG_CHANGE record (@text, @len bytes, after the
 * "audit(T:S): " header or with it) into @seen.  Measured on 6.18 with
 * audit disabled, only `auditctl --reset-lost` is announced ("op=set lost=0
 * old=N"); with audit enabled, rule changes ("op=add_rule ... list=5"),
 * actions_logged ("op=seccomp-logging actions=...") and the rate limit
 * ("op=set audit_rate_limit=N") are too.  Pure.
 */
void sclog_audit_watch_record(struct sclog_audit_watch_seen *seen, const char *text, size_t len);

/* One reading of the settings, for sclog_audit_watch_fold(). */
struct sclog_audit_settings {
	struct sclog_audit_status status;
	int status_ok;
	char actions_logged[256];
	int actions_ok;
	struct sclog_audit_rule_text rules[4];
	long n_rules;	  /* may exceed 4; < 0: not read */
	char error[1024]; /* why a setting could not be read, or "" */
};

/* Fold one reading into @seen.  Pure. */
void sclog_audit_watch_fold(struct sclog_audit_watch_seen *seen,
			    const struct sclog_audit_settings *now);

/* Read the settings now: actions_logged, and with @requests, AUDIT_GET
 * and AUDIT_LIST_RULES. */
void sclog_audit_settings_read(struct sclog_audit_settings *ret, int requests);

/* A watch: a thread polling the settings while the command runs. */
struct sclog_audit_watch {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_t thread;
	int inited;  /* sclog_audit_watch_init() succeeded */
	int running; /* the thread was started and not joined */
	int stop;
	uint64_t datagrams;		    /* read by the collector so far (atomic) */
	struct sclog_audit_watch_seen seen; /* under @lock */
};

/* Set up @w (no thread yet).  Returns 0 or -errno. */
int sclog_audit_watch_init(struct sclog_audit_watch *w);

/*
 * Read the settings now and fold them in.  Returns 0, or the -errno of an
 * unreadable audit status (the lost counter) with @err set.
 */
int sclog_audit_watch_poll(struct sclog_audit_watch *w, struct sclog_error *err);

/*
 * Poll from a thread every SCLOG_AUDIT_WATCH_INTERVAL seconds: a request
 * to the audit socket sleeps while the audit backlog is full (up to
 * backlog_wait_time, kernel/audit.c, audit_receive()), which must not stop
 * the run loop.  Call with sclog's signals blocked.  Returns 0 or -errno.
 */
int sclog_audit_watch_start(struct sclog_audit_watch *w);

/* Count @n datagrams the collector read (from the run loop). */
static inline void sclog_audit_watch_activity(struct sclog_audit_watch *w, long n)
{
	if (n > 0)
		__atomic_add_fetch(&w->datagrams, (uint64_t)n, __ATOMIC_RELAXED);
}

/* Fold a record in (from the run loop while the thread polls). */
void sclog_audit_watch_note_record(struct sclog_audit_watch *w, const char *text, size_t len);

/* Stop and join the thread, if any; then @w->seen may be read freely. */
void sclog_audit_watch_stop(struct sclog_audit_watch *w);

/* Stop the thread and release @w; accepts a zeroed @w never initialised. */
void sclog_audit_watch_done(struct sclog_audit_watch *w);

#endif
