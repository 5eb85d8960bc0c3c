/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_BASIC_LINEBUF_H
#define SCLOG_BASIC_LINEBUF_H

#include <stddef.h>

#define SCLOG_LINE_MAX (64 * 1024)

/* Called with each complete line (without its newline). */
typedef int (*sclog_line_fn)(void *userdata, const char *line, size_t len);

/*
 * Reassembles lines from a byte stream delivered in arbitrary chunks, so a
 * replayed log yields the same lines however it was split.
 */
struct sclog_linebuf {
	char buf[SCLOG_LINE_MAX];
	size_t len;
	int overlong; /* the current line exceeded SCLOG_LINE_MAX */
	unsigned long long overlong_lines;
};

/* Feed @len bytes; returns 0 or the first negative value of @fn. */
int sclog_linebuf_feed(struct sclog_linebuf *lb, const char *data, size_t len, sclog_line_fn fn,
		       void *userdata);

/* Deliver a final line that had no newline. Returns as sclog_linebuf_feed(). */
int sclog_linebuf_finish(struct sclog_linebuf *lb, sclog_line_fn fn, void *userdata);

#endif
