// SPDX-License-Identifier: GPL-2.0-only
/*
 * A minijail .policy file of a policy, for the native architecture, in the
 * grammar of minijail0(5): "name: 1", "name: return ERRNO", or an
 * expression of "argN OP VALUE" atoms joined by && (binding tighter) and ||.
 * minijail kills what the file does not list.
 */
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sclog/basic/arch.h"
#include "sclog/basic/fileio.h"
#include "sclog/basic/macro.h"
#include "sclog/basic/notes.h"
#include "sclog/policy/export/export.h"

/* One condition in minijail's words, or 0 when minijail cannot say it. */
static int minijail_atom(const struct sclog_arg *a, char *buf, size_t size)
{
	static const struct {
		int op;
		const char *text;
	} ops[] = {
		{ SCMP_CMP_EQ, "==" }, { SCMP_CMP_NE, "!=" }, { SCMP_CMP_LT, "<" },
		{ SCMP_CMP_LE, "<=" }, { SCMP_CMP_GT, ">" },  { SCMP_CMP_GE, ">=" },
	};

	for (size_t i = 0; i < ELEMENTSOF(ops); i++)
		if (ops[i].op == a->op) {
			snprintf(buf, size, "arg%u %s %llu", a->index, ops[i].text,
				 (unsigned long long)a->value);
			return 1;
		}
	if (a->op != SCMP_CMP_MASKED_EQ)
		return 0;
	/* (arg & mask) == mask for a one-bit mask is "arg & mask";
	 * (arg & mask) == 0 is "arg in ~mask" (no bit outside ~mask). */
	if (a->value_two == a->value && a->value && !(a->value & (a->value - 1))) {
		snprintf(buf, size, "arg%u & 0x%llx", a->index, (unsigned long long)a->value);
		return 1;
	}
	if (a->value_two == 0) {
		snprintf(buf, size, "arg%u in 0x%llx", a->index, (unsigned long long)~a->value);
		return 1;
	}
	return 0;
}

static int rule_expressible(const struct sclog_rule *r)
{
	char atom[96];

	for (size_t k = 0; k < r->n_args; k++)
		if (!minijail_atom(&r->args[k], atom, sizeof(atom)))
			return 0;
	return 1;
}

/* The AND of a rule's conditions, all expressible. */
static void rule_expression(const struct sclog_rule *r, FILE *f)
{
	char atom[96];

	for (size_t k = 0; k < r->n_args; k++) {
		minijail_atom(&r->args[k], atom, sizeof(atom));
		fprintf(f, "%s%s", k ? " && " : "", atom);
	}
}

static void describe_rule(const struct sclog_rule *r, char *buf, size_t size)
{
	size_t n = 0;

	for (size_t k = 0; k < r->n_args && n < size; k++)
		n += (size_t)snprintf(buf + n, size - n, "%sarg%u %s %llu/%llu", k ? ", " : "",
				      r->args[k].index, sclog_cmp_oci_name(r->args[k].op),
				      (unsigned long long)r->args[k].value,
				      (unsigned long long)r->args[k].value_two);
}

/*
 * The conditional rules of @name as one minijail line: OR of the rules,
 * AND within a rule; what minijail cannot say is left out (and noted), so
 * the export never allows more.
 */
static void write_rules(FILE *f, const struct sclog_policy *p, const char *name,
			const uint32_t *rules, long n_rules, struct sclog_notes *notes)
{
	char what[512];
	int first = 1;

	for (long r = 0; r < n_rules; r++) {
		const struct sclog_rule *rule = &p->rules[rules[r]];

		if (rule_expressible(rule)) {
			fprintf(f, "%s", first ? "" : " || ");
			if (first)
				fprintf(f, "%s: ", name);
			rule_expression(rule, f);
			first = 0;
			continue;
		}
		describe_rule(rule, what, sizeof(what));
		sclog_notes_add(notes,
				"%s: minijail cannot express the conditions (%s) of rule %zu; left "
				"out, so those calls are killed",
				name, what, (size_t)rules[r]);
	}
	if (!first)
		fputc('\n', f);
}

int sclog_export_minijail(const struct sclog_policy *p, char **ret, char ***ret_notes,
			  struct sclog_error *err)
{
	uint32_t native = seccomp_arch_native();
	_cleanup_(sclog_strv_freep) char **names = NULL;
	char *buf = NULL, act[64];
	struct sclog_notes notes = { 0 };
	size_t len = 0;
	FILE *f;
	long n;

	if (sclog_action_permits(&p->default_action))
		return sclog_error_set(err, -EOPNOTSUPP,
				       "minijail policy files are allow-lists "
				       "(minijail kills what they do not list); this policy's "
				       "default action %s lets calls run",
				       sclog_action_oci_name(p->default_action.kind));
	n = sclog_policy_names(p, &names);
	if (n < 0 || !(f = sclog_memstream(&buf, &len)))
		return sclog_error_oom(err);
	fprintf(f, "# minijail seccomp policy for %s, exported by sclog.\n",
		sclog_arch_name(native) ? sclog_arch_name(native) : "the native architecture");
	/* The default action is minijail0's to choose, not the file's. */
	fprintf(f,
		"# Syscalls not listed are killed by minijail; the policy's own default\n"
		"# action was %s.\n",
		sclog_action_describe(&p->default_action, act, sizeof(act)));
	for (long i = 0; i < n; i++) {
		const uint32_t *rules;
		long n_rules = sclog_policy_rules_of(p, names[i], &rules);
		struct sclog_action a;
		int conditional = sclog_policy_eval(p, native, names[i], NULL, &a);

		if (!sclog_syscall_on_arch(native, names[i]))
			continue;
		if (!conditional) {
			if (sclog_action_permits(&a))
				fprintf(f, "%s: 1\n", names[i]);
			else if (a.kind == SCLOG_ACT_ERRNO)
				fprintf(f, "%s: return %u\n", names[i], a.errno_ret);
			else if (a.kind == SCLOG_ACT_TRAP)
				sclog_notes_add(&notes,
						"%s: minijail cannot trap; it kills instead",
						names[i]);
			continue;
		}
		if (!sclog_action_permits(&a)) {
			/* "expr; return E" returns E when expr is false: the
			 * opposite of a conditional ERRNO rule. */
			sclog_notes_add(&notes,
					"%s: minijail cannot express %s on conditions; left "
					"out (killed)",
					names[i], sclog_action_describe(&a, act, sizeof(act)));
			continue;
		}
		write_rules(f, p, names[i], rules, n_rules, &notes);
	}
	if (fclose(f) != 0 || sclog_notes_finish(&notes, ret_notes) < 0) {
		free(buf);
		return sclog_error_oom(err);
	}
	*ret = buf;
	return 0;
}
