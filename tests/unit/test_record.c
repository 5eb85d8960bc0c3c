// SPDX-License-Identifier: GPL-2.0-only
/*
 * sclog_record_parse() and sclog_span_decode() on the text the kernel's
 * __audit_seccomp() prints (kernel/auditsc.c):
 *   auid= uid= gid= ses= [subj=] pid= comm= exe= sig= arch= syscall= compat= ip= code=
 * comm= and exe= go through audit_log_untrustedstring(): quoted, or upper-case
 * hex without quotes when the value holds '"', a byte < 0x21 or > 0x7e.
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

#include "sclog/records/record.h"

#define ARCH_X86_64 0xc000003eu
#define ARCH_I386 0x40000003u

/* The record of the field notes, as received on the netlink socket. */
#define REAL_RECORD                                                                                \
	"audit(1795888670.875:3): auid=4294967295 uid=0 gid=0 ses=4294967295 "                     \
	"pid=2492 comm=\"true\" exe=\"/usr/bin/true\" sig=0 arch=c000003e "                        \
	"syscall=12 compat=0 ip=0x7f394eda8c47 code=0x7ffc0000"

#define NO_VALUE ((const char *)-1) /* field absent */

struct parse_case {
	const char *name;
	const char *text;
	size_t len; /* 0: strlen(text) */
	uint32_t arch;
	int64_t nr;
	int32_t pid;
	uint32_t ses;
	uint32_t auid;
	int compat;
	uint32_t code;
	const char *comm; /* decoded bytes; NO_VALUE when absent */
	size_t comm_len;  /* 0: strlen(comm) */
	const char *exe;
	size_t exe_len;
};

