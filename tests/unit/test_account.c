// SPDX-License-Identifier: GPL-2.0-only
/*
 * Completeness, the pure parts: the pipeline following a tree across audit
 * session changes and noting exits, the pid set, the exclude-rule matcher,
 * and the one function that turns the account into problems.
 */
#include <errno.h>
#include <linux/audit.h>
#include <linux/netlink.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sclog/basic/pidset.h"
#include "sclog/collect/account.h"
#include "sclog/collect/audit/audit_rule.h"
#include "sclog/records/pipeline.h"

#define REC(ses, pid, nr)                                                                          \
	"audit(1.0:1): auid=0 uid=0 gid=0 ses=" #ses " pid=" #pid " comm=\"x\" exe=\"/x\" "        \
	"sig=0 arch=c000003e syscall=" #nr " compat=0 ip=0x1 code=0x7ffc0000"

static void feed(struct sclog_pipeline *pl, const char *text)
{
	assert_int_equal(sclog_pipeline_record(pl, text, strlen(text)), 0);
}

/* A pid seen in the session that moves to a new one is followed, and so
 * is everything of the new session; others stay foreign. */
static void test_follow_by_pid(void **state)
{
	struct sclog_pipeline pl;

	(void)state;
	assert_int_equal(sclog_pipeline_init(&pl, 7), 0);
	pl.follow = 1;
	feed(&pl, REC(7, 100, 1));   /* write, in the session */
	feed(&pl, REC(9, 100, 63));  /* uname, after its loginuid write */
	feed(&pl, REC(9, 101, 39));  /* getpid of its child, new session */
	feed(&pl, REC(11, 500, 12)); /* a stranger */
	assert_int_equal(pl.counters.records, 3);
	assert_int_equal(pl.counters.followed, 2);
	assert_int_equal(pl.counters.session_changes, 1);
	assert_int_equal(pl.counters.foreign, 1);
	assert_non_null(sclog_profile_get(pl.profile, 0xc000003e, 63));
	assert_null(sclog_profile_get(pl.profile, 0xc000003e, 12));
	sclog_pipeline_done(&pl);

	/* Without follow (the replay and fuzz default) nothing is followed. */
	assert_int_equal(sclog_pipeline_init(&pl, 7), 0);
	feed(&pl, REC(7, 100, 1));
	feed(&pl, REC(9, 100, 63));
	assert_int_equal(pl.counters.records, 1);
	assert_int_equal(pl.counters.foreign, 1);
	sclog_pipeline_done(&pl);
}

/* exit_group ends a pid: a reused pid in another session is not adopted,
 * and the exit is noted as the witness. A thread's exit only witnesses. */
static void test_exits(void **state)
{
	struct sclog_pipeline pl;

	(void)state;
	assert_int_equal(sclog_pipeline_init(&pl, 7), 0);
	pl.follow = 1;
	feed(&pl, REC(7, 100, 60)); /* exit (a thread) */
	assert_int_equal(sclog_pipeline_pid(&pl, 100), SCLOG_PID_SEEN | SCLOG_PID_EXITED);
	feed(&pl, REC(7, 100, 231)); /* exit_group */
	assert_true(sclog_pipeline_pid(&pl, 100) & SCLOG_PID_GONE);
	feed(&pl, REC(9, 100, 12)); /* pid reused by a stranger */
	assert_int_equal(pl.counters.foreign, 1);
	assert_int_equal(pl.counters.session_changes, 0);
	assert_int_equal(sclog_pipeline_pid(&pl, 4242), 0);
	sclog_pipeline_done(&pl);
}

static int on_datagram_login(struct sclog_pipeline *pl, const char *payload, uint16_t type)
{
	char buf[512];
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	size_t len = strlen(payload);

	memset(buf, 0, sizeof(buf));
	h->nlmsg_len = (uint32_t)(NLMSG_HDRLEN + len);
	h->nlmsg_type = type;
	memcpy(buf + NLMSG_HDRLEN, payload, len);
	return sclog_pipeline_datagram(pl, buf, h->nlmsg_len);
}

