// SPDX-License-Identifier: GPL-2.0-only
/*
 * The recording profile a runtime gets instead of its container's seccomp
 * setting, in the audit collector's form (LOG), the notify collector's
 * (NOTIFY, with runc's restrictions) and the bpf collector's (ALLOW).
 * Pure: returns strings.
 */
#include <errno.h>
#include <json-c/json.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <seccomp.h>

#include "sclog/basic/arch.h"
#include "sclog/basic/json_format.h"
#include "sclog/basic/json_read.h"
#include "sclog/basic/macro.h"
#include "sclog/container/recording_profile.h"
#include "sclog/policy/export/export.h"
#include "sclog/policy/implied.h"

/* A runtime kills a call of an architecture its profile does not list:
 * list the native one and its compat ones, so every call reaches sclog. */
static int add_arches(struct sclog_policy *p)
{
	uint32_t arches[8];
	size_t n;
	int r = 0;

	arches[0] = seccomp_arch_native();
	n = 1 + sclog_arch_compat(arches[0], arches + 1, ELEMENTSOF(arches) - 1);
	for (size_t i = 0; r == 0 && i < n; i++)
		r = sclog_policy_add_arch(p, arches[i]);
	return r;
}

int sclog_container_recording_profile(const struct sclog_policy *known, char **ret_json)
{
	/* As sclog's own recording filter (filter.c): what @known lets run
	 * runs, everything it would stop (its default included) is logged. */
	const struct sclog_action log = { .kind = SCLOG_ACT_LOG };
	const struct sclog_action allow = { .kind = SCLOG_ACT_ALLOW };
	int permissive = known && sclog_action_permits(&known->default_action);
	struct sclog_policy *p = sclog_policy_new(permissive ? &allow : &log);
	int r = p ? add_arches(p) : -ENOMEM;

	for (size_t i = 0; r == 0 && known && i < known->n_arches; i++)
		r = sclog_policy_add_arch(p, known->arches[i]);
	for (size_t i = 0; r == 0 && known && i < known->n_rules; i++) {
		struct sclog_rule rule = known->rules[i];

		rule.action = sclog_action_permits(&rule.action) ? allow : log;
		/* libseccomp refuses a rule with the default's action. */
		if (rule.action.kind != p->default_action.kind)
			r = sclog_policy_add_rule(p, &rule, NULL);
	}
	if (r == 0)
		r = sclog_export_oci(p, ret_json);
	sclog_policy_free(p);
	return r;
}

int sclog_container_allow_profile(char **ret_json)
{
	const struct sclog_action allow = { .kind = SCLOG_ACT_ALLOW };
	struct sclog_policy *p = sclog_policy_new(&allow);
	int r = p ? add_arches(p) : -ENOMEM;

	if (r == 0)
		r = sclog_export_oci(p, ret_json);
	sclog_policy_free(p);
	return r;
}

int sclog_container_exec_profile(const char *socket, char **ret_json)
{
	_cleanup_free_ char *base = NULL;
	struct sclog_error err = { 0 };
	json_object *p = NULL, *rules, *rule, *names;
	int r = sclog_container_allow_profile(&base);

	if (r == 0)
		r = sclog_json_read(base, strlen(base), "the recording profile", &p, &err);
	if (r < 0)
		return -ENOMEM;
	rules = json_object_new_array();
	rule = json_object_new_object();
	names = json_object_new_array();
	if (!rules || !rule || !names ||
	    json_object_array_add(names, json_object_new_string("execve")) < 0 ||
	    json_object_array_add(names, json_object_new_string("execveat")) < 0) {
		json_object_put(rules);
		json_object_put(rule);
		json_object_put(names);
		json_object_put(p);
		return -ENOMEM;
	}
	json_object_object_add(rule, "names", names);
	json_object_object_add(rule, "action", json_object_new_string("SCMP_ACT_NOTIFY"));
	json_object_array_add(rules, rule);
	json_object_object_add(p, "syscalls", rules);
	json_object_object_add(p, "listenerPath", json_object_new_string(socket));
	r = sclog_json_format(p, ret_json) < 0 ? -ENOMEM : 0;
	json_object_put(p);
	return r;
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(json_object_get_string(*(json_object *const *)a),
		      json_object_get_string(*(json_object *const *)b));
}

