// SPDX-License-Identifier: GPL-2.0-only
/*
 * A command with a start-up and a serving phase, for the --phase-at
 * recording tests: start-up opens a listening TCP socket (socket, bind,
 * listen) and /dev/null; it sleeps MS milliseconds (0: none); with "ready"
 * it then sends READY=1 to $NOTIFY_SOCKET (socket, sendto, close) and
 * sleeps MS again; then serves:
 * accept4 on the non-blocking socket (EAGAIN, the marker), and three
 * writes to /dev/null.  No other call after the sleep.
 *   phased MS [ready]
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static void notify_ready(void)
{
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	if (!path || strlen(path) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "phased: no usable NOTIFY_SOCKET\n");
		exit(2);
	}
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || sendto(fd, "READY=1", 7, 0, (struct sockaddr *)&sa, sizeof(sa)) != 7) {
		perror("phased: READY=1");
		exit(2);
	}
	close(fd);
}

static void pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	if (ms > 0)
		nanosleep(&ts, NULL);
}

int main(int argc, char **argv)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	long ms = argc > 1 ? atol(argv[1]) : 0;
	int fd, devnull;

	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (fd < 0 || devnull < 0 || bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0 ||
	    listen(fd, 1) < 0) {
		perror("phased: start-up");
		return 2;
	}
	pause_ms(ms);
	if (argc > 2 && strcmp(argv[2], "ready") == 0) {
		notify_ready();
		pause_ms(ms);
	}
	/* The serving phase: raw calls, so no libc helper adds one. */
	syscall(SYS_accept4, fd, NULL, NULL, SOCK_CLOEXEC);
	for (int i = 0; i < 3; i++)
		syscall(SYS_write, devnull, "x", 1);
	syscall(SYS_exit_group, 0);
	return 0;
}
