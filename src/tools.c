// SPDX-License-Identifier: GPL-2.0-only
/* The verbs that work on policy files only: merge, diff, export. */
#include <errno.h>
#include <json-c/json.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sclog/files.h"
#include "sclog/filter.h"
#include "sclog/formats.h"
#include "sclog/macro.h"
#include "sclog/options.h"
#include "sclog/outfile.h"
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

static int write_out(const char *path, const char *data, size_t len)
{
	struct sclog_outfile out = { .fd = -1 };
	struct sclog_error err = { 0 };
	int r = sclog_outfile_open(&out, path, &err);

	if (r == 0)
		r = sclog_outfile_commit(&out, data, len, &err);
	sclog_outfile_done(&out);
	return r < 0 ? fail(&err) : 0;
}

static int add_runtime(struct sclog_policy *p, const char *runtime)
{
	struct sclog_runtime_needs needs = { 0 };
	struct sclog_error err = { 0 };

	if (!runtime)
		return 0;
	if (sclog_load_runtime(runtime, &needs, &err) < 0)
		return fail(&err);
	for (size_t i = 0; i < needs.n_names; i++)
		if (sclog_policy_allow(p, needs.names[i]) < 0) {
			sclog_runtime_needs_done(&needs);
			return oom();
		}
	fprintf(stderr, "sclog: added %zu syscalls for %s\n", needs.n_names, needs.description);
	sclog_runtime_needs_done(&needs);
	return 0;
}

static int same_default(const struct sclog_action *a, const struct sclog_action *b)
{
	return a->kind == b->kind && (a->kind != SCLOG_ACT_ERRNO || a->errno_ret == b->errno_ret);
}

static const char *action_text(const struct sclog_action *a, char *buf, size_t size)
{
	if (a->kind == SCLOG_ACT_ERRNO)
		snprintf(buf, size, "SCMP_ACT_ERRNO(%u)", a->errno_ret);
	else
		snprintf(buf, size, "%s", sclog_action_oci_name(a->kind));
	return buf;
}

int sclog_verb_merge(int argc, char **argv)
{
	struct sclog_merge_options opt;
	struct sclog_error err = { 0 };
	struct sclog_policy *merged = NULL;
	_cleanup_free_ char *json = NULL;
	int rc;

	rc = sclog_merge_options_parse(argc, argv, &opt, &err);
	if (rc != 0)
		return sclog_options_finish(rc, &err, "merge", sclog_merge_usage);
	for (char **in = opt.inputs; *in; in++) {
		struct sclog_policy *p = NULL;
		char a[64], b[64];

		if (sclog_load_policy(*in, &p, &err) < 0) {
			sclog_policy_free(merged);
			return fail(&err);
		}
		if (!merged) {
			merged = p;
			continue;
		}
		if (!opt.has_default_action && !same_default(&merged->default_action, &p->default_action)) {
			fprintf(stderr, "sclog: %s has default action %s, %s has %s; choose one "
				"with --default-action\n", opt.inputs[0],
				action_text(&merged->default_action, a, sizeof(a)), *in,
				action_text(&p->default_action, b, sizeof(b)));
			sclog_policy_free(p);
			sclog_policy_free(merged);
			return SCLOG_EXIT_FAILURE;
		}
		rc = sclog_policy_merge(merged, p);
		sclog_policy_free(p);
		if (rc < 0) {
			sclog_policy_free(merged);
			return oom();
		}
	}
	if (opt.has_default_action)
		merged->default_action = opt.default_action;
	rc = add_runtime(merged, opt.runtime);
	if (rc == 0 && sclog_policy_to_oci(merged, &json) < 0)
		rc = oom();
	if (rc == 0)
		rc = write_out(opt.output, json, strlen(json));
	sclog_policy_free(merged);
	return rc;
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
	if (!same_default(&a->default_action, &b->default_action)) {
		char x[64], y[64];

		differ = 1;
		action_text(&a->default_action, x, sizeof(x));
		action_text(&b->default_action, y, sizeof(y));
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

int sclog_verb_export(int argc, char **argv)
{
	struct sclog_export_options opt;
	struct sclog_error err = { 0 };
	struct sclog_policy *p = NULL;
	_cleanup_free_ char *text = NULL, *name = NULL;
	size_t len = 0, lossy = 0;
	int rc;

	rc = sclog_export_options_parse(argc, argv, &opt, &err);
	if (rc != 0)
		return sclog_options_finish(rc, &err, "export", sclog_export_usage);
	if (sclog_load_policy(opt.input, &p, &err) < 0)
		return fail(&err);
	rc = add_runtime(p, opt.runtime);
	if (rc)
		goto out;
	if (strcmp(opt.format, "bpf") == 0) {
		struct sclog_bpf *bpf = malloc(sizeof(*bpf));

		if (strcmp(opt.output, "-") == 0 && isatty(STDOUT_FILENO)) {
			free(bpf);
			fprintf(stderr, "sclog: not writing binary BPF to a terminal; use -o FILE\n");
			rc = SCLOG_EXIT_FAILURE;
			goto out;
		}
		if (!bpf || sclog_filter_build_enforce(p, bpf, &err) < 0) {
			rc = bpf ? fail(&err) : oom();
			free(bpf);
			goto out;
		}
		len = bpf->len * sizeof(bpf->insns[0]);
		text = malloc(len);
		if (text)
			memcpy(text, bpf->insns, len);
		free(bpf);
		if (!text) {
			rc = oom();
			goto out;
		}
	} else {
		if (strcmp(opt.format, "oci") == 0)
			rc = sclog_policy_to_oci(p, &text);
		else if (strcmp(opt.format, "docker") == 0)
			rc = sclog_policy_to_docker(p, &text);
		else if (strcmp(opt.format, "spo") == 0) {
			/* Default object name: the file's, without extension. */
			_cleanup_free_ char *copy = strdup(opt.input);
			char *dot;

			name = strdup(opt.name ? opt.name : copy ? basename(copy) : "sclog");
			if (name && !opt.name && (dot = strrchr(name, '.')))
				*dot = '\0';
			for (char *c = name; c && *c; c++)
				if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
				      *c == '-' || *c == '.'))
					*c = *c >= 'A' && *c <= 'Z' ? (char)(*c - 'A' + 'a') : '-';
			rc = name ? sclog_export_spo(p, name, &text, &lossy, &err) : -ENOMEM;
		} else if (strcmp(opt.format, "minijail") == 0)
			rc = sclog_export_minijail(p, &text, &lossy, &err);
		else
			rc = sclog_export_systemd(p, &text, &lossy, &err);
		if (rc < 0) {
			rc = err.code ? fail(&err) : oom();
			goto out;
		}
		len = strlen(text);
	}
	if (lossy)
		fprintf(stderr, "sclog: WARNING: %s cannot express %zu argument condition%s; those "
			"syscalls are allowed unconditionally in the export\n", opt.format, lossy,
			lossy == 1 ? "" : "s");
	rc = write_out(opt.output, text, len);
out:
	sclog_policy_free(p);
	return rc;
}
