// SPDX-License-Identifier: GPL-2.0-only
/*
 * Runs a program by file descriptor, as fexecve(3) does:
 *   fexec PATH [ARG...]   open PATH, then execveat(fd, "", ..., AT_EMPTY_PATH)
 *   fexec -d DIR NAME [ARG...]
 *                         open DIR, then execveat(dirfd, NAME, ...)
 * argv[0] of the program is PATH or NAME.  A set-user-ID program run so
 * gains its privileges as one run by path (tests of the notify collector's
 * check of set-id programs under no_new_privs).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv)
{
	int dir = strcmp(argc > 1 ? argv[1] : "", "-d") == 0;
	int fd;

	if (argc < 2 + 2 * dir) {
		fprintf(stderr, "usage: fexec PATH [ARG...] | fexec -d DIR NAME [ARG...]\n");
		return 2;
	}
	fd = open(argv[1 + dir], (dir ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		perror(argv[1 + dir]);
		return 1;
	}
	syscall(SYS_execveat, fd, dir ? argv[3] : "", argv + 1 + 2 * dir, environ,
		dir ? 0 : AT_EMPTY_PATH);
	perror("execveat");
	return 1;
}
