// SPDX-License-Identifier: GPL-2.0-only
/*
 * `sclog listen`: one epoll loop over the socket runtimes connect to, the
 * connections whose message is still coming, every adopted listener, and
 * a signalfd.  Nothing a peer sends can stop the loop or make it wait:
 * every descriptor is non-blocking, a listener is received from only when
 * epoll says a notification waits (a receive on an empty listener would
 * block), and each connection has SCLOG_AGENT_PEER_SECONDS to hand over.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "sclog/basic/fileio.h"
#include "sclog/basic/macro.h"
#include "sclog/basic/outfile.h"
#include "sclog/basic/path_walk.h"
#include "sclog/basic/strv.h"
#include "sclog/collect/notify/handoff.h"
#include "sclog/collect/notify/listener.h"
#include "sclog/container/agent.h"
#include "sclog/container/agent_bpf.h"
#include "sclog/policy/data.h"

enum kind { KIND_SOCKET, KIND_SIGNAL, KIND_PEER, KIND_CONTAINER };

/* A connection whose hand-over is not complete yet. */
struct peer {
	enum kind kind; /* first: what epoll's data points to */
	int fd, listener;
	pid_t pid;
	uid_t uid;
	char *buf;
	size_t len, cap;
	struct sclog_agent_scan scan;
	double deadline;
};

/* A container being recorded. */
struct container {
	enum kind kind;
	struct container *next;
	struct sclog_notify n;
	struct sclog_profile *profile;
	struct sclog_agent_state state;
	pid_t peer_pid;
	uid_t peer_uid;
	char peer_comm[64];
	double started;
	/* Calls of the runtime's init that a signal (Go's preemption in runc's)
	 * took out of their wait before its execve: not the container's. */
	uint64_t handover_unreceived;
	int exec_seen;
	const char *failed; /* why the recording ended early, or NULL */
	/* bpf: the container's slot of the counter (0: none was free), the
	 * processes left untracked, the calls counted. */
	int slot;
	uint64_t untracked, calls;
};

struct agent {
	const struct sclog_agent_options *opt;
	struct sclog_agent_output out;
	struct sclog_policy *base;
	enum kind socket_kind, signal_kind;
	int sock, sigfd, epfd;
	struct peer *peers[SCLOG_AGENT_PEERS_MAX];
	size_t n_peers;
	struct container *containers;
	size_t n_containers;
	struct sclog_agent_bpf *bpf; /* --backend bpf */
};

static double now_real(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double now_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void container_end(struct agent *a, struct container *c, const char *incomplete);

static void peer_free(struct agent *a, size_t i)
{
	struct peer *p = a->peers[i];

	epoll_ctl(a->epfd, EPOLL_CTL_DEL, p->fd, NULL);
	closep(&p->fd);
	closep(&p->listener);
	free(p->buf);
	free(p);
	a->peers[i] = a->peers[--a->n_peers];
}

/* Log why the hand-over of peer @i is dropped, and drop it. */
static void peer_drop(struct agent *a, size_t i, const char *why)
{
	sclog_warn("listen: dropped a hand-over from pid %ld (uid %lu): %s", (long)a->peers[i]->pid,
		   (unsigned long)a->peers[i]->uid, why);
	peer_free(a, i);
}

static void accept_one(struct agent *a, int fd)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);
	struct peer *p;
	struct epoll_event ev = { .events = EPOLLIN };

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0) {
		close(fd);
		return;
	}
	if (cred.uid != 0 && cred.uid != geteuid()) {
		sclog_warn("listen: refused a connection from pid %ld, uid %lu: only root and uid "
			   "%lu may hand over a listener",
			   (long)cred.pid, (unsigned long)cred.uid, (unsigned long)geteuid());
		close(fd);
		return;
	}
	if (a->n_peers == SCLOG_AGENT_PEERS_MAX) {
		size_t oldest = 0;

		for (size_t i = 1; i < a->n_peers; i++)
			if (a->peers[i]->deadline < a->peers[oldest]->deadline)
				oldest = i;
		peer_drop(a, oldest, "too many hand-overs at once; this one is the oldest");
	}
	p = calloc(1, sizeof(*p));
	if (!p) {
		close(fd);
		return;
	}
	*p = (struct peer){ .kind = KIND_PEER,
			    .fd = fd,
			    .listener = -1,
			    .pid = cred.pid,
			    .uid = cred.uid,
			    .deadline = now_mono() + SCLOG_AGENT_PEER_SECONDS };
	ev.data.ptr = p;
	if (epoll_ctl(a->epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
		close(fd);
		free(p);
		return;
	}
	a->peers[a->n_peers++] = p;
}

