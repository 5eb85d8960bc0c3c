// SPDX-License-Identifier: GPL-2.0-only
/*
 * The one place that wires the stages of a profiled run together:
 *   launch (fork/exec, filter) -> collect (a collector) -> account
 * with the supervisor watching the command's tree meanwhile.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <seccomp.h>

#include "sclog/basic/arch.h"
#include "sclog/basic/clock.h"
#include "sclog/basic/error.h"
#include "sclog/basic/exit.h"
#include "sclog/basic/macro.h"
#include "sclog/basic/outfile.h"
#include "sclog/basic/strv.h"
#include "sclog/basic/user.h"
#include "sclog/policy/policy.h"
#include "sclog/run/recording.h"
#include "sclog/run/report.h"

void sclog_checks_print(const struct sclog_check *c, size_t n, int failed_only)
{
	for (size_t i = 0; i < n; i++) {
		const char *mark = c[i].ok == 1 ? "ok" :
				   c[i].ok == 2 ? "warn" :
				   c[i].ok == 0 ? "FAIL" :
						  "-";

		if (!failed_only)
			printf("%-6s %-16s %s\n", mark, c[i].name, c[i].detail);
		else if (c[i].ok == 0 && c[i].fatal)
			sclog_warn("%s", c[i].detail);
		else if (c[i].ok == 0 || c[i].ok == 2)
			sclog_warn("WARNING: %s", c[i].detail);
	}
}

size_t sclog_recording_probe(const struct sclog_collector_ops *ops, struct sclog_check *checks,
			     size_t max, const sigset_t *child_mask)
{
	return (ops ? ops : sclog_collectors[0])->probe(checks, max, child_mask);
}

/* The checks that failed or did not run, fatal or not. */
static size_t count_failed(const struct sclog_check *checks, size_t n)
{
	size_t failed = 0;

	for (size_t i = 0; i < n; i++)
		failed += checks[i].ok != 1 && checks[i].ok != 2;
	return failed;
}

/* The checks that stop a run: fatal ones that failed or did not run. */
static size_t count_fatal(const struct sclog_check *checks, size_t n)
{
	size_t failed = 0;

	for (size_t i = 0; i < n; i++)
		failed += checks[i].fatal && checks[i].ok != 1 && checks[i].ok != 2;
	return failed;
}

/* The first failed fatal check, as the reason a collector cannot work. */
static const char *first_failure(const struct sclog_check *checks, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (checks[i].ok != 1 && checks[i].ok != 2)
			return checks[i].detail;
	return "";
}

/* @ops runs instead of the first collector, whose @checks failed: say why. */
static void choose_other(struct sclog_recording *rec, const struct sclog_collector_ops *ops,
			 const struct sclog_check *checks, size_t n)
{
	rec->collector_ops = ops;
	snprintf(rec->collector_why, sizeof(rec->collector_why),
		 "the %s collector cannot work here: %s", sclog_collectors[0]->name,
		 first_failure(checks, n));
	if (!rec->quiet)
		sclog_warn("using the %s collector (%s)", ops->name, rec->collector_why);
}

int sclog_recording_choose_container(struct sclog_recording *rec)
{
	struct sclog_check checks[16];
	sigset_t mask;
	size_t n;

	/* Before the supervisor starts, sclog's mask is its children's. */
	sigprocmask(SIG_SETMASK, NULL, &mask);
	n = sclog_collectors[0]->probe(checks, ELEMENTSOF(checks), &mask);
	if (!count_failed(checks, n))
		return 0;
	choose_other(rec, &sclog_collector_notify, checks, n);
	return 1;
}

/*
 * No --backend: the first collector whose checks all pass (audit where it
 * works, else notify).  Returns the number of checks of the chosen one in
 * @checks, or of the default one when none works (its failures are the
 * ones to fix).
 */
static size_t choose_collector(struct sclog_recording *rec, struct sclog_check *checks, size_t max)
{
	struct sclog_check first[16];
	size_t n_first = sclog_collectors[0]->probe(first, ELEMENTSOF(first), &rec->sup.child_mask);

	rec->collector_ops = sclog_collectors[0];
	if (!count_failed(first, n_first) || !sclog_collectors[1])
		goto first;
	for (size_t i = 1; sclog_collectors[i]; i++) {
		size_t n = sclog_collectors[i]->probe(checks, max, &rec->sup.child_mask);

		if (count_failed(checks, n))
			continue;
		choose_other(rec, sclog_collectors[i], first, n_first);
		return n;
	}
first:
	n_first = n_first < max ? n_first : max;
	memcpy(checks, first, n_first * sizeof(*checks));
	return n_first;
}

