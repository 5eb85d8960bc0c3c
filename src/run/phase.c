// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <fcntl.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "sclog/basic/arch.h"
#include "sclog/basic/macro.h"
#include "sclog/basic/strv.h"
#include "sclog/basic/user.h"
#include "sclog/run/phase.h"

#define ACCEPTED                                                                                   \
	"a syscall name (accept4), \"ready\" (sd_notify READY=1) or seconds after the start "      \
	"(2.5, at most 3 decimals)"

/* "2", "2.5", "0.125" -> milliseconds; -EINVAL for anything else. */
static int parse_seconds(const char *s, uint64_t *ret_ms)
{
	uint64_t secs = 0, frac = 0;
	int decimals = 0;
	const char *p = s;

	if (*p < '0' || *p > '9')
		return -EINVAL;
	for (; *p >= '0' && *p <= '9'; p++) {
		secs = secs * 10 + (uint64_t)(*p - '0');
		if (secs > SCLOG_PHASE_MAX_SECONDS)
			return -ERANGE;
	}
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return -EINVAL;
		for (; *p >= '0' && *p <= '9'; p++, decimals++) {
			if (decimals == 3)
				return -EINVAL;
			frac = frac * 10 + (uint64_t)(*p - '0');
		}
	}
	if (*p)
		return -EINVAL;
	for (; decimals < 3; decimals++)
		frac *= 10;
	if (secs * 1000 + frac > (uint64_t)SCLOG_PHASE_MAX_SECONDS * 1000)
		return -ERANGE;
	*ret_ms = secs * 1000 + frac;
	return 0;
}

int sclog_phase_parse(const char *arg, struct sclog_phase *ret, struct sclog_error *err)
{
	struct sclog_phase ph = { .at = arg };
	int r;

	if (!arg || !*arg)
		return sclog_error_set(err, -EINVAL, "--phase-at: empty; give " ACCEPTED);
	if (strcmp(arg, "ready") == 0) {
		ph.kind = SCLOG_PHASE_READY;
	} else if (*arg >= '0' && *arg <= '9') {
		/* No syscall name starts with a digit, so a number is a time. */
		r = parse_seconds(arg, &ph.ms);
		if (r == -ERANGE)
			return sclog_error_set(err, -EINVAL, "--phase-at %s: more than %d seconds",
					       arg, SCLOG_PHASE_MAX_SECONDS);
		if (r < 0)
			return sclog_error_set(err, -EINVAL,
					       "--phase-at %s: not a time; give " ACCEPTED, arg);
		ph.kind = SCLOG_PHASE_SECONDS;
	} else {
		ph.nr = seccomp_syscall_resolve_name(arg);
		if (ph.nr == __NR_SCMP_ERROR || ph.nr < 0)
			return sclog_error_set(
				err, -EINVAL,
				"--phase-at %s: not a syscall of this architecture; give " ACCEPTED,
				arg);
		ph.kind = SCLOG_PHASE_SYSCALL;
		ph.name = arg;
	}
	*ret = ph;
	return 0;
}

const char *sclog_phase_kind_name(enum sclog_phase_kind kind)
{
	switch (kind) {
	case SCLOG_PHASE_SYSCALL:
		return "syscall";
	case SCLOG_PHASE_READY:
		return "ready";
	case SCLOG_PHASE_SECONDS:
		return "seconds";
	default:
		return "none";
	}
}

int sclog_phase_ready_in(const char *buf, size_t len)
{
	static const char want[] = "READY=1";
	const size_t n = sizeof(want) - 1;

	/* sd_notify(3): newline-separated assignments; a line must be exactly READY=1. */
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(buf + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - buf) : len;

		if (end - i == n && memcmp(buf + i, want, n) == 0)
			return 1;
		i = end + 1;
	}
	return 0;
}

int sclog_phase_ready_open(const char *dir, char **ret_path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	_cleanup_close_ int fd = -1;
	_cleanup_free_ char *path = NULL;
	int one = 1;

	if (asprintf(&path, "%s/notify", dir) < 0)
		return -ENOMEM;
	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	memcpy(sa.sun_path, path, strlen(path) + 1);
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	if (setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &one, sizeof(one)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_TIMESTAMP, &one, sizeof(one)) < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return -errno;
	if (chmod(path, 0666) < 0)
		return -errno;
	*ret_path = TAKE_PTR(path);
	return TAKE_FD(fd);
}

/*
 * The directory stays root's (sclog's user's): one owned by --user's user
 * in a sticky /tmp could be renamed by that user and replaced by a
 * symlink, and the unlink and rmdir of sclog_phase_ready_done(), as root,
 * would follow it.  With --user it is 0711: that user reaches the socket
 * by its random name, which only the command's environment holds (its
 * /proc/PID/environ is that user's and root's to read); a sender can only
 * move the boundary earlier.
 */
int sclog_phase_ready_setup(struct sclog_phase_ready *r, char *const *env, int for_user,
			    struct sclog_error *err)
{
	const char *tmp = getenv("TMPDIR");

