// SPDX-License-Identifier: GPL-2.0-only
/* The JSON report of a run (--report). */
#include <errno.h>
#include <json-c/json.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sclog/basic/arch.h"
#include "sclog/basic/json_format.h"
#include "sclog/basic/macro.h"
#include "sclog/basic/utf8.h"
#include "sclog/run/report.h"

static void add_bytes(json_object *obj, const char *key, const char *bytes, size_t len)
{
	char hexkey[32];

	if (!bytes)
		return;
	if (sclog_utf8_valid(bytes, len)) {
		json_object_object_add(obj, key, json_object_new_string_len(bytes, (int)len));
		return;
	}
	/* JSON strings cannot carry arbitrary bytes; hex keeps them exact. */
	_cleanup_free_ char *hex = malloc(2 * len + 1);

	if (!hex)
		return;
	for (size_t i = 0; i < len; i++)
		sprintf(hex + 2 * i, "%02x", (unsigned char)bytes[i]);
	snprintf(hexkey, sizeof(hexkey), "%s_hex", key);
	json_object_object_add(obj, hexkey, json_object_new_string(hex));
}

/* Per recorded syscall: the argument positions and the value tuples seen. */
static json_object *args_json(const struct sclog_args_spec *spec,
			      const struct sclog_args_seen *seen)
{
	json_object *list = json_object_new_array();

	for (size_t i = 0; i < spec->n_entries && i < seen->n_entries; i++) {
		const struct sclog_args_entry *e = &spec->entries[i];
		const struct sclog_args_values *v = &seen->per_entry[i];
		json_object *o, *idx, *values;

		if (!v->n)
			continue;
		o = json_object_new_object();
		idx = json_object_new_array();
		values = json_object_new_array();
		for (size_t f = 0; f < e->n_fields; f++)
			json_object_array_add(
				idx, e->from_struct ? json_object_new_string("clone_args.flags") :
						      json_object_new_int((int)e->fields[f].index));
		for (size_t k = 0; k < v->n; k++) {
			json_object *t = json_object_new_array();

			for (size_t f = 0; f < e->n_fields; f++)
				json_object_array_add(t, json_object_new_uint64(v->tuples[k][f]));
			json_object_array_add(values, t);
		}
		json_object_object_add(o, "name", json_object_new_string(e->name));
		json_object_object_add(o, "args", idx);
		json_object_object_add(o, "values", values);
		json_object_object_add(o, "enforced",
				       json_object_new_boolean(!e->from_struct && !v->dropped));
		json_object_array_add(list, o);
	}
	return list;
}

/* The processes with seccomp filters of their own (ownfilter.h). */
static void own_json(json_object *root, const struct sclog_run_info *info)
{
	static const char *const names[] = { "kill",  "trap", "errno", "user_notif",
					     "trace", "log",  "allow", "computed" };
	const struct sclog_ownfilter *o = info->own;
	json_object *list = json_object_new_array();

	for (size_t i = 0; i < o->n_found; i++) {
		const struct sclog_own_filter *f = &o->found[i];
		json_object *e = json_object_new_object(), *acts = NULL;

		json_object_object_add(e, "pid", json_object_new_int(f->pid));
		add_bytes(e, "comm", f->comm, strlen(f->comm));
		json_object_object_add(e, "installed",
				       json_object_new_boolean(f->state == SCLOG_OWN_INSTALLED));
		json_object_object_add(e, "filters",
				       f->extra ? json_object_new_int((int)f->extra) : NULL);
		if (f->actions) {
			acts = json_object_new_array();
			for (size_t b = 0; b < ELEMENTSOF(names); b++)
				if (f->actions & (1u << b))
					json_object_array_add(acts,
							      json_object_new_string(names[b]));
		}
		json_object_object_add(e, "actions", acts);
		json_object_array_add(list, e);
	}
	json_object_object_add(root, "own_filters", list);
	json_object_object_add(root, "own_filters_more",
			       json_object_new_uint64(o->more + o->dropped));
	if (sclog_ownfilter_total(o) && info->own_effect)
		json_object_object_add(root, "own_filters_effect",
				       json_object_new_string(info->own_effect));
}

