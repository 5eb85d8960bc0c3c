// SPDX-License-Identifier: GPL-2.0-only
/* Seccomp filters the command's tree installs itself (ownfilter.h). */
#include <dirent.h>
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sclog/basic/fileio.h"
#include "sclog/basic/macro.h"
#include "sclog/collect/ownfilter.h"

#ifndef SECCOMP_RET_USER_NOTIF
#define SECCOMP_RET_USER_NOTIF 0x7fc00000U
#endif

/* "Seccomp_filters:" of one status file: the count, or -errno
 * (-EOPNOTSUPP before Linux 5.9, which has no such line). */
static long status_filters(const char *path)
{
	long n;
	int r = sclog_status_field(path, "Seccomp_filters", 0, &n);

	return r == -ENODATA ? -EOPNOTSUPP : r < 0 ? r : n;
}

long sclog_ownfilter_count(pid_t pid)
{
	char path[64];
	long most = -ENOENT;
	struct dirent *e;
	DIR *d;

	/* Without SECCOMP_FILTER_FLAG_TSYNC a thread installs a filter for
	 * itself only: every thread counts. */
	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	d = opendir(path);
	if (!d)
		return errno == ENOENT || errno == ESRCH ? -ENOENT : -errno;
	while ((e = readdir(d))) {
		long n;

		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%d/task/%.16s/status", (int)pid, e->d_name);
		n = status_filters(path);
		if (n == -EOPNOTSUPP || n > most)
			most = n;
		if (n == -EOPNOTSUPP)
			break;
	}
	closedir(d);
	return most;
}

unsigned sclog_ownfilter_actions(const void *insns, size_t len)
{
	const struct sock_filter *f = insns;
	unsigned bits = 0;

	for (size_t i = 0; i < len; i++) {
		if (BPF_CLASS(f[i].code) != BPF_RET)
			continue;
		if (BPF_RVAL(f[i].code) != BPF_K) {
			bits |= SCLOG_OWN_ACT_ANY;
			continue;
		}
		switch (f[i].k & SECCOMP_RET_ACTION_FULL) {
		case SECCOMP_RET_ALLOW:
			bits |= SCLOG_OWN_ACT_ALLOW;
			break;
		case SECCOMP_RET_LOG:
			bits |= SCLOG_OWN_ACT_LOG;
			break;
		case SECCOMP_RET_TRACE:
			bits |= SCLOG_OWN_ACT_TRACE;
			break;
		case SECCOMP_RET_USER_NOTIF:
			bits |= SCLOG_OWN_ACT_USER_NOTIF;
			break;
		case SECCOMP_RET_ERRNO:
			bits |= SCLOG_OWN_ACT_ERRNO;
			break;
		case SECCOMP_RET_TRAP:
			bits |= SCLOG_OWN_ACT_TRAP;
			break;
		default:
			/* KILL_THREAD (0), KILL_PROCESS, and any unknown value,
			 * which the kernel takes for KILL_PROCESS. */
			bits |= SCLOG_OWN_ACT_KILL;
		}
	}
	return bits;
}

void sclog_ownfilter_init(struct sclog_ownfilter *o, int installs)
{
	long self = sclog_ownfilter_count(getpid());
	ssize_t n;

	*o = (struct sclog_ownfilter){ .base = self >= 0 ? self + installs : -1 };
	pthread_mutex_init(&o->lock, NULL);
	n = readlink("/proc/self/exe", o->self_exe, sizeof(o->self_exe) - 1);
	o->self_exe[n > 0 ? n : 0] = '\0';
}

void sclog_ownfilter_done(struct sclog_ownfilter *o)
{
	pthread_mutex_destroy(&o->lock);
}

