// SPDX-License-Identifier: GPL-2.0-only
/*
 * Strict reader of seccomp policies (OCI, OCI config.json, Docker).  Policy
 * files are untrusted input: every type is checked, every table capped, and
 * each error names the file, the JSON path and the reason.  Unlike runc and
 * crun, an unknown syscall name is an error, not silently dropped.
 */
#include <errno.h>
#include <json-c/json.h>
#include <limits.h>
#include <stdbool.h>
#include <seccomp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sclog/basic/arch.h"
#include "sclog/basic/macro.h"
#include "sclog/policy/multiarch.h"
#include "sclog/policy/policy_parse.h"
#include "sclog/basic/quote.h"

#define MAX_RULES 4096
#define MAX_NAMES 4096
#define MAX_ARGS 6
#define POLICY_MAX_BYTES (16 * 1024 * 1024)

struct ctx {
	const char *source;
	struct sclog_error *err;
};

__attribute__((format(printf, 3, 4))) static int bad(struct ctx *c, const char *path,
						     const char *fmt, ...)
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

static const char *type_name(json_object *o)
{
	return o ? json_type_to_name(json_object_get_type(o)) : "null";
}

static int check_keys(struct ctx *c, json_object *obj, const char *path,
		      const char *const *allowed)
{
	json_object_object_foreach(obj, key, val) {
		int ok = 0;

		(void)val;
		for (const char *const *a = allowed; *a && !ok; a++)
			ok = strcmp(*a, key) == 0;
		if (!ok)
			return bad(c, path, "unknown key %s", sclog_quoted(key));
	}
	return 0;
}

static int get_string(struct ctx *c, json_object *o, const char *path, const char **ret)
{
	if (!json_object_is_type(o, json_type_string))
		return bad(c, path, "expected a string, found %s", type_name(o));
	*ret = json_object_get_string(o);
	return 0;
}

static int get_uint(struct ctx *c, json_object *o, const char *path, uint64_t max,
		    uint64_t *ret)
{
	int64_t v;

	if (!json_object_is_type(o, json_type_int))
		return bad(c, path, "expected an integer, found %s", type_name(o));
	/* json-c keeps integers above INT64_MAX as uint64: the int64 view
	 * says whether it is negative, the uint64 view gives the value. */
	v = json_object_get_int64(o);
	if (v < 0 || json_object_get_uint64(o) > max)
		return bad(c, path, "integer out of range (0..%llu)", (unsigned long long)max);
	*ret = json_object_get_uint64(o);
	return 0;
}

static int parse_action(struct ctx *c, json_object *o, const char *path,
			struct sclog_action *ret)
{
	const char *name;
	int r;

	if (get_string(c, o, path, &name) < 0)
		return -EINVAL;
	r = sclog_action_from_oci_name(name, &ret->kind);
	if (r == -EOPNOTSUPP)
		return bad(c, path, "%s needs a tracer or a notification listener, which sclog "
			   "does not provide", sclog_quoted(name));
	if (r < 0)
		return bad(c, path, "unknown action %s (use SCMP_ACT_ALLOW, SCMP_ACT_ERRNO, "
			   "SCMP_ACT_KILL, SCMP_ACT_KILL_PROCESS, SCMP_ACT_TRAP or SCMP_ACT_LOG)",
			   sclog_quoted(name));
	ret->errno_ret = ret->kind == SCLOG_ACT_ERRNO ? EPERM : 0;
	return 0;
}

static int parse_errno_ret(struct ctx *c, json_object *o, const char *path,
			   struct sclog_action *action)
{
	uint64_t v;

	if (action->kind != SCLOG_ACT_ERRNO)
		return bad(c, path, "an errno is only meaningful with SCMP_ACT_ERRNO, not %s",
			   sclog_action_oci_name(action->kind));
	if (get_uint(c, o, path, SCLOG_ERRNO_MAX, &v) < 0)
		return -EINVAL;
	/* SECCOMP_RET_ERRNO with 0 makes the call "succeed" without running
	 * it; the command line refuses errno:0 for the same reason. */
	if (v == 0)
		return bad(c, path, "errno 0 would make the syscall return success without "
			   "running it; use 1..4094 (EPERM is 1)");
	action->errno_ret = (uint32_t)v;
	return 0;
}

