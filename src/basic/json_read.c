// SPDX-License-Identifier: GPL-2.0-only
/*
 * The one reader of untrusted JSON.  json-c parses; what json-c lets through
 * is refused here, by a second walk of the text it accepted (so that walk
 * may assume valid JSON): it keeps the last of duplicate keys, cuts keys at
 * an escaped NUL, clamps integers to 64 bits (0.16) or refuses them without
 * saying where (0.17), takes NaN, Infinity and raw control characters even
 * in strict mode, turns unpaired surrogate escapes into U+FFFD and passes
 * bytes that are not UTF-8 through.
 */
#include <errno.h>
#include <json-c/json.h>
#include <json-c/linkhash.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sclog/basic/json_read.h"
#include "sclog/basic/macro.h"
#include "sclog/basic/quote.h"
#include "sclog/basic/utf8.h"

int sclog_json_bad(const struct sclog_json_ctx *c, const char *path, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	sclog_error_set(c->err, -EINVAL, "%s: %s: %s", sclog_quoted_path(c->source), path, msg);
	/* A constant, not sclog_error_set()'s result: gcc 14 then sees that a
	 * caller's output parameter is set whenever this is not returned. */
	return -EINVAL;
}

const char *sclog_json_type_name(json_object *o)
{
	return o ? json_type_to_name(json_object_get_type(o)) : "null";
}

int sclog_json_expect(const struct sclog_json_ctx *c, json_object *o, const char *path,
		      enum json_type type)
{
	static const char *const wanted[] = {
		[json_type_boolean] = "a boolean", [json_type_double] = "a number",
		[json_type_int] = "an integer",	   [json_type_object] = "an object",
		[json_type_array] = "an array",	   [json_type_string] = "a string",
	};

	if (json_object_is_type(o, type))
		return 0;
	return sclog_json_bad(c, path, "expected %s, found %s",
			      type < ELEMENTSOF(wanted) && wanted[type] ? wanted[type] : "null",
			      sclog_json_type_name(o));
}

int sclog_json_string(const struct sclog_json_ctx *c, json_object *o, const char *path,
		      const char **ret)
{
	if (sclog_json_expect(c, o, path, json_type_string) < 0)
		return -EINVAL;
	*ret = json_object_get_string(o);
	return 0;
}

int sclog_json_int(const struct sclog_json_ctx *c, json_object *o, const char *path, int64_t min,
		   int64_t max, int64_t *ret)
{
	int64_t v;

	if (sclog_json_expect(c, o, path, json_type_int) < 0)
		return -EINVAL;
	/* json-c keeps integers above INT64_MAX as uint64, and the int64 view
	 * of those is INT64_MAX: the uint64 view tells them apart. */
	v = json_object_get_int64(o);
	if (v < min || v > max || (v == INT64_MAX && json_object_get_uint64(o) > INT64_MAX))
		return sclog_json_bad(c, path, "integer out of range (%lld..%lld)", (long long)min,
				      (long long)max);
	*ret = v;
	return 0;
}

int sclog_json_uint(const struct sclog_json_ctx *c, json_object *o, const char *path, uint64_t max,
		    uint64_t *ret)
{
	if (sclog_json_expect(c, o, path, json_type_int) < 0)
		return -EINVAL;
	/* The int64 view says whether it is negative, the uint64 view gives
	 * the value. */
	if (json_object_get_int64(o) < 0 || json_object_get_uint64(o) > max)
		return sclog_json_bad(c, path, "integer out of range (0..%llu)",
				      (unsigned long long)max);
	*ret = json_object_get_uint64(o);
	return 0;
}

int sclog_json_check_keys(const struct sclog_json_ctx *c, json_object *o, const char *path,
			  const char *const *allowed)
{
	json_object_object_foreach(o, key, val)
	{
		int ok = 0;

		(void)val;
		for (const char *const *a = allowed; *a && !ok; a++)
			ok = strcmp(*a, key) == 0;
		if (!ok)
			return sclog_json_bad(c, path, "unknown key %s", sclog_quoted(key));
	}
	return 0;
}

/* An open object or array of the second walk. */
struct level {
	int object;
	size_t index;
	const char *key;       /* the current key, for paths */
	struct lh_table *seen; /* the keys so far */
};