static const struct parse_case good[] = {
	{ "netlink payload", REAL_RECORD, 0, ARCH_X86_64, 12, 2492, 4294967295u, 4294967295u, 0,
	  0x7ffc0000, "true", 0, "/usr/bin/true", 0 },
	{ "audit.log line",
	  "type=SECCOMP msg=audit(1795888670.875:3): auid=1000 uid=1000 gid=1000 "
	  "ses=7 subj=unconfined pid=2492 comm=\"true\" exe=\"/usr/bin/true\" "
	  "sig=0 arch=c000003e syscall=12 compat=0 ip=0x7f394eda8c47 code=0x7ffc0000",
	  0, ARCH_X86_64, 12, 2492, 7, 1000, 0, 0x7ffc0000, "true", 0, "/usr/bin/true", 0 },
	{ "audit.log line with node=",
	  "node=host1 type=SECCOMP msg=audit(1795888670.875:3): auid=1000 uid=1000 "
	  "gid=1000 ses=7 pid=5 comm=\"sh\" exe=\"/bin/sh\" sig=0 arch=c000003e "
	  "syscall=0 compat=0 ip=0x1 code=0x7ffc0000",
	  0, ARCH_X86_64, 0, 5, 7, 1000, 0, 0x7ffc0000, "sh", 0, "/bin/sh", 0 },
	{ "auditd ENRICHED line: fields after 0x1d are not the record's",
	  "type=SECCOMP msg=audit(1795888670.875:3): auid=1000 uid=1000 gid=1000 "
	  "ses=7 pid=2492 comm=\"true\" exe=\"/usr/bin/true\" sig=0 arch=c000003e "
	  "syscall=12 compat=0 ip=0x7f394eda8c47 code=0x7ffc0000\x1d"
	  "AUID=\"alice\" UID=\"alice\" GID=\"alice\" ARCH=x86_64 SYSCALL=brk pid=1 ses=1\n",
	  0, ARCH_X86_64, 12, 2492, 7, 1000, 0, 0x7ffc0000, "true", 0, "/usr/bin/true", 0 },
	{ "kernel log line",
	  "audit: type=1326 audit(1795888670.875:3): auid=4294967295 uid=0 gid=0 "
	  "ses=4294967295 pid=2492 comm=\"true\" exe=\"/usr/bin/true\" sig=0 "
	  "arch=c000003e syscall=12 compat=0 ip=0x7f394eda8c47 code=0x7ffc0000",
	  0, ARCH_X86_64, 12, 2492, 4294967295u, 4294967295u, 0, 0x7ffc0000, "true", 0,
	  "/usr/bin/true", 0 },
	{ "dmesg line with timestamp",
	  "[   12.345678] audit: type=1326 audit(1795888670.875:3): auid=0 uid=0 "
	  "gid=0 ses=1 pid=77 comm=\"cat\" exe=\"/usr/bin/cat\" sig=0 arch=c000003e "
	  "syscall=257 compat=0 ip=0x7f394eda8c47 code=0x7ffc0000",
	  0, ARCH_X86_64, 257, 77, 1, 0, 0, 0x7ffc0000, "cat", 0, "/usr/bin/cat", 0 },
	{ "hex comm with spaces",
	  "audit(1.000:1): auid=0 uid=0 gid=0 ses=1 pid=10 comm=6120622063 "
	  "exe=\"/tmp/x\" sig=0 arch=c000003e syscall=1 compat=0 ip=0x1 code=0x7ffc0000",
	  0, ARCH_X86_64, 1, 10, 1, 0, 0, 0x7ffc0000, "a b c", 0, "/tmp/x", 0 },
	{ "hex exe with a quote",
	  "audit(1.000:1): auid=0 uid=0 gid=0 ses=1 pid=10 comm=\"x\" "
	  "exe=2F746D702F61202262 sig=0 arch=c000003e syscall=1 compat=0 ip=0x1 "
	  "code=0x7ffc0000",
	  0, ARCH_X86_64, 1, 10, 1, 0, 0, 0x7ffc0000, "x", 0, "/tmp/a \"b", 0 },
	{ "hex comm with newline and high bytes",
	  "audit(1.000:1): auid=0 uid=0 gid=0 ses=1 pid=10 comm=610A62FF00 "
	  "exe=2FC3A9 sig=0 arch=c000003e syscall=1 compat=0 ip=0x1 code=0x7ffc0000",
	  0, ARCH_X86_64, 1, 10, 1, 0, 0, 0x7ffc0000, "a\nb\xff", 5, "/\xc3\xa9", 0 },
	{ "exe=(null)",
	  "audit(1.000:1): auid=0 uid=0 gid=0 ses=1 pid=10 comm=\"kworker\" "
	  "exe=(null) sig=0 arch=c000003e syscall=1 compat=0 ip=0x1 code=0x7ffc0000",
	  0, ARCH_X86_64, 1, 10, 1, 0, 0, 0x7ffc0000, "kworker", 0, "(null)", 0 },
	{ "i386 record",
	  "audit(1795888670.875:9): auid=0 uid=0 gid=0 ses=3 pid=4242 comm=\"a.out\" "
	  "exe=\"/tmp/a.out\" sig=0 arch=40000003 syscall=252 compat=1 ip=0xf7f1c549 "
	  "code=0x7ffc0000",
	  0, ARCH_I386, 252, 4242, 3, 0, 1, 0x7ffc0000, "a.out", 0, "/tmp/a.out", 0 },
	{ "AppArmor label with a word without =",
	  "audit(1.000:1): auid=0 uid=0 gid=0 ses=1 subj=snap.lxd.lxc (enforce) "
	  "pid=10 comm=\"lxc\" exe=\"/snap/lxc\" sig=0 arch=c000003e syscall=39 "
	  "compat=0 ip=0x1 code=0x7ffc0000",
	  0, ARCH_X86_64, 39, 10, 1, 0, 0, 0x7ffc0000, "lxc", 0, "/snap/lxc", 0 },
	{ "quoted comm that looks like fields",
	  "audit(1.000:1): auid=0 uid=0 gid=0 ses=1 pid=10 comm=\"ses=99\" "
	  "exe=\"pid=3\" sig=0 arch=c000003e syscall=1 compat=0 ip=0x1 code=0x7ffc0000",
	  0, ARCH_X86_64, 1, 10, 1, 0, 0, 0x7ffc0000, "ses=99", 0, "pid=3", 0 },
	{ "quoted comm that looks like hex stays text",
	  "audit(1.000:1): auid=0 uid=0 gid=0 ses=1 pid=10 comm=\"4142\" "
	  "exe=\"/x\" sig=0 arch=c000003e syscall=1 compat=0 ip=0x1 code=0x7ffc0000",
	  0, ARCH_X86_64, 1, 10, 1, 0, 0, 0x7ffc0000, "4142", 0, "/x", 0 },
	{ "empty quoted comm",
	  "audit(1.000:1): auid=0 uid=0 gid=0 ses=1 pid=10 comm=\"\" "
	  "exe=\"/x\" sig=0 arch=c000003e syscall=1 compat=0 ip=0x1 code=0x7ffc0000",
	  0, ARCH_X86_64, 1, 10, 1, 0, 0, 0x7ffc0000, "", 0, "/x", 0 },
	{ "trailing newline and NUL are ignored", REAL_RECORD "\n", sizeof(REAL_RECORD "\n"),
	  ARCH_X86_64, 12, 2492, 4294967295u, 4294967295u, 0, 0x7ffc0000, "true", 0,
	  "/usr/bin/true", 0 },
	{ "negative syscall number",
	  "audit(1.000:1): auid=0 uid=0 gid=0 ses=1 pid=10 comm=\"x\" exe=\"/x\" "
	  "sig=0 arch=c000003e syscall=-1 compat=0 ip=0x1 code=0x7ffc0000",
	  0, ARCH_X86_64, -1, 10, 1, 0, 0, 0x7ffc0000, "x", 0, "/x", 0 },
	{ "largest values",
	  "audit(1.000:1): auid=4294967295 ses=4294967295 pid=2147483647 "
	  "arch=ffffffff syscall=9223372036854775807 code=0xffffffff",
	  0, 0xffffffffu, INT64_MAX, INT32_MAX, 4294967295u, 4294967295u, 0, 0xffffffffu, NO_VALUE,
	  0, NO_VALUE, 0 },
	{ "only the required fields, no header",
	  "ses=5 pid=6 arch=c000003e syscall=7 code=0x7ffc0000", 0, ARCH_X86_64, 7, 6, 5, 0, 0,
	  0x7ffc0000, NO_VALUE, 0, NO_VALUE, 0 },
	{ "extra spaces and unknown fields",
	  "audit(1.000:1):   ses=5  newfield=abc  pid=6 arch=c000003e   syscall=7 code=0x0  ", 0,
	  ARCH_X86_64, 7, 6, 5, 0, 0, 0, NO_VALUE, 0, NO_VALUE, 0 },
	{ "code with data bits and upper-case 0X",
	  "ses=5 pid=6 arch=c000003e syscall=7 code=0X7FFC0001", 0, ARCH_X86_64, 7, 6, 5, 0, 0,
	  0x7ffc0001, NO_VALUE, 0, NO_VALUE, 0 },
};