static int parse_arch(struct ctx *c, struct sclog_policy *p, json_object *o, const char *path)
{
	const char *name;
	uint32_t arch;

	if (get_string(c, o, path, &name) < 0)
		return -EINVAL;
	arch = sclog_arch_from_oci_name(name);
	if (!arch)
		return bad(c, path, "unknown architecture %s", sclog_quoted(name));
	return sclog_policy_add_arch(p, arch) < 0 ? sclog_error_set(c->err, -ENOMEM, "out of memory")
						  : 0;
}

static int parse_arches(struct ctx *c, struct sclog_policy *p, json_object *o, const char *path)
{
	char sub[96];

	if (!json_object_is_type(o, json_type_array))
		return bad(c, path, "expected an array, found %s", type_name(o));
	for (size_t i = 0; i < json_object_array_length(o); i++) {
		snprintf(sub, sizeof(sub), "%s[%zu]", path, i);
		if (parse_arch(c, p, json_object_array_get_idx(o, i), sub) < 0)
			return -EINVAL;
	}
	return 0;
}

/* Docker's archMap: [{"architecture": A, "subArchitectures": [B, …]}]. */
static int parse_arch_map(struct ctx *c, struct sclog_policy *p, json_object *o)
{
	static const char *const keys[] = { "architecture", "subArchitectures", NULL };
	char path[96];

	if (!json_object_is_type(o, json_type_array))
		return bad(c, "$.archMap", "expected an array, found %s", type_name(o));
	for (size_t i = 0; i < json_object_array_length(o); i++) {
		json_object *e = json_object_array_get_idx(o, i), *v;

		snprintf(path, sizeof(path), "$.archMap[%zu]", i);
		if (!json_object_is_type(e, json_type_object))
			return bad(c, path, "expected an object, found %s", type_name(e));
		if (check_keys(c, e, path, keys) < 0)
			return -EINVAL;
		if (!json_object_object_get_ex(e, "architecture", &v))
			return bad(c, path, "missing \"architecture\"");
		snprintf(path, sizeof(path), "$.archMap[%zu].architecture", i);
		if (parse_arch(c, p, v, path) < 0)
			return -EINVAL;
		if (json_object_object_get_ex(e, "subArchitectures", &v) && v) {
			snprintf(path, sizeof(path), "$.archMap[%zu].subArchitectures", i);
			if (parse_arches(c, p, v, path) < 0)
				return -EINVAL;
		}
	}
	return 0;
}

static int parse_op(struct ctx *c, json_object *o, const char *path, int *ret)
{
	const char *name;

	if (get_string(c, o, path, &name) < 0)
		return -EINVAL;
	if (sclog_cmp_from_oci_name(name, ret) < 0)
		return bad(c, path, "unknown operator %s", sclog_quoted(name));
	return 0;
}

static int parse_args(struct ctx *c, struct sclog_rule *r, json_object *o, const char *path)
{
	static const char *const keys[] = { "index", "value", "valueTwo", "op", NULL };
	char sub[160];
	size_t n;

	if (!json_object_is_type(o, json_type_array))
		return bad(c, path, "expected an array, found %s", type_name(o));
	n = json_object_array_length(o);
	if (n > MAX_ARGS)
		return bad(c, path, "more than %d argument conditions", MAX_ARGS);
	r->args = calloc(n ? n : 1, sizeof(*r->args));
	if (!r->args)
		return sclog_error_set(c->err, -ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		json_object *a = json_object_array_get_idx(o, i), *v;
		struct sclog_arg *arg = &r->args[i];
		uint64_t u;

		snprintf(sub, sizeof(sub), "%s[%zu]", path, i);
		if (!json_object_is_type(a, json_type_object))
			return bad(c, sub, "expected an object, found %s", type_name(a));
		if (check_keys(c, a, sub, keys) < 0)
			return -EINVAL;
		if (!json_object_object_get_ex(a, "index", &v) || !json_object_object_get_ex(a, "op", NULL))
			return bad(c, sub, "an argument condition needs \"index\" and \"op\"");
		snprintf(sub, sizeof(sub), "%s[%zu].index", path, i);
		if (get_uint(c, v, sub, 5, &u) < 0)
			return -EINVAL;
		arg->index = (unsigned int)u;
		if (json_object_object_get_ex(a, "value", &v)) {
			snprintf(sub, sizeof(sub), "%s[%zu].value", path, i);
			if (get_uint(c, v, sub, UINT64_MAX, &arg->value) < 0)
				return -EINVAL;
		}
		if (json_object_object_get_ex(a, "valueTwo", &v)) {
			snprintf(sub, sizeof(sub), "%s[%zu].valueTwo", path, i);
			if (get_uint(c, v, sub, UINT64_MAX, &arg->value_two) < 0)
				return -EINVAL;
		}
		json_object_object_get_ex(a, "op", &v);
		snprintf(sub, sizeof(sub), "%s[%zu].op", path, i);
		if (parse_op(c, v, sub, &arg->op) < 0)
			return -EINVAL;
		r->n_args++;
	}
	return 0;
}

