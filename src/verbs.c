// SPDX-License-Identifier: GPL-2.0-only
/*
 * The one file that wires the stages together:
 *   launch (fork/exec + filter) -> collect (audit socket) -> parse/aggregate
 *   (pipeline) -> emit (policy, report).
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sclog/audit.h"
#include "sclog/filter.h"
#include "sclog/launch.h"
#include "sclog/macro.h"
#include "sclog/options.h"
#include "sclog/outfile.h"
#include "sclog/pipeline.h"
#include "sclog/policy.h"
#include "sclog/probe.h"
#include "sclog/verbs.h"

#define MAX_PROBLEMS 16

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int on_datagram(void *userdata, const void *buf, size_t len)
{
	return sclog_pipeline_datagram(userdata, buf, len);
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
	double deadline = now() + timeout;
	pid_t pid = sclog_launch_marker(marker, mask);
	int r = 0;

	if (pid < 0)
		return (int)pid;
	pl->marker_pid = pid;
	pl->marker_seen = 0;
	while (!pl->marker_seen) {
		struct pollfd p = { .fd = src->fd, .events = POLLIN };
		double left = deadline - now();
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

static void print_checks(const struct sclog_check *c, size_t n, int failed_only)
{
	for (size_t i = 0; i < n; i++) {
		if (failed_only && c[i].ok)
			continue;
		if (failed_only)
			fprintf(stderr, "sclog: %s\n", c[i].detail);
		else
			printf("%-6s %-16s %s\n",
			       c[i].ok > 0 ? "ok" : c[i].ok == 0 ? "FAIL" : "-", c[i].name,
			       c[i].detail);
	}
}

/* Everything `doctor` checks; returns the number of failed checks. */
static size_t check_all(struct sclog_check *checks, size_t max, size_t *ret_n,
			const sigset_t *mask)
{
	size_t n = sclog_probe_kernel(checks, max - 1), failed = 0;
	struct sclog_check *e2e = &checks[n];
	struct sclog_error err = { 0 };
	struct sclog_audit_source src = { .fd = -1 };
	struct sclog_pipeline pl = { 0 };
	struct sclog_bpf marker;
	int r;

	for (size_t i = 0; i < n; i++)
		failed += checks[i].ok != 1;
	*e2e = (struct sclog_check){ .name = "end to end", .ok = -1, .fatal = 1 };
	snprintf(e2e->detail, sizeof(e2e->detail), "not checked");
	*ret_n = n + 1;
	if (failed)
		return failed + 1;

	/* A process under a LOG filter must produce a record that reaches
	 * this socket: proves the whole path before anything is started. */
	if (sclog_audit_open(&src, 0, &err) < 0 || sclog_filter_build_marker(&marker, &err) < 0 ||
	    sclog_pipeline_init(&pl, (uint32_t)-2) < 0) {
		e2e->ok = 0;
		snprintf(e2e->detail, sizeof(e2e->detail), "%s", err.msg);
	} else {
		r = await_marker(&src, &pl, &marker, mask, 5);
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
	sclog_pipeline_done(&pl);
	sclog_audit_close(&src);
	return !e2e->ok;
}

int sclog_verb_doctor(int argc, char **argv)
{
	struct sclog_check checks[16];
	char release[128];
	sigset_t mask;
	size_t n, failed;

	(void)argv;
	if (argc > 1) {
		fprintf(stderr, "sclog: doctor takes no arguments\n");
		return SCLOG_EXIT_FAILURE;
	}
	sigprocmask(SIG_SETMASK, NULL, &mask);
	sclog_probe_release(release, sizeof(release));
	printf("sclog %s on Linux %s\n", SCLOG_VERSION, release);
	failed = check_all(checks, ELEMENTSOF(checks), &n, &mask);
	print_checks(checks, n, 0);
	printf(failed ? "sclog run cannot profile on this system: fix the FAIL lines above.\n"
		      : "sclog run can profile on this system.\n");
	return failed ? 1 : 0;
}

/* State of one `sclog run`. */
struct run {
	struct sclog_run_options opt;
	struct sclog_audit_source src;
	struct sclog_pipeline pl;
	struct sclog_target target;
	sigset_t old_mask;
	int sigfd;
	int main_done, main_status;
	int abandoned; /* stopped waiting for a still-running tree */
	uint32_t lost_kernel; /* growth of the kernel's audit lost counter */
	const char *problems[MAX_PROBLEMS];
	char problem_buf[MAX_PROBLEMS][256];
	size_t n_problems;
};

__attribute__((format(printf, 2, 3))) static void problem(struct run *r, const char *fmt, ...)
{
	va_list ap;

	if (r->n_problems >= MAX_PROBLEMS)
		return;
	va_start(ap, fmt);
	vsnprintf(r->problem_buf[r->n_problems], sizeof(r->problem_buf[0]), fmt, ap);
	va_end(ap);
	r->problems[r->n_problems] = r->problem_buf[r->n_problems];
	r->n_problems++;
}

/* Reap what has ended; returns 1 once no process of the tree is left. */
static int reap(struct run *r)
{
	for (;;) {
		int status;
		pid_t pid = waitpid(-1, &status, WNOHANG);

		if (pid == 0)
			return 0;
		if (pid < 0)
			return errno == ECHILD;
		if (pid == r->target.pid) {
			r->main_done = 1;
			r->main_status = status;
		}
	}
}

static void on_signal(struct run *r, const struct signalfd_siginfo *si)
{
	if (si->ssi_signo == SIGCHLD)
		return;
	if (r->main_done) {
		/* Only descendants remain: a signal means stop waiting. */
		if (!r->abandoned && !r->opt.quiet)
			fprintf(stderr, "sclog: %s; no longer waiting for the rest of the "
				"command's processes\n", strsignal((int)si->ssi_signo));
		r->abandoned = 1;
		return;
	}
	/* The terminal already sent its signals to the whole foreground
	 * process group, the command included; forward only those aimed at
	 * sclog itself, so the command never gets one twice. */
	if (si->ssi_code != SI_KERNEL)
		kill(r->target.pid, (int)si->ssi_signo);
}

static int collect(struct run *r)
{
	int announced = 0;

	for (;;) {
		struct pollfd p[2] = {
			{ .fd = r->sigfd, .events = POLLIN },
			{ .fd = r->src.fd, .events = POLLIN },
		};
		long n;

		if (poll(p, 2, -1) < 0 && errno != EINTR)
			return -errno;
		n = sclog_audit_read(&r->src, on_datagram, &r->pl);
		if (n < 0)
			return (int)n;
		if (p[0].revents & POLLIN) {
			struct signalfd_siginfo si;

			while (read(r->sigfd, &si, sizeof(si)) == sizeof(si))
				on_signal(r, &si);
			if (reap(r) || r->abandoned)
				return 0;
			if (r->main_done && !announced && !r->opt.quiet) {
				fprintf(stderr, "sclog: %s exited; waiting for its remaining "
					"processes (interrupt sclog to stop waiting)\n",
					r->opt.argv[0]);
				announced = 1;
			}
		}
	}
}

static int exit_status(int status)
{
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

static void summarise(struct run *r, size_t n_syscalls, double duration)
{
	uint64_t lost = r->src.enobufs + r->lost_kernel;

	if (r->opt.quiet && r->n_problems == 0)
		return;
	fprintf(stderr, "sclog: %zu syscalls from %llu records (%llu ENOBUFS/lost) in %.2f s",
		n_syscalls, (unsigned long long)r->pl.counters.records,
		(unsigned long long)lost, duration);
	if (strcmp(r->opt.output, "-") != 0)
		fprintf(stderr, "; policy written to %s", r->opt.output);
	fputc('\n', stderr);
	if (r->n_problems == 0)
		return;
	fprintf(stderr, "sclog: WARNING: the profile is INCOMPLETE, syscalls may be missing:\n");
	for (size_t i = 0; i < r->n_problems; i++)
		fprintf(stderr, "sclog:   - %s\n", r->problems[i]);
}

static int fail(const struct sclog_error *err)
{
	fprintf(stderr, "sclog: %s\n", err->msg);
	return SCLOG_EXIT_FAILURE;
}

int sclog_verb_run(int argc, char **argv)
{
	struct run r = { .sigfd = -1, .src = { .fd = -1 } };
	struct sclog_outfile policy_out = { .fd = -1 }, report_out = { .fd = -1 };
	struct sclog_error err = { 0 };
	struct sclog_audit_status before, after;
	struct sclog_check checks[16];
	struct sclog_bpf *bpf = NULL, *marker = NULL;
	_cleanup_free_ char *path = NULL, *policy = NULL, *report = NULL;
	char release[128];
	size_t n_checks, n_syscalls = 0, unnamed = 0;
	sigset_t block;
	double start;
	int ret = SCLOG_EXIT_FAILURE, rc;

	rc = sclog_run_options_parse(argc, argv, &r.opt, &err);
	if (rc == SCLOG_OPTIONS_HELP) {
		fputs(sclog_run_usage, stdout);
		return 0;
	}
	if (rc < 0) {
		fprintf(stderr, "sclog: %s\nTry 'sclog run --help'.\n", err.msg);
		return SCLOG_EXIT_FAILURE;
	}
	rc = sclog_launch_resolve(r.opt.argv[0], &path);
	if (rc < 0) {
		fprintf(stderr, "sclog: %s: %s\n", r.opt.argv[0],
			rc == -ENOENT ? "command not found" : strerror(-rc));
		return rc == -ENOENT ? SCLOG_EXIT_NOT_FOUND : SCLOG_EXIT_CANNOT_EXEC;
	}

	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGQUIT);
	sigprocmask(SIG_BLOCK, &block, &r.old_mask);

	/* Probe everything before the command starts: an unknown action
	 * would kill it, a silenced one would yield an empty profile. */
	if (check_all(checks, ELEMENTSOF(checks), &n_checks, &r.old_mask)) {
		print_checks(checks, n_checks, 1);
		fprintf(stderr, "sclog: not starting %s; 'sclog doctor' shows every check\n",
			r.opt.argv[0]);
		goto out;
	}
	if (sclog_outfile_open(&policy_out, r.opt.output, &err) < 0 ||
	    (r.opt.report && sclog_outfile_open(&report_out, r.opt.report, &err) < 0)) {
		fail(&err);
		goto out;
	}
	bpf = malloc(sizeof(*bpf));
	marker = malloc(sizeof(*marker));
	if (!bpf || !marker) {
		fprintf(stderr, "sclog: out of memory\n");
		goto out;
	}
	r.sigfd = signalfd(-1, &block, SFD_CLOEXEC | SFD_NONBLOCK);
	/* Orphaned descendants are reparented to sclog, so it can wait for
	 * the whole tree (kernel/exit.c, find_new_reaper()). */
	if (r.sigfd < 0 || prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0) {
		fprintf(stderr, "sclog: cannot set up signal handling: %m\n");
		goto out;
	}
	if (sclog_audit_open(&r.src, r.opt.rcvbuf, &err) < 0 ||
	    sclog_audit_status(&before, &err) < 0 ||
	    sclog_filter_build_profile(NULL, bpf, &err) < 0 ||
	    sclog_filter_build_marker(marker, &err) < 0) {
		fail(&err);
		goto out;
	}

	start = now();
	rc = sclog_launch(path, r.opt.argv, bpf, &r.old_mask, &r.target, &err);
	if (rc < 0) {
		fail(&err);
		if (rc == -ENOENT)
			ret = SCLOG_EXIT_NOT_FOUND;
		else if (rc == -EACCES || rc == -ENOEXEC || rc == -EISDIR || rc == -ETXTBSY ||
			 rc == -EPERM || rc == -ELOOP || rc == -ENAMETOOLONG)
			ret = SCLOG_EXIT_CANNOT_EXEC;
		goto out;
	}
	if (sclog_pipeline_init(&r.pl, r.target.ses) < 0) {
		kill(r.target.pid, SIGKILL);
		fprintf(stderr, "sclog: out of memory\n");
		goto out;
	}
	rc = collect(&r);
	if (rc < 0) {
		fprintf(stderr, "sclog: reading the audit socket failed: %s\n", strerror(-rc));
		problem(&r, "reading the audit socket failed: %s", strerror(-rc));
	}
	if (!r.main_done) {
		/* Only possible after a socket error: do not leave it running. */
		kill(r.target.pid, SIGKILL);
		waitpid(r.target.pid, &r.main_status, 0);
	}

	rc = await_marker(&r.src, &r.pl, marker, &r.old_mask, r.opt.drain_timeout);
	if (rc != 1)
		problem(&r, "the end-of-run marker record did not arrive within %.0f s (%s): "
			"records still in flight may be missing", r.opt.drain_timeout,
			rc < 0 ? strerror(-rc) : "timeout");
	if (sclog_audit_status(&after, &err) < 0)
		problem(&r, "%s", err.msg);
	else if ((r.lost_kernel = after.lost - before.lost))
		problem(&r, "the kernel's audit lost counter grew by %u during the run "
			"(audit backlog or rate limit)", r.lost_kernel);
	if (r.src.enobufs)
		problem(&r, "the audit socket overflowed (%llu ENOBUFS): records were dropped; "
			"try a larger --rcvbuf", (unsigned long long)r.src.enobufs);
	if (r.pl.counters.malformed || r.pl.counters.bad_frames)
		problem(&r, "%llu seccomp records could not be parsed",
			(unsigned long long)(r.pl.counters.malformed + r.pl.counters.bad_frames));
	if (r.pl.counters.overflow)
		problem(&r, "more than %d distinct syscalls: %llu records not counted",
			SCLOG_PROFILE_MAX, (unsigned long long)r.pl.counters.overflow);
	if (r.abandoned)
		problem(&r, "processes of the command were still running when sclog stopped "
			"waiting");

	if (sclog_policy_oci(r.pl.profile, &r.opt.default_action, &policy, &unnamed) < 0) {
		fprintf(stderr, "sclog: out of memory\n");
		goto out;
	}
	if (unnamed) {
		const struct sclog_syscall **v = NULL;
		long n = sclog_profile_sorted(r.pl.profile, &v);

		for (long i = 0; i < n; i++) {
			_cleanup_free_ char *name = sclog_syscall_name(v[i]->arch, v[i]->nr);

			if (!name)
				problem(&r, "syscall %lld of audit arch 0x%x has no name in "
					"this libseccomp, so the policy cannot allow it "
					"(a newer libseccomp may know it)",
					(long long)v[i]->nr, v[i]->arch);
		}
		free(v);
	}
	n_syscalls = r.pl.profile->size;

	sclog_probe_release(release, sizeof(release));
	if (r.opt.report) {
		struct sclog_run_info info = {
			.version = SCLOG_VERSION,
			.kernel_release = release,
			.argv = r.opt.argv,
			.duration = now() - start,
			.exited = !WIFSIGNALED(r.main_status),
			.status = WIFSIGNALED(r.main_status) ? WTERMSIG(r.main_status)
							     : WEXITSTATUS(r.main_status),
			.ses = r.target.ses,
			.lost_enobufs = r.src.enobufs,
			.lost_kernel = r.lost_kernel,
			.complete = r.n_problems == 0,
			.problems = r.problems,
			.n_problems = r.n_problems,
		};

		if (sclog_report_json(r.pl.profile, &r.pl.counters, &info, &report) < 0 ||
		    sclog_outfile_commit(&report_out, report, strlen(report), &err) < 0) {
			fail(&err);
			goto out;
		}
	}
	if (sclog_outfile_commit(&policy_out, policy, strlen(policy), &err) < 0) {
		fail(&err);
		goto out;
	}
	summarise(&r, n_syscalls, now() - start);
	ret = exit_status(r.main_status);
	if (r.n_problems && ret == 0)
		ret = SCLOG_EXIT_FAILURE;
out:
	sclog_outfile_done(&policy_out);
	sclog_outfile_done(&report_out);
	sclog_pipeline_done(&r.pl);
	sclog_audit_close(&r.src);
	closep(&r.sigfd);
	free(bpf);
	free(marker);
	return ret;
}
