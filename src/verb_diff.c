// SPDX-License-Identifier: GPL-2.0-only
/* `sclog diff`: what one policy allows that another does not. */
#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sclog/arch.h"
#include "sclog/files.h"
#include "sclog/json_format.h"
#include "sclog/macro.h"
#include "sclog/options.h"
#include "sclog/verbs.h"

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

int sclog_verb_diff(int argc, char **argv)
{
	struct sclog_diff_options opt;
	struct sclog_error err = { 0 };
	struct sclog_policy *a = NULL, *b = NULL;
	_cleanup_free_ uint32_t *arches = NULL, *xa = NULL, *ya = NULL;
	_cleanup_free_ const char **names = NULL;
	char **x = NULL, **y = NULL, *text = NULL;
	size_t text_len = 0;
	json_object *root = NULL, *per_arch = NULL;
	FILE *out = NULL;
	int differ = 0, rc;
	long n_arches = 0, n_xa, n_ya, nx, ny, n_names;

	rc = sclog_diff_options_parse(argc, argv, &opt, &err);
	if (rc != 0)
		return sclog_options_finish(rc, &err, "diff", sclog_diff_usage);
	if (sclog_load_policy(opt.a, &a, &err) < 0 || sclog_load_policy(opt.b, &b, &err) < 0) {
		sclog_policy_free(a);
		return sclog_verb_fail(&err);
	}
	/* Compare every name either policy names, on every architecture
	 * either covers, by the one evaluation: deny-lists compare right.
	 * Names neither names follow the default actions, compared first. */
	n_xa = sclog_policy_arches(a, &xa);
	n_ya = sclog_policy_arches(b, &ya);
	nx = sclog_policy_names(a, &x);
	ny = sclog_policy_names(b, &y);
	if (n_xa < 0 || n_ya < 0 || nx < 0 || ny < 0 ||
	    !(arches = malloc((size_t)(n_xa + n_ya) * sizeof(*arches))) ||
	    !(names = union_of(x, nx, y, ny, &n_names)) || !(out = open_memstream(&text, &text_len)))
		goto oom;
	for (long p = 0, q = 0; p < n_xa || q < n_ya;) {
		int c = p >= n_xa ? 1 : q >= n_ya ? -1 : xa[p] < ya[q] ? -1 : xa[p] > ya[q];

		arches[n_arches++] = c <= 0 ? xa[p] : ya[q];
		p += c <= 0;
		q += c >= 0;
	}
	if (opt.format == SCLOG_FORMAT_JSON) {
		root = json_object_new_object();
		per_arch = json_object_new_object();
	}
	if (!sclog_action_equal(&a->default_action, &b->default_action)) {
		char da[64], db[64];

		differ = 1;
		sclog_action_describe(&a->default_action, da, sizeof(da));
		sclog_action_describe(&b->default_action, db, sizeof(db));
		if (root) {
			json_object *d = json_object_new_object();

			json_object_object_add(d, "old", json_object_new_string(da));
			json_object_object_add(d, "new", json_object_new_string(db));
			json_object_object_add(root, "defaultAction", d);
		} else {
			fprintf(out, "defaultAction: %s -> %s\n", da, db);
		}
	}
	for (long i = 0; i < n_arches; i++) {
		const char *arch = sclog_arch_name(arches[i]);
		json_object *added = NULL, *removed = NULL;

		if (root) {
			added = json_object_new_array();
			removed = json_object_new_array();
		}
		for (long k = 0; k < n_names; k++) {
			int in_a = sclog_policy_allows(a, arches[i], names[k], NULL);
			int in_b = sclog_policy_allows(b, arches[i], names[k], NULL);

			if (in_a == in_b)
				continue;
			differ = 1;
			if (root)
				json_object_array_add(in_a ? removed : added,
						      json_object_new_string(names[k]));
			else
				fprintf(out, "%c %s %s\n", in_a ? '-' : '+', arch ? arch : "?",
					names[k]);
		}
		if (root) {
			json_object *o = json_object_new_object();

			json_object_object_add(o, "added", added);
			json_object_object_add(o, "removed", removed);
			json_object_object_add(per_arch, arch ? arch : "?", o);
		}
	}
	if (fclose(out) != 0) {
		out = NULL;
		goto oom;
	}
	out = NULL;
	if (root) {
		json_object_object_add(root, "architectures", per_arch);
		json_object_object_add(root, "differ", json_object_new_boolean(differ));
		free(text);
		text = NULL;
		if (sclog_json_format(root, &text) < 0)
			goto oom;
		fputs(text, stdout);
		json_object_put(root);
	} else if (differ) {
		/* Identical policies print nothing, as diff(1) does. */
		printf("--- %s\n+++ %s\n%s", opt.a, opt.b, text);
	}
	free(text);
	sclog_strv_free(x);
	sclog_strv_free(y);
	sclog_policy_free(a);
	sclog_policy_free(b);
	return differ;
oom:
	if (out)
		fclose(out);
	free(text);
	json_object_put(root);
	sclog_strv_free(x);
	sclog_strv_free(y);
	sclog_policy_free(a);
	sclog_policy_free(b);
	return sclog_verb_oom();
}
