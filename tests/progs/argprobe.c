// SPDX-License-Identifier: GPL-2.0-only
/*
 * Test program for argument rules and the notify collector:
 *   argprobe socket inet|netlink|packet|unix  socket(AF_*, SOCK_DGRAM|SOCK_CLOEXEC)
 *   argprobe unshare uts|net                  unshare(CLONE_NEW*)
 *   argprobe clone uts|net                    clone(SIGCHLD|CLONE_NEW*), child exits
 *   argprobe clone3 uts|net                   the same with clone3 (flags in memory)
 *   argprobe listener                         install a filter with a listener of its own
 * Exits 0 when the call succeeded, 3 (printing the errno) when it failed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/filter.h>
#include <linux/sched.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int result(const char *what, long r)
{
	if (r < 0) {
		printf("%s: %s\n", what, strerror(errno));
		return 3;
	}
	printf("%s: ok\n", what);
	return 0;
}

static int ns_flag(const char *name)
{
	return strcmp(name, "net") == 0 ? CLONE_NEWNET : CLONE_NEWUTS;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "socket") == 0) {
		int family = strcmp(argv[2], "inet") == 0    ? AF_INET :
			     strcmp(argv[2], "netlink") == 0 ? AF_NETLINK :
			     strcmp(argv[2], "packet") == 0  ? AF_PACKET :
							       AF_UNIX;

		return result("socket", socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0));
	}
	if (argc == 3 && strcmp(argv[1], "unshare") == 0)
		return result("unshare", unshare(ns_flag(argv[2])));
	if (argc == 3 && strcmp(argv[1], "clone") == 0) {
		long pid = syscall(SYS_clone, SIGCHLD | ns_flag(argv[2]), 0, 0, 0, 0);
		int status;

		if (pid == 0)
			_exit(0);
		if (pid > 0 && (waitpid((pid_t)pid, &status, 0) != pid || status != 0))
			return 4;
		return result("clone", pid);
	}
	if (argc == 3 && strcmp(argv[1], "clone3") == 0) {
		struct clone_args args = {
			.flags = (unsigned)ns_flag(argv[2]),
			.exit_signal = SIGCHLD,
		};
		long pid = syscall(SYS_clone3, &args, sizeof(args));
		int status;

		if (pid == 0)
			_exit(0);
		if (pid > 0 && (waitpid((pid_t)pid, &status, 0) != pid || status != 0))
			return 4;
		return result("clone3", pid);
	}
	if (argc == 2 && strcmp(argv[1], "listener") == 0) {
		/* Allow everything, but ask for a listener: a second listener in
		 * one filter chain is refused with EBUSY. */
		struct sock_filter insn = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
		struct sock_fprog prog = { .len = 1, .filter = &insn };

		prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
		return result("listener", syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
						  SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog));
	}
	fprintf(stderr, "usage: argprobe socket|unshare|clone|clone3 WHAT, or argprobe listener\n");
	return 2;
}
