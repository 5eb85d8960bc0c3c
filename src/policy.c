// SPDX-License-Identifier: GPL-2.0-only
/* The policy model: build, combine and query a policy. */
#include <errno.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>

#include "sclog/arch.h"
#include "sclog/macro.h"
#include "sclog/policy.h"

static const struct {
	int op;
	const char *name;
} cmps[] = {
	{ SCMP_CMP_NE, "SCMP_CMP_NE" }, { SCMP_CMP_LT, "SCMP_CMP_LT" },
	{ SCMP_CMP_LE, "SCMP_CMP_LE" }, { SCMP_CMP_EQ, "SCMP_CMP_EQ" },
	{ SCMP_CMP_GE, "SCMP_CMP_GE" }, { SCMP_CMP_GT, "SCMP_CMP_GT" },
	{ SCMP_CMP_MASKED_EQ, "SCMP_CMP_MASKED_EQ" },
};

const char *sclog_cmp_oci_name(int op)
{
	for (size_t i = 0; i < ELEMENTSOF(cmps); i++)
		if (cmps[i].op == op)
			return cmps[i].name;
	return NULL;
}

int sclog_cmp_from_oci_name(const char *name, int *ret)
{
	for (size_t i = 0; i < ELEMENTSOF(cmps); i++)
		if (strcmp(cmps[i].name, name) == 0) {
			*ret = cmps[i].op;
			return 0;
		}
	return -EINVAL;
}

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
		if (p->rules[i].n_args == 0 && sclog_action_equal(&p->rules[i].action, action))
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

int sclog_policy_allow_names(struct sclog_policy *p, char *const *names)
{
	for (char *const *n = names; n && *n; n++)
		if (sclog_policy_allow(p, *n) < 0)
			return -ENOMEM;
	return 0;
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
		int same = sclog_action_equal(&o->action, &from->action) && o->n_args == from->n_args &&
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

int sclog_policy_covers(const struct sclog_policy *p, uint32_t arch)
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

	if (!sclog_policy_covers(p, arch) || seccomp_syscall_resolve_name_arch(arch, name) == __NR_SCMP_ERROR)
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
