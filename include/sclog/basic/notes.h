/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_BASIC_NOTES_H
#define SCLOG_BASIC_NOTES_H

#include <stddef.h>

/*
 * Warnings that may say one thing of many items (a million rules an
 * export cannot express): of each kind, the first SCLOG_NOTES_SHOWN are
 * kept and the rest counted, then said in one line, "… and N more like
 * this", so a hostile policy cannot flood a log and the cost stays linear.
 * A kind is a format string: each call site is one.
 */
#define SCLOG_NOTES_SHOWN 3

struct sclog_notes {
	char **list;	 /* the notes kept, in order */
	size_t *kind_of; /* per note kept, its kind */
	size_t n, cap;
	struct sclog_note_kind {
		const char *fmt;
		size_t shown, more, last;
	} * kinds;
	size_t n_kinds;
	int oom; /* a note was lost: finish() fails */
};

/* Add a note of kind @fmt (the format string itself identifies it). */
__attribute__((format(printf, 2, 3))) void sclog_notes_add(struct sclog_notes *n, const char *fmt,
							   ...);

/*
 * The notes as a NULL-terminated array (caller frees with
 * sclog_strv_free()), each kind's count of the ones left out after its
 * last note kept; @n is emptied.  Returns 0, or -ENOMEM (then *@ret is
 * NULL) when memory ran out at any point.
 */
int sclog_notes_finish(struct sclog_notes *n, char ***ret);

#endif
