// SPDX-License-Identifier: GPL-2.0-only
/* The policy as a value: build, combine, query and serialise it. */
#include <errno.h>
#include <json-c/json.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sclog/macro.h"
#include "sclog/policy.h"

#define JSON_FLAGS                                                             \
	(JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |                   \
	 JSON_C_TO_STRING_NOSLASHESCAPE)

static const char *const cmp_names[] = {
	[SCMP_CMP_NE] = "SCMP_CMP_NE",	       [SCMP_CMP_LT] = "SCMP_CMP_LT",
	[SCMP_CMP_LE] = "SCMP_CMP_LE",	       [SCMP_CMP_EQ] = "SCMP_CMP_EQ",
	[SCMP_CMP_GE] = "SCMP_CMP_GE",	       [SCMP_CMP_GT] = "SCMP_CMP_GT",
	[SCMP_CMP_MASKED_EQ] = "SCMP_CMP_MASKED_EQ",
};

void sclog_strv_free(char **v)
{
	for (char **s = v; s && *s; s++)
		free(*s);
	free(v);
}

struct sclog_policy *sclog_policy_new(const struct sclog_action *def)
{
	struct sclog_policy *p = calloc(1, sizeof(*p));

	if (p)
		p->default_action = *def;
	return p;
}

static void rule_done(struct sclog_rule *r)
{
	for (size_t i = 0; i < r->n_names; i++)
		free(r->names[i]);
	free(r->names);
	free(r->args);
}

struct sclog_policy *sclog_policy_free(struct sclog_policy *p)
{
	if (!p)
		return NULL;
	for (size_t i = 0; i < p->n_rules; i++)
		rule_done(&p->rules[i]);
	free(p->rules);
	free(p->arches);
	free(p);
	return NULL;
}

