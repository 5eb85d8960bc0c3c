// SPDX-License-Identifier: GPL-2.0-only
/*
 * Phased enforcement's answers to the notified calls (gate.h): CONTINUE
 * before the boundary, the policy's errno (or SIGKILL) after it.  Calls
 * are answered from sclog's own loop: under the phased filter only the
 * start-up calls and the boundary syscall are notified.
 *
 * Kernel minimums: FLAG_CONTINUE 5.5, pidfd_send_signal 5.1, pidfd_open 5.3.
 */
#include <errno.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sclog/basic/arch.h"
#include "sclog/basic/clock.h"
#include "sclog/basic/fileio.h"
#include "sclog/basic/macro.h"
#include "sclog/collect/notify/gate.h"
#include "sclog/collect/notify/listener.h"
#include "sclog/collect/notify/target.h"

/* The numbers of @g's special calls on @arch. */
static void resolve(struct sclog_gate *g, size_t i, uint32_t arch)
{
	const struct sclog_gate_config *cfg = &g->cfg;

	g->nrs[i] = (typeof(g->nrs[0])){
		.arch = arch,
		.boundary = cfg->boundary ? seccomp_syscall_resolve_name_arch(arch, cfg->boundary) :
					    __NR_SCMP_ERROR,
		.execve = cfg->serving_execve ? seccomp_syscall_resolve_name_arch(arch, "execve") :
						__NR_SCMP_ERROR,
		.exec = { seccomp_syscall_resolve_name_arch(arch, "execve"),
			  seccomp_syscall_resolve_name_arch(arch, "execveat") },
	};
	for (size_t k = 0, more = !!cfg->extra; k < ELEMENTSOF(g->nrs[i].extra); k++) {
		more = more && cfg->extra[k];
		g->nrs[i].extra[k] = more ? seccomp_syscall_resolve_name_arch(arch, cfg->extra[k]) :
					    __NR_SCMP_ERROR;
	}
}

int sclog_gate_init(struct sclog_gate *g, const struct sclog_gate_config *cfg)
{
	uint32_t arches[ELEMENTSOF(g->nrs)];
	size_t n;
	int r;

	memset(g, 0, sizeof(*g));
	g->cfg = *cfg;
	g->handoff = (struct sclog_notify_handoff){ .sock = { -1, -1 } };
	g->rt = (struct sclog_listener_conn){ .sock = cfg->runtime_socket, .conn = -1 };
	g->before_exec = cfg->runtime;
	r = sclog_notify_init(&g->n, NULL, NULL, NULL);
	if (r < 0)
		return r;
	arches[0] = seccomp_arch_native();
	n = 1 + sclog_arch_compat(arches[0], arches + 1, ELEMENTSOF(arches) - 1);
	for (size_t i = 0; i < n; i++)
		resolve(g, i, arches[i]);
	g->n_nrs = n;
	return cfg->runtime ? 0 : sclog_notify_handoff_open(&g->handoff);
}

void sclog_gate_done(struct sclog_gate *g)
{
	if (!g)
		return;
	sclog_notify_done(&g->n);
	sclog_notify_handoff_close(&g->handoff);
	closep(&g->rt.conn);
}

void sclog_gate_pass(struct sclog_gate *g)
{
	if (g->passed)
		return;
	g->passed = 1;
	g->passed_at = sclog_now();
}

/*
 * Kill the process of thread @req->pid.  Its pidfd is opened first, then
 * the notification checked still to wait: the thread was alive all along,
 * so the pid was not reused (seccomp_unotify(2)).  SIGKILL, not SIGSYS:
 * a SIGSYS sent by sclog can be caught or ignored, unlike the kernel's
 * SECCOMP_RET_KILL_PROCESS.
 */
static void kill_caller(const struct sclog_gate *g, const struct seccomp_notif *req)
{
	long tgid = 0;
	uint64_t id = req->id;
	int fd;

	if (sclog_notify_read_status((pid_t)req->pid, "Tgid", 0, &tgid) < 0 || tgid <= 0)
		return;
	fd = (int)syscall(SYS_pidfd_open, (pid_t)tgid, 0);
	if (fd < 0)
		return;
	if (ioctl(g->n.listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &id) == 0)
		syscall(SYS_pidfd_send_signal, fd, SIGKILL, NULL, 0);
	close(fd);
}

/* Count a denial; the first of each syscall is said on stderr. */
static void note_denial(struct sclog_gate *g, const struct seccomp_notif *req)
{
	uint32_t arch = sclog_arch_of(req->data.arch, req->data.nr);
	struct sclog_gate_denial *d = NULL;
	char comm[64] = "", path[64];
	char *name;

	for (size_t i = 0; i < g->n_denied && !d; i++)
		if (g->denied[i].arch == arch && g->denied[i].nr == req->data.nr)
			d = &g->denied[i];
	if (d) {
		d->count++;
		return;
	}
	if (g->n_denied == ELEMENTSOF(g->denied)) {
		g->unlisted++;
		return;
	}
	d = &g->denied[g->n_denied++];
	*d = (struct sclog_gate_denial){
		.arch = arch, .nr = req->data.nr, .first_pid = (pid_t)req->pid, .count = 1
	};
	name = seccomp_syscall_resolve_num_arch(arch, req->data.nr);
	if (name)
		snprintf(d->name, sizeof(d->name), "%s", name);
	else
		snprintf(d->name, sizeof(d->name), "nr %d", req->data.nr);
	free(name);
	snprintf(path, sizeof(path), "/proc/%u/comm", req->pid);
	if (sclog_read_small(path, comm, sizeof(comm)) > 0)
		comm[strcspn(comm, "\n")] = '\0';
	if (g->cfg.kill)
		sclog_warn("%s by pid %u (%s) after the boundary, outside the serving policy: "
			   "process killed (SIGKILL)",
			   d->name, req->pid, comm);
	else
		sclog_warn("%s by pid %u (%s) after the boundary, outside the serving policy: "
			   "denied with %s (said once per syscall)",
			   d->name, req->pid, comm,
			   strerrorname_np(g->cfg.errno_ret) ?: "an errno");
}

