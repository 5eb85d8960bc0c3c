// SPDX-License-Identifier: GPL-2.0-only
/* --phase-at: the boundary's parser, the READY=1 line, the NOTIFY_SOCKET. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <seccomp.h>

#include "sclog/basic/strv.h"
#include "sclog/basic/user.h"
#include "sclog/run/phase.h"

static void test_parse(void **state)
{
	static const struct {
		const char *arg;
		enum sclog_phase_kind kind;
		uint64_t ms;
	} good[] = {
		{ "ready", SCLOG_PHASE_READY, 0 },	    { "0", SCLOG_PHASE_SECONDS, 0 },
		{ "2", SCLOG_PHASE_SECONDS, 2000 },	    { "2.5", SCLOG_PHASE_SECONDS, 2500 },
		{ "0.125", SCLOG_PHASE_SECONDS, 125 },	    { "10.05", SCLOG_PHASE_SECONDS, 10050 },
		{ "86400", SCLOG_PHASE_SECONDS, 86400000 },
	};
	struct sclog_phase ph;

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		struct sclog_error err = { 0 };

		assert_int_equal(sclog_phase_parse(good[i].arg, &ph, &err), 0);
		assert_int_equal(ph.kind, good[i].kind);
		assert_int_equal(ph.ms, good[i].ms);
		assert_ptr_equal(ph.at, good[i].arg);
	}
	assert_int_equal(sclog_phase_parse("accept4", &ph, NULL), 0);
	assert_int_equal(ph.kind, SCLOG_PHASE_SYSCALL);
	assert_string_equal(ph.name, "accept4");
	assert_int_equal(ph.nr, seccomp_syscall_resolve_name("accept4"));
	assert_string_equal(sclog_phase_kind_name(ph.kind), "syscall");
}

static void test_parse_refused(void **state)
{
	static const char *const bad[] = {
		"",	  "Ready",    "no_such_call", "2.",	   ".5",    "2.5s",
		"1.0001", "-1",	      "1e3",	      "86400.001", "86401", "99999999999999999999",
		"2 ",	  "accept4 ",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct sclog_error err = { 0 };
		struct sclog_phase ph = { .kind = SCLOG_PHASE_NONE };

		assert_int_equal(sclog_phase_parse(bad[i], &ph, &err), -EINVAL);
		assert_int_equal(ph.kind, SCLOG_PHASE_NONE); /* untouched */
		assert_non_null(strstr(err.msg, "--phase-at"));
	}
	/* The message says what is accepted. */
	struct sclog_error err = { 0 };
	struct sclog_phase ph;

	sclog_phase_parse("no_such_call", &ph, &err);
	assert_non_null(strstr(err.msg, "\"ready\""));
	assert_non_null(strstr(err.msg, "syscall name"));
}

static void test_ready_in(void **state)
{
	static const struct {
		const char *buf;
		int want;
	} cases[] = {
		{ "READY=1", 1 },
		{ "READY=1\n", 1 },
		{ "STATUS=starting\nREADY=1\nMAINPID=4", 1 },
		{ "MAINPID=4\nREADY=1", 1 },
		{ "READY=0", 0 },
		{ "READY=10", 0 },
		{ "XREADY=1", 0 },
		{ "STATUS=READY=1", 0 },
		{ "", 0 },
		{ "\n\n", 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(sclog_phase_ready_in(cases[i].buf, strlen(cases[i].buf)),
				 cases[i].want);
	/* Length-bounded: READY=1 beyond @len is not seen. */
	assert_int_equal(sclog_phase_ready_in("READY=1", 6), 0);
}

static void send_to(const char *path, const char *msg)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_DGRAM, 0);

	assert_true(fd >= 0);
	strcpy(sa.sun_path, path);
	assert_int_equal(sendto(fd, msg, strlen(msg), 0, (struct sockaddr *)&sa, sizeof(sa)),
			 (ssize_t)strlen(msg));
	close(fd);
}