/* Per syscall: its names, number, count and the first process that made it. */
static json_object *syscalls_json(const struct sclog_syscall *const *v, long n)
{
	json_object *list = json_object_new_array();

	for (long i = 0; i < n; i++) {
		json_object *e = json_object_new_object();
		uint32_t arch = sclog_arch_of(v[i]->arch, v[i]->nr);
		_cleanup_free_ char *name = sclog_syscall_name(v[i]->arch, v[i]->nr);
		const char *arch_name = sclog_arch_name(arch);

		if (name)
			json_object_object_add(e, "name", json_object_new_string(name));
		else
			json_object_object_add(e, "name", NULL);
		if (arch_name)
			json_object_object_add(e, "arch", json_object_new_string(arch_name));
		else
			json_object_object_add(e, "arch", NULL);
		json_object_object_add(e, "audit_arch", json_object_new_uint64(v[i]->arch));
		json_object_object_add(e, "nr", json_object_new_int64(v[i]->nr));
		json_object_object_add(e, "count", json_object_new_uint64(v[i]->count));
		json_object_object_add(e, "first_pid", json_object_new_int(v[i]->first_pid));
		add_bytes(e, "exe", v[i]->exe, v[i]->exe_len);
		add_bytes(e, "comm", v[i]->comm, v[i]->comm_len);
		json_object_array_add(list, e);
	}
	return list;
}

/* The command line; an argument that is not UTF-8 as {"arg_hex": …}. */
static json_object *command_json(char *const *argv)
{
	json_object *cmd = json_object_new_array();

	for (char *const *a = argv; a && *a; a++) {
		if (sclog_utf8_valid(*a, strlen(*a))) {
			json_object_array_add(cmd, json_object_new_string(*a));
		} else {
			json_object *arg = json_object_new_object();

			add_bytes(arg, "arg", *a, strlen(*a));
			json_object_array_add(cmd, arg);
		}
	}
	return cmd;
}

/* The pipeline's counters, and the collectors' own. */
static json_object *counters_json(const struct sclog_counters *c, const struct sclog_run_info *info)
{
	json_object *counters = json_object_new_object();

	json_object_object_add(counters, "records", json_object_new_uint64(c->records));
	json_object_object_add(counters, "foreign", json_object_new_uint64(c->foreign));
	json_object_object_add(counters, "malformed", json_object_new_uint64(c->malformed));
	json_object_object_add(counters, "bad_frames", json_object_new_uint64(c->bad_frames));
	json_object_object_add(counters, "overflow", json_object_new_uint64(c->overflow));
	json_object_object_add(counters, "alloc_failures",
			       json_object_new_uint64(c->alloc_failures));
	json_object_object_add(counters, "followed", json_object_new_uint64(c->followed));
	json_object_object_add(counters, "session_changes",
			       json_object_new_uint64(c->session_changes));
	json_object_object_add(counters, "lost_enobufs",
			       json_object_new_uint64(info->lost_enobufs));
	json_object_object_add(counters, "lost_kernel", json_object_new_uint64(info->lost_kernel));
	if (info->settings_polls)
		json_object_object_add(counters, "settings_polls",
				       json_object_new_uint64(info->settings_polls));
	if (info->collector) {
		json_object_object_add(counters, "interrupted",
				       json_object_new_uint64(info->interrupted));
		json_object_object_add(counters, "unreceived",
				       json_object_new_uint64(info->unreceived));
		json_object_object_add(counters, "interrupted_late",
				       json_object_new_uint64(info->interrupted_late));
	}
	return counters;
}

