// SPDX-License-Identifier: GPL-2.0-only
/* The reader of policies/arch-translate.json, and the translation it drives. */
#include <errno.h>
#include <json-c/json.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sclog/basic/arch.h"
#include "sclog/basic/json_read.h"
#include "sclog/basic/macro.h"
#include "sclog/basic/strv.h"
#include "sclog/policy/translate.h"

#define MAX_ENTRIES 1024
#define MAX_TARGETS 8

struct entry {
	char *name;
	char **to; /* NULL for a dropped name */
	char *why; /* NULL for a mapped one */
};

struct sclog_translate_table {
	uint32_t from, to;
	struct entry *entries;
	size_t n;
};

struct sclog_translate_table *sclog_translate_table_free(struct sclog_translate_table *t)
{
	if (!t)
		return NULL;
	for (size_t i = 0; i < t->n; i++) {
		free(t->entries[i].name);
		sclog_strv_free(t->entries[i].to);
		free(t->entries[i].why);
	}
	free(t->entries);
	free(t);
	return NULL;
}

uint32_t sclog_translate_target(const struct sclog_translate_table *t)
{
	return t->to;
}

static uint32_t arch_of(json_object *root, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(root, key, &v) || !json_object_is_type(v, json_type_string))
		return 0;
	return sclog_arch_from_oci_name(json_object_get_string(v));
}

/* An array of 1 to MAX_TARGETS items (each checked by add_entry()). */
static bool target_list(json_object *v)
{
	return json_object_is_type(v, json_type_array) && json_object_array_length(v) > 0 &&
	       json_object_array_length(v) <= MAX_TARGETS;
}

/* One "map" (@why NULL) or "drop" member into @t. */
static int add_entry(struct sclog_translate_table *t, const char *name, json_object *v, int drop,
		     const char *source, struct sclog_error *err)
{
	struct entry *e;

	if (t->n >= MAX_ENTRIES)
		return sclog_error_set(err, -EINVAL, "%s: more than %d names", source, MAX_ENTRIES);
	e = &t->entries[t->n];
	*e = (struct entry){ 0 };
	if (drop ? !json_object_is_type(v, json_type_string) : !target_list(v))
		return sclog_error_set(err, -EINVAL, "%s: %s \"%s\": needs %s", source,
				       drop ? "drop" : "map", name,
				       drop ? "a string saying why" : "an array of 1 to 8 names");
	if (!(e->name = strdup(name)))
		return sclog_error_oom(err);
	t->n++;
	if (drop)
		return (e->why = strdup(json_object_get_string(v))) ? 0 : sclog_error_oom(err);
	for (size_t i = 0; i < json_object_array_length(v); i++) {
		json_object *n = json_object_array_get_idx(v, i);
		const char *s = json_object_get_string(n);

		/* A target the other architecture lacks would be dropped by every
		 * runtime: the table would promise what the policy cannot do. */
		if (!json_object_is_type(n, json_type_string) || !sclog_syscall_on_arch(t->to, s))
			return sclog_error_set(err, -EINVAL,
					       "%s: map \"%s\": \"%s\" is not a syscall "
					       "libseccomp knows on %s",
					       source, name,
					       json_object_is_type(n, json_type_string) ? s : "?",
					       sclog_arch_name(t->to));
		if (sclog_strv_appendf(&e->to, "%s", s) < 0)
			return sclog_error_oom(err);
	}
	return 0;
}

int sclog_translate_parse(const char *buf, size_t len, const char *source,
			  struct sclog_translate_table **ret, struct sclog_error *err)
{
	json_object *root = NULL, *map = NULL, *drop = NULL;
	struct sclog_translate_table *t = calloc(1, sizeof(*t));
	int r = 0;

	if (!t || !(t->entries = calloc(MAX_ENTRIES, sizeof(*t->entries)))) {
		r = sclog_error_oom(err);
		goto out;
	}
	r = sclog_json_read(buf, len, source, &root, err);
	if (r < 0)
		goto out;
	if (!json_object_is_type(root, json_type_object) || !(t->from = arch_of(root, "from")) ||
	    !(t->to = arch_of(root, "to")) || !json_object_object_get_ex(root, "map", &map) ||
	    !json_object_is_type(map, json_type_object) ||
	    !json_object_object_get_ex(root, "drop", &drop) ||
	    !json_object_is_type(drop, json_type_object)) {
		r = sclog_error_set(err, -EINVAL,
				    "%s: not an architecture translation table (an "
				    "object with \"from\" and \"to\" architectures, \"map\" and "
				    "\"drop\" objects)",
				    source);
		goto out;
	}
	json_object_object_foreach(map, mk, mv)
	{
		if (r == 0)
			r = add_entry(t, mk, mv, 0, source, err);
	}
	json_object_object_foreach(drop, dk, dv)
	{
		if (r == 0)
			r = add_entry(t, dk, dv, 1, source, err);
	}
out:
	json_object_put(root);
	if (r < 0) {
		sclog_translate_table_free(t);
		return r;
	}
	*ret = t;
	return 0;
}

