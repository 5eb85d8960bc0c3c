// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <linux/audit.h>
#include <stdlib.h>
#include <string.h>

#include "sclog/nlframe.h"
#include "sclog/pipeline.h"
#include "sclog/record.h"

int sclog_pipeline_init(struct sclog_pipeline *pl, uint32_t ses)
{
	*pl = (struct sclog_pipeline){ .ses = ses };
	pl->profile = sclog_profile_new();
	return pl->profile ? 0 : -ENOMEM;
}

void sclog_pipeline_done(struct sclog_pipeline *pl)
{
	pl->profile = sclog_profile_free(pl->profile);
	free(pl->lines);
	pl->lines = NULL;
}

int sclog_pipeline_record(struct sclog_pipeline *pl, const char *text, size_t len)
{
	struct sclog_record r;
	int err;

	if (sclog_record_parse(text, len, &r) < 0) {
		pl->counters.malformed++;
		return 0;
	}
	if (pl->marker_pid > 0 && r.pid == pl->marker_pid) {
		pl->marker_seen = 1;
		return 0;
	}
	if (r.ses != pl->ses) {
		pl->counters.foreign++;
		return 0;
	}
	err = sclog_profile_add(pl->profile, &r);
	if (err == -ENOSPC) {
		pl->counters.overflow++;
		return 0;
	}
	if (err < 0)
		return err;
	pl->counters.records++;
	return 0;
}

static int on_message(void *userdata, uint16_t type, const char *payload, size_t len)
{
	struct sclog_pipeline *pl = userdata;

	if (type != AUDIT_SECCOMP) {
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
	return pl->counters.malformed || pl->counters.bad_frames || pl->counters.overflow;
}
