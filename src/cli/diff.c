// SPDX-License-Identifier: GPL-2.0-only
/*
 * `sclog diff`: how two policies treat each syscall differently.  For every
 * architecture and every name either policy names, the treatment is
 * compared in full: whether it may run, the action (errno included) and
 * the argument conditions under which the action applies.
 */
#include <errno.h>
#include <json-c/json.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sclog/basic/arch.h"
#include "sclog/basic/json_format.h"
#include "sclog/basic/macro.h"
#include "sclog/basic/quote.h"
#include "sclog/cli/options.h"
#include "sclog/cli/verbs.h"
#include "sclog/policy/data.h"

static const struct sclog_option diff_options[] = {
	{ "format", 'f', "FMT", "text (default) or json", SCLOG_OPT_FORMAT },
	{},
};

static int apply(void *opts, int id, const char *arg, struct sclog_error *err)
{
	struct sclog_diff_options *o = opts;

	(void)id;
	return sclog_options_parse_format(arg, 0, &o->format, err);
}

const struct sclog_cli sclog_diff_cli = {
	.verb = "diff",
	.usage = "Usage: sclog diff [--format text|json] OLD NEW\n"
		 "\n"
		 "Show how NEW treats each syscall differently from OLD, per architecture:\n"
		 "  + ARCH NAME              NEW allows it, OLD does not\n"
		 "  - ARCH NAME              OLD allows it, NEW does not\n"
		 "  ~ ARCH NAME: A -> B      another action (or errno), both allow or deny\n"
		 "  ~ ARCH NAME: - when C    condition C only OLD has ('always': none)\n"
		 "  ~ ARCH NAME: + when C    condition C only NEW has\n"
		 "and a change of default action or of the architectures covered.\n"
		 "\n",
	.tail = "\n"
		"Exit status: 0 when they treat every call the same, 1 when they differ,\n"
		"125 on error.\n",
	.groups = { diff_options, sclog_options_help },
	.apply = apply,
};

int sclog_diff_options_parse(int argc, char **argv, struct sclog_diff_options *ret,
			     struct sclog_error *err)
{
	struct sclog_diff_options o = { 0 };
	int first, rc;

	rc = sclog_options_parse(&sclog_diff_cli, argc, argv, &o, &first, err);
	if (rc == 0 && argc - first != 2)
		rc = sclog_error_set(err, -EINVAL, "diff takes two policies: sclog diff OLD NEW");
	if (rc == 0) {
		o.a = argv[first];
		o.b = argv[first + 1];
	}
	if (rc >= 0)
		*ret = o;
	return rc;
}

/* The sorted union of two sorted string lists (borrowed pointers). */
static const char **union_of(char **x, long nx, char **y, long ny, long *ret_n)
{
	const char **v = malloc((size_t)(nx + ny + 1) * sizeof(*v));
	long n = 0;

	if (!v)
		return NULL;
	for (long p = 0, q = 0; p < nx || q < ny;) {
		int c = p >= nx ? 1 : q >= ny ? -1 : strcmp(x[p], y[q]);

		v[n++] = c <= 0 ? x[p] : y[q];
		p += c <= 0;
		q += c >= 0;
	}
	*ret_n = n;
	return v;
}

/* A rule's conditions in one order (a conjunction), to compare rules of
 * two policies whatever order their files wrote the conditions in. */
struct canon {
	uint64_t hash;
	size_t n_args;
	struct sclog_arg args[6];
};

static int cmp_arg_qsort(const void *a, const void *b)
{
	return sclog_arg_compare(a, b);
}

/* The hash only orders; equal hashes are compared in full, so a crafted
 * collision cannot hide a difference. */
static int cmp_canon(const void *a, const void *b)
{
	const struct canon *x = *(const struct canon *const *)a,
			   *y = *(const struct canon *const *)b;

	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	if (x->n_args != y->n_args)
		return x->n_args < y->n_args ? -1 : 1;
	for (size_t i = 0; i < x->n_args; i++) {
		int c = sclog_arg_compare(&x->args[i], &y->args[i]);

		if (c)
			return c;
	}
	return 0;
}

