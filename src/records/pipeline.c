// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <linux/audit.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>

#include "sclog/records/nlframe.h"
#include "sclog/records/pipeline.h"
#include "sclog/records/record.h"

int sclog_pipeline_init(struct sclog_pipeline *pl, uint32_t ses)
{
	*pl = (struct sclog_pipeline){ .ses = ses, .sessions = { ses }, .n_sessions = 1 };
	pl->profile = sclog_profile_new();
	return pl->profile ? 0 : -ENOMEM;
}

void sclog_pipeline_done(struct sclog_pipeline *pl)
{
	pl->profile = sclog_profile_free(pl->profile);
	free(pl->lines);
	pl->lines = NULL;
	sclog_pidset_done(&pl->pids);
}

static int accepted(const struct sclog_pipeline *pl, uint32_t ses)
{
	for (size_t i = 0; i < pl->n_sessions; i++)
		if (pl->sessions[i] == ses)
			return 1;
	return 0;
}

static void accept_session(struct sclog_pipeline *pl, uint32_t ses)
{
	/* (uint32_t)-1 is "unset": a tree that leaves its session for none
	 * makes records that cannot be told from others'. */
	if (accepted(pl, ses))
		return;
	if (pl->n_sessions >= SCLOG_SESSIONS_MAX) {
		pl->counters.sessions_overflow++;
		return;
	}
	pl->sessions[pl->n_sessions++] = ses;
	pl->counters.session_changes++;
}

/* The slot of @arch in the cache of syscall numbers. */
static size_t arch_slot(struct sclog_pipeline *pl, uint32_t arch)
{
	size_t i;

	for (i = 0; i < pl->n_exits && pl->exits[i].arch != arch; i++)
		;
	if (i == pl->n_exits) {
		if (i == sizeof(pl->exits) / sizeof(pl->exits[0]))
			i = 0; /* a hostile mix of arches: recompute */
		else
			pl->n_exits++;
		pl->exits[i].arch = arch;
		pl->exits[i].exit = seccomp_syscall_resolve_name_arch(arch, "exit");
		pl->exits[i].exit_group = seccomp_syscall_resolve_name_arch(arch, "exit_group");
		pl->exits[i].seccomp = seccomp_syscall_resolve_name_arch(arch, "seccomp");
		pl->exits[i].prctl = seccomp_syscall_resolve_name_arch(arch, "prctl");
	}
	return i;
}

/* 1: (@arch, @nr) ends a thread, 2: a process (the exit witnesses), else 0. */
static int exit_kind(struct sclog_pipeline *pl, uint32_t arch, int64_t nr)
{
	size_t i = arch_slot(pl, arch);

	if (nr >= 0 && nr == pl->exits[i].exit_group)
		return 2;
	return nr >= 0 && nr == pl->exits[i].exit;
}

/*
 * Tell on_call of a seccomp() or prctl() call, and of the first record of a
 * watched pid after it (ownfilter.h).
 */
static void note_call(struct sclog_pipeline *pl, const struct sclog_record *r)
{
	size_t slot = arch_slot(pl, r->arch), w;
	int kind = r->nr < 0			    ? 0 :
		   r->nr == pl->exits[slot].seccomp ? 1 :
		   r->nr == pl->exits[slot].prctl   ? 2 :
						      0;
	char comm[17] = "", exe[4096] = "";
	long n;

	for (w = 0; w < pl->n_watch && pl->watch[w] != r->pid; w++)
		;
	if (!kind && w == pl->n_watch)
		return;
	if (w < pl->n_watch)
		pl->watch[w] = pl->watch[--pl->n_watch];
	if ((r->fields & SCLOG_FIELD_COMM) &&
	    (n = sclog_span_decode(&r->comm, comm, sizeof(comm) - 1)) >= 0)
		comm[n] = '\0';
	if ((r->fields & SCLOG_FIELD_EXE) &&
	    (n = sclog_span_decode(&r->exe, exe, sizeof(exe) - 1)) >= 0)
		exe[n] = '\0';
	if (!pl->on_call(pl->on_call_data, kind, r->pid, r->ses,
			 !!(sclog_pidset_get(&pl->pids, r->pid) & SCLOG_PID_MOVED), comm, exe))
		return;
	if (pl->n_watch < SCLOG_PIPELINE_WATCH)
		pl->watch[pl->n_watch++] = r->pid;
}

