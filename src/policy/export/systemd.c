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
#include "sclog/basic/fileio.h"
#include "sclog/basic/macro.h"
#include "sclog/basic/notes.h"
#include "sclog/policy/export/export.h"

static void errno_name(uint32_t e, char *buf, size_t size)
{
	const char *name = strerrorname_np((int)e);

	if (name)
		snprintf(buf, size, "%s", name);
	else
		snprintf(buf, size, "%u", e);
}

/* The action @p takes for @name on any architecture that names it (one
 * action per name, so the first that does); @ret_conditional says whether
 * it depends on the arguments. */
static struct sclog_action name_action(const struct sclog_policy *p, const uint32_t *arches,
				       long n_arches, const char *name, int *ret_conditional)
{
	struct sclog_action a = p->default_action;
	int conditional = 0;

	for (long k = 0; k < n_arches; k++) {
		conditional = sclog_policy_eval(p, arches[k], name, NULL, &a);
		if (conditional || !sclog_action_equal(&a, &p->default_action))
			break;
	}
	*ret_conditional = conditional;
	return a;
}

/*
 * The list of SystemCallFilter=: the names of @names (@n) that the policy
 * puts on the other side of its default (denied in an allow-list, allowed
 * in a deny-list, with their errno), and a note for what systemd cannot
 * say.  Returns how many are listed and the text in @ret_list (the caller
 * frees), or -ENOMEM.
 */
static long filter_list(const struct sclog_policy *p, char **names, long n, const uint32_t *arches,
			long n_arches, struct sclog_notes *notes, char **ret_list)
{
	const struct sclog_action *def = &p->default_action;
	int deny_list = sclog_action_permits(def);
	char *list = NULL, act[64], e[32];
	size_t list_len = 0;
	FILE *l = sclog_memstream(&list, &list_len);
	long listed = 0;

	if (!l)
		return -ENOMEM;
	for (long i = 0; i < n; i++) {
		int conditional;
		struct sclog_action a = name_action(p, arches, n_arches, names[i], &conditional);

		if (sclog_action_equal(&a, def) ||
		    sclog_action_permits(&a) == sclog_action_permits(def))
			continue;
		if (conditional)
			sclog_notes_add(notes,
					"%s: systemd has no argument conditions; %s "
					"applies to every call",
					names[i], sclog_action_describe(&a, act, sizeof(act)));
		fprintf(l, "%s%s", listed++ ? " " : "", names[i]);
		if (deny_list && a.kind == SCLOG_ACT_ERRNO) {
			errno_name(a.errno_ret, e, sizeof(e));
			fprintf(l, ":%s", e);
		} else if (a.kind == SCLOG_ACT_TRAP || a.kind == SCLOG_ACT_KILL_THREAD) {
			sclog_notes_add(notes, "%s: systemd kills the process instead of %s",
					names[i], sclog_action_describe(&a, act, sizeof(act)));
		} else if (!deny_list && a.kind == SCLOG_ACT_LOG) {
			sclog_notes_add(notes,
					"%s: allowed without logging (systemd logs "
					"only in SystemCallLog= of its own)",
					names[i]);
		}
	}
	if (fclose(l) != 0) {
		free(list);
		return -ENOMEM;
	}
	*ret_list = list;
	return listed;
}

/* What the default action @def becomes, beside the filter; @names (@n) are
 * every name the rules name. */
static void write_default(FILE *f, const struct sclog_action *def, char **names, long n,
			  struct sclog_notes *notes)
{
	char e[32];

	if (def->kind == SCLOG_ACT_ERRNO) {
		errno_name(def->errno_ret, e, sizeof(e));
		fprintf(f, "SystemCallErrorNumber=%s\n", e);
	} else if (def->kind == SCLOG_ACT_KILL_THREAD) {
		sclog_notes_add(notes, "systemd kills the whole process where the policy "
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
}

/* Deny rules whose action differs from the default in an allow-list are
 * just absent: systemd gives them the default. */
static void note_absent_rules(const struct sclog_policy *p, struct sclog_notes *notes)
{
	const struct sclog_action *def = &p->default_action;
	char act[64];

	for (size_t r = 0; r < p->n_rules; r++) {
		const struct sclog_rule *rule = &p->rules[r];

		if (!rule->n_names || sclog_action_permits(&rule->action) ||
		    sclog_action_equal(&rule->action, def))
			continue;
		sclog_notes_add(notes,
				"rule %zu (%s, %s%s): systemd gives these the default "
				"action %s",
				r, sclog_action_describe(&rule->action, act, sizeof(act)),
				rule->names[0], rule->n_names > 1 ? ", …" : "",
				sclog_action_oci_name(def->kind));
	}
}

/* Free what @notes holds, unread. */
static void notes_drop(struct sclog_notes *notes)
{
	char **v = NULL;

	sclog_notes_finish(notes, &v);
	sclog_strv_free(v);
}

int sclog_export_systemd(const struct sclog_policy *p, char **ret, char ***ret_notes,
			 struct sclog_error *err)
{
	const struct sclog_action *def = &p->default_action;
	int deny_list = sclog_action_permits(def);
	_cleanup_free_ uint32_t *arches = NULL;
	_cleanup_free_ char *list = NULL;
	char *buf = NULL, **names = NULL;
	struct sclog_notes notes = { 0 };
	size_t len = 0;
	long n_arches, n, listed;
	FILE *f;

	if (def->kind == SCLOG_ACT_TRAP)
		return sclog_error_set(err, -EOPNOTSUPP,
				       "systemd cannot express the default "
				       "action SCMP_ACT_TRAP; use errno, kill-process or log");
	n_arches = sclog_policy_arches(p, &arches);
	n = sclog_policy_names(p, &names);
	if (n_arches < 0 || n < 0 || !(f = sclog_memstream(&buf, &len))) {
		sclog_strv_free(names);
		return sclog_error_oom(err);
	}
	fprintf(f, "# systemd unit settings exported by sclog; put them in [Service].\n");
	/* Native first, as systemd's own documentation writes it. */
	fprintf(f, "SystemCallArchitectures=native");
	for (long a = 0; a < n_arches; a++)
		if (arches[a] != seccomp_arch_native() && sclog_arch_systemd_name(arches[a]))
			fprintf(f, " %s", sclog_arch_systemd_name(arches[a]));
	fputc('\n', f);
	listed = filter_list(p, names, n, arches, n_arches, &notes, &list);
	/* An empty SystemCallFilter= would remove the filter altogether. */
	if (listed == 0 && !deny_list) {
		fclose(f);
		free(buf);
		sclog_strv_free(names);
		notes_drop(&notes);
		return sclog_error_set(
			err, -EOPNOTSUPP,
			"this policy allows no syscall, and an "
			"empty SystemCallFilter= would remove systemd's filter instead");
	}
	if (listed > 0)
		fprintf(f, "SystemCallFilter=%s%s\n", deny_list ? "~" : "", list);
	write_default(f, def, names, n, &notes);
	if (!deny_list)
		note_absent_rules(p, &notes);
	sclog_strv_free(names);
	if (fclose(f) != 0 || listed < 0) {
		free(buf);
		notes_drop(&notes);
		return sclog_error_oom(err);
	}
	if (sclog_notes_finish(&notes, ret_notes) < 0) {
		free(buf);
		return sclog_error_oom(err);
	}
	*ret = buf;
	return 0;
}