static int add_name(struct ctx *c, struct sclog_rule *r, json_object *o, const char *path)
{
	const char *name;

	if (get_string(c, o, path, &name) < 0)
		return -EINVAL;
	if (seccomp_syscall_resolve_name(name) == __NR_SCMP_ERROR)
		return bad(c, path, "unknown syscall %s (libseccomp %u.%u.%u knows no such name; "
			   "for a policy made with a newer libseccomp, the \"libseccomp\" of its "
			   "run's report, use an sclog linked with one as new)",
			   sclog_quoted(name), seccomp_version()->major, seccomp_version()->minor,
			   seccomp_version()->micro);
	if (r->n_names >= MAX_NAMES)
		return bad(c, path, "more than %d names in one rule", MAX_NAMES);
	/* A repeated name adds nothing: the model keeps names unique.  The
	 * rule borrows json-c's string, which lives as long as the parse:
	 * the model copies each distinct name once. */
	if ((r->n_names & (r->n_names - 1)) == 0) {
		char **v = realloc(r->names, (r->n_names ? 2 * r->n_names : 1) * sizeof(*v));

		if (!v)
			return sclog_error_set(c->err, -ENOMEM, "out of memory");
		r->names = v;
	}
	r->names[r->n_names++] = (char *)name;
	return 0;
}

/* {"arches": [STRING, …]} and nothing else (moby's scope of a rule). */
static bool includes_arches_only(json_object *v)
{
	json_object *a;

	if (!json_object_is_type(v, json_type_object) || json_object_object_length(v) != 1 ||
	    !json_object_object_get_ex(v, "arches", &a) || !json_object_is_type(a, json_type_array) ||
	    json_object_array_length(a) > 16)
		return false;
	for (size_t i = 0; i < json_object_array_length(a); i++)
		if (!json_object_is_type(json_object_array_get_idx(a, i), json_type_string))
			return false;
	return true;
}

/*
 * A rule scoped with "includes": {"arches": …} is read without the scope
 * only when that means the same (sclog_multiarch_scope_check()): a scope
 * that would keep a name from an architecture that has it is refused.
 */
static int check_scope(struct ctx *c, const struct sclog_policy *p, const struct sclog_rule *r,
		       json_object *o, const char *path)
{
	const char *arches[16], *name = NULL;
	json_object *inc, *a;
	uint32_t arch = 0;
	size_t n = 0;
	int k;

	if (!json_object_object_get_ex(o, "includes", &inc) || !inc ||
	    !json_object_object_get_ex(inc, "arches", &a))
		return 0;
	for (; n < json_object_array_length(a); n++)
		arches[n] = json_object_get_string(json_object_array_get_idx(a, n));
	k = sclog_multiarch_scope_check(p, r->names, r->n_names, arches, n, &name, &arch);
	if (k == -ENOENT)
		return bad(c, path, "\"includes\": unknown architecture %s", sclog_quoted(name));
	if (k == -EINVAL)
		return bad(c, path, "\"includes\": %s exists on %s, which the scope leaves out; "
			   "sclog reads a scope only where it changes nothing (a name only the "
			   "listed architectures have): split the policy per architecture",
			   sclog_quoted(name), sclog_arch_name(arch));
	return k < 0 ? sclog_error_set(c->err, k, "out of memory") : 0;
}