/*
 * --phase-at ready: the command's NOTIFY_SOCKET is a socket of sclog's in a
 * private directory (sclog_phase_ready_setup()).  A datagram reaching it
 * is taken as the tree's whoever sent it: only root or the command's user
 * can, and either could call anything anyway.
 */
static int ready_prepare(struct sclog_recording *rec, struct sclog_error *err)
{
	int r = sclog_phase_ready_setup(&rec->ready, rec->envp ? rec->envp : environ, !!rec->user,
					err);

	if (r < 0)
		return r;
	if (rec->ready.replaced && !rec->quiet)
		sclog_warn("NOTIFY_SOCKET=%s replaced by sclog's own for --phase-at ready: the "
			   "command's readiness goes to sclog, not to the service manager",
			   rec->ready.replaced);
	sclog_user_environ_free(rec->envp);
	rec->envp = TAKE_PTR(rec->ready.envp);
	/* Under audit, the sender's send is sought in the records, unless a
	 * call may run unlogged: allowed by the known policy or --base, or
	 * notified (--args). */
	if (rec->collector_ops->serial && !rec->known && !rec->args) {
		rec->readysend_on = 1;
		sclog_readysend_init(&rec->readysend); /* without memory: no cut */
	}
	return 0;
}

/* --phase-at: a collector that keeps the calls' order; the socket of "ready". */
static int phase_prepare(struct sclog_recording *rec, struct sclog_error *err)
{
	if (rec->collector_ops->no_filter)
		return sclog_error_set(err, -EOPNOTSUPP,
				       "--phase-at: the %s collector counts calls without their "
				       "order; use --backend audit or notify",
				       rec->collector_ops->name);
	return rec->phase->kind == SCLOG_PHASE_READY ? ready_prepare(rec, err) : 0;
}

int sclog_recording_prepare(struct sclog_recording *rec, struct sclog_error *err)
{
	struct sclog_check checks[16];
	struct sclog_collector_config cfg;
	size_t n_checks;
	int rc;

	rec->sup.sigfd = -1;
	/* One filter more for each process of the tree: sclog's, or the
	 * one the runtime installs from the profile sclog hands it. */
	sclog_ownfilter_init(&rec->own, 1);
	if (rec->user_spec) {
		/* Before anything starts: an unknown user is sclog's error. */
		if (sclog_user_resolve(rec->user_spec, &rec->user, err) < 0)
			return SCLOG_EXIT_FAILURE;
		if (sclog_user_environ(rec->user, environ, &rec->envp) < 0) {
			sclog_error_oom(err);
			return SCLOG_EXIT_FAILURE;
		}
	}
	rc = sclog_launch_resolve(rec->argv[0], &rec->path);
	if (rc == -ENOENT) {
		sclog_error_set(err, rc, "%s: command not found", rec->argv[0]);
		return SCLOG_EXIT_NOT_FOUND;
	}
	if (rc < 0) {
		sclog_error_wrap(err, rc, "%s", rec->argv[0]);
		return SCLOG_EXIT_CANNOT_EXEC;
	}
	rc = sclog_supervisor_init(&rec->sup, rec->argv[0], rec->quiet);
	if (rc < 0) {
		sclog_error_wrap(err, rc, "cannot set up signal handling");
		return SCLOG_EXIT_FAILURE;
	}
	rec->sup.leave_unfiltered = rec->mode == SCLOG_LAUNCH_RUNTIME_FILTER;

	/* Probe everything before the command starts: an unknown action
	 * would kill it, a silenced one would yield an empty profile. */
	if (rec->collector_ops)
		n_checks =
			rec->collector_ops->probe(checks, ELEMENTSOF(checks), &rec->sup.child_mask);
	else
		n_checks = choose_collector(rec, checks, ELEMENTSOF(checks));
	/* Failed fatal checks stop the run; the others are warnings (the
	 * run goes on, and says its profile is incomplete). */
	sclog_checks_print(checks, n_checks, 1);
	if (count_fatal(checks, n_checks)) {
		sclog_error_set(err, -ENOTSUP, "not starting %s; 'sclog doctor' shows every check",
				rec->argv[0]);
		return SCLOG_EXIT_FAILURE;
	}
	cfg = (struct sclog_collector_config){
		.known = rec->known,
		.mode = rec->mode,
		.rcvbuf = rec->rcvbuf,
		.drain_timeout = rec->drain_timeout,
		.child_mask = &rec->sup.child_mask,
		.args = rec->args,
		.runtime_socket = rec->runtime_socket,
		.runtime_killable = rec->runtime_killable,
		.own = &rec->own,
		.ordered = rec->phase != NULL,
		.readysend = &rec->readysend,
	};
	/* The bpf collector installs no filter: the tree of sclog's own
	 * launch starts with sclog's filters only. */
	if (rec->collector_ops->no_filter && rec->mode == SCLOG_LAUNCH_OWN_FILTER) {
		sclog_ownfilter_done(&rec->own);
		sclog_ownfilter_init(&rec->own, 0);
	}
	if (rec->phase && phase_prepare(rec, err) < 0)
		return SCLOG_EXIT_FAILURE;
	if (!rec->readysend_on)
		cfg.readysend = NULL;
	rec->collector.ops = rec->collector_ops;
	if (rec->collector_ops->prepare(&cfg, &rec->collector.state, err) < 0)
		return SCLOG_EXIT_FAILURE;
	return 0;
}

