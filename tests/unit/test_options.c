// SPDX-License-Identifier: GPL-2.0-only
/* The option tables and parsers: the arguments of `sclog run` above all. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sclog/cli/options.h"

#define MAX_ARGS 14
#define END NULL

struct options_case {
	const char *name;
	const char *args[MAX_ARGS]; /* after "run", NULL-terminated */
	int ret;
	/* on success; zero means the default */
	const char *output; /* "seccomp.json" */
	const char *report; /* NULL */
	int act;	    /* ACT(kind); 0: SCLOG_ACT_ERRNO */
	uint32_t errno_ret; /* EPERM */
	double drain;	    /* 10 */
	int rcvbuf;
	int quiet;
	const char *cmd[MAX_ARGS]; /* the command, NULL-terminated */
	/* on -EINVAL: a piece of the message */
	const char *msg;
};

#define ACT(kind) ((int)(kind) + 1)
#define OK(...) .ret = 0, __VA_ARGS__
#define BAD(text) .ret = -EINVAL, .msg = text

static const struct options_case cases[] = {
	{ "defaults", { "ls", END }, OK(.cmd = { "ls", END }) },
	{ "-o", { "-o", "out.json", "ls", END }, OK(.output = "out.json", .cmd = { "ls", END }) },
	{ "-oFILE", { "-oout.json", "ls", END }, OK(.output = "out.json", .cmd = { "ls", END }) },
	{ "--output=",
	  { "--output=p.json", "ls", END },
	  OK(.output = "p.json", .cmd = { "ls", END }) },
	{ "-o -", { "-o", "-", "ls", END }, OK(.output = "-", .cmd = { "ls", END }) },
	{ "--report",
	  { "--report", "r.json", "ls", END },
	  OK(.report = "r.json", .cmd = { "ls", END }) },
	{ "--default-action kill",
	  { "--default-action", "kill", "ls", END },
	  OK(.act = ACT(SCLOG_ACT_KILL_THREAD), .cmd = { "ls", END }) },
	{ "--default-action=kill-process",
	  { "--default-action=kill-process", "ls", END },
	  OK(.act = ACT(SCLOG_ACT_KILL_PROCESS), .cmd = { "ls", END }) },
	{ "--default-action trap",
	  { "--default-action", "trap", "ls", END },
	  OK(.act = ACT(SCLOG_ACT_TRAP), .cmd = { "ls", END }) },
	{ "--default-action log",
	  { "--default-action", "log", "ls", END },
	  OK(.act = ACT(SCLOG_ACT_LOG), .cmd = { "ls", END }) },
	{ "--default-action errno:EACCES",
	  { "--default-action", "errno:EACCES", "ls", END },
	  OK(.errno_ret = EACCES, .cmd = { "ls", END }) },
	{ "--default-action errno:38",
	  { "--default-action", "errno:38", "ls", END },
	  OK(.errno_ret = 38, .cmd = { "ls", END }) },
	{ "-q", { "-q", "ls", END }, OK(.quiet = 1, .cmd = { "ls", END }) },
	{ "--quiet", { "--quiet", "ls", END }, OK(.quiet = 1, .cmd = { "ls", END }) },
	{ "-qo cluster",
	  { "-qo", "x.json", "ls", END },
	  OK(.quiet = 1, .output = "x.json", .cmd = { "ls", END }) },
	{ "--drain-timeout",
	  { "--drain-timeout", "2.5", "ls", END },
	  OK(.drain = 2.5, .cmd = { "ls", END }) },
	{ "--drain-timeout max",
	  { "--drain-timeout=3600", "ls", END },
	  OK(.drain = 3600, .cmd = { "ls", END }) },
	{ "--rcvbuf",
	  { "--rcvbuf", "67108864", "ls", END },
	  OK(.rcvbuf = 67108864, .cmd = { "ls", END }) },
	{ "--rcvbuf bounds",
	  { "--rcvbuf", "4096", "--rcvbuf", "1073741824", "ls", END },
	  OK(.rcvbuf = 1073741824, .cmd = { "ls", END }) },
	{ "-- then the command", { "--", "ls", "-l", END }, OK(.cmd = { "ls", "-l", END }) },
	{ "-- then option-like command",
	  { "-q", "--", "-o", "x", END },
	  OK(.quiet = 1, .cmd = { "-o", "x", END }) },
	{ "options after the command are the command's",
	  { "ls", "-l", "-o", "x", "-q", END },
	  OK(.cmd = { "ls", "-l", "-o", "x", "-q", END }) },
	{ "-- after the command is the command's",
	  { "ls", "--", "-q", END },
	  OK(.cmd = { "ls", "--", "-q", END }) },
	{ "-h after the command", { "sh", "-h", END }, OK(.cmd = { "sh", "-h", END }) },
	{ "everything",
	  { "-q", "--report=r", "-o", "o", "--default-action", "trap", "--drain-timeout", "1",
	    "--rcvbuf", "8192", "env", END },
	  OK(.quiet = 1, .report = "r", .output = "o", .act = ACT(SCLOG_ACT_TRAP), .drain = 1,
	     .rcvbuf = 8192, .cmd = { "env", END }) },

	{ "no command", { END }, BAD("no command") },
	{ "only options", { "-q", "-o", "x", END }, BAD("no command") },
	{ "only --", { "--", END }, BAD("no command") },
	{ "unknown long option", { "--bogus", "ls", END }, BAD("--bogus") },
	{ "--container with --for",
	  { "--container", "--for", "crun", "--", "crun", "run", "c", END },
	  BAD("leave out --for") },
	{ "--container",
	  { "--container", "--", "runc", "run", "c", END },
	  OK(.cmd = { "runc", "run", "c", END }) },
	{ "unknown short option", { "-x", "ls", END }, BAD("-x") },
	/* Inside a cluster getopt has not moved optind: the letter is named,
	 * not the previous argument (once "unknown option 'run'"). */
	{ "unknown short option first in a cluster", { "-xq", "ls", END }, BAD("'-x'") },
	{ "unknown short option last in a cluster", { "-qx", "ls", END }, BAD("'-x'") },
	{ "-o without argument in a cluster", { "-qo", END }, BAD("'-o'") },
	{ "-o without argument", { "-o", END }, BAD("-o") },
	{ "--report without argument", { "--report", END }, BAD("--report") },
	{ "--default-action without argument",
	  { "--default-action", END },
	  BAD("--default-action") },
	{ "--drain-timeout without argument", { "--drain-timeout", END }, BAD("--drain-timeout") },
	{ "empty -o", { "-o", "", "ls", END }, BAD("--output") },
	{ "empty --report", { "--report=", "ls", END }, BAD("--report") },
	{ "--default-action allow", { "--default-action", "allow", "ls", END }, BAD("allow") },
	{ "--default-action garbage",
	  { "--default-action", "garbage", "ls", END },
	  BAD("garbage") },
	{ "--default-action errno:0",
	  { "--default-action", "errno:0", "ls", END },
	  BAD("errno:0") },
	{ "--drain-timeout 0", { "--drain-timeout", "0", "ls", END }, BAD("--drain-timeout") },
	{ "--drain-timeout -1", { "--drain-timeout", "-1", "ls", END }, BAD("--drain-timeout") },
	{ "--drain-timeout abc", { "--drain-timeout", "abc", "ls", END }, BAD("'abc'") },
	{ "--drain-timeout 5s", { "--drain-timeout", "5s", "ls", END }, BAD("--drain-timeout") },
	{ "--drain-timeout empty", { "--drain-timeout", "", "ls", END }, BAD("--drain-timeout") },
	{ "--drain-timeout 3601",
	  { "--drain-timeout", "3601", "ls", END },
	  BAD("--drain-timeout") },
	{ "--drain-timeout nan", { "--drain-timeout", "nan", "ls", END }, BAD("--drain-timeout") },
	{ "--drain-timeout inf", { "--drain-timeout", "inf", "ls", END }, BAD("--drain-timeout") },
	{ "--rcvbuf 4095", { "--rcvbuf", "4095", "ls", END }, BAD("--rcvbuf") },
	{ "--rcvbuf 1073741825", { "--rcvbuf", "1073741825", "ls", END }, BAD("--rcvbuf") },
	{ "--rcvbuf abc", { "--rcvbuf", "abc", "ls", END }, BAD("--rcvbuf") },
	{ "--rcvbuf -1", { "--rcvbuf", "-1", "ls", END }, BAD("--rcvbuf") },
	{ "--rcvbuf 1e99", { "--rcvbuf", "1e99", "ls", END }, BAD("--rcvbuf") },
};

