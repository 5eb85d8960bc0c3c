// SPDX-License-Identifier: GPL-2.0-only
/*
 * The notify collector: the command runs under a SECCOMP_RET_USER_NOTIF
 * filter and sclog answers each call (serve.c).  No audit, no privilege,
 * any namespace; nothing to drain, since every call waited for sclog.
 */
#include <errno.h>
#include <poll.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sclog/basic/macro.h"
#include "sclog/collect/collector.h"
#include "sclog/collect/notify/handoff.h"
#include "sclog/collect/notify/listener.h"
#include "sclog/collect/notify/probe.h"
#include "sclog/policy/filter.h"
#include "sclog/policy/implied.h"

struct notify_collector {
	struct sclog_collector_config cfg;
	struct sclog_bpf filter;
	struct sclog_profile *profile;
	struct sclog_args_seen *seen;
	struct sclog_notify n;
	struct sclog_notify_handoff handoff;
	int read_error;
	/* --container: the runtime sends the listener (listener.h); the run
	 * loop polls the socket, then the connection, then the listener. */
	int runtime;
	struct sclog_listener_conn rt;
	int ended; /* every process of the filter is gone */
};

static size_t notify_probe(struct sclog_check *checks, size_t max, const sigset_t *child_mask)
{
	(void)child_mask;
	return sclog_notify_probe(checks, max);
}

static void notify_done(void *state)
{
	struct notify_collector *c = state;

	if (!c)
		return;
	sclog_notify_done(&c->n);
	sclog_notify_handoff_close(&c->handoff);
	closep(&c->rt.conn);
	sclog_args_seen_free(c->seen);
	sclog_profile_free(c->profile);
	free(c);
}

static int notify_prepare(const struct sclog_collector_config *cfg, void **ret_state,
			  struct sclog_error *err)
{
	struct notify_collector *c = calloc(1, sizeof(*c));
	_cleanup_(sclog_policy_freep) struct sclog_policy *unseen = NULL;
	int r;

	if (!c)
		return sclog_error_oom(err);
	c->cfg = *cfg;
	c->n.listener = -1;
	c->handoff = (struct sclog_notify_handoff){ .sock = { -1, -1 } };
	c->rt = (struct sclog_listener_conn){ .sock = cfg->runtime_socket, .conn = -1 };
	c->runtime = cfg->mode == SCLOG_LAUNCH_RUNTIME_FILTER;
	c->profile = sclog_profile_new();
	if (!c->profile || (cfg->args && !(c->seen = sclog_args_seen_new(cfg->args)))) {
		notify_done(c);
		return sclog_error_oom(err);
	}
	/* A notified brk, exit, exit_group or rt_sigreturn that a signal fails
	 * crashes the command: they run unseen, the policy implies them. */
	unseen = sclog_policy_unseen(cfg->known, NULL);
	r = unseen ? sclog_filter_build_collect(unseen, SCMP_ACT_NOTIFY, NULL, &c->filter, err) :
		     sclog_error_oom(err);
	if (r >= 0 && !c->runtime && (r = sclog_notify_handoff_open(&c->handoff)) < 0)
		sclog_error_set(err, r, "cannot create a socket pair: %s", strerror(-r));
	if (r >= 0) {
		r = sclog_notify_init(&c->n, c->profile, cfg->args, c->seen);
		if (r < 0)
			sclog_error_set(err, r, "cannot set up seccomp user notification: %s",
					strerror(-r));
		c->n.uncounted_execve = sclog_filter_execve_known(cfg->known);
		c->n.uncounted_seccomp = sclog_filter_seccomp_known(cfg->known);
		c->n.own = cfg->own;
		c->n.stamp = cfg->ordered;
	}
	if (r < 0) {
		notify_done(c);
		return r;
	}
	*ret_state = c;
	return 0;
}

static int notify_child_setup(void *state, struct sclog_child_report *report)
{
	struct notify_collector *c = state;
	pid_t helper;

	if (c->runtime)
		return 0; /* the runtime installs the filter and sends the listener */
	helper = sclog_notify_child_handoff(&c->handoff);
	if (helper < 0) {
		report->what = "starting the helper that hands the seccomp listener to sclog";
		return helper;
	}
	report->values[0] = helper;
	return 0;
}

static int notify_child_filter(void *state)
{
	struct notify_collector *c = state;
	int r = sclog_notify_child_install(&c->filter);

	return r < 0 ? r : 0;
}

/* Environment knobs for measuring (bench/notify.sh); see sclog(1). */
static long env_long(const char *name, long fallback)
{
	const char *v = getenv(name);
	char *end;
	long n;

	if (!v || !*v)
		return fallback;
	n = strtol(v, &end, 10);
	return *end ? fallback : n;
}

/* SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP where the kernel has it, unless 0. */
static int sync_wake_up(void)
{
	return env_long("SCLOG_NOTIFY_SYNC_WAKE_UP", 1) != 0;
}

