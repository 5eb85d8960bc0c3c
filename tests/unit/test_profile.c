// SPDX-License-Identifier: GPL-2.0-only
/* The profile: per-(arch, nr) counts, first caller, growth, cap, order. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sclog/records/profile.h"
#include "sclog/records/record.h"

#define ARCH_X86_64 0xc000003eu
#define ARCH_I386 0x40000003u
#define ARCH_AARCH64 0xc00000b7u

static struct sclog_record rec(uint32_t arch, int64_t nr, int32_t pid, const char *comm,
			       int comm_quoted, const char *exe)
{
	struct sclog_record r = {
		.arch = arch,
		.nr = nr,
		.pid = pid,
		.ses = 1,
		.fields = SCLOG_FIELDS_REQUIRED,
	};

	if (comm) {
		r.comm = (struct sclog_span){ comm, strlen(comm), comm_quoted };
		r.fields |= SCLOG_FIELD_COMM;
	}
	if (exe) {
		r.exe = (struct sclog_span){ exe, strlen(exe), 1 };
		r.fields |= SCLOG_FIELD_EXE;
	}
	return r;
}

static int setup(void **state)
{
	*state = sclog_profile_new();
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	assert_null(sclog_profile_free(*state));
	return 0;
}

static void test_counting(void **state)
{
	struct sclog_profile *p = *state;
	static const struct {
		uint32_t arch;
		int64_t nr;
		uint64_t count;
	} want[] = {
		{ ARCH_X86_64, 12, 3 },
		{ ARCH_X86_64, 0, 1 },
		{ ARCH_I386, 12, 2 },
		{ ARCH_X86_64, -1, 1 },
	};

	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		for (uint64_t k = 0; k < want[i].count; k++) {
			struct sclog_record r = rec(want[i].arch, want[i].nr, 10, "x", 1, "/x");

			assert_int_equal(sclog_profile_add(p, &r), 0);
		}
	assert_int_equal(p->size, 4);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const struct sclog_syscall *s = sclog_profile_get(p, want[i].arch, want[i].nr);

		assert_non_null(s);
		assert_int_equal(s->arch, want[i].arch);
		assert_int_equal(s->nr, want[i].nr);
		assert_int_equal(s->count, want[i].count);
	}
	/* Same number, another arch: a different syscall. */
	assert_null(sclog_profile_get(p, ARCH_I386, 0));
	assert_null(sclog_profile_get(p, ARCH_X86_64, 1));

	assert_int_equal(sclog_profile_add_count(p, ARCH_X86_64, 12, 1000), 0);
	assert_int_equal(sclog_profile_get(p, ARCH_X86_64, 12)->count, 1003);
	assert_int_equal(sclog_profile_add_count(p, ARCH_AARCH64, 5, 7), 0);
	assert_int_equal(sclog_profile_get(p, ARCH_AARCH64, 5)->count, 7);
	assert_null(sclog_profile_get(p, ARCH_AARCH64, 5)->exe);
	assert_int_equal(p->size, 5);
}

static void test_first_caller_kept(void **state)
{
	struct sclog_profile *p = *state;
	struct sclog_record first = rec(ARCH_X86_64, 1, 100, "first", 1, "/bin/first");
	struct sclog_record second = rec(ARCH_X86_64, 1, 200, "second", 1, "/bin/second");
	struct sclog_record hex = rec(ARCH_X86_64, 2, 300, "6120622063", 0, "/bin/h");
	struct sclog_record bare = rec(ARCH_X86_64, 3, 400, NULL, 0, NULL);
	const struct sclog_syscall *s;

	assert_int_equal(sclog_profile_add(p, &first), 0);
	assert_int_equal(sclog_profile_add(p, &second), 0);
	assert_int_equal(sclog_profile_add(p, &hex), 0);
	assert_int_equal(sclog_profile_add(p, &bare), 0);

	s = sclog_profile_get(p, ARCH_X86_64, 1);
	assert_int_equal(s->count, 2);
	assert_int_equal(s->first_pid, 100);
	assert_int_equal(s->comm_len, 5);
	assert_memory_equal(s->comm, "first", 5);
	assert_int_equal(s->exe_len, 10);
	assert_memory_equal(s->exe, "/bin/first", 10);

	/* Stored decoded, not as the kernel's hex. */
	s = sclog_profile_get(p, ARCH_X86_64, 2);
	assert_int_equal(s->first_pid, 300);
	assert_int_equal(s->comm_len, 5);
	assert_memory_equal(s->comm, "a b c", 5);

	s = sclog_profile_get(p, ARCH_X86_64, 3);
	assert_int_equal(s->first_pid, 400);
	assert_null(s->comm);
	assert_null(s->exe);
}

static void test_caller_bytes_survive_input(void **state)
{
	struct sclog_profile *p = *state;
	char comm[] = "volatile";
	struct sclog_record r = rec(ARCH_X86_64, 9, 1, comm, 1, NULL);

	assert_int_equal(sclog_profile_add(p, &r), 0);
	/* The record's spans point into a buffer that is about to be reused. */
	memset(comm, 'X', sizeof(comm) - 1);
	assert_memory_equal(sclog_profile_get(p, ARCH_X86_64, 9)->comm, "volatile", 8);
}