/* With audit enabled, AUDIT_LOGIN names the old and the new session. */
static void test_follow_by_login(void **state)
{
	struct sclog_pipeline pl;

	(void)state;
	assert_int_equal(sclog_pipeline_init(&pl, 7), 0);
	pl.follow = 1;
	assert_int_equal(on_datagram_login(&pl,
					   "audit(1.0:2): pid=300 uid=0 old-auid=0 auid=0 "
					   "tty=(none) old-ses=7 ses=12 res=1",
					   AUDIT_LOGIN),
			 0);
	/* A failed login and one of another tree change nothing. */
	assert_int_equal(on_datagram_login(&pl,
					   "audit(1.0:3): pid=301 uid=0 old-auid=0 auid=0 "
					   "tty=(none) old-ses=7 ses=13 res=0",
					   AUDIT_LOGIN),
			 0);
	assert_int_equal(on_datagram_login(&pl,
					   "audit(1.0:4): pid=302 uid=0 old-auid=0 auid=0 "
					   "tty=(none) old-ses=8 ses=14 res=1",
					   AUDIT_LOGIN),
			 0);
	feed(&pl, REC(12, 300, 63)); /* never seen before: its session was announced */
	feed(&pl, REC(13, 301, 63));
	feed(&pl, REC(14, 302, 63));
	assert_int_equal(pl.counters.records, 1);
	assert_int_equal(pl.counters.foreign, 2);
	sclog_pipeline_done(&pl);
}

/* The drain marker is known by its comm= in sclog's session, whatever its
 * pid= (inside a pid namespace fork() returns another number). */
static void test_marker_by_comm(void **state)
{
	static const char other_ses[] =
		"audit(1.0:1): auid=0 uid=0 gid=0 ses=6 pid=999 comm=\"sclogm0000abcd\" exe=\"/x\" "
		"sig=0 arch=c000003e syscall=110 compat=0 ip=0x1 code=0x7ffc0000";
	static const char other_comm[] =
		"audit(1.0:1): auid=0 uid=0 gid=0 ses=5 pid=999 comm=\"sclogm0000abce\" exe=\"/x\" "
		"sig=0 arch=c000003e syscall=110 compat=0 ip=0x1 code=0x7ffc0000";
	static const char marker[] =
		"audit(1.0:1): auid=0 uid=0 gid=0 ses=5 pid=999 comm=\"sclogm0000abcd\" exe=\"/x\" "
		"sig=0 arch=c000003e syscall=110 compat=0 ip=0x1 code=0x7ffc0000";
	struct sclog_pipeline pl;

	(void)state;
	assert_int_equal(sclog_pipeline_init(&pl, 7), 0);
	pl.marker_pid = 42; /* what fork() returned: not the record's pid */
	strcpy(pl.marker_comm, "sclogm0000abcd");
	pl.marker_ses = 5;
	feed(&pl, other_ses);
	feed(&pl, other_comm);
	assert_false(pl.marker_seen);
	feed(&pl, marker);
	assert_true(pl.marker_seen);
	sclog_pipeline_done(&pl);
}

static void test_pidset(void **state)
{
	struct sclog_pidset s = { 0 };

	(void)state;
	for (int32_t pid = 1; pid <= 10000; pid++)
		assert_int_equal(sclog_pidset_set(&s, pid * 7, 1), 0);
	assert_int_equal(s.size, 10000);
	assert_int_equal(sclog_pidset_set(&s, 7, 2), 0);
	assert_int_equal(sclog_pidset_get(&s, 7), 3);
	assert_int_equal(sclog_pidset_get(&s, 70000), 1);
	assert_int_equal(sclog_pidset_get(&s, 8), 0);
	assert_int_equal(sclog_pidset_set(&s, 0, 1), -EINVAL);
	sclog_pidset_done(&s);
	assert_int_equal(sclog_pidset_get(&s, 7), 0);
}