static void assert_span(const struct sclog_span *span, const char *want, size_t want_len)
{
	char out[256];
	long n;

	memset(out, 0, sizeof(out));
	n = sclog_span_decode(span, out, sizeof(out));
	assert_int_equal(n, (long)want_len);
	assert_memory_equal(out, want, want_len);
}

static void test_parse_good(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		const struct parse_case *c = &good[i];
		size_t len = c->len ? c->len : strlen(c->text);
		/* An exact-size heap copy lets ASan catch any read past @len. */
		char *buf = malloc(len ? len : 1);
		struct sclog_record r;
		int ret;

		assert_non_null(buf);
		memcpy(buf, c->text, len);
		memset(&r, 0xa5, sizeof(r));
		ret = sclog_record_parse(buf, len, SCLOG_PARSE_STAMP, &r);
		if (ret != 0)
			print_error("case '%s': ret %d\n", c->name, ret);
		assert_int_equal(ret, 0);
		assert_int_equal(r.arch, c->arch);
		assert_int_equal(r.nr, c->nr);
		assert_int_equal(r.pid, c->pid);
		assert_int_equal(r.ses, c->ses);
		assert_true((r.fields & SCLOG_FIELDS_REQUIRED) == SCLOG_FIELDS_REQUIRED);
		if (r.fields & SCLOG_FIELD_AUID)
			assert_int_equal(r.auid, c->auid);
		if (r.fields & SCLOG_FIELD_COMPAT)
			assert_int_equal(r.compat, c->compat);
		if (r.fields & SCLOG_FIELD_CODE)
			assert_int_equal(r.code, c->code);
		if (c->comm == NO_VALUE) {
			assert_false(r.fields & SCLOG_FIELD_COMM);
		} else {
			assert_true(r.fields & SCLOG_FIELD_COMM);
			/* Spans point into the caller's buffer. */
			assert_true(r.comm.ptr >= buf && r.comm.ptr + r.comm.len <= buf + len);
			assert_span(&r.comm, c->comm, c->comm_len ? c->comm_len : strlen(c->comm));
		}
		if (c->exe == NO_VALUE) {
			assert_false(r.fields & SCLOG_FIELD_EXE);
		} else {
			assert_true(r.fields & SCLOG_FIELD_EXE);
			assert_true(r.exe.ptr >= buf && r.exe.ptr + r.exe.len <= buf + len);
			assert_span(&r.exe, c->exe, c->exe_len ? c->exe_len : strlen(c->exe));
		}
		free(buf);
	}
}

