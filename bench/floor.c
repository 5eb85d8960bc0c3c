// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel's own floor for RET_LOG profiling: run a command under a bare
 * "default LOG" filter and count AUDIT_SECCOMP records on an
 * AUDIT_NLGRP_READLOG socket, doing nothing else with them.  Stops when the
 * command has exited and at least EXPECTED records arrived (or 2 s passed).
 *   floor EXPECTED COMMAND [ARG]...
 * Prints "records=N enobufs=N" on stderr.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/netlink.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct sockaddr_nl addr = { .nl_family = AF_NETLINK,
				    .nl_groups = 1u << (AUDIT_NLGRP_READLOG - 1) };
	struct sock_filter insn = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_LOG);
	struct sock_fprog prog = { .len = 1, .filter = &insn };
	static char buf[64][16384];
	struct mmsghdr msgs[64];
	struct iovec iov[64];
	long expected, records = 0, enobufs = 0;
	int fd, rcvbuf = 64 << 20, status, done = 0;
	double deadline = 0;
	pid_t pid;

	if (argc < 3)
		return 2;
	expected = atol(argv[1]);
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) < 0 ||
	    bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		perror("audit socket");
		return 1;
	}
	pid = fork();
	if (pid == 0) {
		if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)
			_exit(126);
		execvp(argv[2], argv + 2);
		_exit(127);
	}
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int n;

		if (!done && waitpid(pid, &status, WNOHANG) == pid) {
			done = 1;
			deadline = now() + 2;
		}
		if (done && (records >= expected || now() > deadline))
			break;
		if (poll(&p, 1, 10) <= 0)
			continue;
		for (int i = 0; i < 64; i++) {
			iov[i] = (struct iovec){ buf[i], sizeof(buf[i]) };
			msgs[i] = (struct mmsghdr){ .msg_hdr = { .msg_iov = &iov[i],
								 .msg_iovlen = 1 } };
		}
		n = recvmmsg(fd, msgs, 64, MSG_DONTWAIT, NULL);
		if (n < 0) {
			enobufs += errno == ENOBUFS;
			continue;
		}
		for (int i = 0; i < n; i++)
			records += ((struct nlmsghdr *)buf[i])->nlmsg_type == AUDIT_SECCOMP;
	}
	fprintf(stderr, "records=%ld enobufs=%ld\n", records, enobufs);
	return 0;
}
