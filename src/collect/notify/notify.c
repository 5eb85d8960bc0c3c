// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel side of the user-notification collector: start the command
 * under a SECCOMP_RET_USER_NOTIF filter, bring its listener into sclog,
 * answer every notification with SECCOMP_USER_NOTIF_FLAG_CONTINUE.
 *
 * Kernel minimums: SECCOMP_RET_USER_NOTIF 5.0, FLAG_CONTINUE 5.5,
 * SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP 6.6 (optional).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <pthread.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

#include "sclog/basic/arch.h"
#include "sclog/basic/clock.h"
#include "sclog/basic/fileio.h"
#include "sclog/collect/notify/listener.h"
#include "sclog/basic/macro.h"
#include "sclog/collect/notify/notify.h"

/* 6.6: the listener wakes the target on the supervisor's CPU. */
#ifndef SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
#define SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (1UL << 5)
#endif
#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW(4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (1UL << 0)
#endif

/* How long sclog waits for the child's listener to appear. */
#define LISTENER_TIMEOUT_S 10

enum { STEP_PDEATHSIG = 1, STEP_HANDOFF, STEP_HELPER, STEP_FILTER };

struct child_msg {
	int step;
	int value; /* errno */
};

/* The syscall numbers a notification is checked against, per architecture. */
struct arch_nrs {
	uint32_t arch;
	int execve, execveat, seccomp, prctl, kill, wait4;
};

static struct arch_nrs arch_table[8];
static size_t n_arch_table;

static void fill_arch_table(void)
{
	uint32_t arches[ELEMENTSOF(arch_table)];
	size_t n;

	if (n_arch_table)
		return;
	arches[0] = seccomp_arch_native();
	n = 1 + sclog_arch_compat(arches[0], arches + 1, ELEMENTSOF(arches) - 1);
	for (size_t i = 0; i < n; i++)
		arch_table[i] = (struct arch_nrs){
			.arch = arches[i],
			.execve = seccomp_syscall_resolve_name_arch(arches[i], "execve"),
			.execveat = seccomp_syscall_resolve_name_arch(arches[i], "execveat"),
			.seccomp = seccomp_syscall_resolve_name_arch(arches[i], "seccomp"),
			.prctl = seccomp_syscall_resolve_name_arch(arches[i], "prctl"),
			.kill = seccomp_syscall_resolve_name_arch(arches[i], "kill"),
			.wait4 = seccomp_syscall_resolve_name_arch(arches[i], "wait4"),
		};
	n_arch_table = n;
}

static const struct arch_nrs *nrs_of(uint32_t arch, int64_t nr)
{
	uint32_t a = sclog_arch_of(arch, nr);

	for (size_t i = 0; i < n_arch_table; i++)
		if (arch_table[i].arch == a)
			return &arch_table[i];
	return NULL;
}

int sclog_notify_init(struct sclog_notify *n, struct sclog_profile *profile,
		      const struct sclog_args_spec *spec, struct sclog_args_seen *seen)
{
	struct seccomp_notif_sizes sizes = { 0 };

	*n = (struct sclog_notify){ .listener = -1, .profile = profile, .spec = spec,
				    .seen = seen };
	if (syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes) < 0)
		return -errno;
	/* The kernel's structs may be larger than this header's. */
	n->req_size = sizes.seccomp_notif > sizeof(struct seccomp_notif)
			      ? sizes.seccomp_notif : sizeof(struct seccomp_notif);
	n->resp_size = sizes.seccomp_notif_resp > sizeof(struct seccomp_notif_resp)
			       ? sizes.seccomp_notif_resp : sizeof(struct seccomp_notif_resp);
	n->req = calloc(1, n->req_size);
	n->resp = calloc(1, n->resp_size);
	if (!n->req || !n->resp) {
		sclog_notify_done(n);
		return -ENOMEM;
	}
	fill_arch_table();
	return 0;
}

void sclog_notify_done(struct sclog_notify *n)
{
	if (n->n_threads)
		sclog_notify_stop_threads(n);
	closep(&n->listener);
	n->listener = -1;
	free(n->req);
	free(n->resp);
	n->req = n->resp = NULL;
}

/*
 * WAIT_KILLABLE_RECV (5.19): once sclog has received a notification, only a
 * fatal signal ends the call's wait.  Without it a signal can end the wait
 * just after the kernel accepted sclog's CONTINUE answer: the call is then
 * skipped, restarted and notified again, and counted twice (seen here: 20001
 * getppid of 20000 in a signal storm).  Older kernels refuse the flag with
 * EINVAL; there the race stays (docs/how-it-works.md).
 */