/* What ran, with which sclog, libseccomp and kernel, and how it ended. */
static void add_run(json_object *root, const struct sclog_run_info *info)
{
	json_object *problems = json_object_new_array();
	char libseccomp[48];

	for (size_t i = 0; i < info->n_problems; i++)
		json_object_array_add(problems, json_object_new_string(info->problems[i]));
	json_object_object_add(root, "sclog_version", json_object_new_string(info->version));
	/* The names a profile can hold are the ones this libseccomp knows. */
	snprintf(libseccomp, sizeof(libseccomp), "%u.%u.%u", seccomp_version()->major,
		 seccomp_version()->minor, seccomp_version()->micro);
	json_object_object_add(root, "libseccomp", json_object_new_string(libseccomp));
	json_object_object_add(
		root, "kernel_release",
		json_object_new_string(info->kernel_release ? info->kernel_release : ""));
	json_object_object_add(root, "command", command_json(info->argv));
	json_object_object_add(root, "duration_seconds", json_object_new_double(info->duration));
	json_object_object_add(root, "sclog_max_rss_kib", json_object_new_int64(info->max_rss_kib));
	json_object_object_add(root, info->exited ? "exit_status" : "signal",
			       json_object_new_int(info->status));
	json_object_object_add(root, "audit_session", json_object_new_uint64(info->ses));
	json_object_object_add(root, "complete", json_object_new_boolean(info->complete));
	json_object_object_add(root, "problems", problems);
}

/* What the records may lack: losses, exits without a record, the login uid. */
static void add_losses(json_object *root, const struct sclog_counters *c,
		       const struct sclog_run_info *info)
{
	json_object_object_add(root, "records_seen", json_object_new_uint64(c->records));
	/* Each loss in its own unit: records the kernel failed to queue (null
	 * when its counter was reset), socket overflows (records unknown). */
	json_object_object_add(root, "records_lost",
			       info->lost_unknown ? NULL :
						    json_object_new_uint64(info->lost_kernel));
	json_object_object_add(root, "overflows", json_object_new_uint64(info->lost_enobufs));
	json_object_object_add(root, "truncated", json_object_new_uint64(info->truncated));
	json_object_object_add(root, "allocation_failures",
			       json_object_new_uint64(info->alloc_failures));
	if (info->witnesses_checked) {
		json_object *w = json_object_new_object();

		json_object_object_add(w, "exited", json_object_new_uint64(info->exits_seen));
		json_object_object_add(w, "exit_records_missing",
				       json_object_new_uint64(info->exits_missing));
		json_object_object_add(root, "witnesses", w);
	}
	if (info->has_auid) {
		json_object *id = json_object_new_object();

		json_object_object_add(id, "auid_before",
				       json_object_new_uint64(info->auid_before));
		json_object_object_add(id, "auid_after", json_object_new_uint64(info->auid_after));
		json_object_object_add(root, "audit_identity", id);
	}
}

/* What the policy holds beyond the recording: --base, --for, ENOSYS fallbacks,
 * the calls every policy implies (policy/implied.h). */
static void add_additions(json_object *root, const struct sclog_run_info *info)
{
	if (info->base) {
		json_object *b = json_object_new_object();

		json_object_object_add(b, "policy", json_object_new_string(info->base));
		json_object_object_add(b, "new_syscalls",
				       json_object_new_uint64(info->new_syscalls));
		json_object_object_add(root, "base", b);
	}
	if (info->runtime) {
		json_object *rt = json_object_new_object(), *names = json_object_new_array();

		for (char *const *rn = info->runtime_names; rn && *rn; rn++)
			json_object_array_add(names, json_object_new_string(*rn));
		json_object_object_add(rt, "runtime", json_object_new_string(info->runtime));
		json_object_object_add(rt, "added", names);
		json_object_object_add(root, "for", rt);
	}
	if (info->enosys_names) {
		json_object *names = json_object_new_array();

		for (char *const *e = info->enosys_names; *e; e++)
			json_object_array_add(names, json_object_new_string(*e));
		json_object_object_add(root, "enosys_added", names);
	}
	if (info->implied_names) {
		json_object *names = json_object_new_array();

		for (char *const *e = info->implied_names; *e; e++)
			json_object_array_add(names, json_object_new_string(*e));
		json_object_object_add(root, "implied_added", names);
	}
}

