// SPDX-License-Identifier: GPL-2.0-only
/*
 * The emit stage: actions, architecture and syscall names from libseccomp,
 * UTF-8 checking, the OCI policy (against golden files) and the run report.
 *
 * Golden files live in SCLOG_GOLDEN_DIR (a compile definition, overridden by
 * the environment variable of the same name).  After a deliberate change of
 * the output, regenerate them and review the diff:
 *   SCLOG_UPDATE_GOLDEN=1 ./test_policy && git diff tests/golden
 */
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

#include "sclog/basic/action.h"
#include "sclog/basic/arch.h"
#include "sclog/basic/utf8.h"
#include "sclog/policy/compose.h"
#include "sclog/policy/export/export.h"
#include "sclog/policy/policy.h"
#include "sclog/policy/policy_parse.h"
#include "sclog/records/profile.h"
#include "sclog/records/record.h"
#include "sclog/run/report.h"

#define ARCH_X86_64 0xc000003eu
#define ARCH_I386 0x40000003u
#define ARCH_X32 0x4000003eu /* SCMP_ARCH_X32: EM_X86_64 | __AUDIT_ARCH_LE */
#define ARCH_AARCH64 0xc00000b7u
#define X32_BIT 0x40000000

/* ---- actions ---- */

static const struct {
	const char *text;
	int ret;
	enum sclog_action_kind kind;
	uint32_t errno_ret;
} action_cases[] = {
	{ "errno", 0, SCLOG_ACT_ERRNO, EPERM },
	{ "errno:EACCES", 0, SCLOG_ACT_ERRNO, EACCES },
	{ "errno:EPERM", 0, SCLOG_ACT_ERRNO, EPERM },
	{ "errno:ENOSYS", 0, SCLOG_ACT_ERRNO, ENOSYS },
	{ "errno:13", 0, SCLOG_ACT_ERRNO, 13 },
	{ "errno:1", 0, SCLOG_ACT_ERRNO, 1 },
	{ "errno:4094", 0, SCLOG_ACT_ERRNO, 4094 },
	{ "kill", 0, SCLOG_ACT_KILL_THREAD, 0 },
	{ "kill-process", 0, SCLOG_ACT_KILL_PROCESS, 0 },
	{ "trap", 0, SCLOG_ACT_TRAP, 0 },
	{ "log", 0, SCLOG_ACT_LOG, 0 },
	{ "errno:0", -EINVAL, 0, 0 },
	{ "errno:4095", -EINVAL, 0, 0 }, /* libseccomp refuses it */
	{ "errno:4096", -EINVAL, 0, 0 },
	{ "errno:99999", -EINVAL, 0, 0 },
	{ "errno:18446744073709551617", -EINVAL, 0, 0 },
	{ "errno:-1", -EINVAL, 0, 0 },
	{ "errno:13x", -EINVAL, 0, 0 },
	{ "errno: 13", -EINVAL, 0, 0 },
	{ "errno:", -EINVAL, 0, 0 },
	{ "errno:eacces", -EINVAL, 0, 0 },
	{ "errno:ENOTANERRNO", -EINVAL, 0, 0 },
	{ "errno:13:14", -EINVAL, 0, 0 },
	{ "allow", -EINVAL, 0, 0 },
	{ "garbage", -EINVAL, 0, 0 },
	{ "trap:1", -EINVAL, 0, 0 },
	{ "kill:", -EINVAL, 0, 0 },
	{ "log:x", -EINVAL, 0, 0 },
	{ "", -EINVAL, 0, 0 },
	{ ":", -EINVAL, 0, 0 },
	{ "KILL", -EINVAL, 0, 0 },
	{ "kil", -EINVAL, 0, 0 },
	{ "killx", -EINVAL, 0, 0 },
	{ "errnox", -EINVAL, 0, 0 },
	{ "kill-thread", -EINVAL, 0, 0 },
};

static void test_action_parse(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(action_cases) / sizeof(action_cases[0]); i++) {
		struct sclog_action a = { .kind = (enum sclog_action_kind)99, .errno_ret = 777 };
		int r = sclog_action_parse(action_cases[i].text, &a);

		if (r != action_cases[i].ret)
			print_error("case '%s': %d\n", action_cases[i].text, r);
		assert_int_equal(r, action_cases[i].ret);
		if (r < 0) {
			assert_int_equal(a.kind, 99); /* untouched */
			assert_int_equal(a.errno_ret, 777);
			continue;
		}
		assert_int_equal(a.kind, action_cases[i].kind);
		if (a.kind == SCLOG_ACT_ERRNO)
			assert_int_equal(a.errno_ret, action_cases[i].errno_ret);
	}
}

static void test_action_oci_name(void **state)
{
	(void)state;
	assert_string_equal(sclog_action_oci_name(SCLOG_ACT_KILL_PROCESS), "SCMP_ACT_KILL_PROCESS");
	assert_string_equal(sclog_action_oci_name(SCLOG_ACT_KILL_THREAD), "SCMP_ACT_KILL");
	assert_string_equal(sclog_action_oci_name(SCLOG_ACT_TRAP), "SCMP_ACT_TRAP");
	assert_string_equal(sclog_action_oci_name(SCLOG_ACT_ERRNO), "SCMP_ACT_ERRNO");
	assert_string_equal(sclog_action_oci_name(SCLOG_ACT_LOG), "SCMP_ACT_LOG");
	assert_string_equal(sclog_action_oci_name(SCLOG_ACT_ALLOW), "SCMP_ACT_ALLOW");
}

/* ---- names from libseccomp ---- */

