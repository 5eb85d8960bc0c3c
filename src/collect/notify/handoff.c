// SPDX-License-Identifier: GPL-2.0-only
/*
 * How the command's listener reaches sclog: the child installs its
 * SECCOMP_RET_USER_NOTIF filter with a new listener, a helper sharing its
 * descriptor table sends the listener over a socket, and sclog attaches
 * to it (or adopts one a container runtime sent).
 *
 * Kernel minimums: SECCOMP_FILTER_FLAG_NEW_LISTENER 5.0,
 * SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP 6.6 (optional).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sclog/basic/clock.h"
#include "sclog/basic/macro.h"
#include "sclog/collect/notify/handoff.h"
#include "sclog/collect/notify/listener.h"
#include "sclog/collect/notify/target.h"

/* 6.6: the listener wakes the target on the supervisor's CPU. */
#ifndef SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
#define SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (1UL << 5)
#endif
#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW(4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (1UL << 0)
#endif

/* How long sclog waits for the child's listener to appear. */
#define LISTENER_TIMEOUT_S 10

/*
 * WAIT_KILLABLE_RECV (5.19): once sclog has received a notification, only a
 * fatal signal ends the call's wait.  Without it a signal can end the wait
 * just after the kernel accepted sclog's CONTINUE answer: the call is then
 * skipped, restarted and notified again, and counted twice (seen here: 20001
 * getppid of 20000 in a signal storm).  Older kernels refuse the flag with
 * EINVAL; there the race stays (docs/how-it-works.md).
 */
static long install_listener(const struct sock_fprog *prog)
{
	long fd = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
			  SECCOMP_FILTER_FLAG_NEW_LISTENER | SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV,
			  prog);

	if (fd < 0 && errno == EINVAL)
		fd = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER,
			     prog);
	return fd;
}

/* The kernel checks the flags before it reads the program: a NULL
 * program fails with EFAULT only where it takes them. */
int sclog_notify_killable_recv(void)
{
	return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
		       SECCOMP_FILTER_FLAG_NEW_LISTENER | SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV,
		       NULL) < 0 &&
	       errno == EFAULT;
}

int sclog_notify_child_install(const struct sclog_bpf *bpf)
{
	struct sock_fprog prog = { .len = bpf->len, .filter = (struct sock_filter *)bpf->insns };
	long fd = install_listener(&prog);

	if (fd >= 0)
		return (int)fd;
	if (errno != EACCES)
		return -errno;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -errno;
	fd = install_listener(&prog);
	return fd >= 0 ? (int)fd : -errno;
}

int sclog_notify_handoff_open(struct sclog_notify_handoff *h)
{
	*h = (struct sclog_notify_handoff){ .sock = { -1, -1 } };
	return socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, h->sock) < 0 ? -errno : 0;
}

void sclog_notify_handoff_close(struct sclog_notify_handoff *h)
{
	closep(&h->sock[0]);
	closep(&h->sock[1]);
}

/* Send descriptor @fd over @sock.  Async-signal-safe. */
static int send_fd(int sock, int fd)
{
	char byte = 0, control[CMSG_SPACE(sizeof(int))] = { 0 };
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = { .msg_iov = &iov,
			      .msg_iovlen = 1,
			      .msg_control = control,
			      .msg_controllen = sizeof(control) };
	struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);

	cmsg->cmsg_level = SOL_SOCKET;
	cmsg->cmsg_type = SCM_RIGHTS;
	cmsg->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cmsg), &fd, sizeof(int));
	return sendmsg(sock, &msg, MSG_NOSIGNAL) == 1 ? 0 : -errno;
}

/*
 * The helper: it shares the child's descriptor table, so the listener the
 * child's seccomp() creates appears here at @nr; it runs without the
 * filter (it existed before it), so its own calls neither wait for sclog
 * nor enter the profile.  It sends the listener and exits.  sclog kills it
 * if the child fails first.
 */
