// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target of the audit record parser and the text pipeline.
 *
 * The input is the text of a record (or of a whole log).  Properties checked:
 *  - sclog_record_parse() never reads outside the input, its spans lie inside
 *    it, and a trailing newline does not change the result;
 *  - sclog_span_decode() fits in the span's length and says -ENOSPC, never
 *    writes past, when the output is one byte short;
 *  - sclog_pipeline_text() gives the same profile and counters whether the
 *    log comes in one piece, split at an input-chosen point, or in 3-byte
 *    (and, for inputs of at most 64 bytes, 1-byte) chunks.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "sclog/basic/linebuf.h"
#include "sclog/records/pipeline.h"
#include "sclog/records/record.h"

/* The session the seeds' records belong to (the kernel's "unset" value) and
 * a pid that plays the end-of-run marker, so both branches are reached. */
#define FUZZ_SES 4294967295u
#define FUZZ_MARKER_PID 4242

static void check_span(const struct sclog_span *s, const char *buf, size_t len, const char *what)
{
	char *out;
	long n;

	if (s->ptr < buf || s->len > len || (size_t)(s->ptr - buf) > len - s->len)
		fuzz_fail("%s span outside the input", what);
	/* Exactly sized heap buffers, so ASan sees any overrun. */
	out = malloc(s->len ? s->len : 1);
	if (!out)
		abort();
	n = sclog_span_decode(s, out, s->len);
	if (n < 0 || (size_t)n > s->len)
		fuzz_fail("%s: decode into %zu bytes returned %ld", what, s->len, n);
	free(out);
	if (n > 0) {
		size_t small = (size_t)n - 1;

		out = malloc(small ? small : 1);
		if (!out)
			abort();
		if (sclog_span_decode(s, out, small) != -ENOSPC)
			fuzz_fail("%s: decode into %zu bytes of %ld did not fail", what, small, n);
		free(out);
	}
}

static void check_record(const char *buf, size_t len)
{
	struct sclog_record r, r2;
	int ret = sclog_record_parse(buf, len, SCLOG_PARSE_STAMP, &r), ret2;
	char *nl;

	if (ret != 0 && ret != -EBADMSG)
		fuzz_fail("record_parse returned %d", ret);
	if (ret == 0) {
		if ((r.fields & SCLOG_FIELDS_REQUIRED) != SCLOG_FIELDS_REQUIRED)
			fuzz_fail("record accepted without its required fields");
		if (r.fields & SCLOG_FIELD_COMM)
			check_span(&r.comm, buf, len, "comm");
		if (r.fields & SCLOG_FIELD_EXE)
			check_span(&r.exe, buf, len, "exe");
	}

	/* The same text with a newline appended parses the same. */
	nl = malloc(len + 1);
	if (!nl)
		abort();
	if (len)
		memcpy(nl, buf, len);
	nl[len] = '\n';
	ret2 = sclog_record_parse(nl, len + 1, SCLOG_PARSE_STAMP, &r2);
	if (ret != ret2)
		fuzz_fail("a trailing newline changed the result: %d vs %d", ret, ret2);
	if (ret == 0) {
		if (r.arch != r2.arch || r.nr != r2.nr || r.pid != r2.pid || r.ses != r2.ses ||
		    r.auid != r2.auid || r.sig != r2.sig || r.compat != r2.compat ||
		    r.code != r2.code || r.fields != r2.fields)
			fuzz_fail("a trailing newline changed the fields");
		if (((r.fields & SCLOG_FIELD_COMM) &&
		     (r.comm.len != r2.comm.len || r.comm.quoted != r2.comm.quoted ||
		      r.comm.ptr - buf != r2.comm.ptr - nl)) ||
		    ((r.fields & SCLOG_FIELD_EXE) &&
		     (r.exe.len != r2.exe.len || r.exe.quoted != r2.exe.quoted ||
		      r.exe.ptr - buf != r2.exe.ptr - nl)))
			fuzz_fail("a trailing newline changed comm/exe");
	}
	free(nl);
}

static uint64_t fnv1a(const uint8_t *d, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < n; i++)
		h = (h ^ d[i]) * 0x100000001b3ULL;
	return h;
}

/* Line buffers lent to the pipelines: sclog_pipeline_text() would calloc
 * 64 KiB per pipeline, which under ASan costs more than the parsing. */
static struct sclog_linebuf line_pool[3];

static void pipeline_start(struct sclog_pipeline *pl, int slot)
{
	if (sclog_pipeline_init(pl, FUZZ_SES) < 0)
		abort();
	pl->marker_pid = FUZZ_MARKER_PID;
	pl->ordered = 1; /* the headers' serial and time are read too */
	line_pool[slot].len = 0;
	line_pool[slot].overlong = 0;
	line_pool[slot].overlong_lines = 0;
	pl->lines = &line_pool[slot];
}

static void pipeline_end(struct sclog_pipeline *pl)
{
	pl->lines = NULL; /* lent, not owned */
	sclog_pipeline_done(pl);
}

static void feed(struct sclog_pipeline *pl, const char *d, size_t n)
{
	if (n > 0 && sclog_pipeline_text(pl, d, n) < 0)
		abort();
}

static void finish(struct sclog_pipeline *pl)
{
	if (sclog_pipeline_text(pl, NULL, 0) < 0)
		abort();
}

static void check_chunked(const struct sclog_pipeline *whole, const char *buf, size_t len,
			  size_t chunk)
{
	struct sclog_pipeline pl;
	char what[48];

	pipeline_start(&pl, 2);
	for (size_t off = 0; off < len; off += chunk)
		feed(&pl, buf + off, len - off < chunk ? len - off : chunk);
	finish(&pl);
	snprintf(what, sizeof(what), "%zu-byte chunks", chunk);
	fuzz_counters_equal(&whole->counters, &pl.counters, what);
	fuzz_profiles_equal(whole->profile, pl.profile, what);
	if (whole->marker_seen != pl.marker_seen)
		fuzz_fail("%s: marker_seen differs", what);
	pipeline_end(&pl);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	struct sclog_pipeline whole, split;
	size_t at = size ? (size_t)(fnv1a(data, size) % (size + 1)) : 0;

	check_record(buf, size);

	pipeline_start(&whole, 0);
	feed(&whole, buf, size);
	finish(&whole);

	pipeline_start(&split, 1);
	feed(&split, buf, at);
	feed(&split, buf + at, size - at);
	finish(&split);
	fuzz_counters_equal(&whole.counters, &split.counters, "split in two");
	fuzz_profiles_equal(whole.profile, split.profile, "split in two");
	if (whole.marker_seen != split.marker_seen)
		fuzz_fail("split in two: marker_seen differs");
	pipeline_end(&split);

	check_chunked(&whole, buf, size, 3);
	if (size <= 64)
		check_chunked(&whole, buf, size, 1);

	(void)sclog_pipeline_damaged(&whole);
	pipeline_end(&whole);
	return 0;
}
