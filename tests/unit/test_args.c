// SPDX-License-Identifier: GPL-2.0-only
/*
 * Argument recording: the data file (policies/args.json and broken ones),
 * lookups by (arch, nr), the values seen and the OCI conditions they become.
 * The emitted policies are parsed back with the strict policy reader, which
 * checks what runc, crun and libseccomp accept.
 */
#include <errno.h>
#include <seccomp.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "sclog/basic/macro.h"
#include "sclog/policy/args.h"
#include "sclog/policy/export/export.h"
#include "sclog/policy/policy.h"
#include "sclog/policy/policy_parse.h"

#define CLONE_NEWNET_ 0x40000000ull
#define CLONE_THREAD_ 0x00010000ull

static const uint32_t arches[] = { SCMP_ARCH_X86_64, SCMP_ARCH_X86, SCMP_ARCH_X32 };

static struct sclog_args_spec *load_shipped(void)
{
	_cleanup_free_ char *buf = NULL;
	struct sclog_args_spec *spec = NULL;
	struct sclog_error err = { 0 };
	char path[4096];
	FILE *f;
	size_t len;

	snprintf(path, sizeof(path), "%s/args.json", SCLOG_POLICIES_DIR);
	f = fopen(path, "re");
	assert_non_null(f);
	buf = malloc(65536);
	len = fread(buf, 1, 65536, f);
	fclose(f);
	if (sclog_args_spec_parse(buf, len, path, arches, ELEMENTSOF(arches), &spec, &err) < 0)
		fail_msg("%s", err.msg);
	return spec;
}

static void test_shipped_file(void **state)
{
	struct sclog_args_spec *spec = load_shipped();
	const char *want[] = { "socket", "socketpair", "clone", "clone3",      "unshare",
			       "setns",	 "ioctl",      "prctl", "personality", "fcntl" };
	const char **names;
	int has_clone3;

	(void)state;
	for (size_t i = 0; i < ELEMENTSOF(want); i++) {
		int nr = seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86_64, want[i]);
		long e = sclog_args_lookup(spec, SCMP_ARCH_X86_64, nr);

		assert_true(e >= 0);
		assert_string_equal(spec->entries[e].name, want[i]);
	}
	/* clone's flags are argument 0 here (the s390 entry does not apply). */
	{
		long e = sclog_args_lookup(
			spec, SCMP_ARCH_X86_64,
			seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86_64, "clone"));
		assert_int_equal(spec->entries[e].fields[0].index, 0);
		assert_int_equal(spec->entries[e].fields[0].mask, 0x7e030000);
	}
	/* i386's fcntl64, x32 numbers with the x32 bit, both resolved. */
	assert_true(sclog_args_lookup(
			    spec, SCMP_ARCH_X86,
			    seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86, "fcntl64")) >= 0);
	assert_true(sclog_args_lookup(spec, SCMP_ARCH_X86_64,
				      seccomp_syscall_resolve_name_arch(SCMP_ARCH_X32, "socket")) >=
		    0);
	assert_int_equal(
		sclog_args_lookup(spec, SCMP_ARCH_X86_64,
				  seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86_64, "read")),
		-1);
	/* clone3 is notified too: its flags are read from memory. */
	names = sclog_args_names(spec);
	has_clone3 = 0;
	for (size_t i = 0; names[i]; i++)
		has_clone3 |= strcmp(names[i], "clone3") == 0;
	assert_true(has_clone3);
	free(names);
	sclog_args_spec_free(spec);
}

static const struct {
	const char *json;
	const char *needle;
} bad_cases[] = {
	{ "", "t.json:1:1: malformed JSON: unexpected end of input" },
	{ "[]", "not an object" },
	{ "{\"syscalls\": []}", "1 to 64" },
	{ "{\"syscalls\": [{\"name\": \"socket\"}]}", "either" },
	{ "{\"syscalls\": [{\"name\": \"nosuchcall\", \"args\": [{\"index\": 0}]}]}",
	  "knows no syscall" },
	{ "{\"syscalls\": [{\"name\": \"socket\", \"args\": [{\"index\": 6}]}]}", "0..5" },
	{ "{\"syscalls\": [{\"name\": \"socket\", \"args\": [{\"index\": -1}]}]}", "0..5" },
	{ "{\"syscalls\": [{\"name\": \"socket\", \"args\": [{\"index\": 0, \"mask\": \"0xg\"}]}]}",
	  "mask" },
	{ "{\"syscalls\": [{\"name\": \"socket\", \"args\": [{\"index\": 0, \"mask\": 0}]}]}",
	  "mask" },
	{ "{\"syscalls\": [{\"name\": \"socket\", \"args\": [{\"index\": 0}, {\"index\": 1}, "
	  "{\"index\": 2}]}]}",
	  "1 or 2" },
	{ "{\"syscalls\": [{\"name\": \"socket\", \"args\": [{\"index\": 0}], \"x\": 1}]}",
	  "unknown key" },
	{ "{\"syscalls\": [{\"name\": \"clone3\", \"struct\": \"clone_args.stack\"}]}",
	  "clone_args.flags" },
	{ "{\"syscalls\": [{\"name\": \"clone3\", \"struct\": \"clone_args.flags\", "
	  "\"args\": [{\"index\": 0}]}]}",
	  "either" },
	{ "{\"syscalls\": [{\"name\": \"clone\", \"arches\": [\"vax\"], \"args\": [{\"index\": "
	  "0}]}]}",
	  "architecture" },
	{ "{\"syscalls\": [{\"name\": \"socket\", \"args\": [{\"index\": 0}]}], \"extra\": 1}",
	  "unknown key" },
};

