/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_COLLECT_OWNFILTER_H
#define SCLOG_COLLECT_OWNFILTER_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * Seccomp filters the command's tree installs itself, beside sclog's.
 *
 * The kernel runs every filter of a process and takes the most restrictive
 * answer: KILL_PROCESS > KILL_THREAD > TRAP > ERRNO > USER_NOTIF > TRACE >
 * LOG > ALLOW (kernel/seccomp.c, seccomp_run_filters()).  A call the tree's
 * own filter answers with ERRNO, TRAP or KILL therefore never reaches sclog
 * (and does not run); under the audit collector (LOG) neither does one it
 * answers with TRACE or USER_NOTIF, and that one runs when a tracer or a
 * listener continues it.  Under the notify collector (USER_NOTIF) a TRACE
 * answer loses to sclog's, and the tree cannot have a listener of its own
 * (EBUSY).
 *
 * A process of the tree starts with @base filters (sclog's own inherited
 * ones and its recording filter); /proc/PID/status "Seccomp_filters:"
 * (Linux >= 5.9) shows more when it installed one.  It is looked at when a
 * seccomp() or prctl() call of it is seen, and every process of the tree
 * once a second.
 */

/* What a filter's program can answer (read from it under notify). */
enum {
	SCLOG_OWN_ACT_KILL = 1u << 0,
	SCLOG_OWN_ACT_TRAP = 1u << 1,
	SCLOG_OWN_ACT_ERRNO = 1u << 2,
	SCLOG_OWN_ACT_USER_NOTIF = 1u << 3,
	SCLOG_OWN_ACT_TRACE = 1u << 4,
	SCLOG_OWN_ACT_LOG = 1u << 5,
	SCLOG_OWN_ACT_ALLOW = 1u << 6,
	SCLOG_OWN_ACT_ANY = 1u << 7, /* a computed answer (BPF_RET|BPF_A) */
};

/* Answers that keep a call from sclog under either collector. */
#define SCLOG_OWN_ACT_HIDES                                                                        \
	(SCLOG_OWN_ACT_KILL | SCLOG_OWN_ACT_TRAP | SCLOG_OWN_ACT_ERRNO |                           \
	 SCLOG_OWN_ACT_USER_NOTIF | SCLOG_OWN_ACT_ANY)

enum sclog_own_state {
	SCLOG_OWN_INSTALLED,  /* seen in Seccomp_filters */
	SCLOG_OWN_UNVERIFIED, /* a seccomp() call that may have installed one */
};

/* A process of the tree with a filter of its own. */
struct sclog_own_filter {
	int32_t pid;
	char comm[17];
	enum sclog_own_state state;
	unsigned extra;	  /* filters beyond the tree's, 0: not known */
	unsigned actions; /* SCLOG_OWN_ACT_*, 0: the program was not read */
	uint32_t ses;	  /* its audit session when seen (nested runs) */
};

#define SCLOG_OWN_MAX 8
#define SCLOG_OWN_SUSPECTS 64
#define SCLOG_OWN_NESTED 16

struct sclog_own_suspect {
	int32_t pid; /* audit: the process; notify: the thread */
	char comm[17];
	int is_seccomp; /* seccomp() (else prctl()): unverified counts */
	int notified;	/* an attempt of the notify path (a thread) */
	long before;	/* notify: its filters before the call, -1: unknown */
	unsigned actions;
	uint32_t ses; /* audit: its session in its latest record, -1: unknown */
};

struct sclog_ownfilter {
	long base;	      /* filters a process of the tree starts with, -1: unknown */
	pthread_mutex_t lock; /* notify's supervisor threads feed it too */
	struct sclog_own_suspect suspects[SCLOG_OWN_SUSPECTS];
	size_t n_suspects;
	int pending;	  /* n_suspects, read without the lock on the hot path */
	uint64_t dropped; /* seccomp() calls beyond the table: may have installed one */
	struct sclog_own_filter found[SCLOG_OWN_MAX];
	size_t n_found;
	uint64_t more; /* processes beyond @found */
	/* Audit sessions a nested `sclog run` (audit collector) started: its
	 * filter only logs. */
	uint32_t nested[SCLOG_OWN_NESTED];
	size_t n_nested;
	double last_scan;
	char self_exe[4096]; /* sclog's own executable, for nested runs */
};

/*
 * Set up @o for a tree whose processes get @installs filters from sclog
 * (or from the runtime it hands its profile to).
 */
void sclog_ownfilter_init(struct sclog_ownfilter *o, int installs);

/* Release @o's lock. */
void sclog_ownfilter_done(struct sclog_ownfilter *o);

/*
 * The most filters any thread of @pid has (/proc/PID/task/[*]/status), or
 * -errno (-ENOENT: it is gone; -EOPNOTSUPP: Linux < 5.9).
 */
