// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <seccomp.h>
#include <stdlib.h>

#include "sclog/basic/macro.h"
#include "sclog/records/readysend.h"

/*
 * The calls that can carry a datagram to NOTIFY_SOCKET.  i386 (and compat)
 * programs may send through socketcall or the direct numbers of Linux 4.3;
 * libseccomp gives each architecture's own number, a negative one where the
 * architecture has no such call (never a record's).
 */
static const char *const send_names[] = {
	"sendto", "sendmsg", "sendmmsg", "send",	   "socketcall",
	"write",  "writev",  "pwritev2", "io_uring_enter",
};
_Static_assert(ELEMENTSOF(send_names) == ELEMENTSOF(((struct sclog_readysend *)0)->arches[0].nr),
	       "one number per name");

/* The send family's numbers for @arch, resolved once per architecture. */
static const int64_t *family(struct sclog_readysend *s, uint32_t arch)
{
	size_t i;

	for (i = 0; i < s->n_arches && s->arches[i].arch != arch; i++)
		;
	if (i == s->n_arches) {
		if (i == ELEMENTSOF(s->arches))
			i = 0; /* a hostile mix of architectures: resolve again */
		else
			s->n_arches++;
		s->arches[i].arch = arch;
		for (size_t k = 0; k < ELEMENTSOF(send_names); k++)
			s->arches[i].nr[k] = seccomp_syscall_resolve_name_arch(arch, send_names[k]);
	}
	return s->arches[i].nr;
}

static int is_send(struct sclog_readysend *s, const struct sclog_record *r)
{
	const int64_t *nr = family(s, r->arch);

	for (size_t k = 0; r->nr >= 0 && k < ELEMENTSOF(send_names); k++)
		if (nr[k] == r->nr)
			return 1;
	return 0;
}

int sclog_readysend_init(struct sclog_readysend *s)
{
	*s = (struct sclog_readysend){ 0 };
	s->ring = calloc(SCLOG_READYSEND_RING, sizeof(*s->ring));
	if (s->ring)
		return 0;
	s->lost = 1;
	return -ENOMEM;
}

void sclog_readysend_done(struct sclog_readysend *s)
{
	free(s->ring);
	*s = (struct sclog_readysend){ 0 };
}

static void candidate(struct sclog_readysend *s, int32_t pid, uint64_t serial, uint64_t ms)
{
	if (pid != s->pid || ms < s->lo_ms || ms > s->hi_ms)
		return;
	if (!s->found || serial < s->serial)
		s->serial = serial;
	s->found = 1;
}

void sclog_readysend_note(struct sclog_readysend *s, const struct sclog_record *r)
{
	struct sclog_readysend_entry *e;

	if (!(r->fields & SCLOG_FIELD_STAMP) || !is_send(s, r))
		return;
	if (s->known) {
		candidate(s, r->pid, r->serial, r->ms);
		return;
	}
	if (!s->ring)
		return;
	if (s->n == SCLOG_READYSEND_RING) {
		/* Full: the oldest goes, and its time says whether it could
		 * have been the send (sclog_readysend_ready()). */
		e = &s->ring[s->head];
		s->head = (s->head + 1) % SCLOG_READYSEND_RING;
		if (!s->overflowed || e->ms > s->evicted_ms)
			s->evicted_ms = e->ms;
		s->overflowed = 1;
	} else {
		e = &s->ring[(s->head + s->n) % SCLOG_READYSEND_RING];
		s->n++;
	}
	*e = (struct sclog_readysend_entry){ .pid = r->pid, .serial = r->serial, .ms = r->ms };
}

void sclog_readysend_ready(struct sclog_readysend *s, int32_t pid, uint64_t ready_ms,
			   uint64_t window_ms)
{
	if (s->known)
		return;
	s->known = 1;
	s->pid = pid;
	s->hi_ms = ready_ms;
	s->lo_ms = ready_ms > window_ms ? ready_ms - window_ms : 0;
	if (s->overflowed && s->evicted_ms >= s->lo_ms)
		s->lost = 1;
	for (size_t i = 0; s->ring && i < s->n; i++) {
		const struct sclog_readysend_entry *e =
			&s->ring[(s->head + i) % SCLOG_READYSEND_RING];

		candidate(s, e->pid, e->serial, e->ms);
	}
	free(s->ring);
	s->ring = NULL;
}

int sclog_readysend_cut(const struct sclog_readysend *s, uint64_t *ret_serial)
{
	if (!s->known || !s->found || s->lost || !s->pid)
		return 0;
	*ret_serial = s->serial;
	return 1;
}
