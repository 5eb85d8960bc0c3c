// SPDX-License-Identifier: GPL-2.0-only
/*
 * What `sclog listen` writes when a container ends: its profile, merged
 * with what the profile directory holds under the same name, and its
 * report, each written whole or not at all (basic/outfile.c).
 */
#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sclog/basic/fileio.h"
#include "sclog/basic/json_format.h"
#include "sclog/basic/json_read.h"
#include "sclog/basic/macro.h"
#include "sclog/basic/outfile.h"
#include "sclog/container/agent.h"
#include "sclog/policy/compose.h"
#include "sclog/policy/data.h"
#include "sclog/policy/export/export.h"
#include "sclog/policy/implied.h"

/* A report is small: a run is a few hundred bytes. */
#define REPORT_MAX_BYTES (4u << 20)

static int write_atomic(const char *path, const char *text, struct sclog_error *err)
{
	struct sclog_outfile f = { .fd = -1, .dirfd = -1 };
	int r = sclog_outfile_open(&f, path, err);

	if (r == 0)
		r = sclog_outfile_commit(&f, text, strlen(text), err);
	sclog_outfile_done(&f);
	return r;
}

/* @into gets @other's rules, those of @into's names winning (a copy of
 * @other is changed, never @other). */
static int merge_under(struct sclog_policy *into, const struct sclog_policy *other)
{
	_cleanup_(sclog_policy_freep) struct sclog_policy *copy =
		sclog_policy_new(&other->default_action);
	char **overridden = NULL;
	long n;

	if (!copy || sclog_policy_merge(copy, other, NULL) < 0)
		return -ENOMEM;
	n = sclog_policy_merge_base(into, copy, &overridden);
	sclog_strv_free(overridden);
	return n < 0 ? (int)n : 0;
}

/*
 * The profile: the container's calls and the runtimes' own win; then
 * --base, then what DIR/NAME.json held (a file that cannot be read is
 * replaced, with a warning); then the calls it implies (policy/implied.h: in
 * @ret_implied those added, NULL when none), and ENOSYS for the fallbacks
 * left.
 */
static int make_policy(const struct sclog_agent_output *o, const struct sclog_agent_record *r,
		       const char *path, char **ret_text, size_t *ret_allowed, char ***ret_implied)
{
	_cleanup_(sclog_policy_freep) struct sclog_policy *p = NULL, *old = NULL;
	struct sclog_error lerr = { 0 };
	char **names = NULL, **added = NULL;
	size_t unnamed = 0;
	long n;
	int rc;

	rc = sclog_policy_from_profile(r->profile, &o->default_action, &p, &unnamed);
	if (rc == 0)
		rc = sclog_policy_allow_names(p, o->runtime_names, NULL);
	if (rc == 0 && o->base)
		rc = merge_under(p, o->base);
	if (rc < 0)
		return rc;
	if (access(path, F_OK) == 0 && sclog_load_policy(path, &old, &lerr) < 0)
		sclog_warn("listen: %s is replaced, not merged: %s", path, lerr.msg);
	if (old && (rc = merge_under(p, old)) < 0)
		return rc;
	n = sclog_policy_add_implied(p, p, ret_implied);
	if (n >= 0)
		n = sclog_policy_add_enosys(p, o->fallbacks, &added);
	sclog_strv_free(added);
	if (n < 0)
		return (int)n;
	rc = sclog_export_oci(p, ret_text);
	n = rc < 0 ? 0 : sclog_policy_allowed_names(p, p->n_arches ? p->arches[0] : 0, &names);
	*ret_allowed = n > 0 ? (size_t)n : 0;
	sclog_strv_free(names);
	return rc;
}

static json_object *iso_time(double t)
{
	time_t s = (time_t)t;
	struct tm tm;
	char buf[32];

	if (!gmtime_r(&s, &tm) || !strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm))
		return NULL;
	return json_object_new_string(buf);
}

static void add_string(json_object *o, const char *key, const char *value)
{
	json_object_object_add(o, key, value ? json_object_new_string(value) : NULL);
}

/* One run, as its report keeps it: @implied, the calls its profile
 * implies that the run did not see (NULL: none), as run's report. */