/* Whether the string array @names holds @name. */
static int names_hold(json_object *names, const char *name)
{
	for (size_t i = 0; i < json_object_array_length(names); i++)
		if (strcmp(json_object_get_string(json_object_array_get_idx(names, i)), name) == 0)
			return 1;
	return 0;
}

static int rule_has_args(json_object *rule)
{
	json_object *args = json_object_object_get(rule, "args");

	return args && json_object_array_length(args) > 0;
}

/* Every syscall name libseccomp knows on @arches, sorted, without those in
 * the array @except. */
static json_object *all_names(const uint32_t *arches, size_t n, json_object *except)
{
	json_object *names = json_object_new_array(), *seen = json_object_new_object();

	for (size_t a = 0; names && seen && a < n; a++)
		for (int nr = 0; nr < SCLOG_CONTAINER_MAX_NR; nr++) {
			/* x32's calls carry the x32 bit (sclog_arch_of). */
			char *name = seccomp_syscall_resolve_num_arch(
				arches[a], arches[a] == SCMP_ARCH_X32 ? nr | 0x40000000 : nr);

			if (name && !names_hold(except, name) &&
			    !json_object_object_get_ex(seen, name, NULL)) {
				json_object_object_add(seen, name, NULL);
				json_object_array_add(names, json_object_new_string(name));
			}
			free(name);
		}
	json_object_put(seen);
	if (names)
		json_object_array_sort(names, compare_strings);
	return names;
}

/*
 * runc 1.1 refuses SCMP_ACT_NOTIFY for write.  And runc init, in Go, loads
 * the filter, then tells its parent, which sends the listener: a
 * preemption signal's return or a thread wake-up in between waits for a
 * listener not sent yet, for ever (measured: runc 1.1.5 init stuck in a
 * notified rt_sigreturn under containerd, about one run in eight on a
 * loaded machine).  So runc's form allows these, unseen.
 */
const char *const sclog_container_runc_unseen[] = { "write", "rt_sigreturn", "futex", NULL };

/*
 * runc's form: the default can be neither NOTIFY nor LOG, so every name
 * not allowed unconditionally is listed with NOTIFY and the default fails
 * with ENOSYS.  An allow with argument conditions cannot stand beside that
 * list (libseccomp drops a conditional rule of a name that has an
 * unconditional one), and sclog_container_runc_unseen's names are allowed.
 */
static int runc_form(json_object *p, const char *policy, int *calls_unseen, struct sclog_error *err)
{
	json_object *old = json_object_object_get(p, "syscalls"), *rules, *rule, *allowed;
	uint32_t arches[8];
	size_t n;

	arches[0] = seccomp_arch_native();
	n = 1 + sclog_arch_compat(arches[0], arches + 1, ELEMENTSOF(arches) - 1);
	rules = json_object_new_array();
	allowed = json_object_new_array();
	if (!rules || !allowed)
		goto oom;
	for (size_t i = 0; old && i < json_object_array_length(old); i++) {
		json_object *r = json_object_array_get_idx(old, i);
		json_object *names = json_object_object_get(r, "names");

		if (rule_has_args(r)) {
			json_object_put(rules);
			json_object_put(allowed);
			return sclog_error_set(
				err, -EOPNOTSUPP,
				"%s allows %s under argument "
				"conditions, which runc's form of the listener "
				"profile cannot keep (libseccomp drops them beside "
				"the NOTIFY rule of every name): use crun, or "
				"--backend audit as root",
				policy,
				json_object_get_string(json_object_array_get_idx(names, 0)));
		}
		for (size_t k = 0; k < json_object_array_length(names); k++)
			json_object_array_add(allowed,
					      json_object_get(json_object_array_get_idx(names, k)));
	}
	*calls_unseen = 0;
	for (const char *const *u = sclog_container_runc_unseen; *u; u++)
		if (!names_hold(allowed, *u)) {
			*calls_unseen = 1;
			json_object_array_add(allowed, json_object_new_string(*u));
		}
	if (!(rule = json_object_new_object()))
		goto oom;
	json_object_object_add(rule, "names", all_names(arches, n, allowed));
	json_object_object_add(rule, "action", json_object_new_string("SCMP_ACT_NOTIFY"));
	json_object_array_add(rules, rule);
	if (!(rule = json_object_new_object()))
		goto oom;
	json_object_object_add(rule, "names", allowed);
	json_object_object_add(rule, "action", json_object_new_string("SCMP_ACT_ALLOW"));
	json_object_array_add(rules, rule);
	json_object_object_add(p, "syscalls", rules);
	json_object_object_add(p, "defaultAction", json_object_new_string("SCMP_ACT_ERRNO"));
	json_object_object_add(p, "defaultErrnoRet", json_object_new_int(ENOSYS));
	return 0;
oom:
	json_object_put(rules);
	json_object_put(allowed);
	return sclog_error_oom(err);
}