static void note_pid(struct sclog_pipeline *pl, const struct sclog_record *r)
{
	uint8_t bits = SCLOG_PID_SEEN;
	int kind = exit_kind(pl, r->arch, r->nr);

	/* The pid of a record is the thread group's: a thread's exit says
	 * the process may still run, its exit_group that it ends. */
	if (kind)
		bits |= SCLOG_PID_EXITED;
	if (kind == 2)
		bits |= SCLOG_PID_GONE;
	if (sclog_pidset_set(&pl->pids, r->pid, bits) < 0)
		pl->counters.alloc_failures++;
}

unsigned sclog_pipeline_pid(const struct sclog_pipeline *pl, int32_t pid)
{
	return sclog_pidset_get(&pl->pids, pid);
}

static int is_marker(const struct sclog_pipeline *pl, const struct sclog_record *r)
{
	char comm[sizeof(pl->marker_comm)];
	long n;

	if (!pl->marker_comm[0])
		return r->pid == pl->marker_pid;
	if (r->ses != pl->marker_ses || !(r->fields & SCLOG_FIELD_COMM))
		return 0;
	n = sclog_span_decode(&r->comm, comm, sizeof(comm));
	return n >= 0 && (size_t)n == strlen(pl->marker_comm) &&
	       memcmp(comm, pl->marker_comm, (size_t)n) == 0;
}

int sclog_pipeline_record(struct sclog_pipeline *pl, const char *text, size_t len)
{
	struct sclog_record r;
	int err;

	if (sclog_record_parse(text, len, pl->ordered ? SCLOG_PARSE_STAMP : 0, &r) < 0) {
		pl->counters.malformed++;
		return 0;
	}
	if ((r.fields & SCLOG_FIELD_STAMP) && r.serial > pl->max_serial)
		pl->max_serial = r.serial;
	if (pl->marker_pid > 0 && is_marker(pl, &r)) {
		pl->marker_seen = 1;
		return 0;
	}
	if (!pl->follow) {
		if (r.ses != pl->ses) {
			pl->counters.foreign++;
			return 0;
		}
	} else if (!accepted(pl, r.ses)) {
		/* A process of the tree that started a session of its own
		 * (wrote its loginuid): it, and what it starts, stay ours. A
		 * pid that exited is not followed: it may have been reused. */
		unsigned f = sclog_pidset_get(&pl->pids, r.pid);

		if (!(f & SCLOG_PID_SEEN) || (f & SCLOG_PID_GONE)) {
			pl->counters.foreign++;
			return 0;
		}
		accept_session(pl, r.ses);
		if (sclog_pidset_set(&pl->pids, r.pid, SCLOG_PID_MOVED) < 0)
			pl->counters.alloc_failures++;
	}
	if (pl->follow) {
		if (r.ses != pl->ses)
			pl->counters.followed++;
		note_pid(pl, &r);
		if (pl->on_call)
			note_call(pl, &r);
	}
	if (pl->readysend)
		sclog_readysend_note(pl->readysend, &r);
	if (pl->uncounted_seccomp && r.nr >= 0 && r.nr == pl->exits[arch_slot(pl, r.arch)].seccomp)
		return 0;
	err = sclog_profile_add(pl->profile, &r);
	if (err == -ENOSPC) {
		pl->counters.overflow++;
		return 0;
	}
	if (err == -ENOMEM) {
		pl->counters.alloc_failures++;
		return 0;
	}
	if (err < 0)
		return err;
	pl->counters.records++;
	return 0;
}

/* The value of " @key=" in an AUDIT_LOGIN record; 0 when absent or bad. */
static int login_field(const char *text, size_t len, const char *key, uint32_t *ret)
{
	size_t kn = strlen(key);

	for (size_t i = 0; i + kn < len; i++) {
		uint64_t v = 0;
		size_t j;

		if ((i > 0 && text[i - 1] != ' ') || memcmp(text + i, key, kn) != 0)
			continue;
		for (j = i + kn; j < len && text[j] >= '0' && text[j] <= '9' && v <= UINT32_MAX;
		     j++)
			v = v * 10 + (uint64_t)(text[j] - '0');
		if (j == i + kn || v > UINT32_MAX || (j < len && text[j] != ' '))
			return 0;
		*ret = (uint32_t)v;
		return 1;
	}
	return 0;
}

