// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel's own floor for the notify collector: run a command under a
 * one-instruction SECCOMP_RET_USER_NOTIF filter and answer every
 * notification with SECCOMP_USER_NOTIF_FLAG_CONTINUE, doing nothing else
 * with it: no counting, no /proc, no profile.  The listener is fetched with
 * pidfd_getfd() as sclog does.  MODE: "recv" blocks in the receive, "poll"
 * polls before each receive (sclog's poll loop); "sync" may follow either,
 * to ask for SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP.
 *   nfloor MODE[,sync] COMMAND [ARG]...
 * Prints "notifications=N" on stderr.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW(4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (1UL << 0)
#endif
#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_getfd
#define SYS_pidfd_getfd 438
#endif

int main(int argc, char **argv)
{
	struct sock_filter insn = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF);
	struct sock_fprog prog = { .len = 1, .filter = &insn };
	int use_poll, nr, pidfd, listener, status;
	long count = 0;
	pid_t pid;

	if (argc < 3) {
		fprintf(stderr, "usage: nfloor recv|poll[,sync] COMMAND [ARG]...\n");
		return 2;
	}
	use_poll = strncmp(argv[1], "poll", 4) == 0;
	/* The listener gets the lowest free descriptor in the child. */
	nr = open("/dev/null", O_RDONLY);
	close(nr);
	pid = fork();
	if (pid == 0) {
		prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
		if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER,
			    &prog) != nr)
			_exit(126);
		/* This execve already waits for the parent's answer. */
		execvp(argv[2], argv + 2);
		_exit(127);
	}
	pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	while ((listener = (int)syscall(SYS_pidfd_getfd, pidfd, nr, 0)) < 0 && errno == EBADF)
		usleep(100);
	if (listener < 0) {
		perror("pidfd_getfd");
		return 1;
	}
	if (strstr(argv[1], "sync") &&
	    ioctl(listener, SECCOMP_IOCTL_NOTIF_SET_FLAGS, SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP) < 0)
		perror("SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP");
	for (;;) {
		struct seccomp_notif req;
		struct seccomp_notif_resp resp;
		struct pollfd p = { .fd = listener, .events = POLLIN };

		if (use_poll && poll(&p, 1, -1) > 0 && !(p.revents & POLLIN))
			break; /* POLLHUP: every process of the filter has ended */
		memset(&req, 0, sizeof(req));
		if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0) {
			if (errno != ENOENT && errno != EINTR)
				break;
			/* ENOENT also when the filter has no users left (6.11+). */
			if (poll(&p, 1, 0) > 0 && (p.revents & POLLHUP))
				break;
			continue;
		}
		resp = (struct seccomp_notif_resp){ .id = req.id,
						    .flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE };
		if (ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp) == 0)
			count++;
	}
	waitpid(pid, &status, 0);
	fprintf(stderr, "notifications=%ld\n", count);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
