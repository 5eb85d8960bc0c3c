// SPDX-License-Identifier: GPL-2.0-only
/*
 * policy/implied.c: the calls a policy implies, architecture by
 * architecture (brk, exit, exit_group, rseq always; the signal returns where a
 * handler can be installed); their addition to a policy and what a base
 * keeps; the known policy of a notifying filter that lets them run unseen;
 * and check's finding for a policy that lacks one.  What the filter does
 * to a storm of signals is t_sigreturn.sh's, on the kernel.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <seccomp.h>

#include "sclog/basic/arch.h"
#include "sclog/policy/findings.h"
#include "sclog/policy/implied.h"
#include "sclog/records/profile.h"

/* One architecture, a name the policy allows, and the calls it implies. */
static const struct {
	uint32_t arch;
	const char *allowed, *implied; /* implied: space-separated, "" for none */
} cases[] = {
	{ SCMP_ARCH_X86_64, "rt_sigaction", "brk exit exit_group rseq rt_sigreturn" },
	{ SCMP_ARCH_X32, "rt_sigaction", "brk exit exit_group rseq rt_sigreturn" },
	{ SCMP_ARCH_AARCH64, "rt_sigaction", "brk exit exit_group rseq rt_sigreturn" },
	{ SCMP_ARCH_X86, "rt_sigaction", "brk exit exit_group rseq rt_sigreturn sigreturn" },
	{ SCMP_ARCH_X86, "sigaction", "brk exit exit_group rseq rt_sigreturn sigreturn" },
	{ SCMP_ARCH_X86, "signal", "brk exit exit_group rseq rt_sigreturn sigreturn" },
	{ SCMP_ARCH_ARM, "rt_sigaction", "brk exit exit_group rseq rt_sigreturn sigreturn" },
	{ SCMP_ARCH_ARM, "sigaction", "brk exit exit_group rseq rt_sigreturn sigreturn" },
	{ SCMP_ARCH_PPC64LE, "rt_sigaction", "brk exit exit_group rseq rt_sigreturn sigreturn" },
	/* Negative controls: no handler can be installed, only the calls
	 * every process needs are implied. */
	{ SCMP_ARCH_X86_64, "getpid", "brk exit exit_group rseq" },
	{ SCMP_ARCH_AARCH64, "rt_sigprocmask", "brk exit exit_group rseq" },
	/* x86_64 has no sigaction: the name allows nothing there. */
	{ SCMP_ARCH_X86_64, "sigaction", "brk exit exit_group rseq" },
	/* Allowed already: implied all the same. */
	{ SCMP_ARCH_X86_64, "exit_group", "brk exit exit_group rseq" },
};

static struct sclog_policy *allow_list(uint32_t arch, const char *name)
{
	const struct sclog_action kill = { .kind = SCLOG_ACT_KILL_PROCESS };
	struct sclog_policy *p = sclog_policy_new(&kill);

	assert_non_null(p);
	assert_int_equal(sclog_policy_add_arch(p, arch), 0);
	assert_int_equal(sclog_policy_allow(p, name), 0);
	return p;
}

/* The names of @v[0..@n), space-separated, in @buf. */
static const char *joined(const struct sclog_implied *v, long n, uint32_t arch, char *buf,
			  size_t size)
{
	buf[0] = '\0';
	for (long i = 0; i < n; i++) {
		assert_int_equal(v[i].arch, arch);
		/* The signal returns because of a handler, the rest always. */
		if (strstr(v[i].name, "sigreturn"))
			assert_true(strcmp(v[i].because, "rt_sigaction") == 0 ||
				    strcmp(v[i].because, "sigaction") == 0 ||
				    strcmp(v[i].because, "signal") == 0);
		else
			assert_null(v[i].because);
		snprintf(buf + strlen(buf), size - strlen(buf), "%s%s", i ? " " : "", v[i].name);
	}
	return buf;
}

static void test_implied_per_arch(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sclog_policy *p = allow_list(cases[i].arch, cases[i].allowed);
		struct sclog_implied *v = NULL;
		char **added = NULL, buf[128];
		long n = sclog_policy_implied(p, &v), want = 0;

		assert_true(n >= 0);
		if (strcmp(joined(v, n, cases[i].arch, buf, sizeof(buf)), cases[i].implied) != 0)
			fail_msg("%s allowing %s implies \"%s\", want \"%s\"",
				 sclog_arch_name(cases[i].arch), cases[i].allowed, buf,
				 cases[i].implied);
		/* Added as they are implied, but for what was allowed, in
		 * order, and once only. */
		for (long k = 0; k < n; k++)
			if (!sclog_policy_allows(p, cases[i].arch, v[k].name, NULL))
				v[want++] = v[k];
		assert_int_equal(sclog_policy_add_implied(p, p, &added), want);
		for (long k = 0; k < want; k++) {
			assert_string_equal(added[k], v[k].name);
			assert_true(sclog_policy_allows(p, cases[i].arch, v[k].name, NULL));
		}
		sclog_strv_free(added);
		added = NULL;
		assert_int_equal(sclog_policy_add_implied(p, p, &added), 0);
		assert_null(added);
		free(v);
		sclog_policy_free(p);
	}
}

