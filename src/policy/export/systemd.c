// SPDX-License-Identifier: GPL-2.0-only
/*
 * systemd unit settings of a policy (systemd.exec(5)): SystemCallFilter=
 * as an allow-list (default action denies) or a "~" deny-list (default
 * lets calls run), SystemCallErrorNumber=, SystemCallLog=,
 * SystemCallArchitectures=.  systemd has one list for every architecture
 * and no argument conditions.
 */
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sclog/basic/arch.h"
#include "sclog/policy/export/export.h"
#include "sclog/basic/fileio.h"
#include "sclog/basic/macro.h"
#include "sclog/basic/notes.h"

static void errno_name(uint32_t e, char *buf, size_t size)
{
	const char *name = strerrorname_np((int)e);

	if (name)
		snprintf(buf, size, "%s", name);
	else
		snprintf(buf, size, "%u", e);
}

int sclog_export_systemd(const struct sclog_policy *p, char **ret, char ***ret_notes,
			 struct sclog_error *err)
{
	const struct sclog_action *def = &p->default_action;
	int deny_list = sclog_action_permits(def), oom = 0;
	_cleanup_free_ uint32_t *arches = NULL;
	char *buf = NULL, **names = NULL, act[64], e[32];
	struct sclog_notes notes = { 0 };
	size_t len = 0;
	long n_arches, n;
	FILE *f;

	if (def->kind == SCLOG_ACT_TRAP)
		return sclog_error_set(err, -EOPNOTSUPP, "systemd cannot express the default "
				       "action SCMP_ACT_TRAP; use errno, kill-process or log");
	n_arches = sclog_policy_arches(p, &arches);
	n = sclog_policy_names(p, &names);
	if (n_arches < 0 || n < 0 || !(f = sclog_memstream(&buf, &len))) {
		sclog_strv_free(names);
		return sclog_error_set(err, -ENOMEM, "out of memory");
	}
	fprintf(f, "# systemd unit settings exported by sclog; put them in [Service].\n");
	/* Native first, as systemd's own documentation writes it. */
	fprintf(f, "SystemCallArchitectures=native");
	for (long a = 0; a < n_arches; a++)
		if (arches[a] != seccomp_arch_native() && sclog_arch_systemd_name(arches[a]))
			fprintf(f, " %s", sclog_arch_systemd_name(arches[a]));
	fputc('\n', f);
	char *list = NULL;
	size_t list_len = 0;
	FILE *l = sclog_memstream(&list, &list_len);
	long listed = 0;

	if (!l)
		oom = 1;
	for (long i = 0; l && i < n; i++) {
		struct sclog_action a = *def;
		int conditional = 0;

		/* The action on any architecture that names it (one action
		 * per name, so the first that does). */
		for (long k = 0; k < n_arches; k++) {
			conditional = sclog_policy_eval(p, arches[k], names[i], NULL, &a);
			if (conditional || !sclog_action_equal(&a, def))
				break;
		}
		if (sclog_action_equal(&a, def) ||
		    sclog_action_permits(&a) == sclog_action_permits(def))
			continue;
		if (conditional)
			sclog_notes_add(&notes, "%s: systemd has no argument conditions; %s "
					"applies to every call", names[i],
					sclog_action_describe(&a, act, sizeof(act)));
		fprintf(l, "%s%s", listed++ ? " " : "", names[i]);
		if (deny_list && a.kind == SCLOG_ACT_ERRNO) {
			errno_name(a.errno_ret, e, sizeof(e));
			fprintf(l, ":%s", e);
		} else if (a.kind == SCLOG_ACT_TRAP || a.kind == SCLOG_ACT_KILL_THREAD) {
			sclog_notes_add(&notes, "%s: systemd kills the process instead of %s",
					names[i], sclog_action_describe(&a, act, sizeof(act)));
		} else if (!deny_list && a.kind == SCLOG_ACT_LOG) {
			sclog_notes_add(&notes, "%s: allowed without logging (systemd logs "
					"only in SystemCallLog= of its own)", names[i]);
		}
	}
	if (l && fclose(l) != 0)
		oom = 1;
	/* An empty SystemCallFilter= would remove the filter altogether. */
	if (!oom && !listed && !deny_list) {
		fclose(f);
		free(buf);
		free(list);
		sclog_strv_free(names);
		sclog_notes_finish(&notes, &names);
		sclog_strv_free(names);
		return sclog_error_set(err, -EOPNOTSUPP, "this policy allows no syscall, and an "
				       "empty SystemCallFilter= would remove systemd's filter instead");
	}
	if (listed)
		fprintf(f, "SystemCallFilter=%s%s\n", deny_list ? "~" : "", list);
	free(list);
	if (def->kind == SCLOG_ACT_ERRNO) {
		errno_name(def->errno_ret, e, sizeof(e));
		fprintf(f, "SystemCallErrorNumber=%s\n", e);
	} else if (def->kind == SCLOG_ACT_KILL_THREAD) {
		sclog_notes_add(&notes, "systemd kills the whole process where the policy "
				"kills the thread");
	} else if (def->kind == SCLOG_ACT_LOG) {
		/* Every call the rules do not name is logged. */
		if (n) {
			fprintf(f, "SystemCallLog=~");
			for (long i = 0; i < n; i++)
				fprintf(f, "%s%s", i ? " " : "", names[i]);
			fputc('\n', f);
		}
	}
	/* Deny rules whose action differs from the default in an allow-list
	 * are just absent: systemd gives them the default. */
	for (size_t r = 0; !deny_list && r < p->n_rules; r++) {
		const struct sclog_rule *rule = &p->rules[r];

		if (!rule->n_names || sclog_action_permits(&rule->action) ||
		    sclog_action_equal(&rule->action, def))
			continue;
		sclog_notes_add(&notes, "rule %zu (%s, %s%s): systemd gives these the default "
				"action %s", r, sclog_action_describe(&rule->action, act, sizeof(act)),
				rule->names[0], rule->n_names > 1 ? ", …" : "",
				sclog_action_oci_name(def->kind));
	}
	sclog_strv_free(names);
	if (fclose(f) != 0 || oom) {
		free(buf);
		sclog_notes_finish(&notes, &names);
		sclog_strv_free(names);
		return sclog_error_set(err, -ENOMEM, "out of memory");
	}
	if (sclog_notes_finish(&notes, ret_notes) < 0) {
		free(buf);
		return sclog_error_set(err, -ENOMEM, "out of memory");
	}
	*ret = buf;
	return 0;
}