/* An audit_rule_data with fields and string values, as the kernel sends. */
static struct audit_rule_data *rule(uint32_t list, size_t n, const uint32_t *fields,
				    const uint32_t *ops, const uint32_t *values, const char *buf,
				    size_t *ret_len)
{
	size_t buflen = buf ? strlen(buf) : 0;
	struct audit_rule_data *r = calloc(1, sizeof(*r) + buflen);

	r->flags = list;
	r->action = AUDIT_ALWAYS;
	r->field_count = (uint32_t)n;
	for (size_t i = 0; i < n; i++) {
		r->fields[i] = fields[i];
		r->fieldflags[i] = ops[i];
		r->values[i] = values[i];
	}
	r->buflen = (uint32_t)buflen;
	if (buflen)
		memcpy(r->buf, buf, buflen);
	*ret_len = sizeof(*r) + buflen;
	return r;
}

static void test_exclude_rules(void **state)
{
	char text[512];
	size_t len;
	struct audit_rule_data *r;

	(void)state;
	/* -a always,exclude -F msgtype=SECCOMP -F exe=/t/x */
	r = rule(AUDIT_FILTER_EXCLUDE, 2, (uint32_t[]){ AUDIT_MSGTYPE, AUDIT_EXE },
		 (uint32_t[]){ AUDIT_EQUAL, AUDIT_EQUAL }, (uint32_t[]){ AUDIT_SECCOMP, 4 }, "/t/x",
		 &len);
	assert_int_equal(sclog_audit_rule_drops_seccomp(r, len, text, sizeof(text)), 1);
	assert_non_null(strstr(text, "exclude"));
	assert_non_null(strstr(text, "msgtype=SECCOMP"));
	assert_non_null(strstr(text, "exe=/t/x"));
	free(r);
	/* -F auid=0 alone (no msgtype): drops every record type, SECCOMP too. */
	r = rule(AUDIT_FILTER_EXCLUDE, 1, (uint32_t[]){ AUDIT_LOGINUID },
		 (uint32_t[]){ AUDIT_EQUAL }, (uint32_t[]){ 0 }, NULL, &len);
	assert_int_equal(sclog_audit_rule_drops_seccomp(r, len, text, sizeof(text)), 1);
	free(r);
	/* msgtype ranges: 1300..1399 holds 1326; != 1326 and another type do not. */
	r = rule(AUDIT_FILTER_EXCLUDE, 2, (uint32_t[]){ AUDIT_MSGTYPE, AUDIT_MSGTYPE },
		 (uint32_t[]){ AUDIT_GREATER_THAN_OR_EQUAL, AUDIT_LESS_THAN },
		 (uint32_t[]){ 1300, 1400 }, NULL, &len);
	assert_int_equal(sclog_audit_rule_drops_seccomp(r, len, text, sizeof(text)), 1);
	free(r);
	r = rule(AUDIT_FILTER_EXCLUDE, 1, (uint32_t[]){ AUDIT_MSGTYPE },
		 (uint32_t[]){ AUDIT_NOT_EQUAL }, (uint32_t[]){ AUDIT_SECCOMP }, NULL, &len);
	assert_int_equal(sclog_audit_rule_drops_seccomp(r, len, text, sizeof(text)), 0);
	free(r);
	r = rule(AUDIT_FILTER_EXCLUDE, 1, (uint32_t[]){ AUDIT_MSGTYPE },
		 (uint32_t[]){ AUDIT_EQUAL }, (uint32_t[]){ AUDIT_AVC }, NULL, &len);
	assert_int_equal(sclog_audit_rule_drops_seccomp(r, len, text, sizeof(text)), 0);
	free(r);
	/* A syscall-list rule is not an exclude rule. */
	r = rule(AUDIT_FILTER_EXIT, 1, (uint32_t[]){ AUDIT_LOGINUID }, (uint32_t[]){ AUDIT_EQUAL },
		 (uint32_t[]){ 0 }, NULL, &len);
	assert_int_equal(sclog_audit_rule_drops_seccomp(r, len, text, sizeof(text)), 0);
	free(r);
	/* A string value longer than the buffer, a short datagram: malformed. */
	r = rule(AUDIT_FILTER_EXCLUDE, 1, (uint32_t[]){ AUDIT_EXE }, (uint32_t[]){ AUDIT_EQUAL },
		 (uint32_t[]){ 99 }, "/x", &len);
	assert_int_equal(sclog_audit_rule_drops_seccomp(r, len, text, sizeof(text)), -EBADMSG);
	assert_int_equal(sclog_audit_rule_drops_seccomp(r, 10, text, sizeof(text)), -EBADMSG);
	free(r);
}