static void test_arch_name(void **state)
{
	(void)state;
	assert_string_equal(sclog_arch_name(ARCH_X86_64), "x86_64");
	assert_string_equal(sclog_arch_name(ARCH_I386), "x86");
	assert_string_equal(sclog_arch_name(ARCH_X32), "x32");
	assert_string_equal(sclog_arch_name(ARCH_AARCH64), "aarch64");
	assert_null(sclog_arch_name(0));
	assert_null(sclog_arch_name(0xdeadbeef));

	assert_int_equal(sclog_arch_of(ARCH_X86_64, X32_BIT), ARCH_X32);
	assert_int_equal(sclog_arch_of(ARCH_X86_64, X32_BIT + 231), ARCH_X32);
	assert_int_equal(sclog_arch_of(ARCH_X86_64, 231), ARCH_X86_64);
	assert_int_equal(sclog_arch_of(ARCH_X86_64, -1), ARCH_X86_64);
	assert_int_equal(sclog_arch_of(ARCH_I386, X32_BIT), ARCH_I386);
}

static const struct {
	uint32_t arch;
	int64_t nr;
	const char *name;
} syscall_cases[] = {
	{ ARCH_X86_64, 0, "read" },
	{ ARCH_X86_64, 12, "brk" },
	{ ARCH_X86_64, 231, "exit_group" },
	{ ARCH_I386, 252, "exit_group" },
	{ ARCH_I386, 3, "read" },
	{ ARCH_I386, 0, "restart_syscall" },
	{ ARCH_X86_64, X32_BIT, "read" },
	{ ARCH_X86_64, X32_BIT + 60, "exit" },
	{ ARCH_AARCH64, 63, "read" },
	{ ARCH_X86_64, 99999, NULL },
	{ ARCH_X86_64, -1, NULL },
	{ ARCH_X86_64, INT64_MAX, NULL },
	{ ARCH_X86_64, (int64_t)INT32_MAX + 1, NULL },
	{ 0xdeadbeef, 0, NULL },
};

static void test_syscall_name(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(syscall_cases) / sizeof(syscall_cases[0]); i++) {
		char *name = sclog_syscall_name(syscall_cases[i].arch, syscall_cases[i].nr);

		if (!syscall_cases[i].name) {
			if (name)
				print_error("arch %#x nr %lld: '%s'\n", syscall_cases[i].arch,
					    (long long)syscall_cases[i].nr, name);
			assert_null(name);
			continue;
		}
		assert_non_null(name);
		assert_string_equal(name, syscall_cases[i].name);
		free(name);
	}
}

/* ---- UTF-8 ---- */

#define U(s, ok)                                                                                   \
	{                                                                                          \
		s, sizeof(s) - 1, ok, #s                                                           \
	}

static const struct {
	const char *s;
	size_t len;
	int valid;
	const char *name;
} utf8_cases[] = {
	U("", 1),
	U("plain ASCII /usr/bin/true", 1),
	U("\x01\x1f\x7f", 1),	  /* control characters are UTF-8 */
	U("\xc2\x80", 1),	  /* U+0080 */
	U("caf\xc3\xa9", 1),	  /* é */
	U("\xdf\xbf", 1),	  /* U+07FF */
	U("\xe0\xa0\x80", 1),	  /* U+0800 */
	U("\xe2\x82\xac", 1),	  /* € */
	U("\xed\x9f\xbf", 1),	  /* U+D7FF */
	U("\xee\x80\x80", 1),	  /* U+E000 */
	U("\xef\xbf\xbf", 1),	  /* U+FFFF */
	U("\xf0\x90\x80\x80", 1), /* U+10000 */
	U("\xf0\x9f\x98\x80", 1), /* emoji */
	U("\xf4\x8f\xbf\xbf", 1), /* U+10FFFF */
	U("\xc0\x80", 0),	  /* overlong NUL */
	U("\xc1\xbf", 0),	  /* overlong U+007F */
	U("\xe0\x80\x80", 0),	  /* overlong */
	U("\xe0\x9f\xbf", 0),	  /* overlong U+07FF */
	U("\xf0\x80\x80\x80", 0), /* overlong */
	U("\xf0\x8f\xbf\xbf", 0), /* overlong U+FFFF */
	U("\xed\xa0\x80", 0),	  /* U+D800 */
	U("\xed\xbf\xbf", 0),	  /* U+DFFF */
	U("\xf4\x90\x80\x80", 0), /* U+110000 */
	U("\xf5\x80\x80\x80", 0),
	U("\xf8\x88\x80\x80\x80", 0), /* 5-byte form */
	U("\xfe", 0),
	U("\xff", 0),
	U("\x80", 0), /* lone continuation */
	U("a\xbfz", 0),
	U("\xc3", 0), /* truncated */
	U("\xe2\x82", 0),
	U("\xf0\x9f\x98", 0),
	U("abc\xc3", 0),
	U("\xc3(", 0), /* bad continuation */
	U("\xe2(\xa1", 0),
	U("\xe2\x82(", 0),
	U("\xf0\x9f(\x80", 0),
	U("\0", 0), /* NUL */
	U("a\0b", 0),
	U("abc\0", 0),
};

static void test_utf8(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(utf8_cases) / sizeof(utf8_cases[0]); i++) {
		int v = sclog_utf8_valid(utf8_cases[i].s, utf8_cases[i].len);

		if (!v != !utf8_cases[i].valid)
			print_error("case %s: %d\n", utf8_cases[i].name, v);
		assert_int_equal(!!v, utf8_cases[i].valid);
	}
	/* Only @len bytes are looked at. */
	assert_true(sclog_utf8_valid("ab\xff", 2));
	assert_true(sclog_utf8_valid("\xc3\xa9\xc3", 2));
	assert_false(sclog_utf8_valid("\xc3\xa9\xc3", 3));
}

/* ---- OCI policy ---- */

struct entry {
	uint32_t arch;
	int64_t nr;
};

static struct sclog_profile *profile_of(const struct entry *e, size_t n)
{
	struct sclog_profile *p = sclog_profile_new();

	assert_non_null(p);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(sclog_profile_add_count(p, e[i].arch, e[i].nr, i + 1), 0);
	return p;
}