static void tick(struct sclog_recording *rec, int final)
{
	if (rec->on_tick)
		rec->on_tick(rec, final, rec->tick_data);
}

/*
 * Say at once when a call was taken out of its wait before sclog received
 * it: the command may now hang, and then the final warning never comes.
 * Seen on two turns 200 ms apart, not one: with several receiving threads
 * a call received but not yet counted looks the same for a moment.
 */
struct gap_watch {
	double since; /* when unreceived calls were first seen, or 0 */
	int warned;
};

static void watch_unreceived(const struct sclog_collector *c, struct gap_watch *g, double now)
{
	if (g->warned || !c->ops->unreceived)
		return;
	if (!c->ops->unreceived(c->state)) {
		g->since = 0;
		return;
	}
	if (!g->since) {
		g->since = now;
		return;
	}
	if (now - g->since < 0.2)
		return;
	g->warned = 1;
	sclog_warn("WARNING: a signal interrupted a call in the command's tree before sclog "
		   "received it; " SCLOG_UNRECEIVED_EFFECT ". If the command misbehaves or hangs, "
		   "stop it and run it again, or use --backend audit");
}

/*
 * Once a second, every process of the tree: a filter of its own that no
 * seccomp() or prctl() call showed (check's policy lets them run unseen,
 * or the kernel's prctl() path).
 */
static void scan_tree(struct sclog_recording *rec, double now)
{
	pid_t pids[1024];
	long n;

	if (rec->own.base < 0 || now - rec->own.last_scan < 1)
		return;
	n = sclog_supervisor_tree(pids, ELEMENTSOF(pids));
	if (n > 0)
		sclog_ownfilter_scan(&rec->own, pids,
				     (size_t)n < ELEMENTSOF(pids) ? (size_t)n : ELEMENTSOF(pids),
				     now);
}

static uint64_t realtime_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Note the first READY=1; later datagrams are read only to keep the queue
 * empty (a sender would block on a full one). */
static void ready_read(struct sclog_recording *rec)
{
	uint64_t ms;
	pid_t pid;

	if (sclog_phase_ready_read_at(rec->ready.fd, &ms, &pid) != 1 || rec->ready_ms)
		return;
	rec->ready_ms = ms;
	if (rec->readysend_on)
		sclog_readysend_ready(&rec->readysend, pid, ms, SCLOG_PHASE_COARSE_MARGIN_MS);
}