/* A base's rule for an implied call stays; a policy letting everything run
 * gets nothing; a phase's policy gets the whole run's implied calls. */
static void test_add_implied(void **state)
{
	const struct sclog_action allow = { .kind = SCLOG_ACT_ALLOW };
	struct sclog_rule deny = { .names = (char *[]){ (char *)"exit_group",
							(char *)"rt_sigreturn" },
				   .n_names = 2,
				   .action = { .kind = SCLOG_ACT_ERRNO, .errno_ret = EPERM } };
	struct sclog_policy *p = allow_list(SCMP_ARCH_X86_64, "rt_sigaction");
	struct sclog_policy *phase = allow_list(SCMP_ARCH_X86_64, "getppid");
	char **added = NULL;

	(void)state;
	/* The serving phase made no rt_sigaction: the whole run did. */
	assert_int_equal(sclog_policy_add_implied(phase, phase, &added), 4);
	assert_string_equal(added[0], "brk");
	assert_string_equal(added[1], "exit");
	assert_string_equal(added[2], "exit_group");
	assert_string_equal(added[3], "rseq");
	assert_null(added[4]);
	sclog_strv_free(added);
	added = NULL;
	assert_int_equal(sclog_policy_add_implied(phase, p, &added), 1);
	assert_string_equal(added[0], "rt_sigreturn");
	sclog_strv_free(added);
	added = NULL;
	sclog_policy_free(phase);

	assert_int_equal(sclog_policy_add_rule(p, &deny, NULL), 0);
	assert_int_equal(sclog_policy_add_implied(p, p, &added), 3);
	assert_string_equal(added[0], "brk");
	assert_string_equal(added[1], "exit");
	assert_string_equal(added[2], "rseq");
	sclog_strv_free(added);
	added = NULL;
	assert_false(sclog_policy_allows(p, SCMP_ARCH_X86_64, "rt_sigreturn", NULL));
	assert_false(sclog_policy_allows(p, SCMP_ARCH_X86_64, "exit_group", NULL));
	sclog_policy_free(p);

	p = sclog_policy_new(&allow);
	assert_non_null(p);
	assert_int_equal(sclog_policy_add_implied(p, p, &added), 0);
	assert_int_equal(p->n_rules, 0);
	sclog_policy_free(p);
}

/* The notify collector's known policy: the implied calls (and the names
 * given) allowed on every architecture the filter covers, unless the known
 * policy denies them. */
static void test_unseen(void **state)
{
	uint32_t compat[4];
	size_t n = sclog_arch_compat(seccomp_arch_native(), compat, 4);
	struct sclog_policy *p = sclog_policy_unseen(NULL, NULL), *known;
	const char *const futex[] = { "futex", NULL };
	struct sclog_rule deny = { .names = (char *[]){ (char *)"brk", (char *)"sigreturn" },
				   .n_names = 2,
				   .action = { .kind = SCLOG_ACT_ERRNO, .errno_ret = EPERM } };

	(void)state;
	assert_non_null(p);
	assert_int_equal(p->default_action.kind, SCLOG_ACT_KILL_PROCESS);
	for (const struct sclog_implied_call *c = sclog_implied_calls; c->name; c++)
		if (sclog_syscall_on_arch(seccomp_arch_native(), c->name))
			assert_true(sclog_policy_allows(p, seccomp_arch_native(), c->name, NULL));
	/* Negative control: nothing else. */
	assert_false(sclog_policy_allows(p, seccomp_arch_native(), "getppid", NULL));
	assert_false(sclog_policy_allows(p, seccomp_arch_native(), "futex", NULL));
	for (size_t i = 0; i < n; i++) {
		assert_true(sclog_policy_covers(p, compat[i]));
		assert_true(sclog_policy_allows(p, compat[i], "rt_sigreturn", NULL));
		assert_true(sclog_policy_allows(p, compat[i], "exit_group", NULL));
		assert_true(sclog_policy_allows(p, compat[i], "rseq", NULL));
	}
	sclog_policy_free(p);

	known = allow_list(seccomp_arch_native(), "read");
	assert_int_equal(sclog_policy_add_rule(known, &deny, NULL), 0);
	p = sclog_policy_unseen(known, futex);
	assert_non_null(p);
	assert_true(sclog_policy_allows(p, seccomp_arch_native(), "read", NULL));
	assert_true(sclog_policy_allows(p, seccomp_arch_native(), "futex", NULL));
	assert_true(sclog_policy_allows(p, seccomp_arch_native(), "rt_sigreturn", NULL));
	assert_true(sclog_policy_allows(p, seccomp_arch_native(), "exit_group", NULL));
	assert_false(sclog_policy_allows(p, seccomp_arch_native(), "brk", NULL));
	assert_int_equal(sclog_policy_rules_of(p, "sigreturn", &(const uint32_t *){ NULL }), 1);
	assert_int_equal(sclog_policy_rules_of(p, "brk", &(const uint32_t *){ NULL }), 1);
	assert_int_equal(p->rules[0].action.kind == SCLOG_ACT_ERRNO ||
				 p->rules[1].action.kind == SCLOG_ACT_ERRNO,
			 1);
	sclog_policy_free(p);
	sclog_policy_free(known);
}

