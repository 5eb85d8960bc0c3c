// SPDX-License-Identifier: GPL-2.0-only
/* `sclog merge`: the union of policies. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sclog/basic/arch.h"
#include "sclog/basic/macro.h"
#include "sclog/basic/quote.h"
#include "sclog/cli/options.h"
#include "sclog/cli/verbs.h"
#include "sclog/policy/compose.h"
#include "sclog/policy/data.h"
#include "sclog/policy/export/export.h"
#include "sclog/policy/multiarch.h"

static const struct sclog_option merge_options[] = {
	{ "output", 'o', "FILE", "output file (default: stdout)", SCLOG_OPT_OUTPUT },
	{ "default-action", 0, "ACT",
	  "the merged default action; required when the inputs disagree",
	  SCLOG_OPT_DEFAULT_ACTION },
	{ "for", 0, "RUNTIME", "add what the runtime itself needs", SCLOG_OPT_FOR },
	{ "no-enosys", 0, NULL, "no ENOSYS rules for the fallback syscalls", SCLOG_OPT_NO_ENOSYS },
	{},
};

static int apply(void *opts, int id, const char *arg, struct sclog_error *err)
{
	struct sclog_merge_options *o = opts;

	switch (id) {
	case SCLOG_OPT_OUTPUT:
		o->output = arg;
		return 0;
	case SCLOG_OPT_DEFAULT_ACTION:
		o->has_default_action = 1;
		return sclog_options_parse_action(arg, &o->default_action, err);
	case SCLOG_OPT_FOR:
		o->runtime = arg;
		return 0;
	}
	o->no_enosys = 1;
	return 0;
}

const struct sclog_cli sclog_merge_cli = {
	.verb = "merge",
	.usage = "Usage: sclog merge [OPTIONS] POLICY...\n"
		 "\n"
		 "Write the union of the POLICYs' allowlists, per architecture.\n"
		 "\n",
	.groups = { merge_options, sclog_options_help },
	.apply = apply,
};

int sclog_merge_options_parse(int argc, char **argv, struct sclog_merge_options *ret,
			      struct sclog_error *err)
{
	struct sclog_merge_options o = { .output = "-" };
	int first, rc;

	rc = sclog_options_parse(&sclog_merge_cli, argc, argv, &o, &first, err);
	if (rc == 0 && first >= argc)
		rc = sclog_error_set(err, -EINVAL,
				     "no policy given: sclog merge POLICY... "
				     "[-o OUT]");
	if (rc == 0)
		o.inputs = argv + first;
	if (rc >= 0)
		*ret = o;
	return rc;
}

/* ENOSYS for the fallback syscalls the policy does not allow, and say so. */
static int add_enosys(struct sclog_policy *p, char *const *names)
{
	char **added = NULL;
	long n;

	n = sclog_policy_add_enosys(p, names, &added);
	if (n < 0)
		return sclog_verb_oom();
	if (n) {
		fprintf(stderr,
			"sclog: %ld newer syscall%s return ENOSYS so that C libraries fall "
			"back (--no-enosys):",
			n, n == 1 ? "" : "s");
		for (char **a = added; *a; a++)
			fprintf(stderr, " %s", *a);
		fputc('\n', stderr);
	}
	sclog_strv_free(added);
	return 0;
}

/*
 * Inputs of several architecture families: OCI cannot scope a name, so each
 * family gets the union.  Say so, and what each family gains that its own
 * inputs did not allow.
 */
static int report_families(const struct sclog_multiarch_inputs *m,
			   const struct sclog_policy *merged)
{
	struct sclog_arch_family fam[SCLOG_MULTIARCH_MAX];
	long n = sclog_multiarch_families(merged, fam);

	if (n < 0)
		return sclog_verb_oom();
	if (n < 2)
		return 0;
	fprintf(stderr, "sclog: the policies cover %ld architecture families (", n);
	for (long f = 0; f < n; f++)
		fprintf(stderr, "%s%s", f ? ", " : "", sclog_arch_name(fam[f].native));
	fprintf(stderr, "); OCI cannot give a name to one architecture only, so each allows the "
			"names of all (sclog export -f docker scopes the names only one has)\n");
	for (long f = 0; f < n; f++) {
		char **gains = NULL;
		long k = sclog_multiarch_gains(m, merged, fam[f].native, &gains);

		if (k < 0)
			return sclog_verb_oom();
		fprintf(stderr, "sclog: %s gains %ld call%s its own policies did not allow%s",
			sclog_arch_name(fam[f].native), k, k == 1 ? "" : "s", k ? ":" : "");
		for (char **g = gains; *g; g++)
			fprintf(stderr, " %s", *g);
		fputc('\n', stderr);
		sclog_strv_free(gains);
	}
	return 0;
}

