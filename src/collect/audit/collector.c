// SPDX-License-Identifier: GPL-2.0-only
/*
 * The audit collector: the command runs under a RET_LOG filter in an audit
 * session of its own, and its AUDIT_SECCOMP records are read from the audit
 * multicast socket (audit.c) into the pipeline, attributed by session.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <poll.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/random.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sclog/basic/clock.h"
#include "sclog/basic/fileio.h"
#include "sclog/basic/macro.h"
#include "sclog/collect/audit/audit.h"
#include "sclog/collect/audit/audit_watch.h"
#include "sclog/collect/audit/session.h"
#include "sclog/collect/collector.h"
#include "sclog/collect/notify/handoff.h"
#include "sclog/policy/filter.h"
#include "sclog/records/pipeline.h"

struct audit_collector {
	struct sclog_collector_config cfg;
	struct sclog_audit_source src;
	/* The settings that can blind the run, from before the start to
	 * the end (the lost counter's growth is what the run lost). */
	struct sclog_audit_watch watch;
	struct sclog_pipeline pl;
	struct sclog_bpf profile, marker;
	uint32_t ses;
	uint32_t auid_before, auid; /* sclog's login uid, the command's */
	int read_error;
	int drain_result; /* of the last drain: 1, 0 or -errno */
	int drained;	  /* drain was called */
	/* --args: a hybrid filter, LOG for all and NOTIFY for the listed
	 * syscalls, whose notifications a listener answers (notify/serve.c). */
	int hybrid;
	struct sclog_notify n;
	struct sclog_notify_handoff handoff;
	struct sclog_args_seen *seen;
	int epfd; /* the socket and the listener, for the run loop */
};

/* The tree's seccomp() and prctl() calls (pipeline.h), for ownfilter.h. */
static int on_call(void *userdata, int kind, int32_t pid, uint32_t ses, int moved, const char *comm,
		   const char *exe)
{
	struct sclog_ownfilter *own = userdata;

	if (!kind) {
		sclog_ownfilter_later(own, pid, comm, exe);
		return 0;
	}
	return sclog_ownfilter_suspect(own, pid, comm, exe, kind == 1, moved, ses);
}

static int on_datagram(void *userdata, const void *buf, size_t len)
{
	return sclog_pipeline_datagram(userdata, buf, len);
}

/* The kernel announces some changes of its settings on the socket. */
static void on_other(void *data, uint16_t type, const char *text, size_t len)
{
	struct audit_collector *a = data;

	if (type == AUDIT_CONFIG_CHANGE)
		sclog_audit_watch_note_record(&a->watch, text, len);
}

/* sclog's own audit session id (the marker inherits it). */
static void read_session(uint32_t *ret)
{
	char buf[16];

	if (sclog_read_small("/proc/self/sessionid", buf, sizeof(buf)) > 0)
		*ret = (uint32_t)strtoul(buf, NULL, 10);
}

/*
 * Fork a process whose only logged syscall is getppid() and read the socket
 * until its record arrives.  The kernel queues audit records in one FIFO
 * (kernel/audit.c, audit_queue, drained by kauditd), so once it arrives,
 * every record queued before it has been delivered or counted as dropped.
 * Returns 1 when it arrived, 0 on timeout, or -errno.
 */
static int await_marker(struct sclog_audit_source *src, struct sclog_pipeline *pl,
			const struct sclog_bpf *marker, const sigset_t *mask, double timeout)
{
	double deadline = sclog_now() + timeout;
	uint32_t nonce = 0, ses = (uint32_t)-1;
	pid_t pid;
	int r = 0;

	/* The marker is known by a comm= of its own in sclog's session: its
	 * pid= is the initial pid namespace's, which fork() may not return. */
	if (getrandom(&nonce, sizeof(nonce), GRND_NONBLOCK) != sizeof(nonce))
		nonce = (uint32_t)getpid() ^ (uint32_t)(sclog_now() * 1e6);
	read_session(&ses);
	snprintf(pl->marker_comm, sizeof(pl->marker_comm), "sclogm%08x", nonce);
	pl->marker_ses = ses;
	pid = sclog_audit_marker(marker, mask, pl->marker_comm);
	if (pid < 0)
		return (int)pid;
	pl->marker_pid = pid;
	pl->marker_seen = 0;
	while (!pl->marker_seen) {
		struct pollfd p = { .fd = src->fd, .events = POLLIN };
		double left = deadline - sclog_now();
		long n;

		if (left <= 0)
			break;
		if (poll(&p, 1, (int)(left * 1000) + 1) < 0 && errno != EINTR) {
			r = -errno;
			break;
		}
		n = sclog_audit_read(src, on_datagram, pl);
		if (n < 0) {
			r = (int)n;
			break;
		}
	}
	waitpid(pid, NULL, 0);
	pl->marker_pid = 0;
	return r < 0 ? r : pl->marker_seen;
}