/* The second walk, over text json-c accepted. */
struct scan {
	const struct sclog_json_ctx *c;
	const char *buf;
	size_t len, pos;
	int depth;
	struct level stack[SCLOG_JSON_MAX_DEPTH + 1];
	char *tmp; /* the last key, decoded */
	size_t tmp_size;
};

__attribute__((format(printf, 2, 3))) static int scan_bad(struct scan *s, const char *fmt, ...)
{
	char path[256], msg[256];
	size_t n = (size_t)snprintf(path, sizeof(path), "$");
	va_list ap;

	for (int i = 0; i < s->depth && n < sizeof(path); i++) {
		if (s->stack[i].object && s->stack[i].key)
			n += (size_t)snprintf(path + n, sizeof(path) - n, ".%s",
					      sclog_quoted_path(s->stack[i].key));
		else if (!s->stack[i].object)
			n += (size_t)snprintf(path + n, sizeof(path) - n, "[%zu]",
					      s->stack[i].index);
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return sclog_json_bad(s->c, path, "%s", msg);
}

static void scan_ws(struct scan *s)
{
	while (s->pos < s->len && strchr(" \t\r\n", s->buf[s->pos]))
		s->pos++;
}

static int put_byte(struct scan *s, size_t *n, char ch)
{
	if (*n + 1 >= s->tmp_size) {
		size_t size = s->tmp_size ? 2 * s->tmp_size : 64;
		char *v = realloc(s->tmp, size);

		if (!v)
			return sclog_error_oom(s->c->err);
		s->tmp = v;
		s->tmp_size = size;
	}
	s->tmp[(*n)++] = ch;
	return 0;
}

/* Code point @cp as UTF-8 into s->tmp. */
static int put_utf8(struct scan *s, size_t *n, uint32_t cp)
{
	static const unsigned char lead[] = { 0, 0, 0xc0, 0xe0, 0xf0 };
	int k = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
	char b[4];

	b[0] = (char)(lead[k] | cp >> (6 * (k - 1)));
	for (int i = 1; i < k; i++)
		b[i] = (char)(0x80 | (cp >> (6 * (k - 1 - i)) & 0x3f));
	for (int i = 0; i < k; i++)
		if (put_byte(s, n, b[i]) < 0)
			return -ENOMEM;
	return 0;
}

static unsigned int hex4(const char *p)
{
	unsigned int u = 0;

	for (int i = 0; i < 4; i++)
		u = u << 4 | (unsigned int)(p[i] <= '9' ? p[i] - '0' : (p[i] | 0x20) - 'a' + 10);
	return u;
}

/*
 * The escape after a backslash at s->pos, its code point in @ret_cp:
 * json-c checked the syntax (\u has its four hex digits); what it would
 * cut (\u0000) or replace (an unpaired surrogate) is refused here.
 */
static int scan_escape(struct scan *s, const char *what, uint32_t *ret_cp)
{
	static const char from[] = "bfnrt", to[] = "\b\f\n\r\t";
	char ch = s->buf[s->pos++];
	unsigned int cp, lo = 0;

	if (ch != 'u') {
		*ret_cp = strchr(from, ch) ? (uint32_t)to[strchr(from, ch) - from] : (uint32_t)ch;
		return 0;
	}
	cp = hex4(s->buf + s->pos);
	s->pos += 4;
	if (cp == 0)
		return scan_bad(s, "%s contains a NUL character (\\u0000)", what);
	if (cp >= 0xd800 && cp <= 0xdbff && s->pos + 6 <= s->len && s->buf[s->pos] == '\\' &&
	    s->buf[s->pos + 1] == 'u')
		lo = hex4(s->buf + s->pos + 2);
	if (cp >= 0xd800 && cp <= 0xdfff && (lo < 0xdc00 || lo > 0xdfff))
		return scan_bad(s, "%s contains an unpaired surrogate (\\u%04x)", what, cp);
	if (lo) {
		s->pos += 6;
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
	}
	*ret_cp = cp;
	return 0;
}

/*
 * The string at s->pos (its opening quote).  Refuses what json-c would
 * change or cut; decodes it into s->tmp when @decode (keys).
 */
static int scan_string(struct scan *s, int decode)
{
	const char *what = decode ? "a key" : "a string";
	size_t n = 0;

	for (s->pos++; s->pos < s->len && s->buf[s->pos] != '"';) {
		unsigned char ch = (unsigned char)s->buf[s->pos++];
		uint32_t cp = 0;

		if (ch < 0x20)
			return scan_bad(s,
					"%s contains a raw control character (U+%04X): JSON wants "
					"it escaped",
					what, ch);
		if (ch != '\\') {
			if (decode && put_byte(s, &n, (char)ch) < 0)
				return -ENOMEM;
			continue;
		}
		if (scan_escape(s, what, &cp) < 0)
			return -EINVAL;
		if (decode && put_utf8(s, &n, cp) < 0)
			return -ENOMEM;
	}
	s->pos++;
	if (decode && put_byte(s, &n, '\0') < 0)
		return -ENOMEM;
	return 0;
}

/* Whether the digits @d (@n of them, no sign) exceed @max, as text. */
static int digits_above(const char *d, size_t n, const char *max)
{
	while (n > 1 && *d == '0')
		d++, n--;
	return n > strlen(max) || (n == strlen(max) && memcmp(d, max, n) > 0);
}

static int scan_number(struct scan *s)
{
	size_t start = s->pos, n;
	int neg = s->buf[start] == '-', fraction = 0;

	while (s->pos < s->len && s->buf[s->pos] && strchr("+-0123456789.eE", s->buf[s->pos]))
		fraction |= !!strchr(".eE", s->buf[s->pos++]);
	n = s->pos - start;
	/* json-c takes "00" (not "01"), which JSON does not. */
	if (n > (size_t)neg + 1 && s->buf[start + neg] == '0' && s->buf[start + neg + 1] >= '0' &&
	    s->buf[start + neg + 1] <= '9')
		return scan_bad(s, "number %.*s has a leading zero", (int)(n < 40 ? n : 40),
				s->buf + start);
	if (fraction) {
		char *copy = strndup(s->buf + start, n);
		double d;

		if (!copy)
			return sclog_error_oom(s->c->err);
		d = strtod(copy, NULL);
		free(copy);
		if (!isfinite(d))
			return scan_bad(s, "number %.*s is out of range (beyond 1.8e308)",
					(int)(n < 40 ? n : 40), s->buf + start);
		return 0;
	}
	if (digits_above(s->buf + start + neg, n - neg,
			 neg ? "9223372036854775808" : "18446744073709551615"))
		return scan_bad(s, "integer %.*s is out of range (%s)", (int)(n < 40 ? n : 40),
				s->buf + start, neg ? "below -2^63" : "above 2^64-1");
	return 0;
}

static int scan_value(struct scan *s);

static void free_key(struct lh_entry *e)
{
	free(lh_entry_k(e));
}

static int scan_object_key(struct scan *s)
{
	struct level *l = &s->stack[s->depth - 1];
	char *key;
	int r;

	l->key = NULL;
	r = scan_string(s, 1);
	if (r < 0)
		return r;
	l->key = s->tmp;
	if (!l->seen && !(l->seen = lh_kchar_table_new(16, free_key)))
		return sclog_error_oom(s->c->err);
	if (lh_table_lookup_ex(l->seen, s->tmp, NULL))
		return scan_bad(s, "duplicate key %s (json readers disagree on which one counts)",
				sclog_quoted(s->tmp));
	key = strdup(s->tmp);
	if (!key || lh_table_insert(l->seen, key, NULL) < 0) {
		free(key);
		return sclog_error_oom(s->c->err);
	}
	l->key = key;
	scan_ws(s);
	s->pos++; /* ':' */
	scan_ws(s);
	return 0;
}

static int scan_container(struct scan *s, int object)
{
	char close = object ? '}' : ']';
	int r;

	if (s->depth >= SCLOG_JSON_MAX_DEPTH + 1)
		return scan_bad(s, "nested deeper than %d levels", SCLOG_JSON_MAX_DEPTH);
	s->stack[s->depth].object = object;
	s->stack[s->depth].index = 0;
	s->stack[s->depth].key = NULL;
	s->stack[s->depth].seen = NULL;
	s->depth++;
	s->pos++;
	for (scan_ws(s); s->pos < s->len && s->buf[s->pos] != close; scan_ws(s)) {
		if (s->buf[s->pos] == ',') {
			s->pos++;
			s->stack[s->depth - 1].index += !object;
			continue;
		}
		r = object ? scan_object_key(s) : 0;
		if (r == 0)
			r = scan_value(s);
		if (r < 0)
			return r;
	}
	s->pos++;
	s->depth--;
	if (s->stack[s->depth].seen)
		lh_table_free(s->stack[s->depth].seen);
	return 0;
}

static int scan_value(struct scan *s)
{
	const char *p = s->buf + s->pos;
	size_t left = s->len - s->pos;

	if (left == 0)
		return 0;
	if (*p == '{' || *p == '[')
		return scan_container(s, *p == '{');
	if (*p == '"')
		return scan_string(s, 0);
	/* json-c also takes NaN, Infinity and -Infinity in strict mode. */
	if ((*p == '-' && left > 1 && (p[1] < '0' || p[1] > '9')) || (*p >= 'A' && *p <= 'Z') ||
	    (*p >= 'a' && *p <= 'z' && *p != 't' && *p != 'f' && *p != 'n') ||
	    (left >= 3 && strncmp(p, "nan", 3) == 0))
		return scan_bad(s, "NaN and Infinity are not JSON numbers");
	if (*p == '-' || (*p >= '0' && *p <= '9'))
		return scan_number(s);
	while (s->pos < s->len && s->buf[s->pos] >= 'a' && s->buf[s->pos] <= 'z')
		s->pos++; /* true, false, null */
	return 0;
}

static int scan_strict(const struct sclog_json_ctx *c, const char *buf, size_t len)
{
	struct scan s = { .c = c, .buf = buf, .len = len };
	int r;

	scan_ws(&s);
	r = scan_value(&s);
	while (s.depth > 0)
		if (s.stack[--s.depth].seen)
			lh_table_free(s.stack[s.depth].seen);
	free(s.tmp);
	return r;
}

/*
 * json-c 0.17 and later refuse, in strict mode, an integer outside int64 and
 * uint64 as "number expected"; 0.16 clamps it.  So that the answer does not
 * depend on the json-c release, json-c parses a copy in which each such
 * integer is a 0 (-1 when negative), padded with spaces so that offsets
 * stay, and scan_number() refuses it on the original text with its path.
 * Returns the copy, or NULL when there is nothing to replace or no memory
 * (then the original is parsed).
 */
static char *tame_integers(const char *buf, size_t len)
{
	char *copy = NULL;
	int in_string = 0;

	for (size_t i = 0; i < len; i++) {
		size_t start = i, end;
		int neg;

		if (in_string) {
			if (buf[i] == '\\')
				i++;
			else if (buf[i] == '"')
				in_string = 0;
			continue;
		}
		if (buf[i] == '"') {
			in_string = 1;
			continue;
		}
		if (buf[i] != '-' && (buf[i] < '0' || buf[i] > '9'))
			continue;
		neg = buf[i] == '-';
		for (end = i + neg; end < len && buf[end] >= '0' && buf[end] <= '9'; end++)
			;
		i = end - 1;
		if (end < len && strchr(".eE", buf[end]))
			continue; /* a double, which json-c takes */
		if (!digits_above(buf + start + neg, end - start - neg,
				  neg ? "9223372036854775808" : "18446744073709551615"))
			continue;
		if (!copy) {
			copy = malloc(len);
			if (!copy)
				return NULL;
			memcpy(copy, buf, len);
		}
		memset(copy + start, ' ', end - start);
		if (neg)
			copy[end - 2] = '-';
		copy[end - 1] = neg ? '1' : '0';
	}
	return copy;
}

static void line_col(const char *buf, size_t off, int *line, int *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off; i++) {
		if (buf[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

__attribute__((format(printf, 5, 6))) static int bad_at(const char *buf, size_t off,
							const char *source, struct sclog_error *err,
							const char *fmt, ...)
{
	char msg[256];
	int line, col;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	line_col(buf, off, &line, &col);
	return sclog_error_set(err, -EINVAL, "%s:%d:%d: %s", sclog_quoted_path(source), line, col,
			       msg);
}

/* NUL bytes and bytes that are not UTF-8, before json-c sees them. */
static int check_bytes(const char *buf, size_t len, const char *source, struct sclog_error *err)
{
	if (memchr(buf, '\0', len))
		return sclog_error_set(err, -EINVAL, "%s: contains NUL bytes, not JSON text",
				       sclog_quoted_path(source));
	for (size_t i = 0; i < len;) {
		uint32_t cp = 0;
		size_t n =
			(unsigned char)buf[i] < 0x80 ? 1 : sclog_utf8_next(buf + i, len - i, &cp);

		if (n == 0)
			return bad_at(buf, i, source, err, "not valid UTF-8 (byte 0x%02x)",
				      (unsigned char)buf[i]);
		i += n;
	}
	return 0;
}

/* json-c's strict mode, on @len bytes of @text; the end of the parse in @off. */
static json_object *parse_strict(const char *text, size_t len, size_t *off,
				 enum json_tokener_error *e, int *oom)
{
	json_tokener *tok = json_tokener_new_ex(SCLOG_JSON_MAX_DEPTH);
	json_object *o;

	if (!tok) {
		*off = 0;
		*e = json_tokener_continue;
		*oom = 1;
		return NULL;
	}
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	o = json_tokener_parse_ex(tok, text, (int)len);
	*off = json_tokener_get_parse_end(tok);
	*e = json_tokener_get_error(tok);
	json_tokener_free(tok);
	return o;
}

/*
 * Parse @text (UTF-8 already checked).  json-c 0.17 and 0.18 refuse every
 * byte over 0x7f in strict mode, valid UTF-8 included; outside strings
 * such a byte is an error anyway.  So a text that has one is parsed
 * strictly with each such byte made 'x' (the grammar), then as it is
 * without the strict flag (the values), which the first parse has shown
 * to be strict JSON.
 */
static json_object *parse(const char *text, size_t len, size_t *off, enum json_tokener_error *e,
			  int *oom)
{
	_cleanup_free_ char *ascii = NULL;
	json_tokener *tok;
	json_object *o;
	size_t i;

	for (i = 0; i < len && !((unsigned char)text[i] & 0x80); i++)
		;
	if (i == len)
		return parse_strict(text, len, off, e, oom);
	ascii = malloc(len);
	if (!ascii) {
		*off = 0;
		*e = json_tokener_continue;
		*oom = 1;
		return NULL;
	}
	for (i = 0; i < len; i++)
		ascii[i] = (unsigned char)text[i] & 0x80 ? 'x' : text[i];
	o = parse_strict(ascii, len, off, e, oom);
	if (!o || *e != json_tokener_success)
		return o;
	json_object_put(o);
	tok = json_tokener_new_ex(SCLOG_JSON_MAX_DEPTH);
	if (!tok) {
		*e = json_tokener_continue;
		*oom = 1;
		return NULL;
	}
	o = json_tokener_parse_ex(tok, text, (int)len);
	*off = json_tokener_get_parse_end(tok);
	*e = json_tokener_get_error(tok);
	json_tokener_free(tok);
	return o;
}

int sclog_json_read(const char *buf, size_t len, const char *source, json_object **ret,
		    struct sclog_error *err)
{
	struct sclog_json_ctx c = { .source = source, .err = err };
	json_object *root;
	enum json_tokener_error e;
	int oom = 0;
	char *tamed;
	size_t off;
	int r;

	if (len > SCLOG_JSON_MAX_BYTES)
		return sclog_error_set(err, -EFBIG,
				       "%s: larger than %d MiB, the limit for JSON "
				       "input",
				       sclog_quoted_path(source), SCLOG_JSON_MAX_BYTES >> 20);
	r = check_bytes(buf, len, source, err);
	if (r < 0)
		return r;
	tamed = tame_integers(buf, len);
	root = parse(tamed ? tamed : buf, len, &off, &e, &oom);
	free(tamed);
	if (oom)
		return sclog_error_oom(err);
	if (!root || e != json_tokener_success) {
		json_object_put(root);
		if (e == json_tokener_error_depth)
			return bad_at(buf, off, source, err,
				      "malformed JSON: nested deeper than "
				      "%d levels",
				      SCLOG_JSON_MAX_DEPTH);
		return bad_at(buf, off, source, err, "malformed JSON: %s",
			      e == json_tokener_continue ? "unexpected end of input" :
							   json_tokener_error_desc(e));
	}
	for (; off < len; off++)
		if (!strchr(" \t\r\n", buf[off])) {
			json_object_put(root);
			return bad_at(buf, off, source, err,
				      "malformed JSON: text after the end "
				      "of the document");
		}
	r = scan_strict(&c, buf, len);
	if (r < 0) {
		json_object_put(root);
		return r;
	}
	*ret = root;
	return 0;
}
