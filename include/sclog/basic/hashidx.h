/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_BASIC_HASHIDX_H
#define SCLOG_BASIC_HASHIDX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * A hash index: an open-addressing set of uint32_t values (numbers of
 * things the caller keeps in its own arrays), looked up by a key.  The
 * index holds no keys: the caller says what a value's hash is (to move it
 * when the index grows) and whether a value is the one a key looks for.
 * Both take @ctx, the caller's context, passed to every call.  At most
 * half of the slots are used, so a lookup probes few of them.
 */
struct sclog_hashidx_ops {
	/* The hash of stored value @v: what sclog_hashidx_add() was given. */
	uint64_t (*hash)(const void *ctx, uint32_t v);
	/* True when stored value @v is the one @key stands for. */
	bool (*equal)(const void *ctx, uint32_t v, const void *key);
};

struct sclog_hashidx {
	const struct sclog_hashidx_ops *ops;
	uint32_t *slots; /* 1 + value; 0: an empty slot */
	size_t cap, used;
};

/* An empty index using @ops (a static table). */
#define SCLOG_HASHIDX_INIT(o) ((struct sclog_hashidx){ .ops = (o) })

/*
 * The value stored for @key, whose hash is @hash: ≥ 0, or -ENOENT.  The
 * first found when several are equal to @key.
 */
int64_t sclog_hashidx_find(const struct sclog_hashidx *x, const void *ctx, uint64_t hash,
			   const void *key);

/*
 * Room for @n more values, so that the next @n sclog_hashidx_add() cannot
 * fail.  Returns 0 or -ENOMEM (then @x is unchanged).
 */
int sclog_hashidx_reserve(struct sclog_hashidx *x, const void *ctx, size_t n);

/*
 * Store value @v (< UINT32_MAX) of hash @hash, without looking for an
 * equal one (sclog_hashidx_find() first).  Returns 0, -ENOMEM, or
 * -ERANGE for UINT32_MAX.
 */
int sclog_hashidx_add(struct sclog_hashidx *x, const void *ctx, uint64_t hash, uint32_t v);

/* Free what @x holds; it is empty and usable again, with the same ops. */
void sclog_hashidx_done(struct sclog_hashidx *x);

/* FNV-1a: the hash of @len bytes at @data, continuing from @h. */
uint64_t sclog_hash_bytes(uint64_t h, const void *data, size_t len);

/* The @h to start sclog_hash_bytes() from. */
#define SCLOG_HASH_SEED 0xcbf29ce484222325ULL

#endif