static int has(const struct sclog_problems *p, const char *needle)
{
	for (size_t i = 0; i < p->n; i++)
		if (strstr(p->list[i], needle))
			return 1;
	return 0;
}

/* Set condition @i of the table below on @a. */
static void set_condition(size_t i, struct sclog_account *a)
{
	static const pid_t exited[] = { 100, 101 };

	switch (i) {
	case 1:
		a->overflows = 3;
		break;
	case 2:
		a->records_lost = 5;
		break;
	case 3:
		a->lost_reset = 1;
		break;
	case 4:
		a->lost_unread = 1;
		break;
	case 5:
		a->truncated = 2;
		break;
	case 6:
		a->alloc_failures = 1;
		break;
	case 7:
		a->counters.alloc_failures = 1;
		break;
	case 8:
		a->counters.sessions_overflow = 1;
		break;
	case 9:
		a->drained = 0;
		break;
	case 10:
		a->abandoned = 1;
		break;
	case 11:
		a->exited = exited;
		a->n_exited = 2;
		a->exits_missing = 1;
		a->first_missing = 101;
		break;
	case 12:
		a->n_exclude_rules = 1;
		strcpy(a->exclude_rules[0], "-a always,exclude -F x");
		break;
	case 13:
		strcpy(a->settings_msg, "cannot list the rules");
		break;
	}
}

/* Every condition, alone, makes the run incomplete, in its own words. */
static void test_problems(void **state)
{
	static const char *const says[] = {
		NULL,
		"overflowed 3 times",
		"grew by 5",
		"reset or wrapped",
		"lost counter could not be read",
		"2 audit datagrams did not fit",
		"out of memory",
		"out of memory",
		"more than",
		"marker record did not arrive",
		"still running",
		"no exit record arrived for 1 of the 2",
		"-a always,exclude -F x",
		"cannot list the rules",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(says) / sizeof(says[0]); i++) {
		struct sclog_account a = { .drained = 1, .witnesses_checked = 1 };
		struct sclog_problems p = { 0 };

		set_condition(i, &a);
		sclog_account_problems(&a, &p);
		if (!says[i]) {
			assert_int_equal(p.n, 0);
			continue;
		}
		if (p.n != 1 || !has(&p, says[i]))
			fail_msg("case %zu: want one problem saying '%s', got %zu%s%s", i, says[i],
				 p.n, p.n ? ": " : "", p.n ? p.list[0] : "");
	}
	/* Unchecked witnesses (a policy allows exit unlogged) are no problem. */
	{
		struct sclog_account a = { .drained = 1, .exits_missing = 3 };
		struct sclog_problems p = { 0 };

		assert_int_equal(sclog_account_problems(&a, &p), 0);
	}
}

/*
 * Every problem, in the order the report lists them (the order is part of
 * its "problems"); in two runs, as at most SCLOG_PROBLEMS_MAX are kept.
 */
static void assert_problems(const struct sclog_account *a, const char *const *says, size_t n)
{
	struct sclog_problems p = { 0 };

	assert_int_equal(sclog_account_problems(a, &p), n);
	for (size_t i = 0; i < p.n; i++)
		if (!strstr(p.list[i], says[i]))
			fail_msg("problem %zu: want '%s', got '%s'", i, says[i], p.list[i]);
}

