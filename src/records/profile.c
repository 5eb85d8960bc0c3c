// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sclog/basic/macro.h"
#include "sclog/records/profile.h"

static size_t hash(uint32_t arch, int64_t nr, size_t cap)
{
	uint64_t h = ((uint64_t)arch << 32) ^ (uint64_t)nr;

	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return (size_t)h & (cap - 1);
}

struct sclog_profile *sclog_profile_new(void)
{
	struct sclog_profile *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->cap = 64; /* real programs use a few hundred: it grows by doubling */
	p->slots = calloc(p->cap, sizeof(*p->slots));
	if (!p->slots) {
		free(p);
		return NULL;
	}
	return p;
}

struct sclog_profile *sclog_profile_free(struct sclog_profile *p)
{
	if (!p)
		return NULL;
	for (size_t i = 0; i < p->cap; i++) {
		free(p->slots[i].exe);
		free(p->slots[i].comm);
	}
	free(p->slots);
	free(p);
	return NULL;
}

static struct sclog_syscall *find_slot(struct sclog_syscall *slots, size_t cap, uint32_t arch,
				       int64_t nr)
{
	for (size_t i = hash(arch, nr, cap);; i = (i + 1) & (cap - 1)) {
		struct sclog_syscall *s = &slots[i];

		if (!s->used || (s->arch == arch && s->nr == nr))
			return s;
	}
}

static int grow(struct sclog_profile *p)
{
	size_t cap = p->cap * 2;
	struct sclog_syscall *slots = calloc(cap, sizeof(*slots));

	if (!slots)
		return -ENOMEM;
	for (size_t i = 0; i < p->cap; i++)
		if (p->slots[i].used)
			*find_slot(slots, cap, p->slots[i].arch, p->slots[i].nr) = p->slots[i];
	free(p->slots);
	p->slots = slots;
	p->cap = cap;
	return 0;
}

static struct sclog_syscall *lookup_or_insert(struct sclog_profile *p, uint32_t arch, int64_t nr,
					      int *ret_err)
{
	struct sclog_syscall *s = find_slot(p->slots, p->cap, arch, nr);

	if (s->used)
		return s;
	if (p->size >= SCLOG_PROFILE_MAX) {
		*ret_err = -ENOSPC;
		return NULL;
	}
	if ((p->size + 1) * 2 > p->cap) {
		*ret_err = grow(p);
		if (*ret_err < 0)
			return NULL;
		s = find_slot(p->slots, p->cap, arch, nr);
	}
	*s = (struct sclog_syscall){ .arch = arch, .nr = nr, .used = 1 };
	p->size++;
	return s;
}

static char *decode(const struct sclog_span *span, size_t *ret_len)
{
	/* Hex decoding halves the length; literal text keeps it. */
	_cleanup_free_ char *buf = malloc(span->len + 1);
	long n;

	if (!buf)
		return NULL;
	n = sclog_span_decode(span, buf, span->len);
	if (n < 0)
		return NULL;
	buf[n] = '\0';
	*ret_len = (size_t)n;
	return TAKE_PTR(buf);
}

/* Records need not arrive in serial order (audit: two CPUs), so keep both ends. */
static void stamp(struct sclog_syscall *s, uint64_t serial, uint64_t ms)
{
	if (!s->stamped || serial < s->first_serial)
		s->first_serial = serial;
	if (!s->stamped || serial > s->last_serial)
		s->last_serial = serial;
	if (!s->stamped || ms < s->first_ms)
		s->first_ms = ms;
	if (!s->stamped || ms > s->last_ms)
		s->last_ms = ms;
	s->stamped = 1;
}

int sclog_profile_add(struct sclog_profile *p, const struct sclog_record *r)
{
	int err = 0;
	struct sclog_syscall *s = lookup_or_insert(p, r->arch, r->nr, &err);

	if (!s)
		return err;
	if (r->fields & SCLOG_FIELD_STAMP)
		stamp(s, r->serial, r->ms);
	if (s->count++ == 0) {
		s->first_pid = r->pid;
		if (r->fields & SCLOG_FIELD_EXE)
			s->exe = decode(&r->exe, &s->exe_len);
		if (r->fields & SCLOG_FIELD_COMM)
			s->comm = decode(&r->comm, &s->comm_len);
	}
	return 0;
}

int sclog_profile_add_count(struct sclog_profile *p, uint32_t arch, int64_t nr, uint64_t count)
{
	int err = 0;
	struct sclog_syscall *s = lookup_or_insert(p, arch, nr, &err);

	if (!s)
		return err;
	s->count += count;
	return 0;
}

void sclog_profile_stamp(struct sclog_profile *p, uint32_t arch, int64_t nr, uint64_t serial,
			 uint64_t ms)
{
	struct sclog_syscall *s = find_slot(p->slots, p->cap, arch, nr);

	if (s->used)
		stamp(s, serial, ms);
}

void sclog_profile_uncount(struct sclog_profile *p, uint32_t arch, int64_t nr)
{
	struct sclog_syscall *s = find_slot(p->slots, p->cap, arch, nr);

	if (s->used && s->count)
		s->count--;
}

const struct sclog_syscall *sclog_profile_get(const struct sclog_profile *p, uint32_t arch,
					      int64_t nr)
{
	const struct sclog_syscall *s = find_slot(p->slots, p->cap, arch, nr);

	return s->used ? s : NULL;
}

static int cmp_syscall(const void *a, const void *b)
{
	const struct sclog_syscall *x = *(const struct sclog_syscall *const *)a;
	const struct sclog_syscall *y = *(const struct sclog_syscall *const *)b;

	if (x->arch != y->arch)
		return x->arch < y->arch ? -1 : 1;
	return (x->nr > y->nr) - (x->nr < y->nr);
}

long sclog_profile_sorted(const struct sclog_profile *p, const struct sclog_syscall ***ret)
{
	const struct sclog_syscall **v = calloc(p->size ? p->size : 1, sizeof(*v));
	size_t n = 0;

	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < p->cap; i++)
		if (p->slots[i].used)
			v[n++] = &p->slots[i];
	qsort(v, n, sizeof(*v), cmp_syscall);
	*ret = v;
	return (long)n;
}