static void comm_of(pid_t pid, char *buf, size_t size)
{
	char path[64];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	n = sclog_read_small(path, buf, size);
	if (n > 0 && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	else if (n <= 0)
		buf[0] = '\0';
}

/*
 * A nested sclog's end-of-run marker (collector_audit.c): its filter only
 * logs getppid.  An exited one (a zombie until its sclog reaps it) has no
 * executable left to compare: its name says it then.
 */
static int is_marker(const struct sclog_ownfilter *o, const char *comm, const char *exe)
{
	size_t i;

	if (strncmp(comm, "sclogm", 6) != 0 || strlen(comm) != 14 ||
	    (exe[0] && strcmp(exe, o->self_exe) != 0))
		return 0;
	for (i = 6; i < 14; i++)
		if (!strchr("0123456789abcdef", comm[i]))
			return 0;
	return 1;
}

/*
 * @filters in session @ses are a nested audit run's (sclog_ownfilter_
 * suspect()): one more per level of nesting, and a nested run's session
 * does not say its level, so each may have as many as there are levels.
 */
static int nested(const struct sclog_ownfilter *o, uint32_t ses, long filters)
{
	if (o->base < 0 || filters > o->base + (long)o->n_nested)
		return 0;
	for (size_t i = 0; i < o->n_nested; i++)
		if (o->nested[i] == ses)
			return 1;
	return 0;
}

/*
 * Note @pid with a filter of its own.  Under the lock.  @ses: its session
 * in its latest record, for a process that ended before its own could be
 * read (a nested run's command that ran briefly; slow under TCG).
 */
static void found(struct sclog_ownfilter *o, pid_t pid, const char *comm,
		  enum sclog_own_state state, long filters, unsigned actions, uint32_t ses)
{
	struct sclog_own_filter *f = NULL;
	char now[17], exe[4096], path[64], buf[32];
	ssize_t n;

	if (state == SCLOG_OWN_INSTALLED) {
		/* Looked at as it is now: a marker renames itself first. */
		comm_of(pid, now, sizeof(now));
		snprintf(path, sizeof(path), "/proc/%d/exe", (int)pid);
		n = readlink(path, exe, sizeof(exe) - 1);
		exe[n > 0 ? n : 0] = '\0';
		if (is_marker(o, now, exe))
			return;
		snprintf(path, sizeof(path), "/proc/%d/sessionid", (int)pid);
		if (sclog_read_small(path, buf, sizeof(buf)) > 0)
			ses = (uint32_t)strtoul(buf, NULL, 10);
		if (nested(o, ses, filters))
			return;
		if (now[0])
			comm = now;
	}
	for (size_t i = 0; i < o->n_found; i++)
		if (o->found[i].pid == pid)
			f = &o->found[i];
	if (!f && o->n_found == SCLOG_OWN_MAX) {
		o->more++;
		return;
	}
	if (!f) {
		f = &o->found[o->n_found++];
		*f = (struct sclog_own_filter){ .pid = pid, .state = state, .ses = ses };
		snprintf(f->comm, sizeof(f->comm), "%s", comm);
	}
	/* Seen installed beats a call that may have installed one. */
	if (state == SCLOG_OWN_INSTALLED) {
		f->state = state;
		f->ses = ses;
	}
	if (filters > 0 && o->base >= 0 && filters > o->base)
		f->extra = (unsigned)(filters - o->base);
	f->actions |= actions;
}

static void remove_suspect(struct sclog_ownfilter *o, size_t i)
{
	o->suspects[i] = o->suspects[--o->n_suspects];
	__atomic_store_n(&o->pending, (int)o->n_suspects, __ATOMIC_RELAXED);
}

static struct sclog_own_suspect *add_suspect(struct sclog_ownfilter *o, pid_t pid)
{
	struct sclog_own_suspect *s;

	for (size_t i = 0; i < o->n_suspects; i++)
		if (o->suspects[i].pid == pid)
			return &o->suspects[i];
	if (o->n_suspects == SCLOG_OWN_SUSPECTS)
		return NULL;
	s = &o->suspects[o->n_suspects++];
	*s = (struct sclog_own_suspect){ .pid = pid, .before = -1, .ses = (uint32_t)-1 };
	__atomic_store_n(&o->pending, (int)o->n_suspects, __ATOMIC_RELAXED);
	return s;
}

/* The filters of @pid are its tree's. */
static int expected(const struct sclog_ownfilter *o, long filters)
{
	return filters <= o->base;
}

/* Audit: suspect @i's call has returned: look at its process now. */
static void settle(struct sclog_ownfilter *o, size_t i)
{
	struct sclog_own_suspect *s = &o->suspects[i];
	long n = o->base >= 0 ? sclog_ownfilter_count(s->pid) : -EOPNOTSUPP;

	if (n >= 0 && !expected(o, n))
		found(o, s->pid, s->comm, SCLOG_OWN_INSTALLED, n, 0, s->ses);
	else if (n < 0 && s->is_seccomp)
		/* Gone first, or no Seccomp_filters (Linux < 5.9). */
		found(o, s->pid, s->comm, SCLOG_OWN_UNVERIFIED, 0, 0, s->ses);
	remove_suspect(o, i);
}

void sclog_ownfilter_later(struct sclog_ownfilter *o, pid_t pid, const char *comm, const char *exe)
{
	pthread_mutex_lock(&o->lock);
	for (size_t i = 0; i < o->n_suspects; i++)
		if (o->suspects[i].pid == pid) {
			/* A marker's getppid() before its filter: renamed. */
			if (is_marker(o, comm, exe))
				remove_suspect(o, i);
			else
				settle(o, i);
			break;
		}
	pthread_mutex_unlock(&o->lock);
}

int sclog_ownfilter_suspect(struct sclog_ownfilter *o, pid_t pid, const char *comm, const char *exe,
			    int is_seccomp, int moved, uint32_t ses)
{
	struct sclog_own_suspect *s;
	int r = 0;

	pthread_mutex_lock(&o->lock);
	/* This record is a later one for an earlier call of the same pid.  A
	 * prctl() after a prctl() waits for a later record still: a storm
	 * of them costs no look into /proc each. */
	for (size_t i = 0; i < o->n_suspects; i++) {
		if (o->suspects[i].pid != pid)
			continue;
		if (!is_seccomp && !o->suspects[i].is_seccomp) {
			r = 1;
			goto out;
		}
		/*
		 * A marker's prctl() records carry the name it had before it
		 * renamed itself; this one says what it is.  Looked at
		 * later, it may be gone, and its name with it.
		 */
		if (is_marker(o, comm, exe)) {
			remove_suspect(o, i);
			break;
		}
		/* What this later record says is the newer. */
		snprintf(o->suspects[i].comm, sizeof(o->suspects[i].comm), "%s", comm);
		o->suspects[i].ses = ses;
		settle(o, i);
		break;
	}
	if (is_marker(o, comm, exe))
		goto out;
	/*
	 * A nested `sclog run` with the audit collector: sclog's own program
	 * that started an audit session of its own installs a filter that
	 * logs, whose records reach this run too (the session is followed).
	 */
	if (moved && is_seccomp && o->self_exe[0] && strcmp(exe, o->self_exe) == 0) {
		size_t i;

		for (i = 0; i < o->n_nested && o->nested[i] != ses; i++)
			;
		if (i == o->n_nested && i < SCLOG_OWN_NESTED)
			o->nested[o->n_nested++] = ses;
		goto out;
	}
	s = add_suspect(o, pid);
	if (s) {
		snprintf(s->comm, sizeof(s->comm), "%s", comm);
		s->ses = ses;
		s->is_seccomp = is_seccomp;
		r = 1;
	} else if (is_seccomp) {
		o->dropped++; /* not looked at: it may have installed one */
	}
out:
	pthread_mutex_unlock(&o->lock);
	return r;
}

void sclog_ownfilter_attempt(struct sclog_ownfilter *o, pid_t tid, unsigned actions)
{
	struct sclog_own_suspect *s;
	char path[64];

	pthread_mutex_lock(&o->lock);
	s = add_suspect(o, tid);
	if (!s)
		o->dropped++;
	if (s) {
		comm_of(tid, s->comm, sizeof(s->comm));
		s->is_seccomp = 1;
		s->notified = 1;
		s->actions = actions;
		/* The call waits for sclog: this thread's count before it. */
		snprintf(path, sizeof(path), "/proc/%d/status", (int)tid);
		s->before = o->base >= 0 ? status_filters(path) : -1;
		if (s->before < 0)
			s->before = -1;
	}
	pthread_mutex_unlock(&o->lock);
}

void sclog_ownfilter_notified_slow(struct sclog_ownfilter *o, pid_t tid)
{
	pthread_mutex_lock(&o->lock);
	for (size_t i = 0; i < o->n_suspects; i++) {
		struct sclog_own_suspect *s = &o->suspects[i];
		char path[64];
		long n;

		/* (With --args the audit path has suspects too.) */
		if (s->pid != tid || !s->notified)
			continue;
		/* Its next call: the one that asked for a filter returned.
		 * This very thread's count, not its process's. */
		snprintf(path, sizeof(path), "/proc/%d/status", (int)tid);
		n = s->before >= 0 ? status_filters(path) : -EOPNOTSUPP;
		if (n > s->before)
			found(o, tid, s->comm, SCLOG_OWN_INSTALLED, n, s->actions, s->ses);
		else if (n < 0)
			found(o, tid, s->comm, SCLOG_OWN_UNVERIFIED, 0, s->actions, s->ses);
		remove_suspect(o, i);
		break;
	}
	pthread_mutex_unlock(&o->lock);
}

void sclog_ownfilter_scan(struct sclog_ownfilter *o, const pid_t *pids, size_t n, double now)
{
	if (o->base < 0 || now - o->last_scan < 1)
		return;
	o->last_scan = now;
	pthread_mutex_lock(&o->lock);
	for (size_t i = 0; i < n; i++) {
		long c = sclog_ownfilter_count(pids[i]);

		if (c >= 0 && !expected(o, c))
			found(o, pids[i], "", SCLOG_OWN_INSTALLED, c, 0, (uint32_t)-1);
	}
	pthread_mutex_unlock(&o->lock);
}

void sclog_ownfilter_finish(struct sclog_ownfilter *o)
{
	pthread_mutex_lock(&o->lock);
	while (o->n_suspects) {
		struct sclog_own_suspect *s = &o->suspects[0];

		if (s->is_seccomp)
			found(o, s->pid, s->comm, SCLOG_OWN_UNVERIFIED, 0, s->actions, s->ses);
		remove_suspect(o, 0);
	}
	/* A nested audit run's session may have been told after its
	 * processes were seen. */
	for (size_t i = 0; i < o->n_found;)
		if (o->found[i].state == SCLOG_OWN_INSTALLED && o->base >= 0 &&
		    nested(o, o->found[i].ses, o->base + (long)o->found[i].extra))
			o->found[i] = o->found[--o->n_found];
		else
			i++;
	pthread_mutex_unlock(&o->lock);
}

void sclog_ownfilter_describe(const struct sclog_ownfilter *o, char *buf, size_t size)
{
	uint64_t others = sclog_ownfilter_total(o) - (o->n_found ? 1 : 0);
	int installed = 0;
	char who[64] = "a process of the command";

	for (size_t i = 0; i < o->n_found; i++)
		installed |= o->found[i].state == SCLOG_OWN_INSTALLED;
	if (o->n_found)
		snprintf(who, sizeof(who), "pid %d (%s)", (int)o->found[0].pid, o->found[0].comm);
	snprintf(buf, size, "%s%s%.0llu%s %s a seccomp filter of %s own%s", who,
		 others ? " and " : "", (unsigned long long)others,
		 others ? (others == 1 ? " more process" : " more processes") : "",
		 installed ? "installed" : "may have installed", others ? "their" : "its",
		 installed ? "" :
			     " (a seccomp() call whose effect sclog could not see: the "
			     "process ended first, or the kernel lacks Seccomp_filters "
			     "in /proc/PID/status, Linux < 5.9)");
}

int sclog_ownfilter_gap(const char *collector)
{
	return !collector || (strcmp(collector, "notify") != 0 && strcmp(collector, "bpf") != 0);
}

const char *sclog_ownfilter_effect(const struct sclog_ownfilter *o, const char *collector)
{
	unsigned all = 0;

	if (collector && strcmp(collector, "bpf") == 0)
		return SCLOG_OWN_EFFECT_BPF;
	if (sclog_ownfilter_gap(collector))
		return SCLOG_OWN_EFFECT_AUDIT;
	for (size_t i = 0; i < o->n_found; i++)
		all |= o->found[i].actions ? o->found[i].actions : SCLOG_OWN_ACT_ANY;
	if (o->more || o->dropped || (all & SCLOG_OWN_ACT_HIDES))
		return SCLOG_OWN_EFFECT_NOTIFY;
	return SCLOG_OWN_EFFECT_NONE;
}
