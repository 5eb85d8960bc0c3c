// SPDX-License-Identifier: GPL-2.0-only
/* Untrusted text made safe for a message (see quote.h). */
#include <stdio.h>
#include <string.h>

#include "sclog/basic/quote.h"
#include "sclog/basic/utf8.h"

/* Characters that end, break or reorder a line where they are shown. */
static int invisible(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029 ||
	       cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

/* The escape of one character (@n bytes at @s, code point @cp, or an
 * invalid byte when @n is 0) in @out; 0 when it passes as it is. */
static int escape(const char *s, size_t n, uint32_t cp, char out[12])
{
	if (n == 0) {
		snprintf(out, 12, "\\x%02x", (unsigned char)*s);
		return 1;
	}
	switch (cp) {
	case '\\':
		return snprintf(out, 12, "\\\\"), 1;
	case '"':
		return snprintf(out, 12, "\\\""), 1;
	case '\n':
		return snprintf(out, 12, "\\n"), 1;
	case '\r':
		return snprintf(out, 12, "\\r"), 1;
	case '\t':
		return snprintf(out, 12, "\\t"), 1;
	}
	if (!invisible(cp))
		return 0;
	if (cp < 0x80)
		snprintf(out, 12, "\\x%02x", cp);
	else
		snprintf(out, 12, "\\u%04x", cp);
	return 1;
}

const char *sclog_quote(char *buf, size_t size, const char *s, size_t len, unsigned int flags)
{
	int quote = (flags & SCLOG_QUOTE_ALWAYS) != 0;
	size_t w = 0, room;

	if (!s)
		s = "";
	if (len == SIZE_MAX)
		len = strlen(s);
	/* Does it need quotes?  Then they frame it from the start. */
	for (size_t i = 0; i < len && !quote;) {
		uint32_t cp = 0;
		size_t n = sclog_utf8_next(s + i, len - i, &cp);
		char e[12];

		quote = escape(s + i, n, cp, e);
		i += n ? n : 1;
	}
	/* Keep room for the closing quote, "..." and the NUL. */
	room = size - 1 - 3 - (quote ? 1 : 0);
	if (quote)
		buf[w++] = '"';
	for (size_t i = 0; i < len;) {
		uint32_t cp = 0;
		size_t n = sclog_utf8_next(s + i, len - i, &cp), k;
		char e[12];
		const char *piece = e;

		if (escape(s + i, n, cp, e)) {
			k = strlen(e);
		} else {
			piece = s + i;
			k = n;
		}
		if (w + k > room) {
			memcpy(buf + w, "...", 3);
			w += 3;
			break;
		}
		memcpy(buf + w, piece, k);
		w += k;
		i += n ? n : 1;
	}
	if (quote)
		buf[w++] = '"';
	buf[w] = '\0';
	return buf;
}