static const struct entry x86_64_only[] = {
	{ ARCH_X86_64, 231 },	{ ARCH_X86_64, 0 }, { ARCH_X86_64, 12 },  { ARCH_X86_64, 1 },
	{ ARCH_X86_64, 9 },	{ ARCH_X86_64, 3 }, { ARCH_X86_64, 257 }, { ARCH_X86_64, 5 },
	{ ARCH_X86_64, 99999 }, /* no name: left out, counted */
};
static const char *const x86_64_only_names[] = {
	"brk", "close", "exit_group", "fstat", "mmap", "openat", "read", "write", NULL,
};

static const struct entry x86_64_and_x86[] = {
	{ ARCH_X86_64, 0 }, { ARCH_X86_64, 1 }, { ARCH_X86_64, 60 }, { ARCH_X86_64, 231 },
	{ ARCH_I386, 3 },   { ARCH_I386, 4 },	{ ARCH_I386, 1 },    { ARCH_I386, 252 },
	{ ARCH_I386, 243 }, /* set_thread_area, i386 only */
};
static const char *const x86_64_and_x86_names[] = {
	"exit", "exit_group", "read", "set_thread_area", "write", NULL,
};

static const struct entry with_x32_and_unknown[] = {
	{ ARCH_X86_64, 0 },
	{ ARCH_X86_64, X32_BIT + 0 },  /* x32 read */
	{ ARCH_X86_64, X32_BIT + 60 }, /* x32 exit */
	{ 0xdeadbeef, 1 },	       /* unknown arch: left out, counted */
};
static const char *const with_x32_names[] = { "exit", "read", NULL };

static const char *const no_names[] = { NULL };

static const struct policy_case {
	const char *golden;
	const struct entry *entries;
	size_t n_entries;
	const char *action;
	const char *const *names;
	const char *const *arches; /* sorted */
	size_t unnamed;
} policy_cases[] = {
	{ "policy-x86_64-errno.json", x86_64_only, 9, "errno", x86_64_only_names,
	  (const char *const[]){ "SCMP_ARCH_X86_64", NULL }, 1 },
	{ "policy-x86_64-errno-eacces.json", x86_64_only, 9, "errno:EACCES", x86_64_only_names,
	  (const char *const[]){ "SCMP_ARCH_X86_64", NULL }, 1 },
	{ "policy-x86_64-kill.json", x86_64_only, 9, "kill", x86_64_only_names,
	  (const char *const[]){ "SCMP_ARCH_X86_64", NULL }, 1 },
	{ "policy-x86_64-kill-process.json", x86_64_only, 9, "kill-process", x86_64_only_names,
	  (const char *const[]){ "SCMP_ARCH_X86_64", NULL }, 1 },
	{ "policy-x86_64-trap.json", x86_64_only, 9, "trap", x86_64_only_names,
	  (const char *const[]){ "SCMP_ARCH_X86_64", NULL }, 1 },
	{ "policy-x86_64-log.json", x86_64_only, 9, "log", x86_64_only_names,
	  (const char *const[]){ "SCMP_ARCH_X86_64", NULL }, 1 },
	{ "policy-x86_64-x86-errno.json", x86_64_and_x86, 9, "errno", x86_64_and_x86_names,
	  (const char *const[]){ "SCMP_ARCH_X86", "SCMP_ARCH_X86_64", NULL }, 0 },
	{ "policy-x86_64-x32-errno.json", with_x32_and_unknown, 4, "errno", with_x32_names,
	  (const char *const[]){ "SCMP_ARCH_X32", "SCMP_ARCH_X86_64", NULL }, 1 },
	{ "policy-empty-errno.json", NULL, 0, "errno", no_names, (const char *const[]){ NULL }, 0 },
	{ "policy-empty-kill.json", NULL, 0, "kill", no_names, (const char *const[]){ NULL }, 0 },
};

static const char *golden_dir(void)
{
	const char *d = getenv("SCLOG_GOLDEN_DIR");

	return d && *d ? d : SCLOG_GOLDEN_DIR;
}

