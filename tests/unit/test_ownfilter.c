// SPDX-License-Identifier: GPL-2.0-only
/* What a filter program of the command's own can answer (ownfilter.h). */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "sclog/collect/ownfilter.h"

#define RET(k) BPF_STMT(BPF_RET | BPF_K, (k))

static void test_actions(void **state)
{
	struct sock_filter errno_prog[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 110, 0, 1),
		RET(SECCOMP_RET_ERRNO | EPERM),
		RET(SECCOMP_RET_ALLOW),
	};
	struct sock_filter log_prog[] = { RET(SECCOMP_RET_LOG), RET(SECCOMP_RET_ALLOW) };
	struct sock_filter rest[] = {
		RET(SECCOMP_RET_TRACE | 7),    RET(0x7fc00000u),
		RET(SECCOMP_RET_TRAP),	       RET(SECCOMP_RET_KILL_THREAD),
		RET(SECCOMP_RET_KILL_PROCESS), RET(0x12340000u),
	};
	struct sock_filter computed[] = { BPF_STMT(BPF_RET | BPF_A, 0) };

	(void)state;
	assert_int_equal(sclog_ownfilter_actions(errno_prog, 4),
			 SCLOG_OWN_ACT_ERRNO | SCLOG_OWN_ACT_ALLOW);
	assert_int_equal(sclog_ownfilter_actions(log_prog, 2),
			 SCLOG_OWN_ACT_LOG | SCLOG_OWN_ACT_ALLOW);
	assert_false(sclog_ownfilter_actions(log_prog, 2) & SCLOG_OWN_ACT_HIDES);
	/* An unknown action is KILL_PROCESS to the kernel. */
	assert_int_equal(sclog_ownfilter_actions(rest, 6),
			 SCLOG_OWN_ACT_TRACE | SCLOG_OWN_ACT_USER_NOTIF | SCLOG_OWN_ACT_TRAP |
				 SCLOG_OWN_ACT_KILL);
	assert_int_equal(sclog_ownfilter_actions(computed, 1), SCLOG_OWN_ACT_ANY);
	assert_true(sclog_ownfilter_actions(computed, 1) & SCLOG_OWN_ACT_HIDES);
	assert_int_equal(sclog_ownfilter_actions(NULL, 0), 0);
}

/* A child with one filter more than this process, until killed. */
static pid_t child_with_filter(void)
{
	struct sock_filter allow[] = { RET(SECCOMP_RET_ALLOW) };
	struct sock_fprog prog = { .len = 1, .filter = allow };
	int fds[2];
	char c = 0;
	pid_t pid;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
		    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)
			_exit(1);
		if (write(fds[1], &c, 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(fds[1]);
	assert_int_equal(read(fds[0], &c, 1), 1);
	close(fds[0]);
	return pid;
}

/*
 * A nested run's marker: prctl() records under sclog's name, then its
 * seccomp() record under the marker's.  Looked at after its filter is in,
 * the process may be gone (under TCG it often was), name and all: its
 * seccomp() record says what it was, and no filter of the command's own is
 * counted.  (The child here keeps its own name: only the records say
 * "marker".)
 */
static void test_marker_renamed(void **state)
{
	struct sclog_ownfilter o;
	size_t as_marker;
	pid_t pid;

	(void)state;
	sclog_ownfilter_init(&o, 0);
	if (o.base < 0 || !o.self_exe[0]) {
		sclog_ownfilter_done(&o);
		skip(); /* no Seccomp_filters (Linux < 5.9) */
	}
	pid = child_with_filter();
	sclog_ownfilter_suspect(&o, pid, "sclog", o.self_exe, 0, 0, 5);
	sclog_ownfilter_suspect(&o, pid, "sclogm0000abcd", o.self_exe, 1, 0, 5);
	sclog_ownfilter_finish(&o);
	/* Or its getppid() record, before its filter, already renamed. */
	sclog_ownfilter_suspect(&o, pid, "sclog", o.self_exe, 0, 0, 5);
	sclog_ownfilter_later(&o, pid, "sclogm0000abcd", o.self_exe);
	sclog_ownfilter_finish(&o);
	as_marker = o.n_found;
	/* The same records under another name: a filter of its own. */
	sclog_ownfilter_suspect(&o, pid, "sclog", o.self_exe, 0, 0, 5);
	sclog_ownfilter_suspect(&o, pid, "sclogx0000abcd", o.self_exe, 1, 0, 5);
	sclog_ownfilter_finish(&o);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	sclog_ownfilter_done(&o);
	assert_int_equal(as_marker, 0);
	assert_int_equal(o.n_found, 1);
	assert_int_equal(o.found[0].pid, pid);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_actions),
		cmocka_unit_test(test_marker_renamed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