static void accept_all(struct agent *a)
{
	/* Bounded per wake-up, so that a flood of connections cannot starve
	 * the containers' notifications. */
	for (int i = 0; i < 64; i++) {
		int fd = accept4(a->sock, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);

		if (fd < 0)
			return;
		accept_one(a, fd);
	}
}

/* One recvmsg() of peer @p: data appended, the first descriptor kept
 * (others closed).  Returns the bytes read (0: the peer closed), or -errno. */
static long peer_receive(struct peer *p)
{
	char data[65536], control[CMSG_SPACE(8 * sizeof(int))];
	struct iovec iov = { .iov_base = data, .iov_len = sizeof(data) };
	struct msghdr msg = { .msg_iov = &iov,
			      .msg_iovlen = 1,
			      .msg_control = control,
			      .msg_controllen = sizeof(control) };
	ssize_t len = recvmsg(p->fd, &msg, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);

	if (len < 0)
		return -errno;
	sclog_listener_take_fd(&msg, &p->listener);
	if (p->len + (size_t)len > SCLOG_AGENT_MESSAGE_MAX)
		return -EMSGSIZE;
	if (p->len + (size_t)len > p->cap) {
		size_t cap = p->cap ? p->cap : 4096;
		char *buf;

		while (cap < p->len + (size_t)len)
			cap *= 2;
		buf = realloc(p->buf, cap);
		if (!buf)
			return -ENOMEM;
		p->buf = buf;
		p->cap = cap;
	}
	memcpy(p->buf + p->len, data, (size_t)len);
	p->len += (size_t)len;
	return len;
}

/* The name of @pid, for the report ("" when it is gone); not its exe,
 * which crun, run from a sealed copy of itself, does not show. */
static void comm_of(pid_t pid, char *buf, size_t size)
{
	char path[64];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%ld/comm", (long)pid);
	n = sclog_read_small(path, buf, size);
	buf[n > 0 ? n - (buf[n - 1] == '\n') : 0] = '\0';
}

static struct container *container_new(struct agent *a, struct peer *p,
				       struct sclog_agent_state *st, const char **why)
{
	struct container *c = calloc(1, sizeof(*c));
	struct epoll_event ev = { .events = EPOLLIN };

	*why = "out of memory";
	if (!c)
		return NULL;
	c->kind = KIND_CONTAINER;
	c->n.listener = -1;
	c->profile = sclog_profile_new();
	if (!c->profile || sclog_notify_init(&c->n, c->profile, NULL, NULL) < 0) {
		sclog_profile_free(c->profile);
		free(c);
		return NULL;
	}
	/* bpf: the listener is only read for the execve notifications. */
	if (sclog_notify_adopt(&c->n, TAKE_FD(p->listener), !a->bpf) < 0) {
		*why = "the descriptor is not a seccomp listener";
		sclog_notify_done(&c->n);
		sclog_profile_free(c->profile);
		free(c);
		return NULL;
	}
	c->state = *st;
	*st = (struct sclog_agent_state){ 0 };
	if (a->bpf && (c->slot = sclog_agent_bpf_slot(a->bpf)) < 0)
		c->slot = 0;
	c->peer_pid = p->pid;
	c->peer_uid = p->uid;
	comm_of(p->pid, c->peer_comm, sizeof(c->peer_comm));
	c->started = now_real();
	ev.data.ptr = c;
	if (epoll_ctl(a->epfd, EPOLL_CTL_ADD, c->n.listener, &ev) < 0)
		c->failed = "cannot watch its listener";
	c->next = a->containers;
	a->containers = c;
	a->n_containers++;
	return c;
}

/* Peer @i's message is complete (@end bytes): start its container. */
static void peer_complete(struct agent *a, size_t i, long end)
{
	struct peer *p = a->peers[i];
	struct sclog_agent_state st = { 0 };
	struct sclog_error err = { 0 };
	const char *why = NULL;
	struct container *c;

	if (p->listener < 0) {
		peer_drop(a, i, "no descriptor came with the message");
		return;
	}
	if (sclog_agent_state_parse(p->buf, (size_t)end, &st, &err) < 0) {
		peer_drop(a, i, err.msg);
		return;
	}
	c = container_new(a, p, &st, &why);
	sclog_agent_state_done(&st);
	if (!c) {
		peer_drop(a, i, why);
		return;
	}
	if (c->failed) { /* no event will come for it */
		peer_free(a, i);
		container_end(a, c, NULL);
		return;
	}
	if (!a->opt->quiet)
		sclog_warn("listen: recording container %s (pid %ld) as %s, named by its %s",
			   c->state.id, (long)c->state.pid, c->state.name,
			   sclog_agent_naming_name(c->state.naming));
	/* The runtime keeps its end open; nothing more is needed from it. */
	peer_free(a, i);
}

