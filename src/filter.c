// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sclog/filter.h"
#include "sclog/macro.h"

static void seccomp_releasep(scmp_filter_ctx *ctx)
{
	if (*ctx)
		seccomp_release(*ctx);
}

/* Architectures whose programs the native kernel also runs. */
static int add_compat_arches(scmp_filter_ctx ctx)
{
	static const struct {
		uint32_t native, compat;
	} table[] = {
		{ SCMP_ARCH_X86_64, SCMP_ARCH_X86 },
		{ SCMP_ARCH_X86_64, SCMP_ARCH_X32 },
		{ SCMP_ARCH_AARCH64, SCMP_ARCH_ARM },
		{ SCMP_ARCH_PPC64, SCMP_ARCH_PPC },
		{ SCMP_ARCH_S390X, SCMP_ARCH_S390 },
	};
	uint32_t native = seccomp_arch_native();

	for (size_t i = 0; i < ELEMENTSOF(table); i++) {
		int r;

		if (table[i].native != native)
			continue;
		r = seccomp_arch_add(ctx, table[i].compat);
		if (r < 0 && r != -EEXIST)
			return r;
	}
	return 0;
}

/* libseccomp 2.5 can export BPF only to a file descriptor. A loadable
 * program is at most 32 KiB, less than a pipe holds, so a non-blocking pipe
 * suffices and an oversized one fails instead of blocking. */
static int export(scmp_filter_ctx ctx, struct sclog_bpf *ret, struct sclog_error *err)
{
	int fds[2];
	ssize_t n;
	int r;

	if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) < 0)
		return sclog_error_set(err, -errno, "cannot create a pipe: %m");
	_cleanup_close_ int rfd = fds[0];
	_cleanup_close_ int wfd = fds[1];

	r = seccomp_export_bpf(ctx, wfd);
	if (r < 0)
		return sclog_error_set(err, r, "libseccomp cannot export the filter "
				       "(more than %d instructions?): %s",
				       BPF_MAXINSNS, strerror(-r));
	n = read(rfd, ret->insns, sizeof(ret->insns));
	if (n <= 0 || n % (ssize_t)sizeof(struct sock_filter) != 0)
		return sclog_error_set(err, -EIO, "libseccomp exported a malformed filter");
	ret->len = (unsigned short)(n / (ssize_t)sizeof(struct sock_filter));
	return 0;
}

int sclog_filter_build(const char *const *allow, size_t n_allow, struct sclog_bpf *ret,
		       struct sclog_error *err)
{
	_cleanup_(seccomp_releasep) scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_LOG);
	int r;

	if (!ctx)
		return sclog_error_set(err, -ENOMEM, "libseccomp cannot create a filter");
	/* An unexpected architecture must be logged, never killed. */
	r = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_LOG);
	if (r == 0)
		r = add_compat_arches(ctx);
	if (r < 0)
		return sclog_error_set(err, r, "libseccomp cannot set up the filter: %s",
				       strerror(-r));
	for (size_t i = 0; i < n_allow; i++) {
		int nr = seccomp_syscall_resolve_name(allow[i]);

		if (nr == __NR_SCMP_ERROR)
			return sclog_error_set(err, -EINVAL, "unknown syscall name '%s'",
					       allow[i]);
		r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
		/* A name that exists only on another arch is fine. */
		if (r < 0 && r != -EDOM && r != -EOPNOTSUPP)
			return sclog_error_set(err, r, "libseccomp cannot allow '%s': %s",
					       allow[i], strerror(-r));
	}
	return export(ctx, ret, err);
}

int sclog_filter_build_marker(struct sclog_bpf *ret, struct sclog_error *err)
{
	_cleanup_(seccomp_releasep) scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	int r;

	if (!ctx)
		return sclog_error_set(err, -ENOMEM, "libseccomp cannot create a filter");
	r = seccomp_rule_add(ctx, SCMP_ACT_LOG, SCMP_SYS(getppid), 0);
	if (r < 0)
		return sclog_error_set(err, r, "libseccomp cannot build the marker filter: %s",
				       strerror(-r));
	return export(ctx, ret, err);
}

int sclog_filter_install(const struct sclog_bpf *bpf)
{
	struct sock_fprog prog = {
		.len = bpf->len,
		.filter = (struct sock_filter *)bpf->insns,
	};

	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) == 0)
		return 0;
	if (errno != EACCES)
		return -errno;
	/* Without CAP_SYS_ADMIN the kernel demands no_new_privs. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -errno;
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)
		return -errno;
	return 0;
}