/* The kernel's checks, then the whole path end to end. */
static size_t audit_probe(struct sclog_check *checks, size_t max, const sigset_t *child_mask)
{
	size_t n = sclog_probe_kernel(checks, max - 1), failed = 0;
	struct sclog_check *e2e = &checks[n];
	struct sclog_error err = { 0 };
	struct sclog_audit_source src = { .fd = -1 };
	struct sclog_pipeline pl = { 0 };
	struct sclog_bpf *marker = NULL;
	int r;

	for (size_t i = 0; i < n; i++)
		failed += checks[i].fatal && checks[i].ok != 1 && checks[i].ok != 2;
	*e2e = (struct sclog_check){ .name = "end to end", .ok = -1, .fatal = 1 };
	snprintf(e2e->detail, sizeof(e2e->detail), "not checked");
	if (failed)
		return n + 1;

	/* A process under a LOG filter must produce a record that reaches
	 * this socket: proves the whole path before anything is started. */
	marker = malloc(sizeof(*marker));
	if (!marker) {
		e2e->ok = 0;
		snprintf(e2e->detail, sizeof(e2e->detail), SCLOG_ERROR_OOM_MSG);
	} else if (sclog_audit_open(&src, 0, &err) < 0 ||
		   sclog_filter_build_marker(marker, &err) < 0 ||
		   sclog_pipeline_init(&pl, (uint32_t)-2) < 0) {
		e2e->ok = 0;
		snprintf(e2e->detail, sizeof(e2e->detail), "%s", err.msg);
	} else {
		r = await_marker(&src, &pl, marker, child_mask, 5);
		e2e->ok = r == 1;
		if (r == 1)
			snprintf(e2e->detail, sizeof(e2e->detail),
				 "a RET_LOG record of a test process arrived on the socket");
		else
			snprintf(e2e->detail, sizeof(e2e->detail),
				 "no seccomp record of a test process arrived within 5 s (%s): "
				 "something on this system suppresses seccomp audit records",
				 r < 0 ? strerror(-r) : "timeout");
	}
	free(marker);
	sclog_pipeline_done(&pl);
	sclog_audit_close(&src);
	return n + 1;
}

static void audit_done(void *state)
{
	struct audit_collector *a = state;

	if (!a)
		return;
	sclog_audit_watch_done(&a->watch);
	sclog_notify_done(&a->n);
	sclog_notify_handoff_close(&a->handoff);
	sclog_args_seen_free(a->seen);
	closep(&a->epfd);
	sclog_pipeline_done(&a->pl);
	sclog_audit_close(&a->src);
	free(a);
}

static int audit_prepare(const struct sclog_collector_config *cfg, void **ret_state,
			 struct sclog_error *err)
{
	struct audit_collector *a = calloc(1, sizeof(*a));
	int r;

	if (!a)
		return sclog_error_oom(err);
	a->cfg = *cfg;
	a->src.fd = -1;
	a->n.listener = -1;
	a->handoff = (struct sclog_notify_handoff){ .sock = { -1, -1 } };
	a->epfd = -1;
	a->hybrid = cfg->args != NULL;
	a->auid = sclog_audit_session_auid(&a->auid_before);
	r = sclog_audit_open(&a->src, cfg->rcvbuf, err);
	if (r >= 0 && a->hybrid) {
		const char **names = sclog_args_names(cfg->args);

		a->seen = sclog_args_seen_new(cfg->args);
		r = names && a->seen ? sclog_filter_build_collect(cfg->known, SCMP_ACT_LOG, names,
								  &a->profile, err) :
				       sclog_error_oom(err);
		free(names);
		if (r >= 0 && (r = sclog_notify_handoff_open(&a->handoff)) < 0)
			sclog_error_set(err, r, "cannot create a socket pair: %s", strerror(-r));
	} else if (r >= 0) {
		r = sclog_filter_build_profile(cfg->known, &a->profile, err);
	}
	if (r >= 0)
		r = sclog_filter_build_marker(&a->marker, err);
	/* The settings before the run: the lost counter's start, and what
	 * changes during the run is measured against them. */
	if (r >= 0 && (r = sclog_audit_watch_init(&a->watch)) < 0)
		sclog_error_set(err, r, "cannot set up the audit settings watch: %s", strerror(-r));
	if (r >= 0)
		r = sclog_audit_watch_poll(&a->watch, err);
	if (r < 0) {
		audit_done(a);
		return r;
	}
	*ret_state = a;
	return 0;
}

