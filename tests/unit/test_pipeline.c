// SPDX-License-Identifier: GPL-2.0-only
/*
 * The pure pipeline: a replayed text log in every chunking, and netlink
 * datagrams, go in; one session's profile and the counters come out.
 */
#include <errno.h>
#include <linux/netlink.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sclog/records/pipeline.h"

#define ARCH_X86_64 0xc000003eu
#define ARCH_I386 0x40000003u
#define SES 7
#define MARKER_PID 4000

#define KLOG "audit: type=1326 audit(1795888670.875:3): "
#define BARE "audit(1795888670.875:3): "
#define TAIL " sig=0 arch=c000003e syscall="

/* ~25 lines in the three forms; the last one has no newline. */
static const char log_text[] =
	/* session 7 */
	"type=SECCOMP msg=audit(1795888670.875:1): auid=0 uid=0 gid=0 ses=7 pid=100 "
	"comm=\"true\" exe=\"/usr/bin/true\" sig=0 arch=c000003e syscall=12 compat=0 "
	"ip=0x7f394eda8c47 code=0x7ffc0000\n" KLOG
	"auid=0 uid=0 gid=0 ses=7 pid=101 comm=\"other\" exe=\"/usr/bin/other\"" TAIL
	"12 compat=0 ip=0x1 code=0x7ffc0000\n" BARE
	"auid=0 uid=0 gid=0 ses=7 pid=102 comm=6120622063 exe=2F746D702F61202262" TAIL
	"0 compat=0 ip=0x1 code=0x7ffc0000\n"
	"type=SYSCALL msg=audit(1795888670.875:4): arch=c000003e syscall=0 success=yes "
	"exit=0 a0=3 ppid=1 pid=100 auid=0 uid=0 ses=7 comm=\"true\" exe=\"/usr/bin/true\"\n"
	"type=SECCOMP msg=audit(1795888670.875:5): auid=0 uid=0 gid=0 ses=7 pid=100 "
	"comm=\"true\" exe=\"/usr/bin/true\"" TAIL "0 compat=0 ip=0x1 code=0x7ffc0000\n"
	"type=SECCOMP msg=audit(1795888670.875:6): auid=0 uid=0 gid=0 ses=7 pid=103 "
	"comm=\"kworker\" exe=(null)" TAIL "231 compat=0 ip=0x1 code=0x7ffc0000\n"
	"\n"
	"type=SECCOMP msg=audit(1795888670.875:7): auid=0 uid=0 gid=0 ses=7 pid=200 "
	"comm=\"a.out\" exe=\"/tmp/a.out\" sig=0 arch=40000003 syscall=252 compat=1 "
	"ip=0xf7f1c549 code=0x7ffc0000\n"
	/* session 9: counted, never added */
	"type=SECCOMP msg=audit(1795888670.875:8): auid=0 uid=0 gid=0 ses=9 pid=900 "
	"comm=\"foreign\" exe=\"/bin/foreign\"" TAIL "12 compat=0 ip=0x1 code=0x7ffc0000\n" KLOG
	"auid=0 uid=0 gid=0 ses=7 pid=201 comm=\"a.out\" exe=\"/tmp/a.out\" sig=0 "
	"arch=40000003 syscall=12 compat=1 ip=0x1 code=0x7ffc0000\n"
	"type=PROCTITLE msg=audit(1795888670.875:9): proctitle=2F62696E2F7368\n" BARE
	"auid=0 uid=0 gid=0 ses=7 pid=202 comm=\"a.out\" exe=\"/tmp/a.out\" sig=0 "
	"arch=40000003 syscall=252 compat=1 ip=0x1 code=0x7ffc0000\n" KLOG
	"auid=0 uid=0 gid=0 ses=9 pid=901 comm=\"foreign\" exe=\"/bin/foreign\"" TAIL
	"39 compat=0 ip=0x1 code=0x7ffc0000\n"
	"type=SECCOMP msg=audit(1795888670.875:10): auid=0 uid=0 gid=0 ses=7 pid=104 "
	"comm=\"loop\" exe=\"/bin/loop\"" TAIL "1 compat=0 ip=0x1 code=0x7ffc0000\n" KLOG
	"auid=0 uid=0 gid=0 ses=7 pid=104 comm=\"loop\" exe=\"/bin/loop\"" TAIL
	"1 compat=0 ip=0x1 code=0x7ffc0000\n"
	/* malformed: no pid= */
	"type=SECCOMP msg=audit(1795888670.875:11): auid=0 uid=0 gid=0 ses=7 "
	"comm=\"nopid\" exe=\"/bin/nopid\"" TAIL "5 compat=0 ip=0x1 code=0x7ffc0000\n" BARE
	"auid=0 uid=0 gid=0 ses=7 pid=104 comm=\"loop\" exe=\"/bin/loop\"" TAIL
	"1 compat=0 ip=0x1 code=0x7ffc0000\n"
	"audit: type=1300 audit(1795888670.875:12): arch=c000003e syscall=1 success=yes "
	"exit=1 pid=104 ses=7\n"
	/* the end-of-run marker: its pid, in the session, not counted */
	"type=SECCOMP msg=audit(1795888670.875:13): auid=0 uid=0 gid=0 ses=7 pid=4000 "
	"comm=\"sclog\" exe=\"/usr/bin/sclog\"" TAIL "39 compat=0 ip=0x1 code=0x7ffc0000\n"
	"type=SECCOMP msg=audit(1795888670.875:14): auid=0 uid=0 gid=0 ses=9 pid=902 "
	"comm=\"foreign\" exe=\"/bin/foreign\" sig=0 arch=40000003 syscall=1 compat=1 "
	"ip=0x1 code=0x7ffc0000\n"
	/* malformed: pid not a number */
	BARE "auid=0 uid=0 gid=0 ses=7 pid=abc comm=\"bad\" exe=\"/bin/bad\"" TAIL
	"2 compat=0 ip=0x1 code=0x7ffc0000\n"
	"type=SECCOMP msg=audit(1795888670.875:15): auid=0 uid=0 gid=0 ses=7 "
	"subj=unconfined pid=105 comm=\"sh\" exe=\"/bin/sh\"" TAIL "60 compat=0 ip=0x1 "
	"code=0x7ffc0000\n"
	"type=EOE msg=audit(1795888670.875:15): \n" BARE
	"auid=0 uid=0 gid=0 ses=7 pid=106 comm=\"last\" exe=\"/bin/last\"" TAIL
	"3 compat=0 ip=0x1 code=0x7ffc0000";

