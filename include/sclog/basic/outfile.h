/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_BASIC_OUTFILE_H
#define SCLOG_BASIC_OUTFILE_H

#include <stddef.h>

#include "sclog/basic/error.h"

/*
 * An output file written atomically: the directory is resolved once
 * (sclog_path_walk()) and held open, and an unnamed temporary file
 * (O_TMPFILE) is made in it up front, so an unwritable path fails before
 * the command runs and a killed sclog leaves nothing behind; on commit it
 * is written, synced, named and renamed over the target, all relative to
 * that directory.  "-" means standard output; an existing device or FIFO,
 * and a file reached through a /proc link (/dev/stdout), are written in
 * place, never renamed over.
 */
struct sclog_outfile {
	char *path;
	char *base;   /* the last component, in dirfd */
	char *tmp;    /* the temporary name in dirfd, once it has one */
	int dirfd;    /* O_PATH: the directory the file is made in */
	int fd;	      /* -1 for standard output */
	int in_place; /* not a regular file (a device, a FIFO): no rename */
};

/*
 * Prepare @path.  A symlink on the way that the kernel's protected_symlinks
 * rule would not follow (another user's link in a sticky world-writable
 * directory) is refused, whatever that sysctl says.  Returns 0 or a
 * negative errno with @err set.
 */
int sclog_outfile_open(struct sclog_outfile *f, const char *path, struct sclog_error *err);

/*
 * Check that the outputs @a and @b (either may be NULL) are not one file,
 * nor both standard output ("-"), so one cannot overwrite or run into the
 * other.  Returns 0 or -EINVAL with @err set.
 */
int sclog_outfile_distinct(const char *a, const char *b, struct sclog_error *err);

/* Write @data, flush it to disk and rename it into place. */
int sclog_outfile_commit(struct sclog_outfile *f, const char *data, size_t len,
			 struct sclog_error *err);

/* Remove the temporary file if it was not committed, and free @f's state. */
void sclog_outfile_done(struct sclog_outfile *f);

#endif