static long install_listener(const struct sock_fprog *prog)
{
	long fd = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
			  SECCOMP_FILTER_FLAG_NEW_LISTENER | SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV,
			  prog);

	if (fd < 0 && errno == EINVAL)
		fd = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
			     SECCOMP_FILTER_FLAG_NEW_LISTENER, prog);
	return fd;
}

int sclog_notify_child_install(const struct sclog_bpf *bpf)
{
	struct sock_fprog prog = { .len = bpf->len, .filter = (struct sock_filter *)bpf->insns };
	long fd = install_listener(&prog);

	if (fd >= 0)
		return (int)fd;
	if (errno != EACCES)
		return -errno;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -errno;
	fd = install_listener(&prog);
	return fd >= 0 ? (int)fd : -errno;
}

static void child_send(int fd, int step, int value)
{
	struct child_msg m = { step, value };

	(void)!write(fd, &m, sizeof(m));
}

/* The doctor's test process: one notified call, then exit. */
static void probe_child(int wfd, pid_t parent, const sigset_t *mask, const struct sclog_bpf *bpf,
			const struct sclog_notify_handoff *h)
{
	int r;

	sigprocmask(SIG_SETMASK, mask, NULL);
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0 || getppid() != parent) {
		child_send(wfd, STEP_PDEATHSIG, errno ? errno : ESRCH);
		_exit(125);
	}
	r = sclog_notify_child_handoff(h);
	if (r < 0) {
		child_send(wfd, STEP_HANDOFF, -r);
		_exit(125);
	}
	child_send(wfd, STEP_HELPER, r);
	r = sclog_notify_child_install(bpf);
	if (r < 0) {
		child_send(wfd, STEP_FILTER, -r);
		_exit(125);
	}
	_exit(syscall(SYS_getppid) == parent ? 0 : 1);
}

int sclog_notify_handoff_open(struct sclog_notify_handoff *h)
{
	*h = (struct sclog_notify_handoff){ .sock = { -1, -1 } };
	return socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, h->sock) < 0 ? -errno : 0;
}

void sclog_notify_handoff_close(struct sclog_notify_handoff *h)
{
	closep(&h->sock[0]);
	closep(&h->sock[1]);
	h->sock[0] = h->sock[1] = -1;
}

/* Send descriptor @fd over @sock.  Async-signal-safe. */
static int send_fd(int sock, int fd)
{
	char byte = 0, control[CMSG_SPACE(sizeof(int))] = { 0 };
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control,
			      .msg_controllen = sizeof(control) };
	struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);

	cmsg->cmsg_level = SOL_SOCKET;
	cmsg->cmsg_type = SCM_RIGHTS;
	cmsg->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cmsg), &fd, sizeof(int));
	return sendmsg(sock, &msg, MSG_NOSIGNAL) == 1 ? 0 : -errno;
}

/*
 * The helper: it shares the child's descriptor table, so the listener the
 * child's seccomp() creates appears here at @nr; it runs without the
 * filter (it existed before it), so its own calls neither wait for sclog
 * nor enter the profile.  It sends the listener and exits.  sclog kills it
 * if the child fails first.
 */
static _Noreturn void handoff_helper(int sock, int nr)
{
	const struct timespec tick = { .tv_nsec = 20 * 1000 };

	for (long i = 0; i < LISTENER_TIMEOUT_S * 50000L; i++) {
		if (fcntl(nr, F_GETFD) >= 0)
			_exit(send_fd(sock, nr) < 0 ? 1 : 0);
		nanosleep(&tick, NULL);
	}
	_exit(1);
}

pid_t sclog_notify_child_handoff(const struct sclog_notify_handoff *h)
{
	/* The listener will get the lowest free number (the child opens
	 * nothing between here and its seccomp()). */
	int nr = open("/dev/null", O_RDONLY | O_CLOEXEC);
	long pid;

	if (nr < 0)
		return -errno;
	close(nr);
	/* CLONE_PARENT: sclog, not the command, reaps the helper. */
	pid = syscall(SYS_clone, CLONE_FILES | CLONE_PARENT | SIGCHLD, 0, NULL, NULL, 0);
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
		handoff_helper(h->sock[1], nr);
	}
	return (pid_t)pid;
}

static int is_listener(int fd)
{
	char link[64], path[32];
	ssize_t len;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	len = readlink(path, link, sizeof(link) - 1);
	if (len < 0)
		return 0;
	link[len] = '\0';
	return strcmp(link, "anon_inode:seccomp notify") == 0;
}

