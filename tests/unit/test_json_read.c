// SPDX-License-Identifier: GPL-2.0-only
/*
 * sclog_json_read(): every limit refused with its message, and beside each
 * the input just inside the limit, which must pass (the negative controls).
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

#include "sclog/basic/json_read.h"
#include "sclog/basic/macro.h"

/* @n nested arrays. */
static char *nested(int n)
{
	char *s = malloc(2 * (size_t)n + 1);

	assert_non_null(s);
	memset(s, '[', (size_t)n);
	memset(s + n, ']', (size_t)n);
	s[2 * n] = '\0';
	return s;
}

static const struct {
	const char *json;
	size_t len;	  /* 0: strlen */
	const char *want; /* the message, or NULL: accepted */
} cases[] = {
	/* duplicate keys, also through escapes, at any depth */
	{ "{\"a\":1,\"a\":2}", 0, "t.json: $.a: duplicate key \"a\"" },
	{ "{\"x\":[{\"b\":1,\"a\":1,\"a\":1}]}", 0, "t.json: $.x[0].a: duplicate key \"a\"" },
	{ "{\"a\":1,\"\\u0061\":2}", 0, "$.a: duplicate key \"a\"" },
	{ "{\"\xf0\x9f\x98\x80\":1,\"\\ud83d\\ude00\":2}", 0,
	  "duplicate key \"\xf0\x9f\x98\x80\"" },
	{ "[{\"a\":1},{\"a\":2}]", 0, NULL },
	{ "{\"a\":{\"a\":1},\"b\":{\"a\":1}}", 0, NULL },
	{ "{\"a\\nb\":1,\"anb\":2,\"a\\u00e9\":3,\"a\\u00e8\":4}", 0, NULL },
	{ "{\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1\":"
	  "1,"
	  "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa2\":"
	  "2}",
	  0, NULL },
	/* bytes: UTF-8 only, no NUL, no raw control characters */
	{ "[\"ab\xff\"]", 0, "t.json:1:5: not valid UTF-8 (byte 0xff)" },
	{ "[\n\"\xc0\xaf\"]", 0, "t.json:2:2: not valid UTF-8" },   /* overlong '/' */
	{ "[\"\xed\xa0\x80\"]", 0, "t.json:1:3: not valid UTF-8" }, /* a surrogate */
	{ "[\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"]", 0, NULL },  /* é € 😀 */
	{ "[1]\0", 4, "t.json: contains NUL bytes" },
	{ "[\"a\\u0000b\"]", 0, "t.json: $[0]: a string contains a NUL character" },
	{ "{\"a\\u0000b\":1}", 0, "t.json: $: a key contains a NUL character" },
	{ "[\"a\tb\"]", 0, "$[0]: a string contains a raw control character (U+0009)" },
	{ "[\"a\\tb\\u001f\"]", 0, NULL },
	{ "[\"\\ud800\"]", 0, "$[0]: a string contains an unpaired surrogate (\\ud800)" },
	{ "[\"\\udc00\"]", 0, "unpaired surrogate (\\udc00)" },
	{ "[\"\\ud800\\u0041\"]", 0, "unpaired surrogate (\\ud800)" },
	{ "[\"\\ud83d\\ude00\"]", 0, NULL },
	/* numbers: what 64 bits hold, finite doubles */
	{ "[18446744073709551616]", 0,
	  "$[0]: integer 18446744073709551616 is out of range "
	  "(above 2^64-1)" },
	{ "[0, 00]", 0, "$[1]: number 00 has a leading zero" },
	{ "[-00.5]", 0, "number -00.5 has a leading zero" },
	{ "[01]", 0, "malformed JSON" },
	{ "[0, -0, 0.5, -0.5e3, 18446744073709551615, -9223372036854775808]", 0, NULL },
	{ "[-9223372036854775809]", 0,
	  "integer -9223372036854775809 is out of range (below -2^63)" },
	{ "{\"a\":[1e999]}", 0, "$.a[0]: number 1e999 is out of range" },
	{ "[-1e999]", 0, "number -1e999 is out of range" },
	{ "[1e308, -1.5e-400, 0.5]", 0, NULL },
	{ "[NaN]", 0, "$[0]: NaN and Infinity are not JSON numbers" },
	{ "[Infinity]", 0, "NaN and Infinity are not JSON numbers" },
	{ "[-Infinity]", 0, "NaN and Infinity are not JSON numbers" },
	{ "[true, false, null]", 0, NULL },
	/* syntax, and nothing after the value */
	{ "{} x", 0, "t.json:1:4: malformed JSON" },
	{ "{}{}", 0, "t.json:1:3: malformed JSON" },
	{ "{} \n\t\r\n", 0, NULL },
	{ "", 0, "t.json:1:1: malformed JSON: unexpected end of input" },
	{ "{\"a\":1,}", 0, "malformed JSON" },
	{ "[1] // x", 0, "malformed JSON" },
};

static void test_cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
		struct sclog_error err = { 0 };
		size_t len = cases[i].len ? cases[i].len : strlen(cases[i].json);
		json_object *o = NULL;
		int r = sclog_json_read(cases[i].json, len, "t.json", &o, &err);

		/* json-c 0.17 and later refuse a raw control character in a
		 * string themselves, before sclog's own check. */
		int jsonc_first = strstr(cases[i].want ? cases[i].want : "", "raw control") &&
				  strstr(err.msg, "malformed JSON: invalid string sequence");

		if (cases[i].want &&
		    (r != -EINVAL || (!strstr(err.msg, cases[i].want) && !jsonc_first)))
			fail_msg("case %zu (%s): r=%d, msg '%s', want '%s'", i, cases[i].json, r,
				 err.msg, cases[i].want);
		if (!cases[i].want && (r != 0 || !o))
			fail_msg("case %zu (%s): refused: %s", i, cases[i].json, err.msg);
		json_object_put(o);
	}
}