static int make_argv(const char *const *args, char **argv)
{
	int argc = 0;

	argv[argc++] = (char *)"run";
	for (size_t i = 0; args[i]; i++)
		argv[argc++] = (char *)args[i];
	argv[argc] = NULL;
	return argc;
}

static void run_case(const struct options_case *c)
{
	char *argv[MAX_ARGS + 2];
	int argc = make_argv(c->args, argv);
	struct sclog_run_options o, untouched;
	struct sclog_error err = { 0 };
	int r;

	memset(&o, 0x5a, sizeof(o));
	untouched = o;
	r = sclog_run_options_parse(argc, argv, &o, &err);
	if (r != c->ret)
		print_error("case '%s': %d (%s)\n", c->name, r, err.msg);
	assert_int_equal(r, c->ret);
	if (r < 0) {
		if (!strstr(err.msg, c->msg))
			print_error("case '%s': message '%s' lacks '%s'\n", c->name, err.msg,
				    c->msg);
		assert_int_equal(err.code, -EINVAL);
		assert_non_null(strstr(err.msg, c->msg));
		assert_memory_equal(&o, &untouched, sizeof(o));
		return;
	}
	assert_int_equal(err.code, 0);
	assert_string_equal(o.rec.output, c->output ? c->output : "seccomp.json");
	if (c->report)
		assert_string_equal(o.rec.report, c->report);
	else
		assert_null(o.rec.report);
	assert_int_equal(o.default_action.kind, c->act ? c->act - 1 : SCLOG_ACT_ERRNO);
	if (o.default_action.kind == SCLOG_ACT_ERRNO)
		assert_int_equal(o.default_action.errno_ret, c->errno_ret ? c->errno_ret : EPERM);
	assert_true(o.rec.drain_timeout == (c->drain ? c->drain : 10));
	assert_int_equal(o.rec.rcvbuf, c->rcvbuf);
	assert_int_equal(o.rec.quiet, c->quiet);
	/* The command is the tail of the input argv, NULL-terminated. */
	assert_true(o.rec.argv > argv && o.rec.argv < argv + argc);
	for (size_t i = 0;; i++) {
		if (!c->cmd[i]) {
			assert_null(o.rec.argv[i]);
			break;
		}
		assert_non_null(o.rec.argv[i]);
		assert_string_equal(o.rec.argv[i], c->cmd[i]);
	}
}

