/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_RUN_PHASE_H
#define SCLOG_RUN_PHASE_H

#include <stddef.h>
#include <stdint.h>

#include "sclog/basic/error.h"

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

#endif
