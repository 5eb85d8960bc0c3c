// SPDX-License-Identifier: GPL-2.0-only
/* What the Docker daemon is, asked through the user's own docker command. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sclog/basic/clock.h"
#include "sclog/basic/macro.h"
#include "sclog/basic/quote.h"
#include "sclog/basic/strv.h"
#include "sclog/container/cmdline_docker.h"
#include "sclog/container/docker_daemon.h"

extern char **environ;

/* A daemon that does not answer in this time will not run a container. */
#define VERSION_TIMEOUT_MS 60000

/* Read what @fd gives into @buf (NUL-terminated, the rest dropped) until
 * its end or the time is up; returns 0 or -ETIMEDOUT. */
static int read_all(int fd, char *buf, size_t size)
{
	double deadline = sclog_now() + VERSION_TIMEOUT_MS / 1000.0;
	size_t len = 0;

	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		double left = deadline - sclog_now();
		char drop[512];
		ssize_t n;

		if (left <= 0)
			return -ETIMEDOUT;
		if (poll(&p, 1, (int)(left * 1000) + 1) < 0 && errno != EINTR)
			return -errno;
		if (!p.revents)
			continue;
		n = len + 1 < size ? read(fd, buf + len, size - len - 1) :
				     read(fd, drop, sizeof(drop));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (len + 1 < size)
			len += (size_t)n;
	}
	buf[len] = '\0';
	return 0;
}

/* The line of @out docker's error is on: the last one that is not empty. */
static const char *last_line(char *out)
{
	char *end = out + strlen(out), *start;

	while (end > out && (end[-1] == '\n' || end[-1] == '\r' || end[-1] == ' '))
		*--end = '\0';
	start = strrchr(out, '\n');
	return start ? start + 1 : out;
}

/* Start @v with stdout and stderr on a pipe; -ENOENT, -EACCES: cannot. */
static int spawn(char **v, pid_t *ret_pid, int *ret_fd)
{
	posix_spawn_file_actions_t fa;
	int fds[2], r;

	if (pipe2(fds, O_CLOEXEC) < 0)
		return -errno;
	r = posix_spawn_file_actions_init(&fa);
	if (r == 0) {
		posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
		posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
		posix_spawn_file_actions_adddup2(&fa, fds[1], 2);
		r = posix_spawnp(ret_pid, v[0], &fa, NULL, v, environ);
		posix_spawn_file_actions_destroy(&fa);
	}
	close(fds[1]);
	if (r != 0) {
		close(fds[0]);
		return -r;
	}
	*ret_fd = fds[0];
	return 0;
}

/*
 * Ask @argv's daemon its version (@info: through `docker info`) into @out;
 * docker's wait status in @ret_status.  Returns 0, 1 when the docker
 * command cannot be started at all, or a negative errno with why in @err.
 */
static int ask(char *const argv[], const struct sclog_container_cmd *c, int info, char *out,
	       size_t size, int *ret_status, struct sclog_error *err)
{
	_cleanup_(sclog_strv_freep) char **v = NULL;
	_cleanup_close_ int fd = -1;
	const char *what = info ? "info" : "version";
	pid_t pid;
	int r;

	if (sclog_container_docker_version_argv(argv, c, info, &v) < 0)
		return sclog_error_oom(err);
	r = spawn(v, &pid, &fd);
	if (r == -ENOENT || r == -EACCES)
		return 1; /* the run says it: 127, 126 */
	if (r < 0)
		return sclog_error_set(err, r, "cannot start '%s %s': %s", argv[0], what,
				       strerror(-r));
	r = read_all(fd, out, size);
	if (r == -ETIMEDOUT)
		kill(pid, SIGKILL); /* our own child, by its pid */
	while (waitpid(pid, ret_status, 0) < 0 && errno == EINTR)
		;
	if (r < 0)
		return sclog_error_set(err, r,
				       "'%s %s' did not answer in %d s: is the Docker daemon "
				       "running?",
				       argv[0], what, VERSION_TIMEOUT_MS / 1000);
	return 0;
}

static int answered(int status, const char *out)
{
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 && out[0];
}

int sclog_container_docker_check(char *const argv[], const struct sclog_container_cmd *c,
				 struct sclog_error *err)
{
	struct sclog_error ignored = { 0 };
	char out[1024], again[1024], quoted[SCLOG_QUOTE_SIZE];
	int r, status = 0, info_status = 0;

	r = ask(argv, c, 0, out, sizeof(out), &status, err);
	if (r != 0)
		return r > 0 ? 0 : r;
	/* Docker 26 under rootlesskit --net=host (a rootless daemon with no
	 * network driver) fails `docker version`: moby's daemon/info_unix.go,
	 * fillRootlessVersion(), reads the NetworkDriver of rootlesskit's
	 * info, nil there, and the request ends in EOF.  `docker info` tells
	 * the same version. */
	if (!answered(status, out) &&
	    ask(argv, c, 1, again, sizeof(again), &info_status, &ignored) == 0 &&
	    answered(info_status, again))
		return sclog_container_docker_judge(last_line(again), err);
	if (!answered(status, out))
		return sclog_error_set(
			err, -EIO,
			"cannot ask the Docker daemon its version ('%s version' "
			"exited with %d): %s",
			argv[0], WIFEXITED(status) ? WEXITSTATUS(status) : 128,
			sclog_quote(quoted, sizeof(quoted), last_line(out), SIZE_MAX, 0));
	return sclog_container_docker_judge(last_line(out), err);
}
