// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdlib.h>

#include "sclog/basic/pidset.h"

static size_t slot(const struct sclog_pidset *s, int32_t pid)
{
	size_t i = ((uint32_t)pid * 2654435761u) & (s->cap - 1);

	while (s->pids[i] && s->pids[i] != pid)
		i = (i + 1) & (s->cap - 1);
	return i;
}

static int grow(struct sclog_pidset *s)
{
	size_t cap = s->cap ? s->cap * 2 : 256;
	struct sclog_pidset n = { .cap = cap };

	n.pids = calloc(cap, sizeof(*n.pids));
	n.flags = calloc(cap, sizeof(*n.flags));
	if (!n.pids || !n.flags) {
		free(n.pids);
		free(n.flags);
		return -ENOMEM;
	}
	for (size_t i = 0; i < s->cap; i++) {
		if (!s->pids[i])
			continue;
		size_t j = slot(&n, s->pids[i]);

		n.pids[j] = s->pids[i];
		n.flags[j] = s->flags[i];
	}
	n.size = s->size;
	free(s->pids);
	free(s->flags);
	*s = n;
	return 0;
}

int sclog_pidset_set(struct sclog_pidset *s, int32_t pid, uint8_t bits)
{
	size_t i;

	if (pid <= 0)
		return -EINVAL;
	if (s->cap) {
		i = slot(s, pid);
		if (s->pids[i]) {
			s->flags[i] |= bits;
			return 0;
		}
	}
	if (s->size >= SCLOG_PIDSET_MAX)
		return -ENOSPC;
	/* Keep the load at most one half. */
	if ((s->size + 1) * 2 > s->cap) {
		int r = grow(s);

		if (r < 0)
			return r;
	}
	i = slot(s, pid);
	s->pids[i] = pid;
	s->flags[i] = bits;
	s->size++;
	return 0;
}

uint8_t sclog_pidset_get(const struct sclog_pidset *s, int32_t pid)
{
	if (!s->cap || pid <= 0)
		return 0;
	return s->flags[slot(s, pid)];
}

void sclog_pidset_done(struct sclog_pidset *s)
{
	free(s->pids);
	free(s->flags);
	*s = (struct sclog_pidset){ 0 };
}
