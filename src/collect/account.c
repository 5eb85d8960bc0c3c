// SPDX-License-Identifier: GPL-2.0-only
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <seccomp.h>

#include "sclog/basic/arch.h"
#include "sclog/basic/macro.h"
#include "sclog/collect/account.h"

void sclog_problems_add(struct sclog_problems *p, const char *fmt, ...)
{
	va_list ap;

	if (p->n >= SCLOG_PROBLEMS_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(p->buf[p->n], sizeof(p->buf[0]), fmt, ap);
	va_end(ap);
	p->list[p->n] = p->buf[p->n];
	p->n++;
}

/* A syscall no policy can name cannot be allowed: the profile lacks it. */
static void unnamed(const struct sclog_profile *profile, struct sclog_problems *out)
{
	const struct sclog_syscall **v = NULL;
	long n = profile ? sclog_profile_sorted(profile, &v) : 0;

	if (n < 0) {
		sclog_problems_add(out, "out of memory while checking the syscall names");
		return;
	}
	for (long i = 0; i < n; i++) {
		_cleanup_free_ char *name = sclog_syscall_name(v[i]->arch, v[i]->nr);

		if (!name)
			sclog_problems_add(out,
					   "syscall %lld of audit arch 0x%x has no name in "
					   "libseccomp %u.%u.%u, so no policy can name it (a newer "
					   "libseccomp may know it)",
					   (long long)v[i]->nr, v[i]->arch,
					   seccomp_version()->major, seccomp_version()->minor,
					   seccomp_version()->micro);
	}
	free(v);
}

/* The audit side dropped records before sclog saw them, or may have. */
static void audit_problems(const struct sclog_account *acc, struct sclog_problems *out)
{
	for (size_t i = 0; i < acc->n_exclude_rules && i < ELEMENTSOF(acc->exclude_rules); i++)
		sclog_problems_add(out,
				   "the audit rule '%s', loaded during the run, drops seccomp "
				   "records before sclog sees them; remove it (auditctl -d ...) "
				   "while profiling",
				   acc->exclude_rules[i]);
	if (acc->n_exclude_rules > ELEMENTSOF(acc->exclude_rules))
		sclog_problems_add(out,
				   "%zu more audit exclude rules drop seccomp records "
				   "(auditctl -l lists them)",
				   acc->n_exclude_rules - ELEMENTSOF(acc->exclude_rules));
	else if (acc->exclude_added && !acc->n_exclude_rules)
		sclog_problems_add(out,
				   "an audit exclude rule was added during the run and "
				   "removed before sclog could read it (an AUDIT_CONFIG_CHANGE "
				   "record says so): it may have dropped seccomp records");
	if (acc->unlogged[0])
		sclog_problems_add(out,
				   "\"log\" was missing from "
				   "/proc/sys/kernel/seccomp/actions_logged during the run "
				   "(\"%s\"): the kernel ran the command's calls without "
				   "logging them",
				   acc->unlogged);
	if (acc->rate_limit_set)
		sclog_problems_add(out,
				   "an audit rate limit of %u records a second was set "
				   "during the run (auditctl -r): records beyond it are dropped",
				   acc->rate_limit_set);
	if (acc->settings_msg[0] && strcmp(acc->settings_msg, acc->status_msg) != 0)
		sclog_problems_add(out,
				   "%s (sclog watches the audit settings while the command "
				   "runs)",
				   acc->settings_msg);
	if (acc->witnesses_checked && acc->exits_missing)
		sclog_problems_add(out,
				   "no exit record arrived for %zu of the %zu processes of "
				   "the command that sclog saw exit (pid %d first): their records "
				   "were dropped or could not be attributed",
				   acc->exits_missing, acc->n_exited, (int)acc->first_missing);
}

/* --container: the runtime did not run the program under the recording profile. */
static void container_problems(const struct sclog_account *acc, struct sclog_problems *out)
{
	if (acc->no_listener && acc->no_listener_cause)
		sclog_problems_add(out, "%s", acc->no_listener_cause);
	else if (acc->no_listener)
		sclog_problems_add(out,
				   "the container runtime%s%s%s never sent its seccomp listener "
				   "(linux.seccomp.listenerPath): it failed before it loaded the "
				   "recording profile, or it (or the engine that started it) "
				   "does not pass listenerPath on",
				   acc->runtime_path ? " (" : "",
				   acc->runtime_path ? acc->runtime_path : "",
				   acc->runtime_path ? ")" : "");
	if (acc->exec_expected && !acc->exec_seen)
		sclog_problems_add(out, "no execve was recorded under the recording profile, so "
					"the container's program did not run under it: the runtime "
					"failed before it started the program, or loaded another "
					"filter (an OCI hook, an annotation sclog does not know, a "
					"runtime that ignores linux.seccomp)");
}

/* The collector failed, could not count every call, or its end-of-run
 * marker never came. */
static void collector_problems(const struct sclog_account *acc, struct sclog_problems *out)
{
	if (acc->untracked)
		sclog_problems_add(out,
				   "the bpf program could not track %llu new process%s of "
				   "the command (its map of tracked processes was full): their "
				   "calls were not counted",
				   (unsigned long long)acc->untracked,
				   acc->untracked == 1 ? "" : "es");
	if (acc->uncounted)
		sclog_problems_add(out,
				   "the bpf program could not count %llu call%s (its map of "
				   "unusual syscall numbers was full)",
				   (unsigned long long)acc->uncounted,
				   acc->uncounted == 1 ? "" : "s");
	if (acc->read_error)
		sclog_problems_add(out, "the %s collector failed: %s",
				   acc->collector ? acc->collector : "audit",
				   strerror(-acc->read_error));
	if (!acc->drained)
		sclog_problems_add(out,
				   "the end-of-run marker record did not arrive within "
				   "%.0f s (%s): records still in flight may be missing",
				   acc->drain_timeout,
				   acc->drain_error ? strerror(-acc->drain_error) : "timeout");
}

/* Records counted as lost, cut short, not kept or not parsed. */
static void loss_problems(const struct sclog_account *acc, const struct sclog_counters *c,
			  struct sclog_problems *out)
{
	if (acc->lost_unread)
		sclog_problems_add(out, "%s",
				   acc->status_msg[0] ?
					   acc->status_msg :
					   "the kernel's audit lost counter could not be read");
	/* A reset hides what the counter had counted: say both. */
	if (acc->lost_reset && acc->lost_reset_old)
		sclog_problems_add(out,
				   "the kernel's audit lost counter was reset during the "
				   "run (auditctl --reset-lost) after it had counted %u lost "
				   "records: how many of them were the command's is unknown",
				   acc->lost_reset_old);
	else if (acc->lost_reset)
		sclog_problems_add(out,
				   "the kernel's audit lost counter was reset or wrapped "
				   "during the run (auditctl --reset-lost?): how many records it "
				   "lost is unknown");
	if (acc->records_lost)
		sclog_problems_add(out,
				   "the kernel's audit lost counter grew by %llu during "
				   "the run (audit backlog or rate limit)",
				   (unsigned long long)acc->records_lost);
	if (acc->overflows)
		sclog_problems_add(out,
				   "the audit socket overflowed %llu time%s (ENOBUFS): an "
				   "unknown number of records were dropped; try a larger --rcvbuf",
				   (unsigned long long)acc->overflows,
				   acc->overflows == 1 ? "" : "s");
	if (acc->truncated)
		sclog_problems_add(out,
				   "%llu audit datagram%s did not fit sclog's buffer and "
				   "were cut short",
				   (unsigned long long)acc->truncated,
				   acc->truncated == 1 ? "" : "s");
	if (acc->alloc_failures || c->alloc_failures)
		sclog_problems_add(out, "out of memory: %llu records, pids or exits were not kept",
				   (unsigned long long)(acc->alloc_failures + c->alloc_failures));
	if (c->malformed || c->bad_frames)
		sclog_problems_add(out, "%llu seccomp records could not be parsed",
				   (unsigned long long)(c->malformed + c->bad_frames));
	if (c->overflow)
		sclog_problems_add(out, "more than %d distinct syscalls: %llu records not counted",
				   SCLOG_PROFILE_MAX, (unsigned long long)c->overflow);
}

/*
 * Not records missing but a command that ran otherwise than without
 * sclog, or whose own filters hide calls: its own filters and listener,
 * interrupted calls, set-id programs under no_new_privs.
 */
static void command_problems(const struct sclog_account *acc, struct sclog_problems *out)
{
	/* Under notify the calls they hide did not run: a warning, not a
	 * gap in what ran (recording.c). */
	if (acc->own && sclog_ownfilter_total(acc->own) && sclog_ownfilter_gap(acc->collector)) {
		char who[512];

		sclog_ownfilter_describe(acc->own, who, sizeof(who));
		sclog_problems_add(out, "%s: %s", who, SCLOG_OWN_EFFECT_AUDIT);
	}
	if (acc->own_listener)
		sclog_problems_add(out,
				   "the command asked %llu time%s for a seccomp listener of its "
				   "own (seccomp() with SECCOMP_FILTER_FLAG_NEW_LISTENER) and the "
				   "kernel refused with EBUSY, since the notify collector's "
				   "listener is in its filter chain: it may have taken another "
				   "path; record it without its own sandbox (the audit collector "
				   "lets it have its listener, but misses the calls it answers)",
				   (unsigned long long)acc->own_listener,
				   acc->own_listener == 1 ? "" : "s");
	/* Not a record lost but a command disturbed: the call was restarted
	 * (and recorded) or failed with EINTR, and what the command did next
	 * (a shell's "Cannot fork") is not what it does without sclog. */
	if (acc->unreceived)
		sclog_problems_add(out,
				   "a signal interrupted %llu call%s before sclog received "
				   "%s; " SCLOG_UNRECEIVED_EFFECT ", so the command may not have "
				   "done what it does without sclog: run it again, or use "
				   "--backend audit",
				   (unsigned long long)acc->unreceived,
				   acc->unreceived == 1 ? "" : "s",
				   acc->unreceived == 1 ? "it" : "them");
	if (acc->interrupted_late)
		sclog_problems_add(out,
				   "a signal interrupted %llu call%s after sclog received "
				   "%s; " SCLOG_LATE_EFFECT
				   ", so the command may not have done what it "
				   "does without sclog: run it again",
				   (unsigned long long)acc->interrupted_late,
				   acc->interrupted_late == 1 ? "" : "s",
				   acc->interrupted_late == 1 ? "it" : "them");
	if (acc->setuid_lost)
		sclog_problems_add(out,
				   "%s%s ran under no_new_privs without the privileges its "
				   "set-user-ID/set-group-ID bits or file capabilities would give "
				   "(%llu such exec%s): it may have failed or taken another path; "
				   "profile as root to keep them",
				   acc->setuid_example, acc->setuid_lost > 1 ? " and others" : "",
				   (unsigned long long)acc->setuid_lost,
				   acc->setuid_lost == 1 ? "" : "s");
}

size_t sclog_account_problems(const struct sclog_account *acc, struct sclog_problems *out)
{
	size_t before = out->n;
	const struct sclog_counters *c = &acc->counters;

	audit_problems(acc, out);
	container_problems(acc, out);
	collector_problems(acc, out);
	loss_problems(acc, c, out);
	command_problems(acc, out);
	if (c->sessions_overflow)
		sclog_problems_add(out,
				   "the command moved into more than %d audit sessions: "
				   "the records of the others were not attributed",
				   SCLOG_SESSIONS_MAX);
	if (acc->abandoned)
		sclog_problems_add(out, "processes of the command were still running when "
					"sclog stopped waiting");
	unnamed(acc->profile, out);
	return out->n - before;
}
