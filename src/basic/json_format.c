// SPDX-License-Identifier: GPL-2.0-only
/*
 * The one JSON printer of sclog.  json-c's printer changed between releases
 * (0.16 prints an empty array as "[", newline, indent, "]"; 0.17 and later
 * as "[]"), so with it a policy's bytes, and the golden files, depended on
 * the distribution.  This printer keeps the layout json-c 0.16 gives with
 * JSON_C_TO_STRING_PRETTY | SPACED | NOSLASHESCAPE, the one every earlier
 * sclog output has, empty containers included, so that policies made before
 * compare equal.  json-c still builds and parses the documents.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sclog/basic/json_format.h"

static void put_string(FILE *f, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";

	fputc('"', f);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *esc = c == '"'  ? "\\\"" :
				  c == '\\' ? "\\\\" :
				  c == '\b' ? "\\b" :
				  c == '\f' ? "\\f" :
				  c == '\n' ? "\\n" :
				  c == '\r' ? "\\r" :
				  c == '\t' ? "\\t" :
					      NULL;

		if (esc)
			fputs(esc, f);
		else if (c < 0x20)
			fprintf(f, "\\u00%c%c", hex[c >> 4], hex[c & 0xf]);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void put_double(FILE *f, double d)
{
	char buf[40];

	/* JSON has no NaN or infinity (json-c would print a bare NaN). */
	if (!isfinite(d)) {
		fputs("null", f);
		return;
	}
	/* The shortest form that reads back as the same double; sclog never
	 * calls setlocale(), so the decimal point is a point. */
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(buf, sizeof(buf), "%.*g", prec, d);
		if (strtod(buf, NULL) == d)
			break;
	}
	fputs(buf, f);
	if (!strpbrk(buf, ".e"))
		fputs(".0", f);
}

static void indent(FILE *f, int level)
{
	fprintf(f, "%*s", 2 * level, "");
}

static void put_value(FILE *f, json_object *o, int level)
{
	int n = 0;

	switch (json_object_get_type(o)) {
	case json_type_null:
		fputs("null", f);
		return;
	case json_type_boolean:
		fputs(json_object_get_boolean(o) ? "true" : "false", f);
		return;
	case json_type_int:
		/* json-c holds integers above INT64_MAX as uint64: the int64
		 * view tells a negative number, the uint64 view the rest. */
		if (json_object_get_int64(o) < 0)
			fprintf(f, "%" PRId64, json_object_get_int64(o));
		else
			fprintf(f, "%" PRIu64, json_object_get_uint64(o));
		return;
	case json_type_double:
		put_double(f, json_object_get_double(o));
		return;
	case json_type_string:
		put_string(f, json_object_get_string(o), (size_t)json_object_get_string_len(o));
		return;
	case json_type_object:
		fputs("{\n", f);
		json_object_object_foreach(o, key, val)
		{
			fputs(n++ ? ",\n" : "", f);
			indent(f, level + 1);
			put_string(f, key, strlen(key));
			fputs(": ", f);
			put_value(f, val, level + 1);
		}
		break;
	case json_type_array:
		fputs("[\n", f);
		for (size_t i = 0; i < json_object_array_length(o); i++) {
			fputs(n++ ? ",\n" : "", f);
			indent(f, level + 1);
			put_value(f, json_object_array_get_idx(o, i), level + 1);
		}
		break;
	}
	/* An empty container still gets its line break and indent (json-c
	 * 0.16's form, kept for the reason at the top). */
	fputs(n ? "\n" : "", f);
	indent(f, level);
	fputc(json_object_is_type(o, json_type_object) ? '}' : ']', f);
}

int sclog_json_format(json_object *o, char **ret_text)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	int failed;

	if (!f)
		return -ENOMEM;
	put_value(f, o, 0);
	fputc('\n', f);
	failed = ferror(f);
	if (fclose(f) != 0 || failed) {
		free(text);
		return -ENOMEM;
	}
	*ret_text = text;
	return 0;
}