/* Poll the supervisor and the collector until the tree has ended. */
static int collect(struct sclog_recording *rec)
{
	const struct sclog_collector *c = &rec->collector;
	/* At least every second: the supervisor watches for a stopped tree. */
	int timeout = rec->on_tick && rec->tick_ms > 0 && rec->tick_ms < 1000 ? rec->tick_ms : 1000;
	double last_tick = sclog_now();
	struct gap_watch gap = { 0 };

	for (;;) {
		struct pollfd p[3] = {
			{ .fd = sclog_supervisor_fd(&rec->sup), .events = POLLIN },
			{ .fd = c->ops->fd(c->state), .events = POLLIN },
			{ .fd = rec->ready.dir ? rec->ready.fd : -1, .events = POLLIN },
		};
		double t;
		int r;

		if (poll(p, 3, timeout) < 0 && errno != EINTR)
			return -errno;
		if (p[2].revents)
			ready_read(rec);
		/* Read the collector first: records of a process that just
		 * ended are in before its end is seen.  Only when readable: a
		 * notification listener blocks a receive on an empty queue. */
		r = p[1].revents ? c->ops->on_readable(c->state) : 0;
		if (r < 0)
			return r;
		if (p[1].revents && rec->phase && c->ops->serial)
			sclog_phase_marks_note(&rec->marks, realtime_ms(),
					       c->ops->serial(c->state));
		if ((p[0].revents & POLLIN) && sclog_supervisor_handle(&rec->sup))
			return 0;
		t = sclog_now();
		if (sclog_supervisor_watch(&rec->sup, t))
			return 0;
		scan_tree(rec, t);
		watch_unreceived(c, &gap, t);
		if (rec->on_tick && rec->tick_ms > 0 && t - last_tick >= rec->tick_ms / 1000.0) {
			last_tick = t;
			tick(rec, 0);
		}
	}
}

/*
 * --container: the runtime's last call under the recording profile is the
 * execve of the container's program, so a profile without one says the
 * program never ran under it (another filter was loaded instead, or the
 * runtime failed first).  Only where the profile records execve: a policy
 * that allows it (check, --base) lets it pass unseen.
 */
static void witness_exec(struct sclog_recording *rec)
{
	const struct sclog_syscall **v = NULL;
	uint32_t native = seccomp_arch_native();
	long n;

	if (rec->mode != SCLOG_LAUNCH_RUNTIME_FILTER)
		return;
	rec->acc.exec_expected =
		!rec->known || (!sclog_policy_allows(rec->known, native, "execve", NULL) &&
				!sclog_policy_allows(rec->known, native, "execveat", NULL));
	n = rec->acc.profile ? sclog_profile_sorted(rec->acc.profile, &v) : 0;
	for (long i = 0; i < n && !rec->acc.exec_seen; i++) {
		_cleanup_free_ char *name = sclog_syscall_name(v[i]->arch, v[i]->nr);

		rec->acc.exec_seen =
			name && (strcmp(name, "execve") == 0 || strcmp(name, "execveat") == 0);
	}
	free(v);
}

/*
 * READY and SECONDS under audit: the records carry the coarse clock, which
 * may lag the boundary's by more than a tick, so they are cut by serial:
 * after the serials sclog had read before the boundary's time (the marks),
 * and for READY from its send's serial when that is later (the records of
 * a loaded machine may reach sclog after READY=1).  When neither can say,
 * by time, a wide margin back.
 */
static void time_cut(struct sclog_recording *rec, struct sclog_phase_cut *cut)
{
	uint64_t send = 0;
	int by_send = rec->readysend_on && sclog_readysend_cut(&rec->readysend, &send);

	if (!rec->collector_ops->serial)
		return; /* notify stamps at receipt with the precise clock */
	if (sclog_phase_marks_cut(&rec->marks, cut->at_ms, &cut->serial)) {
		cut->by_serial = 1;
		if (by_send && send > cut->serial)
			cut->serial = send;
		return;
	}
	if (by_send) {
		cut->by_serial = 1;
		cut->serial = send;
		return;
	}
	cut->margin_ms = SCLOG_PHASE_COARSE_MARGIN_MS;
	if (!rec->quiet)
		sclog_warn("WARNING: --phase-at %s: sclog read READY=1 too late to cut by the "
			   "records' order; the serving phase starts %d ms before it instead, "
			   "and may hold calls of the start-up",
			   rec->phase->at, SCLOG_PHASE_COARSE_MARGIN_MS);
}

