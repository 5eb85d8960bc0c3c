// SPDX-License-Identifier: GPL-2.0-only
/*
 * Names one libseccomp knows and another does not (2.6 knows mseal,
 * statmount, the *xattrat calls and the loongarch64, m68k and sh
 * architectures; Debian 12's 2.5.4 does not): the fallbacks file, the
 * architecture table, policies and their exports behave the same with
 * either, and a name the loaded libseccomp cannot resolve is refused
 * clearly, never dropped.
 */
#include <ctype.h>
#include <errno.h>
#include <json-c/json.h>
#include <seccomp.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sclog/basic/arch.h"
#include "sclog/basic/strv.h"
#include "sclog/policy/export/export.h"
#include "sclog/policy/fallbacks.h"
#include "sclog/policy/policy.h"
#include "sclog/policy/policy_parse.h"

static int libseccomp_at_least(unsigned int major, unsigned int minor)
{
	const struct scmp_version *v = seccomp_version();

	return v->major > major || (v->major == major && v->minor >= minor);
}

/* An entry this libseccomp cannot name is left out, not a failed file:
 * before, every `sclog run` failed where libseccomp lacked fchmodat2. */
static void test_fallbacks_unknown_name(void **state)
{
	static const char text[] =
		"{ \"syscalls\": [ { \"name\": \"clone3\", \"fallback\": \"clone\" },"
		" { \"name\": \"no_such_syscall_at_all\", \"fallback\": \"x\" },"
		" { \"name\": \"statx\", \"fallback\": \"newfstatat\" } ] }";
	struct sclog_error err = { 0 };
	char **names = NULL;

	(void)state;
	assert_int_equal(sclog_fallbacks_parse(text, strlen(text), "t.json", &names, &err), 0);
	assert_string_equal(names[0], "clone3");
	assert_string_equal(names[1], "statx");
	assert_null(names[2]);
	sclog_strv_free(names);

	/* The shape is still checked. */
	assert_true(sclog_fallbacks_parse("{\"syscalls\":[{\"name\":\"statx\"}]}", 31, "t.json",
					  &names, &err) < 0);
	assert_non_null(strstr(err.msg, "\"fallback\""));
}

/* The shipped file loads with any libseccomp; with 2.6 (Debian 13) every
 * name resolves, which catches a misspelt name in CI. */
static void test_fallbacks_file(void **state)
{
	const char *path = SCLOG_POLICIES_DIR "/fallbacks.json";
	json_object *root = json_object_from_file(path), *list;
	struct sclog_error err = { 0 };
	const char *text;
	char **names = NULL;
	size_t n = 0;

	(void)state;
	assert_non_null(root);
	text = json_object_to_json_string(root);
	assert_int_equal(sclog_fallbacks_parse(text, strlen(text), path, &names, &err), 0);
	while (names[n])
		n++;
	assert_true(json_object_object_get_ex(root, "syscalls", &list));
	if (libseccomp_at_least(2, 6))
		assert_int_equal(n, json_object_array_length(list));
	else
		assert_true(n > 0 && n <= json_object_array_length(list));
	sclog_strv_free(names);
	json_object_put(root);
}

/* libseccomp 2.6's architectures are known exactly when libseccomp knows
 * them; an unresolved name (token 0) never matches the token 0. */
static void test_arches(void **state)
{
	static const char *const names[] = { "loongarch64", "m68k", "sh", "sheb" };

	(void)state;
	assert_null(sclog_arch_name(0));
	assert_null(sclog_arch_systemd_name(0));
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		uint32_t token = seccomp_arch_resolve_name(names[i]);
		char oci[32] = "SCMP_ARCH_";

		for (size_t k = 0; names[i][k]; k++)
			oci[10 + k] = (char)toupper((unsigned char)names[i][k]);
		assert_int_equal(sclog_arch_from_oci_name(oci), token);
		if (token) {
			char *back = sclog_arch_oci_name(token);

			assert_string_equal(sclog_arch_name(token), names[i]);
			assert_string_equal(back, oci);
			free(back);
		}
	}
	if (libseccomp_at_least(2, 6))
		assert_string_equal(
			sclog_arch_systemd_name(seccomp_arch_resolve_name("loongarch64")),
			"loongarch64");
}

/* A policy naming mseal and statmount (libseccomp 2.6's): parsed and
 * exported with 2.6; with an older libseccomp, refused with a message that
 * names the name, the libseccomp and what to do. */
static void test_policy_with_26_names(void **state)
{
	static const char text[] =
		"{ \"defaultAction\": \"SCMP_ACT_ERRNO\","
		" \"architectures\": [ \"SCMP_ARCH_X86_64\" ],"
		" \"syscalls\": [ { \"names\": [ \"read\", \"mseal\", \"statmount\" ],"
		" \"action\": \"SCMP_ACT_ALLOW\" } ] }";
	struct sclog_error err = { 0 };
	struct sclog_policy *p = NULL;
	int r = sclog_policy_parse(text, strlen(text), "p.json", &p, &err);
	char want[96];

	(void)state;
	if (seccomp_syscall_resolve_name("mseal") != __NR_SCMP_ERROR) {
		char *json = NULL;

		assert_int_equal(r, 0);
		assert_int_equal(sclog_export_oci(p, &json), 0);
		assert_non_null(strstr(json, "\"mseal\""));
		assert_non_null(strstr(json, "\"statmount\""));
		free(json);
		sclog_policy_free(p);
		return;
	}
	snprintf(want, sizeof(want), "unknown syscall \"mseal\" (libseccomp %u.%u.%u knows no",
		 seccomp_version()->major, seccomp_version()->minor, seccomp_version()->micro);
	assert_int_equal(r, -EINVAL);
	assert_non_null(strstr(err.msg, want));
	assert_non_null(strstr(err.msg, "newer libseccomp"));
}

/* libseccomp resolves a name an architecture lacks to a pseudo number, not
 * to __NR_SCMP_ERROR: open on aarch64 is -10166, socket on x86 (through
 * socketcall) is -101.  Only the first is absent. */
static void test_syscall_on_arch(void **state)
{
	(void)state;
	assert_true(seccomp_syscall_resolve_name_arch(SCMP_ARCH_AARCH64, "open") !=
		    __NR_SCMP_ERROR);
	assert_false(sclog_syscall_on_arch(SCMP_ARCH_AARCH64, "open"));
	assert_false(sclog_syscall_on_arch(SCMP_ARCH_AARCH64, "arch_prctl"));
	assert_false(sclog_syscall_on_arch(SCMP_ARCH_AARCH64, "no_such_call"));
	assert_true(sclog_syscall_on_arch(SCMP_ARCH_AARCH64, "openat"));
	assert_true(sclog_syscall_on_arch(SCMP_ARCH_X86_64, "open"));
	assert_true(sclog_syscall_on_arch(SCMP_ARCH_X86, "socket"));
	assert_true(sclog_syscall_on_arch(SCMP_ARCH_X86, "accept"));
	assert_true(sclog_syscall_on_arch(SCMP_ARCH_X86, "shmget"));
	assert_false(sclog_syscall_on_arch(SCMP_ARCH_X86, "newfstatat"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fallbacks_unknown_name),
		cmocka_unit_test(test_fallbacks_file),
		cmocka_unit_test(test_arches),
		cmocka_unit_test(test_policy_with_26_names),
		cmocka_unit_test(test_syscall_on_arch),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