static char *read_file(const char *path, size_t *ret_len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, len = 0;

	if (!f)
		return NULL;
	for (;;) {
		size_t n;

		if (len + 4096 > cap) {
			cap = cap * 2 + 4096;
			buf = realloc(buf, cap + 1);
			assert_non_null(buf);
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	fclose(f);
	buf[len] = '\0';
	*ret_len = len;
	return buf;
}

static void compare_golden(const char *name, const char *text)
{
	char path[4096];
	const char *update = getenv("SCLOG_UPDATE_GOLDEN");
	size_t len = 0;
	char *want;

	snprintf(path, sizeof(path), "%s/%s", golden_dir(), name);
	if (update && strcmp(update, "1") == 0) {
		FILE *f = fopen(path, "wb");

		assert_non_null(f);
		assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
		assert_int_equal(fclose(f), 0);
		print_message("updated %s\n", path);
		return;
	}
	want = read_file(path, &len);
	if (!want)
		print_error("missing golden file %s (SCLOG_UPDATE_GOLDEN=1 writes it)\n", path);
	assert_non_null(want);
	if (len != strlen(text) || memcmp(want, text, len) != 0)
		print_error("%s differs from the emitted policy:\n%s\n"
			    "(if the change is intended: SCLOG_UPDATE_GOLDEN=1, review the diff)\n",
			    path, text);
	assert_int_equal(len, strlen(text));
	assert_memory_equal(want, text, len);
	free(want);
}

static size_t strv_len(const char *const *v)
{
	size_t n = 0;

	while (v[n])
		n++;
	return n;
}

static void assert_string_array(json_object *array, const char *const *want)
{
	size_t n = strv_len(want);

	assert_true(json_object_is_type(array, json_type_array));
	assert_int_equal(json_object_array_length(array), n);
	for (size_t i = 0; i < n; i++) {
		json_object *s = json_object_array_get_idx(array, i);

		assert_true(json_object_is_type(s, json_type_string));
		assert_string_equal(json_object_get_string(s), want[i]);
	}
}

/* What consumers rely on, checked on the parsed policy (golden or not). */
static void check_policy_structure(const char *text, const struct policy_case *c,
				   const struct sclog_action *act)
{
	json_object *root = json_tokener_parse(text), *v, *rule;

	assert_non_null(root);
	assert_true(json_object_is_type(root, json_type_object));
	assert_true(json_object_object_get_ex(root, "defaultAction", &v));
	assert_string_equal(json_object_get_string(v), sclog_action_oci_name(act->kind));
	/* crun rejects defaultErrnoRet with any other default action. */
	if (act->kind == SCLOG_ACT_ERRNO) {
		assert_true(json_object_object_get_ex(root, "defaultErrnoRet", &v));
		assert_true(json_object_is_type(v, json_type_int));
		assert_int_equal(json_object_get_int64(v), act->errno_ret);
	} else {
		assert_false(json_object_object_get_ex(root, "defaultErrnoRet", NULL));
	}
	/* runc < 1.2 rejects any flags; archMap is not what runtimes read. */
	assert_false(json_object_object_get_ex(root, "flags", NULL));
	assert_false(json_object_object_get_ex(root, "archMap", NULL));
	assert_true(json_object_object_get_ex(root, "architectures", &v));
	assert_string_array(v, c->arches);
	assert_true(json_object_object_get_ex(root, "syscalls", &v));
	assert_true(json_object_is_type(v, json_type_array));
	if (!c->names[0]) {
		assert_int_equal(json_object_array_length(v), 0);
	} else {
		assert_int_equal(json_object_array_length(v), 1);
		rule = json_object_array_get_idx(v, 0);
		assert_false(json_object_object_get_ex(rule, "name", NULL));
		assert_false(json_object_object_get_ex(rule, "errnoRet", NULL));
		assert_true(json_object_object_get_ex(rule, "action", &v));
		assert_string_equal(json_object_get_string(v), "SCMP_ACT_ALLOW");
		assert_true(json_object_object_get_ex(rule, "names", &v));
		assert_string_array(v, c->names); /* sorted, no duplicates */
	}
	json_object_put(root);
	/* Text files end with a newline. */
	assert_true(strlen(text) > 0 && text[strlen(text) - 1] == '\n');
}

static void test_policy_golden(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(policy_cases) / sizeof(policy_cases[0]); i++) {
		const struct policy_case *c = &policy_cases[i];
		struct sclog_profile *p = profile_of(c->entries, c->n_entries);
		struct sclog_action act;
		char *json = NULL;
		size_t unnamed = 12345;

		assert_int_equal(sclog_action_parse(c->action, &act), 0);
		struct sclog_policy *policy = NULL;

		assert_int_equal(sclog_policy_from_profile(p, &act, &policy, &unnamed), 0);
		assert_int_equal(sclog_export_oci(policy, &json), 0);
		sclog_policy_free(policy);
		assert_non_null(json);
		assert_int_equal(unnamed, c->unnamed);
		check_policy_structure(json, c, &act);
		compare_golden(c->golden, json);
		free(json);
		sclog_profile_free(p);
	}
}

/* ---- report ---- */

struct hostile {
	int64_t nr;
	const char *comm;
	size_t comm_len;
	int comm_utf8;
	const char *exe;
	size_t exe_len;
	int exe_utf8;
	const char *hex; /* the expected hex of the invalid one */
};

#define B(s) s, sizeof(s) - 1

static const struct hostile hostiles[] = {
	{ 0, B("plain"), 1, B("/usr/bin/true"), 1, NULL },
	{ 1, B("q\"uo\\te"), 1, B("/tmp/a \"b\\c\nd\re\tf"), 1, NULL },
	{ 2, B("caf\xc3\xa9 \xe2\x82\xac"), 1, B("/tmp/\x01\x1f\x7f</script>"), 1, NULL },
	{ 3, B("ok"), 1, B("\xff\xfe/x"), 0, "fffe2f78" },
	{ 4, B("a\0b"), 0, B("/ok"), 1, "610062" },
	{ 5, B("\xc0\x80"), 0, B("/ok"), 1, "c080" },
	{ 6, B("ok"), 1, B("/bin/\xed\xa0\x80"), 0, "2f62696e2feda080" },
	{ 7, B("\"},\"x\":\"y"), 1, B("/ok"), 1, NULL },
};

static json_object *get(json_object *o, const char *key)
{
	json_object *v = NULL;

	if (!json_object_object_get_ex(o, key, &v))
		print_error("no key '%s' in %s\n", key, json_object_to_json_string(o));
	assert_non_null(v);
	return v;
}

static void assert_bytes(json_object *e, const char *key, const char *bytes, size_t len, int utf8,
			 const char *hex)
{
	char hexkey[32];
	json_object *v;

	snprintf(hexkey, sizeof(hexkey), "%s_hex", key);
	if (utf8) {
		assert_false(json_object_object_get_ex(e, hexkey, NULL));
		v = get(e, key);
		assert_int_equal(json_object_get_string_len(v), len);
		assert_memory_equal(json_object_get_string(v), bytes, len);
	} else {
		assert_false(json_object_object_get_ex(e, key, NULL));
		assert_string_equal(json_object_get_string(get(e, hexkey)), hex);
	}
}

static void test_report_hostile(void **state)
{
	struct sclog_profile *p = sclog_profile_new();
	struct sclog_counters counters = {
		.records = 10, .foreign = 2, .malformed = 3, .bad_frames = 4, .overflow = 5
	};
	char *argv[] = { (char *)"sh", (char *)"-c", (char *)"echo \"hi\"\n\\", (char *)"\xff",
			 NULL };
	const char *problems[] = { "lost \"records\"", "second" };
	struct sclog_run_info info = {
		.version = "0.1.0",
		.kernel_release = "6.1.0-test",
		.argv = argv,
		.duration = 1.5,
		.exited = 1,
		.status = 3,
		.ses = 7,
		.lost_enobufs = 11,
		.lost_kernel = 22,
		.complete = 0,
		.problems = problems,
		.n_problems = 2,
	};
	json_object *root, *list, *cmd;
	char *json = NULL;
	size_t n = sizeof(hostiles) / sizeof(hostiles[0]);

	(void)state;
	assert_non_null(p);
	for (size_t i = 0; i < n; i++) {
		/* The kernel hands such values over hex-encoded. */
		char comm_hex[64], exe_hex[128];
		struct sclog_record r = { .arch = ARCH_X86_64,
					  .nr = hostiles[i].nr,
					  .pid = 100 + (int32_t)i,
					  .ses = 7,
					  .fields = SCLOG_FIELDS_REQUIRED | SCLOG_FIELD_COMM |
						    SCLOG_FIELD_EXE };

		for (size_t k = 0; k < hostiles[i].comm_len; k++)
			sprintf(comm_hex + 2 * k, "%02X", (unsigned char)hostiles[i].comm[k]);
		for (size_t k = 0; k < hostiles[i].exe_len; k++)
			sprintf(exe_hex + 2 * k, "%02X", (unsigned char)hostiles[i].exe[k]);
		r.comm = (struct sclog_span){ comm_hex, 2 * hostiles[i].comm_len, 0 };
		r.exe = (struct sclog_span){ exe_hex, 2 * hostiles[i].exe_len, 0 };
		assert_int_equal(sclog_profile_add(p, &r), 0);
	}
	assert_int_equal(sclog_profile_add_count(p, ARCH_X86_64, 99999, 2), 0);

	assert_int_equal(sclog_report_json(p, &counters, &info, &json), 0);
	assert_non_null(json);
	root = json_tokener_parse(json);
	if (!root)
		print_error("report does not parse:\n%s\n", json);
	assert_non_null(root);

	list = get(root, "syscalls");
	assert_int_equal(json_object_array_length(list), n + 1);
	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(list, i);

		assert_int_equal(json_object_get_int64(get(e, "nr")), hostiles[i].nr);
		assert_string_equal(json_object_get_string(get(e, "arch")), "x86_64");
		assert_int_equal(json_object_get_int64(get(e, "count")), 1);
		assert_int_equal(json_object_get_int64(get(e, "first_pid")), 100 + (int64_t)i);
		assert_bytes(e, "comm", hostiles[i].comm, hostiles[i].comm_len,
			     hostiles[i].comm_utf8, hostiles[i].hex);
		assert_bytes(e, "exe", hostiles[i].exe, hostiles[i].exe_len, hostiles[i].exe_utf8,
			     hostiles[i].hex);
	}
	assert_string_equal(json_object_get_string(get(json_object_array_get_idx(list, 0), "name")),
			    "read");
	{
		json_object *unnamed = json_object_array_get_idx(list, n), *name = NULL;

		assert_int_equal(json_object_get_int64(get(unnamed, "nr")), 99999);
		assert_int_equal(json_object_get_int64(get(unnamed, "count")), 2);
		/* Present, and null. */
		assert_true(json_object_object_get_ex(unnamed, "name", &name));
		assert_null(name);
		assert_false(json_object_object_get_ex(unnamed, "exe", NULL));
		assert_false(json_object_object_get_ex(unnamed, "exe_hex", NULL));
	}

	cmd = get(root, "command");
	assert_int_equal(json_object_array_length(cmd), 4);
	assert_string_equal(json_object_get_string(json_object_array_get_idx(cmd, 0)), "sh");
	assert_string_equal(json_object_get_string(json_object_array_get_idx(cmd, 2)),
			    "echo \"hi\"\n\\");
	assert_string_equal(
		json_object_get_string(get(json_object_array_get_idx(cmd, 3), "arg_hex")), "ff");
	assert_string_equal(json_object_get_string(get(root, "sclog_version")), "0.1.0");
	{
		/* Which libseccomp named the syscalls: the one loaded. */
		char want[48];

		snprintf(want, sizeof(want), "%u.%u.%u", seccomp_version()->major,
			 seccomp_version()->minor, seccomp_version()->micro);
		assert_string_equal(json_object_get_string(get(root, "libseccomp")), want);
	}
	assert_string_equal(json_object_get_string(get(root, "kernel_release")), "6.1.0-test");
	assert_int_equal(json_object_get_int(get(root, "exit_status")), 3);
	assert_false(json_object_object_get_ex(root, "signal", NULL));
	assert_int_equal(json_object_get_int64(get(root, "audit_session")), 7);
	assert_false(json_object_get_boolean(get(root, "complete")));
	assert_int_equal(json_object_array_length(get(root, "problems")), 2);
	assert_string_equal(
		json_object_get_string(json_object_array_get_idx(get(root, "problems"), 0)),
		"lost \"records\"");
	assert_int_equal(json_object_get_int64(get(root, "records_seen")), 10);
	/* records_lost counts records; ENOBUFS events are overflows. */
	assert_int_equal(json_object_get_int64(get(root, "records_lost")), 22);
	assert_int_equal(json_object_get_int64(get(root, "overflows")), 11);
	{
		json_object *c = get(root, "counters");

		assert_int_equal(json_object_get_int64(get(c, "records")), 10);
		assert_int_equal(json_object_get_int64(get(c, "foreign")), 2);
		assert_int_equal(json_object_get_int64(get(c, "malformed")), 3);
		assert_int_equal(json_object_get_int64(get(c, "bad_frames")), 4);
		assert_int_equal(json_object_get_int64(get(c, "overflow")), 5);
		assert_int_equal(json_object_get_int64(get(c, "lost_enobufs")), 11);
		assert_int_equal(json_object_get_int64(get(c, "lost_kernel")), 22);
	}
	assert_true(json_object_get_double(get(root, "duration_seconds")) == 1.5);
	free(json);
	json_object_put(root);
	sclog_profile_free(p);
}