int sclog_policy_add_arch(struct sclog_policy *p, uint32_t arch)
{
	uint32_t *v;
	size_t i = 0;

	while (i < p->n_arches && p->arches[i] < arch)
		i++;
	if (i < p->n_arches && p->arches[i] == arch)
		return 0;
	v = realloc(p->arches, (p->n_arches + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	memmove(v + i + 1, v + i, (p->n_arches - i) * sizeof(*v));
	v[i] = arch;
	p->arches = v;
	p->n_arches++;
	return 0;
}

static int same_action(const struct sclog_action *a, const struct sclog_action *b)
{
	return a->kind == b->kind && (a->kind != SCLOG_ACT_ERRNO || a->errno_ret == b->errno_ret);
}

static int rule_add_name(struct sclog_rule *r, const char *name)
{
	char **v;

	for (size_t i = 0; i < r->n_names; i++)
		if (strcmp(r->names[i], name) == 0)
			return 0;
	v = realloc(r->names, (r->n_names + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	r->names = v;
	v[r->n_names] = strdup(name);
	if (!v[r->n_names])
		return -ENOMEM;
	r->n_names++;
	return 0;
}

/* The argument-less rule of @action, created if needed. */
static struct sclog_rule *plain_rule(struct sclog_policy *p, const struct sclog_action *action)
{
	struct sclog_rule *v;

	for (size_t i = 0; i < p->n_rules; i++)
		if (p->rules[i].n_args == 0 && same_action(&p->rules[i].action, action))
			return &p->rules[i];
	v = realloc(p->rules, (p->n_rules + 1) * sizeof(*v));
	if (!v)
		return NULL;
	p->rules = v;
	v[p->n_rules] = (struct sclog_rule){ .action = *action };
	return &v[p->n_rules++];
}

int sclog_policy_allow(struct sclog_policy *p, const char *name)
{
	static const struct sclog_action allow = { .kind = SCLOG_ACT_ALLOW };
	struct sclog_rule *r = plain_rule(p, &allow);

	return r ? rule_add_name(r, name) : -ENOMEM;
}

int sclog_policy_add_rule(struct sclog_policy *p, const struct sclog_rule *from)
{
	struct sclog_rule *r, *v;

	if (from->n_args == 0) {
		r = plain_rule(p, &from->action);
		if (!r)
			return -ENOMEM;
		for (size_t i = 0; i < from->n_names; i++)
			if (rule_add_name(r, from->names[i]) < 0)
				return -ENOMEM;
		return 0;
	}
	/* A conditional rule already present (same action, names, args) is
	 * not repeated. */
	for (size_t i = 0; i < p->n_rules; i++) {
		struct sclog_rule *o = &p->rules[i];
		int same = same_action(&o->action, &from->action) && o->n_args == from->n_args &&
			   o->n_names == from->n_names &&
			   memcmp(o->args, from->args, o->n_args * sizeof(*o->args)) == 0;

		for (size_t k = 0; same && k < o->n_names; k++)
			same = strcmp(o->names[k], from->names[k]) == 0;
		if (same)
			return 0;
	}
	v = realloc(p->rules, (p->n_rules + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	p->rules = v;
	r = &v[p->n_rules];
	*r = (struct sclog_rule){ .action = from->action };
	r->args = malloc(from->n_args * sizeof(*r->args));
	if (!r->args)
		return -ENOMEM;
	memcpy(r->args, from->args, from->n_args * sizeof(*r->args));
	r->n_args = from->n_args;
	p->n_rules++;
	for (size_t i = 0; i < from->n_names; i++)
		if (rule_add_name(r, from->names[i]) < 0)
			return -ENOMEM;
	return 0;
}

int sclog_policy_merge(struct sclog_policy *into, const struct sclog_policy *from)
{
	for (size_t i = 0; i < from->n_arches; i++)
		if (sclog_policy_add_arch(into, from->arches[i]) < 0)
			return -ENOMEM;
	for (size_t i = 0; i < from->n_rules; i++)
		if (sclog_policy_add_rule(into, &from->rules[i]) < 0)
			return -ENOMEM;
	return 0;
}

long sclog_policy_arches(const struct sclog_policy *p, uint32_t **ret)
{
	size_t n = p->n_arches ? p->n_arches : 1;
	uint32_t *v = malloc(n * sizeof(*v));

	if (!v)
		return -ENOMEM;
	if (p->n_arches)
		memcpy(v, p->arches, n * sizeof(*v));
	else
		v[0] = seccomp_arch_native();
	*ret = v;
	return (long)n;
}

static int covers(const struct sclog_policy *p, uint32_t arch)
{
	if (p->n_arches == 0)
		return arch == seccomp_arch_native();
	for (size_t i = 0; i < p->n_arches; i++)
		if (p->arches[i] == arch)
			return 1;
	return 0;
}

int sclog_policy_allows(const struct sclog_policy *p, uint32_t arch, const char *name,
			int *ret_conditional)
{
	enum sclog_action_kind def = p->default_action.kind;
	int plain = def == SCLOG_ACT_ALLOW || def == SCLOG_ACT_LOG, conditional = 0;

	if (!covers(p, arch) || seccomp_syscall_resolve_name_arch(arch, name) == __NR_SCMP_ERROR)
		return 0;
	for (size_t i = 0; i < p->n_rules; i++) {
		const struct sclog_rule *r = &p->rules[i];

		if (r->action.kind != SCLOG_ACT_ALLOW && r->action.kind != SCLOG_ACT_LOG)
			continue;
		for (size_t k = 0; k < r->n_names; k++)
			if (strcmp(r->names[k], name) == 0) {
				if (r->n_args)
					conditional = 1;
				else
					plain = 1;
			}
	}
	if (ret_conditional)
		*ret_conditional = !plain && conditional;
	return plain || conditional;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

long sclog_policy_allowed_names(const struct sclog_policy *p, uint32_t arch, char ***ret)
{
	char **v = NULL;
	size_t n = 0;

	for (size_t i = 0; i < p->n_rules; i++)
		for (size_t k = 0; k < p->rules[i].n_names; k++) {
			const char *name = p->rules[i].names[k];
			char **nv;

			if (!sclog_policy_allows(p, arch, name, NULL))
				continue;
			nv = realloc(v, (n + 2) * sizeof(*v));
			if (!nv)
				goto oom;
			v = nv;
			v[n] = strdup(name);
			if (!v[n])
				goto oom;
			v[++n] = NULL;
		}
	if (!v && !(v = calloc(1, sizeof(*v))))
		return -ENOMEM;
	qsort(v, n, sizeof(*v), cmp_str);
	/* Remove duplicates in place. */
	for (size_t i = 1, w = 1; i <= n; i++) {
		if (i == n) {
			v[w] = NULL;
			n = w;
			break;
		}
		if (strcmp(v[i], v[w - 1]) == 0)
			free(v[i]);
		else
			v[w++] = v[i];
	}
	*ret = v;
	return (long)n;
oom:
	sclog_strv_free(v);
	return -ENOMEM;
}

int sclog_policy_from_profile(const struct sclog_profile *prof, const struct sclog_action *def,
			      struct sclog_policy **ret, size_t *ret_unnamed)
{
	const struct sclog_syscall **v = NULL;
	struct sclog_policy *p = sclog_policy_new(def);
	size_t unnamed = 0;
	long n;

	if (!p)
		return -ENOMEM;
	n = sclog_profile_sorted(prof, &v);
	if (n < 0) {
		sclog_policy_free(p);
		return (int)n;
	}
	for (long i = 0; i < n; i++) {
		uint32_t arch = sclog_arch_of(v[i]->arch, v[i]->nr);
		_cleanup_free_ char *name = sclog_syscall_name(v[i]->arch, v[i]->nr);

		if (!name) {
			unnamed++;
			continue;
		}
		if (sclog_policy_add_arch(p, arch) < 0 || sclog_policy_allow(p, name) < 0) {
			free(v);
			sclog_policy_free(p);
			return -ENOMEM;
		}
	}
	free(v);
	*ret = p;
	*ret_unnamed = unnamed;
	return 0;
}

static json_object *action_json(const struct sclog_action *a)
{
	return json_object_new_string(sclog_action_oci_name(a->kind));
}

static json_object *rule_json(const struct sclog_rule *r)
{
	json_object *o = json_object_new_object(), *names = json_object_new_array();
	_cleanup_free_ char **sorted = malloc((r->n_names + 1) * sizeof(*sorted));

	if (!sorted)
		return o;
	memcpy(sorted, r->names, r->n_names * sizeof(*sorted));
	/* Conditional rules keep their order; plain ones are sets. */
	if (r->n_args == 0)
		qsort(sorted, r->n_names, sizeof(*sorted), cmp_str);
	for (size_t i = 0; i < r->n_names; i++)
		json_object_array_add(names, json_object_new_string(sorted[i]));
	json_object_object_add(o, "names", names);
	json_object_object_add(o, "action", action_json(&r->action));
	if (r->action.kind == SCLOG_ACT_ERRNO)
		json_object_object_add(o, "errnoRet", json_object_new_int((int)r->action.errno_ret));
	if (r->n_args) {
		json_object *args = json_object_new_array();

		for (size_t i = 0; i < r->n_args; i++) {
			json_object *a = json_object_new_object();

			json_object_object_add(a, "index", json_object_new_int((int)r->args[i].index));
			json_object_object_add(a, "value", json_object_new_uint64(r->args[i].value));
			json_object_object_add(a, "valueTwo",
					       json_object_new_uint64(r->args[i].value_two));
			json_object_object_add(a, "op", json_object_new_string(cmp_names[r->args[i].op]));
			json_object_array_add(args, a);
		}
		json_object_object_add(o, "args", args);
	}
	return o;
}

/* Plain ALLOW first, other plain rules by action, then conditional ones. */
static int rule_rank(const struct sclog_rule *r)
{
	if (r->n_args)
		return 100;
	return r->action.kind == SCLOG_ACT_ALLOW ? 0 : 1 + (int)r->action.kind;
}

static json_object *common_json(const struct sclog_policy *p)
{
	json_object *root = json_object_new_object(), *rules = json_object_new_array();

	json_object_object_add(root, "defaultAction", action_json(&p->default_action));
	/* crun rejects defaultErrnoRet with any other default action. */
	if (p->default_action.kind == SCLOG_ACT_ERRNO)
		json_object_object_add(root, "defaultErrnoRet",
				       json_object_new_int((int)p->default_action.errno_ret));
	for (int rank = 0; rank <= 100; rank++)
		for (size_t i = 0; i < p->n_rules; i++)
			if (rule_rank(&p->rules[i]) == rank && p->rules[i].n_names)
				json_object_array_add(rules, rule_json(&p->rules[i]));
	json_object_object_add(root, "syscalls", rules);
	return root;
}

static int serialise(json_object *root, char **ret_json)
{
	int r = asprintf(ret_json, "%s\n", json_object_to_json_string_ext(root, JSON_FLAGS));

	json_object_put(root);
	if (r < 0) {
		*ret_json = NULL;
		return -ENOMEM;
	}
	return 0;
}

int sclog_policy_to_oci(const struct sclog_policy *p, char **ret_json)
{
	json_object *root = common_json(p), *arches = json_object_new_array();

	for (size_t i = 0; i < p->n_arches; i++) {
		char *name = sclog_arch_oci_name(p->arches[i]);

		if (name)
			json_object_array_add(arches, json_object_new_string(name));
		free(name);
	}
	/* Keep the conventional key order: architectures before syscalls. */
	json_object *rules = json_object_get(json_object_object_get(root, "syscalls"));

	json_object_object_del(root, "syscalls");
	json_object_object_add(root, "architectures", arches);
	json_object_object_add(root, "syscalls", rules);
	return serialise(root, ret_json);
}

int sclog_policy_to_docker(const struct sclog_policy *p, char **ret_json)
{
	static const struct {
		uint32_t native, compat;
	} family[] = {
		{ SCMP_ARCH_X86_64, SCMP_ARCH_X86 },	 { SCMP_ARCH_X86_64, SCMP_ARCH_X32 },
		{ SCMP_ARCH_AARCH64, SCMP_ARCH_ARM },	 { SCMP_ARCH_PPC64LE, SCMP_ARCH_PPC64 },
		{ SCMP_ARCH_S390X, SCMP_ARCH_S390 },
	};
	json_object *root = common_json(p), *map = json_object_new_array();
	json_object *rules = json_object_get(json_object_object_get(root, "syscalls"));

	for (size_t i = 0; i < p->n_arches; i++) {
		uint32_t a = p->arches[i];
		int is_sub = 0;
		json_object *entry, *subs;
		char *name;

		/* A compat arch goes under its native one when that is listed. */
		for (size_t f = 0; f < ELEMENTSOF(family); f++)
			if (family[f].compat == a && covers(p, family[f].native) && p->n_arches)
				is_sub = 1;
		if (is_sub)
			continue;
		entry = json_object_new_object();
		subs = json_object_new_array();
		name = sclog_arch_oci_name(a);
		json_object_object_add(entry, "architecture", json_object_new_string(name ? name : ""));
		free(name);
		for (size_t f = 0; f < ELEMENTSOF(family); f++)
			if (family[f].native == a && covers(p, family[f].compat)) {
				name = sclog_arch_oci_name(family[f].compat);
				json_object_array_add(subs, json_object_new_string(name ? name : ""));
				free(name);
			}
		json_object_object_add(entry, "subArchitectures", subs);
		json_object_array_add(map, entry);
	}
	json_object_object_del(root, "syscalls");
	json_object_object_add(root, "archMap", map);
	json_object_object_add(root, "syscalls", rules);
	return serialise(root, ret_json);
}
