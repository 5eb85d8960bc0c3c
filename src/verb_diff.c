// SPDX-License-Identifier: GPL-2.0-only
/* `sclog diff`: what one policy allows that another does not. */
#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sclog/arch.h"
#include "sclog/files.h"
#include "sclog/macro.h"
#include "sclog/options.h"
#include "sclog/verbs.h"

static int fail(const struct sclog_error *err)
{
	fprintf(stderr, "sclog: %s\n", err->msg);
	return SCLOG_EXIT_FAILURE;
}

static int oom(void)
{
	fprintf(stderr, "sclog: out of memory\n");
	return SCLOG_EXIT_FAILURE;
}

int sclog_verb_diff(int argc, char **argv)
{
	struct sclog_diff_options opt;
	struct sclog_error err = { 0 };
	struct sclog_policy *a = NULL, *b = NULL, *both = NULL;
	static const struct sclog_action none = { .kind = SCLOG_ACT_ERRNO };
	_cleanup_free_ uint32_t *arches = NULL;
	json_object *root = NULL, *per_arch = NULL;
	int differ = 0, rc;
	long n_arches;

	rc = sclog_diff_options_parse(argc, argv, &opt, &err);
	if (rc != 0)
		return sclog_options_finish(rc, &err, "diff", sclog_diff_usage);
	if (sclog_load_policy(opt.a, &a, &err) < 0 || sclog_load_policy(opt.b, &b, &err) < 0) {
		sclog_policy_free(a);
		return fail(&err);
	}
	/* Compare on every architecture either covers. */
	both = sclog_policy_new(&none);
	if (!both || sclog_policy_merge(both, a) < 0 || sclog_policy_merge(both, b) < 0)
		goto oom;
	if (both->n_arches == 0 && (a->n_arches || b->n_arches))
		goto oom;
	n_arches = sclog_policy_arches(both, &arches);
	if (n_arches < 0)
		goto oom;
	if (opt.format == SCLOG_FORMAT_JSON) {
		root = json_object_new_object();
		per_arch = json_object_new_object();
	} else {
		printf("--- %s\n+++ %s\n", opt.a, opt.b);
	}
	if (!sclog_action_equal(&a->default_action, &b->default_action)) {
		char x[64], y[64];

		differ = 1;
		sclog_action_describe(&a->default_action, x, sizeof(x));
		sclog_action_describe(&b->default_action, y, sizeof(y));
		if (root) {
			json_object *d = json_object_new_object();

			json_object_object_add(d, "old", json_object_new_string(x));
			json_object_object_add(d, "new", json_object_new_string(y));
			json_object_object_add(root, "defaultAction", d);
		} else {
			printf("defaultAction: %s -> %s\n", x, y);
		}
	}
	for (long i = 0; i < n_arches; i++) {
		char **x = NULL, **y = NULL;
		long nx = sclog_policy_allowed_names(a, arches[i], &x);
		long ny = sclog_policy_allowed_names(b, arches[i], &y);
		const char *arch = sclog_arch_name(arches[i]);
		json_object *added = NULL, *removed = NULL;

		if (nx < 0 || ny < 0) {
			sclog_strv_free(x);
			sclog_strv_free(y);
			goto oom;
		}
		if (root) {
			added = json_object_new_array();
			removed = json_object_new_array();
		}
		/* Both lists are sorted: one merge pass. */
		for (long p = 0, q = 0; p < nx || q < ny;) {
			int c = p >= nx ? 1 : q >= ny ? -1 : strcmp(x[p], y[q]);

			if (c == 0) {
				p++, q++;
				continue;
			}
			differ = 1;
			if (root)
				json_object_array_add(c < 0 ? removed : added,
						      json_object_new_string(c < 0 ? x[p] : y[q]));
			else
				printf("%c %s %s\n", c < 0 ? '-' : '+', arch ? arch : "?",
				       c < 0 ? x[p] : y[q]);
			if (c < 0)
				p++;
			else
				q++;
		}
		if (root) {
			json_object *o = json_object_new_object();

			json_object_object_add(o, "added", added);
			json_object_object_add(o, "removed", removed);
			json_object_object_add(per_arch, arch ? arch : "?", o);
		}
		sclog_strv_free(x);
		sclog_strv_free(y);
	}
	if (root) {
		json_object_object_add(root, "architectures", per_arch);
		json_object_object_add(root, "differ", json_object_new_boolean(differ));
		printf("%s\n", json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
									  JSON_C_TO_STRING_SPACED |
									  JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(root);
	}
	sclog_policy_free(a);
	sclog_policy_free(b);
	sclog_policy_free(both);
	return differ;
oom:
	json_object_put(root);
	sclog_policy_free(a);
	sclog_policy_free(b);
	sclog_policy_free(both);
	return oom();
}