static void test_bad_files(void **state)
{
	(void)state;
	for (size_t i = 0; i < ELEMENTSOF(bad_cases); i++) {
		struct sclog_args_spec *spec = NULL;
		struct sclog_error err = { 0 };
		int r = sclog_args_spec_parse(bad_cases[i].json, strlen(bad_cases[i].json),
					      "t.json", arches, 1, &spec, &err);

		if (r != -EINVAL || !strstr(err.msg, bad_cases[i].needle) ||
		    !strstr(err.msg, "t.json"))
			fail_msg("case %zu: r=%d msg=%s", i, r, err.msg);
		assert_null(spec);
	}
}

static void test_s390_override(void **state)
{
	static const char json[] =
		"{\"syscalls\": [{\"name\": \"clone\", \"args\": [{\"index\": 0}]},"
		" {\"name\": \"clone\", \"arches\": [\"s390x\"], \"args\": [{\"index\": 1}]}]}";
	const uint32_t two[] = { SCMP_ARCH_X86_64, SCMP_ARCH_S390X };
	struct sclog_args_spec *spec = NULL;
	struct sclog_error err = { 0 };

	(void)state;
	assert_int_equal(sclog_args_spec_parse(json, strlen(json), "t", two, 2, &spec, &err), 0);
	assert_int_equal(
		sclog_args_lookup(spec, SCMP_ARCH_X86_64,
				  seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86_64, "clone")),
		0);
	assert_int_equal(
		sclog_args_lookup(spec, SCMP_ARCH_S390X,
				  seccomp_syscall_resolve_name_arch(SCMP_ARCH_S390X, "clone")),
		1);
	sclog_args_spec_free(spec);
}

static long entry_of(const struct sclog_args_spec *spec, const char *name)
{
	return sclog_args_lookup(spec, SCMP_ARCH_X86_64,
				 seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86_64, name));
}

static void add(struct sclog_args_seen *seen, const struct sclog_args_spec *spec, const char *name,
		uint64_t a0, uint64_t a1)
{
	const uint64_t args[6] = { a0, a1, 0x7fff0000, 4, 5, 6 };

	assert_int_equal(sclog_args_seen_add(seen, spec, (size_t)entry_of(spec, name), args), 0);
}

/* The conditions of @p's rules for @name, as "op:index:value:valueTwo;..." per rule. */
static void rules_of(const struct sclog_policy *p, const char *name, char *out, size_t size)
{
	size_t len = 0;

	out[0] = '\0';
	for (size_t i = 0; i < p->n_rules; i++)
		for (size_t k = 0; k < p->rules[i].n_names; k++) {
			if (strcmp(p->rules[i].names[k], name) != 0)
				continue;
			if (!p->rules[i].n_args)
				len += (size_t)snprintf(out + len, size - len, "any|");
			for (size_t a = 0; a < p->rules[i].n_args; a++)
				len += (size_t)snprintf(
					out + len, size - len, "%d:%u:%llx:%llx%s",
					p->rules[i].args[a].op, p->rules[i].args[a].index,
					(unsigned long long)p->rules[i].args[a].value,
					(unsigned long long)p->rules[i].args[a].value_two,
					a + 1 < p->rules[i].n_args ? ";" : "|");
		}
}

static struct sclog_policy *allow_all_of(const char *const *names)
{
	struct sclog_action def = { .kind = SCLOG_ACT_ERRNO, .errno_ret = EPERM };
	struct sclog_policy *p = sclog_policy_new(&def);

	assert_non_null(p);
	for (size_t i = 0; names[i]; i++)
		assert_int_equal(sclog_policy_allow(p, names[i]), 0);
	return p;
}