static int is_one_of(int nr, const int *nrs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (nrs[i] == nr && nr != __NR_SCMP_ERROR)
			return 1;
	return 0;
}

/* Whether @req is to be denied; notes the boundary when it is one. */
static int decide(struct sclog_gate *g, const struct seccomp_notif *req)
{
	uint32_t arch = sclog_arch_of(req->data.arch, req->data.nr);

	for (size_t i = 0; i < g->n_nrs; i++) {
		if (g->nrs[i].arch != arch)
			continue;
		/* A container: the runtime's own calls after its filter run,
		 * up to the first execve, the container's program starting. */
		if (g->before_exec && !is_one_of(req->data.nr, g->nrs[i].exec, 2))
			return 0;
		g->before_exec = 0;
		if (is_one_of(req->data.nr, g->nrs[i].extra, ELEMENTSOF(g->nrs[i].extra)))
			return 1;
		if (req->data.nr == g->nrs[i].boundary) {
			sclog_gate_pass(g);
			return 0;
		}
		if (req->data.nr == g->nrs[i].execve)
			return 0;
	}
	return g->passed;
}

/* Receive one notification and answer it: 1, 0 (it vanished), or -errno. */
static long handle(struct sclog_gate *g)
{
	struct seccomp_notif *req = g->n.req;
	struct seccomp_notif_resp *resp = g->n.resp;
	int deny;

	memset(req, 0, g->n.req_size);
	if (ioctl(g->n.listener, SECCOMP_IOCTL_NOTIF_RECV, req) < 0)
		/* ENOENT: its caller was interrupted or killed meanwhile. */
		return errno == EINTR || errno == ENOENT ? 0 : -errno;
	deny = decide(g, req);
	memset(resp, 0, g->n.resp_size);
	resp->id = req->id;
	if (deny) {
		note_denial(g, req);
		if (g->cfg.kill)
			kill_caller(g, req);
		resp->error = -g->cfg.errno_ret;
	} else
		resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	/* ENOENT: a signal ended the wait first; a restart comes again. */
	if (ioctl(g->n.listener, SECCOMP_IOCTL_NOTIF_SEND, resp) < 0 && errno != ENOENT)
		return -errno;
	return 1;
}

static int gate_child_setup(void *state, struct sclog_child_report *report)
{
	struct sclog_gate *g = state;
	pid_t helper;

	if (g->cfg.runtime)
		return 0; /* the runtime loads the filter and sends the listener */
	helper = sclog_notify_child_handoff(&g->handoff);
	if (helper < 0) {
		report->what = "starting the helper that hands the seccomp listener to sclog";
		return helper;
	}
	report->values[0] = helper;
	return 0;
}

static int gate_child_filter(void *state)
{
	struct sclog_gate *g = state;
	int r = sclog_notify_child_install(g->cfg.filter);

	return r < 0 ? r : 0;
}

static int gate_started(void *state, pid_t pid, const struct sclog_child_report *report,
			struct sclog_error *err)
{
	struct sclog_gate *g = state;

	if (g->cfg.runtime)
		return 0; /* the listener comes through the socket (runtime_step) */
	return sclog_notify_attach(&g->n, pid, &g->handoff, (pid_t)report->values[0], 1, err);
}

int sclog_gate_fd(const struct sclog_gate *g)
{
	if (g->cfg.runtime && !g->rt.received)
		return sclog_listener_conn_fd(&g->rt);
	return g->ended ? -1 : g->n.listener;
}

static int gate_fd(void *state)
{
	return sclog_gate_fd(state);
}

/* The runtime's connection, then its message with the listener: 0 or -errno. */
static int runtime_step(struct sclog_gate *g)
{
	int fd = -1, r = sclog_listener_conn_step(&g->rt, &fd);

	if (r == 0 && g->rt.received)
		g->ended = 1; /* it hung up without one: the runtime failed */
	return r > 0 ? sclog_notify_adopt(&g->n, fd, 1) : r;
}

static int gate_on_readable(void *state)
{
	struct sclog_gate *g = state;
	struct pollfd p = { .fd = g->n.listener, .events = POLLIN };
	long r;

	if (g->cfg.runtime && !g->rt.received)
		return runtime_step(g);
	/* Every process under the filter ended: the listener hangs up, and
	 * a receive on it would block. */
	if (poll(&p, 1, 0) < 0 || !(p.revents & POLLIN)) {
		g->ended = !!(p.revents & (POLLHUP | POLLERR | POLLNVAL));
		return 0;
	}
	r = handle(g);
	return r < 0 ? (int)r : 0;
}

const struct sclog_collector_ops sclog_gate_ops = {
	.name = "phased",
	.child_setup = gate_child_setup,
	.child_filter = gate_child_filter,
	.started = gate_started,
	.fd = gate_fd,
	.on_readable = gate_on_readable,
};