static void test_report_signal_and_i386(void **state)
{
	struct sclog_profile *p = sclog_profile_new();
	struct sclog_counters counters = { 0 };
	char *argv[] = { (char *)"a.out", NULL };
	struct sclog_run_info info = {
		.version = "0.1.0", .argv = argv, .exited = 0, .status = 9, .complete = 1
	};
	json_object *root, *e;
	char *json = NULL;

	(void)state;
	assert_non_null(p);
	assert_int_equal(sclog_profile_add_count(p, ARCH_I386, 252, 1), 0);
	assert_int_equal(sclog_profile_add_count(p, ARCH_X86_64, X32_BIT + 60, 1), 0);
	assert_int_equal(sclog_report_json(p, &counters, &info, &json), 0);
	root = json_tokener_parse(json);
	assert_non_null(root);
	assert_int_equal(json_object_get_int(get(root, "signal")), 9);
	assert_false(json_object_object_get_ex(root, "exit_status", NULL));
	assert_true(json_object_get_boolean(get(root, "complete")));
	assert_string_equal(json_object_get_string(get(root, "kernel_release")), "");
	e = json_object_array_get_idx(get(root, "syscalls"), 0);
	assert_string_equal(json_object_get_string(get(e, "arch")), "x86");
	assert_string_equal(json_object_get_string(get(e, "name")), "exit_group");
	assert_int_equal(json_object_get_int64(get(e, "audit_arch")), ARCH_I386);
	e = json_object_array_get_idx(get(root, "syscalls"), 1);
	assert_string_equal(json_object_get_string(get(e, "arch")), "x32");
	assert_string_equal(json_object_get_string(get(e, "name")), "exit");
	assert_int_equal(json_object_get_int64(get(e, "audit_arch")), ARCH_X86_64);
	free(json);
	json_object_put(root);
	sclog_profile_free(p);
}

