// SPDX-License-Identifier: GPL-2.0-only
/*
 * The notified process's memory and /proc files, read while its call
 * waits for sclog: the arguments behind pointers, the program a set-id
 * exec would have run, who made a call.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "sclog/basic/arch.h"
#include "sclog/basic/fileio.h"
#include "sclog/basic/macro.h"
#include "sclog/collect/notify/target.h"

/* sclog_status_field() of /proc/@pid/status. */
int sclog_notify_read_status(pid_t pid, const char *field, int nth, long *ret)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	return sclog_status_field(path, field, nth, ret);
}

/*
 * Read @len bytes at @addr of thread @pid, which waits in notification
 * @id.  The ID_VALID check after the read proves the thread still waits
 * in that very call, so the bytes are its arguments and @pid was not
 * reused.  They may still change once it runs on: good for recording,
 * never for a decision (that is why clone3's flags are not enforced).
 */
ssize_t sclog_notify_read_target(const struct sclog_notify *n, pid_t pid, uint64_t id,
				 uint64_t addr, void *buf, size_t len)
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
static int read_path(const struct sclog_notify *n, pid_t pid, uint64_t id, uint64_t addr, char *buf,
		     size_t size)
{
	size_t have = 0;

	while (have < size - 1) {
		size_t chunk = 4096 - ((addr + have) & 4095);
		ssize_t got;

		if (chunk > size - 1 - have)
			chunk = size - 1 - have;
		got = sclog_notify_read_target(n, pid, id, addr + have, buf + have, chunk);
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
void sclog_notify_check_setid_exec(struct sclog_notify *n, const struct seccomp_notif *req, int at)
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
	if (sclog_notify_read_status((pid_t)req->pid, "Uid", 1, &euid) < 0 ||
	    sclog_notify_read_status((pid_t)req->pid, "Gid", 1, &egid) < 0)
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
int sclog_notify_add_first(struct sclog_notify *n, const struct seccomp_notif *req)
{
	char path[64], comm[64], exe[4096];
	struct sclog_record rec = { .arch = req->data.arch,
				    .nr = req->data.nr,
				    .pid = (int32_t)req->pid };
	long tgid;
	ssize_t len;

	if (sclog_notify_read_status((pid_t)req->pid, "Tgid", 0, &tgid) == 0)
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
 * What the filter program a seccomp() or prctl() call at @fprog hands the
 * kernel can answer (ownfilter.h), read while the call waits; 0 when it
 * cannot be read.  A 32-bit caller's struct sock_fprog holds a 32-bit
 * pointer (kernel/seccomp.c, seccomp_prepare_user_filter()).
 */
unsigned sclog_notify_program_actions(const struct sclog_notify *n, const struct seccomp_notif *req,
				      uint64_t fprog)
{
	int compat = !(req->data.arch & __AUDIT_ARCH_64BIT) ||
		     sclog_arch_of(req->data.arch, req->data.nr) != req->data.arch;
	unsigned char head[16];
	uint16_t len;
	uint64_t addr = 0;
	void *insns;
	unsigned bits = 0;

	if (sclog_notify_read_target(n, (pid_t)req->pid, req->id, fprog, head, compat ? 8 : 16) !=
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
	if (insns && sclog_notify_read_target(n, (pid_t)req->pid, req->id, addr, insns,
					      (size_t)len * sizeof(struct sock_filter)) ==
			     (ssize_t)(len * sizeof(struct sock_filter)))
		bits = sclog_ownfilter_actions(insns, len);
	free(insns);
	return bits;
}