static void test_growth(void **state)
{
	struct sclog_profile *p = *state;
	const size_t n = 3000;

	for (size_t i = 0; i < n; i++) {
		struct sclog_record r = rec(i % 2 ? ARCH_I386 : ARCH_X86_64, (int64_t)i,
					    (int32_t)i + 1, "c", 1, "/e");

		assert_int_equal(sclog_profile_add(p, &r), 0);
		if (i % 3 == 0)
			assert_int_equal(sclog_profile_add(p, &r), 0);
	}
	assert_int_equal(p->size, n);
	for (size_t i = 0; i < n; i++) {
		const struct sclog_syscall *s =
			sclog_profile_get(p, i % 2 ? ARCH_I386 : ARCH_X86_64, (int64_t)i);

		assert_non_null(s);
		assert_int_equal(s->count, i % 3 == 0 ? 2 : 1);
		assert_int_equal(s->first_pid, (int32_t)i + 1);
		assert_memory_equal(s->comm, "c", 1);
	}
	assert_null(sclog_profile_get(p, ARCH_X86_64, 1));
	assert_null(sclog_profile_get(p, ARCH_X86_64, (int64_t)n));
}

static void test_cap(void **state)
{
	struct sclog_profile *p = *state;
	struct sclog_record r = rec(ARCH_X86_64, -5, 1, "c", 1, NULL);

	for (int64_t i = 0; i < SCLOG_PROFILE_MAX; i++)
		assert_int_equal(sclog_profile_add_count(p, ARCH_X86_64, i, 1), 0);
	assert_int_equal(p->size, SCLOG_PROFILE_MAX);
	assert_int_equal(sclog_profile_add_count(p, ARCH_X86_64, SCLOG_PROFILE_MAX, 1), -ENOSPC);
	assert_int_equal(sclog_profile_add_count(p, ARCH_I386, 0, 1), -ENOSPC);
	assert_int_equal(sclog_profile_add(p, &r), -ENOSPC);
	assert_int_equal(p->size, SCLOG_PROFILE_MAX);
	assert_null(sclog_profile_get(p, ARCH_I386, 0));
	assert_null(sclog_profile_get(p, ARCH_X86_64, -5));
	/* Syscalls already held still count. */
	r.nr = 17;
	assert_int_equal(sclog_profile_add(p, &r), 0);
	assert_int_equal(sclog_profile_add_count(p, ARCH_X86_64, 17, 10), 0);
	assert_int_equal(sclog_profile_get(p, ARCH_X86_64, 17)->count, 12);
	assert_int_equal(sclog_profile_get(p, ARCH_X86_64, SCLOG_PROFILE_MAX - 1)->count, 1);
}

static void test_sorted(void **state)
{
	struct sclog_profile *p = *state;
	static const struct {
		uint32_t arch;
		int64_t nr;
	} in[] = {
		{ ARCH_X86_64, 231 },	     { ARCH_I386, 252 },  { ARCH_X86_64, 0 },
		{ ARCH_AARCH64, 63 },	     { ARCH_X86_64, -1 }, { ARCH_I386, 1 },
		{ ARCH_X86_64, 0x40000000 }, { ARCH_X86_64, 12 }, { ARCH_I386, 1 },
	};
	/* By arch (unsigned), then nr (signed). */
	static const struct {
		uint32_t arch;
		int64_t nr;
	} want[] = {
		{ ARCH_I386, 1 },
		{ ARCH_I386, 252 },
		{ ARCH_X86_64, -1 },
		{ ARCH_X86_64, 0 },
		{ ARCH_X86_64, 12 },
		{ ARCH_X86_64, 231 },
		{ ARCH_X86_64, 0x40000000 },
		{ ARCH_AARCH64, 63 },
	};
	const struct sclog_syscall **v = NULL;
	long n;

	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++)
		assert_int_equal(sclog_profile_add_count(p, in[i].arch, in[i].nr, 1), 0);
	n = sclog_profile_sorted(p, &v);
	assert_int_equal(n, sizeof(want) / sizeof(want[0]));
	for (long i = 0; i < n; i++) {
		assert_int_equal(v[i]->arch, want[i].arch);
		assert_int_equal(v[i]->nr, want[i].nr);
	}
	assert_int_equal(v[0]->count, 2);
	free(v);
}

static void test_sorted_empty(void **state)
{
	const struct sclog_syscall **v = NULL;

	assert_int_equal(sclog_profile_sorted(*state, &v), 0);
	assert_non_null(v);
	free(v);
}

static void test_free_null(void **state)
{
	(void)state;
	assert_null(sclog_profile_free(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_counting, setup, teardown),
		cmocka_unit_test_setup_teardown(test_first_caller_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_caller_bytes_survive_input, setup, teardown),
		cmocka_unit_test_setup_teardown(test_growth, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sorted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sorted_empty, setup, teardown),
		cmocka_unit_test(test_free_null),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
