// SPDX-License-Identifier: GPL-2.0-only
/* What a filter program of the command's own can answer (ownfilter.h). */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_actions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