/* The real record with one field replaced (by text substitution). */
static const struct {
	const char *name;
	const char *from;
	const char *to;
	size_t to_len; /* 0: strlen(to) */
} bad_edits[] = {
	{ "missing arch", "arch=c000003e ", "", 0 },
	{ "missing syscall", "syscall=12 ", "", 0 },
	{ "missing pid", "pid=2492 ", "", 0 },
	{ "missing ses", "ses=4294967295 ", "", 0 },
	{ "duplicated arch", "arch=c000003e ", "arch=c000003e arch=40000003 ", 0 },
	{ "duplicated syscall", "syscall=12 ", "syscall=12 syscall=12 ", 0 },
	{ "duplicated pid", "pid=2492 ", "pid=2492 pid=1 ", 0 },
	{ "duplicated ses", "ses=4294967295 ", "ses=4294967295 ses=7 ", 0 },
	{ "duplicated auid", "auid=4294967295 ", "auid=4294967295 auid=0 ", 0 },
	{ "duplicated sig", "sig=0 ", "sig=0 sig=0 ", 0 },
	{ "duplicated compat", "compat=0 ", "compat=0 compat=0 ", 0 },
	{ "duplicated code", "code=0x7ffc0000", "code=0x7ffc0000 code=0x7ffc0000", 0 },
	{ "duplicated comm", "comm=\"true\" ", "comm=\"true\" comm=\"false\" ", 0 },
	{ "duplicated exe", "exe=\"/usr/bin/true\" ", "exe=\"/usr/bin/true\" exe=(null) ", 0 },
	{ "pid overflows int32", "pid=2492", "pid=2147483648", 0 },
	{ "pid overflows uint64", "pid=2492", "pid=18446744073709551616", 0 },
	{ "pid has 21 digits", "pid=2492", "pid=123456789012345678901", 0 },
	{ "negative pid", "pid=2492", "pid=-1", 0 },
	{ "ses overflows uint32", "ses=4294967295", "ses=4294967296", 0 },
	{ "auid overflows uint32", "auid=4294967295", "auid=99999999999", 0 },
	{ "arch overflows uint32", "arch=c000003e", "arch=1c000003e", 0 },
	{ "syscall overflows int64", "syscall=12", "syscall=9223372036854775808", 0 },
	{ "syscall overflows uint64", "syscall=12", "syscall=18446744073709551616", 0 },
	{ "sig overflows int64", "sig=0", "sig=99999999999999999999", 0 },
	{ "code overflows uint32", "code=0x7ffc0000", "code=0x17ffc0000", 0 },
	{ "code without 0x", "code=0x7ffc0000", "code=7ffc0000", 0 },
	{ "code is just 0x", "code=0x7ffc0000", "code=0x", 0 },
	{ "compat is 2", "compat=0", "compat=2", 0 },
	{ "pid not a number", "pid=2492", "pid=24x2", 0 },
	{ "pid empty", "pid=2492", "pid=", 0 },
	{ "syscall empty", "syscall=12", "syscall=", 0 },
	{ "syscall just a minus", "syscall=12", "syscall=-", 0 },
	{ "syscall in hex", "syscall=12", "syscall=0xc", 0 },
	{ "arch not hex", "arch=c000003e", "arch=c00g003e", 0 },
	{ "arch quoted", "arch=c000003e", "arch=\"c000003e\"", 0 },
	{ "pid quoted", "pid=2492", "pid=\"2492\"", 0 },
	{ "unterminated quote", "exe=\"/usr/bin/true\"", "exe=\"/usr/bin/true", 0 },
	{ "empty key", "sig=0", "=0", 0 },
	{ "NUL inside", "sig=0 ", "sig=0\0", 6 },
};