	*r = (struct sclog_phase_ready){ .fd = -1 };
	if (asprintf(&r->dir, "%s/sclog-ready-XXXXXX",
		     tmp && *tmp && strlen(tmp) < 80 ? tmp : "/tmp") < 0) {
		r->dir = NULL;
		return sclog_error_oom(err);
	}
	if (!mkdtemp(r->dir)) {
		int e = errno;

		free(r->dir);
		r->dir = NULL;
		return sclog_error_set(err, -e, "cannot create a directory for NOTIFY_SOCKET: %s",
				       strerror(e));
	}
	if (for_user && chmod(r->dir, 0711) < 0)
		return sclog_error_set(err, -errno, "chmod %s: %m", r->dir);
	r->fd = sclog_phase_ready_open(r->dir, &r->path);
	if (r->fd < 0)
		return sclog_error_set(err, r->fd, "cannot create the NOTIFY_SOCKET in %s: %s",
				       r->dir, strerror(-r->fd));
	if (sclog_phase_environ(env, r->path, &r->envp, &r->replaced) < 0)
		return sclog_error_oom(err);
	return 0;
}

void sclog_phase_ready_done(struct sclog_phase_ready *r)
{
	closep(&r->fd);
	if (r->path)
		unlink(r->path);
	if (r->dir)
		rmdir(r->dir);
	free(r->path);
	free(r->dir);
	sclog_user_environ_free(r->envp);
	*r = (struct sclog_phase_ready){ .fd = -1 };
}

static uint64_t timeval_ms(const struct timeval *tv)
{
	return (uint64_t)tv->tv_sec * 1000 + (uint64_t)tv->tv_usec / 1000;
}

/*
 * A sender may pass descriptors along (SCM_RIGHTS); none is wanted, none
 * may leak.  Returns the datagram's timestamp in ms, 0 when it has none;
 * its sender's pid in *@ret_pid, 0 when none came.
 */
static uint64_t read_control(struct msghdr *mh, pid_t *ret_pid)
{
	uint64_t ms = 0;

	*ret_pid = 0;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(mh); c; c = CMSG_NXTHDR(mh, c)) {
		if (c->cmsg_level != SOL_SOCKET)
			continue;
		if (c->cmsg_type == SO_TIMESTAMP &&
		    c->cmsg_len >= CMSG_LEN(sizeof(struct timeval))) {
			struct timeval tv;

			memcpy(&tv, CMSG_DATA(c), sizeof(tv));
			ms = timeval_ms(&tv);
		}
		if (c->cmsg_type == SCM_CREDENTIALS &&
		    c->cmsg_len >= CMSG_LEN(sizeof(struct ucred))) {
			struct ucred uc;

			memcpy(&uc, CMSG_DATA(c), sizeof(uc));
			*ret_pid = uc.pid;
		}
		if (c->cmsg_type != SCM_RIGHTS)
			continue;
		size_t n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		int *fds = (int *)CMSG_DATA(c);

		for (size_t i = 0; i < n; i++)
			close(fds[i]);
	}
	return ms;
}

int sclog_phase_ready_read(int fd)
{
	uint64_t ms;
	pid_t pid;

	return sclog_phase_ready_read_at(fd, &ms, &pid);
}

int sclog_phase_ready_read_at(int fd, uint64_t *ret_ms, pid_t *ret_pid)
{
	uint64_t first = 0;
	pid_t sender = 0;
	int ready = 0;

	for (;;) {
		/* sd_notify's datagrams are small; a longer one is cut, and READY=1
		 * past 4 KiB is not seen (systemd itself reads at most PIPE_BUF+1). */
		char buf[4096],
			ctl[CMSG_SPACE(sizeof(struct ucred)) + CMSG_SPACE(sizeof(struct timeval)) +
			    CMSG_SPACE(sizeof(int) * 16)];
		struct iovec iov = { buf, sizeof(buf) };
		struct msghdr mh = { .msg_iov = &iov,
				     .msg_iovlen = 1,
				     .msg_control = ctl,
				     .msg_controllen = sizeof(ctl) };
		ssize_t n = recvmsg(fd, &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
		uint64_t ms;
		pid_t pid;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n < 0)
			return -errno;
		ms = read_control(&mh, &pid);
		if (ready || !sclog_phase_ready_in(buf, (size_t)n))
			continue;
		ready = 1;
		if (!ms) {
			struct timespec ts;

			clock_gettime(CLOCK_REALTIME, &ts);
			ms = (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
		}
		first = ms;
		sender = pid;
	}
	if (ready) {
		*ret_ms = first;
		*ret_pid = sender;
	}
	return ready;
}

int sclog_phase_environ(char *const *env, const char *path, char ***ret_env,
			const char **ret_replaced)
{
	static const char key[] = "NOTIFY_SOCKET=";
	_cleanup_(sclog_user_environ_freep) char **out = NULL;
	const char *replaced = NULL;
	size_t n = 0, j = 0;

	while (env[n])
		n++;
	out = calloc(n + 2, sizeof(*out));
	if (!out)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		if (strncmp(env[i], key, sizeof(key) - 1) == 0) {
			replaced = env[i] + sizeof(key) - 1;
			continue;
		}
		out[j] = strdup(env[i]);
		if (!out[j++])
			return -ENOMEM;
	}
	if (asprintf(&out[j], "%s%s", key, path) < 0) {
		out[j] = NULL;
		return -ENOMEM;
	}
	*ret_env = TAKE_PTR(out);
	*ret_replaced = replaced;
	return 0;
}

