// SPDX-License-Identifier: GPL-2.0-only
/* A minijail .policy file of a policy. */
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sclog/arch.h"
#include "sclog/export.h"
#include "sclog/macro.h"

/* Close a memstream: only then is *bufp final. */
static int finish(FILE *f, char **bufp, char **ret)
{
	if (fclose(f) != 0) {
		free(*bufp);
		return -ENOMEM;
	}
	*ret = *bufp;
	return 0;
}

/* One minijail condition, or NULL when minijail has no way to say it. */
static const char *minijail_op(int op)
{
	switch (op) {
	case SCMP_CMP_EQ:
		return "==";
	case SCMP_CMP_NE:
		return "!=";
	case SCMP_CMP_LT:
		return "<";
	case SCMP_CMP_LE:
		return "<=";
	case SCMP_CMP_GT:
		return ">";
	case SCMP_CMP_GE:
		return ">=";
	}
	return NULL;
}

int sclog_export_minijail(const struct sclog_policy *p, char **ret, size_t *ret_lossy,
			  struct sclog_error *err)
{
	uint32_t native = seccomp_arch_native();
	char *buf = NULL;
	size_t len = 0, lossy = 0;
	FILE *f;
	char **names = NULL;
	long n;

	n = sclog_policy_allowed_names(p, native, &names);
	if (n < 0)
		return sclog_error_set(err, -ENOMEM, "out of memory");
	f = open_memstream(&buf, &len);
	if (!f) {
		sclog_strv_free(names);
		return sclog_error_set(err, -ENOMEM, "out of memory");
	}
	fprintf(f, "# minijail seccomp policy for %s, exported by sclog.\n",
		sclog_arch_name(native) ? sclog_arch_name(native) : "the native architecture");
	/* The default action is minijail0's to choose, not the file's. */
	fprintf(f, "# Syscalls not listed are denied by minijail; the policy's own default\n"
		   "# action was %s", sclog_action_oci_name(p->default_action.kind));
	if (p->default_action.kind == SCLOG_ACT_ERRNO)
		fprintf(f, " (errno %u)", p->default_action.errno_ret);
	fprintf(f, ".\n");
	for (long i = 0; i < n; i++) {
		int conditional = 0, first = 1;

		sclog_policy_allows(p, native, names[i], &conditional);
		if (!conditional) {
			fprintf(f, "%s: 1\n", names[i]);
			continue;
		}
		/* Conditional only: OR of the rules, AND within a rule. */
		fprintf(f, "%s: ", names[i]);
		for (size_t r = 0; r < p->n_rules; r++) {
			const struct sclog_rule *rule = &p->rules[r];
			int named = 0, expressible = 1;

			for (size_t k = 0; k < rule->n_names; k++)
				named |= strcmp(rule->names[k], names[i]) == 0;
			if (!named || rule->n_args == 0 ||
			    (rule->action.kind != SCLOG_ACT_ALLOW && rule->action.kind != SCLOG_ACT_LOG))
				continue;
			for (size_t k = 0; k < rule->n_args; k++)
				expressible &= minijail_op(rule->args[k].op) != NULL;
			if (!expressible) {
				fprintf(f, "%s1", first ? "" : " || ");
				lossy++;
				first = 0;
				continue;
			}
			fprintf(f, "%s", first ? "" : " || ");
			for (size_t k = 0; k < rule->n_args; k++)
				fprintf(f, "%sarg%u %s %llu", k ? " && " : "", rule->args[k].index,
					minijail_op(rule->args[k].op),
					(unsigned long long)rule->args[k].value);
			first = 0;
		}
		fputc('\n', f);
	}
	for (size_t r = 0; r < p->n_rules; r++) {
		const struct sclog_rule *rule = &p->rules[r];

		if (rule->action.kind != SCLOG_ACT_ERRNO || rule->n_args)
			continue;
		for (size_t k = 0; k < rule->n_names; k++)
			if (seccomp_syscall_resolve_name_arch(native, rule->names[k]) != __NR_SCMP_ERROR)
				fprintf(f, "%s: return %u\n", rule->names[k], rule->action.errno_ret);
	}
	sclog_strv_free(names);
	*ret_lossy = lossy;
	return finish(f, &buf, ret) < 0 ? sclog_error_set(err, -ENOMEM, "out of memory") : 0;
}
