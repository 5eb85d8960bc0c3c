// SPDX-License-Identifier: GPL-2.0-only
/*
 * Parser for the kernel's AUDIT_SECCOMP record text.  The input is untrusted
 * (it carries a process's chosen comm and path); every read is bounded by
 * @len and nothing is allocated.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "sclog/records/record.h"

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}

static int hex_val(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return c - 'a' + 10;
}

static int parse_u64(const char *p, size_t n, int base, uint64_t *ret)
{
	uint64_t v = 0;

	if (n == 0 || n > 20)
		return -EBADMSG;
	for (size_t i = 0; i < n; i++) {
		int d;

		if (base == 16 && is_hex(p[i]))
			d = hex_val(p[i]);
		else if (p[i] >= '0' && p[i] <= '9')
			d = p[i] - '0';
		else
			return -EBADMSG;
		if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
			return -EBADMSG;
		v = v * (uint64_t)base + (uint64_t)d;
	}
	*ret = v;
	return 0;
}

static int parse_u32(const char *p, size_t n, int base, uint32_t *ret)
{
	uint64_t v;

	if (parse_u64(p, n, base, &v) < 0 || v > UINT32_MAX)
		return -EBADMSG;
	*ret = (uint32_t)v;
	return 0;
}

static int parse_s64(const char *p, size_t n, int64_t *ret)
{
	uint64_t v;
	bool neg = n > 0 && p[0] == '-';

	if (parse_u64(p + neg, n - neg, 10, &v) < 0 || v > INT64_MAX)
		return -EBADMSG;
	*ret = neg ? -(int64_t)v : (int64_t)v;
	return 0;
}

/*
 * The header's "SECS.MSEC:SERIAL" (kernel/audit.c, audit_log_start()): a
 * coarse realtime clock and audit's own serial, the phase cut's order.
 */
static void parse_stamp(const char *p, size_t n, struct sclog_record *r)
{
	const char *dot = memchr(p, '.', n), *colon = memchr(p, ':', n);
	uint64_t secs, msecs, serial;

	if (!dot || !colon || colon < dot || colon - dot != 4 ||
	    parse_u64(p, (size_t)(dot - p), 10, &secs) < 0 ||
	    parse_u64(dot + 1, 3, 10, &msecs) < 0 ||
	    parse_u64(colon + 1, n - (size_t)(colon + 1 - p), 10, &serial) < 0 ||
	    secs > UINT64_MAX / 1000 - 1)
		return;
	r->ms = secs * 1000 + msecs;
	r->serial = serial;
	r->fields |= SCLOG_FIELD_STAMP;
}

/* Skip the "audit(T:S): " header and anything before it, if present; with
 * SCLOG_PARSE_STAMP in @flags, read T and S. */
static size_t body_start(const char *buf, size_t len, unsigned int flags, struct sclog_record *r)
{
	for (size_t i = 0; i + 6 <= len; i++) {
		if (memcmp(buf + i, "audit(", 6) != 0)
			continue;
		for (size_t j = i + 6; j + 1 < len; j++) {
			if (buf[j] == ')' && buf[j + 1] == ':') {
				if (flags & SCLOG_PARSE_STAMP)
					parse_stamp(buf + i + 6, j - i - 6, r);
				return j + 2;
			}
			if (buf[j] == ' ')
				break;
		}
		break;
	}
	return 0;
}

static int set_field(struct sclog_record *r, unsigned int bit)
{
	if (r->fields & bit)
		return -EBADMSG; /* a duplicate makes the record ambiguous */
	r->fields |= bit;
	return 0;
}