/* Merge @p (from @path) into @merged: 0, or the exit status after saying why. */
static int merge_into(struct sclog_policy *merged, const struct sclog_policy *p,
		      const struct sclog_merge_options *opt, const char *path)
{
	struct sclog_conflict conflict;
	char a[64], b[64];
	int rc;

	if (!opt->has_default_action &&
	    !sclog_action_equal(&merged->default_action, &p->default_action)) {
		fprintf(stderr,
			"sclog: %s has default action %s, %s has %s; choose one "
			"with --default-action\n",
			sclog_quoted_path(opt->inputs[0]),
			sclog_action_describe(&merged->default_action, a, sizeof(a)),
			sclog_quoted_path(path),
			sclog_action_describe(&p->default_action, b, sizeof(b)));
		return SCLOG_EXIT_FAILURE;
	}
	rc = sclog_policy_merge(merged, p, &conflict);
	if (rc == -EEXIST) {
		fprintf(stderr,
			"sclog: %s gives %s %s but an earlier input gives it %s; a "
			"syscall must have one action: remove it from one policy\n",
			sclog_quoted_path(path), sclog_quoted(conflict.name),
			sclog_action_describe(&conflict.added, a, sizeof(a)),
			sclog_action_describe(&conflict.existing, b, sizeof(b)));
		return SCLOG_EXIT_FAILURE;
	}
	return rc < 0 ? sclog_verb_oom() : 0;
}

int sclog_verb_merge(int argc, char **argv)
{
	struct sclog_merge_options opt;
	struct sclog_error err = { 0 };
	struct sclog_policy *merged = NULL;
	struct sclog_multiarch_inputs *inputs = NULL;
	_cleanup_(sclog_strv_freep) char **fallbacks = NULL;
	int rc;

	rc = sclog_merge_options_parse(argc, argv, &opt, &err);
	if (rc != 0)
		return sclog_options_finish(rc, &err, &sclog_merge_cli);
	if (!opt.no_enosys && sclog_load_fallbacks(&fallbacks, &err) < 0)
		return sclog_verb_fail(&err);
	for (char **in = opt.inputs; *in; in++) {
		struct sclog_policy *p = NULL;

		if (sclog_load_policy(*in, &p, &err) < 0) {
			sclog_policy_free(merged);
			sclog_multiarch_inputs_free(inputs);
			return sclog_verb_fail(&err);
		}
		/* Each input's ENOSYS stubs are made anew for the union below:
		 * a stub must not conflict with an input that makes the call. */
		sclog_policy_drop_enosys(p, fallbacks);
		if (sclog_multiarch_note(&inputs, p) < 0) {
			sclog_policy_free(p);
			sclog_policy_free(merged);
			sclog_multiarch_inputs_free(inputs);
			return sclog_verb_oom();
		}
		if (!merged) {
			merged = p;
			continue;
		}
		rc = merge_into(merged, p, &opt, *in);
		sclog_policy_free(p);
		if (rc) {
			sclog_policy_free(merged);
			sclog_multiarch_inputs_free(inputs);
			return rc;
		}
	}
	if (opt.has_default_action)
		merged->default_action = opt.default_action;
	/* Before --for and ENOSYS: what the inputs' union gives each family. */
	rc = report_families(inputs, merged);
	inputs = sclog_multiarch_inputs_free(inputs);
	if (rc == 0)
		rc = sclog_verb_add_runtime(merged, opt.runtime);
	if (rc == 0 && !opt.no_enosys)
		rc = add_enosys(merged, fallbacks);
	if (rc == 0) {
		struct sclog_error werr = { 0 };

		if (sclog_write_policy(opt.output, sclog_export_oci_write, merged, &werr) < 0)
			rc = sclog_verb_fail(&werr);
	}
	sclog_policy_free(merged);
	return rc;
}