/*
 * AUDIT_LOGIN (with audit enabled): "pid= uid= … old-auid= auid= tty=
 * old-ses= ses= res=".  A login inside the tree moves it to a new session.
 */
static void on_login(struct sclog_pipeline *pl, const char *text, size_t len)
{
	uint32_t old_ses, ses, res = 0, pid;

	if (!pl->follow || !login_field(text, len, "old-ses=", &old_ses) ||
	    !login_field(text, len, "ses=", &ses))
		return;
	if (login_field(text, len, "res=", &res) && res != 1)
		return;
	if (!accepted(pl, old_ses))
		return;
	accept_session(pl, ses);
	/* The process that started it (a nested audit run, ownfilter.h). */
	if (login_field(text, len, "pid=", &pid) && pid > 0 && pid <= INT32_MAX &&
	    sclog_pidset_set(&pl->pids, (int32_t)pid, SCLOG_PID_MOVED) < 0)
		pl->counters.alloc_failures++;
}

static int on_message(void *userdata, uint16_t type, const char *payload, size_t len)
{
	struct sclog_pipeline *pl = userdata;

	if (type == AUDIT_LOGIN)
		on_login(pl, payload, len);
	if (type != AUDIT_SECCOMP) {
		if (pl->on_other)
			pl->on_other(pl->other_data, type, payload, len);
		pl->counters.other_types++;
		return 0;
	}
	return sclog_pipeline_record(pl, payload, len);
}

int sclog_pipeline_datagram(struct sclog_pipeline *pl, const void *buf, size_t len)
{
	int r = sclog_nlframe_parse(buf, len, on_message, pl);

	if (r == -EBADMSG) {
		pl->counters.bad_frames++;
		return 0;
	}
	return r < 0 ? r : 0;
}

/* Where the "audit(T:S): " header of a line starts, or NULL. */
static const char *find_header(const char *line, size_t len)
{
	for (size_t i = 0; i + 6 <= len; i++) {
		if (memcmp(line + i, "audit(", 6) != 0)
			continue;
		for (size_t j = i + 6; j + 1 < len && line[j] != ' '; j++)
			if (line[j] == ')' && line[j + 1] == ':')
				return line + i;
	}
	return NULL;
}

static int on_line(void *userdata, const char *line, size_t len)
{
	struct sclog_pipeline *pl = userdata;
	const char *header = find_header(line, len), *type = NULL;
	size_t prefix;

	/* Not an audit record at all: another line of a kernel log. */
	if (!header) {
		if (len > 0)
			pl->counters.other_types++;
		return 0;
	}
	/* audit.log and kernel-log lines name their type before the header;
	 * only that prefix is searched, never the untrusted fields after it.
	 * Bare payload lines (one record per line) name none. */
	prefix = (size_t)(header - line);
	for (size_t i = 0; i + 5 <= prefix; i++)
		if (memcmp(line + i, "type=", 5) == 0 && (i == 0 || line[i - 1] == ' '))
			type = line + i + 5;
	if (type) {
		size_t rest = prefix - (size_t)(type - line);

		if (!((rest >= 8 && memcmp(type, "SECCOMP ", 8) == 0) ||
		      (rest >= 5 && memcmp(type, "1326 ", 5) == 0))) {
			pl->counters.other_types++;
			return 0;
		}
	}
	return sclog_pipeline_record(pl, line, len);
}

int sclog_pipeline_text(struct sclog_pipeline *pl, const char *data, size_t len)
{
	if (!pl->lines) {
		pl->lines = calloc(1, sizeof(*pl->lines));
		if (!pl->lines)
			return -ENOMEM;
	}
	if (!data) {
		int r = sclog_linebuf_finish(pl->lines, on_line, pl);

		pl->counters.malformed += pl->lines->overlong_lines;
		pl->lines->overlong_lines = 0;
		return r;
	}
	return sclog_linebuf_feed(pl->lines, data, len, on_line, pl);
}

int sclog_pipeline_damaged(const struct sclog_pipeline *pl)
{
	return pl->counters.malformed || pl->counters.bad_frames || pl->counters.overflow ||
	       pl->counters.alloc_failures || pl->counters.sessions_overflow;
}