static void peer_readable(struct agent *a, struct peer *p)
{
	size_t i = 0;
	long r, end;

	while (i < a->n_peers && a->peers[i] != p)
		i++;
	if (i == a->n_peers)
		return;
	r = peer_receive(p);
	if (r == -EAGAIN || r == -EINTR)
		return;
	if (r == -EMSGSIZE) {
		peer_drop(a, i, "its message is over 1 MiB");
		return;
	}
	if (r < 0) {
		peer_drop(a, i, strerror((int)-r));
		return;
	}
	end = sclog_agent_scan(&p->scan, p->buf, p->len);
	if (end < 0)
		peer_drop(a, i, "its message is not a JSON object");
	else if (end > 0)
		peer_complete(a, i, end);
	else if (r == 0)
		peer_drop(a, i,
			  p->len ? "it closed the connection before its message was complete" :
				   "it closed the connection without a message");
}

/* notify: the calls a signal interrupted before sclog received them, in
 * *@ret_unreceived, and after, in *@ret_late; why they make the profile
 * incomplete, in @why, or NULL. */
static const char *notify_lacking(struct container *c, uint64_t *ret_unreceived, uint64_t *ret_late,
				  char *why, size_t size)
{
	uint64_t unreceived, late;

	sclog_notify_stop_threads(&c->n);
	unreceived = sclog_notify_unreceived(&c->n);
	late = c->n.counters.late;
	unreceived -= c->exec_seen ? c->handover_unreceived : unreceived;
	*ret_unreceived = unreceived;
	*ret_late = late;
	if (unreceived)
		snprintf(why, size,
			 "a signal interrupted %llu call%s before sclog received %s: the "
			 "container may not have done what it does without sclog",
			 (unsigned long long)unreceived, unreceived == 1 ? "" : "s",
			 unreceived == 1 ? "it" : "them");
	else if (late)
		snprintf(why, size,
			 "a signal interrupted %llu call%s after sclog received %s (restarted, or "
			 "failed with EINTR): the container may not have done what it does "
			 "without sclog",
			 (unsigned long long)late, late == 1 ? "" : "s", late == 1 ? "it" : "them");
	else
		return NULL;
	return why;
}

/* bpf: container @c's slot read into its profile and given back; why the
 * profile may lack calls, in @why, or NULL. */
static const char *bpf_take(struct agent *a, struct container *c, char *why, size_t size)
{
	struct sclog_agent_bpf_counts n;
	int r;

	if (!c->slot)
		return "more containers ran at once than the bpf program counts apart (64): this "
		       "one's calls were not counted";
	r = sclog_agent_bpf_take(a->bpf, c->slot, a->base, c->profile, &n);
	c->calls = n.calls;
	n.untracked += c->untracked;
	if (r == -ENOSPC)
		return "more distinct syscalls than a profile holds";
	if (r < 0)
		snprintf(why, size, "its counters could not be read: %s", strerror(-r));
	else if (n.untracked)
		snprintf(why, size,
			 "%llu process%s of the container could not be tracked by the bpf "
			 "program (its map of processes was full): %s calls are missing",
			 (unsigned long long)n.untracked, n.untracked == 1 ? "" : "es",
			 n.untracked == 1 ? "its" : "their");
	else if (n.uncounted)
		snprintf(why, size,
			 "%llu call%s with a number beyond the bpf program's array could not be "
			 "counted (its map of those was full)",
			 (unsigned long long)n.uncounted, n.uncounted == 1 ? "" : "s");
	else
		return NULL;
	return why;
}