/* Once the listener is held: one thread blocking in the receive by
 * default, no poll() per call (about 15 % faster than the poll loop,
 * docs/performance.md); SCLOG_NOTIFY_THREADS=0 keeps the poll loop. */
static int start_threads(struct notify_collector *c)
{
	long threads = env_long("SCLOG_NOTIFY_THREADS", 1);

	return threads > 0 ? sclog_notify_start_threads(&c->n, (size_t)threads) : 0;
}

/* The child reported: fetch its listener while its execve() waits. */
static int notify_started(void *state, pid_t pid, const struct sclog_child_report *report,
			  struct sclog_error *err)
{
	struct notify_collector *c = state;
	int r;

	/* --container: the listener comes later, through the socket polled
	 * by the run loop (runtime_step). */
	if (c->runtime)
		return 0;
	r = sclog_notify_attach(&c->n, pid, &c->handoff, (pid_t)report->values[0], sync_wake_up(),
				err);
	if (r < 0)
		return r;
	r = start_threads(c);
	return r < 0 ? sclog_error_set(err, r, "cannot start supervisor threads: %s",
				       strerror(-r)) :
		       0;
}

/* With supervisor threads they answer; the run loop has nothing to poll. */
static int notify_fd(void *state)
{
	struct notify_collector *c = state;

	if (c->runtime && !c->rt.received)
		return sclog_listener_conn_fd(&c->rt);
	if (c->ended)
		return -1;
	return c->n.n_threads ? -1 : c->n.listener;
}

/* The runtime's connection, then its message with the listener. */
static int runtime_step(struct notify_collector *c)
{
	int fd = -1, r = sclog_listener_conn_step(&c->rt, &fd);

	if (r == 0 && c->rt.received)
		c->ended = 1; /* it closed without one: the runtime failed */
	if (r <= 0)
		return r;
	r = sclog_notify_adopt(&c->n, fd, sync_wake_up());
	if (r < 0)
		return r;
	if (c->cfg.runtime_killable)
		c->n.interruptible = 0;
	/* From here as with sclog's own filter. */
	return start_threads(c);
}

static int notify_on_readable(void *state)
{
	struct notify_collector *c = state;
	long r;

	if (c->runtime && !c->rt.received) {
		r = runtime_step(c);
		if (r < 0 && !c->read_error)
			c->read_error = (int)r;
		return (int)r;
	}
	if (c->n.n_threads || c->n.listener < 0 || c->ended)
		return 0;
	if (c->runtime) {
		/* Every process under the filter ended: the listener hangs up,
		 * and a receive on it would block. */
		struct pollfd p = { .fd = c->n.listener, .events = POLLIN };

		if (poll(&p, 1, 0) < 0 || !(p.revents & POLLIN)) {
			c->ended = !!(p.revents & (POLLHUP | POLLERR | POLLNVAL));
			return 0;
		}
	}
	r = sclog_notify_handle(&c->n);
	if (r < 0 && !c->read_error)
		c->read_error = (int)r;
	return r < 0 ? (int)r : 0;
}

/* Every call waited for its answer: nothing can still be in flight.  The
 * supervisor threads, if any, end here: the tree has ended. */
static int notify_drain(void *state)
{
	struct notify_collector *c = state;
	int r = sclog_notify_stop_threads(&c->n);

	if (r < 0 && !c->read_error)
		c->read_error = r;
	return 1;
}

static void notify_account(void *state, struct sclog_account *acc)
{
	struct notify_collector *c = state;

	acc->profile = c->profile;
	acc->counters.records = c->n.counters.notifications;
	acc->drained = 1;
	if (c->read_error && !acc->read_error)
		acc->read_error = c->read_error;
	acc->own_listener = c->n.counters.own_listener;
	acc->setuid_lost = c->n.counters.setuid_lost;
	acc->interrupted = c->n.counters.interrupted;
	acc->unreceived = sclog_notify_unreceived(&c->n);
	acc->interrupted_late = c->n.counters.late;
	snprintf(acc->setuid_example, sizeof(acc->setuid_example), "%s", c->n.setuid_example);
	acc->args_seen = c->seen;
	acc->no_listener = c->runtime && c->n.listener < 0;
	acc->handover = c->n.counters.handover;
}

static uint64_t notify_unreceived(void *state)
{
	struct notify_collector *c = state;

	return sclog_notify_unreceived(&c->n);
}

const struct sclog_collector_ops sclog_collector_notify = {
	.name = "notify",
	.probe = notify_probe,
	.prepare = notify_prepare,
	.child_setup = notify_child_setup,
	.child_filter = notify_child_filter,
	.started = notify_started,
	.fd = notify_fd,
	.on_readable = notify_on_readable,
	.drain = notify_drain,
	.account = notify_account,
	.unreceived = notify_unreceived,
	.done = notify_done,
};