static void test_problems_order(void **state)
{
	static const char *const says_a[] = {
		"the audit rule 'r0'",
		"the audit rule 'r1'",
		"the audit rule 'r2'",
		"the audit rule 'r3'",
		"2 more audit exclude rules",
		"\"log\" was missing",
		"rate limit of 5 records",
		"settings changed (sclog watches",
		"no exit record arrived for 1 of the 2",
		"never sent its seccomp listener",
		"no execve was recorded",
		"could not track 2 new processes",
		"could not count 3 calls",
		"the notify collector failed",
		"marker record did not arrive",
		"lost counter could not be read",
	};
	static const char *const says_b[] = {
		"after it had counted 7 lost",
		"grew by 5",
		"overflowed 3 times",
		"2 audit datagrams did not fit",
		"out of memory: 3 records",
		"4 seccomp records could not be parsed",
		"more than",
		"for a seccomp listener of its own",
		"a signal interrupted 2 calls",
		"a signal interrupted 1 call after sclog received it",
		"/bin/su and others ran under no_new_privs",
		"more than 64 audit sessions",
		"still running",
	};
	pid_t exited[] = { 10, 11 };
	struct sclog_account a = {
		.lost_unread = 1,
		.status_msg = "lost counter could not be read",
		.rate_limit_set = 5,
		.unlogged = "kill_process",
		.exclude_added = 1,
		.drained = 0,
		.drain_timeout = 2,
		.read_error = -EIO,
		.collector = "notify",
		.no_listener = 1,
		.exec_expected = 1,
		.untracked = 2,
		.uncounted = 3,
		.exited = exited,
		.n_exited = 2,
		.witnesses_checked = 1,
		.exits_missing = 1,
		.first_missing = 10,
		.n_exclude_rules = 6,
		.settings_msg = "settings changed",
	};
	struct sclog_account b = {
		.counters = { .alloc_failures = 1,
			      .malformed = 3,
			      .bad_frames = 1,
			      .overflow = 1,
			      .sessions_overflow = 1 },
		.overflows = 3,
		.records_lost = 5,
		.lost_reset = 1,
		.lost_reset_old = 7,
		.truncated = 2,
		.alloc_failures = 2,
		.drained = 1,
		.abandoned = 1,
		.collector = "notify",
		.own_listener = 1,
		.setuid_lost = 2,
		.setuid_example = "/bin/su",
		.unreceived = 2,
		.interrupted_late = 1,
	};

	(void)state;
	for (size_t i = 0; i < 4; i++)
		snprintf(a.exclude_rules[i], sizeof(a.exclude_rules[i]), "r%zu", i);
	assert_problems(&a, says_a, sizeof(says_a) / sizeof(says_a[0]));
	assert_problems(&b, says_b, sizeof(says_b) / sizeof(says_b[0]));
}

/* --container: the cause the container layer knows replaces the generic
 * words, and the generic words stay without one. */
static void test_no_listener_cause(void **state)
{
	struct sclog_account a = { .drained = 1, .no_listener = 1 };
	struct sclog_problems p = { 0 };

	(void)state;
	sclog_account_problems(&a, &p);
	assert_int_equal(p.n, 1);
	assert_true(has(&p, "never sent its seccomp listener"));
	p = (struct sclog_problems){ 0 };
	a.no_listener_cause = "the daemon did not pass listenerPath on";
	sclog_account_problems(&a, &p);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.list[0], a.no_listener_cause);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_follow_by_pid),
		cmocka_unit_test(test_exits),
		cmocka_unit_test(test_follow_by_login),
		cmocka_unit_test(test_marker_by_comm),
		cmocka_unit_test(test_pidset),
		cmocka_unit_test(test_exclude_rules),
		cmocka_unit_test(test_problems),
		cmocka_unit_test(test_problems_order),
		cmocka_unit_test(test_no_listener_cause),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