/* Cut the profile at the boundary.  A SECONDS one came if the tree still ran then. */
static int phase_split(struct sclog_recording *rec)
{
	const struct sclog_phase *ph = rec->phase;
	struct sclog_phase_report *pr = &rec->phase_report;
	struct sclog_phase_cut cut = { 0 };
	uint64_t at_ms;
	long n;
	int r;

	if (ph->kind == SCLOG_PHASE_READY)
		cut.at_ms = rec->ready_ms;
	else if (ph->kind == SCLOG_PHASE_SECONDS && (rec->tree_end - rec->start) * 1000 >= ph->ms)
		cut.at_ms = rec->start_ms + ph->ms;
	if (cut.at_ms)
		time_cut(rec, &cut);
	pr->phase = ph;
	r = sclog_phase_split(rec->acc.profile, ph, &cut, &rec->serving, &at_ms);
	if (r <= 0)
		return r;
	pr->seen = 1;
	pr->cut = ph->kind == SCLOG_PHASE_SYSCALL || cut.by_serial ? "serial" : "time";
	pr->margin_ms = cut.margin_ms;
	pr->ms_after_start = at_ms > rec->start_ms ? at_ms - rec->start_ms : 0;
	pr->serving_syscalls = rec->serving->size;
	n = sclog_phase_only_before(rec->acc.profile, rec->serving, &pr->only_before);
	return n < 0 ? (int)n : 0;
}

int sclog_recording_execute(struct sclog_recording *rec, struct sclog_error *err)
{
	const struct sclog_collector *c = &rec->collector;
	const struct sclog_launch_params launch = {
		.path = rec->path,
		.argv = rec->argv,
		.envp = rec->envp,
		.user = rec->user,
		.mode = rec->mode,
		.collector = c,
		.child_mask = &rec->sup.child_mask,
	};
	int rc;

	rec->start = sclog_now();
	rec->start_ms = realtime_ms();
	if (rec->phase && rec->phase->kind == SCLOG_PHASE_SECONDS)
		rec->marks.at_ms = rec->start_ms + rec->phase->ms;
	rc = sclog_launch(&launch, &rec->target, err);
	if (rc < 0) {
		if (rc == -ENOENT)
			return SCLOG_EXIT_NOT_FOUND;
		if (rc == -EACCES || rc == -ENOEXEC || rc == -EISDIR || rc == -ETXTBSY ||
		    rc == -EPERM || rc == -ELOOP || rc == -ENAMETOOLONG)
			return SCLOG_EXIT_CANNOT_EXEC;
		return SCLOG_EXIT_FAILURE;
	}
	sclog_supervisor_start(&rec->sup, rec->target.pid);
	rc = collect(rec);
	if (rc < 0) {
		/* The run goes on to its end: the profile is then incomplete. */
		sclog_warn("the %s collector failed: %s", c->ops->name, strerror(-rc));
		rec->acc.read_error = rc;
	}
	/* Only possible after a read error: do not leave it running. */
	sclog_supervisor_kill(&rec->sup);
	rec->tree_end = sclog_now();
	if (rec->ready.dir)
		ready_read(rec); /* sent just before the end */

	c->ops->drain(c->state);
	sclog_ownfilter_finish(&rec->own);
	rec->duration = sclog_now() - rec->start;
	rec->acc.collector = c->ops->name;
	rec->acc.runtime_path = rec->runtime_path;
	rec->acc.no_listener_cause = rec->runtime_no_listener;
	rec->acc.exited = rec->sup.exited;
	rec->acc.n_exited = rec->sup.n_exited;
	rec->acc.alloc_failures = rec->sup.alloc_failures;
	c->ops->account(c->state, &rec->acc);
	rec->acc.own = &rec->own;
	rec->acc.abandoned = rec->sup.abandoned;
	witness_exec(rec);
	sclog_account_problems(&rec->acc, &rec->problems);
	if (rec->phase && rec->acc.profile && phase_split(rec) < 0) {
		sclog_error_oom(err);
		return SCLOG_EXIT_FAILURE;
	}
	/* Under audit they are a problem, printed with the others. */
	if (sclog_ownfilter_total(&rec->own) && !sclog_ownfilter_gap(c->ops->name)) {
		const char *effect = sclog_ownfilter_effect(&rec->own, c->ops->name);
		char who[512];

		sclog_ownfilter_describe(&rec->own, who, sizeof(who));
		sclog_warn("%s%s: %s",
			   strcmp(effect, SCLOG_OWN_EFFECT_NONE) != 0 ? "WARNING: " : "", who,
			   effect);
	}
	if (rec->acc.daemon_pid)
		sclog_warn(
			"WARNING: the audit daemon (pid %u) also logged the %llu seccomp records "
			"of this run (and any foreign ones)",
			rec->acc.daemon_pid, (unsigned long long)rec->acc.counters.records);
	tick(rec, 1);
	return 0;
}

