// SPDX-License-Identifier: GPL-2.0-only
/*
 * Phased enforcement (phased.h): the launch of run/launch.c with the
 * gate's operations, the supervisor, and a loop that answers the gate's
 * notifications and watches for the boundary that is not a syscall
 * (READY=1, the timer).  No profile, no accounting: nothing is recorded.
 */
#include <errno.h>
#include <json-c/json.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sclog/basic/arch.h"
#include "sclog/basic/clock.h"
#include "sclog/basic/exit.h"
#include "sclog/basic/json_format.h"
#include "sclog/basic/macro.h"
#include "sclog/basic/user.h"
#include "sclog/run/launch.h"
#include "sclog/run/phased.h"
#include "sclog/run/supervisor.h"

extern char **environ;

/* READY: sclog_phase_ready_setup()'s socket; the replaced one is said. */
static int ready_open(struct sclog_phase_ready *r, const struct sclog_phased *ph,
		      struct sclog_error *err)
{
	int rc = sclog_phase_ready_setup(r, ph->envp ? ph->envp : environ, !!ph->user, err);

	if (rc == 0 && r->replaced)
		sclog_warn("NOTIFY_SOCKET=%s replaced by sclog's own for --phase-at ready: the "
			   "command's readiness goes to sclog, not to the service manager",
			   r->replaced);
	return rc;
}

/* Milliseconds until the timer's boundary (at most @max), 0: it is due. */
static int until_boundary(struct sclog_phased *ph, int max)
{
	double left;

	if (ph->phase->kind != SCLOG_PHASE_SECONDS || ph->g.passed)
		return max;
	left = ph->start + (double)ph->phase->ms / 1000 - sclog_now();
	if (left <= 0)
		return 0;
	return left * 1000 < max ? (int)(left * 1000) + 1 : max;
}

/* Answer and watch until the tree has ended: 0, or -errno of the gate. */
static int serve(struct sclog_phased *ph, struct sclog_supervisor *sup, int ready_fd)
{
	for (;;) {
		/* At least every second: the supervisor watches for a stopped tree. */
		int timeout = until_boundary(ph, 1000), r;
		struct pollfd p[3] = {
			{ .fd = sclog_supervisor_fd(sup), .events = POLLIN },
			{ .fd = sclog_gate_fd(&ph->g), .events = POLLIN },
			{ .fd = ph->g.passed ? -1 : ready_fd, .events = POLLIN },
		};

		if (timeout == 0) {
			sclog_gate_pass(&ph->g);
			continue;
		}
		if (poll(p, 3, timeout) < 0 && errno != EINTR)
			return -errno;
		/* Readable, or hung up: every process under the filter ended. */
		if (p[1].revents) {
			r = sclog_gate_ops.on_readable(&ph->g);
			if (r < 0)
				return r;
		}
		if ((p[2].revents & POLLIN) && sclog_phase_ready_read(ready_fd) == 1)
			sclog_gate_pass(&ph->g);
		if ((p[0].revents & POLLIN) && sclog_supervisor_handle(sup))
			return 0;
		if (sclog_supervisor_watch(sup, sclog_now()))
			return 0;
	}
}

/* The exit status of a failed launch (as run's, docs/exit-status.md). */
static int launch_status(int rc)
{
	if (rc == -ENOENT)
		return SCLOG_EXIT_NOT_FOUND;
	if (rc == -EACCES || rc == -ENOEXEC || rc == -EISDIR || rc == -ETXTBSY || rc == -EPERM ||
	    rc == -ELOOP || rc == -ENAMETOOLONG)
		return SCLOG_EXIT_CANNOT_EXEC;
	return SCLOG_EXIT_FAILURE;
}

