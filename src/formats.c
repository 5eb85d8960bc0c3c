// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <json-c/json.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sclog/formats.h"
#include "sclog/macro.h"

static const char *const cmp_oci[] = {
	[SCMP_CMP_NE] = "SCMP_CMP_NE",	       [SCMP_CMP_LT] = "SCMP_CMP_LT",
	[SCMP_CMP_LE] = "SCMP_CMP_LE",	       [SCMP_CMP_EQ] = "SCMP_CMP_EQ",
	[SCMP_CMP_GE] = "SCMP_CMP_GE",	       [SCMP_CMP_GT] = "SCMP_CMP_GT",
	[SCMP_CMP_MASKED_EQ] = "SCMP_CMP_MASKED_EQ",
};

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
int sclog_export_spo(const struct sclog_policy *p, const char *name, char **ret,
		     size_t *ret_lossy, struct sclog_error *err)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return sclog_error_set(err, -ENOMEM, "out of memory");
	/* The SeccompProfile spec has no defaultErrnoRet: runtimes then use
	 * EPERM, so only that errno can be the default. */
	if (p->default_action.kind == SCLOG_ACT_ERRNO && p->default_action.errno_ret != EPERM) {
		fclose(f);
		free(buf);
		return sclog_error_set(err, -EOPNOTSUPP, "a SeccompProfile cannot carry a default "
				       "errno other than EPERM (this policy has %u)",
				       p->default_action.errno_ret);
	}
	fprintf(f, "apiVersion: security-profiles-operator.x-k8s.io/v1beta1\n"
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
	fprintf(f, "  syscalls:\n");
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
			fprintf(f, "    errnoRet: \"%u\"\n", r->action.errno_ret);
		fprintf(f, "    names:\n");
		for (size_t k = 0; k < r->n_names; k++)
			fprintf(f, "    - %s\n", names[k]);
		if (r->n_args) {
			fprintf(f, "    args:\n");
			for (size_t k = 0; k < r->n_args; k++)
				fprintf(f, "    - index: %u\n      value: %llu\n      valueTwo: %llu\n"
					   "      op: %s\n",
					r->args[k].index, (unsigned long long)r->args[k].value,
					(unsigned long long)r->args[k].value_two,
					cmp_oci[r->args[k].op]);
		}
	}
	*ret_lossy = 0;
	return finish(f, &buf, ret) < 0 ? sclog_error_set(err, -ENOMEM, "out of memory") : 0;
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

static const char *systemd_arch(uint32_t arch)
{
	static const struct {
		const char *seccomp, *systemd;
	} map[] = {
		{ "x86_64", "x86-64" },	     { "x86", "x86" },
		{ "x32", "x32" },	     { "aarch64", "arm64" },
		{ "arm", "arm" },	     { "ppc64le", "ppc64-le" },
		{ "ppc64", "ppc64" },	     { "ppc", "ppc" },
		{ "s390x", "s390x" },	     { "s390", "s390" },
		{ "riscv64", "riscv64" },    { "mips", "mips" },
		{ "mipsel", "mips-le" },     { "mips64", "mips64" },
		{ "mipsel64", "mips64-le" }, { "mips64n32", "mips64-n32" },
		{ "mipsel64n32", "mips64-le-n32" }, { "parisc", "parisc" },
		{ "parisc64", "parisc64" },
	};
	const char *name = sclog_arch_name(arch);

	for (size_t i = 0; name && i < ELEMENTSOF(map); i++)
		if (strcmp(map[i].seccomp, name) == 0)
			return map[i].systemd;
	return NULL;
}

int sclog_export_systemd(const struct sclog_policy *p, char **ret, size_t *ret_lossy,
			 struct sclog_error *err)
{
	enum sclog_action_kind def = p->default_action.kind;
	_cleanup_free_ uint32_t *arches = NULL;
	char *buf = NULL, **all = NULL;
	size_t len = 0, n_all = 0, lossy = 0;
	long n_arches;
	FILE *f;