/* Every rule of @p in canonical form, by index: linear in the rules. */
static struct canon *canonical_rules(const struct sclog_policy *p)
{
	struct canon *v = calloc(p->n_rules ? p->n_rules : 1, sizeof(*v));

	if (!v)
		return NULL;
	for (size_t r = 0; r < p->n_rules; r++) {
		struct canon *c = &v[r];
		uint64_t h = 0xcbf29ce484222325ULL;

		c->n_args = p->rules[r].n_args < 6 ? p->rules[r].n_args : 6;
		if (c->n_args) /* args is NULL without conditions */
			memcpy(c->args, p->rules[r].args, c->n_args * sizeof(*c->args));
		qsort(c->args, c->n_args, sizeof(*c->args), cmp_arg_qsort);
		for (size_t i = 0; i < c->n_args; i++) {
			uint64_t f[4] = { c->args[i].index, (uint64_t)c->args[i].op,
					  c->args[i].value, c->args[i].value_two };

			for (size_t k = 0; k < 4; k++)
				h = (h ^ f[k]) * 0x100000001b3ULL;
		}
		c->hash = h;
	}
	return v;
}

/* "arg0 == 5 && (arg1 & 0xff) == 0x3", the conjunction of @c. */
static const char *describe_when(const struct canon *c, char *buf, size_t size)
{
	static const char *const ops[] = {
		[SCMP_CMP_NE] = "!=", [SCMP_CMP_LT] = "<",  [SCMP_CMP_LE] = "<=",
		[SCMP_CMP_EQ] = "==", [SCMP_CMP_GE] = ">=", [SCMP_CMP_GT] = ">",
	};
	size_t n = 0;

	for (size_t i = 0; i < c->n_args && n < size; i++) {
		const struct sclog_arg *a = &c->args[i];
		const char *and = i ? " && " : "";

		if (a->op == SCMP_CMP_MASKED_EQ)
			n += (size_t)snprintf(buf + n, size - n, "%s(arg%u & 0x%llx) == 0x%llx",
					      and, a->index, (unsigned long long)a->value,
					      (unsigned long long)a->value_two);
		else
			n += (size_t)snprintf(
				buf + n, size - n, "%sarg%u %s %llu", and, a->index,
				(size_t)a->op < ELEMENTSOF(ops) && ops[a->op] ? ops[a->op] : "?",
				(unsigned long long)a->value);
	}
	return buf;
}

/* One policy's side of the comparison. */
struct side {
	const struct sclog_policy *p;
	const struct canon *canon;
	const struct canon **when; /* the name's rules, sorted (scratch) */
	size_t cap;
};

/* The sorted conjunctions under which @s->p takes its action for @name:
 * none when it takes it unconditionally.  Returns the count or -ENOMEM. */
static long conditions_of(struct side *s, const char *name, int conditional)
{
	const uint32_t *rules;
	long n = conditional ? sclog_policy_rules_of(s->p, name, &rules) : 0;

	if (n <= 0)
		return 0;
	if ((size_t)n > s->cap) {
		const struct canon **v = realloc(s->when, (size_t)n * sizeof(*v));

		if (!v)
			return -ENOMEM;
		s->when = v;
		s->cap = (size_t)n;
	}
	for (long i = 0; i < n; i++)
		s->when[i] = &s->canon[rules[i]];
	qsort(s->when, (size_t)n, sizeof(*s->when), cmp_canon);
	return n;
}

struct output {
	FILE *text;	      /* text lines, or NULL */
	json_object *changed; /* per-arch JSON array, or NULL */
	const char *arch;
};

/* Report one condition only one side has ('-' old, '+' new). */
static void condition_line(struct output *o, json_object *cond, char sign, const char *name,
			   const char *when)
{
	if (cond)
		json_object_array_add(
			json_object_object_get(cond, sign == '-' ? "removed" : "added"),
			json_object_new_string(when));
	else
		fprintf(o->text, "~ %s %s: %c %s%s\n", o->arch, name, sign,
			strcmp(when, "always") ? "when " : "", when);
}