int sclog_container_listener_profile(enum sclog_container_runtime runtime, const char *socket,
				     const struct sclog_policy *known, const char *policy,
				     int *calls_unseen, char **ret_json, struct sclog_error *err)
{
	_cleanup_(sclog_policy_freep) struct sclog_policy *unseen = NULL;
	_cleanup_free_ char *base = NULL;
	json_object *p, *rules, *def;
	int r;

	*calls_unseen = 0;
	/* As the notify collector's own filter: the implied calls run
	 * unseen (policy/implied.h). */
	unseen = sclog_policy_unseen(known, NULL);
	if (!unseen || sclog_container_recording_profile(unseen, &base) < 0)
		return sclog_error_oom(err);
	r = sclog_json_read(base, strlen(base), "the recording profile", &p, err);
	if (r < 0)
		return r;
	json_object_object_add(p, "listenerPath", json_object_new_string(socket));
	/* What the recording profile logs, the runtime's filter notifies. */
	def = json_object_object_get(p, "defaultAction");
	if (strcmp(json_object_get_string(def), "SCMP_ACT_LOG") == 0 &&
	    runtime != SCLOG_CONTAINER_CRUN) {
		r = runc_form(p, policy, calls_unseen, err);
		goto out;
	}
	if (strcmp(json_object_get_string(def), "SCMP_ACT_LOG") == 0)
		json_object_object_add(p, "defaultAction",
				       json_object_new_string("SCMP_ACT_NOTIFY"));
	rules = json_object_object_get(p, "syscalls");
	for (size_t i = 0; rules && i < json_object_array_length(rules); i++) {
		json_object *rule = json_object_array_get_idx(rules, i);

		if (strcmp(json_object_get_string(json_object_object_get(rule, "action")),
			   "SCMP_ACT_LOG") != 0)
			continue;
		/* A deny-list policy: what it denies is notified. */
		for (const char *const *u = sclog_container_runc_unseen;
		     runtime != SCLOG_CONTAINER_CRUN && *u; u++) {
			if (!names_hold(json_object_object_get(rule, "names"), *u))
				continue;
			r = sclog_error_set(err, -EOPNOTSUPP,
					    "%s does not allow %s, and runc's form of the "
					    "recording profile cannot notify it (runc refuses "
					    "SCMP_ACT_NOTIFY for write, and would wait for ever "
					    "on rt_sigreturn or futex): use crun, or --backend "
					    "audit as root",
					    policy, *u);
			json_object_put(p);
			return r;
		}
		json_object_object_add(rule, "action", json_object_new_string("SCMP_ACT_NOTIFY"));
	}
	r = 0;
out:
	if (r == 0 && sclog_json_format(p, ret_json) < 0)
		r = sclog_error_oom(err);
	json_object_put(p);
	return r;
}

int sclog_container_profile_killable(char **json)
{
	struct sclog_error err = { 0 };
	json_object *p, *flags;
	char *out = NULL;

	if (sclog_json_read(*json, strlen(*json), "the recording profile", &p, &err) < 0)
		return -ENOMEM; /* sclog's own text: only memory can fail */
	flags = json_object_object_get(p, "flags");
	if (!flags) {
		flags = json_object_new_array();
		if (!flags || json_object_object_add(p, "flags", flags) < 0) {
			json_object_put(flags);
			json_object_put(p);
			return -ENOMEM;
		}
	}
	if (json_object_array_add(
		    flags, json_object_new_string("SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV")) < 0 ||
	    sclog_json_format(p, &out) < 0) {
		json_object_put(p);
		return -ENOMEM;
	}
	json_object_put(p);
	free(*json);
	*json = out;
	return 0;
}