static const struct entry *lookup(const struct sclog_translate_table *t, const char *name)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->entries[i].name, name) == 0)
			return &t->entries[i];
	return NULL;
}

/* One note per name and case, however many rules name it. */
static int note(char ***notes, const char *text)
{
	if (sclog_strv_contains(*notes, text))
		return 0;
	return sclog_strv_appendf(notes, "%s", text) < 0 ? -ENOMEM : 0;
}

/* The names of rule @r on @t->to, appended to @names (unique). */
static int translate_names(const struct sclog_rule *r, const struct sclog_translate_table *t,
			   char ***names, char ***notes)
{
	const char *to = sclog_arch_name(t->to);

	for (size_t i = 0; i < r->n_names; i++) {
		const char *n = r->names[i];
		const struct entry *e;
		_cleanup_free_ char *text = NULL;
		int k = 0;

		if (sclog_syscall_on_arch(t->to, n)) {
			if (!sclog_strv_contains(*names, n) &&
			    sclog_strv_appendf(names, "%s", n) < 0)
				return -ENOMEM;
			continue;
		}
		e = lookup(t, n);
		if (e && e->to && r->n_args) {
			k = asprintf(&text,
				     "%s: left out, its argument conditions do not carry to "
				     "%s (other arguments)",
				     n, e->to[0]);
		} else if (e && e->to) {
			size_t len = 0;

			for (char **m = e->to; *m; m++) {
				if (!sclog_strv_contains(*names, *m) &&
				    sclog_strv_appendf(names, "%s", *m) < 0)
					return -ENOMEM;
				len += strlen(*m) + 2;
			}
			text = malloc(strlen(n) + len + 8);
			if (text) {
				strcpy(stpcpy(text, n), " ->");
				for (char **m = e->to; *m; m++)
					strcat(strcat(text, " "), *m);
			}
			k = text ? 0 : -1;
		} else if (e) {
			k = asprintf(&text, "%s: left out, %s", n, e->why);
		} else {
			k = asprintf(&text,
				     "%s: left out, not a syscall on %s and not in "
				     "arch-translate.json",
				     n, to);
		}
		if (k < 0) {
			text = NULL;
			return -ENOMEM;
		}
		if (note(notes, text) < 0)
			return -ENOMEM;
	}
	return 0;
}

static int translate_arches(const struct sclog_policy *p, const struct sclog_translate_table *t,
			    struct sclog_policy *out, char ***notes)
{
	_cleanup_free_ uint32_t *arches = NULL;
	long n = sclog_policy_arches(p, &arches);

	if (n < 0 || sclog_policy_add_arch(out, t->to) < 0)
		return -ENOMEM;
	for (long i = 0; i < n; i++) {
		uint32_t a = arches[i];
		_cleanup_free_ char *text = NULL;

		if (a == t->from || a == t->to)
			continue;
		if (sclog_arch_native_of(a) != t->from) {
			if (sclog_policy_add_arch(out, a) < 0)
				return -ENOMEM;
			continue;
		}
		/* A 32-bit x86 name table is not arm's: no guess is better than
		 * a wrong one. */
		if (asprintf(&text, "architecture %s: left out, its names are not translated",
			     sclog_arch_name(a)) < 0) {
			text = NULL;
			return -ENOMEM;
		}
		if (note(notes, text) < 0)
			return -ENOMEM;
	}
	return 0;
}

int sclog_translate_policy(const struct sclog_policy *p, const struct sclog_translate_table *t,
			   struct sclog_policy **ret, char ***ret_notes, struct sclog_error *err)
{
	struct sclog_policy *out = sclog_policy_new(&p->default_action);
	char **notes = NULL;
	int r = out ? translate_arches(p, t, out, &notes) : -ENOMEM;

	for (size_t i = 0; r == 0 && i < p->n_rules; i++) {
		const struct sclog_rule *rule = &p->rules[i];
		char **names = NULL;
		struct sclog_conflict c;
		struct sclog_rule copy = *rule;

		r = translate_names(rule, t, &names, &notes);
		for (copy.n_names = 0; names && names[copy.n_names]; copy.n_names++)
			;
		copy.names = names;
		if (r == 0 && copy.n_names)
			r = sclog_policy_add_rule(out, &copy, &c);
		if (r == -EEXIST) {
			char a[64], b[64];

			r = sclog_error_set(err, -EEXIST,
					    "translated to %s, %s would have two "
					    "actions, %s and %s: make the policy give the names "
					    "mapped to it one action",
					    sclog_arch_name(t->to), c.name,
					    sclog_action_describe(&c.existing, a, sizeof(a)),
					    sclog_action_describe(&c.added, b, sizeof(b)));
		}
		sclog_strv_free(names);
	}
	if (r == 0 && !notes && !(notes = calloc(1, sizeof(*notes))))
		r = -ENOMEM;
	if (r < 0) {
		if (r == -ENOMEM)
			sclog_error_oom(err);
		sclog_strv_free(notes);
		sclog_policy_free(out);
		return r;
	}
	*ret = out;
	*ret_notes = notes;
	return 0;
}