struct want_syscall {
	uint32_t arch;
	int64_t nr;
	uint64_t count;
	int32_t first_pid;
	const char *comm;
	const char *exe;
};

/* Sorted by arch, then nr, as sclog_profile_sorted() returns them. */
static const struct want_syscall want_log[] = {
	{ ARCH_I386, 12, 1, 201, "a.out", "/tmp/a.out" },
	{ ARCH_I386, 252, 2, 200, "a.out", "/tmp/a.out" },
	{ ARCH_X86_64, 0, 2, 102, "a b c", "/tmp/a \"b" },
	{ ARCH_X86_64, 1, 3, 104, "loop", "/bin/loop" },
	{ ARCH_X86_64, 3, 1, 106, "last", "/bin/last" },
	{ ARCH_X86_64, 12, 2, 100, "true", "/usr/bin/true" },
	{ ARCH_X86_64, 60, 1, 105, "sh", "/bin/sh" },
	{ ARCH_X86_64, 231, 1, 103, "kworker", "(null)" },
};

static const struct sclog_counters want_log_counters = {
	.records = 13,
	.foreign = 3,
	.other_types = 4,
	.malformed = 2,
};

static void assert_profile(const struct sclog_pipeline *pl, const struct want_syscall *want,
			   size_t n_want)
{
	const struct sclog_syscall **v = NULL;
	long n = sclog_profile_sorted(pl->profile, &v);

	assert_int_equal(n, (long)n_want);
	for (size_t i = 0; i < n_want; i++) {
		assert_int_equal(v[i]->arch, want[i].arch);
		assert_int_equal(v[i]->nr, want[i].nr);
		assert_int_equal(v[i]->count, want[i].count);
		assert_int_equal(v[i]->first_pid, want[i].first_pid);
		assert_non_null(v[i]->comm);
		assert_int_equal(v[i]->comm_len, strlen(want[i].comm));
		assert_memory_equal(v[i]->comm, want[i].comm, v[i]->comm_len);
		assert_non_null(v[i]->exe);
		assert_int_equal(v[i]->exe_len, strlen(want[i].exe));
		assert_memory_equal(v[i]->exe, want[i].exe, v[i]->exe_len);
	}
	free(v);
}

