/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_RECORDS_RECORD_H
#define SCLOG_RECORDS_RECORD_H

#include <stddef.h>
#include <stdint.h>

/* A span of the input that holds an audit string value as the kernel wrote it. */
struct sclog_span {
	const char *ptr;
	size_t len;
	int quoted; /* "text" form; otherwise hex-encoded or a literal like (null) */
};

/*
 * One AUDIT_SECCOMP record, as printed by the kernel's __audit_seccomp():
 *   auid= uid= gid= ses= [subj=] pid= comm= exe= sig= arch= syscall= compat= ip= code=
 * The spans point into the parsed buffer and live as long as it does.
 */
struct sclog_record {
	uint32_t arch; /* AUDIT_ARCH_* (== SCMP_ARCH_*) */
	int64_t nr;    /* syscall number in that arch's table */
	int32_t pid;   /* thread-group id, initial pid namespace */
	uint32_t ses;  /* audit session id */
	uint32_t auid;
	int64_t sig;
	int compat;
	uint32_t code; /* the seccomp action (data bits stripped) */
	struct sclog_span comm;
	struct sclog_span exe;
	/* SCLOG_FIELD_STAMP: the header's time (realtime ms, the kernel's
	 * coarse clock) and serial (audit's total order); notify: when sclog
	 * received the call and its sequence number. */
	uint64_t ms;
	uint64_t serial;
	unsigned int fields; /* SCLOG_FIELD_* seen */
};

enum {
	SCLOG_FIELD_ARCH = 1u << 0,
	SCLOG_FIELD_SYSCALL = 1u << 1,
	SCLOG_FIELD_PID = 1u << 2,
	SCLOG_FIELD_SES = 1u << 3,
	SCLOG_FIELD_AUID = 1u << 4,
	SCLOG_FIELD_SIG = 1u << 5,
	SCLOG_FIELD_COMPAT = 1u << 6,
	SCLOG_FIELD_CODE = 1u << 7,
	SCLOG_FIELD_COMM = 1u << 8,
	SCLOG_FIELD_EXE = 1u << 9,
	SCLOG_FIELD_STAMP = 1u << 10,
};

/*
 * Fields without which a record cannot be attributed and counted.  code= is
 * the last field the kernel prints, so requiring it also rejects a record
 * cut short (whose syscall= might otherwise read 1 instead of 12).
 */
#define SCLOG_FIELDS_REQUIRED                                                                      \
	(SCLOG_FIELD_ARCH | SCLOG_FIELD_SYSCALL | SCLOG_FIELD_PID | SCLOG_FIELD_SES |              \
	 SCLOG_FIELD_CODE)

/* What sclog_record_parse() reads beyond the fields it always reads. */
enum {
	/* the header's time and serial (SCLOG_FIELD_STAMP): only a run with
	 * a phase boundary orders its records */
	SCLOG_PARSE_STAMP = 1u << 0,
};

/*
 * Parse the text of one seccomp audit record from @buf (@len bytes, not
 * necessarily NUL-terminated; a trailing NUL or newline is ignored).  Accepts
 * the netlink payload ("audit(T:S): auid=…"), an audit.log line
 * ("type=SECCOMP msg=audit(T:S): …") and a kernel log line
 * ("audit: type=1326 audit(T:S): …").  @flags: SCLOG_PARSE_* or 0.
 *
 * Returns 0 and fills @ret, or -EBADMSG when a required field is missing, a
 * known field is duplicated or a value is malformed.  @ret is only written on
 * success.  No allocation; the record's spans point into @buf.
 */
int sclog_record_parse(const char *buf, size_t len, unsigned int flags, struct sclog_record *ret);

/*
 * Decode an audit string value into raw bytes: "quoted" text as is,
 * hex-encoded text (used by the kernel when the value holds spaces, quotes
 * or control bytes) into its bytes, anything else (e.g. "(null)") verbatim.
 * Writes at most @size bytes to @out and returns the decoded length, or
 * -ENOSPC when @out is too small.
 */
long sclog_span_decode(const struct sclog_span *span, char *out, size_t size);

#endif