static json_object *run_json(const struct sclog_agent_record *r, size_t allowed,
			     char *const *implied)
{
	const struct sclog_agent_state *s = r->state;
	json_object *run = json_object_new_object(), *rt = json_object_new_object();

	if (!run || !rt) {
		json_object_put(run);
		json_object_put(rt);
		return NULL;
	}
	add_string(run, "id", s->id);
	json_object_object_add(run, "pid", json_object_new_int(s->pid));
	add_string(run, "named_by", sclog_agent_naming_name(s->naming));
	add_string(run, "namespace", s->namespace);
	add_string(run, "pod", s->pod);
	add_string(run, "container", s->container);
	add_string(run, "metadata", s->metadata);
	json_object_object_add(rt, "pid", json_object_new_int(r->peer_pid));
	json_object_object_add(rt, "uid", json_object_new_int64(r->peer_uid));
	add_string(rt, "comm", r->peer_comm);
	json_object_object_add(run, "runtime", rt);
	json_object_object_add(run, "started", iso_time(r->started));
	json_object_object_add(run, "ended", iso_time(r->ended));
	json_object_object_add(
		run, "seconds",
		json_object_new_double((double)(long)((r->ended - r->started) * 1000) / 1000));
	add_string(run, "collector", r->collector);
	/* bpf: the notifications are the execve hand-overs; the calls were
	 * counted in the kernel. */
	if (r->collector && strcmp(r->collector, "bpf") == 0)
		json_object_object_add(run, "calls", json_object_new_uint64(r->calls));
	json_object_object_add(run, "notifications",
			       json_object_new_uint64(r->counters->notifications));
	json_object_object_add(run, "syscalls", json_object_new_uint64(r->profile->size));
	json_object_object_add(run, "handover_calls",
			       json_object_new_uint64(r->counters->handover));
	json_object_object_add(run, "unreceived", json_object_new_uint64(r->unreceived));
	json_object_object_add(run, "interrupted_late",
			       json_object_new_uint64(r->interrupted_late));
	json_object_object_add(run, "handover_unreceived",
			       json_object_new_uint64(r->handover_unreceived));
	json_object_object_add(run, "profile_syscalls", json_object_new_uint64(allowed));
	if (implied) {
		json_object *names = json_object_new_array();

		for (char *const *i = implied; *i; i++)
			json_object_array_add(names, json_object_new_string(*i));
		json_object_object_add(run, "implied_added", names);
	}
	json_object_object_add(run, "complete", json_object_new_boolean(!r->incomplete));
	add_string(run, "incomplete", r->incomplete);
	return run;
}

/* What an earlier report of the same name said: its count, whether every
 * run was complete, its last runs.  A report that cannot be read starts
 * again, with a warning. */
static void earlier_runs(const char *path, int64_t *count, int *complete, json_object *runs)
{
	_cleanup_free_ char *buf = NULL;
	struct sclog_error err = { 0 };
	json_object *old = NULL, *c, *ok, *list;
	size_t len;

	if (access(path, F_OK) != 0)
		return;
	if (sclog_read_file(path, REPORT_MAX_BYTES, &buf, &len, &err) < 0 ||
	    sclog_json_read(buf, len, path, &old, &err) < 0 ||
	    !json_object_is_type(old, json_type_object) ||
	    !json_object_object_get_ex(old, "containers", &c) ||
	    !json_object_is_type(c, json_type_int) ||
	    !json_object_object_get_ex(old, "complete", &ok) ||
	    !json_object_object_get_ex(old, "runs", &list) ||
	    !json_object_is_type(list, json_type_array)) {
		sclog_warn("listen: %s is replaced, not added to: %s", path,
			   err.msg[0] ? err.msg : "not a report of sclog listen");
		json_object_put(old);
		return;
	}
	*count = json_object_get_int64(c);
	*complete = json_object_get_boolean(ok);
	for (size_t i = 0, n = json_object_array_length(list); i < n; i++)
		if (n - i < SCLOG_AGENT_REPORT_RUNS)
			json_object_array_add(runs,
					      json_object_get(json_object_array_get_idx(list, i)));
	json_object_put(old);
}

static int make_report(const struct sclog_agent_record *r, size_t allowed, char *const *implied,
		       const char *path, const char *profile, char **ret_text)
{
	json_object *report = json_object_new_object(), *runs = json_object_new_array(), *run;
	int64_t count = 0;
	int complete = 1, rc = -ENOMEM;

	if (report && runs) {
		earlier_runs(path, &count, &complete, runs);
		run = run_json(r, allowed, implied);
		if (run) {
			json_object_array_add(runs, run);
			add_string(report, "name", r->state->name);
			add_string(report, "profile", profile);
			json_object_object_add(report, "containers",
					       json_object_new_int64(count + 1));
			json_object_object_add(report, "complete",
					       json_object_new_boolean(complete && !r->incomplete));
			json_object_object_add(report, "runs", TAKE_PTR(runs));
			rc = sclog_json_format(report, ret_text);
		}
	}
	json_object_put(runs);
	json_object_put(report);
	return rc;
}

int sclog_agent_write(const struct sclog_agent_output *o, const struct sclog_agent_record *r,
		      size_t *ret_allowed, struct sclog_error *err)
{
	_cleanup_free_ char *path = NULL, *rdir = NULL, *rpath = NULL, *text = NULL;
	_cleanup_free_ char *report = NULL;
	_cleanup_(sclog_strv_freep) char **implied = NULL;
	size_t allowed = 0;
	int rc;

	if (asprintf(&path, "%s/%s.json", o->dir, r->state->name) < 0 ||
	    asprintf(&rdir, "%s/reports", o->dir) < 0 ||
	    asprintf(&rpath, "%s/%s.json", rdir, r->state->name) < 0)
		return sclog_error_oom(err);
	rc = make_policy(o, r, path, &text, &allowed, &implied);
	if (rc < 0)
		return sclog_error_set(err, rc, "cannot make the profile %s: %s", path,
				       strerror(-rc));
	rc = write_atomic(path, text, err);
	if (rc < 0)
		return rc;
	if (mkdir(rdir, 0755) < 0 && errno != EEXIST)
		return sclog_error_set(err, -errno, "cannot create %s: %m", rdir);
	if (make_report(r, allowed, implied, rpath, path, &report) < 0)
		return sclog_error_oom(err);
	rc = write_atomic(rpath, report, err);
	if (rc == 0)
		*ret_allowed = allowed;
	return rc;
}
