// SPDX-License-Identifier: GPL-2.0-only
/* A security-profiles-operator SeccompProfile (YAML) of a policy. */
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sclog/basic/arch.h"
#include "sclog/basic/fileio.h"
#include "sclog/basic/macro.h"
#include "sclog/policy/export/export.h"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

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

/* YAML scalars written here are syscall, arch and action names: plain. */
int sclog_export_spo(const struct sclog_policy *p, const char *name, char **ret, char ***ret_notes,
		     struct sclog_error *err)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = sclog_memstream(&buf, &len);

	if (!f)
		return sclog_error_oom(err);
	/* The SeccompProfile spec has no defaultErrnoRet: runtimes then use
	 * EPERM, so only that errno can be the default. */
	if (p->default_action.kind == SCLOG_ACT_ERRNO && p->default_action.errno_ret != EPERM) {
		fclose(f);
		free(buf);
		return sclog_error_set(err, -EOPNOTSUPP,
				       "a SeccompProfile cannot carry a default "
				       "errno other than EPERM (this policy has %u)",
				       p->default_action.errno_ret);
	}
	fprintf(f,
		"apiVersion: security-profiles-operator.x-k8s.io/v1beta1\n"
		"kind: SeccompProfile\n"
		"metadata:\n"
		"  name: %s\n"
		"spec:\n"
		"  defaultAction: %s\n",
		name, sclog_action_oci_name(p->default_action.kind));
	if (p->n_arches) {
		fprintf(f, "  architectures:\n");
		for (size_t i = 0; i < p->n_arches; i++) {
			_cleanup_free_ char *a = sclog_arch_oci_name(p->arches[i]);

			fprintf(f, "  - %s\n", a ? a : "SCMP_ARCH_NATIVE");
		}
	}
	size_t named = 0;

	for (size_t i = 0; i < p->n_rules; i++)
		named += p->rules[i].n_names > 0;
	/* An empty list is "[]": a bare key would be null, which the CRD refuses. */
	fprintf(f, named ? "  syscalls:\n" : "  syscalls: []\n");
	for (size_t i = 0; i < p->n_rules; i++) {
		const struct sclog_rule *r = &p->rules[i];
		_cleanup_free_ char **names = malloc((r->n_names + 1) * sizeof(*names));

		if (!names || r->n_names == 0)
			continue;
		memcpy(names, r->names, r->n_names * sizeof(*names));
		if (!r->n_args)
			qsort(names, r->n_names, sizeof(*names), cmp_str);
		fprintf(f, "  - action: %s\n", sclog_action_oci_name(r->action.kind));
		if (r->action.kind == SCLOG_ACT_ERRNO)
			fprintf(f, "    errnoRet: %u\n", r->action.errno_ret);
		fprintf(f, "    names:\n");
		for (size_t k = 0; k < r->n_names; k++)
			fprintf(f, "    - %s\n", names[k]);
		if (r->n_args) {
			fprintf(f, "    args:\n");
			for (size_t k = 0; k < r->n_args; k++)
				fprintf(f,
					"    - index: %u\n      value: %llu\n      valueTwo: %llu\n"
					"      op: %s\n",
					r->args[k].index, (unsigned long long)r->args[k].value,
					(unsigned long long)r->args[k].value_two,
					sclog_cmp_oci_name(r->args[k].op));
		}
	}
	*ret_notes = NULL;
	return finish(f, &buf, ret) < 0 ? sclog_error_oom(err) : 0;
}