int sclog_phased_run(struct sclog_phased *ph, struct sclog_error *err)
{
	struct sclog_phase_ready ready = { .fd = -1 };
	struct sclog_supervisor sup;
	struct sclog_target target;
	int rc;

	rc = sclog_gate_init(&ph->g, &ph->gate);
	if (rc < 0) {
		sclog_error_set(err, rc, "cannot set up seccomp user notification: %s",
				strerror(-rc));
		return SCLOG_EXIT_FAILURE;
	}
	if (ph->phase->kind == SCLOG_PHASE_READY && ready_open(&ready, ph, err) < 0) {
		sclog_phase_ready_done(&ready);
		return SCLOG_EXIT_FAILURE;
	}
	rc = sclog_supervisor_init(&sup, ph->argv[0], 0);
	if (rc < 0) {
		sclog_supervisor_done(&sup);
		sclog_phase_ready_done(&ready);
		sclog_error_wrap(err, rc, "cannot set up signal handling");
		return SCLOG_EXIT_FAILURE;
	}
	/* A container: the runtime's helpers that never ran under its filter
	 * (podman's pause process) are left running, as under run. */
	sup.leave_unfiltered = ph->gate.runtime;
	const struct sclog_collector gate = { .ops = &sclog_gate_ops, .state = &ph->g };
	const struct sclog_launch_params launch = {
		.path = ph->path,
		.argv = ph->argv,
		.envp = ready.envp ? ready.envp : ph->envp,
		.user = ph->user,
		.mode = ph->gate.runtime ? SCLOG_LAUNCH_RUNTIME_FILTER : SCLOG_LAUNCH_OWN_FILTER,
		.collector = &gate,
		.child_mask = &sup.child_mask,
	};

	ph->start = sclog_now();
	rc = sclog_launch(&launch, &target, err);
	if (rc < 0) {
		sclog_supervisor_done(&sup);
		sclog_phase_ready_done(&ready);
		return launch_status(rc);
	}
	sclog_supervisor_start(&sup, target.pid);
	rc = serve(ph, &sup, ready.fd);
	if (rc < 0) {
		/* Its calls would wait for ever: nothing runs unanswered. */
		sclog_warn("cannot answer the command's calls (%s); killing it", strerror(-rc));
		sclog_supervisor_kill(&sup);
	}
	ph->duration = sclog_now() - ph->start;
	ph->status = sup.main_status;
	sclog_supervisor_done(&sup);
	sclog_phase_ready_done(&ready);
	sclog_gate_done(&ph->g);
	if (rc < 0) {
		sclog_error_set(err, rc, "phased enforcement failed: %s", strerror(-rc));
		return SCLOG_EXIT_FAILURE;
	}
	return 0;
}

int sclog_phased_exit_status(const struct sclog_phased *ph)
{
	return sclog_supervisor_exit_status(ph->status);
}

static json_object *denials_json(const struct sclog_gate *g)
{
	json_object *list = json_object_new_array();

	for (size_t i = 0; list && i < g->n_denied; i++) {
		const struct sclog_gate_denial *d = &g->denied[i];
		json_object *e = json_object_new_object();
		const char *arch = sclog_arch_name(d->arch);

		json_object_object_add(e, "name", json_object_new_string(d->name));
		json_object_object_add(e, "arch", arch ? json_object_new_string(arch) : NULL);
		json_object_object_add(e, "first_pid", json_object_new_int(d->first_pid));
		json_object_object_add(e, "count", json_object_new_uint64(d->count));
		json_object_array_add(list, e);
	}
	return list;
}

int sclog_phased_report(const struct sclog_phased *ph, char **ret)
{
	json_object *root = json_object_new_object(), *b = json_object_new_object();
	const struct sclog_gate *g = &ph->g;
	int r;

	json_object_object_add(b, "kind",
			       json_object_new_string(sclog_phase_kind_name(ph->phase->kind)));
	json_object_object_add(b, "at", json_object_new_string(ph->phase->at));
	json_object_object_add(b, "seconds",
			       g->passed ? json_object_new_double(g->passed_at - ph->start) : NULL);
	json_object_object_add(root, "boundary", b);
	json_object_object_add(root, "denied_with",
			       json_object_new_string(ph->gate.kill ? "SIGKILL" :
						      strerrorname_np(ph->gate.errno_ret) ?:
											    "errno"));
	json_object_object_add(root, "denials", denials_json(g));
	json_object_object_add(root, "denials_unlisted", json_object_new_uint64(g->unlisted));
	json_object_object_add(root, "duration_seconds", json_object_new_double(ph->duration));
	json_object_object_add(root, WIFSIGNALED(ph->status) ? "signal" : "exit_status",
			       json_object_new_int(WIFSIGNALED(ph->status) ?
							   WTERMSIG(ph->status) :
							   WEXITSTATUS(ph->status)));
	r = sclog_json_format(root, ret);
	json_object_put(root);
	return r;
}

void sclog_phased_done(struct sclog_phased *ph)
{
	sclog_gate_done(&ph->g);
}
