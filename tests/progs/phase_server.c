// SPDX-License-Identifier: GPL-2.0-only
/*
 * Test program: a small TCP server with a start-up phase and a serving
 * phase, as the servers of issue 23 have.
 *   phase_server [-c CONFIG] [-p PIDFILE] [-l LOGFILE] [-P PORTFILE]
 *                [-u UID] PORT
 * Start: read CONFIG, socket/bind/listen on 127.0.0.1:PORT (0: any port,
 * written to PORTFILE), write PIDFILE, drop to UID (setgroups/setgid/setuid;
 * only with -u, the one thing that needs root), send READY=1 to
 * $NOTIFY_SOCKET if set.  Then serve, with epoll_wait and accept4, lines:
 *   ping    -> "pong"
 *   listen  -> a new listening socket on an ephemeral port:
 *              "listened PORT" or "denied ERRNO" (the failing call's errno)
 *   fork    -> "forked PID", written by a child process
 *   thread  -> "threaded", written by a new thread
 *   status  -> "reloads N rotations M"
 * each request also appended to LOGFILE.  SIGHUP re-reads CONFIG (the
 * answers stay the same), SIGUSR1 reopens LOGFILE (log rotation), SIGTERM
 * closes everything, unlinks PIDFILE and exits 0.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/futex.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t got_hup, got_usr1, got_term;
static const char *config, *pidfile, *logfile, *portfile;
static int log_fd = -1;
static unsigned reloads, rotations;

static void on_signal(int sig)
{
	if (sig == SIGHUP)
		got_hup = 1;
	else if (sig == SIGUSR1)
		got_usr1 = 1;
	else
		got_term = 1;
}

/* The config's content does not matter: reading it is what a reload does. */
static int read_config(void)
{
	char buf[4096];
	ssize_t n;
	int fd;

	if (!config)
		return 0;
	fd = open(config, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	do
		n = read(fd, buf, sizeof(buf));
	while (n > 0);
	close(fd);
	return n < 0 ? -EIO : 0;
}

static void reopen_log(void)
{
	if (log_fd >= 0)
		close(log_fd);
	log_fd = logfile ? open(logfile, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644) : -1;
}

static int write_file(const char *path, long value)
{
	char buf[32];
	int fd, len, ok;

	if (!path)
		return 0;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	len = snprintf(buf, sizeof(buf), "%ld\n", value);
	ok = write(fd, buf, (size_t)len) == len;
	close(fd);
	return ok ? 0 : -EIO;
}

/* A listening socket on 127.0.0.1:port; its port in *ret_port. */
static int listen_on(int port, int *ret_port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	socklen_t len = sizeof(sin);
	int fd, one = 1, err;

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_port = htons((unsigned short)port);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0 || listen(fd, 64) < 0 ||
	    getsockname(fd, (struct sockaddr *)&sin, &len) < 0) {
		err = -errno;
		close(fd);
		return err;
	}
	*ret_port = ntohs(sin.sin_port);
	return fd;
}

/* sd_notify by hand: a datagram to the path, '@' for an abstract name. */
static void notify_ready(void)
{
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	size_t len;
	int fd;

	if (!path || (path[0] != '/' && path[0] != '@'))
		return;
	len = strlen(path);
	if (len >= sizeof(sun.sun_path))
		return;
	memcpy(sun.sun_path, path, len);
	if (path[0] == '@')
		sun.sun_path[0] = '\0';
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return;
	sendto(fd, "READY=1", 7, MSG_NOSIGNAL, (struct sockaddr *)&sun,
	       (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len));
	close(fd);
}

__attribute__((format(printf, 2, 3))) static void answer(int conn, const char *fmt, ...)
{
	char buf[96];
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	/* A peer gone before its answer is not the server's failure. */
	(void)!send(conn, buf, (size_t)len, MSG_NOSIGNAL);
}

static void *thread_answer(void *arg)
{
	answer(*(int *)arg, "threaded\n");
	return NULL;
}

static void serve_listen(int conn)
{
	int port, fd = listen_on(0, &port);

	if (fd < 0) {
		answer(conn, "denied %d\n", -fd);
		return;
	}
	close(fd);
	answer(conn, "listened %d\n", port);
}

static void serve_fork(int conn)
{
	pid_t pid = fork();

	if (pid < 0) {
		answer(conn, "denied %d\n", errno);
		return;
	}
	if (pid == 0) {
		answer(conn, "forked %d\n", (int)getpid());
		_exit(0);
	}
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
}