static int store(struct sclog_record *r, const char *k, size_t kn, const char *v, size_t vn,
		 bool quoted)
{
	uint64_t u;

#define KEY(name) (kn == sizeof(name) - 1 && memcmp(k, name, kn) == 0)
	if (KEY("arch")) {
		if (set_field(r, SCLOG_FIELD_ARCH) < 0 || quoted)
			return -EBADMSG;
		return parse_u32(v, vn, 16, &r->arch);
	}
	if (KEY("syscall")) {
		if (set_field(r, SCLOG_FIELD_SYSCALL) < 0 || quoted)
			return -EBADMSG;
		return parse_s64(v, vn, &r->nr);
	}
	if (KEY("pid")) {
		if (set_field(r, SCLOG_FIELD_PID) < 0 || quoted || parse_u64(v, vn, 10, &u) < 0 ||
		    u > INT32_MAX)
			return -EBADMSG;
		r->pid = (int32_t)u;
		return 0;
	}
	if (KEY("ses")) {
		if (set_field(r, SCLOG_FIELD_SES) < 0 || quoted)
			return -EBADMSG;
		return parse_u32(v, vn, 10, &r->ses);
	}
	if (KEY("auid")) {
		if (set_field(r, SCLOG_FIELD_AUID) < 0 || quoted)
			return -EBADMSG;
		return parse_u32(v, vn, 10, &r->auid);
	}
	if (KEY("sig")) {
		if (set_field(r, SCLOG_FIELD_SIG) < 0 || quoted)
			return -EBADMSG;
		return parse_s64(v, vn, &r->sig);
	}
	if (KEY("compat")) {
		if (set_field(r, SCLOG_FIELD_COMPAT) < 0 || quoted ||
		    parse_u64(v, vn, 10, &u) < 0 || u > 1)
			return -EBADMSG;
		r->compat = (int)u;
		return 0;
	}
	if (KEY("code")) {
		if (set_field(r, SCLOG_FIELD_CODE) < 0 || quoted || vn < 3 || v[0] != '0' ||
		    (v[1] != 'x' && v[1] != 'X'))
			return -EBADMSG;
		return parse_u32(v + 2, vn - 2, 16, &r->code);
	}
	if (KEY("comm") || KEY("exe")) {
		bool comm = kn == 4;

		if (set_field(r, comm ? SCLOG_FIELD_COMM : SCLOG_FIELD_EXE) < 0)
			return -EBADMSG;
		*(comm ? &r->comm : &r->exe) =
			(struct sclog_span){ .ptr = v, .len = vn, .quoted = quoted };
		return 0;
	}
#undef KEY
	return 0; /* uid=, gid=, ip=, subj=, and fields of future kernels */
}

int sclog_record_parse(const char *buf, size_t len, unsigned int flags, struct sclog_record *ret)
{
	struct sclog_record r = { 0 };
	size_t i;

	/* auditd's ENRICHED log format appends interpreted fields after an
	 * AUDIT_INTERP_SEPARATOR (0x1d); the record proper ends there. */
	const char *sep = memchr(buf, 0x1d, len);

	if (sep)
		len = (size_t)(sep - buf);
	while (len > 0 && (buf[len - 1] == '\0' || buf[len - 1] == '\n'))
		len--;
	if (memchr(buf, '\0', len))
		return -EBADMSG;

	i = body_start(buf, len, flags, &r);
	while (i < len) {
		size_t ks, ke, vs, ve;
		bool quoted = false;

		while (i < len && buf[i] == ' ')
			i++;
		if (i >= len)
			break;
		ks = i;
		while (i < len && buf[i] != '=' && buf[i] != ' ')
			i++;
		if (i >= len || buf[i] == ' ') {
			/* A word without '=' (e.g. part of an LSM label): skip. */
			continue;
		}
		ke = i++;
		if (i < len && buf[i] == '"') {
			/* The kernel hex-encodes any value holding a quote, so a
			 * quoted value ends at the next quote. */
			const char *q = memchr(buf + i + 1, '"', len - i - 1);

			if (!q)
				return -EBADMSG;
			quoted = true;
			vs = i + 1;
			ve = (size_t)(q - buf);
			i = ve + 1;
		} else {
			vs = i;
			while (i < len && buf[i] != ' ')
				i++;
			ve = i;
		}
		if (ke == ks)
			return -EBADMSG;
		if (store(&r, buf + ks, ke - ks, buf + vs, ve - vs, quoted) < 0)
			return -EBADMSG;
	}

	if ((r.fields & SCLOG_FIELDS_REQUIRED) != SCLOG_FIELDS_REQUIRED)
		return -EBADMSG;
	*ret = r;
	return 0;
}

long sclog_span_decode(const struct sclog_span *span, char *out, size_t size)
{
	bool hex = !span->quoted && span->len > 0 && span->len % 2 == 0;

	for (size_t i = 0; hex && i < span->len; i++)
		hex = is_hex(span->ptr[i]);
	if (hex) {
		if (span->len / 2 > size)
			return -ENOSPC;
		for (size_t i = 0; i < span->len / 2; i++)
			out[i] = (char)(hex_val(span->ptr[2 * i]) << 4 |
					hex_val(span->ptr[2 * i + 1]));
		return (long)(span->len / 2);
	}
	if (span->len > size)
		return -ENOSPC;
	memcpy(out, span->ptr, span->len);
	return (long)span->len;
}
