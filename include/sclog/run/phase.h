/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_RUN_PHASE_H
#define SCLOG_RUN_PHASE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "sclog/basic/error.h"
#include "sclog/records/profile.h"

/*
 * A phase boundary (`--phase-at`): the moment a server stops starting up and
 * serves.  The calls made from it on form the serving phase; the boundary's
 * own call belongs to the serving phase.  docs/phases.md.
 */
enum sclog_phase_kind {
	SCLOG_PHASE_NONE,    /* no boundary: one phase, as without --phase-at */
	SCLOG_PHASE_SYSCALL, /* the first call of a syscall by any process of the tree */
	SCLOG_PHASE_READY,   /* sd_notify READY=1 on the NOTIFY_SOCKET sclog provides */
	SCLOG_PHASE_SECONDS, /* a time after the command started */
};

struct sclog_phase {
	enum sclog_phase_kind kind;
	const char *at;	  /* the argument as given (points into it), NULL for NONE */
	int nr;		  /* SYSCALL: native syscall number (libseccomp's resolver) */
	const char *name; /* SYSCALL: its name (points into the argument) */
	uint64_t ms;	  /* SECONDS: milliseconds after the start */
};

/*
 * Parse a boundary: a syscall name of the native architecture ("accept4"),
 * "ready", or seconds after the start ("2", "2.5", at most 3 decimals, up to
 * SCLOG_PHASE_MAX_SECONDS).  Fills @ret (which then points into @arg, so
 * @arg must outlive it).  Returns 0, or -EINVAL with @err saying what is
 * accepted; @ret is written only on success.  Pure.
 */
int sclog_phase_parse(const char *arg, struct sclog_phase *ret, struct sclog_error *err);

/* The largest SECONDS boundary: a day is longer than any start-up. */
#define SCLOG_PHASE_MAX_SECONDS 86400

/* The name of @kind for the report: "none", "syscall", "ready", "seconds". */
const char *sclog_phase_kind_name(enum sclog_phase_kind kind);

/*
 * Whether the datagram @buf of @len bytes (sd_notify's format: lines of
 * VAR=VALUE) holds the line READY=1.  Pure.
 */
int sclog_phase_ready_in(const char *buf, size_t len);

/*
 * READY: bind a SOCK_DGRAM unix socket "notify" in @dir (sclog's private
 * directory) for NOTIFY_SOCKET, with SO_PASSCRED on and mode 0666 (a
 * command run as another user must be able to send; the directory decides
 * who reaches it).  Returns the socket (non-blocking, close-on-exec) and
 * sets *@ret_path (malloc'd, the caller frees) to the path to export as
 * NOTIFY_SOCKET; -errno on failure (-ENAMETOOLONG when the path does not
 * fit in sun_path).
 */
int sclog_phase_ready_open(const char *dir, char **ret_path);

/*
 * Read every datagram waiting on @fd (without blocking) and close any
 * descriptor passed with one.  Returns 1 when one of them carried the line
 * READY=1, 0 otherwise, -errno when reading failed.
 */
int sclog_phase_ready_read(int fd);

/*
 * As sclog_phase_ready_read(), and when 1 is returned: *@ret_ms is the
 * realtime ms at which the first READY=1 of them was sent, the kernel's
 * receive timestamp (SO_TIMESTAMP, taken in the sender's sendmsg), so a
 * call its sender makes afterwards is never earlier (without a timestamp,
 * the time of the read); *@ret_pid is its sender's thread group
 * (SCM_CREDENTIALS, in sclog's pid namespace), 0 when none came.
 */
int sclog_phase_ready_read_at(int fd, uint64_t *ret_ms, pid_t *ret_pid);

/*
 * A copy of @env for the command with NOTIFY_SOCKET=@path, replacing any
 * inherited one (*@ret_replaced: its value, or NULL; points into @env).
 * Freed with sclog_user_environ_free(); 0 or -ENOMEM.
 */
int sclog_phase_environ(char *const *env, const char *path, char ***ret_env,
			const char **ret_replaced);

/* READY's NOTIFY_SOCKET for one command (sclog_phase_ready_setup()). */
struct sclog_phase_ready {
	char *dir;	      /* the private directory, NULL: none made */
	char *path;	      /* its socket, the command's NOTIFY_SOCKET */
	int fd;		      /* the socket (sclog_phase_ready_open()), or -1 */
	char **envp;	      /* the command's environment (sclog_phase_environ()) */
	const char *replaced; /* the inherited NOTIFY_SOCKET replaced, or NULL */
};

