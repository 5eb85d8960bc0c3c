// SPDX-License-Identifier: GPL-2.0-only
/*
 * sclog's JSON printer: its bytes are fixed by sclog, whatever json-c's own
 * printer does (json-c 0.17 changed how an empty array prints), and every
 * committed golden JSON file reads back to exactly its own bytes.
 */
#include <dirent.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sclog/basic/json_format.h"

static void assert_prints(json_object *o, const char *want)
{
	char *text = NULL;

	assert_int_equal(sclog_json_format(o, &text), 0);
	assert_string_equal(text, want);
	free(text);
	json_object_put(o);
}

/* Empty containers keep json-c 0.16's line break and indent at any depth. */
static void test_empty_containers(void **state)
{
	json_object *o = json_object_new_object(), *inner = json_object_new_object();

	(void)state;
	json_object_object_add(inner, "list", json_object_new_array());
	json_object_object_add(o, "architectures", json_object_new_array());
	json_object_object_add(o, "inner", inner);
	json_object_object_add(o, "none", json_object_new_object());
	assert_prints(o, "{\n"
			 "  \"architectures\": [\n"
			 "  ],\n"
			 "  \"inner\": {\n"
			 "    \"list\": [\n"
			 "    ]\n"
			 "  },\n"
			 "  \"none\": {\n"
			 "  }\n"
			 "}\n");
	assert_prints(json_object_new_array(), "[\n]\n");
}

static void test_scalars(void **state)
{
	json_object *a = json_object_new_array();

	(void)state;
	json_object_array_add(a, NULL);
	json_object_array_add(a, json_object_new_boolean(1));
	json_object_array_add(a, json_object_new_boolean(0));
	json_object_array_add(a, json_object_new_int64(INT64_MIN));
	json_object_array_add(a, json_object_new_int(-1));
	json_object_array_add(a, json_object_new_uint64(UINT64_MAX));
	json_object_array_add(a, json_object_new_double(1.5));
	json_object_array_add(a, json_object_new_double(2));
	json_object_array_add(a, json_object_new_double(0.1));
	json_object_array_add(a, json_object_new_double(1e300));
	json_object_array_add(a, json_object_new_double(NAN));
	assert_prints(a, "[\n  null,\n  true,\n  false,\n  -9223372036854775808,\n  -1,\n"
			 "  18446744073709551615,\n  1.5,\n  2.0,\n  0.1,\n  1e+300,\n  null\n]\n");
}

/* The escapes json-c has always used; "/" and non-ASCII stay as they are. */
static void test_strings(void **state)
{
	static const char s[] = "q\" b\\ \b\f\n\r\t \x01\x1f\x7f /a/ \xc3\xa9 nul\0end";
	json_object *o = json_object_new_object();

	(void)state;
	json_object_object_add(o, "k\"\n/", json_object_new_string_len(s, sizeof(s) - 1));
	assert_prints(o, "{\n  \"k\\\"\\n/\": \"q\\\" b\\\\ \\b\\f\\n\\r\\t \\u0001\\u001f\x7f "
			 "/a/ \xc3\xa9 nul\\u0000end\"\n}\n");
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "re");
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	int c;

	assert_non_null(f);
	assert_non_null(m);
	while ((c = fgetc(f)) != EOF)
		fputc(c, m);
	fclose(f);
	fclose(m);
	return buf;
}

static int is_json_golden(const char *name)
{
	static const char *const ends[] = { ".json", ".oci", ".docker", NULL };
	size_t n = strlen(name);

	for (const char *const *e = ends; *e; e++)
		if (n > strlen(*e) && strcmp(name + n - strlen(*e), *e) == 0)
			return 1;
	return 0;
}

/* Every golden JSON file, parsed and printed again, is its own bytes: the
 * files hold wherever sclog builds, not only with the json-c they came from. */
static void test_golden_files_reprint(void **state)
{
	static const char *const dirs[] = { SCLOG_GOLDEN_DIR, SCLOG_GOLDEN_DIR "/exports" };
	int checked = 0;

	(void)state;
	for (size_t d = 0; d < sizeof(dirs) / sizeof(dirs[0]); d++) {
		DIR *dir = opendir(dirs[d]);
		struct dirent *e;

		assert_non_null(dir);
		while ((e = readdir(dir))) {
			char path[4096], *want, *text = NULL;
			json_object *o;

			if (!is_json_golden(e->d_name))
				continue;
			snprintf(path, sizeof(path), "%s/%s", dirs[d], e->d_name);
			want = slurp(path);
			o = json_tokener_parse(want);
			if (!o)
				fail_msg("%s: not JSON", path);
			assert_int_equal(sclog_json_format(o, &text), 0);
			if (strcmp(text, want) != 0)
				fail_msg("%s: printed again, it differs:\n%s", path, text);
			free(text);
			free(want);
			json_object_put(o);
			checked++;
		}
		closedir(dir);
	}
	assert_true(checked >= 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_containers),
		cmocka_unit_test(test_scalars),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_golden_files_reprint),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