static void assert_counters(const struct sclog_counters *got, const struct sclog_counters *want)
{
	assert_int_equal(got->records, want->records);
	assert_int_equal(got->foreign, want->foreign);
	assert_int_equal(got->other_types, want->other_types);
	assert_int_equal(got->malformed, want->malformed);
	assert_int_equal(got->bad_frames, want->bad_frames);
	assert_int_equal(got->overflow, want->overflow);
}

/* Feed @text in chunks of @chunk bytes, then the end of input. */
static void feed_text(struct sclog_pipeline *pl, const char *text, size_t len, size_t chunk)
{
	for (size_t off = 0; off < len; off += chunk) {
		size_t n = len - off < chunk ? len - off : chunk;
		/* Exact-size copy: ASan sees any read past the chunk. */
		char *c = malloc(n);

		assert_non_null(c);
		memcpy(c, text + off, n);
		assert_int_equal(sclog_pipeline_text(pl, c, n), 0);
		free(c);
	}
	assert_int_equal(sclog_pipeline_text(pl, NULL, 0), 0);
}

static void test_text_every_chunking(void **state)
{
	const size_t len = sizeof(log_text) - 1;

	(void)state;
	for (size_t chunk = 1; chunk <= len; chunk++) {
		struct sclog_pipeline pl;

		assert_int_equal(sclog_pipeline_init(&pl, SES), 0);
		pl.marker_pid = MARKER_PID;
		feed_text(&pl, log_text, len, chunk);
		assert_profile(&pl, want_log, sizeof(want_log) / sizeof(want_log[0]));
		assert_counters(&pl.counters, &want_log_counters);
		assert_true(pl.marker_seen);
		assert_true(sclog_pipeline_damaged(&pl));
		sclog_pipeline_done(&pl);
	}
}

static void test_text_foreign_and_marker(void **state)
{
	struct sclog_pipeline pl;

	(void)state;
	/* The same log seen from session 9 without a marker: 3 records, and
	 * the marker pid is just another session-7 record. */
	assert_int_equal(sclog_pipeline_init(&pl, 9), 0);
	feed_text(&pl, log_text, sizeof(log_text) - 1, 4096);
	assert_int_equal(pl.counters.records, 3);
	assert_int_equal(pl.counters.foreign, 14);
	assert_false(pl.marker_seen);
	assert_non_null(sclog_profile_get(pl.profile, ARCH_X86_64, 12));
	assert_non_null(sclog_profile_get(pl.profile, ARCH_X86_64, 39));
	assert_non_null(sclog_profile_get(pl.profile, ARCH_I386, 1));
	assert_null(sclog_profile_get(pl.profile, ARCH_X86_64, 0));
	assert_int_equal(sclog_profile_get(pl.profile, ARCH_X86_64, 12)->first_pid, 900);
	sclog_pipeline_done(&pl);
}

static void test_text_clean_not_damaged(void **state)
{
	static const char text[] =
		"type=SECCOMP msg=audit(1.000:1): auid=0 uid=0 gid=0 ses=7 pid=1 "
		"comm=\"a\" exe=\"/a\"" TAIL "12 compat=0 ip=0x1 code=0x7ffc0000\n"
		"type=SYSCALL msg=audit(1.000:2): arch=c000003e syscall=1 pid=1 ses=7\n"
		"\n\n";
	struct sclog_pipeline pl;

	(void)state;
	assert_int_equal(sclog_pipeline_init(&pl, SES), 0);
	feed_text(&pl, text, sizeof(text) - 1, 7);
	assert_int_equal(pl.counters.records, 1);
	assert_int_equal(pl.counters.other_types, 1);
	assert_false(sclog_pipeline_damaged(&pl));
	sclog_pipeline_done(&pl);
}