long sclog_ownfilter_count(pid_t pid);

/*
 * What the classic BPF program @insns (@len instructions, struct
 * sock_filter) can answer, as SCLOG_OWN_ACT_* bits.  Pure.
 */
unsigned sclog_ownfilter_actions(const void *insns, size_t len);

/*
 * Audit: a seccomp() (@is_seccomp) or prctl() record of process @pid
 * arrived, before the call ran; @exe is the record's executable and
 * @moved says that the process started an audit session of its own
 * (@ses) earlier.  It is looked at again once a later record of it came
 * (sclog_ownfilter_later()).  Returns 1 when it is to be watched.
 */
int sclog_ownfilter_suspect(struct sclog_ownfilter *o, pid_t pid, const char *comm, const char *exe,
			    int is_seccomp, int moved, uint32_t ses);

/* Audit: a later record of suspect @pid arrived (its @comm and @exe): its
 * call has returned. */
void sclog_ownfilter_later(struct sclog_ownfilter *o, pid_t pid, const char *comm, const char *exe);

/*
 * Notify: thread @tid asks the kernel for a filter (seccomp() or prctl()),
 * and waits for sclog's answer; @actions is what its program can answer.
 * The next call of @tid (sclog_ownfilter_notified()) shows whether it got
 * it.
 */
void sclog_ownfilter_attempt(struct sclog_ownfilter *o, pid_t tid, unsigned actions);

/* Notify: a call of thread @tid arrived (cheap when nothing is pending). */
void sclog_ownfilter_notified_slow(struct sclog_ownfilter *o, pid_t tid);

static inline void sclog_ownfilter_notified(struct sclog_ownfilter *o, pid_t tid)
{
	if (o && __atomic_load_n(&o->pending, __ATOMIC_RELAXED))
		sclog_ownfilter_notified_slow(o, tid);
}

/*
 * Every process of the tree (@pids, @n of them), at most once a second
 * (@now: CLOCK_MONOTONIC seconds): note those with filters beyond the
 * tree's.
 */
void sclog_ownfilter_scan(struct sclog_ownfilter *o, const pid_t *pids, size_t n, double now);

/*
 * The tree has ended: a suspect seccomp() whose effect was never seen
 * becomes SCLOG_OWN_UNVERIFIED.
 */
void sclog_ownfilter_finish(struct sclog_ownfilter *o);

/* What the tree's own filters mean for the profile, per collector. */
#define SCLOG_OWN_EFFECT_AUDIT                                                                     \
	"a call such a filter answers with SECCOMP_RET_TRACE or SECCOMP_RET_USER_NOTIF "           \
	"runs, when a tracer or a listener lets it, without an audit record, and one it "          \
	"answers with ERRNO, TRAP or KILL does not run and has none either (a nested "             \
	"`sclog run --backend notify` is such a filter): the profile may lack calls the "          \
	"program makes; record it without its own sandbox, or with --backend notify"
#define SCLOG_OWN_EFFECT_NOTIFY                                                                    \
	"calls such a filter answers with ERRNO, TRAP or KILL (or USER_NOTIF, which has "          \
	"no listener beside sclog's) did not run and are not in the profile, which holds "         \
	"every call that ran; a policy made from it answers them with its own default "            \
	"action, not the program's"
#define SCLOG_OWN_EFFECT_BPF                                                                       \
	"calls such a filter answers with ERRNO, TRAP or KILL (or a listener's answer) "           \
	"did not run and are not in the profile, which holds every call that ran (the bpf "        \
	"program counts after every filter); a policy made from it answers them with its "         \
	"own default action, not the program's"
#define SCLOG_OWN_EFFECT_NONE                                                                      \
	"its filters answer only ALLOW, LOG or TRACE, so every call still reached sclog "          \
	"(a TRACE answer loses to sclog's USER_NOTIF: the program's tracer does not see "          \
	"that call)"

/*
 * Whether the tree's own filters make a gap in what @collector sees of the
 * calls that ran (audit: they do, the run is incomplete), rather than only
 * leave out calls that did not run (notify, bpf: a warning).
 */
int sclog_ownfilter_gap(const char *collector);

/*
 * Who has filters of their own, as "pid 12 (prog) installed" or "pid 12
 * (prog) and 3 more processes may have installed", into @buf.
 */
void sclog_ownfilter_describe(const struct sclog_ownfilter *o, char *buf, size_t size);

/*
 * The consequence for a run with @collector ("audit" or "notify"):
 * SCLOG_OWN_EFFECT_*.
 */
const char *sclog_ownfilter_effect(const struct sclog_ownfilter *o, const char *collector);

/* Processes with a filter of their own, found or unverified. */
static inline uint64_t sclog_ownfilter_total(const struct sclog_ownfilter *o)
{
	return o->n_found + o->more + o->dropped;
}

#endif
