// SPDX-License-Identifier: GPL-2.0-only
/* --phase-at ready under audit: the serial of the call that sent READY=1. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <seccomp.h>

#include "sclog/records/readysend.h"

static void note(struct sclog_readysend *s, const char *name, int32_t pid, uint64_t serial,
		 uint64_t ms)
{
	const struct sclog_record r = {
		.arch = seccomp_arch_native(),
		.nr = seccomp_syscall_resolve_name(name),
		.pid = pid,
		.serial = serial,
		.ms = ms,
		.fields = SCLOG_FIELD_STAMP,
	};

	sclog_readysend_note(s, &r);
}

/*
 * READY=1 from pid 100 at 1303 (precise); the coarse clock of the records
 * lags by 50 ms, so its sendto (30) says 1253.  A start-up write of pid 100
 * well before the window, another pid's sendto in it, and pid 100's write
 * after READY=1 (lagging too) do not move the cut off 30.
 */
static void test_cut(void **state)
{
	struct sclog_readysend s;
	uint64_t serial = 0;

	(void)state;
	assert_int_equal(sclog_readysend_init(&s), 0);
	note(&s, "write", 100, 5, 100);			       /* start-up, 1.2 s before */
	note(&s, "socket", 100, 29, 1253);		       /* not a send */
	note(&s, "sendto", 200, 28, 1290);		       /* another pid */
	note(&s, "sendto", 100, 30, 1253);		       /* READY=1 */
	assert_int_equal(sclog_readysend_cut(&s, &serial), 0); /* not known yet */
	sclog_readysend_ready(&s, 100, 1303, 1000);
	note(&s, "write", 100, 35, 1260);   /* after it, read later */
	note(&s, "sendmsg", 100, 40, 1304); /* after it, in time */
	assert_int_equal(sclog_readysend_cut(&s, &serial), 1);
	assert_int_equal(serial, 30);
	sclog_readysend_done(&s);

	/* The send's record read after READY=1: the same cut. */
	assert_int_equal(sclog_readysend_init(&s), 0);
	note(&s, "write", 100, 5, 100);
	sclog_readysend_ready(&s, 100, 1303, 1000);
	note(&s, "sendto", 200, 28, 1290);
	note(&s, "sendto", 100, 30, 1253);
	note(&s, "write", 100, 35, 1260);
	assert_int_equal(sclog_readysend_cut(&s, &serial), 1);
	assert_int_equal(serial, 30);
	sclog_readysend_done(&s);

	/* A sender with no send in the records (outside the tree), or none
	 * known (no credentials): no cut. */
	assert_int_equal(sclog_readysend_init(&s), 0);
	note(&s, "sendto", 200, 28, 1290);
	sclog_readysend_ready(&s, 100, 1303, 1000);
	assert_int_equal(sclog_readysend_cut(&s, &serial), 0);
	sclog_readysend_done(&s);
	assert_int_equal(sclog_readysend_init(&s), 0);
	note(&s, "sendto", 100, 30, 1253);
	sclog_readysend_ready(&s, 0, 1303, 1000);
	assert_int_equal(sclog_readysend_cut(&s, &serial), 0);
	sclog_readysend_done(&s);
}

/* The ring let go of sends in the window: no cut; of older ones only: a cut. */
static void test_ring(void **state)
{
	struct sclog_readysend s;
	uint64_t serial = 0;

	(void)state;
	assert_int_equal(sclog_readysend_init(&s), 0);
	for (uint64_t i = 0; i < SCLOG_READYSEND_RING + 1; i++)
		note(&s, "write", 300, 10 + i, 1200);
	note(&s, "sendto", 100, 10000, 1253);
	sclog_readysend_ready(&s, 100, 1303, 1000);
	assert_int_equal(sclog_readysend_cut(&s, &serial), 0);
	sclog_readysend_done(&s);

	assert_int_equal(sclog_readysend_init(&s), 0);
	for (uint64_t i = 0; i < SCLOG_READYSEND_RING + 1; i++)
		note(&s, "write", 300, 10 + i, 200);
	note(&s, "sendto", 100, 10000, 1253);
	sclog_readysend_ready(&s, 100, 1303, 1000);
	assert_int_equal(sclog_readysend_cut(&s, &serial), 1);
	assert_int_equal(serial, 10000);
	sclog_readysend_done(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cut),
		cmocka_unit_test(test_ring),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
