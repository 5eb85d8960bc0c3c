// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target of the message a runtime sends `sclog listen` with its
 * seccomp listener (container/agent_state.c): any peer the socket accepts
 * can send anything.  The input is scanned in chunks of 1, 7 and all of it
 * (the end must not depend on the chunking), then parsed.  On success the
 * name must be a safe file name: non-empty, at most SCLOG_AGENT_NAME_MAX
 * bytes, no '/', not starting with '.'; on failure there must be a message.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "sclog/container/agent_state.h"

static long scan(const char *buf, size_t size, size_t chunk)
{
	struct sclog_agent_scan s = { 0 };
	long end = 0;

	for (size_t len = chunk < size ? chunk : size; !end; len += chunk) {
		end = sclog_agent_scan(&s, buf, len < size ? len : size);
		if (len >= size)
			break;
	}
	return end;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	struct sclog_agent_state st = { 0 };
	struct sclog_error err = { 0 };
	long end = scan(buf, size, size ? size : 1);

	if (scan(buf, size, 1) != end || scan(buf, size, 7) != end)
		fuzz_fail("the end of the message depends on the chunking");
	if (end <= 0)
		return 0;
	if (sclog_agent_state_parse(buf, (size_t)end, &st, &err) < 0) {
		if (!err.msg[0])
			fuzz_fail("refused without a message");
		return 0;
	}
	if (!st.name[0] || strlen(st.name) > SCLOG_AGENT_NAME_MAX || strchr(st.name, '/') ||
	    st.name[0] == '.')
		fuzz_fail("unsafe name");
	sclog_agent_state_done(&st);
	return 0;
}