static int parse_rule(struct ctx *c, struct sclog_rule *r, json_object *o, const char *path)
{
	static const char *const keys[] = { "names", "name",	 "action",   "errnoRet", "args",
					    "comment", "includes", "excludes", NULL };
	json_object *v;
	char sub[128];

	if (!json_object_is_type(o, json_type_object))
		return bad(c, path, "expected an object, found %s", type_name(o));
	if (check_keys(c, o, path, keys) < 0)
		return -EINVAL;
	/* Docker's engine resolves these against capabilities and kernel
	 * versions; a runtime never sees them. Empty ones mean nothing;
	 * "includes": {"arches": …} alone is checked by the caller. */
	for (int k = 0; k < 2; k++)
		if (json_object_object_get_ex(o, k ? "excludes" : "includes", &v) && v &&
		    !(json_object_is_type(v, json_type_object) && json_object_object_length(v) == 0) &&
		    (k || !includes_arches_only(v)))
			return bad(c, path, "\"includes\"/\"excludes\" conditions are resolved by the "
				   "Docker engine, not by a runtime; export the resolved profile first");
	if (!json_object_object_get_ex(o, "action", &v))
		return bad(c, path, "missing \"action\"");
	snprintf(sub, sizeof(sub), "%s.action", path);
	if (parse_action(c, v, sub, &r->action) < 0)
		return -EINVAL;
	if (json_object_object_get_ex(o, "errnoRet", &v)) {
		snprintf(sub, sizeof(sub), "%s.errnoRet", path);
		if (parse_errno_ret(c, v, sub, &r->action) < 0)
			return -EINVAL;
	}
	if (json_object_object_get_ex(o, "names", &v)) {
		if (!json_object_is_type(v, json_type_array))
			return bad(c, path, "\"names\" must be an array, found %s", type_name(v));
		for (size_t i = 0; i < json_object_array_length(v); i++) {
			snprintf(sub, sizeof(sub), "%s.names[%zu]", path, i);
			if (add_name(c, r, json_object_array_get_idx(v, i), sub) < 0)
				return -EINVAL;
		}
	}
	if (json_object_object_get_ex(o, "name", &v)) {
		snprintf(sub, sizeof(sub), "%s.name", path);
		if (add_name(c, r, v, sub) < 0)
			return -EINVAL;
	}
	if (r->n_names == 0)
		return bad(c, path, "a rule needs at least one syscall in \"names\"");
	if (json_object_object_get_ex(o, "args", &v) && v) {
		snprintf(sub, sizeof(sub), "%s.args", path);
		if (parse_args(c, r, v, sub) < 0)
			return -EINVAL;
	}
	return 0;
}

/* Rule @i gives a name another action than an earlier rule: name both. */
static int conflict_error(struct ctx *c, json_object *rules, size_t i,
			  const struct sclog_conflict *k)
{
	char path[64], was[64], now[64];
	size_t earlier = 0;

	for (size_t r = 0; r < i && !earlier; r++) {
		json_object *rule = json_object_array_get_idx(rules, r), *names, *name;

		if (json_object_object_get_ex(rule, "name", &name) &&
		    strcmp(json_object_get_string(name), k->name) == 0)
			earlier = r + 1;
		if (!json_object_object_get_ex(rule, "names", &names))
			continue;
		for (size_t n = 0; n < json_object_array_length(names) && !earlier; n++)
			if (strcmp(json_object_get_string(json_object_array_get_idx(names, n)),
				   k->name) == 0)
				earlier = r + 1;
	}
	snprintf(path, sizeof(path), "$.syscalls[%zu]", i);
	return bad(c, path, "%s gets %s here but %s in $.syscalls[%zu]; a syscall must have "
		   "one action (runtimes would let rule order decide): remove it from one rule",
		   sclog_quoted(k->name), sclog_action_describe(&k->added, now, sizeof(now)),
		   sclog_action_describe(&k->existing, was, sizeof(was)),
		   earlier ? earlier - 1 : 0);
}

