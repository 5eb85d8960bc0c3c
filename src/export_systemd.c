// SPDX-License-Identifier: GPL-2.0-only
/* systemd unit settings (SystemCallFilter= …) of a policy. */
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sclog/arch.h"
#include "sclog/export.h"
#include "sclog/macro.h"

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
		if (arches[a] != seccomp_arch_native() && sclog_arch_systemd_name(arches[a]))
			fprintf(f, " %s", sclog_arch_systemd_name(arches[a]));
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
