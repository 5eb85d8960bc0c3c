// SPDX-License-Identifier: GPL-2.0-only
#include <string.h>

#include "sclog/basic/linebuf.h"

int sclog_linebuf_feed(struct sclog_linebuf *lb, const char *data, size_t len, sclog_line_fn fn,
		       void *userdata)
{
	while (len > 0) {
		const char *nl = memchr(data, '\n', len);
		size_t take = nl ? (size_t)(nl - data) : len;

		if (!lb->overlong) {
			if (lb->len + take > sizeof(lb->buf)) {
				/* Too long to be a record: drop the whole line
				 * rather than parse a prefix of it. */
				lb->overlong = 1;
				lb->overlong_lines++;
			} else {
				memcpy(lb->buf + lb->len, data, take);
				lb->len += take;
			}
		}
		if (!nl)
			return 0;
		if (!lb->overlong) {
			int r = fn(userdata, lb->buf, lb->len);

			if (r < 0) {
				lb->len = 0;
				return r;
			}
		}
		lb->len = 0;
		lb->overlong = 0;
		data += take + 1;
		len -= take + 1;
	}
	return 0;
}

int sclog_linebuf_finish(struct sclog_linebuf *lb, sclog_line_fn fn, void *userdata)
{
	int r = 0;

	if (lb->len > 0 && !lb->overlong)
		r = fn(userdata, lb->buf, lb->len);
	lb->len = 0;
	lb->overlong = 0;
	return r;
}
