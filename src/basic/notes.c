// SPDX-License-Identifier: GPL-2.0-only
/* Warnings of many items, summarised per kind (see notes.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "sclog/basic/notes.h"
#include "sclog/basic/strv.h"

void sclog_notes_add(struct sclog_notes *n, const char *fmt, ...)
{
	struct sclog_note_kind *k = NULL;
	size_t i;
	va_list ap;
	char *s;

	for (i = 0; i < n->n_kinds && !k; i++)
		if (n->kinds[i].fmt == fmt)
			k = &n->kinds[i];
	if (!k) {
		struct sclog_note_kind *v = realloc(n->kinds, (n->n_kinds + 1) * sizeof(*v));

		if (!v) {
			n->oom = 1;
			return;
		}
		n->kinds = v;
		k = &n->kinds[n->n_kinds++];
		*k = (struct sclog_note_kind){ .fmt = fmt };
	}
	if (k->shown == SCLOG_NOTES_SHOWN) {
		k->more++;
		return;
	}
	if (n->n + 1 >= n->cap) {
		size_t cap = n->cap ? 2 * n->cap : 16;
		char **l = realloc(n->list, cap * sizeof(*l));
		size_t *o = l ? realloc(n->kind_of, cap * sizeof(*o)) : NULL;

		if (l)
			n->list = l;
		if (!o) {
			n->oom = 1;
			return;
		}
		n->kind_of = o;
		n->cap = cap;
	}
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0) {
		va_end(ap);
		n->oom = 1;
		return;
	}
	va_end(ap);
	k->last = n->n;
	k->shown++;
	n->kind_of[n->n] = (size_t)(k - n->kinds);
	n->list[n->n++] = s;
}

int sclog_notes_finish(struct sclog_notes *n, char ***ret)
{
	char **v = calloc(n->n + n->n_kinds + 1, sizeof(*v));
	size_t w = 0;
	int oom = n->oom || !v;

	for (size_t i = 0; i < n->n; i++) {
		const struct sclog_note_kind *k = &n->kinds[n->kind_of[i]];

		if (oom) {
			free(n->list[i]);
			continue;
		}
		v[w++] = n->list[i];
		if (k->last == i && k->more &&
		    asprintf(&v[w++], "… and %zu more like this", k->more) < 0) {
			v[--w] = NULL;
			oom = 1;
		}
	}
	free(n->list);
	free(n->kind_of);
	free(n->kinds);
	*n = (struct sclog_notes){ 0 };
	if (oom) {
		sclog_strv_free(v);
		*ret = NULL;
		return -ENOMEM;
	}
	*ret = v;
	return 0;
}
