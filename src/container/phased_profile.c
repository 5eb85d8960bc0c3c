// SPDX-License-Identifier: GPL-2.0-only
/*
 * The profile of phased enforcement of a container (phased_profile.h): the
 * filter of sclog_filter_build_phased() as OCI JSON, for the runtime to
 * load and hand its listener to sclog.  Pure: returns a string.
 */
#include <errno.h>
#include <json-c/json.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>

#include "sclog/basic/json_format.h"
#include "sclog/basic/json_read.h"
#include "sclog/basic/macro.h"
#include "sclog/basic/strv.h"
#include "sclog/container/phased_profile.h"
#include "sclog/container/recording_profile.h"
#include "sclog/policy/export/export.h"

const char *const sclog_container_handover_calls[] = { "kill", "wait4", NULL };

static int listed(const char *const *v, const char *s)
{
	for (size_t i = 0; v && v[i]; i++)
		if (strcmp(v[i], s) == 0)
			return 1;
	return 0;
}

/*
 * Add @rule with @action to @m, without the names in @skip (the names are
 * copied by the policy).  Returns 0 or -errno.
 */
static int add_but(struct sclog_policy *m, const struct sclog_rule *rule,
		   const struct sclog_action *action, char *const *skip)
{
	_cleanup_free_ char **names = calloc(rule->n_names + 1, sizeof(*names));
	struct sclog_rule copy = *rule;

	if (!names)
		return -ENOMEM;
	copy.n_names = 0;
	copy.action = *action;
	for (size_t i = 0; i < rule->n_names; i++)
		if (!listed((const char *const *)skip, rule->names[i]))
			names[copy.n_names++] = rule->names[i];
	copy.names = names;
	return copy.n_names ? sclog_policy_add_rule(m, &copy, NULL) : 0;
}

/* Add one unconditional rule of @name with @action. */
static int add_name(struct sclog_policy *m, const char *name, const struct sclog_action *action)
{
	char *names[1] = { (char *)name };
	struct sclog_rule rule = { .names = names, .n_names = 1, .action = *action };

	return sclog_policy_add_rule(m, &rule, NULL);
}

/*
 * The filter as a policy, with LOG standing for NOTIFY (OCI's NOTIFY has
 * no action of sclog's own): the names that reach sclog.
 */
static int model(const struct sclog_container_phased *ph, const char *const *unseen,
		 struct sclog_policy *m, struct sclog_error *err)
{
	const struct sclog_action log = { .kind = SCLOG_ACT_LOG };
	const struct sclog_action allow = { .kind = SCLOG_ACT_ALLOW };
	const char *notified[] = { "execve", ph->boundary, NULL };
	uint32_t native = seccomp_arch_native();
	/* What P's allowed rules and S's leave to the rules below. */
	_cleanup_(sclog_strv_freep) char **skip_p = NULL, **skip_s = NULL;
	const uint32_t *idx;
	int r = 0;

	if (sclog_policy_allowed_names(ph->s, native, &skip_p) < 0)
		return sclog_error_oom(err);
	for (size_t i = 0; r == 0 && notified[i]; i++)
		r = sclog_strv_appendf(&skip_s, "%s", notified[i]);
	for (size_t i = 0; r == 0 && unseen[i]; i++)
		r = sclog_strv_appendf(&skip_s, "%s", unseen[i]);
	for (size_t i = 0; r == 0 && skip_s && skip_s[i]; i++)
		r = sclog_strv_appendf(&skip_p, "%s", skip_s[i]);
	for (size_t i = 0; r == 0 && i < ph->p->n_arches; i++)
		r = sclog_policy_add_arch(m, ph->p->arches[i]);
	/* P's calls that S lacks reach sclog; P's denials stay. */
	for (size_t i = 0; r == 0 && i < ph->p->n_rules; i++) {
		const struct sclog_rule *rule = &ph->p->rules[i];

		if (sclog_action_permits(&rule->action))
			r = add_but(m, rule, &log, skip_p);
		else
			r = add_but(m, rule, &rule->action, NULL);
	}
	for (size_t i = 0; r == 0 && i < ph->s->n_rules; i++)
		if (sclog_action_permits(&ph->s->rules[i].action))
			r = add_but(m, &ph->s->rules[i], &allow, skip_s);
	for (size_t i = 0; r == 0 && notified[i]; i++)
		r = add_name(m, notified[i], &log);
	for (size_t i = 0; r == 0 && sclog_container_handover_calls[i]; i++)
		if (sclog_policy_rules_of(ph->p, sclog_container_handover_calls[i], &idx) == 0)
			r = add_name(m, sclog_container_handover_calls[i], &log);
	for (size_t i = 0; r == 0 && unseen[i]; i++) {
		int conditional = 0;

		if (!sclog_policy_allows(ph->p, native, unseen[i], &conditional) || conditional)
			return sclog_error_set(
				err, -EOPNOTSUPP,
				"%s does not allow %s%s, which runc's form of the profile must "
				"allow (runc refuses SCMP_ACT_NOTIFY for write, and its init "
				"would wait for ever on a notified rt_sigreturn or futex before "
				"it sends the listener): add it, or use crun",
				ph->policy, unseen[i], conditional ? " unconditionally" : "");
		r = add_name(m, unseen[i], &allow);
	}
	if (r < 0)
		return sclog_error_set(err, r, "cannot make the phased profile: %s", strerror(-r));
	return 0;
}

int sclog_container_phased_profile(enum sclog_container_runtime runtime, const char *socket,
				   const struct sclog_container_phased *ph, char **ret_json,
				   struct sclog_error *err)
{
	static const char *const none[] = { NULL };
	const char *const *unseen =
		runtime == SCLOG_CONTAINER_CRUN ? none : sclog_container_runc_unseen;
	_cleanup_(sclog_policy_freep) struct sclog_policy *m =
		sclog_policy_new(&ph->p->default_action);
	_cleanup_free_ char *text = NULL;
	json_object *root, *rules;
	int r;

	if (!m)
		return sclog_error_oom(err);
	r = model(ph, unseen, m, err);
	if (r < 0)
		return r;
	if (sclog_export_oci(m, &text) < 0)
		return sclog_error_oom(err);
	r = sclog_json_read(text, strlen(text), "the phased profile", &root, err);
	if (r < 0)
		return r;
	json_object_object_add(root, "listenerPath", json_object_new_string(socket));
	rules = json_object_object_get(root, "syscalls");
	for (size_t i = 0; rules && i < json_object_array_length(rules); i++) {
		json_object *rule = json_object_array_get_idx(rules, i);
		const char *action = json_object_get_string(json_object_object_get(rule, "action"));

		if (strcmp(action, "SCMP_ACT_LOG") == 0)
			json_object_object_add(rule, "action",
					       json_object_new_string("SCMP_ACT_NOTIFY"));
	}
	r = sclog_json_format(root, ret_json) < 0 ? sclog_error_oom(err) : 0;
	json_object_put(root);
	return r;
}
