// SPDX-License-Identifier: GPL-2.0-only
/*
 * The audit settings watch, its pure parts: what the readings of the
 * settings and the kernel's AUDIT_CONFIG_CHANGE records (texts as measured
 * on 6.18) add up to, and the problems they become.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "sclog/collect/account.h"
#include "sclog/collect/audit/audit_watch.h"

static void record(struct sclog_audit_watch_seen *s, const char *text)
{
	sclog_audit_watch_record(s, text, strlen(text));
}

static void test_records(void **state)
{
	struct sclog_audit_watch_seen s = { 0 };

	(void)state;
	/* Unrelated changes, and refused ones, change nothing. */
	record(&s, "op=set audit_enabled=0 old=1 auid=4294967295 ses=4294967295 res=1");
	record(&s, "op=set audit_rate_limit=0 old=5 auid=4294967295 ses=4294967295 res=1");
	record(&s, "op=set lost=0 old=7 auid=0 ses=3 res=0");
	record(&s, "auid=4294967295 ses=4294967295 op=add_rule key=(null) list=4 res=1");
	record(&s, "op=seccomp-logging actions=kill_process,trap,log old-actions=trap res=1");
	record(&s, "op=seccomp-logging actions=kill_process,logx old-actions=log res=0");
	assert_int_equal(s.lost_reset, 0);
	assert_int_equal(s.rate_limit_set, 0);
	assert_int_equal(s.exclude_added, 0);
	assert_string_equal(s.unlogged, "");

	/* --reset-lost (announced even with audit disabled). */
	record(&s, "audit(1796478075.348:1): op=set lost=0 old=201897 auid=4294967295 "
		   "ses=4294967295 res=1");
	assert_int_equal(s.lost_reset, 1);
	assert_int_equal(s.lost_reset_old, 201897);
	record(&s, "op=set audit_rate_limit=5 old=0 auid=4294967295 ses=4294967295 res=1");
	assert_int_equal(s.rate_limit_set, 5);
	record(&s, "auid=4294967295 ses=4294967295 op=add_rule key=(null) list=5 res=1");
	assert_int_equal(s.exclude_added, 1);
	/* "log" as a prefix of another word is not "log". */
	record(&s, "op=seccomp-logging actions=kill_process,logx,trace "
		   "old-actions=kill_process,log res=1");
	assert_string_equal(s.unlogged, "kill_process,logx,trace");
}

static void test_fold(void **state)
{
	struct sclog_audit_watch_seen s = { 0 };
	struct sclog_audit_settings now = {
		.status = { .lost = 10 },
		.status_ok = 1,
		.actions_logged = "kill_process trap log",
		.actions_ok = 1,
	};

	(void)state;
	sclog_audit_watch_fold(&s, &now); /* the start */
	now.status.lost = 12;
	sclog_audit_watch_fold(&s, &now);
	assert_int_equal(s.lost_grown, 2);
	assert_int_equal(s.lost_reset, 0);
	/* Reset below where it started, then counted again: both seen. */
	now.status.lost = 0;
	sclog_audit_watch_fold(&s, &now);
	now.status.lost = 3;
	sclog_audit_watch_fold(&s, &now);
	assert_int_equal(s.lost_reset, 1);
	assert_int_equal(s.lost_grown, 5);
	assert_int_equal(s.polls, 4);
	assert_int_equal(s.rate_limit_set, 0);

	/* A rate limit unlike the start's, a daemon, missing "log", a rule
	 * (the same one twice is one rule). */
	now.status.rate_limit = 50;
	now.status.pid = 123;
	strcpy(now.actions_logged, "kill_process trap");
	now.n_rules = 1;
	strcpy(now.rules[0].text, "-a always,exclude -F msgtype=SECCOMP");
	sclog_audit_watch_fold(&s, &now);
	sclog_audit_watch_fold(&s, &now);
	assert_int_equal(s.rate_limit_set, 50);
	assert_int_equal(s.daemon_pid, 123);
	assert_string_equal(s.unlogged, "kill_process trap");
	assert_int_equal(s.n_rules, 1);
	assert_int_equal(s.max_rules, 1);

	/* An empty actions_logged; a setting that could not be read. */
	{
		struct sclog_audit_watch_seen e = { 0 };
		struct sclog_audit_settings bad = { .actions_ok = 1, .n_rules = -1 };

		strcpy(bad.error, "cannot list the kernel's audit rules: EPERM");
		sclog_audit_watch_fold(&e, &bad);
		assert_string_equal(e.unlogged, "(empty)");
		assert_string_equal(e.error, bad.error);
		assert_int_equal(e.polls, 0);
	}
	/* A rate limit there from the start is not one set during the run. */
	{
		struct sclog_audit_watch_seen r = { 0 };

		now.status.rate_limit = 20;
		sclog_audit_watch_fold(&r, &now);
		sclog_audit_watch_fold(&r, &now);
		assert_int_equal(r.rate_limit_set, 0);
	}
}

/* Each finding, alone, is a problem in its own words. */
static void test_problems(void **state)
{
	struct sclog_account a = { .drained = 1 };
	struct sclog_problems p = { 0 };

	(void)state;
	strcpy(a.unlogged, "kill_process trap");
	sclog_account_problems(&a, &p);
	assert_int_equal(p.n, 1);
	assert_non_null(strstr(p.list[0], "\"log\" was missing"));

	a = (struct sclog_account){ .drained = 1, .rate_limit_set = 50 };
	p = (struct sclog_problems){ 0 };
	sclog_account_problems(&a, &p);
	assert_int_equal(p.n, 1);
	assert_non_null(strstr(p.list[0], "rate limit of 50"));

	a = (struct sclog_account){
		.drained = 1, .lost_reset = 1, .lost_reset_old = 9, .records_lost = 4
	};
	p = (struct sclog_problems){ 0 };
	sclog_account_problems(&a, &p);
	assert_int_equal(p.n, 2);
	assert_non_null(strstr(p.list[0], "after it had counted 9 lost records"));
	assert_non_null(strstr(p.list[1], "grew by 4"));

	/* A rule added and gone before any poll: only its record says so. */
	a = (struct sclog_account){ .drained = 1, .exclude_added = 1 };
	p = (struct sclog_problems){ 0 };
	sclog_account_problems(&a, &p);
	assert_int_equal(p.n, 1);
	assert_non_null(strstr(p.list[0], "exclude rule was added during the run"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_records),
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_problems),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