static int parse_object(struct ctx *c, json_object *root, struct sclog_policy **ret)
{
	static const char *const keys[] = { "defaultAction", "defaultErrnoRet", "architectures",
					    "archMap",	     "syscalls",	"flags",
					    "listenerPath",  "listenerMetadata", "comment",
					    NULL };
	struct sclog_action def;
	struct sclog_policy *p;
	json_object *v;
	char path[64];

	if (!json_object_is_type(root, json_type_object))
		return bad(c, "$", "expected an object, found %s", type_name(root));
	if (check_keys(c, root, "$", keys) < 0)
		return -EINVAL;
	if (!json_object_object_get_ex(root, "defaultAction", &v))
		return bad(c, "$", "missing \"defaultAction\"");
	if (parse_action(c, v, "$.defaultAction", &def) < 0)
		return -EINVAL;
	if (json_object_object_get_ex(root, "defaultErrnoRet", &v) &&
	    parse_errno_ret(c, v, "$.defaultErrnoRet", &def) < 0)
		return -EINVAL;
	if (json_object_object_get_ex(root, "listenerPath", &v))
		return bad(c, "$.listenerPath", "seccomp notification listeners are not supported");
	if (json_object_object_get_ex(root, "flags", &v) && v) {
		if (!json_object_is_type(v, json_type_array))
			return bad(c, "$.flags", "expected an array, found %s", type_name(v));
		if (json_object_array_length(v) > 0)
			return bad(c, "$.flags", "seccomp filter flags are not supported by sclog "
				   "(and rejected by runc before 1.2)");
	}
	p = sclog_policy_new(&def);
	if (!p)
		return sclog_error_set(c->err, -ENOMEM, "out of memory");
	if ((json_object_object_get_ex(root, "architectures", &v) && v &&
	     parse_arches(c, p, v, "$.architectures") < 0) ||
	    (json_object_object_get_ex(root, "archMap", &v) && v && parse_arch_map(c, p, v) < 0))
		goto fail;
	if (json_object_object_get_ex(root, "syscalls", &v) && v) {
		size_t n;

		if (!json_object_is_type(v, json_type_array)) {
			bad(c, "$.syscalls", "expected an array, found %s", type_name(v));
			goto fail;
		}
		n = json_object_array_length(v);
		if (n > MAX_RULES) {
			bad(c, "$.syscalls", "more than %d rules", MAX_RULES);
			goto fail;
		}
		/* Rules go in through the model, which merges argument-less
		 * rules of one action and keeps names unique: the policy is
		 * normalised as it is read. */
		for (size_t i = 0; i < n; i++) {
			struct sclog_rule rule = { 0 };
			struct sclog_conflict conflict;
			int r;

			snprintf(path, sizeof(path), "$.syscalls[%zu]", i);
			r = parse_rule(c, &rule, json_object_array_get_idx(v, i), path);
			if (r == 0)
				r = check_scope(c, p, &rule, json_object_array_get_idx(v, i), path);
			if (r == 0)
				r = sclog_policy_add_rule(p, &rule, &conflict);
			if (r == -EEXIST)
				r = conflict_error(c, v, i, &conflict);
			else if (r == -ENOMEM)
				r = sclog_error_set(c->err, -ENOMEM, "out of memory");
			free(rule.names);
			free(rule.args);
			if (r < 0)
				goto fail;
		}
	}
	*ret = p;
	return 0;
fail:
	sclog_policy_free(p);
	return c->err && c->err->code ? c->err->code : -EINVAL;
}

/*
 * What json-c hides: it keeps the last of duplicate keys, cuts strings and
 * keys at an escaped NUL (\u0000) and clamps integers to 64 bits.  This
 * walks the text json-c accepted (so it is valid JSON) and refuses those,
 * with the JSON path.
 */
#define SCAN_MAX_DEPTH 64
#define SCAN_KEY_MAX 64

struct scan {
	struct ctx *c;
	const char *buf;
	size_t len, pos;
	int depth;
	struct {
		int object;
		size_t index, first_key;
		char key[SCAN_KEY_MAX];
	} stack[SCAN_MAX_DEPTH];
	char (*keys)[SCAN_KEY_MAX]; /* keys of the open objects, stacked */
	size_t n_keys, cap_keys;
};

static void scan_path(const struct scan *s, char *buf, size_t size)
{
	size_t n = (size_t)snprintf(buf, size, "$");

	for (int i = 0; i < s->depth && n < size; i++) {
		if (s->stack[i].object && s->stack[i].key[0])
			n += (size_t)snprintf(buf + n, size - n, ".%s",
					      sclog_quoted_path(s->stack[i].key));
		else if (!s->stack[i].object)
			n += (size_t)snprintf(buf + n, size - n, "[%zu]", s->stack[i].index);
	}
}

__attribute__((format(printf, 2, 3))) static int scan_bad(struct scan *s, const char *fmt, ...)
{
	char path[256], msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	scan_path(s, path, sizeof(path));
	return bad(s->c, path, "%s", msg);
}

static void scan_ws(struct scan *s)
{
	while (s->pos < s->len && strchr(" \t\r\n", s->buf[s->pos]) && s->buf[s->pos])
		s->pos++;
}

