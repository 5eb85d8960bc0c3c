// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <json-c/json.h>
#include <seccomp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sclog/basic/action.h"
#include "sclog/basic/json_read.h"
#include "sclog/policy/compose.h"
#include "sclog/policy/runtimes.h"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sort @n's names and drop the repeated ones. */
static void sort_unique(struct sclog_runtime_needs *n)
{
	size_t w = 0;

	qsort(n->names, n->n_names, sizeof(*n->names), cmp_str);
	for (size_t i = 0; i < n->n_names; i++) {
		if (w && strcmp(n->names[i], n->names[w - 1]) == 0)
			free(n->names[i]);
		else
			n->names[w++] = n->names[i];
	}
	n->names[w] = NULL;
	n->n_names = w;
}

static int add_names(json_object *list, const char *source, const char *where,
		     struct sclog_runtime_needs *n, struct sclog_error *err)
{
	if (!json_object_is_type(list, json_type_array))
		return sclog_error_set(err, -EINVAL, "%s: %s: expected an array of names", source,
				       where);
	for (size_t i = 0; i < json_object_array_length(list); i++) {
		json_object *o = json_object_array_get_idx(list, i);
		const char *name = json_object_get_string(o);
		char **v;

		if (!json_object_is_type(o, json_type_string) ||
		    seccomp_syscall_resolve_name(name) == __NR_SCMP_ERROR)
			return sclog_error_set(err, -EINVAL,
					       "%s: %s[%zu]: not a known syscall name", source,
					       where, i);
		v = realloc(n->names, (n->n_names + 2) * sizeof(*v));
		if (!v)
			return sclog_error_oom(err);
		n->names = v;
		v[n->n_names] = strdup(name);
		if (!v[n->n_names])
			return sclog_error_oom(err);
		v[++n->n_names] = NULL;
	}
	return 0;
}

/* @n's description: "@name VERSION (measured DATE)", from @rt. */
static int describe(json_object *rt, const char *name, struct sclog_runtime_needs *n,
		    struct sclog_error *err)
{
	json_object *ver = NULL, *when = NULL;

	json_object_object_get_ex(rt, "version", &ver);
	json_object_object_get_ex(rt, "measured", &when);
	if (asprintf(&n->description, "%s %s (measured %s)", name,
		     ver ? json_object_get_string(ver) : "?",
		     when ? json_object_get_string(when) : "?") < 0) {
		n->description = NULL;
		return sclog_error_oom(err);
	}
	return 0;
}

int sclog_runtime_lookup(const char *buf, size_t len, const char *source, const char *runtime,
			 struct sclog_runtime_needs *ret, struct sclog_error *err)
{
	struct sclog_runtime_needs n = { 0 };
	json_object *root, *all, *rt = NULL, *nnp, *v;
	const char *name = runtime;
	char where[128];
	int r = 0;

	r = sclog_json_read(buf, len, source, &root, err);
	if (r < 0)
		return r;
	if (!json_object_object_get_ex(root, "runtimes", &all) ||
	    !json_object_is_type(all, json_type_object)) {
		json_object_put(root);
		return sclog_error_set(err, -EINVAL, "%s: not a runtimes data file", source);
	}
	/* Follow "uses" aliases (docker -> runc), a few steps at most. */
	for (int hops = 0; hops < 4; hops++) {
		if (!json_object_object_get_ex(all, name, &rt)) {
			char known[512] = "";

			json_object_object_foreach(all, key, val)
			{
				(void)val;
				snprintf(known + strlen(known), sizeof(known) - strlen(known),
					 "%s%s", *known ? ", " : "", key);
			}
			json_object_put(root);
			return sclog_error_set(err, -ENOENT, "unknown runtime '%s' (known: %s)",
					       runtime, known);
		}
		if (!json_object_is_type(rt, json_type_object) ||
		    !json_object_object_get_ex(rt, "uses", &v))
			break;
		if (!json_object_is_type(v, json_type_string)) {
			/* name lives in the tree: format before freeing it. */
			r = sclog_error_set(err, -EINVAL,
					    "%s: runtimes.%s.uses: not a runtime name", source,
					    name);
			json_object_put(root);
			return r;
		}
		name = json_object_get_string(v);
		rt = NULL;
	}
	if (!rt || !json_object_is_type(rt, json_type_object) ||
	    !json_object_object_get_ex(rt, "noNewPrivileges", &nnp) ||
	    !json_object_is_type(nnp, json_type_object)) {
		/* Format before the tree (which owns name) is freed. */
		r = sclog_error_set(err, -EINVAL,
				    "%s: runtime '%s': no noNewPrivileges sets "
				    "(or \"uses\" aliases loop)",
				    source, runtime);
		json_object_put(root);
		return r;
	}
	json_object_object_foreach(nnp, key, list)
	{
		snprintf(where, sizeof(where), "runtimes.%s.noNewPrivileges.%s", name, key);
		r = add_names(list, source, where, &n, err);
		if (r < 0)
			break;
	}
	if (r == 0 && n.names)
		sort_unique(&n);
	if (r == 0)
		r = describe(rt, name, &n, err);
	json_object_put(root);
	if (r < 0) {
		sclog_runtime_needs_done(&n);
		return r;
	}
	*ret = n;
	return 0;
}

void sclog_runtime_needs_done(struct sclog_runtime_needs *needs)
{
	for (size_t i = 0; needs->names && i < needs->n_names; i++)
		free(needs->names[i]);
	free(needs->names);
	free(needs->description);
	*needs = (struct sclog_runtime_needs){ 0 };
}

int sclog_runtime_allow(struct sclog_policy *p, const struct sclog_runtime_needs *needs,
			struct sclog_error *err)
{
	struct sclog_conflict c;
	char a[64];
	int r = sclog_policy_allow_names(p, needs->names, &c);

	if (r == -EEXIST)
		return sclog_error_set(err, r,
				       "%s needs %s, which the policy gives %s; remove "
				       "that rule, or leave out --for",
				       needs->description, c.name,
				       sclog_action_describe(&c.existing, a, sizeof(a)));
	if (r < 0)
		return sclog_error_oom(err); /* its other failure */
	return 0;
}