int sclog_recording_exit_status(const struct sclog_recording *rec)
{
	return sclog_supervisor_exit_status(rec->sup.main_status);
}

void sclog_recording_print_problems(const struct sclog_recording *rec)
{
	if (rec->problems.n == 0)
		return;
	sclog_warn("WARNING: the profile is INCOMPLETE, syscalls may be missing:");
	for (size_t i = 0; i < rec->problems.n; i++)
		sclog_warn("  - %s", rec->problems.list[i]);
}

struct sclog_run_info sclog_recording_info(const struct sclog_recording *rec, const char *release)
{
	struct rusage ru = { 0 };
	int status = rec->sup.main_status;

	/* RUSAGE_SELF: the collector alone, not the command it waited for. */
	getrusage(RUSAGE_SELF, &ru);
	return (struct sclog_run_info){
		.max_rss_kib = ru.ru_maxrss,
		.version = SCLOG_VERSION,
		.kernel_release = release,
		.argv = rec->argv,
		.duration = rec->duration,
		.exited = !WIFSIGNALED(status),
		.status = WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status),
		.ses = rec->acc.ses,
		.lost_enobufs = rec->acc.overflows,
		.lost_kernel = rec->acc.records_lost,
		.lost_unknown = rec->acc.lost_unread || rec->acc.lost_reset,
		.settings_polls = rec->acc.settings_polls,
		.truncated = rec->acc.truncated,
		.alloc_failures = rec->acc.alloc_failures + rec->acc.counters.alloc_failures,
		.witnesses_checked = rec->acc.witnesses_checked,
		.exits_seen = rec->acc.n_exited,
		.exits_missing = rec->acc.exits_missing,
		.has_auid = rec->acc.has_auid,
		.auid_before = rec->acc.auid_before,
		.auid_after = rec->acc.auid_after,
		.complete = rec->problems.n == 0,
		.problems = rec->problems.list,
		.n_problems = rec->problems.n,
		.collector = rec->collector.ops ? rec->collector.ops->name : NULL,
		.collector_why = rec->collector_why[0] ? rec->collector_why : NULL,
		.interrupted = rec->acc.interrupted,
		.unreceived = rec->acc.unreceived,
		.interrupted_late = rec->acc.interrupted_late,
		.container_handover = rec->acc.handover,
		.container_exec = rec->acc.exec_expected ? rec->acc.exec_seen : -1,
		.container_left = rec->sup.n_left ? rec->sup.left : NULL,
		.container_n_left = rec->sup.n_left,
		.own = &rec->own,
		.own_effect = sclog_ownfilter_effect(&rec->own, rec->acc.collector),
		.args_spec = rec->args,
		.args_seen = rec->acc.args_seen,
		.phase = rec->phase ? &rec->phase_report : NULL,
	};
}

int sclog_recording_write_report(const struct sclog_recording *rec,
				 const struct sclog_run_info *info, struct sclog_outfile *out,
				 struct sclog_error *err)
{
	_cleanup_free_ char *report = NULL;

	if (sclog_report_json(rec->acc.profile, &rec->acc.counters, info, &report) < 0)
		return sclog_error_oom(err);
	return sclog_outfile_commit(out, report, strlen(report), err);
}

void sclog_recording_done(struct sclog_recording *rec)
{
	if (rec->collector.ops)
		rec->collector.ops->done(rec->collector.state);
	rec->collector = (struct sclog_collector){ 0 };
	rec->acc.profile = NULL;
	sclog_supervisor_done(&rec->sup);
	free(rec->path);
	rec->path = NULL;
	rec->user = sclog_user_free(rec->user);
	rec->envp = sclog_user_environ_free(rec->envp);
	sclog_ownfilter_done(&rec->own);
	if (rec->ready.dir)
		sclog_phase_ready_done(&rec->ready);
	sclog_readysend_done(&rec->readysend);
	rec->readysend_on = 0;
	rec->serving = sclog_profile_free(rec->serving);
	sclog_strv_free(rec->phase_report.only_before);
	rec->phase_report.only_before = NULL;
}