/* A string at s->pos (the opening quote); its text, shortened, in @out. */
static int scan_string(struct scan *s, char *out, size_t size)
{
	size_t n = 0;

	s->pos++;
	while (s->pos < s->len && s->buf[s->pos] != '"') {
		char ch = s->buf[s->pos++];

		if (ch == '\\' && s->pos < s->len) {
			ch = s->buf[s->pos++];
			if (ch == 'u' && s->pos + 4 <= s->len) {
				unsigned int u = 0;

				sscanf(s->buf + s->pos, "%4x", &u);
				s->pos += 4;
				if (u == 0)
					return -1;
				/* Only to compare keys: ASCII decoded, the rest
				 * kept as one marker byte per escape. */
				ch = u < 0x80 ? (char)u : '\x7f';
			} else if (strchr("btnfr", ch)) {
				/* "a\nb" and "anb" are two keys. */
				ch = "\b\t\n\f\r"[strchr("btnfr", ch) - "btnfr"];
			}
		}
		if (n + 1 < size)
			out[n++] = ch;
	}
	s->pos++;
	if (size)
		out[n] = '\0';
	return 0;
}

static int scan_value(struct scan *s);

static int scan_container(struct scan *s, int object)
{
	char close = object ? '}' : ']';
	int r = 0;

	if (s->depth >= SCAN_MAX_DEPTH)
		return 0; /* json-c's own depth limit is lower */
	s->stack[s->depth].object = object;
	s->stack[s->depth].index = 0;
	s->stack[s->depth].key[0] = '\0';
	s->stack[s->depth].first_key = s->n_keys;
	s->depth++;
	s->pos++;
	for (scan_ws(s); s->pos < s->len && s->buf[s->pos] != close; scan_ws(s)) {
		if (s->buf[s->pos] == ',') {
			s->pos++;
			s->stack[s->depth - 1].index += !object;
			continue;
		}
		if (object) {
			char key[SCAN_KEY_MAX];
			size_t first = s->stack[s->depth - 1].first_key;

			s->stack[s->depth - 1].key[0] = '\0';
			if (scan_string(s, key, sizeof(key)) < 0)
				return scan_bad(s, "a key contains a NUL character (\\u0000)");
			memcpy(s->stack[s->depth - 1].key, key, sizeof(key));
			for (size_t k = first; k < s->n_keys; k++)
				if (strcmp(s->keys[k], key) == 0)
					return scan_bad(s, "duplicate key %s (json readers "
							"disagree on which one counts)",
							sclog_quoted(key));
			if (s->n_keys == s->cap_keys) {
				size_t cap = s->cap_keys ? 2 * s->cap_keys : 64;
				void *v = realloc(s->keys, cap * sizeof(*s->keys));

				if (!v)
					return sclog_error_set(s->c->err, -ENOMEM, "out of memory");
				s->keys = v;
				s->cap_keys = cap;
			}
			memcpy(s->keys[s->n_keys++], key, sizeof(key));
			scan_ws(s);
			s->pos++; /* ':' */
			scan_ws(s);
		}
		r = scan_value(s);
		if (r < 0)
			return r;
	}
	s->pos++;
	s->depth--;
	s->n_keys = s->stack[s->depth].first_key;
	return 0;
}

static int scan_value(struct scan *s)
{
	size_t start = s->pos, digits = 0;

	if (s->pos >= s->len)
		return 0;
	switch (s->buf[s->pos]) {
	case '{':
		return scan_container(s, 1);
	case '[':
		return scan_container(s, 0);
	case '"':
		if (scan_string(s, NULL, 0) < 0)
			return scan_bad(s, "a string contains a NUL character (\\u0000)");
		return 0;
	}
	while (s->pos < s->len && strchr("+-0123456789.eE", s->buf[s->pos]) && s->buf[s->pos])
		s->pos++;
	if (s->pos == start) {
		while (s->pos < s->len && s->buf[s->pos] >= 'a' && s->buf[s->pos] <= 'z')
			s->pos++; /* true, false, null */
		return 0;
	}
	if (memchr(s->buf + start, '.', s->pos - start) || memchr(s->buf + start, 'e', s->pos - start) ||
	    memchr(s->buf + start, 'E', s->pos - start))
		return 0;
	if (s->buf[start] == '-')
		return 0; /* never a valid value here: the reader refuses it */
	while (start < s->pos - 1 && s->buf[start] == '0')
		start++;
	digits = s->pos - start;
	/* 18446744073709551615 is the largest: 20 digits, compared as text. */
	if (digits > 20 || (digits == 20 && memcmp(s->buf + start, "18446744073709551615", 20) > 0))
		return scan_bad(s, "integer %.*s is out of range (above 2^64-1)", (int)digits,
				s->buf + start);
	return 0;
}

