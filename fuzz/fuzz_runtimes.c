// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target of the runtimes data file reader (policies/runtimes.json is
 * shipped, but --runtimes-file style overrides and packagers' copies make it
 * input like any other file).  The input is the file's text; it is looked up
 * for a few runtime names.  On success the names must be sorted, unique,
 * NULL-terminated and counted; on failure there must be a message.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "sclog/runtimes.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "crun", "runc", "docker", "podman", "a" };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct sclog_runtime_needs n = { 0 };
		struct sclog_error err = { 0 };
		int r = sclog_runtime_lookup((const char *)data, size, "fuzz", names[i], &n, &err);

		if (r < 0) {
			if (!err.msg[0])
				fuzz_fail("lookup failed (%d) without a message", r);
			continue;
		}
		if (!n.description)
			fuzz_fail("no description");
		for (size_t k = 0; k < n.n_names; k++)
			if (!n.names[k] || (k > 0 && strcmp(n.names[k - 1], n.names[k]) >= 0))
				fuzz_fail("names not sorted and unique");
		if (n.names && n.names[n.n_names])
			fuzz_fail("names not NULL-terminated");
		sclog_runtime_needs_done(&n);
	}
	return 0;
}
