/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_RUN_REPORT_H
#define SCLOG_RUN_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "sclog/collect/ownfilter.h"
#include "sclog/policy/args.h"
#include "sclog/records/pipeline.h"
#include "sclog/records/profile.h"
#include "sclog/run/phase.h"

/* What a report says about the run besides the profile itself. */
struct sclog_run_info {
	const char *version;
	const char *kernel_release;
	char *const *argv; /* the command, NULL-terminated */
	double duration;   /* seconds */
	int exited;	   /* 1: exited with @status; 0: killed by @status */
	int status;
	uint32_t ses;
	uint64_t lost_enobufs;	 /* ENOBUFS seen on the audit socket ("overflows") */
	uint64_t lost_kernel;	 /* growth of the kernel's audit lost counter */
	int lost_unknown;	 /* that counter was reset, wrapped or unreadable */
	uint64_t settings_polls; /* readings of the audit settings (audit collector) */
	uint64_t truncated;	 /* datagrams cut short */
	uint64_t alloc_failures; /* records, pids or exits not kept for lack of memory */
	int witnesses_checked;	 /* exit records were checked against exits seen */
	size_t exits_seen;	 /* processes sclog reaped after a normal exit */
	size_t exits_missing;	 /* of those, the ones whose exit record never came */
	int has_auid;		 /* auid_before/after are known */
	uint32_t auid_before;	 /* sclog's login uid */
	uint32_t auid_after;	 /* the command's (the auid of its records) */
	int complete;
	const char *const *problems; /* why it is incomplete, if it is */
	size_t n_problems;
	long max_rss_kib;	    /* sclog's own peak resident set */
	const char *base;	    /* --base policy, or NULL */
	size_t new_syscalls;	    /* names the base did not allow */
	const char *runtime;	    /* --for: description of the runtime, or NULL */
	char *const *runtime_names; /* what was added for it, NULL-terminated */
	char *const *enosys_names;  /* fallback syscalls made to return ENOSYS, or NULL */
	char *const *implied_names; /* implied calls added (policy/implied.h), or NULL */
	/* --container: the runtime recorded in place, or NULL */
	const char *container_runtime;	   /* "podman", "crun", "runc" */
	const char *container_path;	   /* e.g. "podman run -> conmon -> crun create + start" */
	int container_nnp;		   /* noNewPrivileges: 1, 0, -1 (the engine's default) */
	const char *container_replaced;	   /* the seccomp setting replaced, or NULL */
	const char *container_annotations; /* what was left out as it bypasses it, or NULL */
	int container_exec;		   /* the workload's execve recorded: 1, 0, -1 unknown */
	const char *container_left;	   /* the first unfiltered helper left running, or NULL */
	size_t container_n_left;	   /* how many were */
	const char *container_listener;	   /* notify: how the listener reached sclog, or NULL */
	uint64_t container_handover;	   /* notify: the listener hand-over calls left out */
	const char *collector;		   /* "audit" or "notify" */
	const char *collector_why;	   /* why it was chosen, or NULL (--backend) */
	uint64_t interrupted;	   /* notify: waits a signal ended (call re-notified or not run) */
	uint64_t unreceived;	   /* notify: calls a signal took out of their wait first */
	uint64_t interrupted_late; /* notify: of @interrupted, the command's (EINTR or restart) */
	/* the data tables read: name, then the file or "embedded", …, NULL */
	const char *const *data_sources;
	const struct sclog_ownfilter *own;	 /* the tree's own seccomp filters, or NULL */
	const char *own_effect;			 /* what they mean for this run's profile */
	const struct sclog_args_spec *args_spec; /* --args: what was recorded, or NULL */
	const struct sclog_args_seen *args_seen;
	const struct sclog_phase_report *phase; /* --phase-at, or NULL */
};

/*
 * Serialise the run report: per syscall its arch, name, number, count, first
 * pid, exe and comm (as "exe_hex"/"comm_hex" when not valid UTF-8), the
 * counters, and @info (with --args, the argument values seen per syscall,
 * and whether the policy can enforce them).  Returns 0 and a string in @ret_json the caller frees,
 * or -ENOMEM.
 */
int sclog_report_json(const struct sclog_profile *p, const struct sclog_counters *c,
		      const struct sclog_run_info *info, char **ret_json);

#endif