static void serve_thread(int conn)
{
	pthread_t t;
	int err = pthread_create(&t, NULL, thread_answer, &conn);

	if (err) {
		answer(conn, "denied %d\n", err);
		return;
	}
	/*
	 * pthread_join() calls futex only when the thread is still running: a
	 * recording where it never was lacks futex, and the enforced server
	 * then died in a join that got EPERM (SIGSEGV, 1 run in 20).  A wake
	 * of nobody makes the call in every run.
	 */
	syscall(SYS_futex, &conn, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
	pthread_join(t, NULL);
}

static void serve_line(int conn, const char *line)
{
	if (log_fd >= 0 && (write(log_fd, line, strlen(line)) < 0 || write(log_fd, "\n", 1) < 0))
		return;
	if (!strcmp(line, "ping"))
		answer(conn, "pong\n");
	else if (!strcmp(line, "listen"))
		serve_listen(conn);
	else if (!strcmp(line, "fork"))
		serve_fork(conn);
	else if (!strcmp(line, "thread"))
		serve_thread(conn);
	else if (!strcmp(line, "status"))
		answer(conn, "reloads %u rotations %u\n", reloads, rotations);
	else
		answer(conn, "unknown\n");
}

/*
 * One read per request: the clients send a line and wait for its answer, so
 * a read holds whole lines.  Returns 0 when the peer has closed.
 */
static int serve_conn(int conn)
{
	char buf[512], *line, *save = NULL;
	ssize_t n = read(conn, buf, sizeof(buf) - 1);

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return 1;
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	for (line = strtok_r(buf, "\r\n", &save); line; line = strtok_r(NULL, "\r\n", &save))
		serve_line(conn, line);
	return 1;
}

static void handle_signals(void)
{
	if (got_hup) {
		got_hup = 0;
		if (read_config() == 0)
			reloads++;
	}
	if (got_usr1) {
		got_usr1 = 0;
		reopen_log();
		rotations++;
	}
}

static int serve(int lfd)
{
	struct epoll_event ev = { .events = EPOLLIN }, evs[16];
	int ep = epoll_create1(EPOLL_CLOEXEC);

	ev.data.fd = lfd;
	if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev) < 0)
		return 1;
	while (!got_term) {
		/* The timeout closes the window between the flags' check and the wait. */
		int n = epoll_wait(ep, evs, 16, 200);

		handle_signals();
		for (int i = 0; i < n; i++) {
			int fd = evs[i].data.fd;

			if (fd != lfd) {
				if (!serve_conn(fd))
					close(fd); /* also leaves the epoll set */
				continue;
			}
			fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
			ev.data.fd = fd;
			if (fd >= 0 && epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0)
				close(fd);
		}
	}
	close(ep);
	return 0;
}

static int drop_to(const char *uid)
{
	uid_t id = (uid_t)atol(uid);

	if (setgroups(0, NULL) < 0 || setgid(id) < 0 || setuid(id) < 0)
		return -errno;
	return 0;
}

int main(int argc, char **argv)
{
	static const int sigs[] = { SIGHUP, SIGUSR1, SIGTERM, SIGINT };
	struct sigaction sa = { .sa_handler = on_signal };
	const char *uid = NULL;
	int opt, lfd, port, ret;

	while ((opt = getopt(argc, argv, "c:p:l:P:u:")) != -1) {
		switch (opt) {
		case 'c':
			config = optarg;
			break;
		case 'p':
			pidfile = optarg;
			break;
		case 'l':
			logfile = optarg;
			break;
		case 'P':
			portfile = optarg;
			break;
		case 'u':
			uid = optarg;
			break;
		default:
			return 2;
		}
	}
	if (optind != argc - 1)
		return 2;
	signal(SIGPIPE, SIG_IGN);
	for (unsigned i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
	if (read_config() < 0)
		return 1;
	reopen_log();
	lfd = listen_on(atoi(argv[optind]), &port);
	if (lfd < 0) {
		fprintf(stderr, "phase_server: listen: %s\n", strerror(-lfd));
		return 1;
	}
	if (write_file(pidfile, getpid()) < 0 || write_file(portfile, port) < 0)
		return 1;
	if (uid && drop_to(uid) < 0)
		return 1;
	notify_ready();
	ret = serve(lfd);
	close(lfd);
	if (log_fd >= 0)
		close(log_fd);
	if (pidfile)
		unlink(pidfile);
	return ret;
}
