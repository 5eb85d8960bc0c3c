// SPDX-License-Identifier: GPL-2.0-only
/* OCI and Docker (moby) JSON of a policy. */
#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sclog/arch.h"
#include "sclog/export.h"
#include "sclog/json_format.h"
#include "sclog/macro.h"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static json_object *action_json(const struct sclog_action *a)
{
	return json_object_new_string(sclog_action_oci_name(a->kind));
}

static json_object *rule_json(const struct sclog_rule *r)
{
	json_object *o = json_object_new_object(), *names = json_object_new_array();
	_cleanup_free_ char **sorted = malloc((r->n_names + 1) * sizeof(*sorted));

	if (!sorted)
		return o;
	memcpy(sorted, r->names, r->n_names * sizeof(*sorted));
	/* Conditional rules keep their order; plain ones are sets. */
	if (r->n_args == 0)
		qsort(sorted, r->n_names, sizeof(*sorted), cmp_str);
	for (size_t i = 0; i < r->n_names; i++)
		json_object_array_add(names, json_object_new_string(sorted[i]));
	json_object_object_add(o, "names", names);
	json_object_object_add(o, "action", action_json(&r->action));
	if (r->action.kind == SCLOG_ACT_ERRNO)
		json_object_object_add(o, "errnoRet", json_object_new_int((int)r->action.errno_ret));
	if (r->n_args) {
		json_object *args = json_object_new_array();

		for (size_t i = 0; i < r->n_args; i++) {
			json_object *a = json_object_new_object();

			json_object_object_add(a, "index", json_object_new_int((int)r->args[i].index));
			json_object_object_add(a, "value", json_object_new_uint64(r->args[i].value));
			json_object_object_add(a, "valueTwo",
					       json_object_new_uint64(r->args[i].value_two));
			json_object_object_add(a, "op", json_object_new_string(sclog_cmp_oci_name(r->args[i].op)));
			json_object_array_add(args, a);
		}
		json_object_object_add(o, "args", args);
	}
	return o;
}

/* Plain ALLOW first, other plain rules by action, then conditional ones. */
static int rule_rank(const struct sclog_rule *r)
{
	if (r->n_args)
		return 100;
	return r->action.kind == SCLOG_ACT_ALLOW ? 0 : 1 + (int)r->action.kind;
}

static json_object *common_json(const struct sclog_policy *p)
{
	json_object *root = json_object_new_object(), *rules = json_object_new_array();

	json_object_object_add(root, "defaultAction", action_json(&p->default_action));
	/* crun rejects defaultErrnoRet with any other default action. */
	if (p->default_action.kind == SCLOG_ACT_ERRNO)
		json_object_object_add(root, "defaultErrnoRet",
				       json_object_new_int((int)p->default_action.errno_ret));
	for (int rank = 0; rank <= 100; rank++)
		for (size_t i = 0; i < p->n_rules; i++)
			if (rule_rank(&p->rules[i]) == rank && p->rules[i].n_names)
				json_object_array_add(rules, rule_json(&p->rules[i]));
	json_object_object_add(root, "syscalls", rules);
	return root;
}

static int serialise(json_object *root, char **ret_json)
{
	int r = sclog_json_format(root, ret_json);

	json_object_put(root);
	return r;
}

int sclog_export_oci(const struct sclog_policy *p, char **ret_json)
{
	json_object *root = common_json(p), *arches = json_object_new_array();

	for (size_t i = 0; i < p->n_arches; i++) {
		char *name = sclog_arch_oci_name(p->arches[i]);

		if (name)
			json_object_array_add(arches, json_object_new_string(name));
		free(name);
	}
	/* Keep the conventional key order: architectures before syscalls. */
	json_object *rules = json_object_get(json_object_object_get(root, "syscalls"));

	json_object_object_del(root, "syscalls");
	json_object_object_add(root, "architectures", arches);
	json_object_object_add(root, "syscalls", rules);
	return serialise(root, ret_json);
}

int sclog_export_docker(const struct sclog_policy *p, char **ret_json)
{
	json_object *root = common_json(p), *map = json_object_new_array();
	json_object *rules = json_object_get(json_object_object_get(root, "syscalls"));

	for (size_t i = 0; i < p->n_arches; i++) {
		uint32_t a = p->arches[i], compat[4];
		size_t n_compat = sclog_arch_compat(a, compat, ELEMENTSOF(compat));
		json_object *entry, *subs = NULL;
		char *name;

		/* A compat arch goes under its native one when that is listed. */
		if (sclog_arch_native_of(a) && p->n_arches &&
		    sclog_policy_covers(p, sclog_arch_native_of(a)))
			continue;
		entry = json_object_new_object();
		name = sclog_arch_oci_name(a);
		json_object_object_add(entry, "architecture", json_object_new_string(name ? name : ""));
		free(name);
		for (size_t f = 0; f < n_compat; f++)
			if (sclog_policy_covers(p, compat[f])) {
				if (!subs)
					subs = json_object_new_array();
				name = sclog_arch_oci_name(compat[f]);
				json_object_array_add(subs, json_object_new_string(name ? name : ""));
				free(name);
			}
		/* An empty list says nothing: leave it out. */
		if (subs)
			json_object_object_add(entry, "subArchitectures", subs);
		json_object_array_add(map, entry);
	}
	json_object_object_del(root, "syscalls");
	json_object_object_add(root, "archMap", map);
	json_object_object_add(root, "syscalls", rules);
	return serialise(root, ret_json);
}
