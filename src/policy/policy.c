// SPDX-License-Identifier: GPL-2.0-only
/* The policy model: build and query a policy (compose.c makes policies from others). */
#include <errno.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>

#include "sclog/basic/hashidx.h"
#include "sclog/basic/macro.h"
#include "sclog/policy/policy.h"

/*
 * The index: syscall name -> the rules that name it, one entry per name
 * found by a hash index (sclog_hashidx), and conditional rules by content.
 * Every query and every addition is then O(1) per name, so reading,
 * merging and evaluating a policy is linear in its size.  Since a name's
 * rules all have one action (conflicts are refused), the entry keeps that
 * action and the one argument-less rule, if any.
 */
struct entry {
	char *name;
	uint64_t hash; /* of the name */
	struct sclog_action action;
	size_t plain;	 /* 1 + index of the argument-less rule, or 0 */
	uint32_t *rules; /* indexes of the rules naming it, ascending (not
			  * size_t: there can be millions of them) */
	size_t n_rules;
	size_t stamp; /* the rule being added names it (rule_entries()) */
};

struct sclog_policy_index {
	struct entry *entries;
	size_t n_entries, cap_entries;
	struct sclog_hashidx by_name; /* entries[] by name */
	uint64_t *rule_hash;	      /* per rule, to find an identical conditional rule */
	struct sclog_hashidx by_rule; /* conditional rules by content */
	size_t stamp;
};

/* Arrays grow by doubling when their length reaches a power of two. */
static int grow(void *arrayp, size_t n, size_t size)
{
	void **a = arrayp, *v;

	if (n != 0 && (n & (n - 1)) != 0)
		return 0;
	v = realloc(*a, (n ? 2 * n : 1) * size);
	if (!v)
		return -ENOMEM;
	*a = v;
	return 0;
}

static uint64_t name_hash(const void *ctx, uint32_t v)
{
	const struct sclog_policy_index *x = ctx;

	return x->entries[v].hash;
}

static bool name_equal(const void *ctx, uint32_t v, const void *key)
{
	const struct sclog_policy_index *x = ctx;

	return strcmp(x->entries[v].name, key) == 0;
}

static const struct sclog_hashidx_ops by_name_ops = { name_hash, name_equal };

static uint64_t hash_name(const char *name)
{
	return sclog_hash_bytes(SCLOG_HASH_SEED, name, strlen(name));
}

static struct entry *find(const struct sclog_policy *p, const char *name)
{
	struct sclog_policy_index *x = p->index;
	int64_t v = x ? sclog_hashidx_find(&x->by_name, x, hash_name(name), name) : -ENOENT;

	return v < 0 ? NULL : &x->entries[v];
}

static const struct sclog_hashidx_ops by_rule_ops;

static int index_new(struct sclog_policy *p)
{
	if (p->index)
		return 0;
	p->index = calloc(1, sizeof(*p->index));
	if (!p->index)
		return -ENOMEM;
	p->index->by_name = SCLOG_HASHIDX_INIT(&by_name_ops);
	p->index->by_rule = SCLOG_HASHIDX_INIT(&by_rule_ops);
	return 0;
}

/* Room for @n more names without moving the entries: then the entries
 * found or added meanwhile stay put. */
static int index_reserve(struct sclog_policy *p, size_t n)
{
	struct sclog_policy_index *x;
	struct entry *v;
	size_t cap;

	if (index_new(p) < 0 || sclog_hashidx_reserve(&p->index->by_name, p->index, n) < 0)
		return -ENOMEM;
	x = p->index;
	if (x->n_entries + n <= x->cap_entries)
		return 0;
	cap = x->n_entries + n > 2 * x->cap_entries ? x->n_entries + n : 2 * x->cap_entries;
	v = realloc(x->entries, cap * sizeof(*v));
	if (!v)
		return -ENOMEM;
	x->entries = v;
	x->cap_entries = cap;
	return 0;
}

static struct entry *find_or_add(struct sclog_policy *p, const char *name)
{
	struct sclog_policy_index *x;
	uint64_t h = hash_name(name);
	struct entry *e;
	int64_t v;

