// SPDX-License-Identifier: GPL-2.0-only
/*
 * sclog_quote(): untrusted text in messages.  What passes as it is, what is
 * escaped and how, quoting, and the cut of long text at a character.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "sclog/basic/quote.h"
#include "sclog/basic/utf8.h"

static void test_table(void **state)
{
	static const struct {
		const char *in;
		size_t len; /* 0: strlen */
		unsigned int flags;
		const char *want;
	} cases[] = {
		{ "read", 0, SCLOG_QUOTE_ALWAYS, "\"read\"" },
		{ "p.json", 0, 0, "p.json" },
		{ "", 0, 0, "" },
		{ "", 0, SCLOG_QUOTE_ALWAYS, "\"\"" },
		{ "a\n::error::x", 0, 0, "\"a\\n::error::x\"" },
		{ "\n::error::x", 0, SCLOG_QUOTE_ALWAYS, "\"\\n::error::x\"" },
		{ "a\r\tb", 0, 0, "\"a\\r\\tb\"" },
		{ "\x1b[31m", 0, 0, "\"\\x1b[31m\"" },
		{ "a\x7f", 0, 0, "\"a\\x7f\"" },
		{ "back\\slash", 0, 0, "\"back\\\\slash\"" },
		{ "say \"hi\"", 0, 0, "\"say \\\"hi\\\"\"" },
		{ "caf\xc3\xa9", 0, 0, "caf\xc3\xa9" },		 /* é passes */
		{ "\xff\xfe", 0, 0, "\"\\xff\\xfe\"" },		 /* not UTF-8 */
		{ "\xc0\xaf", 0, 0, "\"\\xc0\\xaf\"" },		 /* overlong */
		{ "\xed\xa0\x80", 0, 0, "\"\\xed\\xa0\\x80\"" }, /* surrogate */
		{ "\xc2\x85", 0, 0, "\"\\u0085\"" },		 /* NEL (C1) */
		{ "a\xe2\x80\xa8"
		  "b",
		  0, 0, "\"a\\u2028b\"" }, /* line separator */
		{ "\xe2\x80\xae"
		  "txt",
		  0, 0, "\"\\u202etxt\"" },	 /* RTL override */
		{ "a\0b", 3, 0, "\"a\\x00b\"" }, /* NUL inside */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char buf[SCLOG_QUOTE_SIZE];
		size_t len = cases[i].len ? cases[i].len : strlen(cases[i].in);

		sclog_quote(buf, sizeof(buf), cases[i].in, len, cases[i].flags);
		if (strcmp(buf, cases[i].want) != 0)
			fail_msg("case %zu: got '%s', want '%s'", i, buf, cases[i].want);
	}
}

/* Long text is cut at a character, marked, and stays quoted and UTF-8. */
static void test_cut(void **state)
{
	char in[1000], buf[40];
	size_t n = 0;

	(void)state;
	while (n + 2 < sizeof(in)) {
		in[n++] = '\xc3';
		in[n++] = '\xa9';
	}
	in[n] = '\0';
	sclog_quote(buf, sizeof(buf), in, SIZE_MAX, SCLOG_QUOTE_ALWAYS);
	assert_true(strlen(buf) < sizeof(buf));
	assert_int_equal(buf[0], '"');
	assert_int_equal(buf[strlen(buf) - 1], '"');
	assert_non_null(strstr(buf, "...\""));
	assert_true(sclog_utf8_valid(buf, strlen(buf)));
	/* The macro form, as messages use it. */
	assert_string_equal(sclog_quoted("x\ny"), "\"x\\ny\"");
	assert_string_equal(sclog_quoted_path("plain.json"), "plain.json");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_cut),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
