// SPDX-License-Identifier: GPL-2.0-only
/*
 * Test program: call one syscall, chosen by name from a handful that
 * ordinary programs do not make, COUNT times with PAUSE_US between calls.
 * With --log it first installs its own filter that LOGs that syscall (an
 * unrelated process under a LOG filter, as a container with an SCMP_ACT_LOG
 * profile would be).
 *   distinct [--log] NAME COUNT PAUSE_US
 */
#define _GNU_SOURCE
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static long pick(const char *name)
{
	if (!strcmp(name, "getpriority"))
		return SYS_getpriority;
	if (!strcmp(name, "sysinfo"))
		return SYS_sysinfo;
	if (!strcmp(name, "times"))
		return SYS_times;
	if (!strcmp(name, "getrusage"))
		return SYS_getrusage;
	if (!strcmp(name, "sched_getscheduler"))
		return SYS_sched_getscheduler;
	if (!strcmp(name, "getppid"))
		return SYS_getppid;
	return -1;
}

static int log_filter(long nr)
{
	struct sock_filter insns[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)nr, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_LOG),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = 4, .filter = insns };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -1;
	return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
}

int main(int argc, char **argv)
{
	int log = argc > 1 && !strcmp(argv[1], "--log");
	char buf[64];
	long nr, count, pause_us;

	if (argc != 4 + log)
		return 2;
	nr = pick(argv[1 + log]);
	count = atol(argv[2 + log]);
	pause_us = atol(argv[3 + log]);
	if (nr < 0)
		return 2;
	if (log && log_filter(nr) < 0) {
		perror("seccomp");
		return 1;
	}
	for (long i = 0; i < count; i++) {
		syscall(nr, 0, 0, buf);
		if (pause_us)
			usleep((useconds_t)pause_us);
	}
	return 0;
}