static char *replace(const char *s, const char *from, const char *to, size_t to_len,
		     size_t *ret_len)
{
	const char *at = strstr(s, from);
	size_t pre, from_len = strlen(from), len;
	char *out;

	assert_non_null(at);
	pre = (size_t)(at - s);
	if (!to_len)
		to_len = strlen(to);
	len = strlen(s) - from_len + to_len;
	out = malloc(len + 1);
	assert_non_null(out);
	memcpy(out, s, pre);
	memcpy(out + pre, to, to_len);
	memcpy(out + pre + to_len, at + from_len, strlen(at + from_len) + 1);
	*ret_len = len;
	return out;
}

static void test_parse_bad(void **state)
{
	struct sclog_record r, untouched;

	(void)state;
	for (size_t i = 0; i < sizeof(bad_edits) / sizeof(bad_edits[0]); i++) {
		size_t len;
		char *text = replace(REAL_RECORD, bad_edits[i].from, bad_edits[i].to,
				     bad_edits[i].to_len, &len);
		int ret;

		memset(&r, 0x5a, sizeof(r));
		memcpy(&untouched, &r, sizeof(r));
		ret = sclog_record_parse(text, len, SCLOG_PARSE_STAMP, &r);
		if (ret != -EBADMSG)
			print_error("case '%s': ret %d on '%.*s'\n", bad_edits[i].name, ret,
				    (int)len, text);
		assert_int_equal(ret, -EBADMSG);
		/* @ret is written only on success. */
		assert_memory_equal(&r, &untouched, sizeof(r));
		free(text);
	}
}

static void test_parse_empty(void **state)
{
	struct sclog_record r;

	(void)state;
	assert_int_equal(sclog_record_parse("", 0, SCLOG_PARSE_STAMP, &r), -EBADMSG);
	assert_int_equal(sclog_record_parse("\n", 1, SCLOG_PARSE_STAMP, &r), -EBADMSG);
	assert_int_equal(sclog_record_parse("audit(1.0:1): ", 14, SCLOG_PARSE_STAMP, &r), -EBADMSG);
	assert_int_equal(sclog_record_parse("type=SYSCALL msg=audit(1.0:1): arch=c000003e "
					    "syscall=1 success=yes",
					    strlen("type=SYSCALL msg=audit(1.0:1): arch=c000003e "
						   "syscall=1 success=yes"),
					    SCLOG_PARSE_STAMP, &r),
			 -EBADMSG);
}

/* The header's time and serial, the phase cut's order (run/phase.h). */
static void test_parse_stamp(void **state)
{
	static const char *const unstamped[] = {
		"pid=1 ses=1 arch=c000003e syscall=12 code=0x7ffc0000",
		"audit(1795888670.87:3): pid=1 ses=1 arch=c000003e syscall=12 code=0x7ffc0000",
		"audit(1795888670.875): pid=1 ses=1 arch=c000003e syscall=12 code=0x7ffc0000",
		"audit(x.875:3): pid=1 ses=1 arch=c000003e syscall=12 code=0x7ffc0000",
	};
	struct sclog_record r;

	(void)state;
	assert_int_equal(
		sclog_record_parse(REAL_RECORD, strlen(REAL_RECORD), SCLOG_PARSE_STAMP, &r), 0);
	assert_true(r.fields & SCLOG_FIELD_STAMP);
	assert_int_equal(r.ms, 1795888670875ULL);
	assert_int_equal(r.serial, 3);
	for (size_t i = 0; i < sizeof(unstamped) / sizeof(unstamped[0]); i++) {
		assert_int_equal(sclog_record_parse(unstamped[i], strlen(unstamped[i]),
						    SCLOG_PARSE_STAMP, &r),
				 0);
		assert_false(r.fields & SCLOG_FIELD_STAMP);
	}
	/* Read only when asked: a run without a phase boundary does not. */
	assert_int_equal(sclog_record_parse(REAL_RECORD, strlen(REAL_RECORD), 0, &r), 0);
	assert_false(r.fields & SCLOG_FIELD_STAMP);
	assert_int_equal(r.ms, 0);
	assert_int_equal(r.serial, 0);
}

