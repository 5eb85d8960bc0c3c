// SPDX-License-Identifier: GPL-2.0-only
/*
 * The recording profile `sclog listen` writes for runtimes to load, in the
 * form runc and crun both take (recording_profile.h), and the runtimes'
 * own calls every profile it writes allows.
 */
#include <errno.h>
#include <string.h>

#include "sclog/basic/macro.h"
#include "sclog/basic/outfile.h"
#include "sclog/basic/strv.h"
#include "sclog/container/agent.h"
#include "sclog/container/recording_profile.h"
#include "sclog/policy/compose.h"
#include "sclog/policy/data.h"
#include "sclog/policy/runtimes.h"

/* The union of runc's and crun's own calls: a profile must start its
 * container under either, whichever runtime recorded it. */
int sclog_agent_runtime_names(char ***ret, struct sclog_error *err)
{
	static const char *const runtimes[] = { "runc", "crun" };
	struct sclog_policy *p =
		sclog_policy_new(&(struct sclog_action){ .kind = SCLOG_ACT_ERRNO });
	long n = 0;
	int r = p ? 0 : sclog_error_oom(err);

	for (size_t i = 0; r == 0 && i < ELEMENTSOF(runtimes); i++) {
		struct sclog_runtime_needs needs = { 0 };

		r = sclog_load_runtime(runtimes[i], &needs, err);
		if (r == 0 && sclog_policy_allow_names(p, needs.names, NULL) < 0)
			r = sclog_error_oom(err);
		sclog_runtime_needs_done(&needs);
	}
	if (r == 0 && (n = sclog_policy_names(p, ret)) < 0)
		r = sclog_error_oom(err);
	sclog_policy_free(p);
	return r;
}

/* The notify form: every call but --base's and the runtimes' notified. */
static int notify_profile(const struct sclog_agent_output *o, const char *base_path,
			  const char *sock_path, char **ret_json, struct sclog_error *err)
{
	_cleanup_(sclog_policy_freep) struct sclog_policy *known = NULL;
	int write_unseen = 0, r;

	/*
	 * Allowed, not notified: --base, and the runtimes' own calls, which
	 * every profile holds anyway.  runc's Go init can take a signal
	 * between loading the filter and its parent's fetching the listener:
	 * a notified rt_sigreturn there waits for an agent that has no
	 * listener yet, and the container never starts (seen with runc
	 * 1.1.5 under load).  The execve stays notified: the init's ends
	 * the runtime's hand-over calls (serve.c).
	 */
	known = sclog_policy_new(o->base ? &o->base->default_action : &o->default_action);
	if (!known || (o->base && sclog_policy_merge(known, o->base, NULL) < 0) ||
	    sclog_policy_allow_names(known, o->runtime_names, NULL) == -ENOMEM)
		return sclog_error_oom(err);
	sclog_policy_forget(known, "execve");
	sclog_policy_forget(known, "execveat");
	r = sclog_container_listener_profile(SCLOG_CONTAINER_RUNC, sock_path, known, base_path,
					     &write_unseen, ret_json, err);
	if (r < 0)
		return r;
	/* runc's form allows write unseen: exact while every profile holds it. */
	if (write_unseen && !sclog_strv_contains(o->runtime_names, "write"))
		return sclog_error_set(err, -EOPNOTSUPP,
				       "runc refuses SCMP_ACT_NOTIFY for write, and write is in "
				       "neither --base nor the runtimes' measured sets "
				       "(runtimes.json), so a write could go unseen");
	return 0;
}

int sclog_agent_write_profile(const struct sclog_agent_options *opt,
			      const struct sclog_agent_output *o, const char *sock_path,
			      struct sclog_error *err)
{
	struct sclog_outfile f = { .fd = -1, .dirfd = -1 };
	_cleanup_free_ char *json = NULL;
	int r;

	/* bpf: everything allowed, execve and execveat notified; --base is
	 * left out when the counters are read (collect/bpf/counter.c). */
	if (opt->bpf)
		r = sclog_container_exec_profile(sock_path, &json) < 0 ? sclog_error_oom(err) : 0;
	else
		r = notify_profile(o, opt->base, sock_path, &json, err);
	if (r == 0)
		r = sclog_outfile_open(&f, opt->profile, err);
	if (r == 0)
		r = sclog_outfile_commit(&f, json, strlen(json), err);
	sclog_outfile_done(&f);
	return r;
}