/*
 * Every section of the report, each optional one both present and absent:
 * the emitted text byte for byte against tests/golden/report-*.json.  The
 * libseccomp version (the one loaded) is masked.
 */
static void report_golden(const char *golden, const struct sclog_profile *p,
			  const struct sclog_counters *c, const struct sclog_run_info *info)
{
	char *json = NULL, *v;

	assert_int_equal(sclog_report_json(p, c, info, &json), 0);
	v = strstr(json, "\"libseccomp\": \"");
	assert_non_null(v);
	v += strlen("\"libseccomp\": \"");
	while (*v && *v != '"')
		*v++ = 'X';
	compare_golden(golden, json);
	free(json);
}

static void test_report_golden(void **state)
{
	static const char args_json[] =
		"{\"syscalls\": [{\"name\": \"socket\", \"args\": [{\"index\": 0}, "
		"{\"index\": 1, \"mask\": \"0xf\"}]}, {\"name\": \"clone3\", "
		"\"struct\": \"clone_args.flags\"}, {\"name\": \"openat\", "
		"\"args\": [{\"index\": 2}]}]}";
	const uint32_t arches[] = { SCMP_ARCH_X86_64 };
	struct sclog_profile *p = sclog_profile_new();
	struct sclog_counters counters = { .records = 10,
					   .foreign = 2,
					   .malformed = 3,
					   .bad_frames = 4,
					   .overflow = 5,
					   .alloc_failures = 6,
					   .followed = 7,
					   .session_changes = 8 };
	char *argv[] = { (char *)"sh", (char *)"-c", (char *)"x\xff", NULL };
	char *runtime_names[] = { (char *)"rseq", (char *)"set_robust_list", NULL };
	char *enosys_names[] = { (char *)"clone3", NULL };
	char *implied_names[] = { (char *)"rt_sigreturn", NULL };
	const char *problems[] = { "one", "two" };
	const char *data_sources[] = { "runtimes", "embedded", "args", "/etc/sclog/args.json",
				       NULL };
	struct sclog_ownfilter *own = calloc(1, sizeof(*own));
	struct sclog_args_spec *spec = NULL;
	struct sclog_args_seen *seen = NULL;
	struct sclog_error err = { 0 };
	const uint64_t a1[6] = { 2, 0x81 }, a2[6] = { 10, 0x2 }, a3[6] = { 0x100 };
	struct sclog_run_info info = {
		.version = "0.1.0",
		.kernel_release = "6.1.0-test",
		.argv = argv,
		.duration = 2.25,
		.exited = 1,
		.status = 3,
		.ses = 7,
		.lost_enobufs = 11,
		.lost_kernel = 22,
		.settings_polls = 4,
		.truncated = 1,
		.alloc_failures = 2,
		.witnesses_checked = 1,
		.exits_seen = 5,
		.exits_missing = 1,
		.has_auid = 1,
		.auid_before = 1000,
		.auid_after = 4294967295u,
		.complete = 0,
		.problems = problems,
		.n_problems = 2,
		.max_rss_kib = 4096,
		.base = "base.json",
		.new_syscalls = 3,
		.runtime = "crun 1.8",
		.runtime_names = runtime_names,
		.enosys_names = enosys_names,
		.implied_names = implied_names,
		.container_runtime = "podman",
		.container_path = "podman run -> crun",
		.container_nnp = 1,
		.container_replaced = "the engine's default",
		.container_annotations = "run.oci.seccomp_bpf_data",
		.container_exec = 1,
		.container_left = "conmon",
		.container_n_left = 2,
		.container_listener = "listenerPath",
		.container_handover = 9,
		.collector = "notify",
		.collector_why = "--backend notify",
		.interrupted = 12,
		.unreceived = 13,
		.data_sources = data_sources,
		.own = own,
		.own_effect = "pid 42 installed one",
	};
	struct sclog_record rec = { .arch = ARCH_X86_64,
				    .nr = 1,
				    .pid = 77,
				    .ses = 7,
				    .fields = SCLOG_FIELDS_REQUIRED | SCLOG_FIELD_COMM |
					      SCLOG_FIELD_EXE,
				    .comm = { "747275ff", 8, 0 },
				    .exe = { "/bin/true", 9, 1 } };
	struct sclog_run_info bare = {
		.version = "0.1.0",
		.argv = argv + 2,
		.exited = 0,
		.status = 9,
		.lost_unknown = 1,
		.complete = 1,
		.container_runtime = "crun",
		.container_path = "crun run",
		.container_nnp = -1,
		.container_exec = -1,
		.collector = "audit",
		.own = own,
	};

	(void)state;
	assert_non_null(p);
	assert_non_null(own);
	assert_int_equal(sclog_profile_add_count(p, ARCH_X86_64, 0, 3), 0);
	assert_int_equal(sclog_profile_add_count(p, ARCH_I386, 252, 1), 0);
	assert_int_equal(sclog_profile_add_count(p, ARCH_X86_64, 99999, 2), 0);
	assert_int_equal(sclog_profile_add(p, &rec), 0);
	assert_int_equal(
		sclog_args_spec_parse(args_json, strlen(args_json), "t", arches, 1, &spec, &err),
		0);
	seen = sclog_args_seen_new(spec);
	assert_non_null(seen);
	assert_int_equal(sclog_args_seen_add(seen, spec, 0, a1), 0);
	assert_int_equal(sclog_args_seen_add(seen, spec, 0, a2), 0);
	assert_int_equal(sclog_args_seen_add(seen, spec, 1, a3), 0);
	seen->per_entry[0].dropped = 0;
	info.args_spec = spec;
	info.args_seen = seen;
	own->found[0] =
		(struct sclog_own_filter){ .pid = 42,
					   .comm = "fil\"ter",
					   .state = SCLOG_OWN_INSTALLED,
					   .extra = 2,
					   .actions = SCLOG_OWN_ACT_ERRNO | SCLOG_OWN_ACT_ANY };
	own->found[1] = (struct sclog_own_filter){ .pid = 43, .comm = "\xff" };
	own->n_found = 2;
	own->more = 1;
	own->dropped = 2;

	report_golden("report-full.json", p, &counters, &info);
	own->n_found = own->more = own->dropped = 0;
	report_golden("report-bare.json", p, &counters, &bare);

	sclog_args_seen_free(seen);
	sclog_args_spec_free(spec);
	free(own);
	sclog_profile_free(p);
}