/*
 * The conditions only one of two sorted lists has: with @sign '-' those
 * of @a (old), with '+' those of @b (new), each once.  Returns 1 when
 * there are some.
 */
static int conditions_only(struct output *o, json_object *cond, char sign, const char *name,
			   const struct canon **a, long na, const struct canon **b, long nb)
{
	char when[512];
	int differ = 0;

	for (long p = 0, q = 0; p < na || q < nb;) {
		int c = p >= na ? 1 : q >= nb ? -1 : cmp_canon(&a[p], &b[q]);
		const struct canon *w = c <= 0 ? a[p] : b[q];

		if (c != 0)
			differ = 1;
		if (c == (sign == '-' ? -1 : 1))
			condition_line(o, cond, sign, name, describe_when(w, when, sizeof(when)));
		/* Identical conditions listed twice count once. */
		while (p < na && cmp_canon(&a[p], &w) == 0)
			p++;
		while (q < nb && cmp_canon(&b[q], &w) == 0)
			q++;
	}
	return differ;
}

/*
 * Compare how @a and @b treat @name on one architecture, both allowing it
 * or both not: the action, then the conditions.  Returns 1 when they
 * differ, 0 when not, -ENOMEM.
 */
static int compare_treatment(struct output *o, struct side *a, struct side *b, const char *name,
			     const struct sclog_action *aa, int ca, const struct sclog_action *ab,
			     int cb)
{
	json_object *entry = NULL, *cond = NULL;
	char x[64], y[64];
	long na = conditions_of(a, name, ca), nb = conditions_of(b, name, cb);
	int differ = 0;

	if (na < 0 || nb < 0)
		return -ENOMEM;
	if (o->changed) {
		entry = json_object_new_object();
		cond = json_object_new_object();
		json_object_object_add(entry, "name", json_object_new_string(name));
		json_object_object_add(cond, "removed", json_object_new_array());
		json_object_object_add(cond, "added", json_object_new_array());
	}
	if (!sclog_action_equal(aa, ab)) {
		differ = 1;
		sclog_action_describe(aa, x, sizeof(x));
		sclog_action_describe(ab, y, sizeof(y));
		if (entry) {
			json_object *d = json_object_new_object();

			json_object_object_add(d, "old", json_object_new_string(x));
			json_object_object_add(d, "new", json_object_new_string(y));
			json_object_object_add(entry, "action", d);
		} else {
			fprintf(o->text, "~ %s %s: %s -> %s\n", o->arch, name, x, y);
		}
	}
	/* "always" is the one condition of an unconditional action. */
	if (!ca != !cb && !ca) {
		differ = 1;
		condition_line(o, cond, '-', name, "always");
	}
	differ |= conditions_only(o, cond, '-', name, a->when, na, b->when, nb);
	if (!ca != !cb && ca) {
		differ = 1;
		condition_line(o, cond, '+', name, "always");
	}
	conditions_only(o, cond, '+', name, a->when, na, b->when, nb);
	if (entry && differ) {
		if (json_object_array_length(json_object_object_get(cond, "removed")) ||
		    json_object_array_length(json_object_object_get(cond, "added")))
			json_object_object_add(entry, "conditions", json_object_get(cond));
		json_object_array_add(o->changed, json_object_get(entry));
	}
	json_object_put(cond);
	json_object_put(entry);
	return differ;
}

/* Architectures only one policy covers, as "+ x86" / "- x86". */
static int arch_coverage(const struct sclog_policy *a, const struct sclog_policy *b,
			 const uint32_t *arches, long n_arches, FILE *text, json_object *root)
{
	json_object *added = NULL, *removed = NULL;
	int differ = 0;

	for (long i = 0; i < n_arches; i++) {
		int in_a = sclog_policy_covers(a, arches[i]),
		    in_b = sclog_policy_covers(b, arches[i]);
		const char *arch = sclog_arch_name(arches[i]);

		if (in_a == in_b)
			continue;
		differ = 1;
		if (!root) {
			fprintf(text, "architecture: %c %s\n", in_a ? '-' : '+', arch ? arch : "?");
			continue;
		}
		if (!added) {
			added = json_object_new_array();
			removed = json_object_new_array();
		}
		json_object_array_add(in_a ? removed : added,
				      json_object_new_string(arch ? arch : "?"));
	}
	if (root && differ) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "added", added);
		json_object_object_add(o, "removed", removed);
		json_object_object_add(root, "architecturesCovered", o);
	}
	return differ;
}