static void test_text_overlong_line(void **state)
{
	const size_t big = SCLOG_LINE_MAX + 100;
	static const char good[] = BARE "ses=7 pid=1 arch=c000003e syscall=5 code=0x7ffc0000\n";
	static const char head[] = "ses=7 pid=1 arch=c000003e syscall=4 pad=";
	char *text = malloc(big + sizeof(good));
	struct sclog_pipeline pl;

	(void)state;
	assert_non_null(text);
	/* A seccomp record padded past the line limit, then a good one. */
	memset(text, 'x', big);
	memcpy(text, head, sizeof(head) - 1);
	text[big - 1] = '\n';
	memcpy(text + big, good, sizeof(good));
	assert_int_equal(sclog_pipeline_init(&pl, SES), 0);
	feed_text(&pl, text, big + sizeof(good) - 1, 1000);
	assert_int_equal(pl.counters.records, 1);
	assert_non_null(sclog_profile_get(pl.profile, ARCH_X86_64, 5));
	assert_null(sclog_profile_get(pl.profile, ARCH_X86_64, 4));
	assert_int_equal(pl.counters.malformed, 1);
	assert_true(sclog_pipeline_damaged(&pl));
	sclog_pipeline_done(&pl);
	free(text);
}

static void test_overflow(void **state)
{
	struct sclog_pipeline pl;
	char rec[128];
	int n;

	(void)state;
	assert_int_equal(sclog_pipeline_init(&pl, SES), 0);
	for (int i = 0; i <= SCLOG_PROFILE_MAX; i++) {
		n = snprintf(rec, sizeof(rec),
			     "ses=7 pid=1 arch=c000003e syscall=%d code=0x7ffc0000", i);
		assert_int_equal(sclog_pipeline_record(&pl, rec, (size_t)n), 0);
	}
	assert_int_equal(pl.counters.records, SCLOG_PROFILE_MAX);
	assert_int_equal(pl.counters.overflow, 1);
	assert_true(sclog_pipeline_damaged(&pl));
	/* Known syscalls are still counted. */
	n = snprintf(rec, sizeof(rec), "ses=7 pid=1 arch=c000003e syscall=0 code=0x7ffc0000");
	assert_int_equal(sclog_pipeline_record(&pl, rec, (size_t)n), 0);
	assert_int_equal(sclog_profile_get(pl.profile, ARCH_X86_64, 0)->count, 2);
	sclog_pipeline_done(&pl);
}

/* ---- netlink datagrams ---- */

#define AUDIT_SYSCALL_TYPE 1300
#define AUDIT_SECCOMP_TYPE 1326
#define AUDIT_EOE_TYPE 1320

struct dgram {
	_Alignas(struct nlmsghdr) unsigned char buf[8192];
	size_t len;
};

static void add_msg(struct dgram *d, uint16_t type, const char *payload, size_t plen)
{
	struct nlmsghdr *h = (struct nlmsghdr *)(d->buf + d->len);

	assert_true(d->len + NLMSG_SPACE(plen) <= sizeof(d->buf));
	memset(h, 0, NLMSG_SPACE(plen));
	h->nlmsg_len = (uint32_t)NLMSG_LENGTH(plen);
	h->nlmsg_type = type;
	memcpy(NLMSG_DATA(h), payload, plen);
	d->len += NLMSG_SPACE(plen);
}

static void add_str(struct dgram *d, uint16_t type, const char *s)
{
	add_msg(d, type, s, strlen(s));
}

#define NL_REC(ses, pid, nr)                                                                       \
	"audit(1795888670.875:3): auid=0 uid=0 gid=0 ses=" #ses " pid=" #pid                       \
	" comm=\"true\" exe=\"/usr/bin/true\" sig=0 arch=c000003e syscall=" #nr                    \
	" compat=0 ip=0x7f394eda8c47 code=0x7ffc0000"

