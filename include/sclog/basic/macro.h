/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_BASIC_MACRO_H
#define SCLOG_BASIC_MACRO_H

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#define ELEMENTSOF(x) (sizeof(x) / sizeof((x)[0]))

#define _cleanup_(f) __attribute__((cleanup(f)))

static inline void freep(void *p)
{
	free(*(void **)p);
}
#define _cleanup_free_ _cleanup_(freep)

/* Closes and leaves -1 behind, so a second closep() of the same fd (a
 * done() called twice) cannot close a number reused meanwhile. */
static inline void closep(int *fd)
{
	if (*fd >= 0) {
		int saved = errno;
		close(*fd);
		errno = saved;
	}
	*fd = -1;
}
#define _cleanup_close_ _cleanup_(closep)

/*
 * The cleanup helper of a type whose destructor accepts NULL (and may
 * return NULL): SCLOG_DEFINE_CLEANUP(struct sclog_policy *, sclog_policy_free)
 * defines sclog_policy_freep(), for _cleanup_(sclog_policy_freep).
 */
#define SCLOG_DEFINE_CLEANUP(type, func)                                                           \
	static inline void func##p(type *p)                                                        \
	{                                                                                          \
		(void)func(*p);                                                                    \
	}

/* Hand ownership on: returns the value and leaves NULL (or -1) behind. */
#define TAKE_PTR(p)                                                                                \
	({                                                                                         \
		__typeof__(p) _p_ = (p);                                                           \
		(p) = NULL;                                                                        \
		_p_;                                                                               \
	})
#define TAKE_FD(fd)                                                                                \
	({                                                                                         \
		int _fd_ = (fd);                                                                   \
		(fd) = -1;                                                                         \
		_fd_;                                                                              \
	})

#endif