static void test_ready_socket(void **state)
{
	char dir[] = "/tmp/test_phase.XXXXXX", *path = NULL;
	struct stat st;
	int fd;

	(void)state;
	assert_non_null(mkdtemp(dir));
	fd = sclog_phase_ready_open(dir, &path);
	assert_true(fd >= 0);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISSOCK(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0666);

	assert_int_equal(sclog_phase_ready_read(fd), 0); /* nothing waiting */
	send_to(path, "STATUS=loading");
	assert_int_equal(sclog_phase_ready_read(fd), 0);
	send_to(path, "STATUS=up");
	send_to(path, "READY=1\nSTATUS=serving");
	send_to(path, "WATCHDOG=1");
	assert_int_equal(sclog_phase_ready_read(fd), 1); /* all three read */
	assert_int_equal(sclog_phase_ready_read(fd), 0);

	/* The time is the sender's (SO_TIMESTAMP), not the late reader's. */
	struct timespec ts;
	uint64_t sent, at = 0;
	pid_t sender = 0;

	clock_gettime(CLOCK_REALTIME, &ts);
	sent = (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
	send_to(path, "READY=1");
	nanosleep(&(struct timespec){ .tv_nsec = 300000000 }, NULL);
	assert_int_equal(sclog_phase_ready_read_at(fd, &at, &sender), 1);
	assert_true(at >= sent && at < sent + 250);
	assert_int_equal(sender, getpid()); /* SCM_CREDENTIALS: the thread group */

	close(fd);
	unlink(path);
	free(path);
	/* A directory too long for sun_path is refused, not truncated. */
	char longdir[200];

	memset(longdir, 'd', sizeof(longdir) - 1);
	longdir[0] = '/';
	longdir[sizeof(longdir) - 1] = '\0';
	path = NULL;
	assert_int_equal(sclog_phase_ready_open(longdir, &path), -ENAMETOOLONG);
	assert_null(path);
	rmdir(dir);
}

/* A profile of (native) syscalls by name, stamped: first/last serial and ms. */
static struct sclog_profile *stamped(const char *const *names, const uint64_t (*st)[4], size_t n)
{
	struct sclog_profile *p = sclog_profile_new();
	uint32_t arch = seccomp_arch_native();

	assert_non_null(p);
	for (size_t i = 0; i < n; i++) {
		int nr = seccomp_syscall_resolve_name(names[i]);

		assert_int_equal(sclog_profile_add_count(p, arch, nr, 1), 0);
		if (st[i][0]) {
			sclog_profile_stamp(p, arch, nr, st[i][0], st[i][2]);
			sclog_profile_stamp(p, arch, nr, st[i][1], st[i][3]);
		}
	}
	return p;
}

static int holds(const struct sclog_profile *p, const char *name)
{
	return sclog_profile_get(p, seccomp_arch_native(), seccomp_syscall_resolve_name(name)) !=
	       NULL;
}

static void test_split(void **state)
{
	/* serials first, last; ms first, last.  accept4 once, at serial 40,
	 * 1000 ms; write's last record comes out of serial order (30 after
	 * 50 is fine: only the extremes count). */
	static const char *const names[] = {
		"socket", "bind", "accept4", "write", "read", "close"
	};
	static const uint64_t st[][4] = {
		{ 1, 1, 900, 900 },    { 2, 2, 995, 995 },   { 40, 40, 1000, 1000 },
		{ 10, 50, 910, 1001 }, { 20, 39, 920, 999 }, { 0, 0, 0, 0 },
	};
	struct sclog_profile *whole = stamped(names, st, 6), *s = NULL;
	struct sclog_phase ph;
	uint64_t at = 0;
	char **before = NULL;

	(void)state;
	/* By serial: accept4 (its own call in), write (a later record), close
	 * (no order known: kept); read's last record is just before. */
	assert_int_equal(sclog_phase_parse("accept4", &ph, NULL), 0);
	assert_int_equal(sclog_phase_split(whole, &ph, &(struct sclog_phase_cut){ 0 }, &s, &at), 1);
	assert_int_equal(at, 1000);
	assert_int_equal(s->size, 3);
	assert_true(holds(s, "accept4") && holds(s, "write") && holds(s, "close"));
	assert_int_equal(sclog_phase_only_before(whole, s, &before), 3);
	for (char **n = before; *n; n++)
		assert_true(strcmp(*n, "socket") == 0 || strcmp(*n, "bind") == 0 ||
			    strcmp(*n, "read") == 0);
	sclog_strv_free(before);
	s = sclog_profile_free(s);

	/* By time: the boundary's millisecond is in; a margin moves it back. */
	assert_int_equal(sclog_phase_parse("ready", &ph, NULL), 0);
	assert_int_equal(
		sclog_phase_split(whole, &ph, &(struct sclog_phase_cut){ .at_ms = 1001 }, &s, &at),
		1);
	assert_int_equal(s->size, 2); /* write (1001), close */
	s = sclog_profile_free(s);
	assert_int_equal(
		sclog_phase_split(whole, &ph,
				  &(struct sclog_phase_cut){ .at_ms = 1001, .margin_ms = 2 }, &s,
				  &at),
		1);
	assert_int_equal(s->size, 4); /* and accept4 (1000), read (999) */
	assert_false(holds(s, "bind"));
	s = sclog_profile_free(s);

	/* Never reached: nothing written. */
	assert_int_equal(sclog_phase_split(whole, &ph, &(struct sclog_phase_cut){ 0 }, &s, &at), 0);
	assert_null(s);
	assert_int_equal(sclog_phase_parse("listen", &ph, NULL), 0);
	assert_int_equal(sclog_phase_split(whole, &ph, &(struct sclog_phase_cut){ 0 }, &s, &at), 0);
	assert_null(s);
	sclog_profile_free(whole);
}

/*
 * READY=1 under audit on a loaded machine: the records' coarse clock lags
 * the datagram's precise one by 50 ms, beyond any tick.  Serials are
 * audit's one counter; each mark is a read of records that returned at a
 * precise ms, with the largest serial read so far.
 */
static void test_split_lagging_clock(void **state)
{
	/* serials first, last; coarse ms first, last.  READY=1 at 1303
	 * (precise).  Start-up: socket, bind, listen at 1000-1002, the
	 * first clock_nanosleep at 1003.  The sendto of READY=1 (30) and the
	 * second clock_nanosleep after it (31) carry 1253; another thread's
	 * write (25) ran in READY's own millisecond; accept4 serves later. */
	static const char *const names[] = { "socket", "bind",	  "listen", "clock_nanosleep",
					     "sendto", "accept4", "write" };
	static const uint64_t st[][4] = {
		{ 10, 10, 1000, 1000 }, { 11, 11, 1001, 1001 }, { 12, 12, 1002, 1002 },
		{ 13, 31, 1003, 1253 }, { 30, 30, 1253, 1253 }, { 40, 40, 1600, 1600 },
		{ 25, 25, 1253, 1253 },
	};
	struct sclog_profile *whole = stamped(names, st, 7), *s = NULL;
	struct sclog_phase_marks marks = { 0 };
	struct sclog_phase_cut cut = { .at_ms = 1303, .margin_ms = 4 };
	struct sclog_phase ph;
	uint64_t at = 0;

	(void)state;
	assert_int_equal(sclog_phase_parse("ready", &ph, NULL), 0);
	/* The cut of old, by time a tick (4 ms) back: the sleep after
	 * READY=1 is lost, the bug this test is about. */
	assert_int_equal(sclog_phase_split(whole, &ph, &cut, &s, &at), 1);
	assert_false(holds(s, "clock_nanosleep"));
	s = sclog_profile_free(s);

	/* Reads: the start-up at 1003 and 1004, a foreign record (20) at
	 * 1200, the write in READY's millisecond (not before it: not a
	 * mark for it), the sleep at 1305; a read with no new serial adds
	 * nothing. */
	sclog_phase_marks_note(&marks, 1003, 12);
	sclog_phase_marks_note(&marks, 1004, 13);
	sclog_phase_marks_note(&marks, 1100, 13);
	sclog_phase_marks_note(&marks, 1200, 20);
	sclog_phase_marks_note(&marks, 1303, 25);
	sclog_phase_marks_note(&marks, 1305, 31);
	sclog_phase_marks_note(&marks, 1601, 40);
	assert_int_equal(marks.n, 6);
	cut = (struct sclog_phase_cut){ .at_ms = 1303 };
	assert_int_equal(sclog_phase_marks_cut(&marks, cut.at_ms, &cut.serial), 1);
	assert_int_equal(cut.serial, 21);
	cut.by_serial = 1;
	assert_int_equal(sclog_phase_split(whole, &ph, &cut, &s, &at), 1);
	assert_int_equal(at, 1303);
	assert_true(holds(s, "clock_nanosleep") && holds(s, "sendto") && holds(s, "write") &&
		    holds(s, "accept4"));
	assert_false(holds(s, "socket") || holds(s, "bind") || holds(s, "listen"));
	assert_int_equal(s->size, 4);
	s = sclog_profile_free(s);

	/* Before any read: no record was read before, all are in. */
	assert_int_equal(sclog_phase_marks_cut(&marks, 1003, &cut.serial), 1);
	assert_int_equal(cut.serial, 1);

	/* SECONDS, known ahead: the largest serial read before it. */
	marks = (struct sclog_phase_marks){ .at_ms = 1303 };
	sclog_phase_marks_note(&marks, 1200, 20);
	sclog_phase_marks_note(&marks, 1303, 25);
	assert_int_equal(sclog_phase_marks_cut(&marks, 1303, &cut.serial), 1);
	assert_int_equal(cut.serial, 21);

	/* Marks let go: a time they no longer reach is refused. */
	marks = (struct sclog_phase_marks){ 0 };
	for (uint64_t i = 1; i <= SCLOG_PHASE_MARKS + 1; i++)
		sclog_phase_marks_note(&marks, 2000 + i, i);
	assert_int_equal(sclog_phase_marks_cut(&marks, 2001, &cut.serial), 0);
	assert_int_equal(sclog_phase_marks_cut(&marks, 2003, &cut.serial), 1);
	assert_int_equal(cut.serial, 3);
	sclog_profile_free(whole);
}

static void test_environ(void **state)
{
	char *const env[] = { "A=1", "NOTIFY_SOCKET=/run/x", "B=2", NULL };
	char *const none[] = { "A=1", NULL };
	const char *replaced = NULL;
	char **out = NULL;

	(void)state;
	assert_int_equal(sclog_phase_environ(env, "/tmp/d/notify", &out, &replaced), 0);
	assert_string_equal(replaced, "/run/x");
	assert_string_equal(out[0], "A=1");
	assert_string_equal(out[1], "B=2");
	assert_string_equal(out[2], "NOTIFY_SOCKET=/tmp/d/notify");
	assert_null(out[3]);
	sclog_user_environ_free(out);
	assert_int_equal(sclog_phase_environ(none, "/p", &out, &replaced), 0);
	assert_null(replaced);
	assert_string_equal(out[1], "NOTIFY_SOCKET=/p");
	sclog_user_environ_free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),	 cmocka_unit_test(test_parse_refused),
		cmocka_unit_test(test_ready_in), cmocka_unit_test(test_ready_socket),
		cmocka_unit_test(test_split),	 cmocka_unit_test(test_split_lagging_clock),
		cmocka_unit_test(test_environ),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