static void test_datagrams(void **state)
{
	struct sclog_pipeline pl;
	struct dgram d = { .len = 0 };
	static const char with_nul[] = NL_REC(7, 11, 12); /* sizeof keeps the NUL */

	(void)state;
	assert_int_equal(sclog_pipeline_init(&pl, SES), 0);
	pl.marker_pid = MARKER_PID;

	/* Several messages in one datagram. */
	add_str(&d, AUDIT_SECCOMP_TYPE, NL_REC(7, 10, 12));
	add_msg(&d, AUDIT_SECCOMP_TYPE, with_nul, sizeof(with_nul));
	add_str(&d, AUDIT_SECCOMP_TYPE, NL_REC(9, 900, 39));
	add_str(&d, AUDIT_SYSCALL_TYPE, "audit(1.0:1): arch=c000003e syscall=12 pid=10 ses=7");
	add_str(&d, AUDIT_SECCOMP_TYPE, NL_REC(7, 10, 0));
	add_str(&d, AUDIT_EOE_TYPE, "audit(1.0:1): ");
	assert_int_equal(sclog_pipeline_datagram(&pl, d.buf, d.len), 0);
	assert_int_equal(pl.counters.records, 3);
	assert_int_equal(pl.counters.foreign, 1);
	assert_int_equal(pl.counters.other_types, 2);
	assert_false(pl.marker_seen);
	assert_false(sclog_pipeline_damaged(&pl));
	assert_int_equal(sclog_profile_get(pl.profile, ARCH_X86_64, 12)->count, 2);
	assert_int_equal(sclog_profile_get(pl.profile, ARCH_X86_64, 12)->first_pid, 10);
	assert_int_equal(sclog_profile_get(pl.profile, ARCH_X86_64, 0)->count, 1);
	assert_null(sclog_profile_get(pl.profile, ARCH_X86_64, 39));

	/* The marker. */
	d.len = 0;
	add_str(&d, AUDIT_SECCOMP_TYPE, NL_REC(7, 4000, 39));
	assert_int_equal(sclog_pipeline_datagram(&pl, d.buf, d.len), 0);
	assert_true(pl.marker_seen);
	assert_null(sclog_profile_get(pl.profile, ARCH_X86_64, 39));
	assert_int_equal(pl.counters.records, 3);

	/* A malformed record inside a well-formed datagram. */
	d.len = 0;
	add_str(&d, AUDIT_SECCOMP_TYPE, "audit(1.0:1): ses=7 pid=10 syscall=1");
	assert_int_equal(sclog_pipeline_datagram(&pl, d.buf, d.len), 0);
	assert_int_equal(pl.counters.malformed, 1);
	assert_int_equal(pl.counters.bad_frames, 0);
	assert_true(sclog_pipeline_damaged(&pl));
	sclog_pipeline_done(&pl);
}

static void test_datagram_bad_frame(void **state)
{
	struct sclog_pipeline pl;
	struct dgram d = { .len = 0 };
	struct nlmsghdr *second;

	(void)state;
	assert_int_equal(sclog_pipeline_init(&pl, SES), 0);
	add_str(&d, AUDIT_SECCOMP_TYPE, NL_REC(7, 10, 12));
	second = (struct nlmsghdr *)(d.buf + d.len);
	add_str(&d, AUDIT_SECCOMP_TYPE, NL_REC(7, 10, 13));
	second->nlmsg_len += 64; /* runs past the datagram */
	assert_int_equal(sclog_pipeline_datagram(&pl, d.buf, d.len), 0);
	assert_int_equal(pl.counters.bad_frames, 1);
	assert_true(sclog_pipeline_damaged(&pl));
	/* The message before the bad header was counted, the bad one not. */
	assert_int_equal(pl.counters.records, 1);
	assert_non_null(sclog_profile_get(pl.profile, ARCH_X86_64, 12));
	assert_null(sclog_profile_get(pl.profile, ARCH_X86_64, 13));

	/* A datagram shorter than a header. */
	assert_int_equal(sclog_pipeline_datagram(&pl, d.buf, 10), 0);
	assert_int_equal(pl.counters.bad_frames, 2);
	/* nlmsg_len below the header size. */
	d.len = 0;
	add_str(&d, AUDIT_SECCOMP_TYPE, NL_REC(7, 10, 14));
	((struct nlmsghdr *)d.buf)->nlmsg_len = 4;
	assert_int_equal(sclog_pipeline_datagram(&pl, d.buf, d.len), 0);
	assert_int_equal(pl.counters.bad_frames, 3);
	assert_null(sclog_profile_get(pl.profile, ARCH_X86_64, 14));
	sclog_pipeline_done(&pl);
}