/* A policy allowing rt_sigaction and @allowed (NULL-ended), checked against
 * @prof: one finding, naming @missing with @reason in the text and
 * @because in the JSON. */
static struct sclog_policy *expect_implied_missing(struct sclog_profile *prof,
						   const char *const *allowed, const char *missing,
						   const char *reason, const char *because)
{
	struct sclog_policy *p = allow_list(SCMP_ARCH_X86_64, "rt_sigaction");
	char *text = NULL;

	for (const char *const *a = allowed; *a; a++)
		assert_int_equal(sclog_policy_allow(p, *a), 0);
	assert_int_equal(sclog_check_findings(prof, p, "p.json", SCLOG_FORMAT_TEXT, 1, &text), 1);
	assert_non_null(strstr(text, missing));
	assert_non_null(strstr(text, reason));
	free(text);
	assert_int_equal(sclog_check_findings(prof, p, "p.json", SCLOG_FORMAT_JSON, 1, &text), 1);
	assert_non_null(strstr(text, because));
	free(text);
	return p;
}

/* check: a policy allowing rt_sigaction but not rt_sigreturn is a finding,
 * once, whether the run met a signal (audit, bpf) or not (notify). */
static void test_check_finding(void **state)
{
	struct sclog_profile *prof = sclog_profile_new();
	struct sclog_policy *p;
	char *text = NULL;

	(void)state;
	assert_non_null(prof);
	/* Without exit_group, or rseq: every command needs it. */
	p = expect_implied_missing(
		prof, (const char *const[]){ "brk", "exit", "rseq", "rt_sigreturn", NULL },
		"exit_group", "implied: every command needs it", "\"because\": null");
	sclog_policy_free(p);
	p = expect_implied_missing(
		prof, (const char *const[]){ "brk", "exit", "exit_group", "rt_sigreturn", NULL },
		"rseq", "implied: every command needs it", "\"because\": null");
	sclog_policy_free(p);
	p = expect_implied_missing(
		prof, (const char *const[]){ "brk", "exit", "exit_group", "rseq", NULL },
		"rt_sigreturn", "implied: the policy allows rt_sigaction",
		"\"because\": \"rt_sigaction\"");
	/* Seen as well (audit): one violation, not two. */
	assert_int_equal(sclog_profile_add_count(prof, SCMP_ARCH_X86_64,
						 seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86_64,
										   "rt_sigreturn"),
						 3),
			 0);
	assert_int_equal(sclog_check_findings(prof, p, "p.json", SCLOG_FORMAT_TEXT, 1, &text), 1);
	assert_null(strstr(text, "implied"));
	free(text);
	/* Negative control: allowed, no finding. */
	assert_int_equal(sclog_policy_allow(p, "rt_sigreturn"), 0);
	sclog_profile_free(prof);
	prof = sclog_profile_new();
	assert_int_equal(sclog_check_findings(prof, p, "p.json", SCLOG_FORMAT_GITHUB, 1, &text), 0);
	free(text);
	sclog_profile_free(prof);
	sclog_policy_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_implied_per_arch),
		cmocka_unit_test(test_add_implied),
		cmocka_unit_test(test_unseen),
		cmocka_unit_test(test_check_finding),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
