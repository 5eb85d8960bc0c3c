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
#include <seccomp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sclog/basic/arch.h"
#include "sclog/basic/json_read.h"
#include "sclog/basic/macro.h"
#include "sclog/basic/quote.h"
#include "sclog/policy/multiarch.h"
#include "sclog/policy/policy_parse.h"

#define MAX_RULES 4096
#define MAX_NAMES 4096
#define MAX_ARGS 6

static int parse_action(const struct sclog_json_ctx *c, json_object *o, const char *path,
			struct sclog_action *ret)
{
	const char *name;
	int r;

	if (sclog_json_string(c, o, path, &name) < 0)
		return -EINVAL;
	r = sclog_action_from_oci_name(name, &ret->kind);
	if (r == -EOPNOTSUPP)
		return sclog_json_bad(c, path,
				      "%s needs a tracer or a notification listener, which sclog "
				      "does not provide",
				      sclog_quoted(name));
	if (r < 0)
		return sclog_json_bad(
			c, path,
			"unknown action %s (use SCMP_ACT_ALLOW, SCMP_ACT_ERRNO, "
			"SCMP_ACT_KILL, SCMP_ACT_KILL_PROCESS, SCMP_ACT_TRAP or SCMP_ACT_LOG)",
			sclog_quoted(name));
	ret->errno_ret = ret->kind == SCLOG_ACT_ERRNO ? EPERM : 0;
	return 0;
}

static int parse_errno_ret(const struct sclog_json_ctx *c, json_object *o, const char *path,
			   struct sclog_action *action)
{
	uint64_t v;

	if (action->kind != SCLOG_ACT_ERRNO)
		return sclog_json_bad(c, path,
				      "an errno is only meaningful with SCMP_ACT_ERRNO, not %s",
				      sclog_action_oci_name(action->kind));
	if (sclog_json_uint(c, o, path, SCLOG_ERRNO_MAX, &v) < 0)
		return -EINVAL;
	/* SECCOMP_RET_ERRNO with 0 makes the call "succeed" without running
	 * it; the command line refuses errno:0 for the same reason. */
	if (v == 0)
		return sclog_json_bad(c, path,
				      "errno 0 would make the syscall return success without "
				      "running it; use 1..4094 (EPERM is 1)");
	action->errno_ret = (uint32_t)v;
	return 0;
}

static int parse_arch(const struct sclog_json_ctx *c, struct sclog_policy *p, json_object *o,
		      const char *path)
{
	const char *name;
	uint32_t arch;

	if (sclog_json_string(c, o, path, &name) < 0)
		return -EINVAL;
	arch = sclog_arch_from_oci_name(name);
	if (!arch)
		return sclog_json_bad(c, path, "unknown architecture %s", sclog_quoted(name));
	return sclog_policy_add_arch(p, arch) < 0 ? sclog_error_oom(c->err) : 0;
}

static int parse_arches(const struct sclog_json_ctx *c, struct sclog_policy *p, json_object *o,
			const char *path)
{
	char sub[96];

	if (sclog_json_expect(c, o, path, json_type_array) < 0)
		return -EINVAL;
	for (size_t i = 0; i < json_object_array_length(o); i++) {
		snprintf(sub, sizeof(sub), "%s[%zu]", path, i);
		if (parse_arch(c, p, json_object_array_get_idx(o, i), sub) < 0)
			return -EINVAL;
	}
	return 0;
}

