// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target of the runtimes data file reader (policies/runtimes.json is
 * shipped, but --runtimes-file style overrides and packagers' copies make it
 * input like any other file).  The input is the file's text; it is looked up
 * for a few runtime names.  On success the names must be sorted, unique,
 * NULL-terminated and counted; on failure there must be a message.
 *
 * sclog_runtime_lookup() takes (buf, len) but its only caller in sclog
 * passes a NUL-terminated buffer, and the function relies on that (it hands
 * buf to json_tokener_parse()).  By default the input is therefore passed
 * NUL-terminated, so that fuzzing reaches past that known bug; with
 * SCLOG_FUZZ_EXACT_LEN=1 it is passed as the API promises, ending right
 * before an unmapped page, so any read past @len faults in every build.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz_common.h"
#include "sclog/policy/runtimes.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "crun", "runc", "docker", "podman", "a" };
	const char *env = getenv("SCLOG_FUZZ_EXACT_LEN");
	size_t page = (size_t)sysconf(_SC_PAGESIZE), map_len = 0;
	char *map = NULL, *buf;

	if (env && strcmp(env, "1") == 0) {
		map_len = (size / page + 2) * page;
		map = mmap(NULL, map_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1,
			   0);
		if (map == MAP_FAILED || mprotect(map + map_len - page, page, PROT_NONE) < 0)
			abort();
		buf = map + map_len - page - size;
	} else {
		buf = malloc(size + 1);
		if (!buf)
			abort();
		buf[size] = '\0';
	}
	if (size)
		memcpy(buf, data, size);

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct sclog_runtime_needs n = { 0 };
		struct sclog_error err = { 0 };
		int r = sclog_runtime_lookup(buf, size, "fuzz", names[i], &n, &err);

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
	if (map)
		munmap(map, map_len);
	else
		free(buf);
	return 0;
}