/* sclog_status_field() of /proc/@pid/status. */
static int read_status_field(pid_t pid, const char *field, int nth, long *ret)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	return sclog_status_field(path, field, nth, ret);
}

/* Has @pid exited?  (Not reaped: its parent still collects it.) */
static int exited(pid_t pid)
{
	siginfo_t si = { 0 };

	return waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 && si.si_pid == pid;
}

int sclog_notify_attach(struct sclog_notify *n, pid_t pid, struct sclog_notify_handoff *h,
			pid_t helper, int sync_wake_up, struct sclog_error *err)
{
	double deadline = sclog_now() + LISTENER_TIMEOUT_S;
	long nnp = 0;
	int fd = -EAGAIN;

	/* The child and its helper hold the other end. */
	closep(&h->sock[1]);
	h->sock[1] = -1;
	while (fd == -EAGAIN) {
		/* Looked at before the poll: what the helper sent before it
		 * exited is then seen. */
		int child_gone = exited(pid), helper_gone = exited(helper);
		int late = child_gone || helper_gone || sclog_now() > deadline;
		struct pollfd p = { .fd = h->sock[0], .events = POLLIN };

		if (poll(&p, 1, late ? 0 : 10) > 0) {
			int got = -1, r = sclog_listener_receive(h->sock[0], &got);

			fd = r > 0 ? got : r == 0 ? -EPIPE : r;
		} else if (child_gone)
			fd = -ECHILD;
		else if (late)
			fd = -ETIMEDOUT;
	}
	if (fd >= 0 && !is_listener(fd)) {
		close(fd);
		fd = -EPROTO;
	}
	if (fd < 0)
		kill(helper, SIGKILL);
	waitpid(helper, NULL, 0);
	if (fd == -ECHILD)
		return sclog_error_set(err, fd, "the child exited before it installed the "
				       "seccomp filter");
	if (fd < 0)
		return sclog_error_set(err, fd, "the child's seccomp listener did not reach sclog "
				       "within %d s: %s", LISTENER_TIMEOUT_S, strerror(-fd));
	n->listener = fd;
	n->pid = pid;
	if (read_status_field(pid, "NoNewPrivs", 0, &nnp) == 0)
		n->no_new_privs = nnp == 1;
	if (sync_wake_up)
		n->sync_wake_up = ioctl(n->listener, SECCOMP_IOCTL_NOTIF_SET_FLAGS,
					SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP) == 0;
	return 0;
}

int sclog_notify_adopt(struct sclog_notify *n, int fd, int sync_wake_up)
{
	if (!is_listener(fd)) {
		close(fd);
		return -EBADF;
	}
	n->listener = fd;
	/* Unknown: the runtime set no_new_privs (or not) in the container. */
	n->no_new_privs = 0;
	n->handover = 1;
	if (sync_wake_up)
		n->sync_wake_up = ioctl(n->listener, SECCOMP_IOCTL_NOTIF_SET_FLAGS,
					SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP) == 0;
	return 0;
}

/* Run the doctor's test process under @bpf, answering its calls into @n. */
static int probe_spawn(struct sclog_notify *n, const struct sclog_bpf *bpf,
		       const sigset_t *child_mask, struct sclog_error *err)
{
	pid_t parent = getpid(), pid;
	struct sclog_notify_handoff h;
	struct child_msg m;
	int fds[2], r;

	if (pipe2(fds, O_CLOEXEC) < 0)
		return sclog_error_set(err, -errno, "cannot create a pipe: %m");
	_cleanup_close_ int rfd = fds[0];
	_cleanup_close_ int wfd = fds[1];

	r = sclog_notify_handoff_open(&h);
	if (r < 0)
		return sclog_error_set(err, r, "cannot create a socket pair: %s", strerror(-r));
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		sclog_notify_handoff_close(&h);
		return sclog_error_set(err, -errno, "cannot fork: %m");
	}
	if (pid == 0)
		probe_child(wfd, parent, child_mask, bpf, &h);
	closep(&wfd);
	wfd = -1;

	if (read(rfd, &m, sizeof(m)) != sizeof(m) || m.step != STEP_HELPER)
		r = sclog_error_set(err, -EIO, "the test process failed before it installed "
				    "its filter");
	else
		r = sclog_notify_attach(n, pid, &h, m.value, 0, err);
	sclog_notify_handoff_close(&h);
	if (r < 0) {
		/* A failure the child reported explains more. */
		if (read(rfd, &m, sizeof(m)) == sizeof(m)) {
			sclog_error_clear(err);
			r = sclog_error_set(err, -m.value, "%s: %s", m.step == STEP_FILTER
					    ? "cannot install the seccomp filter"
					    : m.step == STEP_HANDOFF ? "cannot start the listener's helper"
					    : "cannot set up the child", strerror(m.value));
		}
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return r;
	}

	/* Serve the child's calls until the pipe closes at its exit. */
	for (;;) {
		struct pollfd p[2] = { { .fd = rfd, .events = POLLIN },
				       { .fd = n->listener, .events = POLLIN } };
		ssize_t len;

		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			r = sclog_error_set(err, -errno, "poll() failed: %m");
			break;
		}
		if (p[1].revents & POLLIN) {
			long got = sclog_notify_handle(n);

			if (got < 0) {
				r = sclog_error_set(err, (int)got, "the seccomp listener failed: %s",
						    strerror((int)-got));
				break;
			}
			continue;
		}
		if (!(p[0].revents & (POLLIN | POLLHUP)))
			continue;
		len = read(rfd, &m, sizeof(m));
		if (len == 0)
			return 0;
		if (len != sizeof(m)) {
			r = sclog_error_set(err, -EIO, "lost contact with the child process");
			break;
		}
		r = sclog_error_set(err, -m.value, "the test process failed: %s",
				    strerror(m.value));
		break;
	}
	/* The child is about to exit (or must): keep answering until it has. */
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	sclog_notify_done(n);
	return r;
}