/* One comparison: the two policies and what is compared between them. */
struct diff {
	struct sclog_policy *a, *b;
	struct side sa, sb;
	uint32_t *arches; /* every architecture either covers, sorted */
	long n_arches;
	const char **names; /* every name either names, sorted (borrowed from x, y) */
	long n_names;
	char **x, **y;
	struct canon *ca, *cb;
	FILE *out; /* the text lines */
	char *text;
	size_t text_len;
	json_object *root, *per_arch; /* --format json */
	int differ;
};

/* The sorted union of two sorted architecture lists. */
static uint32_t *arches_union(const struct sclog_policy *a, const struct sclog_policy *b,
			      long *ret_n)
{
	_cleanup_free_ uint32_t *xa = NULL, *ya = NULL;
	long n_xa = sclog_policy_arches(a, &xa), n_ya = sclog_policy_arches(b, &ya), n = 0;
	uint32_t *v;

	if (n_xa < 0 || n_ya < 0 || !(v = malloc((size_t)(n_xa + n_ya + 1) * sizeof(*v))))
		return NULL;
	for (long p = 0, q = 0; p < n_xa || q < n_ya;) {
		int c = p >= n_xa ? 1 : q >= n_ya ? -1 : xa[p] < ya[q] ? -1 : xa[p] > ya[q];

		v[n++] = c <= 0 ? xa[p] : ya[q];
		p += c <= 0;
		q += c >= 0;
	}
	*ret_n = n;
	return v;
}

/*
 * Compare every name either policy names, on every architecture either
 * covers, by the one evaluation: deny-lists compare right.  Names neither
 * names follow the default actions, compared first.  Returns 0 or -ENOMEM.
 */
static int diff_prepare(struct diff *d, enum sclog_format format)
{
	long nx = sclog_policy_names(d->a, &d->x), ny = sclog_policy_names(d->b, &d->y);

	if (nx < 0 || ny < 0 || !(d->arches = arches_union(d->a, d->b, &d->n_arches)) ||
	    !(d->names = union_of(d->x, nx, d->y, ny, &d->n_names)) ||
	    !(d->ca = canonical_rules(d->a)) || !(d->cb = canonical_rules(d->b)) ||
	    !(d->out = sclog_memstream(&d->text, &d->text_len)))
		return -ENOMEM;
	d->sa = (struct side){ .p = d->a, .canon = d->ca };
	d->sb = (struct side){ .p = d->b, .canon = d->cb };
	if (format == SCLOG_FORMAT_JSON) {
		d->root = json_object_new_object();
		d->per_arch = json_object_new_object();
	}
	return 0;
}

static void compare_default_actions(struct diff *d)
{
	char da[64], db[64];

	if (sclog_action_equal(&d->a->default_action, &d->b->default_action))
		return;
	d->differ = 1;
	sclog_action_describe(&d->a->default_action, da, sizeof(da));
	sclog_action_describe(&d->b->default_action, db, sizeof(db));
	if (d->root) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "old", json_object_new_string(da));
		json_object_object_add(o, "new", json_object_new_string(db));
		json_object_object_add(d->root, "defaultAction", o);
	} else {
		fprintf(d->out, "defaultAction: %s -> %s\n", da, db);
	}
}