/* The value read is json-c's: a key decoded from escapes is found. */
static void test_value(void **state)
{
	static const char text[] = "{\"a\\u00e9\\ud83d\\ude00\": [18446744073709551615, \"x\"]}";
	struct sclog_error err = { 0 };
	json_object *o, *v;

	(void)state;
	assert_int_equal(sclog_json_read(text, strlen(text), "t.json", &o, &err), 0);
	assert_true(json_object_object_get_ex(o, "a\xc3\xa9\xf0\x9f\x98\x80", &v));
	assert_true(json_object_get_uint64(json_object_array_get_idx(v, 0)) == UINT64_MAX);
	json_object_put(o);
}

static void test_depth(void **state)
{
	struct sclog_error err = { 0 };
	char *ok = nested(SCLOG_JSON_MAX_DEPTH), *deep = nested(SCLOG_JSON_MAX_DEPTH + 1);
	json_object *o = NULL;

	(void)state;
	assert_int_equal(sclog_json_read(ok, strlen(ok), "t.json", &o, &err), 0);
	json_object_put(o);
	assert_int_equal(sclog_json_read(deep, strlen(deep), "t.json", &o, &err), -EINVAL);
	assert_non_null(
		strstr(err.msg, "t.json:1:33: malformed JSON: nested deeper than 32 levels"));
	free(ok);
	free(deep);
}

static void test_size(void **state)
{
	struct sclog_error err = { 0 };
	size_t n = SCLOG_JSON_MAX_BYTES;
	char *buf = malloc(n + 1);
	json_object *o = NULL;

	(void)state;
	assert_non_null(buf);
	memset(buf, ' ', n + 1);
	buf[0] = '[';
	buf[n - 1] = ']';
	assert_int_equal(sclog_json_read(buf, n, "t.json", &o, &err), 0);
	json_object_put(o);
	assert_int_equal(sclog_json_read(buf, n + 1, "t.json", &o, &err), -EFBIG);
	assert_non_null(strstr(err.msg, "t.json: larger than 16 MiB"));
	free(buf);
}

static void test_getters(void **state)
{
	static const char text[] =
		"{\"s\": \"x\", \"i\": 5, \"n\": -1, \"big\": 18446744073709551615}";
	static const char *const keys[] = { "s", "i", "n", "big", NULL };
	static const char *const fewer[] = { "s", "i", "n", NULL };
	struct sclog_error err = { 0 };
	struct sclog_json_ctx c = { "t.json", &err };
	json_object *o, *s, *i, *n, *big;
	const char *str;
	uint64_t u;
	int64_t v;

	(void)state;
	assert_int_equal(sclog_json_read(text, strlen(text), "t.json", &o, &err), 0);
	json_object_object_get_ex(o, "s", &s);
	json_object_object_get_ex(o, "i", &i);
	json_object_object_get_ex(o, "n", &n);
	json_object_object_get_ex(o, "big", &big);

	assert_int_equal(sclog_json_string(&c, s, "$.s", &str), 0);
	assert_string_equal(str, "x");
	assert_int_equal(sclog_json_int(&c, i, "$.i", 0, 5, &v), 0);
	assert_int_equal(v, 5);
	assert_int_equal(sclog_json_int(&c, n, "$.n", -1, 0, &v), 0);
	assert_int_equal(v, -1);
	assert_int_equal(sclog_json_uint(&c, big, "$.big", UINT64_MAX, &u), 0);
	assert_true(u == UINT64_MAX);
	assert_int_equal(sclog_json_check_keys(&c, o, "$", keys), 0);
	assert_int_equal(err.code, 0);

	assert_int_equal(sclog_json_string(&c, i, "$.i", &str), -EINVAL);
	assert_string_equal(err.msg, "t.json: $.i: expected a string, found int");
	sclog_error_clear(&err);
	assert_int_equal(sclog_json_int(&c, i, "$.i", 0, 4, &v), -EINVAL);
	assert_string_equal(err.msg, "t.json: $.i: integer out of range (0..4)");
	sclog_error_clear(&err);
	/* Above INT64_MAX: not taken for INT64_MAX. */
	assert_int_equal(sclog_json_int(&c, big, "$.big", 0, INT64_MAX, &v), -EINVAL);
	sclog_error_clear(&err);
	assert_int_equal(sclog_json_uint(&c, n, "$.n", 10, &u), -EINVAL);
	assert_string_equal(err.msg, "t.json: $.n: integer out of range (0..10)");
	sclog_error_clear(&err);
	assert_int_equal(sclog_json_check_keys(&c, o, "$", fewer), -EINVAL);
	assert_string_equal(err.msg, "t.json: $: unknown key \"big\"");
	sclog_error_clear(&err);
	assert_int_equal(sclog_json_expect(&c, NULL, "$.x", json_type_array), -EINVAL);
	assert_string_equal(err.msg, "t.json: $.x: expected an array, found null");
	json_object_put(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),	cmocka_unit_test(test_value),
		cmocka_unit_test(test_depth),	cmocka_unit_test(test_size),
		cmocka_unit_test(test_getters),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