static void test_datagram_other_types_only(void **state)
{
	struct sclog_pipeline pl;
	struct dgram d = { .len = 0 };

	(void)state;
	assert_int_equal(sclog_pipeline_init(&pl, SES), 0);
	add_str(&d, AUDIT_SYSCALL_TYPE, NL_REC(7, 10, 12)); /* same text, wrong type */
	assert_int_equal(sclog_pipeline_datagram(&pl, d.buf, d.len), 0);
	assert_int_equal(pl.counters.other_types, 1);
	assert_int_equal(pl.counters.records, 0);
	assert_null(sclog_profile_get(pl.profile, ARCH_X86_64, 12));
	assert_false(sclog_pipeline_damaged(&pl));
	sclog_pipeline_done(&pl);
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint32_t rng(void)
{
	/* xorshift64*: deterministic, so a failure replays. */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 0x2545f4914f6cdd1dULL) >> 32);
}

/*
 * Damaged input never crashes and never stops the pipeline: valid records
 * and datagrams with random bytes overwritten, random lengths and random
 * nlmsg_len values (run under SCLOG_SANITIZE=ON to catch stray reads).
 */
static void test_damaged_input(void **state)
{
	static const char rec[] = NL_REC(7, 10, 12);
	struct sclog_pipeline pl;

	(void)state;
	assert_int_equal(sclog_pipeline_init(&pl, SES), 0);
	for (int iter = 0; iter < 3000; iter++) {
		struct dgram d = { .len = 0 };
		size_t len;
		char *copy;

		add_str(&d, AUDIT_SECCOMP_TYPE, rec);
		add_str(&d, (uint16_t)(rng() % 2 ? AUDIT_SECCOMP_TYPE : rng()), rec);
		for (uint32_t k = rng() % 6; k > 0; k--)
			d.buf[rng() % d.len] = (unsigned char)rng();
		if (rng() % 4 == 0)
			((struct nlmsghdr *)d.buf)->nlmsg_len = rng() % (uint32_t)(d.len + 32);
		len = rng() % 3 ? d.len : rng() % (d.len + 1);
		/* Exact-size copy so a read past @len is caught. */
		copy = malloc(len ? len : 1);
		assert_non_null(copy);
		memcpy(copy, d.buf, len);
		assert_int_equal(sclog_pipeline_datagram(&pl, copy, len), 0);
		assert_int_equal(sclog_pipeline_text(&pl, copy, len), 0);
		free(copy);
	}
	assert_int_equal(sclog_pipeline_text(&pl, NULL, 0), 0);
	/* Some records survived their damage, some did not. */
	assert_true(pl.counters.records > 0);
	assert_true(sclog_pipeline_damaged(&pl));
	sclog_pipeline_done(&pl);
}

/* A pipeline in @state, freed even when an assertion fails. */
static int pl_setup(void **state)
{
	struct sclog_pipeline *pl = calloc(1, sizeof(*pl));

	if (!pl || sclog_pipeline_init(pl, SES) < 0)
		return -1;
	*state = pl;
	return 0;
}

static int pl_teardown(void **state)
{
	sclog_pipeline_done(*state);
	free(*state);
	return 0;
}

/*
 * Regression (fixed in db2c421): the line type was taken from the first
 * "type=" anywhere in the line, so a bare record payload whose comm= (chosen
 * by the profiled program, e.g. with prctl(PR_SET_NAME)) or exe= contained
 * "type=" was counted as another message type and silently left out.
 */
