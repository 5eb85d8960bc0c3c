// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target of sclog_json_read(), the reader of every untrusted JSON
 * document.  The input is passed with its exact length, ending right before
 * an unmapped page, so a read past it faults in every build.  A refusal
 * must come with a message naming the source; a document read must be
 * written back by sclog_json_format() as text that the reader takes again
 * and that writes back byte-identically (what the reader accepts, sclog
 * can write and read back).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz_common.h"
#include "sclog/basic/json_format.h"
#include "sclog/basic/json_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), map_len = (size / page + 2) * page;
	char *map, *buf, *text = NULL, *again = NULL;
	struct sclog_error err = { 0 };
	json_object *o = NULL, *o2 = NULL;
	int r;

	map = mmap(NULL, map_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (map == MAP_FAILED || mprotect(map + map_len - page, page, PROT_NONE) < 0)
		abort();
	buf = map + map_len - page - size;
	if (size)
		memcpy(buf, data, size);

	r = sclog_json_read(buf, size, "fuzz", &o, &err);
	if (r < 0) {
		if (r != -EINVAL && r != -EFBIG && r != -ENOMEM)
			fuzz_fail("refused with %d", r);
		if (!err.msg[0] || strncmp(err.msg, "fuzz", 4) != 0)
			fuzz_fail("refused (%d) without a message naming the source: %s", r,
				  err.msg);
		goto out;
	}
	if (!o)
		goto out; /* the document "null" */
	if (sclog_json_format(o, &text) < 0)
		abort(); /* out of memory */
	r = sclog_json_read(text, strlen(text), "again", &o2, &err);
	if (r < 0)
		fuzz_fail("sclog's own output is refused: %s\n%s", err.msg, text);
	if (sclog_json_format(o2, &again) < 0)
		abort();
	if (strcmp(text, again) != 0)
		fuzz_fail("written back differently:\n%s\n---\n%s", text, again);
out:
	free(text);
	free(again);
	json_object_put(o);
	json_object_put(o2);
	munmap(map, map_len);
	return 0;
}