/*
 * Regression: "errno:ENAME" was looked up with strerrorname_np() alone,
 * which knows one name per number, so the aliases <errno.h> defines
 * (EWOULDBLOCK, ENOTSUP, EDEADLOCK) were rejected.
 */
static void test_errno_aliases(void **state)
{
	static const struct {
		const char *text;
		uint32_t errno_ret;
	} aliases[] = {
		{ "errno:EWOULDBLOCK", EWOULDBLOCK },
		{ "errno:ENOTSUP", ENOTSUP },
		{ "errno:EDEADLOCK", EDEADLOCK },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++) {
		struct sclog_action a;
		int r = sclog_action_parse(aliases[i].text, &a);

		if (r != 0)
			print_error("'%s': %d\n", aliases[i].text, r);
		assert_int_equal(r, 0);
		assert_int_equal(a.kind, SCLOG_ACT_ERRNO);
		assert_int_equal(a.errno_ret, aliases[i].errno_ret);
	}
}

/* ---- the one evaluation ---- */

static struct sclog_policy *parse(const char *json)
{
	struct sclog_policy *p = NULL;
	struct sclog_error err = { 0 };

	if (sclog_policy_parse(json, strlen(json), "test", &p, &err) < 0)
		print_error("%s\n", err.msg);
	assert_non_null(p);
	return p;
}

static const struct eval_case {
	const char *policy;
	const char *name;
	int64_t arg0; /* -1: no arguments given */
	enum sclog_action_kind kind;
	int conditional;
} eval_cases[] = {
	/* A deny-list: the default lets calls run, rules stop some. */
	{ "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"ptrace\"],"
	  "\"action\":\"SCMP_ACT_ERRNO\"}]}",
	  "ptrace", -1, SCLOG_ACT_ERRNO, 0 },
	{ "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"ptrace\"],"
	  "\"action\":\"SCMP_ACT_ERRNO\"}]}",
	  "read", -1, SCLOG_ACT_ALLOW, 0 },
	/* An allow-list. */
	{ "{\"defaultAction\":\"SCMP_ACT_KILL\",\"syscalls\":[{\"names\":[\"read\"],"
	  "\"action\":\"SCMP_ACT_ALLOW\"}]}",
	  "read", -1, SCLOG_ACT_ALLOW, 0 },
	{ "{\"defaultAction\":\"SCMP_ACT_KILL\",\"syscalls\":[{\"names\":[\"read\"],"
	  "\"action\":\"SCMP_ACT_ALLOW\"}]}",
	  "write", -1, SCLOG_ACT_KILL_THREAD, 0 },
	/* Same-index conditions are OR'ed rules, as in crun and runc. */
	{ "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"personality\"],"
	  "\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,\"value\":0,\"op\":\"SCMP_CMP_EQ\"}"
	  ","
	  "{\"index\":0,\"value\":8,\"op\":\"SCMP_CMP_EQ\"}]}]}",
	  "personality", 8, SCLOG_ACT_ALLOW, 0 },
	{ "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"personality\"],"
	  "\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,\"value\":0,\"op\":\"SCMP_CMP_EQ\"}"
	  ","
	  "{\"index\":0,\"value\":8,\"op\":\"SCMP_CMP_EQ\"}]}]}",
	  "personality", 0, SCLOG_ACT_ALLOW, 0 },
	{ "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"personality\"],"
	  "\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,\"value\":0,\"op\":\"SCMP_CMP_EQ\"}"
	  ","
	  "{\"index\":0,\"value\":8,\"op\":\"SCMP_CMP_EQ\"}]}]}",
	  "personality", 3, SCLOG_ACT_ERRNO, 0 },
	{ "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"personality\"],"
	  "\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,\"value\":0,\"op\":\"SCMP_CMP_EQ\"}"
	  "]}]}",
	  "personality", -1, SCLOG_ACT_ALLOW, 1 },
	/* MASKED_EQ: (arg & value) == valueTwo. */
	{ "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"clone\"],"
	  "\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,\"value\":2114060288,\"valueTwo\":"
	  "0,"
	  "\"op\":\"SCMP_CMP_MASKED_EQ\"}]}]}",
	  "clone", 0x11, SCLOG_ACT_ALLOW, 0 },
	{ "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"clone\"],"
	  "\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,\"value\":2114060288,\"valueTwo\":"
	  "0,"
	  "\"op\":\"SCMP_CMP_MASKED_EQ\"}]}]}",
	  "clone", 0x10000000, SCLOG_ACT_ERRNO, 0 },
};