/*
 * Every prefix of a valid record either parses or is rejected, never reads
 * past its end (the copy is exact-size for ASan), and once the prefix holds
 * the whole syscall= value the result is the real one.  (A cut inside the
 * syscall= value, "syscall=1", does parse as syscall 1: only arch, syscall,
 * pid and ses are required, so a truncated record is indistinguishable.)
 */
static void test_parse_truncated(void **state)
{
	static const char *const records[] = {
		REAL_RECORD,
		"type=SECCOMP msg=audit(1795888670.875:3): auid=1000 uid=1000 gid=1000 "
		"ses=7 subj=unconfined pid=2492 comm=6120622063 exe=(null) sig=0 "
		"arch=c000003e syscall=12 compat=0 ip=0x7f394eda8c47 code=0x7ffc0000",
	};

	(void)state;
	for (size_t k = 0; k < sizeof(records) / sizeof(records[0]); k++) {
		const char *full = records[k];
		size_t len = strlen(full);
		size_t syscall_end = (size_t)(strstr(full, "syscall=12") - full) + 10;
		unsigned parsed = 0;

		for (size_t n = 0; n <= len; n++) {
			char *buf = malloc(n ? n : 1);
			struct sclog_record r;
			int ret;

			assert_non_null(buf);
			memcpy(buf, full, n);
			ret = sclog_record_parse(buf, n, SCLOG_PARSE_STAMP, &r);
			assert_true(ret == 0 || ret == -EBADMSG);
			if (ret == 0) {
				parsed++;
				assert_int_equal(r.arch, ARCH_X86_64);
				assert_int_equal(r.pid, 2492);
				if (n >= syscall_end)
					assert_int_equal(r.nr, 12);
			}
			free(buf);
		}
		assert_true(parsed > 0);
	}
}

static const struct {
	const char *name;
	const char *text;
	int quoted;
	size_t size;
	long ret;
	const char *out;
	size_t out_len;
} decode_cases[] = {
	{ "quoted", "true", 1, 64, 4, "true", 4 },
	{ "quoted hex-looking", "4142", 1, 64, 4, "4142", 4 },
	{ "hex upper", "6120622063", 0, 64, 5, "a b c", 5 },
	{ "hex lower", "6162", 0, 64, 2, "ab", 2 },
	{ "hex NUL and 0xff", "00FF", 0, 64, 2, "\0\xff", 2 },
	{ "hex odd length is literal", "616", 0, 64, 3, "616", 3 },
	{ "hex invalid digit is literal", "61ZZ", 0, 64, 4, "61ZZ", 4 },
	{ "(null) is literal", "(null)", 0, 64, 6, "(null)", 6 },
	{ "empty unquoted", "", 0, 64, 0, "", 0 },
	{ "empty quoted", "", 1, 64, 0, "", 0 },
	{ "hex fits exactly", "616263", 0, 3, 3, "abc", 3 },
	{ "hex too small", "616263", 0, 2, -ENOSPC, NULL, 0 },
	{ "hex into zero bytes", "61", 0, 0, -ENOSPC, NULL, 0 },
	{ "literal fits exactly", "(null)", 0, 6, 6, "(null)", 6 },
	{ "literal too small", "(null)", 0, 5, -ENOSPC, NULL, 0 },
	{ "quoted too small", "true", 1, 3, -ENOSPC, NULL, 0 },
};

static void test_span_decode(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(decode_cases) / sizeof(decode_cases[0]); i++) {
		char out[80];
		struct sclog_span span = { .ptr = decode_cases[i].text,
					   .len = strlen(decode_cases[i].text),
					   .quoted = decode_cases[i].quoted };
		long n;

		memset(out, '#', sizeof(out));
		n = sclog_span_decode(&span, out, decode_cases[i].size);
		if (n != decode_cases[i].ret)
			print_error("case '%s': %ld\n", decode_cases[i].name, n);
		assert_int_equal(n, decode_cases[i].ret);
		if (n >= 0)
			assert_memory_equal(out, decode_cases[i].out, decode_cases[i].out_len);
		/* Nothing written past @size. */
		for (size_t k = decode_cases[i].size; k < sizeof(out); k++)
			assert_int_equal(out[k], '#');
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_good),  cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_parse_empty), cmocka_unit_test(test_parse_truncated),
		cmocka_unit_test(test_span_decode), cmocka_unit_test(test_parse_stamp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
