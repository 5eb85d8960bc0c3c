/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_BASIC_QUOTE_H
#define SCLOG_BASIC_QUOTE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Text from untrusted input (a policy's names, keys and actions, a file
 * name, a command's exe) made safe for a message, the one way every
 * message does it: a message is then one line that the input cannot end,
 * colour, reorder or make start with its own text (a CI log reads a line
 * starting "::error::" as a command).
 *
 * Escaped: backslash and double quote (\\ and \"), \n \r \t, every other
 * control character (C0, DEL, C1) and every byte that is not UTF-8 as
 * \xHH, and the Unicode characters that break or reorder lines
 * (U+2028, U+2029, bidirectional controls) as \uHHHH.  Printable UTF-8
 * passes as it is.
 */

/* Room for a quoted string in a message: longer ones are cut ("..."). */
#define SCLOG_QUOTE_SIZE 200

/* Quote even text that needs no escaping: for names of things. */
#define SCLOG_QUOTE_ALWAYS 1u

/*
 * Write @s (@len bytes, or up to its NUL with SIZE_MAX) escaped into @buf
 * (@size bytes, at least 16), between double quotes when @flags has
 * SCLOG_QUOTE_ALWAYS or when anything was escaped (so a plain file name
 * reads as itself).  What does not fit is cut at a character and marked
 * "...".  Returns @buf.
 */
const char *sclog_quote(char *buf, size_t size, const char *s, size_t len, unsigned int flags);

/*
 * sclog_quote() of a NUL-terminated @s into a buffer that lives until the
 * end of the enclosing block, for use as a printf argument:
 *   bad("unknown syscall %s", sclog_quoted(name));   -> unknown syscall "a\n::x"
 *   fail("cannot read %s", sclog_quoted_path(path)); -> cannot read p.json
 */
#define sclog_quoted(s)                                                                            \
	sclog_quote((char[SCLOG_QUOTE_SIZE]){ 0 }, SCLOG_QUOTE_SIZE, (s), SIZE_MAX,                \
		    SCLOG_QUOTE_ALWAYS)
#define sclog_quoted_path(s)                                                                       \
	sclog_quote((char[SCLOG_QUOTE_SIZE]){ 0 }, SCLOG_QUOTE_SIZE, (s), SIZE_MAX, 0)

#endif
