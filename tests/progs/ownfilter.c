// SPDX-License-Identifier: GPL-2.0-only
/*
 * Test program: a command that installs a seccomp filter of its own for
 * getppid, then calls getppid COUNT times and lives LINGER_MS more.
 *   ownfilter notif COUNT LINGER_MS   its filter answers getppid with
 *                                     USER_NOTIF; a thread of its own
 *                                     continues each call (so it runs)
 *   ownfilter trace COUNT LINGER_MS   a child's filter answers getppid with
 *                                     TRACE; its parent, the tracer, lets
 *                                     each call run
 *   ownfilter errno COUNT LINGER_MS   its filter fails getppid with EPERM
 *   ownfilter log COUNT LINGER_MS     its filter logs getppid (harmless)
 * Exits 0 when every getppid behaved as its filter says, 3 when the kernel
 * refused the filter (a listener under another one: EBUSY), else 1.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int listener = -1;

/* Continue every notification until the process ends. */
static void *answer(void *arg)
{
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;

	(void)arg;
	for (;;) {
		memset(&req, 0, sizeof(req));
		if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0) {
			if (errno == EINTR || errno == ENOENT)
				continue;
			return NULL;
		}
		memset(&resp, 0, sizeof(resp));
		resp.id = req.id;
		resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
		ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp);
	}
}

/* The tracer of "trace": continue the child through every stop; its
 * status is the child's. */
static int trace(pid_t child)
{
	int status;

	if (waitpid(child, &status, 0) != child || !WIFSTOPPED(status) ||
	    ptrace(PTRACE_SETOPTIONS, child, 0, PTRACE_O_TRACESECCOMP | PTRACE_O_EXITKILL) < 0 ||
	    ptrace(PTRACE_CONT, child, 0, 0) < 0)
		return 1;
	while (waitpid(child, &status, 0) == child) {
		int sig = 0;

		if (WIFEXITED(status))
			return WEXITSTATUS(status);
		if (WIFSIGNALED(status))
			return 1;
		/* A seccomp stop (status>>8 == SIGTRAP | PTRACE_EVENT_SECCOMP<<8)
		 * runs the call on PTRACE_CONT; another signal is passed on. */
		if (WSTOPSIG(status) != SIGTRAP && WSTOPSIG(status) != SIGSTOP)
			sig = WSTOPSIG(status);
		if (ptrace(PTRACE_CONT, child, 0, sig) < 0)
			return 1;
	}
	return 1;
}

int main(int argc, char **argv)
{
	unsigned action;
	unsigned long flags = 0;
	long count, linger_ms, fd;
	pthread_t t;

	if (argc != 4)
		return 2;
	if (!strcmp(argv[1], "notif")) {
		action = SECCOMP_RET_USER_NOTIF;
		flags = SECCOMP_FILTER_FLAG_NEW_LISTENER;
	} else if (!strcmp(argv[1], "trace")) {
		pid_t child;

		action = SECCOMP_RET_TRACE;
		child = fork();
		if (child < 0)
			return 1;
		if (child > 0)
			return trace(child);
		if (ptrace(PTRACE_TRACEME, 0, 0, 0) < 0 || raise(SIGSTOP) != 0)
			return 1;
	} else if (!strcmp(argv[1], "errno")) {
		action = SECCOMP_RET_ERRNO | EPERM;
	} else if (!strcmp(argv[1], "log")) {
		action = SECCOMP_RET_LOG;
	} else {
		return 2;
	}
	count = atol(argv[2]);
	linger_ms = atol(argv[3]);

	struct sock_filter insns[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, action),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = 4, .filter = insns };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return 1;
	fd = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog);
	if (fd < 0) {
		fprintf(stderr, "ownfilter: seccomp: %s\n", strerror(errno));
		return errno == EBUSY ? 3 : 1;
	}
	if (flags) {
		listener = (int)fd;
		if (pthread_create(&t, NULL, answer, NULL) != 0)
			return 1;
	}
	for (long i = 0; i < count; i++) {
		long r = syscall(SYS_getppid);

		if (action == (SECCOMP_RET_ERRNO | EPERM) ? !(r < 0 && errno == EPERM) : r < 0) {
			fprintf(stderr, "ownfilter: getppid returned %ld (%s)\n", r,
				strerror(errno));
			return 1;
		}
	}
	usleep((useconds_t)(linger_ms * 1000));
	return 0;
}