/* Whether @s belongs to the serving phase: a record at or after the cut. */
static int serving(const struct sclog_syscall *s, int by_serial, uint64_t cut)
{
	if (!s->stamped)
		return 1; /* no order known: kept, S is never smaller than the truth */
	return by_serial ? s->last_serial >= cut : s->last_ms >= cut;
}

int sclog_phase_split(const struct sclog_profile *whole, const struct sclog_phase *ph,
		      const struct sclog_phase_cut *cut, struct sclog_profile **ret_serving,
		      uint64_t *ret_at_ms)
{
	_cleanup_(sclog_profile_freep) struct sclog_profile *out = NULL;
	int by_serial = ph->kind == SCLOG_PHASE_SYSCALL || cut->by_serial;
	uint64_t at_ms = cut->at_ms, from;

	if (ph->kind == SCLOG_PHASE_SYSCALL) {
		const struct sclog_syscall *b =
			sclog_profile_get(whole, seccomp_arch_native(), ph->nr);

		if (!b || !b->stamped)
			return 0;
		from = b->first_serial;
		at_ms = b->first_ms;
	} else if (!at_ms) {
		return 0;
	} else if (by_serial) {
		from = cut->serial;
	} else {
		from = at_ms > cut->margin_ms ? at_ms - cut->margin_ms : 0;
	}
	out = sclog_profile_new();
	if (!out)
		return -ENOMEM;
	for (size_t i = 0; i < whole->cap; i++) {
		const struct sclog_syscall *s = &whole->slots[i];

		if (s->used && serving(s, by_serial, from) &&
		    sclog_profile_add_count(out, s->arch, s->nr, s->count) < 0)
			return -ENOMEM;
	}
	*ret_serving = TAKE_PTR(out);
	*ret_at_ms = at_ms;
	return 1;
}

long sclog_phase_only_before(const struct sclog_profile *whole, const struct sclog_profile *serving,
			     char ***ret_names)
{
	_cleanup_free_ const struct sclog_syscall **v = NULL;
	char **names = NULL;
	long n = sclog_profile_sorted(whole, &v), k = 0;

	if (n < 0)
		return -ENOMEM;
	names = calloc((size_t)n + 1, sizeof(*names));
	if (!names)
		return -ENOMEM;
	for (long i = 0; i < n; i++) {
		if (sclog_profile_get(serving, v[i]->arch, v[i]->nr))
			continue;
		names[k] = sclog_syscall_name(v[i]->arch, v[i]->nr);
		/* A number libseccomp cannot name is still a call. */
		if (!names[k] && asprintf(&names[k], "%lld", (long long)v[i]->nr) < 0)
			names[k] = NULL;
		if (!names[k++]) {
			sclog_strv_free(names);
			return -ENOMEM;
		}
	}
	*ret_names = names;
	return k;
}

void sclog_phase_marks_note(struct sclog_phase_marks *m, uint64_t now_ms, uint64_t serial)
{
	size_t last = (m->next + SCLOG_PHASE_MARKS - 1) % SCLOG_PHASE_MARKS;

	if (m->at_ms && now_ms < m->at_ms)
		m->before = serial;
	/* Only a new serial is a mark: an older mark holds the same one. */
	if (!serial || (m->n && m->ring[last].serial >= serial))
		return;
	m->ring[m->next].ms = now_ms;
	m->ring[m->next].serial = serial;
	m->next = (m->next + 1) % SCLOG_PHASE_MARKS;
	if (m->n < SCLOG_PHASE_MARKS)
		m->n++;
	else
		m->dropped = 1;
}

int sclog_phase_marks_cut(const struct sclog_phase_marks *m, uint64_t at_ms, uint64_t *ret_serial)
{
	uint64_t before = 0;
	size_t i;

	if (m->at_ms && at_ms == m->at_ms) {
		before = m->before;
	} else {
		/* The newest mark before @at_ms, in ms: a read that returned
		 * in an earlier millisecond returned before @at_ms. */
		for (i = 0; i < m->n; i++) {
			size_t k = (m->next + SCLOG_PHASE_MARKS - 1 - i) % SCLOG_PHASE_MARKS;

			if (m->ring[k].ms < at_ms) {
				before = m->ring[k].serial;
				break;
			}
		}
		/* None: no record was read before, unless a mark was let go. */
		if (i == m->n && m->dropped)
			return 0;
	}
	*ret_serial = before + 1;
	return 1;
}