static void test_bare_payload_comm_with_type(void **state)
{
	static const char text[] =
		BARE "auid=0 uid=0 gid=0 ses=7 pid=10 comm=\"type=x\" exe=\"/bin/x\"" TAIL
		     "12 compat=0 ip=0x1 code=0x7ffc0000\n" BARE
		     "auid=0 uid=0 gid=0 ses=7 pid=10 comm=\"x\" exe=\"/tmp/type=SYSCALL\"" TAIL
		     "13 compat=0 ip=0x1 code=0x7ffc0000\n";
	struct sclog_pipeline *pl = *state;

	feed_text(pl, text, sizeof(text) - 1, sizeof(text));
	assert_int_equal(pl->counters.other_types, 0);
	assert_int_equal(pl->counters.records, 2);
	assert_non_null(sclog_profile_get(pl->profile, ARCH_X86_64, 12));
	assert_non_null(sclog_profile_get(pl->profile, ARCH_X86_64, 13));
}

/*
 * Regression (fixed in db2c421): auditd's log_format = ENRICHED appends
 * AUDIT_INTERP_SEPARATOR (0x1d) and interpreted fields (AUID="root" ...
 * ARCH=x86_64 SYSCALL=brk) to every audit.log line; code= used to read
 * "0x7ffc0000\x1dAUID=..." and every record of such a log was malformed.
 */
static void test_enriched_audit_log(void **state)
{
	static const char text[] =
		"type=SECCOMP msg=audit(1795888670.875:3): auid=0 uid=0 gid=0 ses=7 "
		"pid=2492 comm=\"true\" exe=\"/usr/bin/true\" sig=0 arch=c000003e "
		"syscall=12 compat=0 ip=0x7f394eda8c47 code=0x7ffc0000\x1d"
		"AUID=\"root\" UID=\"root\" GID=\"root\" ARCH=x86_64 SYSCALL=brk\n";
	struct sclog_pipeline *pl = *state;

	feed_text(pl, text, sizeof(text) - 1, sizeof(text));
	assert_int_equal(pl->counters.malformed, 0);
	assert_int_equal(pl->counters.records, 1);
	assert_non_null(sclog_profile_get(pl->profile, ARCH_X86_64, 12));
}

/*
 * Regression (fixed in db2c421): pipeline.h promises that lines of a kernel
 * log that are not seccomp records are skipped, but every ordinary kernel
 * message of a replayed dmesg used to count as malformed and mark the
 * profile damaged.
 */
static void test_kernel_log_other_lines(void **state)
{
	static const char text[] =
		"[    0.000000] Linux version 6.1.0-18-amd64 (debian-kernel@lists.debian.org)\n"
		"[    2.345678] usb 1-1: new high-speed USB device number 2 using xhci_hcd\n"
		"[   12.345678] audit: type=1326 audit(1795888670.875:3): auid=0 uid=0 gid=0 "
		"ses=7 pid=77 comm=\"cat\" exe=\"/usr/bin/cat\"" TAIL "257 compat=0 "
		"ip=0x1 code=0x7ffc0000\n"
		"[   13.000000] EXT4-fs (sda1): re-mounted. Quota mode: none.\n";
	struct sclog_pipeline *pl = *state;

	feed_text(pl, text, sizeof(text) - 1, sizeof(text));
	assert_int_equal(pl->counters.records, 1);
	assert_int_equal(pl->counters.malformed, 0);
	assert_false(sclog_pipeline_damaged(pl));
}

/* What on_call was told, for test_own_filter_calls. */
struct call_log {
	int n;
	int kind[8], pid[8], moved[8];
	uint32_t ses[8];
	char exe[8][64];
};

static int log_call(void *userdata, int kind, int32_t pid, uint32_t ses, int moved,
		    const char *comm, const char *exe)
{
	struct call_log *l = userdata;

	(void)comm;
	assert_true(l->n < 8);
	l->kind[l->n] = kind;
	l->pid[l->n] = pid;
	l->ses[l->n] = ses;
	l->moved[l->n] = moved;
	snprintf(l->exe[l->n], sizeof(l->exe[0]), "%s", exe);
	l->n++;
	return kind != 0; /* watch every caller */
}

#define OWN(pid, ses, nr)                                                                          \
	BARE "auid=0 uid=0 gid=0 ses=" #ses " pid=" #pid                                           \
	     " comm=\"p\" exe=2F746D702F61202262" TAIL #nr " compat=0 ip=0x1 code=0x7ffc0000\n"