/* How @name is treated on @arch by each side.  Returns 0 or -ENOMEM. */
static int compare_name(struct diff *d, struct output *o, uint32_t arch, int both, const char *name,
			json_object *added, json_object *removed)
{
	struct sclog_action aa, ab;
	int cond_a = sclog_policy_eval(d->a, arch, name, NULL, &aa);
	int cond_b = sclog_policy_eval(d->b, arch, name, NULL, &ab);
	int in_a = sclog_action_permits(&aa), in_b = sclog_action_permits(&ab), r;

	/* libseccomp gives a name absent on @arch a negative number: no
	 * call there has it, nothing differs. */
	if (seccomp_syscall_resolve_name_arch(arch, name) < 0)
		return 0;
	if (in_a == in_b) {
		r = both ? compare_treatment(o, &d->sa, &d->sb, name, &aa, cond_a, &ab, cond_b) : 0;
		if (r < 0)
			return r;
		d->differ |= r;
		return 0;
	}
	d->differ = 1;
	if (d->root)
		json_object_array_add(in_a ? removed : added, json_object_new_string(name));
	else
		fprintf(d->out, "%c %s %s\n", in_a ? '-' : '+', o->arch, name);
	return 0;
}

static int compare_arch(struct diff *d, uint32_t arch)
{
	const char *name = sclog_arch_name(arch);
	/* On an architecture only one covers, the other kills every call
	 * (said above): only what may run is listed there. */
	int both = sclog_policy_covers(d->a, arch) && sclog_policy_covers(d->b, arch);
	json_object *added = NULL, *removed = NULL;
	struct output o = { .text = d->out, .arch = name ? name : "?" };

	if (d->root) {
		added = json_object_new_array();
		removed = json_object_new_array();
		o.changed = json_object_new_array();
	}
	for (long k = 0; k < d->n_names; k++)
		if (compare_name(d, &o, arch, both, d->names[k], added, removed) < 0)
			return -ENOMEM;
	if (d->root) {
		json_object *obj = json_object_new_object();

		json_object_object_add(obj, "added", added);
		json_object_object_add(obj, "removed", removed);
		json_object_object_add(obj, "changed", o.changed);
		json_object_object_add(d->per_arch, o.arch, obj);
	}
	return 0;
}

/* Print what differs (nothing in text for identical policies, as diff(1)). */
static int print_diff(struct diff *d, const struct sclog_diff_options *opt)
{
	_cleanup_free_ char *json = NULL;
	int r = fclose(d->out);

	d->out = NULL;
	if (r != 0)
		return -ENOMEM;
	if (d->root) {
		json_object_object_add(d->root, "architectures", d->per_arch);
		json_object_object_add(d->root, "differ", json_object_new_boolean(d->differ));
		if (sclog_json_format(d->root, &json) < 0)
			return -ENOMEM;
		fputs(json, stdout);
	} else if (d->differ) {
		printf("--- %s\n+++ %s\n%s", sclog_quoted_path(opt->a), sclog_quoted_path(opt->b),
		       d->text);
	}
	return 0;
}

static void diff_done(struct diff *d)
{
	if (d->out)
		fclose(d->out);
	free(d->text);
	free(d->sa.when);
	free(d->sb.when);
	free(d->arches);
	free(d->names);
	free(d->ca);
	free(d->cb);
	json_object_put(d->root);
	sclog_strv_free(d->x);
	sclog_strv_free(d->y);
	sclog_policy_free(d->a);
	sclog_policy_free(d->b);
}

int sclog_verb_diff(int argc, char **argv)
{
	struct sclog_diff_options opt;
	struct sclog_error err = { 0 };
	struct diff d = { 0 };
	int rc;

	rc = sclog_diff_options_parse(argc, argv, &opt, &err);
	if (rc != 0)
		return sclog_options_finish(rc, &err, &sclog_diff_cli);
	if (sclog_load_policy(opt.a, &d.a, &err) < 0 || sclog_load_policy(opt.b, &d.b, &err) < 0) {
		diff_done(&d);
		return sclog_verb_fail(&err);
	}
	rc = diff_prepare(&d, opt.format);
	if (rc == 0) {
		compare_default_actions(&d);
		d.differ |= arch_coverage(d.a, d.b, d.arches, d.n_arches, d.out, d.root);
	}
	for (long i = 0; rc == 0 && i < d.n_arches; i++)
		rc = compare_arch(&d, d.arches[i]);
	if (rc == 0)
		rc = print_diff(&d, &opt);
	rc = rc < 0 ? sclog_verb_oom() : d.differ;
	diff_done(&d);
	return rc;
}