static int audit_child_setup(void *state, struct sclog_child_report *report)
{
	struct audit_collector *a = state;
	uint32_t ses;
	int r = sclog_audit_session(a->auid, &ses);

	if (r < 0) {
		report->what = "writing /proc/self/loginuid to start an audit session";
		report->hint = "sclog needs CAP_AUDIT_CONTROL, and a login uid that is unset "
			       "or not immutable (auditctl --loginuid-immutable)";
		return r;
	}
	report->values[0] = ses;
	if (a->hybrid) {
		pid_t helper = sclog_notify_child_handoff(&a->handoff);

		if (helper < 0) {
			report->what =
				"starting the helper that hands the seccomp listener to sclog";
			return helper;
		}
		report->values[1] = helper;
	}
	return 0;
}

static int audit_child_filter(void *state)
{
	struct audit_collector *a = state;
	int r;

	if (!a->hybrid)
		return sclog_filter_install(&a->profile);
	r = sclog_notify_child_install(&a->profile);
	return r < 0 ? r : 0;
}

static int audit_started(void *state, pid_t pid, const struct sclog_child_report *report,
			 struct sclog_error *err)
{
	struct audit_collector *a = state;
	int r;

	a->ses = (uint32_t)report->values[0];
	if (sclog_pipeline_init(&a->pl, a->ses) < 0)
		return sclog_error_oom(err);
	a->pl.on_other = on_other;
	a->pl.other_data = a;
	a->pl.ordered = a->cfg.ordered;
	a->pl.readysend = a->cfg.readysend;
	r = sclog_audit_watch_start(&a->watch);
	if (r < 0)
		return sclog_error_set(err, r,
				       "cannot start the thread that watches the audit "
				       "settings: %s",
				       strerror(-r));
	if (a->hybrid) {
		struct epoll_event ev = { .events = EPOLLIN };

		r = sclog_notify_init(&a->n, a->pl.profile, a->cfg.args, a->seen);
		a->n.own = a->cfg.own;
		if (r < 0)
			return sclog_error_set(err, r,
					       "cannot set up seccomp user notification "
					       "for --args: %s",
					       strerror(-r));
		a->n.uncounted_execve = sclog_filter_execve_known(a->cfg.known);
		a->n.uncounted_seccomp = sclog_filter_seccomp_known(a->cfg.known);
		r = sclog_notify_attach(&a->n, pid, &a->handoff, (pid_t)report->values[1], 1, err);
		if (r < 0)
			return r;
		a->epfd = epoll_create1(EPOLL_CLOEXEC);
		if (a->epfd < 0 || epoll_ctl(a->epfd, EPOLL_CTL_ADD, a->src.fd, &ev) < 0 ||
		    epoll_ctl(a->epfd, EPOLL_CTL_ADD, a->n.listener, &ev) < 0)
			return sclog_error_set(err, -errno, "cannot set up epoll: %m");
	}
	a->pl.follow = 1;
	a->pl.uncounted_seccomp = sclog_filter_seccomp_known(a->cfg.known);
	if (a->cfg.own) {
		a->pl.on_call = on_call;
		a->pl.on_call_data = a->cfg.own;
	}
	return 0;
}

static int audit_fd(void *state)
{
	struct audit_collector *a = state;

	return a->hybrid ? a->epfd : a->src.fd;
}

static int audit_on_readable(void *state)
{
	struct audit_collector *a = state;
	long n = sclog_audit_read(&a->src, on_datagram, &a->pl);

	sclog_audit_watch_activity(&a->watch, n);
	if (n >= 0 && a->hybrid) {
		struct pollfd p = { .fd = a->n.listener, .events = POLLIN };

		if (poll(&p, 1, 0) > 0 && (p.revents & POLLIN))
			n = sclog_notify_handle(&a->n);
	}
	if (n < 0 && !a->read_error)
		a->read_error = (int)n;
	return n < 0 ? (int)n : 0;
}

static int audit_drain(void *state)
{
	struct audit_collector *a = state;

	a->drained = 1;
	a->drain_result =
		await_marker(&a->src, &a->pl, &a->marker, a->cfg.child_mask, a->cfg.drain_timeout);
	return a->drain_result;
}