/* Write container @c's profile and report, then forget it. */
static void container_end(struct agent *a, struct container *c, const char *incomplete)
{
	struct sclog_error err = { 0 };
	char why[256];
	uint64_t unreceived = 0, late = 0;
	size_t allowed = 0;
	struct sclog_agent_record r;
	const char *lacking = a->bpf ? bpf_take(a, c, why, sizeof(why)) :
				       notify_lacking(c, &unreceived, &late, why, sizeof(why));

	if (!incomplete)
		incomplete = c->failed ? c->failed : lacking;
	r = (struct sclog_agent_record){ .state = &c->state,
					 .profile = c->profile,
					 .collector = a->bpf ? "bpf" : "notify",
					 .calls = c->calls,
					 .counters = &c->n.counters,
					 .unreceived = unreceived,
					 .interrupted_late = late,
					 .handover_unreceived =
						 c->exec_seen ? c->handover_unreceived : 0,
					 .peer_pid = c->peer_pid,
					 .peer_uid = c->peer_uid,
					 .peer_comm = c->peer_comm,
					 .started = c->started,
					 .ended = now_real(),
					 .incomplete = incomplete };
	if (c->n.listener >= 0)
		epoll_ctl(a->epfd, EPOLL_CTL_DEL, c->n.listener, NULL);
	if (sclog_agent_write(&a->out, &r, &allowed, &err) < 0)
		sclog_warn("listen: container %s (%s): %s", c->state.id, c->state.name, err.msg);
	else if (!a->opt->quiet || incomplete)
		sclog_warn("listen: container %s ended: %llu calls, %zu syscalls%s%s; %s/%s.json "
			   "allows %zu",
			   c->state.id,
			   (unsigned long long)(a->bpf ? c->calls : c->n.counters.notifications),
			   c->profile->size, incomplete ? "; INCOMPLETE: " : "",
			   incomplete ? incomplete : "", a->out.dir, c->state.name, allowed);
	for (struct container **pp = &a->containers; *pp; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	a->n_containers--;
	sclog_notify_done(&c->n);
	sclog_profile_free(c->profile);
	sclog_agent_state_done(&c->state);
	free(c);
}

static void container_event(struct agent *a, struct container *c, uint32_t events)
{
	long r;

	if (c->failed) {
		container_end(a, c, NULL);
		return;
	}
	if (!(events & EPOLLIN)) {
		/* No task of the filter is left: the listener hangs up. */
		if (events & (EPOLLHUP | EPOLLERR))
			container_end(a, c, NULL);
		return;
	}
	if (a->bpf) {
		/* An execve: its process tracked in the container's slot. */
		r = sclog_agent_bpf_answer(a->bpf, c->n.listener, c->slot, &c->untracked);
		c->n.counters.notifications++;
		if (r < 0) {
			c->failed = "its listener failed";
			container_end(a, c, NULL);
		}
		return;
	}
	r = sclog_notify_handle(&c->n);
	/* Received in the order of their ids (the kernel's queue, one a
	 * wake-up): at the init's execve, every earlier call that will ever
	 * come has come, and the gaps so far are the hand-over's. */
	if (!c->exec_seen && !c->n.handover) {
		c->exec_seen = 1;
		c->handover_unreceived = sclog_notify_unreceived(&c->n);
	}
	if (r == -ENOSPC)
		c->failed = "more distinct syscalls than a profile holds";
	else if (r < 0 && r != -EINTR && r != -EAGAIN)
		c->failed = "its listener failed";
	if (c->failed)
		container_end(a, c, NULL);
}

/* The profile directory, made when missing, trusted all the way. */
static int open_dir(struct agent *a, struct sclog_error *err)
{
	char *dir = NULL;
	int r;

	if (mkdir(a->opt->dir, 0755) < 0 && errno != EEXIST)
		return sclog_error_set(err, -errno, "cannot create --dir %s: %m", a->opt->dir);
	r = sclog_path_trusted_dir("cannot use --dir", a->opt->dir, &dir, err);
	if (r == 0)
		a->out.dir = dir;
	return r;
}

static int setup(struct agent *a, char **sock_path, struct sclog_error *err)
{
	struct rlimit rl;
	sigset_t mask;
	int r;

	/* One descriptor a container: take what the hard limit allows. */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	a->out.default_action =
		(struct sclog_action){ .kind = SCLOG_ACT_ERRNO, .errno_ret = EPERM };
	if (a->opt->base) {
		r = sclog_load_policy(a->opt->base, &a->base, err);
		if (r < 0)
			return r;
		a->out.base = a->base;
		a->out.default_action = a->base->default_action;
	}
	r = sclog_agent_runtime_names(&a->out.runtime_names, err);
	if (r == 0 && a->opt->bpf)
		r = sclog_agent_bpf_open(a->base, &a->bpf, err);
	if (r == 0)
		r = sclog_load_fallbacks(&a->out.fallbacks, err);
	if (r == 0)
		r = open_dir(a, err);
	if (r == 0)
		r = sclog_listener_path(a->opt->socket, sock_path, err);
	if (r < 0)
		return r;
	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	signal(SIGPIPE, SIG_IGN);
	if (sigprocmask(SIG_BLOCK, &mask, NULL) < 0 ||
	    (a->sigfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK)) < 0 ||
	    (a->epfd = epoll_create1(EPOLL_CLOEXEC)) < 0)
		return sclog_error_set(err, -errno, "cannot set up the event loop: %m");
	/* Bound first: FILE is not touched when another agent listens. */
	a->sock = sclog_listener_bind(*sock_path, err);
	if (a->sock < 0)
		return a->sock;
	r = sclog_agent_write_profile(a->opt, &a->out, *sock_path, err);
	if (r < 0)
		return r;
	a->socket_kind = KIND_SOCKET;
	a->signal_kind = KIND_SIGNAL;
	if (epoll_ctl(a->epfd, EPOLL_CTL_ADD, a->sock,
		      &(struct epoll_event){ .events = EPOLLIN, .data.ptr = &a->socket_kind }) <
		    0 ||
	    epoll_ctl(a->epfd, EPOLL_CTL_ADD, a->sigfd,
		      &(struct epoll_event){ .events = EPOLLIN, .data.ptr = &a->signal_kind }) < 0)
		return sclog_error_set(err, -errno, "cannot set up the event loop: %m");
	return 0;
}