/*
 * Read @len bytes at @addr of thread @pid, which waits in notification
 * @id.  The ID_VALID check after the read proves the thread still waits
 * in that very call, so the bytes are its arguments and @pid was not
 * reused.  They may still change once it runs on: good for recording,
 * never for a decision (that is why clone3's flags are not enforced).
 */
static ssize_t read_target(const struct sclog_notify *n, pid_t pid, uint64_t id, uint64_t addr,
			   void *buf, size_t len)
{
	char path[64];
	_cleanup_close_ int fd = -1;
	ssize_t got;

	snprintf(path, sizeof(path), "/proc/%d/mem", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	got = pread(fd, buf, len, (off_t)addr);
	if (got < 0)
		return -errno;
	if (ioctl(n->listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &id) < 0)
		return -ESRCH;
	return got;
}

/* A NUL-terminated path at @addr, read page by page (it may end before an
 * unmapped page). */
static int read_path(const struct sclog_notify *n, pid_t pid, uint64_t id, uint64_t addr,
		     char *buf, size_t size)
{
	size_t have = 0;

	while (have < size - 1) {
		size_t chunk = 4096 - ((addr + have) & 4095);
		ssize_t got;

		if (chunk > size - 1 - have)
			chunk = size - 1 - have;
		got = read_target(n, pid, id, addr + have, buf + have, chunk);
		if (got <= 0)
			return got < 0 ? (int)got : -EFAULT;
		if (memchr(buf + have, '\0', (size_t)got))
			return 0;
		have += (size_t)got;
	}
	return -ENAMETOOLONG;
}

/*
 * Under no_new_privs execve() ignores set-user-ID, set-group-ID and file
 * capabilities (Documentation/userspace-api/no_new_privs.rst): note a
 * program that would have gained privileges.  The program is named by
 * path (relative to the caller's working directory), or by execveat()'s
 * directory descriptor and path, or by the descriptor alone (AT_EMPTY_PATH
 * and an empty path: fexecve(3)); the caller's descriptors are reached
 * through /proc/PID/fd, which follows them to the very file.
 */
static void check_setid_exec(struct sclog_notify *n, const struct seccomp_notif *req, int at)
{
	const struct seccomp_data *d = &req->data;
	char path[4096], full[4200];
	struct stat st;
	int dirfd = at ? (int)d->args[0] : AT_FDCWD;
	uint64_t addr = at ? d->args[1] : d->args[0];
	long euid, egid;

	if (read_path(n, (pid_t)req->pid, req->id, addr, path, sizeof(path)) < 0)
		return;
	if (path[0] == '/')
		snprintf(full, sizeof(full), "%.4095s", path);
	else if (!path[0] && at && (d->args[4] & AT_EMPTY_PATH) && dirfd != AT_FDCWD)
		snprintf(full, sizeof(full), "/proc/%u/fd/%d", req->pid, dirfd);
	else if (dirfd == AT_FDCWD)
		snprintf(full, sizeof(full), "/proc/%u/cwd/%s", req->pid, path);
	else
		snprintf(full, sizeof(full), "/proc/%u/fd/%d/%s", req->pid, dirfd, path);
	if (stat(full, &st) < 0 || !S_ISREG(st.st_mode))
		return;
	/* Against the caller's ids, not sclog's. */
	if (read_status_field((pid_t)req->pid, "Uid", 1, &euid) < 0 ||
	    read_status_field((pid_t)req->pid, "Gid", 1, &egid) < 0)
		return;
	if (!((st.st_mode & S_ISUID) && (long)st.st_uid != euid) &&
	    !((st.st_mode & S_ISGID) && (st.st_mode & S_IXGRP) && (long)st.st_gid != egid) &&
	    getxattr(full, "security.capability", NULL, 0) <= 0)
		return;
	if (n->counters.setuid_lost++ == 0) {
		ssize_t len = path[0] ? -1 : readlink(full, path, 200);

		if (len >= 0)
			path[len] = '\0'; /* the file behind the descriptor */
		snprintf(n->setuid_example, sizeof(n->setuid_example), "%.200s",
			 path[0] ? path : full);
	}
}

/* The first call of a syscall: keep who made it, as audit records do. */
static int add_first(struct sclog_notify *n, const struct seccomp_notif *req)
{
	char path[64], comm[64], exe[4096];
	struct sclog_record rec = { .arch = req->data.arch, .nr = req->data.nr,
				    .pid = (int32_t)req->pid };
	long tgid;
	ssize_t len;

	if (read_status_field((pid_t)req->pid, "Tgid", 0, &tgid) == 0)
		rec.pid = (int32_t)tgid;
	snprintf(path, sizeof(path), "/proc/%u/comm", req->pid);
	len = sclog_read_small(path, comm, sizeof(comm));
	if (len > 0) {
		rec.comm = (struct sclog_span){ comm, (size_t)len - (comm[len - 1] == '\n'), 1 };
		rec.fields |= SCLOG_FIELD_COMM;
	}
	snprintf(path, sizeof(path), "/proc/%u/exe", req->pid);
	len = readlink(path, exe, sizeof(exe));
	if (len > 0 && len < (ssize_t)sizeof(exe)) {
		rec.exe = (struct sclog_span){ exe, (size_t)len, 1 };
		rec.fields |= SCLOG_FIELD_EXE;
	}
	return sclog_profile_add(n->profile, &rec);
}

/*
 * crun's init, between loading the filter and its execve, waits for and
 * then kills the helper that sent the listener (docs/how-it-works.md):
 * calls the container never makes without a listener.  Whether @req is
 * one of them.
 */
static int is_handover(struct sclog_notify *n, const struct seccomp_notif *req,
		       const struct arch_nrs *nrs)
{
	int64_t nr = req->data.nr;

	if (!n->handover || !nrs)
		return 0;
	/* The first execve, from whichever thread of the init (runc's Go
	 * init has several), is the container's program starting. */
	if (nr == nrs->execve || nr == nrs->execveat) {
		n->handover = 0;
		return 0;
	}
	if (!n->handover_pid)
		n->handover_pid = (pid_t)req->pid;
	return (pid_t)req->pid == n->handover_pid && (nr == nrs->kill || nr == nrs->wait4);
}

/*
 * What the filter program a seccomp() or prctl() call at @fprog hands the
 * kernel can answer (ownfilter.h), read while the call waits; 0 when it
 * cannot be read.  A 32-bit caller's struct sock_fprog holds a 32-bit
 * pointer (kernel/seccomp.c, seccomp_prepare_user_filter()).
 */
static unsigned program_actions(const struct sclog_notify *n, const struct seccomp_notif *req,
				uint64_t fprog)
{
	int compat = !(req->data.arch & __AUDIT_ARCH_64BIT) ||
		     sclog_arch_of(req->data.arch, req->data.nr) != req->data.arch;
	unsigned char head[16];
	uint16_t len;
	uint64_t addr = 0;
	void *insns;
	unsigned bits = 0;

	if (read_target(n, (pid_t)req->pid, req->id, fprog, head, compat ? 8 : 16) !=
	    (compat ? 8 : 16))
		return 0;
	memcpy(&len, head, sizeof(len));
	if (compat) {
		uint32_t a32;

		memcpy(&a32, head + 4, sizeof(a32));
		addr = a32;
	} else {
		memcpy(&addr, head + 8, sizeof(addr));
	}
	if (!len || len > BPF_MAXINSNS)
		return 0;
	insns = malloc((size_t)len * sizeof(struct sock_filter));
	if (insns && read_target(n, (pid_t)req->pid, req->id, addr, insns,
				 (size_t)len * sizeof(struct sock_filter)) ==
			     (ssize_t)(len * sizeof(struct sock_filter)))
		bits = sclog_ownfilter_actions(insns, len);
	free(insns);
	return bits;
}

/*
 * A call that asks for a filter of the caller's own: seccomp(
 * SECCOMP_SET_MODE_FILTER) without a listener (one is refused with EBUSY,
 * counted as own_listener) or prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER).
 * Its program's address, or 0.
 */
static uint64_t own_filter_call(const struct arch_nrs *nrs, const struct seccomp_data *d)
{
	if (d->nr == nrs->seccomp && d->args[0] == SECCOMP_SET_MODE_FILTER &&
	    !(d->args[1] & SECCOMP_FILTER_FLAG_NEW_LISTENER))
		return d->args[2] ? d->args[2] : 1;
	if (d->nr == nrs->prctl && d->args[0] == PR_SET_SECCOMP &&
	    d->args[1] == SECCOMP_MODE_FILTER)
		return d->args[2] ? d->args[2] : 1;
	return 0;
}

/* Record one call: 0, 1 (answered, not counted) or -errno. */
static int record(struct sclog_notify *n, const struct seccomp_notif *req)
{
	const struct seccomp_data *d = &req->data;
	const struct arch_nrs *nrs = nrs_of(d->arch, d->nr);
	uint64_t fprog;
	int r;

	/* A call of a thread that asked for a filter: that call returned. */
	sclog_ownfilter_notified(n->own, (pid_t)req->pid);
	if (n->own && nrs && (fprog = own_filter_call(nrs, d)))
		sclog_ownfilter_attempt(n->own, (pid_t)req->pid,
					program_actions(n, req, fprog));

	if (nrs && d->nr == nrs->seccomp && d->args[0] == SECCOMP_SET_MODE_FILTER &&
	    (d->args[1] & SECCOMP_FILTER_FLAG_NEW_LISTENER))
		n->counters.own_listener++; /* kernel/seccomp.c, init_listener(): EBUSY */
	/* Routed here only to see the command's own filters. */
	if (nrs && n->uncounted_seccomp && d->nr == nrs->seccomp)
		return 1;
	if (nrs && n->no_new_privs && (d->nr == nrs->execve || d->nr == nrs->execveat))
		check_setid_exec(n, req, d->nr == nrs->execveat);
	/* Routed here only so that the first one waits for sclog. */
	if (nrs && n->uncounted_execve && d->nr == nrs->execve)
		return 1;
	if (is_handover(n, req, nrs)) {
		n->counters.handover++;
		return 1;
	}
	if (sclog_profile_get(n->profile, d->arch, d->nr))
		r = sclog_profile_add_count(n->profile, d->arch, d->nr, 1);
	else
		r = add_first(n, req);
	if (r < 0 && r != -ENOSPC)
		return r;
	if (n->spec) {
		long e = sclog_args_lookup(n->spec, d->arch, d->nr);
		uint64_t args[6];

		if (e < 0)
			return 0;
		memcpy(args, d->args, sizeof(args));
		if (n->spec->entries[e].from_struct) {
			/* clone3(struct clone_args *, size): flags is the first u64. */
			uint64_t flags;

			if (d->args[1] < sizeof(flags) ||
			    read_target(n, (pid_t)req->pid, req->id, d->args[0], &flags,
					sizeof(flags)) != sizeof(flags)) {
				n->counters.unread_args++;
				return 0;
			}
			args[0] = flags;
		}
		return sclog_args_seen_add(n->seen, n->spec, (size_t)e, args);
	}
	return 0;
}

/*
 * Notification ids count up from a random start, one per notification of
 * the filter (kernel/seccomp.c, seccomp_next_notify_id()).  An id sclog
 * never received belongs to a call that a signal took out of its wait
 * before sclog could receive it.  Called under the lock with threads.
 */
static void note_id(struct sclog_notify *n, uint64_t id)
{
	int64_t off;

	if (!n->ids.received++) {
		n->ids.first = id;
		return;
	}
	off = (int64_t)(id - n->ids.first);
	if (off < n->ids.min_off)
		n->ids.min_off = off;
	if (off > n->ids.max_off)
		n->ids.max_off = off;
}

uint64_t sclog_notify_unreceived(struct sclog_notify *n)
{
	uint64_t span, r;

	if (n->n_threads)
		pthread_mutex_lock(&n->lock);
	span = (uint64_t)(n->ids.max_off - n->ids.min_off) + 1;
	r = n->ids.received && span > n->ids.received ? span - n->ids.received : 0;
	if (n->n_threads)
		pthread_mutex_unlock(&n->lock);
	return r;
}

/* Receive one notification into @req: 1, 0 (it vanished: its caller was
 * interrupted or killed first), or -errno. */
static long receive(struct sclog_notify *n, struct seccomp_notif *req)
{
	memset(req, 0, n->req_size);
	if (ioctl(n->listener, SECCOMP_IOCTL_NOTIF_RECV, req) < 0)
		/* ENOENT: the caller was interrupted or killed after the poll
		 * saw it; an SA_RESTART restart notifies again. */
		return errno == EINTR || errno == ENOENT ? 0 : -errno;
	return 1;
}

/* Record a received notification and answer CONTINUE: 0 or -errno. */
static int answer(struct sclog_notify *n, const struct seccomp_notif *req,
		  struct seccomp_notif_resp *resp)
{
	int r;

	if (n->n_threads)
		pthread_mutex_lock(&n->lock);
	note_id(n, req->id);
	r = record(n, req);
	if (n->n_threads)
		pthread_mutex_unlock(&n->lock);
	memset(resp, 0, n->resp_size);
	resp->id = req->id;
	resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	if (ioctl(n->listener, SECCOMP_IOCTL_NOTIF_SEND, resp) < 0) {
		/* A signal ended the wait first: the call did not run, and an
		 * SA_RESTART restart arrives as a new notification, counted
		 * then.  So this one is taken back: counts stay those of the
		 * calls that ran, as in audit records. */
		if (errno != ENOENT)
			return -errno;
		if (n->n_threads)
			pthread_mutex_lock(&n->lock);
		n->counters.interrupted++;
		if (r == 0)
			sclog_profile_uncount(n->profile, req->data.arch, req->data.nr);
		if (n->n_threads)
			pthread_mutex_unlock(&n->lock);
	}
	if (r < 0)
		return r;
	__atomic_add_fetch(&n->counters.notifications, 1, __ATOMIC_RELAXED);
	return 0;
}

/*
 * Receive one notification (the receive blocks until there is one) and
 * answer it: 1, 0 (it vanished), or -errno.
 *
 * A call is interruptible until sclog has received it; from then on only
 * a fatal signal ends its wait (WAIT_KILLABLE_RECV).  A signal in between
 * makes the kernel end the call with ERESTARTSYS: restarted, or EINTR
 * where the handler lacks SA_RESTART, even for fork() (natively never
 * EINTR).  sclog cannot close that window; it counts the ids it never
 * received (note_id()) and says so.
 */
static long handle(struct sclog_notify *n, struct seccomp_notif *req,
		   struct seccomp_notif_resp *resp)
{
	long r = receive(n, req);

	if (r <= 0)
		return r;
	r = answer(n, req, resp);
	return r < 0 ? r : 1;
}

long sclog_notify_handle(struct sclog_notify *n)
{
	/* One notification per call: the caller's poll() is the only other
	 * syscall per notification (a RECV on an empty queue would block). */
	return handle(n, n->req, n->resp);
}

/* The signal that interrupts a thread's wait in the kernel's receive. */
static void on_wake(int sig)
{
	(void)sig;
}

static void *worker(void *arg)
{
	struct sclog_notify *n = arg;
	void *req = calloc(1, n->req_size), *resp = calloc(1, n->resp_size);
	sigset_t wake;

	sigemptyset(&wake);
	sigaddset(&wake, SIGRTMIN);
	pthread_sigmask(SIG_UNBLOCK, &wake, NULL);
	while (req && resp && !__atomic_load_n(&n->stop, __ATOMIC_ACQUIRE)) {
		long r = handle(n, req, resp);

		if (r < 0) {
			int zero = 0;

			__atomic_compare_exchange_n(&n->thread_error, &zero, (int)r, 0,
						    __ATOMIC_RELAXED, __ATOMIC_RELAXED);
			break;
		}
	}
	if (!req || !resp)
		__atomic_store_n(&n->thread_error, -ENOMEM, __ATOMIC_RELAXED);
	free(req);
	free(resp);
	return NULL;
}

int sclog_notify_start_threads(struct sclog_notify *n, size_t count)
{
	/* No SA_RESTART: the receive returns EINTR and the loop sees @stop. */
	struct sigaction sa = { .sa_handler = on_wake };
	sigset_t all, old;

	if (count > SCLOG_NOTIFY_MAX_THREADS)
		count = SCLOG_NOTIFY_MAX_THREADS;
	if (sigaction(SIGRTMIN, &sa, NULL) < 0)
		return -errno;
	pthread_mutex_init(&n->lock, NULL);
	/* The threads take no signal but the wake-up: sclog's signalfd
	 * keeps the others. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	for (; n->n_threads < count; n->n_threads++) {
		int r = pthread_create(&n->threads[n->n_threads], NULL, worker, n);

		if (r != 0) {
			pthread_sigmask(SIG_SETMASK, &old, NULL);
			sclog_notify_stop_threads(n);
			return -r;
		}
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return 0;
}

int sclog_notify_stop_threads(struct sclog_notify *n)
{
	__atomic_store_n(&n->stop, 1, __ATOMIC_RELEASE);
	for (size_t i = 0; i < n->n_threads; i++)
		/* A thread may enter the receive just after a signal: signal
		 * until it has ended. */
		while (pthread_tryjoin_np(n->threads[i], NULL) == EBUSY) {
			pthread_kill(n->threads[i], SIGRTMIN);
			nanosleep(&(struct timespec){ .tv_nsec = 1000000 }, NULL);
		}
	if (n->n_threads)
		pthread_mutex_destroy(&n->lock);
	n->n_threads = 0;
	return __atomic_load_n(&n->thread_error, __ATOMIC_RELAXED);
}

size_t sclog_notify_probe(struct sclog_check *checks, size_t max)
{
	scmp_filter_ctx ctx;
	struct sclog_notify n;
	struct sclog_bpf *bpf = NULL;
	struct sclog_error err = { 0 };
	struct sclog_check *c = checks;
	struct sclog_profile *prof = NULL;
	uint32_t action = SECCOMP_RET_USER_NOTIF;
	sigset_t mask;
	int r, status = 0;

	if (max < 2)
		return 0;
	c[0] = (struct sclog_check){ .name = "user notif", .fatal = 1 };
	c[1] = (struct sclog_check){ .name = "notify e2e", .fatal = 1, .ok = -1 };
	snprintf(c[1].detail, sizeof(c[1].detail), "not checked");
	if (syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &action) < 0) {
		snprintf(c[0].detail, sizeof(c[0].detail),
			 "the kernel lacks SECCOMP_RET_USER_NOTIF (%s): the notify collector "
			 "needs Linux 5.5 or later", strerror(errno));
		return 2;
	}
	c[0].ok = 1;
	snprintf(c[0].detail, sizeof(c[0].detail), "SECCOMP_RET_USER_NOTIF is available");

	/* A child whose getppid() must reach a listener in sclog and be
	 * answered with CONTINUE (5.5+): the whole path, unprivileged too. */
	sigprocmask(SIG_SETMASK, NULL, &mask);
	ctx = seccomp_init(SCMP_ACT_ALLOW);
	bpf = malloc(sizeof(*bpf));
	prof = sclog_profile_new();
	r = !ctx || !bpf || !prof ? -ENOMEM : seccomp_rule_add(ctx, SCMP_ACT_NOTIFY,
							       SCMP_SYS(getppid), 0);
	if (r == 0) {
		int fds[2];

		if (pipe2(fds, O_CLOEXEC) < 0) {
			r = -errno;
		} else {
			ssize_t len;

			r = seccomp_export_bpf(ctx, fds[1]);
			len = read(fds[0], bpf->insns, sizeof(bpf->insns));
			bpf->len = (unsigned short)(len > 0 ? len / (ssize_t)sizeof(struct sock_filter)
							    : 0);
			close(fds[0]);
			close(fds[1]);
		}
	}
	if (r == 0)
		r = sclog_notify_init(&n, prof, NULL, NULL);
	if (r == 0) {
		r = probe_spawn(&n, bpf, &mask, &err);
		if (r == 0) {
			waitpid(n.pid, &status, 0);
			if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
				r = -EPROTO;
		}
		sclog_notify_done(&n);
	} else {
		snprintf(err.msg, sizeof(err.msg), "%s", strerror(-r));
	}
	c[1].ok = r == 0 && n.counters.notifications >= 1;
	if (c[1].ok)
		snprintf(c[1].detail, sizeof(c[1].detail),
			 "a test process's getppid() reached sclog's listener and ran on "
			 "(SECCOMP_USER_NOTIF_FLAG_CONTINUE)");
	else
		snprintf(c[1].detail, sizeof(c[1].detail),
			 "a test process under a user-notification filter did not complete "
			 "(%s): the notify collector needs Linux 5.5 or later",
			 r == -EPROTO ? "it exited with an error" : err.msg);
	if (ctx)
		seccomp_release(ctx);
	free(bpf);
	sclog_profile_free(prof);
	return 2;
}