	if (index_reserve(p, 1) < 0)
		return NULL;
	x = p->index;
	v = sclog_hashidx_find(&x->by_name, x, h, name);
	if (v >= 0)
		return &x->entries[v];
	e = &x->entries[x->n_entries];
	*e = (struct entry){ .name = strdup(name), .hash = h };
	if (!e->name || sclog_hashidx_add(&x->by_name, x, h, (uint32_t)x->n_entries) < 0) {
		free(e->name);
		return NULL;
	}
	x->n_entries++;
	return e;
}

static void index_free(struct sclog_policy_index *x)
{
	if (!x)
		return;
	for (size_t i = 0; i < x->n_entries; i++) {
		free(x->entries[i].name);
		free(x->entries[i].rules);
	}
	free(x->entries);
	sclog_hashidx_done(&x->by_name);
	sclog_hashidx_done(&x->by_rule);
	free(x->rule_hash);
	free(x);
}

struct sclog_policy *sclog_policy_new(const struct sclog_action *def)
{
	struct sclog_policy *p = calloc(1, sizeof(*p));

	if (p)
		p->default_action = *def;
	return p;
}

/* A rule's names are the index's strings (see index_name()). */
static void rule_done(struct sclog_rule *r)
{
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
	index_free(p->index);
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

/*
 * Record that rule @idx names @name (once), after the conflict check.  The
 * rule keeps the index's copy of the name, not one of its own: a policy
 * has a few hundred distinct names but may name them millions of times
 * (4000 rules of 270 names, each split six ways), and a copy each was
 * most of the time of reading such a policy.
 */
static int index_entry(struct sclog_policy *p, size_t idx, struct entry *e)
{
	struct sclog_rule *r = &p->rules[idx];

	if (e->n_rules && e->rules[e->n_rules - 1] == idx)
		return 0; /* named twice in one rule */
	if (r->n_args == 0 && e->plain == idx + 1)
		return 0;
	if (grow(&e->rules, e->n_rules, sizeof(*e->rules)) < 0 ||
	    grow(&r->names, r->n_names, sizeof(*r->names)) < 0)
		return -ENOMEM;
	r->names[r->n_names++] = e->name;
	/* Keep the list ascending: a plain rule can be older than the
	 * conditional ones already listed. */
	size_t k = e->n_rules++;

	while (k > 0 && e->rules[k - 1] > idx) {
		e->rules[k] = e->rules[k - 1];
		k--;
	}
	e->rules[k] = idx;
	e->action = r->action;
	if (r->n_args == 0)
		e->plain = idx + 1;
	return 0;
}

/* The first of entries @ents (@n) with rules of another action than
 * @action: -EEXIST and @ret (may be NULL) says which; else 0. */
static int conflict_of(struct entry *const *ents, long n, const struct sclog_action *action,
		       struct sclog_conflict *ret)
{
	for (long i = 0; i < n; i++) {
		const struct entry *e = ents[i];

		if (e->n_rules && !sclog_action_equal(&e->action, action)) {
			if (ret)
				*ret = (struct sclog_conflict){ .name = e->name,
								.existing = e->action,
								.added = *action,
								.existing_rule = e->rules[0] };
			return -EEXIST;
		}
	}
	return 0;
}

static struct sclog_rule *new_rule(struct sclog_policy *p, const struct sclog_action *action)
{
	/* Entries list rules by uint32_t index. */
	if (p->n_rules >= UINT32_MAX || index_new(p) < 0 ||
	    grow(&p->rules, p->n_rules, sizeof(*p->rules)) < 0 ||
	    grow(&p->index->rule_hash, p->n_rules, sizeof(*p->index->rule_hash)) < 0)
		return NULL;
	p->index->rule_hash[p->n_rules] = 0;
	p->rules[p->n_rules] = (struct sclog_rule){ .action = *action };
	return &p->rules[p->n_rules++];
}

/* The argument-less rule of @action, created if needed. */
static long plain_rule(struct sclog_policy *p, const struct sclog_action *action)
{
	for (size_t i = 0; i < p->n_rules; i++)
		if (p->rules[i].n_args == 0 && sclog_action_equal(&p->rules[i].action, action))
			return (long)i;
	return new_rule(p, action) ? (long)p->n_rules - 1 : -ENOMEM;
}

/* The hash of a rule's content; @names_hash is that of its names, the
 * same for every piece of a split rule, so computed once. */
static uint64_t rule_hash(const struct sclog_rule *r, uint64_t names_hash)
{
	uint64_t h = sclog_hash_bytes(SCLOG_HASH_SEED, &r->action, sizeof(r->action));

	for (size_t i = 0; i < r->n_args; i++) {
		h = sclog_hash_bytes(h, &r->args[i].index, sizeof(r->args[i].index));
		h = sclog_hash_bytes(h, &r->args[i].op, sizeof(r->args[i].op));
		h = sclog_hash_bytes(h, &r->args[i].value, sizeof(r->args[i].value));
		h = sclog_hash_bytes(h, &r->args[i].value_two, sizeof(r->args[i].value_two));
	}
	return sclog_hash_bytes(h, &names_hash, sizeof(names_hash));
}

static int same_rule(const struct sclog_rule *a, const struct sclog_rule *b)
{
	if (!sclog_action_equal(&a->action, &b->action) || a->n_args != b->n_args ||
	    a->n_names != b->n_names)
		return 0;
	for (size_t i = 0; i < a->n_args; i++)
		if (a->args[i].index != b->args[i].index || a->args[i].op != b->args[i].op ||
		    a->args[i].value != b->args[i].value ||
		    a->args[i].value_two != b->args[i].value_two)
			return 0;
	/* Both have the index's copies of the names: one string each. */
	for (size_t i = 0; i < a->n_names; i++)
		if (a->names[i] != b->names[i])
			return 0;
	return 1;
}

/* A conditional rule looked up by content: the index's key. */
struct rule_key {
	const struct sclog_rule *rule;
	uint64_t hash;
};

static uint64_t rule_hash_of(const void *ctx, uint32_t v)
{
	const struct sclog_policy *p = ctx;

	return p->index->rule_hash[v];
}

static bool rule_equal(const void *ctx, uint32_t v, const void *key)
{
	const struct sclog_policy *p = ctx;
	const struct rule_key *k = key;

	return p->index->rule_hash[v] == k->hash && same_rule(&p->rules[v], k->rule);
}

static const struct sclog_hashidx_ops by_rule_ops = { rule_hash_of, rule_equal };

/*
 * The entries of @from's names, created if needed, each once in the order
 * of its first place: their count and a list in @ret (caller frees), or
 * -ENOMEM.  They stay put until the next entry is created: the room for
 * them is made first.  A stamp, not a sort, finds repeated names: a rule
 * may have thousands.
 */
static long rule_entries(struct sclog_policy *p, const struct sclog_rule *from, struct entry ***ret)
{
	struct sclog_policy_index *x;
	struct entry **v = malloc((from->n_names + 1) * sizeof(*v));
	long n = 0;

	if (!v || index_reserve(p, from->n_names) < 0) {
		free(v);
		return -ENOMEM;
	}
	x = p->index;
	x->stamp++;
	for (size_t i = 0; i < from->n_names; i++) {
		struct entry *e = find_or_add(p, from->names[i]);

		if (!e) {
			free(v);
			return -ENOMEM;
		}
		if (e->stamp == x->stamp)
			continue;
		e->stamp = x->stamp;
		v[n++] = e;
	}
	*ret = v;
	return n;
}

/*
 * Add a conditional rule of @action, conditions @args, naming @names (the
 * index's copies, unique) of entries @ents, unless an identical one is
 * there.  Returns 0 or -ENOMEM.
 */
static int add_conditional(struct sclog_policy *p, const struct sclog_action *action,
			   const struct sclog_arg *args, size_t n_args, char **names,
			   struct entry **ents, size_t n, uint64_t names_hash)
{
	struct sclog_rule key = { .names = names,
				  .n_names = n,
				  .action = *action,
				  .args = (struct sclog_arg *)args,
				  .n_args = n_args };
	struct rule_key k = { &key, rule_hash(&key, names_hash) };
	struct sclog_rule *r;
	size_t idx;

	if (sclog_hashidx_find(&p->index->by_rule, p, k.hash, &k) >= 0)
		return 0;
	r = new_rule(p, action);
	if (!r)
		return -ENOMEM;
	/* Exactly @n names: only argument-less rules get names added one by
	 * one (index_entry()), in grow()'s powers of two. */
	r->args = malloc(n_args * sizeof(*r->args));
	r->names = malloc(n * sizeof(*r->names));
	if (!r->args || !r->names)
		return -ENOMEM;
	memcpy(r->args, args, n_args * sizeof(*r->args));
	r->n_args = n_args;
	memcpy(r->names, names, n * sizeof(*names));
	r->n_names = n;
	idx = p->n_rules - 1;
	/* The newest rule: appended, the lists stay ascending. */
	for (size_t i = 0; i < n; i++) {
		struct entry *e = ents[i];

		if (grow(&e->rules, e->n_rules, sizeof(*e->rules)) < 0)
			return -ENOMEM;
		e->rules[e->n_rules++] = idx;
		e->action = *action;
	}
	p->index->rule_hash[idx] = k.hash;
	return sclog_hashidx_add(&p->index->by_rule, p, k.hash, (uint32_t)idx) < 0 ? -ENOMEM : 0;
}

/* Two conditions on one argument, which libseccomp cannot compile. */
static int same_index_twice(const struct sclog_rule *r)
{
	unsigned int seen = 0;

	for (size_t i = 0; i < r->n_args; i++) {
		if (seen & (1u << r->args[i].index))
			return 1;
		seen |= 1u << r->args[i].index;
	}
	return 0;
}

int sclog_policy_add_rule(struct sclog_policy *p, const struct sclog_rule *from,
			  struct sclog_conflict *ret_conflict)
{
	_cleanup_free_ struct entry **ents = NULL;
	_cleanup_free_ char **names = NULL;
	uint64_t names_hash = SCLOG_HASH_SEED;
	long n;
	int k;

	n = rule_entries(p, from, &ents);
	if (n < 0)
		return (int)n;
	/* (The entries made for new names have no rules: nothing sees them.) */
	k = conflict_of(ents, n, &from->action, ret_conflict);
	if (k < 0)
		return k;
	if (from->n_args == 0) {
		long idx = plain_rule(p, &from->action);

		if (idx < 0)
			return (int)idx;
		for (long i = 0; i < n; i++)
			if (index_entry(p, (size_t)idx, ents[i]) < 0)
				return -ENOMEM;
		return 0;
	}
	names = malloc((size_t)(n + 1) * sizeof(*names));
	if (!names)
		return -ENOMEM;
	for (long i = 0; i < n; i++) {
		names[i] = ents[i]->name;
		names_hash = sclog_hash_bytes(names_hash, names[i], strlen(names[i]) + 1);
	}
	if (!same_index_twice(from))
		return add_conditional(p, &from->action, from->args, from->n_args, names, ents,
				       (size_t)n, names_hash);
	/* As crun and runc do: each condition becomes a rule of its own, and
	 * the rules are OR'ed. */
	for (size_t i = 0; i < from->n_args; i++) {
		k = add_conditional(p, &from->action, &from->args[i], 1, names, ents, (size_t)n,
				    names_hash);
		if (k < 0)
			return k;
	}
	return 0;
}

int sclog_policy_allow(struct sclog_policy *p, const char *name)
{
	struct sclog_rule one = { .names = (char **)&name,
				  .n_names = 1,
				  .action = { .kind = SCLOG_ACT_ALLOW } };

	return sclog_policy_add_rule(p, &one, NULL);
}

/* Remove @name, the index's copy, from rule @r. */
static void drop_name(struct sclog_rule *r, const char *name)
{
	for (size_t k = 0; k < r->n_names; k++)
		if (r->names[k] == name) {
			memmove(&r->names[k], &r->names[k + 1],
				(r->n_names - k - 1) * sizeof(*r->names));
			r->n_names--;
			return;
		}
}

int sclog_policy_forget(struct sclog_policy *p, const char *name)
{
	struct entry *e = find(p, name);

	if (!e || !e->n_rules)
		return 0;
	for (size_t i = 0; i < e->n_rules; i++)
		drop_name(&p->rules[e->rules[i]], e->name);
	e->n_rules = 0;
	e->plain = 0;
	return 1;
}

int sclog_policy_forget_unconditional(struct sclog_policy *p, const char *name)
{
	struct entry *e = find(p, name);

	if (!e || !e->plain)
		return 0;
	drop_name(&p->rules[e->plain - 1], e->name);
	for (size_t i = 0; i < e->n_rules; i++)
		if (e->rules[i] == e->plain - 1) {
			memmove(&e->rules[i], &e->rules[i + 1],
				(e->n_rules - i - 1) * sizeof(*e->rules));
			e->n_rules--;
			break;
		}
	e->plain = 0;
	return 1;
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

int sclog_policy_eval(const struct sclog_policy *p, uint32_t arch, const char *name,
		      const uint64_t *args, struct sclog_action *ret)
{
	const struct entry *e;

	/* libseccomp's default bad-arch action, which runc and crun keep. */
	if (!sclog_policy_covers(p, arch)) {
		*ret = (struct sclog_action){ .kind = SCLOG_ACT_KILL_THREAD };
		return 0;
	}
	*ret = p->default_action;
	e = find(p, name);
	/* A name absent on @arch: runtimes skip its rules there. */
	if (!e || !e->n_rules || seccomp_syscall_resolve_name_arch(arch, name) == __NR_SCMP_ERROR)
		return 0;
	if (e->plain || sclog_action_equal(&e->action, &p->default_action)) {
		*ret = e->action;
		return 0;
	}
	if (!args) {
		*ret = e->action;
		return 1;
	}
	for (size_t i = 0; i < e->n_rules; i++) {
		const struct sclog_rule *r = &p->rules[e->rules[i]];
		int all = 1;

		for (size_t k = 0; k < r->n_args && all; k++)
			all = sclog_arg_matches(&r->args[k], args[r->args[k].index]);
		if (all) {
			*ret = e->action;
			return 0;
		}
	}
	return 0;
}

int sclog_policy_allows(const struct sclog_policy *p, uint32_t arch, const char *name,
			int *ret_conditional)
{
	struct sclog_action a;
	int conditional = sclog_policy_eval(p, arch, name, NULL, &a);

	if (ret_conditional)
		*ret_conditional = conditional && sclog_action_permits(&a);
	return sclog_action_permits(&a);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

long sclog_policy_rules_of(const struct sclog_policy *p, const char *name, const uint32_t **ret)
{
	const struct entry *e = find(p, name);

	*ret = e ? e->rules : NULL;
	return e ? (long)e->n_rules : 0;
}

long sclog_policy_names(const struct sclog_policy *p, char ***ret)
{
	const struct sclog_policy_index *x = p->index;
	size_t n = 0;
	char **v = calloc((x ? x->n_entries : 0) + 1, sizeof(*v));

	if (!v)
		return -ENOMEM;
	for (size_t i = 0; x && i < x->n_entries; i++) {
		if (!x->entries[i].n_rules)
			continue;
		v[n] = strdup(x->entries[i].name);
		if (!v[n++]) {
			sclog_strv_free(v);
			return -ENOMEM;
		}
	}
	qsort(v, n, sizeof(*v), cmp_str);
	*ret = v;
	return (long)n;
}

long sclog_policy_allowed_names(const struct sclog_policy *p, uint32_t arch, char ***ret)
{
	char **v = NULL;
	long n = sclog_policy_names(p, &v), w = 0;

	if (n < 0)
		return n;
	for (long i = 0; i < n; i++) {
		if (sclog_policy_allows(p, arch, v[i], NULL))
			v[w++] = v[i];
		else
			free(v[i]);
	}
	v[w] = NULL;
	*ret = v;
	return w;
}