/* Milliseconds to the first hand-over's deadline, -1: none. */
static int next_timeout(const struct agent *a)
{
	double first = 0;

	for (size_t i = 0; i < a->n_peers; i++)
		if (!first || a->peers[i]->deadline < first)
			first = a->peers[i]->deadline;
	if (!first)
		return -1;
	first -= now_mono();
	return first <= 0 ? 0 : (int)(first * 1000) + 1;
}

static void expire_peers(struct agent *a)
{
	double t = now_mono();

	for (size_t i = a->n_peers; i-- > 0;)
		if (a->peers[i]->deadline <= t)
			peer_drop(a, i, "no complete hand-over within 5 seconds");
}

/* Until a signal: the signal's number, or -errno. */
static int loop(struct agent *a)
{
	struct epoll_event ev[64];

	for (;;) {
		int n = epoll_wait(a->epfd, ev, ELEMENTSOF(ev), next_timeout(a)), pending = 0;

		if (n < 0 && errno != EINTR)
			return -errno;
		/* Peers are made and dropped after the batch: no event of it
		 * may point to a peer freed meanwhile. */
		for (int i = 0; i < n; i++) {
			enum kind *k = ev[i].data.ptr;
			struct signalfd_siginfo si;

			if (*k == KIND_SOCKET)
				pending = 1;
			else if (*k == KIND_SIGNAL && read(a->sigfd, &si, sizeof(si)) == sizeof(si))
				return (int)si.ssi_signo;
			else if (*k == KIND_PEER)
				peer_readable(a, ev[i].data.ptr);
			else if (*k == KIND_CONTAINER)
				container_event(a, ev[i].data.ptr, ev[i].events);
		}
		expire_peers(a);
		if (pending)
			accept_all(a);
	}
}

int sclog_agent_run(const struct sclog_agent_options *o, struct sclog_error *err)
{
	struct agent a = { .opt = o, .sock = -1, .sigfd = -1, .epfd = -1 };
	_cleanup_free_ char *sock_path = NULL;
	int r = setup(&a, &sock_path, err);

	if (r == 0) {
		sclog_warn("listen: on %s; runtimes load %s; profiles go to %s%s", sock_path,
			   o->profile, a.out.dir,
			   a.bpf ? "; calls counted by the bpf program" : "");
		r = loop(&a);
		if (r < 0)
			sclog_error_set(err, r, "the event loop failed: %s", strerror(-r));
	}
	if (r > 0) {
		char why[128];

		snprintf(why, sizeof(why),
			 "sclog listen was stopped (SIG%s) while the container ran",
			 sigabbrev_np(r) ? sigabbrev_np(r) : "?");
		while (a.containers)
			container_end(&a, a.containers, why);
		r = 0;
	}
	while (a.n_peers)
		peer_free(&a, 0);
	while (a.containers)
		container_end(&a, a.containers, "sclog listen failed");
	if (a.sock >= 0 && sock_path)
		unlink(sock_path);
	closep(&a.sock);
	closep(&a.sigfd);
	closep(&a.epfd);
	sclog_agent_bpf_free(a.bpf);
	sclog_policy_free(a.base);
	sclog_strv_free(a.out.runtime_names);
	sclog_strv_free(a.out.fallbacks);
	free((char *)a.out.dir);
	return r;
}