static void test_apply(void **state)
{
	struct sclog_args_spec *spec = load_shipped();
	struct sclog_args_seen *seen = sclog_args_seen_new(spec);
	const char *names[] = { "read", "socket", "clone", "clone3", "ioctl", NULL };
	struct sclog_policy *p = allow_all_of(names), *back = NULL;
	struct sclog_error err = { 0 };
	_cleanup_free_ char *json = NULL;
	char got[1024];
	size_t unconditional = 99;

	(void)state;
	/* socket: the type's flags are masked off, so these are one value. */
	add(seen, spec, "socket", AF_INET, SOCK_STREAM | SOCK_CLOEXEC);
	add(seen, spec, "socket", AF_INET, SOCK_STREAM | SOCK_NONBLOCK);
	add(seen, spec, "socket", AF_UNIX, SOCK_DGRAM);
	/* clone: fork (SIGCHLD and the tid flags) and a thread. */
	add(seen, spec, "clone", 0x01200011, 0);
	add(seen, spec, "clone", 0x003d0f00, 0);
	add(seen, spec, "clone3", 0x003d0f00, 0);
	add(seen, spec, "ioctl", 1, 0x5401);
	assert_int_equal(sclog_args_apply(spec, seen, p, &unconditional), 0);
	assert_int_equal(unconditional, 1); /* clone3 */

	rules_of(p, "socket", got, sizeof(got));
	assert_string_equal(got, "4:0:1:0;7:1:f:2|4:0:2:0;7:1:f:1|");
	rules_of(p, "clone", got, sizeof(got));
	assert_string_equal(got, "7:0:7e030000:0|7:0:7e030000:10000|");
	rules_of(p, "ioctl", got, sizeof(got));
	assert_string_equal(got, "4:1:5401:0|");
	rules_of(p, "clone3", got, sizeof(got));
	assert_string_equal(got, "any|");
	rules_of(p, "read", got, sizeof(got));
	assert_string_equal(got, "any|");

	/* What runtimes read back: the strict reader accepts it unchanged. */
	assert_int_equal(sclog_export_oci(p, &json), 0);
	if (sclog_policy_parse(json, strlen(json), "emitted", &back, &err) < 0)
		fail_msg("%s\n%s", err.msg, json);
	assert_true(sclog_policy_allows(back, seccomp_arch_native(), "socket", NULL));
	assert_int_equal(back->n_rules, p->n_rules - 0);
	sclog_policy_free(back);
	sclog_policy_free(p);
	sclog_args_seen_free(seen);
	sclog_args_spec_free(spec);
}

static void test_apply_keeps_base(void **state)
{
	struct sclog_args_spec *spec = load_shipped();
	struct sclog_args_seen *seen = sclog_args_seen_new(spec);
	const char *names[] = { "read", NULL };
	struct sclog_policy *p = allow_all_of(names);
	char got[256];

	(void)state;
	/* socket seen but not in the policy's unconditional rule (a --base
	 * allows it already, say): nothing to narrow, nothing added. */
	add(seen, spec, "socket", AF_INET, SOCK_STREAM);
	assert_int_equal(sclog_args_apply(spec, seen, p, NULL), 0);
	rules_of(p, "socket", got, sizeof(got));
	assert_string_equal(got, "");
	sclog_policy_free(p);
	sclog_args_seen_free(seen);
	sclog_args_spec_free(spec);
}

static void test_too_many_values(void **state)
{
	struct sclog_args_spec *spec = load_shipped();
	struct sclog_args_seen *seen = sclog_args_seen_new(spec);
	const char *names[] = { "ioctl", NULL };
	struct sclog_policy *p = allow_all_of(names);
	size_t unconditional = 0;
	char got[256];

	(void)state;
	for (uint64_t i = 0; i < SCLOG_ARGS_MAX_VALUES + 10; i++)
		add(seen, spec, "ioctl", 0, i);
	add(seen, spec, "ioctl", 0, 3); /* a repeat is not a new value */
	assert_int_equal(seen->per_entry[entry_of(spec, "ioctl")].n, SCLOG_ARGS_MAX_VALUES);
	assert_int_equal(seen->per_entry[entry_of(spec, "ioctl")].dropped, 10);
	assert_int_equal(sclog_args_apply(spec, seen, p, &unconditional), 0);
	assert_int_equal(unconditional, 1);
	rules_of(p, "ioctl", got, sizeof(got));
	assert_string_equal(got, "any|");
	sclog_policy_free(p);
	sclog_args_seen_free(seen);
	sclog_args_spec_free(spec);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_file),	 cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_s390_override),	 cmocka_unit_test(test_apply),
		cmocka_unit_test(test_apply_keeps_base), cmocka_unit_test(test_too_many_values),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