	if (def == SCLOG_ACT_TRAP || def == SCLOG_ACT_ALLOW)
		return sclog_error_set(err, -EOPNOTSUPP, "systemd cannot express the default "
				       "action %s; use errno, kill-process or log",
				       sclog_action_oci_name(def));
	n_arches = sclog_policy_arches(p, &arches);
	if (n_arches < 0)
		return sclog_error_set(err, -ENOMEM, "out of memory");
	/* The names allowed on any listed architecture; systemd applies one
	 * list to all of them. */
	for (long a = 0; a < n_arches; a++) {
		char **names = NULL;
		long n = sclog_policy_allowed_names(p, arches[a], &names);
		char **v;

		if (n < 0 || !(v = realloc(all, (n_all + (size_t)n + 1) * sizeof(*v)))) {
			sclog_strv_free(names);
			for (size_t i = 0; i < n_all; i++)
				free(all[i]);
			free(all);
			return sclog_error_set(err, -ENOMEM, "out of memory");
		}
		all = v;
		for (long i = 0; i < n; i++)
			all[n_all++] = names[i];
		free(names);
	}
	if (all)
		qsort(all, n_all, sizeof(*all), cmp_str);
	for (size_t i = 0; i < n_all; i++) {
		int conditional = 0;

		if (i > 0 && strcmp(all[i], all[i - 1]) == 0)
			continue;
		for (long a = 0; a < n_arches && !conditional; a++)
			sclog_policy_allows(p, arches[a], all[i], &conditional);
		lossy += conditional;
	}
	f = open_memstream(&buf, &len);
	if (!f)
		return sclog_error_set(err, -ENOMEM, "out of memory");
	fprintf(f, "# systemd unit settings exported by sclog; put them in [Service].\n");
	/* Native first, as systemd's own documentation writes it. */
	fprintf(f, "SystemCallArchitectures=native");
	for (long a = 0; a < n_arches; a++)
		if (arches[a] != seccomp_arch_native() && systemd_arch(arches[a]))
			fprintf(f, " %s", systemd_arch(arches[a]));
	fputc('\n', f);
	/* A LOG default logs everything not listed and denies nothing. */
	fprintf(f, def == SCLOG_ACT_LOG ? "SystemCallLog=~" : "SystemCallFilter=");
	for (size_t i = 0; i < n_all; i++) {
		if (i == 0 || strcmp(all[i], all[i - 1]) != 0)
			fprintf(f, "%s%s", i ? " " : "", all[i]);
	}
	fputc('\n', f);
	if (def == SCLOG_ACT_ERRNO) {
		const char *e = strerrorname_np((int)p->default_action.errno_ret);

		if (e)
			fprintf(f, "SystemCallErrorNumber=%s\n", e);
		else
			fprintf(f, "SystemCallErrorNumber=%u\n", p->default_action.errno_ret);
	} else if (def == SCLOG_ACT_KILL_THREAD) {
		fprintf(f, "# systemd kills the whole process where the policy kills the thread.\n");
	}
	for (size_t i = 0; i < n_all; i++)
		free(all[i]);
	free(all);
	*ret_lossy = lossy;
	return finish(f, &buf, ret) < 0 ? sclog_error_set(err, -ENOMEM, "out of memory") : 0;
}

int sclog_check_findings(const struct sclog_profile *p, const char *policy,
			 enum sclog_format format, int complete, char **ret)
{
	const struct sclog_syscall **v = NULL;
	long n = sclog_profile_sorted(p, &v);
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	if (n < 0 || !(f = open_memstream(&buf, &len))) {
		free(v);
		return -ENOMEM;
	}
	if (format == SCLOG_FORMAT_JSON) {
		json_object *root = json_object_new_object(), *list = json_object_new_array();

		for (long i = 0; i < n; i++) {
			json_object *e = json_object_new_object();
			_cleanup_free_ char *name = sclog_syscall_name(v[i]->arch, v[i]->nr);
			const char *arch = sclog_arch_name(sclog_arch_of(v[i]->arch, v[i]->nr));

			json_object_object_add(e, "name", name ? json_object_new_string(name) : NULL);
			json_object_object_add(e, "arch", arch ? json_object_new_string(arch) : NULL);
			json_object_object_add(e, "nr", json_object_new_int64(v[i]->nr));
			json_object_object_add(e, "count", json_object_new_uint64(v[i]->count));
			json_object_object_add(e, "first_pid", json_object_new_int(v[i]->first_pid));
			if (v[i]->exe && sclog_utf8_valid(v[i]->exe, v[i]->exe_len))
				json_object_object_add(e, "exe", json_object_new_string_len(
									  v[i]->exe, (int)v[i]->exe_len));
			json_object_array_add(list, e);
		}
		json_object_object_add(root, "policy", json_object_new_string(policy));
		json_object_object_add(root, "violations", list);
		json_object_object_add(root, "complete", json_object_new_boolean(complete));
		fprintf(f, "%s\n", json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
									 JSON_C_TO_STRING_SPACED |
									 JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(root);
	} else {
		if (format == SCLOG_FORMAT_TEXT && n)
			fprintf(f, "sclog check: %ld syscall%s outside %s:\n", n, n == 1 ? "" : "s",
				policy);
		else if (format == SCLOG_FORMAT_TEXT)
			fprintf(f, "sclog check: no syscall outside %s\n", policy);
		for (long i = 0; i < n; i++) {
			_cleanup_free_ char *name = sclog_syscall_name(v[i]->arch, v[i]->nr);
			const char *arch = sclog_arch_name(sclog_arch_of(v[i]->arch, v[i]->nr));
			char exe[256];

			/* Annotations are one line: escape the exe's control bytes. */
			snprintf(exe, sizeof(exe), "%.*s", v[i]->exe ? (int)v[i]->exe_len : 1,
				 v[i]->exe ? v[i]->exe : "?");
			for (char *c = exe; *c; c++)
				if ((unsigned char)*c < 0x20 || *c == '%')
					*c = '?';
			if (format == SCLOG_FORMAT_GITHUB)
				fprintf(f, "::error title=seccomp violation::%s (%s) is not allowed "
					   "by %s: %llu calls, first by pid %d (%s)\n",
					name ? name : "?", arch ? arch : "?", policy,
					(unsigned long long)v[i]->count, v[i]->first_pid, exe);
			else
				fprintf(f, "  %-20s %-8s %8llu calls, first by pid %d (%s)\n",
					name ? name : "?", arch ? arch : "?",
					(unsigned long long)v[i]->count, v[i]->first_pid, exe);
		}
	}
	free(v);
	if (fclose(f) != 0) {
		free(buf);
		return -ENOMEM;
	}
	*ret = buf;
	return (int)n;
}