static _Noreturn void handoff_helper(int sock, int nr)
{
	const struct timespec tick = { .tv_nsec = 20 * 1000 };

	for (long i = 0; i < LISTENER_TIMEOUT_S * 50000L; i++) {
		if (fcntl(nr, F_GETFD) >= 0)
			_exit(send_fd(sock, nr) < 0 ? 1 : 0);
		nanosleep(&tick, NULL);
	}
	_exit(1);
}

pid_t sclog_notify_child_handoff(const struct sclog_notify_handoff *h)
{
	/* The listener will get the lowest free number (the child opens
	 * nothing between here and its seccomp()). */
	int nr = open("/dev/null", O_RDONLY | O_CLOEXEC);
	long pid;

	if (nr < 0)
		return -errno;
	close(nr);
	/* CLONE_PARENT: sclog, not the command, reaps the helper. */
	pid = syscall(SYS_clone, CLONE_FILES | CLONE_PARENT | SIGCHLD, 0, NULL, NULL, 0);
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
		handoff_helper(h->sock[1], nr);
	}
	return (pid_t)pid;
}

static int is_listener(int fd)
{
	char link[64], path[32];
	ssize_t len;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	len = readlink(path, link, sizeof(link) - 1);
	if (len < 0)
		return 0;
	link[len] = '\0';
	return strcmp(link, "anon_inode:seccomp notify") == 0;
}

/* Has @pid exited?  (Not reaped: its parent still collects it.) */
static int exited(pid_t pid)
{
	siginfo_t si = { 0 };

	return waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 && si.si_pid == pid;
}

int sclog_notify_attach(struct sclog_notify *n, pid_t pid, struct sclog_notify_handoff *h,
			pid_t helper, int sync_wake_up, struct sclog_error *err)
{
	double deadline = sclog_now() + LISTENER_TIMEOUT_S;
	long nnp = 0;
	int fd = -EAGAIN;

	/* The child and its helper hold the other end. */
	closep(&h->sock[1]);
	while (fd == -EAGAIN) {
		/* Looked at before the poll: what the helper sent before it
		 * exited is then seen. */
		int child_gone = exited(pid), helper_gone = exited(helper);
		int late = child_gone || helper_gone || sclog_now() > deadline;
		struct pollfd p = { .fd = h->sock[0], .events = POLLIN };

		if (poll(&p, 1, late ? 0 : 10) > 0) {
			int got = -1, r = sclog_listener_receive(h->sock[0], &got);

			fd = r > 0 ? got : r == 0 ? -EPIPE : r;
		} else if (child_gone)
			fd = -ECHILD;
		else if (late)
			fd = -ETIMEDOUT;
	}
	if (fd >= 0 && !is_listener(fd)) {
		close(fd);
		fd = -EPROTO;
	}
	if (fd < 0)
		kill(helper, SIGKILL);
	waitpid(helper, NULL, 0);
	if (fd == -ECHILD)
		return sclog_error_set(err, fd,
				       "the child exited before it installed the "
				       "seccomp filter");
	if (fd < 0)
		return sclog_error_set(err, fd,
				       "the child's seccomp listener did not reach sclog "
				       "within %d s: %s",
				       LISTENER_TIMEOUT_S, strerror(-fd));
	n->listener = fd;
	n->pid = pid;
	n->interruptible = !sclog_notify_killable_recv();
	if (sclog_notify_read_status(pid, "NoNewPrivs", 0, &nnp) == 0)
		n->no_new_privs = nnp == 1;
	if (sync_wake_up)
		n->sync_wake_up = ioctl(n->listener, SECCOMP_IOCTL_NOTIF_SET_FLAGS,
					SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP) == 0;
	return 0;
}

int sclog_notify_adopt(struct sclog_notify *n, int fd, int sync_wake_up)
{
	if (!is_listener(fd)) {
		close(fd);
		return -EBADF;
	}
	n->listener = fd;
	/* Unknown: the runtime set no_new_privs (or not) in the container. */
	n->no_new_privs = 0;
	n->handover = 1;
	/* The runtime loaded the filter without WAIT_KILLABLE_RECV. */
	n->interruptible = 1;
	if (sync_wake_up)
		n->sync_wake_up = ioctl(n->listener, SECCOMP_IOCTL_NOTIF_SET_FLAGS,
					SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP) == 0;
	return 0;
}