static void test_policy_eval(void **state)
{
	uint32_t foreign =
		seccomp_arch_native() == SCMP_ARCH_AARCH64 ? SCMP_ARCH_X86_64 : SCMP_ARCH_AARCH64;

	(void)state;
	for (size_t i = 0; i < sizeof(eval_cases) / sizeof(eval_cases[0]); i++) {
		const struct eval_case *c = &eval_cases[i];
		struct sclog_policy *p = parse(c->policy);
		uint64_t args[6] = { (uint64_t)c->arg0 };
		struct sclog_action a;
		int r = sclog_policy_eval(p, seccomp_arch_native(), c->name,
					  c->arg0 < 0 ? NULL : args, &a);

		if (r != c->conditional || a.kind != c->kind)
			print_error("case %zu: %d %d\n", i, r, a.kind);
		assert_int_equal(r, c->conditional);
		assert_int_equal(a.kind, c->kind);
		if (c->arg0 < 0)
			assert_int_equal(
				sclog_policy_allows(p, seccomp_arch_native(), c->name, NULL),
				c->kind == SCLOG_ACT_ALLOW || c->kind == SCLOG_ACT_LOG);
		/* A foreign architecture the policy does not cover. */
		sclog_policy_eval(p, foreign, c->name, NULL, &a);
		assert_int_equal(a.kind, SCLOG_ACT_KILL_THREAD);
		sclog_policy_free(p);
	}
}

static void test_policy_conflicts(void **state)
{
	static const struct sclog_action allow = { .kind = SCLOG_ACT_ALLOW };
	static const struct sclog_action kill = { .kind = SCLOG_ACT_KILL_THREAD };
	struct sclog_policy *p = sclog_policy_new(&kill), *base = sclog_policy_new(&kill);
	const char *ptrace = "ptrace";
	struct sclog_rule deny = { .names = (char **)&ptrace, .n_names = 1, .action = kill };
	struct sclog_conflict c;
	char **over = NULL;

	(void)state;
	assert_int_equal(sclog_policy_allow(p, "ptrace"), 0);
	assert_int_equal(sclog_policy_add_rule(p, &deny, &c), -EEXIST);
	assert_string_equal(c.name, "ptrace");
	assert_int_equal(c.existing.kind, SCLOG_ACT_ALLOW);
	assert_int_equal(c.added.kind, SCLOG_ACT_KILL_THREAD);
	/* --base: what the run saw wins, and nothing conflicts. */
	deny.action = (struct sclog_action){ .kind = SCLOG_ACT_ERRNO, .errno_ret = 1 };
	assert_int_equal(sclog_policy_add_rule(base, &deny, NULL), 0);
	assert_int_equal(sclog_policy_allow(base, "read"), 0);
	assert_int_equal(sclog_policy_merge_base(p, base, &over), 1);
	assert_string_equal(over[0], "ptrace");
	assert_null(over[1]);
	assert_true(sclog_policy_allows(p, seccomp_arch_native(), "ptrace", NULL));
	assert_true(sclog_policy_allows(p, seccomp_arch_native(), "read", NULL));
	(void)allow;
	sclog_strv_free(over);
	sclog_policy_free(base);
	sclog_policy_free(p);
}

static void test_policy_enosys(void **state)
{
	static const struct sclog_action eperm = { .kind = SCLOG_ACT_ERRNO, .errno_ret = 1 };
	static const struct sclog_action allow = { .kind = SCLOG_ACT_ALLOW };
	char *names[] = { "clone3", "statx", "clock_gettime64", NULL }, **added = NULL;
	struct sclog_policy *p = sclog_policy_new(&eperm), *deny = sclog_policy_new(&allow);
	struct sclog_action a;

	(void)state;
	assert_int_equal(sclog_policy_add_arch(p, SCMP_ARCH_X86_64), 0);
	assert_int_equal(sclog_policy_allow(p, "statx"), 0);
	/* statx is allowed; clock_gettime64 does not exist on x86_64. */
	assert_int_equal(sclog_policy_add_enosys(p, names, &added), 1);
	assert_string_equal(added[0], "clone3");
	assert_null(added[1]);
	sclog_policy_eval(p, SCMP_ARCH_X86_64, "clone3", NULL, &a);
	assert_int_equal(a.kind, SCLOG_ACT_ERRNO);
	assert_int_equal(a.errno_ret, ENOSYS);
	sclog_strv_free(added);
	/* With x86 too, the 32-bit time call gets its rule. */
	assert_int_equal(sclog_policy_add_arch(p, SCMP_ARCH_X86), 0);
	assert_int_equal(sclog_policy_add_enosys(p, names, &added), 1);
	assert_string_equal(added[0], "clock_gettime64");
	sclog_strv_free(added);
	/* A deny-list lets them run already. */
	assert_int_equal(sclog_policy_add_enosys(deny, names, &added), 0);
	sclog_strv_free(added);
	sclog_policy_free(deny);
	sclog_policy_free(p);
}

/*
 * `test_policy` runs the tests of working behaviour; `test_policy
 * --known-bugs` the tests of bugs not fixed yet (CTest unit_policy_known_bugs,
 * failing until they are; then move them into the main list).
 */
int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_action_parse),
		cmocka_unit_test(test_action_oci_name),
		cmocka_unit_test(test_arch_name),
		cmocka_unit_test(test_syscall_name),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_policy_golden),
		cmocka_unit_test(test_report_hostile),
		cmocka_unit_test(test_report_signal_and_i386),
		cmocka_unit_test(test_report_golden),
		cmocka_unit_test(test_errno_aliases),
		cmocka_unit_test(test_policy_eval),
		cmocka_unit_test(test_policy_conflicts),
		cmocka_unit_test(test_policy_enosys),
	};

	(void)argc;
	(void)argv;
	return cmocka_run_group_tests_name("policy", tests, NULL, NULL);
}
