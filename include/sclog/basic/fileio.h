/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_BASIC_FILEIO_H
#define SCLOG_BASIC_FILEIO_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "sclog/basic/error.h"

/* Read at most @max bytes of @path ("-": stdin) into a NUL-terminated buffer. */
int sclog_read_file(const char *path, size_t max, char **ret_buf, size_t *ret_len,
		    struct sclog_error *err);

/*
 * Read at most @max bytes of @fd, named @path in errors; the caller keeps
 * @fd.  As sclog_read_file().
 */
int sclog_read_fd(int fd, const char *path, size_t max, char **ret_buf, size_t *ret_len,
		  struct sclog_error *err);

/*
 * Read at most @size - 1 bytes of the small file @path (a /proc entry) into
 * @buf, NUL-terminated.  Async-signal-safe.  Returns the length, -EIO for
 * an empty file, or -errno.
 */
ssize_t sclog_read_small(const char *path, char *buf, size_t size);

/*
 * The @nth (0: the first) decimal number on the line "@field:" of the
 * status file @path (/proc/PID/status, /proc/PID/task/TID/status), as
 * "Uid: real effective saved fs".  Returns 0 and @ret, -ENODATA when the
 * file has no such line (an older kernel), or -errno (-ENOENT: the
 * process is gone).
 */
int sclog_status_field(const char *path, const char *field, int nth, long *ret);

/*
 * Write @len bytes of @data to @path ("-": stdout) whole or not at all (a
 * temporary file renamed into place).  Returns 0 or -errno with @err set.
 */
int sclog_write_file(const char *path, const char *data, size_t len, struct sclog_error *err);

/*
 * open_memstream(), but growing its buffer with realloc(), which moves
 * large buffers by remapping their pages: glibc's memstream copies and
 * clears the whole buffer at each doubling, a third of the time of a
 * 150 MB export.  *@bufp (NUL-terminated) and *@lenp are set on fclose().
 */
FILE *sclog_memstream(char **bufp, size_t *lenp);

#endif