/* --container: how the runtime was recorded in place. */
static json_object *container_json(const struct sclog_run_info *info)
{
	json_object *ct = json_object_new_object();

	json_object_object_add(ct, "runtime", json_object_new_string(info->container_runtime));
	json_object_object_add(ct, "path", json_object_new_string(info->container_path));
	json_object_object_add(
		ct, "noNewPrivileges",
		info->container_nnp < 0 ? NULL : json_object_new_boolean(info->container_nnp));
	json_object_object_add(
		ct, "replaced_seccomp",
		info->container_replaced ? json_object_new_string(info->container_replaced) : NULL);
	if (info->container_annotations)
		json_object_object_add(ct, "left_out",
				       json_object_new_string(info->container_annotations));
	if (info->container_left) {
		json_object *left = json_object_new_object();

		json_object_object_add(left, "count",
				       json_object_new_uint64(info->container_n_left));
		json_object_object_add(left, "first", json_object_new_string(info->container_left));
		json_object_object_add(ct, "helpers_not_waited_for", left);
	}
	json_object_object_add(
		ct, "exec_seen",
		info->container_exec < 0 ? NULL : json_object_new_boolean(info->container_exec));
	if (info->container_listener) {
		json_object_object_add(ct, "listener",
				       json_object_new_string(info->container_listener));
		json_object_object_add(ct, "handover_calls",
				       json_object_new_uint64(info->container_handover));
	}
	return ct;
}

/* --phase-at: when the boundary came and what only the start-up called. */
static json_object *phase_json(const struct sclog_phase_report *pr)
{
	json_object *ph = json_object_new_object(), *before = json_object_new_array();

	json_object_object_add(ph, "at", json_object_new_string(pr->phase->at));
	json_object_object_add(ph, "kind",
			       json_object_new_string(sclog_phase_kind_name(pr->phase->kind)));
	json_object_object_add(ph, "seen", json_object_new_boolean(pr->seen));
	json_object_object_add(ph, "ms_after_start",
			       pr->seen ? json_object_new_uint64(pr->ms_after_start) : NULL);
	for (char **n = pr->only_before; n && *n; n++)
		json_object_array_add(before, json_object_new_string(*n));
	json_object_object_add(ph, "only_before", before);
	json_object_object_add(ph, "serving_syscalls",
			       pr->seen ? json_object_new_uint64(pr->serving_syscalls) : NULL);
	json_object_object_add(ph, "cut", pr->seen ? json_object_new_string(pr->cut) : NULL);
	json_object_object_add(ph, "margin_ms",
			       pr->seen ? json_object_new_uint64(pr->margin_ms) : NULL);
	return ph;
}

/* The data tables read: name to file (or "embedded"). */
static json_object *data_files_json(const char *const *sources)
{
	json_object *files = json_object_new_object();

	for (const char *const *d = sources; d[0]; d += 2)
		json_object_object_add(files, d[0], json_object_new_string(d[1]));
	return files;
}

int sclog_report_json(const struct sclog_profile *p, const struct sclog_counters *c,
		      const struct sclog_run_info *info, char **ret_json)
{
	const struct sclog_syscall **v = NULL;
	long n = sclog_profile_sorted(p, &v);
	json_object *root;
	int r;

	if (n < 0)
		return (int)n;
	root = json_object_new_object();
	add_run(root, info);
	add_losses(root, c, info);
	json_object_object_add(root, "counters", counters_json(c, info));
	add_additions(root, info);
	if (info->container_runtime)
		json_object_object_add(root, "container", container_json(info));
	if (info->collector) {
		json_object_object_add(root, "collector", json_object_new_string(info->collector));
		if (info->collector_why)
			json_object_object_add(root, "collector_reason",
					       json_object_new_string(info->collector_why));
	}
	if (info->data_sources && info->data_sources[0])
		json_object_object_add(root, "data_files", data_files_json(info->data_sources));
	if (info->own)
		own_json(root, info);
	if (info->args_spec && info->args_seen)
		json_object_object_add(root, "arguments",
				       args_json(info->args_spec, info->args_seen));
	if (info->phase)
		json_object_object_add(root, "phase", phase_json(info->phase));
	json_object_object_add(root, "syscalls", syscalls_json(v, n));

	r = sclog_json_format(root, ret_json);
	json_object_put(root);
	free(v);
	return r;
}