/*
 * READY, for run and for phased enforcement: a private directory
 * sclog-ready-XXXXXX in $TMPDIR (when short enough for a socket's path)
 * or /tmp, owned by sclog's user, mode 0700, or 0711 when the command runs
 * as another user (@for_user), who reaches the socket by the path only
 * its environment holds; the socket in it; @env with NOTIFY_SOCKET.
 * Returns 0, or -errno with @err set; either way release @r with
 * sclog_phase_ready_done().
 */
int sclog_phase_ready_setup(struct sclog_phase_ready *r, char *const *env, int for_user,
			    struct sclog_error *err);

/* Close and remove what sclog_phase_ready_setup() made ({ .fd = -1 } too). */
void sclog_phase_ready_done(struct sclog_phase_ready *r);

/*
 * Where a READY or SECONDS boundary cuts (a SYSCALL one finds its own in
 * the profile): from the serial @serial on with @by_serial, else from
 * @at_ms less @margin_ms on.
 */
struct sclog_phase_cut {
	uint64_t at_ms;	    /* the boundary's realtime ms; 0: it never came */
	uint64_t margin_ms; /* how far back a time cut moves */
	uint64_t serial;    /* with @by_serial: the first serial in the serving phase */
	int by_serial;
};

/*
 * The audit serials read before a time (READY and SECONDS under audit).
 * After each read of records sclog notes the time (the precise clock, read
 * once the read returned) and the largest serial read so far.  A record
 * read before a time T was made before T, and audit numbers all its
 * records from one counter, so a call made at or after T has a larger
 * serial than every one of them: the cut at T is that serial plus one,
 * whatever the records' own (coarse) clock says.  Records still on their
 * way at T fall on the serving side, never the other way.
 */
#define SCLOG_PHASE_MARKS 256 /* READY: reads that saw a new serial, kept */

struct sclog_phase_marks {
	struct {
		uint64_t ms, serial;
	} ring[SCLOG_PHASE_MARKS];
	size_t next, n;	 /* where the next mark goes, how many are held */
	int dropped;	 /* the ring let a mark go */
	uint64_t at_ms;	 /* a boundary known ahead (SECONDS), 0: none */
	uint64_t before; /* with @at_ms: the largest serial read before it */
};

/* Note a read of records that returned before @now_ms (realtime) and the
 * largest serial read so far, @serial.  Pure. */
void sclog_phase_marks_note(struct sclog_phase_marks *m, uint64_t now_ms, uint64_t serial);

/*
 * The first serial that may belong to a call at or after @at_ms (realtime):
 * 1 and *@ret_serial, or 0 when the marks no longer reach back that far
 * (READY read after more than SCLOG_PHASE_MARKS reads past it).  Pure.
 */
int sclog_phase_marks_cut(const struct sclog_phase_marks *m, uint64_t at_ms, uint64_t *ret_serial);

/*
 * The coarse clock of the audit records lags the precise one by a tick,
 * more when ticks come late (a loaded virtual machine), never by this
 * much (250 ticks at HZ=250): how far before READY=1 its send is sought
 * (records/readysend.h), and how far back a time cut under audit moves
 * when neither that nor the marks can cut.
 */
#define SCLOG_PHASE_COARSE_MARGIN_MS 1000

/*
 * The serving phase of @whole: a new profile (*@ret_serving) of the
 * entries with a record at or after the boundary @ph.  SYSCALL: the first
 * record of (native arch, @ph->nr) by serial is the boundary, and its own
 * record is in (@cut is not read); READY and SECONDS: as @cut says, records
 * in the boundary's serial or millisecond in (so the serving phase may be
 * larger than the truth, never smaller).  Entries without stamps are kept.
 * Returns 1 and the boundary's realtime ms in *@ret_at_ms, 0 when it never
 * came (nothing written), -ENOMEM.
 */
int sclog_phase_split(const struct sclog_profile *whole, const struct sclog_phase *ph,
		      const struct sclog_phase_cut *cut, struct sclog_profile **ret_serving,
		      uint64_t *ret_at_ms);

/*
 * The names of @whole's syscalls missing from @serving (NULL-terminated,
 * sorted by architecture then number, freed with sclog_strv_free()).
 * Returns their count or -ENOMEM.
 */
long sclog_phase_only_before(const struct sclog_profile *whole, const struct sclog_profile *serving,
			     char ***ret_names);

/* What the report says of the boundary (run/report.h). */
struct sclog_phase_report {
	const struct sclog_phase *phase;
	int seen;
	uint64_t ms_after_start; /* when it came, with @seen */
	char **only_before;	 /* the calls seen only before it, NULL-terminated */
	size_t serving_syscalls; /* entries of the serving profile */
	/* With @seen: "serial" (audit's serials, notify's order of receipt)
	 * or "time", and how far before the boundary a time cut starts, ms */
	const char *cut;
	uint64_t margin_ms;
};

#endif
