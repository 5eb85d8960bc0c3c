/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_BASIC_PATH_WALK_H
#define SCLOG_BASIC_PATH_WALK_H

#include "sclog/basic/error.h"

/*
 * Every directory passed through must be one no other user can change:
 * owned by root or by sclog's user, and not group- or world-writable
 * unless it is sticky (/tmp is fine).  For the directories root keeps
 * private files in, whose names it hands to other programs.
 */
#define SCLOG_WALK_TRUSTED 1u

/*
 * Resolve @path one component at a time, each opened (O_PATH, no follow)
 * relative to the directory reached so far, so that a directory renamed
 * or swapped for a symlink during or after the walk cannot redirect what
 * is later made relative to the result.  A symlink met on the way is
 * followed only if the kernel's protected_symlinks rule allows it
 * (fs/namei.c, may_follow_link(): in a sticky world-writable directory,
 * only a link owned by the caller or by the directory's owner), whatever
 * that sysctl says.
 *
 * On success, @ret_dirfd is an O_PATH descriptor of the directory that
 * holds the last component and @ret_base that component ("." when @path
 * names a directory, as "/" or "dir/" do).  The last component may not
 * exist.  It is never a symlink, except a link in /proc (/proc/self/fd/1:
 * a "magic" link whose text is no path), for which @ret_magic is set: open
 * it relative to @ret_dirfd, never rename over it.  @what starts the error
 * messages ("cannot write").  The caller owns the descriptor and the string.
 * Returns 0 or a negative errno with @err set.
 */
int sclog_path_walk(const char *path, unsigned flags, const char *what, int *ret_dirfd,
		    char **ret_base, int *ret_magic, struct sclog_error *err);

/*
 * Check that the directory @path and every directory on the way to it are
 * trusted (SCLOG_WALK_TRUSTED), and return its resolved absolute name in
 * @ret_path, which then no other user can redirect.  @what starts the
 * error messages ("cannot use TMPDIR").  Returns 0 or a negative errno
 * (-EPERM for an untrusted directory) with @err set.
 */
int sclog_path_trusted_dir(const char *what, const char *path, char **ret_path,
			   struct sclog_error *err);

#endif
