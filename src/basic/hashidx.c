// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdlib.h>

#include "sclog/basic/hashidx.h"

uint64_t sclog_hash_bytes(uint64_t h, const void *data, size_t len)
{
	const unsigned char *b = data;

	for (size_t i = 0; i < len; i++)
		h = (h ^ b[i]) * 0x100000001b3ULL;
	return h;
}

/* The empty slot where a value of hash @hash goes (linear probing). */
static size_t free_slot(const uint32_t *slots, size_t cap, uint64_t hash)
{
	size_t i = hash & (cap - 1);

	while (slots[i])
		i = (i + 1) & (cap - 1);
	return i;
}

int64_t sclog_hashidx_find(const struct sclog_hashidx *x, const void *ctx, uint64_t hash,
			   const void *key)
{
	if (!x->cap)
		return -ENOENT;
	for (size_t i = hash & (x->cap - 1); x->slots[i]; i = (i + 1) & (x->cap - 1))
		if (x->ops->equal(ctx, x->slots[i] - 1, key))
			return x->slots[i] - 1;
	return -ENOENT;
}

int sclog_hashidx_reserve(struct sclog_hashidx *x, const void *ctx, size_t n)
{
	uint32_t *slots;
	size_t cap;

	if (n > SIZE_MAX / 4 - x->used)
		return -ENOMEM;
	if (2 * (x->used + n) <= x->cap)
		return 0;
	for (cap = x->cap ? 2 * x->cap : 64; 2 * (x->used + n) > cap;)
		cap *= 2;
	slots = calloc(cap, sizeof(*slots));
	if (!slots)
		return -ENOMEM;
	for (size_t k = 0; k < x->cap; k++)
		if (x->slots[k])
			slots[free_slot(slots, cap, x->ops->hash(ctx, x->slots[k] - 1))] =
				x->slots[k];
	free(x->slots);
	x->slots = slots;
	x->cap = cap;
	return 0;
}

int sclog_hashidx_add(struct sclog_hashidx *x, const void *ctx, uint64_t hash, uint32_t v)
{
	int r;

	if (v == UINT32_MAX)
		return -ERANGE;
	r = sclog_hashidx_reserve(x, ctx, 1);
	if (r < 0)
		return r;
	x->slots[free_slot(x->slots, x->cap, hash)] = v + 1;
	x->used++;
	return 0;
}

void sclog_hashidx_done(struct sclog_hashidx *x)
{
	free(x->slots);
	*x = SCLOG_HASHIDX_INIT(x->ops);
}