/*
 * The tree's seccomp() (317) and prctl() (157) calls reach on_call, and so
 * does the next record of each caller, once; a process that moved into a
 * session of its own is said to have; with uncounted_seccomp, seccomp()
 * is not counted.
 */
static void test_own_filter_calls(void **state)
{
	static const char text[] = OWN(300, 7, 157) OWN(300, 7, 0) OWN(300, 7, 0) OWN(301, 7, 39)
		OWN(301, 8, 3) OWN(301, 8, 317) OWN(301, 8, 1) OWN(302, 9, 317);
	struct sclog_pipeline *pl = *state;
	struct call_log l = { 0 };

	pl->follow = 1;
	pl->uncounted_seccomp = 1;
	pl->on_call = log_call;
	pl->on_call_data = &l;
	feed_text(pl, text, sizeof(text) - 1, 7);
	assert_int_equal(l.n, 4);
	assert_int_equal(l.kind[0], 2);
	assert_int_equal(l.pid[0], 300);
	assert_int_equal(l.kind[1], 0); /* its next record, and only that */
	assert_int_equal(l.pid[1], 300);
	assert_int_equal(l.kind[2], 1);
	assert_int_equal(l.pid[2], 301);
	assert_int_equal(l.ses[2], 8);
	assert_true(l.moved[2]);
	assert_false(l.moved[0]);
	assert_string_equal(l.exe[2], "/tmp/a \"b");
	assert_int_equal(l.kind[3], 0);
	assert_int_equal(l.pid[3], 301);
	/* 302, of another session, is foreign: no call. */
	assert_null(sclog_profile_get(pl->profile, ARCH_X86_64, 317));
	assert_non_null(sclog_profile_get(pl->profile, ARCH_X86_64, 157));
	assert_int_equal(pl->counters.records, 6);
}

/* The headers' serial and time reach the profile only in an ordered run
 * (--phase-at); otherwise they are not even read. */
static void test_text_ordered_only_when_asked(void **state)
{
	const struct sclog_syscall *s;
	struct sclog_pipeline pl;

	(void)state;
	for (int ordered = 0; ordered <= 1; ordered++) {
		assert_int_equal(sclog_pipeline_init(&pl, SES), 0);
		pl.marker_pid = MARKER_PID;
		pl.ordered = ordered;
		feed_text(&pl, log_text, sizeof(log_text) - 1, 4096);
		assert_profile(&pl, want_log, sizeof(want_log) / sizeof(want_log[0]));
		s = sclog_profile_get(pl.profile, ARCH_X86_64, 12);
		assert_non_null(s);
		assert_int_equal(s->stamped, ordered);
		if (ordered) {
			assert_int_equal(s->first_serial, 1);
			assert_int_equal(s->last_serial, 3);
			assert_int_equal(s->first_ms, 1795888670875ULL);
			assert_int_equal(s->last_ms, 1795888670875ULL);
			s = sclog_profile_get(pl.profile, ARCH_X86_64, 1);
			assert_int_equal(s->first_serial, 3);
			assert_int_equal(s->last_serial, 10);
		}
		sclog_pipeline_done(&pl);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_every_chunking),
		cmocka_unit_test(test_text_foreign_and_marker),
		cmocka_unit_test(test_text_ordered_only_when_asked),
		cmocka_unit_test(test_text_clean_not_damaged),
		cmocka_unit_test(test_text_overlong_line),
		cmocka_unit_test(test_overflow),
		cmocka_unit_test(test_datagrams),
		cmocka_unit_test(test_datagram_bad_frame),
		cmocka_unit_test(test_datagram_other_types_only),
		cmocka_unit_test(test_damaged_input),
		cmocka_unit_test_setup_teardown(test_bare_payload_comm_with_type, pl_setup,
						pl_teardown),
		cmocka_unit_test_setup_teardown(test_enriched_audit_log, pl_setup, pl_teardown),
		cmocka_unit_test_setup_teardown(test_kernel_log_other_lines, pl_setup, pl_teardown),
		cmocka_unit_test_setup_teardown(test_own_filter_calls, pl_setup, pl_teardown),
	};

	return cmocka_run_group_tests_name("pipeline", tests, NULL, NULL);
}