/* Docker's archMap: [{"architecture": A, "subArchitectures": [B, …]}]. */
static int parse_arch_map(const struct sclog_json_ctx *c, struct sclog_policy *p, json_object *o)
{
	static const char *const keys[] = { "architecture", "subArchitectures", NULL };
	char path[96];

	if (sclog_json_expect(c, o, "$.archMap", json_type_array) < 0)
		return -EINVAL;
	for (size_t i = 0; i < json_object_array_length(o); i++) {
		json_object *e = json_object_array_get_idx(o, i), *v;

		snprintf(path, sizeof(path), "$.archMap[%zu]", i);
		if (sclog_json_expect(c, e, path, json_type_object) < 0)
			return -EINVAL;
		if (sclog_json_check_keys(c, e, path, keys) < 0)
			return -EINVAL;
		if (!json_object_object_get_ex(e, "architecture", &v))
			return sclog_json_bad(c, path, "missing \"architecture\"");
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

static int parse_op(const struct sclog_json_ctx *c, json_object *o, const char *path, int *ret)
{
	const char *name;

	if (sclog_json_string(c, o, path, &name) < 0)
		return -EINVAL;
	if (sclog_cmp_from_oci_name(name, ret) < 0)
		return sclog_json_bad(c, path, "unknown operator %s", sclog_quoted(name));
	return 0;
}

static int parse_args(const struct sclog_json_ctx *c, struct sclog_rule *r, json_object *o,
		      const char *path)
{
	static const char *const keys[] = { "index", "value", "valueTwo", "op", NULL };
	char sub[160];
	size_t n;

	if (sclog_json_expect(c, o, path, json_type_array) < 0)
		return -EINVAL;
	n = json_object_array_length(o);
	if (n > MAX_ARGS)
		return sclog_json_bad(c, path, "more than %d argument conditions", MAX_ARGS);
	r->args = calloc(n ? n : 1, sizeof(*r->args));
	if (!r->args)
		return sclog_error_oom(c->err);
	for (size_t i = 0; i < n; i++) {
		json_object *a = json_object_array_get_idx(o, i), *v;
		struct sclog_arg *arg = &r->args[i];
		uint64_t u;

		snprintf(sub, sizeof(sub), "%s[%zu]", path, i);
		if (sclog_json_expect(c, a, sub, json_type_object) < 0)
			return -EINVAL;
		if (sclog_json_check_keys(c, a, sub, keys) < 0)
			return -EINVAL;
		if (!json_object_object_get_ex(a, "index", &v) ||
		    !json_object_object_get_ex(a, "op", NULL))
			return sclog_json_bad(c, sub,
					      "an argument condition needs \"index\" and \"op\"");
		snprintf(sub, sizeof(sub), "%s[%zu].index", path, i);
		if (sclog_json_uint(c, v, sub, 5, &u) < 0)
			return -EINVAL;
		arg->index = (unsigned int)u;
		if (json_object_object_get_ex(a, "value", &v)) {
			snprintf(sub, sizeof(sub), "%s[%zu].value", path, i);
			if (sclog_json_uint(c, v, sub, UINT64_MAX, &arg->value) < 0)
				return -EINVAL;
		}
		if (json_object_object_get_ex(a, "valueTwo", &v)) {
			snprintf(sub, sizeof(sub), "%s[%zu].valueTwo", path, i);
			if (sclog_json_uint(c, v, sub, UINT64_MAX, &arg->value_two) < 0)
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

static int add_name(const struct sclog_json_ctx *c, struct sclog_rule *r, json_object *o,
		    const char *path)
{
	const char *name;

	if (sclog_json_string(c, o, path, &name) < 0)
		return -EINVAL;
	if (seccomp_syscall_resolve_name(name) == __NR_SCMP_ERROR)
		return sclog_json_bad(
			c, path,
			"unknown syscall %s (libseccomp %u.%u.%u knows no such name; "
			"for a policy made with a newer libseccomp, the \"libseccomp\" of its "
			"run's report, use an sclog linked with one as new)",
			sclog_quoted(name), seccomp_version()->major, seccomp_version()->minor,
			seccomp_version()->micro);
	if (r->n_names >= MAX_NAMES)
		return sclog_json_bad(c, path, "more than %d names in one rule", MAX_NAMES);
	/* A repeated name adds nothing: the model keeps names unique.  The
	 * rule borrows json-c's string, which lives as long as the parse:
	 * the model copies each distinct name once. */
	if ((r->n_names & (r->n_names - 1)) == 0) {
		char **v = realloc(r->names, (r->n_names ? 2 * r->n_names : 1) * sizeof(*v));

		if (!v)
			return sclog_error_oom(c->err);
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
	    !json_object_object_get_ex(v, "arches", &a) ||
	    !json_object_is_type(a, json_type_array) || json_object_array_length(a) > 16)
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
static int check_scope(const struct sclog_json_ctx *c, const struct sclog_policy *p,
		       const struct sclog_rule *r, json_object *o, const char *path)
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
		return sclog_json_bad(c, path, "\"includes\": unknown architecture %s",
				      sclog_quoted(name));
	if (k == -EINVAL)
		return sclog_json_bad(
			c, path,
			"\"includes\": %s exists on %s, which the scope leaves out; "
			"sclog reads a scope only where it changes nothing (a name only the "
			"listed architectures have): split the policy per architecture",
			sclog_quoted(name), sclog_arch_name(arch));
	return k < 0 ? sclog_error_set(c->err, k, SCLOG_ERROR_OOM_MSG) : 0;
}

static int parse_rule(const struct sclog_json_ctx *c, struct sclog_rule *r, json_object *o,
		      const char *path)
{
	static const char *const keys[] = { "names",   "name",	   "action",   "errnoRet", "args",
					    "comment", "includes", "excludes", NULL };
	json_object *v;
	char sub[128];

	if (sclog_json_expect(c, o, path, json_type_object) < 0)
		return -EINVAL;
	if (sclog_json_check_keys(c, o, path, keys) < 0)
		return -EINVAL;
	/* Docker's engine resolves these against capabilities and kernel
	 * versions; a runtime never sees them. Empty ones mean nothing;
	 * "includes": {"arches": …} alone is checked by the caller. */
	for (int k = 0; k < 2; k++)
		if (json_object_object_get_ex(o, k ? "excludes" : "includes", &v) && v &&
		    !(json_object_is_type(v, json_type_object) &&
		      json_object_object_length(v) == 0) &&
		    (k || !includes_arches_only(v)))
			return sclog_json_bad(
				c, path,
				"\"includes\"/\"excludes\" conditions are resolved by the "
				"Docker engine, not by a runtime; export the resolved profile "
				"first");
	if (!json_object_object_get_ex(o, "action", &v))
		return sclog_json_bad(c, path, "missing \"action\"");
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
			return sclog_json_bad(c, path, "\"names\" must be an array, found %s",
					      sclog_json_type_name(v));
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
		return sclog_json_bad(c, path, "a rule needs at least one syscall in \"names\"");
	if (json_object_object_get_ex(o, "args", &v) && v) {
		snprintf(sub, sizeof(sub), "%s.args", path);
		if (parse_args(c, r, v, sub) < 0)
			return -EINVAL;
	}
	return 0;
}

/* Rule @i gives a name another action than an earlier rule: name both. */
static int conflict_error(const struct sclog_json_ctx *c, json_object *rules, size_t i,
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
	return sclog_json_bad(
		c, path,
		"%s gets %s here but %s in $.syscalls[%zu]; a syscall must have "
		"one action (runtimes would let rule order decide): remove it from one rule",
		sclog_quoted(k->name), sclog_action_describe(&k->added, now, sizeof(now)),
		sclog_action_describe(&k->existing, was, sizeof(was)), earlier ? earlier - 1 : 0);
}

static int parse_object(const struct sclog_json_ctx *c, json_object *root,
			struct sclog_policy **ret)
{
	static const char *const keys[] = {
		"defaultAction", "defaultErrnoRet", "architectures",	"archMap", "syscalls",
		"flags",	 "listenerPath",    "listenerMetadata", "comment", NULL
	};
	struct sclog_action def;
	struct sclog_policy *p;
	json_object *v;
	char path[64];

	if (sclog_json_expect(c, root, "$", json_type_object) < 0)
		return -EINVAL;
	if (sclog_json_check_keys(c, root, "$", keys) < 0)
		return -EINVAL;
	if (!json_object_object_get_ex(root, "defaultAction", &v))
		return sclog_json_bad(c, "$", "missing \"defaultAction\"");
	if (parse_action(c, v, "$.defaultAction", &def) < 0)
		return -EINVAL;
	if (json_object_object_get_ex(root, "defaultErrnoRet", &v) &&
	    parse_errno_ret(c, v, "$.defaultErrnoRet", &def) < 0)
		return -EINVAL;
	if (json_object_object_get_ex(root, "listenerPath", &v))
		return sclog_json_bad(c, "$.listenerPath",
				      "seccomp notification listeners are not supported");
	if (json_object_object_get_ex(root, "flags", &v) && v) {
		if (sclog_json_expect(c, v, "$.flags", json_type_array) < 0)
			return -EINVAL;
		if (json_object_array_length(v) > 0)
			return sclog_json_bad(c, "$.flags",
					      "seccomp filter flags are not supported by sclog "
					      "(and rejected by runc before 1.2)");
	}
	p = sclog_policy_new(&def);
	if (!p)
		return sclog_error_oom(c->err);
	if ((json_object_object_get_ex(root, "architectures", &v) && v &&
	     parse_arches(c, p, v, "$.architectures") < 0) ||
	    (json_object_object_get_ex(root, "archMap", &v) && v && parse_arch_map(c, p, v) < 0))
		goto fail;
	if (json_object_object_get_ex(root, "syscalls", &v) && v) {
		size_t n;

		if (sclog_json_expect(c, v, "$.syscalls", json_type_array) < 0)
			goto fail;
		n = json_object_array_length(v);
		if (n > MAX_RULES) {
			sclog_json_bad(c, "$.syscalls", "more than %d rules", MAX_RULES);
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
				r = sclog_error_oom(c->err);
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

int sclog_policy_parse(const char *buf, size_t len, const char *source, struct sclog_policy **ret,
		       struct sclog_error *err)
{
	struct sclog_json_ctx c = { .source = source, .err = err };
	json_object *root, *linux_obj, *seccomp;
	int r;

	r = sclog_json_read(buf, len, source, &root, err);
	if (r < 0)
		return r;
	/* A whole OCI config.json: take its linux.seccomp. */
	if (json_object_is_type(root, json_type_object) &&
	    json_object_object_get_ex(root, "ociVersion", NULL)) {
		if (!json_object_object_get_ex(root, "linux", &linux_obj) ||
		    !json_object_object_get_ex(linux_obj, "seccomp", &seccomp)) {
			json_object_put(root);
			return sclog_error_set(err, -EINVAL,
					       "%s: an OCI config without "
					       "linux.seccomp",
					       sclog_quoted_path(source));
		}
		r = parse_object(&c, seccomp, ret);
	} else {
		r = parse_object(&c, root, ret);
	}
	json_object_put(root);
	return r;
}