static int scan_strict(struct ctx *c, const char *buf, size_t len)
{
	struct scan s = { .c = c, .buf = buf, .len = len };
	int r;

	scan_ws(&s);
	r = scan_value(&s);
	free(s.keys);
	return r;
}

/* Whether the digits @d (@n of them, no sign) exceed @max, as text. */
static int digits_above(const char *d, size_t n, const char *max)
{
	while (n > 1 && *d == '0')
		d++, n--;
	return n > strlen(max) || (n == strlen(max) && memcmp(d, max, n) > 0);
}

/*
 * json-c 0.17 and later refuse, in strict mode, an integer outside int64 and
 * uint64 as "number expected"; 0.16 took it, and scan_value() then named it
 * with its path.  So that the answer does not depend on the json-c release,
 * json-c parses a copy in which each such integer is a 0 (-1 when negative:
 * out of range either way), padded with spaces so that offsets stay, and
 * the checks run on the original text.  Returns the copy, or NULL when
 * there is nothing to replace or no memory (then the original is parsed).
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

int sclog_policy_parse(const char *buf, size_t len, const char *source,
		       struct sclog_policy **ret, struct sclog_error *err)
{
	struct ctx c = { .source = source, .err = err };
	json_tokener *tok;
	json_object *root, *linux_obj, *seccomp;
	char *tamed;
	size_t off;
	int line, col, r;

	if (len > POLICY_MAX_BYTES)
		return sclog_error_set(err, -EFBIG, "%s: larger than %d MiB, not a policy",
				       sclog_quoted_path(source),
				       POLICY_MAX_BYTES >> 20);
	if (memchr(buf, '\0', len))
		return sclog_error_set(err, -EINVAL, "%s: contains NUL bytes, not a JSON policy",
				       sclog_quoted_path(source));
	tok = json_tokener_new();
	if (!tok)
		return sclog_error_set(err, -ENOMEM, "out of memory");
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	tamed = tame_integers(buf, len);
	root = json_tokener_parse_ex(tok, tamed ? tamed : buf, (int)len);
	free(tamed);
	off = json_tokener_get_parse_end(tok);
	if (!root || json_tokener_get_error(tok) != json_tokener_success) {
		enum json_tokener_error e = json_tokener_get_error(tok);

		line_col(buf, off, &line, &col);
		json_tokener_free(tok);
		json_object_put(root);
		return sclog_error_set(err, -EINVAL, "%s:%d:%d: malformed JSON: %s",
				       sclog_quoted_path(source), line, col,
				       e == json_tokener_continue ? "unexpected end of input"
								  : json_tokener_error_desc(e));
	}
	json_tokener_free(tok);
	r = scan_strict(&c, buf, len);
	if (r < 0) {
		json_object_put(root);
		return r;
	}
	for (; off < len; off++)
		if (buf[off] != ' ' && buf[off] != '\n' && buf[off] != '\t' && buf[off] != '\r') {
			line_col(buf, off, &line, &col);
			json_object_put(root);
			return sclog_error_set(err, -EINVAL, "%s:%d:%d: malformed JSON: text after "
					       "the end of the policy", sclog_quoted_path(source), line,
					       col);
		}
	/* A whole OCI config.json: take its linux.seccomp. */
	if (json_object_is_type(root, json_type_object) &&
	    json_object_object_get_ex(root, "ociVersion", NULL)) {
		if (!json_object_object_get_ex(root, "linux", &linux_obj) ||
		    !json_object_object_get_ex(linux_obj, "seccomp", &seccomp)) {
			json_object_put(root);
			return sclog_error_set(err, -EINVAL, "%s: an OCI config without "
					       "linux.seccomp", sclog_quoted_path(source));
		}
		c.source = source;
		r = parse_object(&c, seccomp, ret);
	} else {
		r = parse_object(&c, root, ret);
	}
	json_object_put(root);
	return r;
}
