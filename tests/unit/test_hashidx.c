// SPDX-License-Identifier: GPL-2.0-only
/*
 * sclog_hashidx: values found by key after the index grows, when every
 * hash collides, and not found when absent; reserve keeps its promise.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sclog/basic/hashidx.h"

/* The caller's side: value v stands for key keys[v]; its hash is
 * hash_of(keys[v]), with some hash bits masked off to force collisions. */
struct table {
	uint64_t *keys;
	uint64_t mask;
	size_t n_equal; /* calls of equal(), to see the probes */
};

static uint64_t hash_of(const struct table *t, uint64_t key)
{
	return sclog_hash_bytes(SCLOG_HASH_SEED, &key, sizeof(key)) & t->mask;
}

static uint64_t value_hash(const void *ctx, uint32_t v)
{
	const struct table *t = ctx;

	return hash_of(t, t->keys[v]);
}

static bool value_equal(const void *ctx, uint32_t v, const void *key)
{
	struct table *t = (struct table *)ctx;

	t->n_equal++;
	return t->keys[v] == *(const uint64_t *)key;
}

static const struct sclog_hashidx_ops ops = { value_hash, value_equal };

static int64_t find(struct sclog_hashidx *x, struct table *t, uint64_t key)
{
	return sclog_hashidx_find(x, t, hash_of(t, key), &key);
}

/* Insert @n keys (key = 3 * value + 1), then find each and miss others. */
static void fill_and_check(uint64_t mask, size_t n)
{
	struct table t = { .keys = calloc(n, sizeof(uint64_t)), .mask = mask };
	struct sclog_hashidx x = SCLOG_HASHIDX_INIT(&ops);

	assert_non_null(t.keys);
	for (size_t v = 0; v < n; v++) {
		t.keys[v] = 3 * v + 1;
		assert_int_equal(find(&x, &t, t.keys[v]), -ENOENT);
		assert_int_equal(sclog_hashidx_add(&x, &t, hash_of(&t, t.keys[v]), (uint32_t)v), 0);
	}
	assert_int_equal(x.used, n);
	assert_true(x.cap >= 2 * n);
	assert_int_equal(x.cap & (x.cap - 1), 0);
	for (size_t v = 0; v < n; v++) {
		assert_int_equal(find(&x, &t, 3 * v + 1), (int64_t)v);
		assert_int_equal(find(&x, &t, 3 * v + 2), -ENOENT);
	}
	sclog_hashidx_done(&x);
	assert_null(x.slots);
	assert_int_equal(x.used, 0);
	assert_int_equal(find(&x, &t, 1), -ENOENT);
	free(t.keys);
}

/* Many values: the index grows from 64 slots to 2^18 and rehashes 12 times. */
static void test_grow(void **state)
{
	(void)state;
	fill_and_check(UINT64_MAX, 100000);
}

/* Every hash the same, then 4 hashes: found by equal(), not by the hash. */
static void test_collisions(void **state)
{
	(void)state;
	fill_and_check(0, 500);
	fill_and_check(3, 2000);
}

/* An empty index finds nothing and probes nothing. */
static void test_empty(void **state)
{
	struct table t = { .mask = UINT64_MAX };
	struct sclog_hashidx x = SCLOG_HASHIDX_INIT(&ops);

	(void)state;
	assert_int_equal(find(&x, &t, 7), -ENOENT);
	assert_int_equal(t.n_equal, 0);
}

/* After reserve(n), n additions keep the slots where they are. */
static void test_reserve(void **state)
{
	struct table t = { .keys = calloc(1000, sizeof(uint64_t)), .mask = UINT64_MAX };
	struct sclog_hashidx x = SCLOG_HASHIDX_INIT(&ops);
	uint32_t *slots;

	(void)state;
	assert_int_equal(sclog_hashidx_reserve(&x, &t, 1000), 0);
	assert_true(x.cap >= 2000);
	slots = x.slots;
	for (uint32_t v = 0; v < 1000; v++) {
		t.keys[v] = v;
		assert_int_equal(sclog_hashidx_add(&x, &t, hash_of(&t, v), v), 0);
	}
	assert_ptr_equal(x.slots, slots);
	assert_int_equal(sclog_hashidx_add(&x, &t, 0, UINT32_MAX), -ERANGE);
	assert_int_equal(x.used, 1000);
	sclog_hashidx_done(&x);
	free(t.keys);
}

/* Equal values: the first added is found; a lookup stops at an empty slot. */
static void test_first_of_equal(void **state)
{
	uint64_t keys[3] = { 5, 5, 6 };
	struct table t = { .keys = keys, .mask = 0 };
	struct sclog_hashidx x = SCLOG_HASHIDX_INIT(&ops);

	(void)state;
	for (uint32_t v = 0; v < 3; v++)
		assert_int_equal(sclog_hashidx_add(&x, &t, 0, v), 0);
	assert_int_equal(find(&x, &t, 5), 0);
	assert_int_equal(find(&x, &t, 6), 2);
	t.n_equal = 0;
	assert_int_equal(find(&x, &t, 9), -ENOENT);
	assert_int_equal(t.n_equal, 3);
	sclog_hashidx_done(&x);
}

/* FNV-1a 64, the published test vectors. */
static void test_hash_bytes(void **state)
{
	(void)state;
	assert_true(sclog_hash_bytes(SCLOG_HASH_SEED, "", 0) == 0xcbf29ce484222325ULL);
	assert_true(sclog_hash_bytes(SCLOG_HASH_SEED, "a", 1) == 0xaf63dc4c8601ec8cULL);
	assert_true(sclog_hash_bytes(SCLOG_HASH_SEED, "foobar", 6) == 0x85944171f73967e8ULL);
	assert_true(sclog_hash_bytes(sclog_hash_bytes(SCLOG_HASH_SEED, "foo", 3), "bar", 3) ==
		    0x85944171f73967e8ULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grow),	       cmocka_unit_test(test_collisions),
		cmocka_unit_test(test_empty),	       cmocka_unit_test(test_reserve),
		cmocka_unit_test(test_first_of_equal), cmocka_unit_test(test_hash_bytes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