static void test_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(&cases[i]);
	/* getopt keeps global state: the table again, backwards. */
	for (size_t i = sizeof(cases) / sizeof(cases[0]); i-- > 0;)
		run_case(&cases[i]);
}

static void test_help(void **state)
{
	static const char *const helps[][3] = {
		{ "-h", NULL, NULL },
		{ "--help", NULL, NULL },
		{ "-q", "--help", NULL },
		{ "-h", "ls", NULL },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(helps) / sizeof(helps[0]); i++) {
		char *argv[MAX_ARGS + 2];
		int argc = make_argv(helps[i], argv);
		struct sclog_run_options o;
		struct sclog_error err = { 0 };

		assert_int_equal(sclog_run_options_parse(argc, argv, &o, &err), SCLOG_OPTIONS_HELP);
		assert_int_equal(err.code, 0);
	}
	{
		char *text = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&text, &len);

		assert_non_null(f);
		sclog_options_print_help(&sclog_run_cli, f);
		assert_int_equal(fclose(f), 0);
		assert_non_null(strstr(text, "--default-action"));
		assert_non_null(strstr(text, SCLOG_DEFAULT_OUTPUT));
		free(text);
	}
}

/* check takes the options of a recording from the same group as run, with
 * the same checks: once `-o ""` was refused by run and taken by check. */
static void test_check_shares(void **state)
{
	static const char *const bad[][6] = {
		{ "check", "-p", "p.json", "-o", "", "ls" },
		{ "check", "-p", "p.json", "--report=", "ls", NULL },
		{ "check", "-p", "p.json", "--drain-timeout", "0", "ls" },
		{ "check", "-p", "p.json", "--rcvbuf", "4095", "ls" },
		{ "check", "-p", "p.json", "--backend", "x", "ls" },
	};
	struct sclog_check_options c;
	struct sclog_run_options r;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *argv[7] = { NULL };
		struct sclog_error ec = { 0 }, er = { 0 };
		int argc = 0;

		for (; argc < 6 && bad[i][argc]; argc++)
			argv[argc] = (char *)bad[i][argc];
		assert_int_equal(sclog_check_options_parse(argc, argv, &c, &ec), -EINVAL);
		/* run, without -p POLICY: the same message. */
		argv[0] = (char *)"run";
		argv[1] = (char *)"-q";
		argv[2] = (char *)"-q";
		assert_int_equal(sclog_run_options_parse(argc, argv, &r, &er), -EINVAL);
		assert_string_equal(ec.msg, er.msg);
	}
}

/* Every verb's table parses (within the parser's bounds), and no name or
 * letter is given twice in one verb. */
static void test_tables(void **state)
{
	(void)state;
	for (size_t v = 0; sclog_clis[v]; v++) {
		const struct sclog_cli *cli = sclog_clis[v];
		char *argv[] = { (char *)cli->verb, (char *)"--help", NULL };
		char buf[64];
		struct sclog_error err = { 0 };
		int first;

		assert_int_equal(sclog_options_parse(cli, 2, argv, buf, &first, &err),
				 SCLOG_OPTIONS_HELP);
		for (size_t g = 0; cli->groups[g]; g++)
			for (const struct sclog_option *o = cli->groups[g]; o->name; o++)
				for (size_t h = 0; h <= g; h++)
					for (const struct sclog_option *p = cli->groups[h];
					     p->name && p != o; p++) {
						if (strcmp(o->name, p->name) == 0 ||
						    (o->letter && o->letter == p->letter))
							print_error("%s: --%s twice\n", cli->verb,
								    o->name);
						assert_string_not_equal(o->name, p->name);
						assert_true(!o->letter || o->letter != p->letter);
					}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_check_shares),
		cmocka_unit_test(test_tables),
	};

	return cmocka_run_group_tests_name("options", tests, NULL, NULL);
}