/* Which processes that sclog saw exit normally never logged their exit. */
static void witnesses(const struct audit_collector *a, struct sclog_account *acc)
{
	const struct sclog_policy *known = a->cfg.known;

	/* A runtime's own processes (conmon, the runtime before its filter)
	 * run unfiltered: their exits are never logged. */
	if (a->cfg.mode == SCLOG_LAUNCH_RUNTIME_FILTER) {
		acc->why_unchecked = "the container runtime's own processes run unfiltered";
		return;
	}
	/* A policy that lets exit and exit_group run unlogged hides them. */
	if (known && (sclog_policy_allows(known, seccomp_arch_native(), "exit_group", NULL) ||
		      sclog_policy_allows(known, seccomp_arch_native(), "exit", NULL))) {
		acc->why_unchecked = "the known policy allows exit and exit_group unlogged";
		return;
	}
	acc->witnesses_checked = 1;
	for (size_t i = 0; i < acc->n_exited; i++) {
		if (sclog_pipeline_pid(&a->pl, acc->exited[i]) & SCLOG_PID_EXITED)
			continue;
		if (!acc->exits_missing++)
			acc->first_missing = acc->exited[i];
	}
}

/* What the watch saw, from before the start to after the drain. */
static void account_settings(struct audit_collector *a, struct sclog_account *acc)
{
	const struct sclog_audit_watch_seen *s = &a->watch.seen;
	struct sclog_error err = { 0 };

	sclog_audit_watch_stop(&a->watch);
	if (sclog_audit_watch_poll(&a->watch, &err) < 0) {
		acc->lost_unread = 1;
		snprintf(acc->status_msg, sizeof(acc->status_msg), "%s", err.msg);
	}
	acc->records_lost = s->lost_grown;
	acc->lost_reset = s->lost_reset;
	acc->lost_reset_old = s->lost_reset_old;
	acc->rate_limit_set = s->rate_limit_set;
	acc->exclude_added = s->exclude_added;
	acc->settings_polls = s->polls;
	acc->daemon_pid = s->daemon_pid;
	snprintf(acc->unlogged, sizeof(acc->unlogged), "%s", s->unlogged);
	snprintf(acc->settings_msg, sizeof(acc->settings_msg), "%s", s->error);
	acc->n_exclude_rules = s->max_rules > s->n_rules ? s->max_rules : s->n_rules;
	for (size_t i = 0; i < s->n_rules && i < ELEMENTSOF(acc->exclude_rules); i++)
		snprintf(acc->exclude_rules[i], sizeof(acc->exclude_rules[i]), "%s", s->rules[i]);
}

static void audit_account(void *state, struct sclog_account *acc)
{
	struct audit_collector *a = state;

	acc->profile = a->pl.profile;
	acc->counters = a->pl.counters;
	if (a->hybrid) {
		acc->counters.records += a->n.counters.notifications;
		acc->own_listener = a->n.counters.own_listener;
		acc->setuid_lost = a->n.counters.setuid_lost;
		acc->interrupted = a->n.counters.interrupted;
		acc->unreceived = sclog_notify_unreceived(&a->n);
		acc->interrupted_late = a->n.counters.late;
		snprintf(acc->setuid_example, sizeof(acc->setuid_example), "%s",
			 a->n.setuid_example);
		acc->args_seen = a->seen;
	}
	acc->ses = a->ses;
	acc->has_auid = 1;
	acc->auid_before = a->auid_before;
	acc->auid_after = a->auid;
	acc->overflows = a->src.enobufs;
	acc->truncated = a->src.truncated;
	acc->drained = a->drain_result == 1;
	acc->drain_error = a->drain_result < 0 ? a->drain_result : 0;
	acc->drain_timeout = a->cfg.drain_timeout;
	if (a->read_error && !acc->read_error)
		acc->read_error = a->read_error;
	account_settings(a, acc);
	witnesses(a, acc);
}

static void audit_counts(void *state, uint64_t *ret_records, size_t *ret_syscalls)
{
	const struct audit_collector *a = state;

	*ret_records = a->pl.counters.records;
	*ret_syscalls = a->pl.profile ? a->pl.profile->size : 0;
}

/* Only the hybrid filter of --args notifies, and has notify's window. */
static uint64_t audit_unreceived(void *state)
{
	struct audit_collector *a = state;

	return a->hybrid ? sclog_notify_unreceived(&a->n) : 0;
}

static uint64_t audit_serial(void *state)
{
	const struct audit_collector *a = state;

	return a->pl.max_serial;
}

const struct sclog_collector_ops sclog_collector_audit = {
	.name = "audit",
	.probe = audit_probe,
	.prepare = audit_prepare,
	.child_setup = audit_child_setup,
	.child_filter = audit_child_filter,
	.started = audit_started,
	.fd = audit_fd,
	.on_readable = audit_on_readable,
	.drain = audit_drain,
	.account = audit_account,
	.counts = audit_counts,
	.unreceived = audit_unreceived,
	.serial = audit_serial,
	.done = audit_done,
};
