// SPDX-License-Identifier: GPL-2.0
/*
 * seccomp-log-test: checks the SECCOMP_RET_LOG user-space ABI of the running
 * kernel (as in Linux 4.14+, or 4.9/4.4 with kernel-patches/ applied).
 *
 * Prints one "PASS: <check>" or "FAIL: <check>" line per check, then
 * "RESULT: PASS" or "RESULT: FAIL"; the exit status is 0 only on PASS.
 *
 * Every check that installs a filter does so in a forked child, so no
 * filter leaks into a later check.  Audit records are read from a
 * NETLINK_AUDIT socket bound to the AUDIT_NLGRP_READLOG multicast group,
 * which needs neither auditd nor audit rules; reads time out, so a missing
 * record is a FAIL, not a hang.
 *
 * Run as /init (pid 1) of an initramfs, it also mounts /proc and /sys, runs
 * "/sclog run" on /hello-static if /sclog exists, and reboots at the end.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/netlink.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Upstream values (Linux 4.14 uapi); old headers may lack them. */
#ifndef SECCOMP_GET_ACTION_AVAIL
#define SECCOMP_GET_ACTION_AVAIL 2
#endif
#ifndef SECCOMP_FILTER_FLAG_LOG
#define SECCOMP_FILTER_FLAG_LOG (1UL << 1)
#endif
#ifndef SECCOMP_RET_LOG
#define SECCOMP_RET_LOG 0x7ffc0000U
#endif
#ifndef AUDIT_SECCOMP
#define AUDIT_SECCOMP 1326
#endif
#ifndef AUDIT_NLGRP_READLOG
#define AUDIT_NLGRP_READLOG 1
#endif
#ifndef SYS_SECCOMP
#define SYS_SECCOMP 1
#endif

/* An action value that no kernel defines (between KILL_THREAD and TRAP). */
#define UNKNOWN_ACTION 0x00010000U

#define ACTIONS_AVAIL "/proc/sys/kernel/seccomp/actions_avail"
#define ACTIONS_LOGGED "/proc/sys/kernel/seccomp/actions_logged"

/* The system call the filters act on: cheap, harmless, known result. */
#define TARGET_NR __NR_getppid

#define RECORD_WAIT_MS 3000
#define SILENCE_WAIT_MS 1500

static int failures;

static void report(const char *check, int ok)
{
	printf("%s: %s\n", ok ? "PASS" : "FAIL", check);
	if (!ok)
		failures++;
}

static long sys_seccomp(unsigned int op, unsigned int flags, void *args)
{
	return syscall(__NR_seccomp, op, flags, args);
}

/* Install a filter returning @action for TARGET_NR, ALLOW for the rest. */
static int install_filter(unsigned int action, unsigned int flags)
{
	struct sock_filter insns[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, TARGET_NR, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, action),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {
		.len = sizeof(insns) / sizeof(insns[0]),
		.filter = insns,
	};

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -errno;
	if (sys_seccomp(SECCOMP_SET_MODE_FILTER, flags, &prog))
		return -errno;
	return 0;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static int read_file(const char *path, char *buf, size_t size)
{
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	return 0;
}

static int write_file(const char *path, const char *text)
{
	size_t len = strlen(text);
	ssize_t n;
	int fd;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, text, len);
	close(fd);
	if (n < 0)
		return -errno;
	return (size_t)n == len ? 0 : -EIO;
}

/* Is @word one of the blank-separated words of @list? */
static int has_word(const char *list, const char *word)
{
	size_t len = strlen(word);
	const char *p = list;

	while ((p = strstr(p, word)) != NULL) {
		int starts = p == list || p[-1] == ' ';
		int ends = p[len] == '\0' || p[len] == ' ' || p[len] == '\n';

		if (starts && ends)
			return 1;
		p += len;
	}
	return 0;
}

/* Open the audit log multicast socket; needs CAP_AUDIT_READ. */
static int open_audit_socket(void)
{
	struct sockaddr_nl addr = {
		.nl_family = AF_NETLINK,
		.nl_groups = 1U << (AUDIT_NLGRP_READLOG - 1),
	};
	struct timeval tv = { .tv_sec = 0, .tv_usec = 200000 };
	int fd;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT);
	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv))) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

struct expected_record {
	pid_t pid;
	long syscall;
	long sig;
	unsigned int code;
};

/* Does the text of an AUDIT_SECCOMP record match @want? */
static int record_matches(const char *text, const struct expected_record *want)
{
	char pid[32], syscall_nr[32], sig[32], code[32];

	snprintf(pid, sizeof(pid), "pid=%d", (int)want->pid);
	snprintf(syscall_nr, sizeof(syscall_nr), "syscall=%ld", want->syscall);
	snprintf(sig, sizeof(sig), "sig=%ld", want->sig);
	snprintf(code, sizeof(code), "code=0x%x", want->code);
	return has_word(text, pid) && has_word(text, syscall_nr) &&
	       has_word(text, sig) && has_word(text, code);
}

/*
 * Wait up to @timeout_ms for an AUDIT_SECCOMP record from @want->pid.
 * Returns 1 if one matching @want in full arrived, 0 if none from that pid
 * did, -1 if records from that pid arrived but none matched.
 */
static int wait_for_record(int fd, const struct expected_record *want,
			   long timeout_ms)
{
	long deadline = now_ms() + timeout_ms;
	char pid_word[32];
	int seen_pid = 0;

	snprintf(pid_word, sizeof(pid_word), "pid=%d", (int)want->pid);
	while (now_ms() < deadline) {
		char buf[8192] __attribute__((aligned(NLMSG_ALIGNTO)));
		struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
		ssize_t len;

		len = recv(fd, buf, sizeof(buf), 0);
		if (len < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			return seen_pid ? -1 : 0;
		}
		for (; NLMSG_OK(nlh, (size_t)len); nlh = NLMSG_NEXT(nlh, len)) {
			char text[4096];
			size_t n = nlh->nlmsg_len - NLMSG_HDRLEN;

			if (nlh->nlmsg_type != AUDIT_SECCOMP)
				continue;
			if (n >= sizeof(text))
				n = sizeof(text) - 1;
			memcpy(text, NLMSG_DATA(nlh), n);
			text[n] = '\0';
			if (!has_word(text, pid_word))
				continue;
			printf("# record: %s\n", text);
			seen_pid = 1;
			if (record_matches(text, want))
				return 1;
		}
	}
	return seen_pid ? -1 : 0;
}

/* Throw away records queued by earlier checks. */
static void drain(int fd)
{
	char buf[8192];

	while (recv(fd, buf, sizeof(buf), MSG_DONTWAIT) > 0)
		;
}

/* Child bodies: return the child's exit status, 0 meaning success. */

static int child_log(void)
{
	pid_t parent = getppid();
	long ret;
	int err;

	err = install_filter(SECCOMP_RET_LOG, 0);
	if (err) {
		printf("# RET_LOG filter: %s\n", strerror(-err));
		return 2;
	}
	ret = syscall(TARGET_NR);
	if (ret != parent) {
		printf("# getppid() under RET_LOG = %ld, want %d\n", ret,
		       (int)parent);
		return 3;
	}
	return 0;
}

static int child_flag_log_errno(void)
{
	long ret;
	int err;

	err = install_filter(SECCOMP_RET_ERRNO | EPERM,
			     SECCOMP_FILTER_FLAG_LOG);
	if (err) {
		printf("# ERRNO filter with FILTER_FLAG_LOG: %s\n",
		       strerror(-err));
		return 2;
	}
	ret = syscall(TARGET_NR);
	if (ret != -1 || errno != EPERM) {
		printf("# getppid() = %ld (%s), want EPERM\n", ret,
		       strerror(errno));
		return 3;
	}
	return 0;
}

static int child_flag_log_trace(void)
{
	long ret;
	int err;

	err = install_filter(SECCOMP_RET_TRACE | 7, SECCOMP_FILTER_FLAG_LOG);
	if (err) {
		printf("# TRACE filter with FILTER_FLAG_LOG: %s\n",
		       strerror(-err));
		return 2;
	}
	/* No tracer is attached: the call fails with ENOSYS. */
	ret = syscall(TARGET_NR);
	if (ret != -1 || errno != ENOSYS) {
		printf("# getppid() = %ld (%s), want ENOSYS\n", ret,
		       strerror(errno));
		return 3;
	}
	return 0;
}

static int child_allow(void)
{
	pid_t parent = getppid();
	int err;

	err = install_filter(SECCOMP_RET_ALLOW, 0);
	if (err) {
		printf("# ALLOW filter: %s\n", strerror(-err));
		return 2;
	}
	return syscall(TARGET_NR) == parent ? 0 : 3;
}

static int child_errno(void)
{
	long ret;
	int err;

	err = install_filter(SECCOMP_RET_ERRNO | EXDEV, 0);
	if (err) {
		printf("# ERRNO filter: %s\n", strerror(-err));
		return 2;
	}
	ret = syscall(TARGET_NR);
	return ret == -1 && errno == EXDEV ? 0 : 3;
}

static int child_kill(void)
{
	int err;

	err = install_filter(SECCOMP_RET_KILL, 0);
	if (err) {
		printf("# KILL filter: %s\n", strerror(-err));
		return 2;
	}
	syscall(TARGET_NR);
	return 3;	/* still alive: the filter did not kill */
}

static volatile sig_atomic_t trap_ok;

static void on_sigsys(int sig, siginfo_t *info, void *ucontext)
{
	(void)ucontext;
	trap_ok = sig == SIGSYS && info->si_code == SYS_SECCOMP &&
		  info->si_syscall == TARGET_NR && info->si_errno == 0x42 &&
		  info->si_arch == AUDIT_ARCH_X86_64;
}

static int child_trap(void)
{
	struct sigaction sa;
	int err;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sigsys;
	sa.sa_flags = SA_SIGINFO;
	if (sigaction(SIGSYS, &sa, NULL))
		return 4;
	err = install_filter(SECCOMP_RET_TRAP | 0x42, 0);
	if (err) {
		printf("# TRAP filter: %s\n", strerror(-err));
		return 2;
	}
	syscall(TARGET_NR);
	return trap_ok ? 0 : 3;
}

/* Run @body in a child; returns its wait status, or -1. */
static int run_child(int (*body)(void), pid_t *ret_pid)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int code = body();

		fflush(stdout);
		_exit(code);
	}
	if (ret_pid)
		*ret_pid = pid;
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

static int exited_ok(int status)
{
	return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static void describe(const char *what, int status)
{
	if (status == -1)
		printf("# %s: fork/wait failed\n", what);
	else if (WIFSIGNALED(status))
		printf("# %s: child killed by signal %d\n", what,
		       WTERMSIG(status));
	else if (WEXITSTATUS(status))
		printf("# %s: child exited with %d\n", what,
		       WEXITSTATUS(status));
}

static void check_actions_avail(void)
{
	char avail[256];
	int err;

	err = read_file(ACTIONS_AVAIL, avail, sizeof(avail));
	if (err)
		printf("# %s: %s\n", ACTIONS_AVAIL, strerror(-err));
	else
		printf("# actions_avail: %s\n", avail);
	report("actions_avail lists log", !err && has_word(avail, "log"));
}

static void check_get_action_avail(void)
{
	unsigned int action = SECCOMP_RET_LOG;
	long ret;

	ret = sys_seccomp(SECCOMP_GET_ACTION_AVAIL, 0, &action);
	if (ret)
		printf("# GET_ACTION_AVAIL(RET_LOG): %s\n", strerror(errno));
	report("GET_ACTION_AVAIL accepts RET_LOG", ret == 0);

	action = UNKNOWN_ACTION;
	ret = sys_seccomp(SECCOMP_GET_ACTION_AVAIL, 0, &action);
	if (ret != -1 || errno != EOPNOTSUPP)
		printf("# GET_ACTION_AVAIL(0x%x) = %ld (%s)\n", action, ret,
		       ret ? strerror(errno) : "accepted");
	report("GET_ACTION_AVAIL rejects an unknown action with EOPNOTSUPP",
	       ret == -1 && errno == EOPNOTSUPP);
}

static void check_ret_log(int audit_fd)
{
	struct expected_record want = {
		.syscall = TARGET_NR, .sig = 0, .code = SECCOMP_RET_LOG,
	};
	int status, found = 0;
	pid_t pid = 0;

	drain(audit_fd);
	status = run_child(child_log, &pid);
	describe("RET_LOG child", status);
	report("RET_LOG runs the system call and returns its result",
	       exited_ok(status));

	if (audit_fd >= 0 && pid > 0) {
		want.pid = pid;
		found = wait_for_record(audit_fd, &want, RECORD_WAIT_MS);
	}
	if (found != 1)
		printf("# no matching AUDIT_SECCOMP record for pid %d\n",
		       (int)pid);
	report("RET_LOG emits AUDIT_SECCOMP (pid, syscall, sig=0, code=0x7ffc0000) on AUDIT_NLGRP_READLOG",
	       found == 1);
}

static void check_flag_log(int audit_fd)
{
	struct expected_record want = {
		.syscall = TARGET_NR, .sig = 0, .code = SECCOMP_RET_ERRNO,
	};
	int status, found = 0;
	pid_t pid = 0;

	drain(audit_fd);
	status = run_child(child_flag_log_errno, &pid);
	describe("FILTER_FLAG_LOG child", status);
	if (exited_ok(status) && audit_fd >= 0) {
		want.pid = pid;
		found = wait_for_record(audit_fd, &want, RECORD_WAIT_MS);
		if (found != 1)
			printf("# no matching AUDIT_SECCOMP record for pid %d\n",
			       (int)pid);
	}
	report("FILTER_FLAG_LOG logs an ERRNO action", found == 1);
}

static void check_flag_log_trace(int audit_fd)
{
	struct expected_record want = {
		.syscall = TARGET_NR, .sig = 0, .code = SECCOMP_RET_TRACE,
	};
	int status, found = 0;
	pid_t pid = 0;

	drain(audit_fd);
	status = run_child(child_flag_log_trace, &pid);
	describe("FILTER_FLAG_LOG TRACE child", status);
	if (exited_ok(status) && audit_fd >= 0) {
		want.pid = pid;
		found = wait_for_record(audit_fd, &want, RECORD_WAIT_MS);
		if (found != 1)
			printf("# no matching AUDIT_SECCOMP record for pid %d\n",
			       (int)pid);
	}
	report("FILTER_FLAG_LOG logs a TRACE action (ENOSYS without a tracer)",
	       found == 1);
}

/* Without FILTER_FLAG_LOG, an ERRNO action must not be logged. */
static void check_errno_unlogged(int audit_fd)
{
	struct expected_record want = {
		.syscall = TARGET_NR, .sig = 0, .code = SECCOMP_RET_ERRNO,
	};
	int status, found = 1;
	pid_t pid = 0;

	drain(audit_fd);
	status = run_child(child_errno, &pid);
	describe("ERRNO child", status);
	if (exited_ok(status) && audit_fd >= 0) {
		want.pid = pid;
		found = wait_for_record(audit_fd, &want, SILENCE_WAIT_MS);
		if (found)
			printf("# ERRNO without FILTER_FLAG_LOG was logged\n");
	}
	report("ERRNO without FILTER_FLAG_LOG is not logged", found == 0);
}

/* Build @saved without the word "log"; the result goes to @out. */
static void remove_word_log(const char *saved, char *out, size_t size)
{
	char copy[256], *save = NULL, *word;
	size_t len = 0;

	snprintf(copy, sizeof(copy), "%s", saved);
	out[0] = '\0';
	for (word = strtok_r(copy, " \n", &save); word;
	     word = strtok_r(NULL, " \n", &save)) {
		if (!strcmp(word, "log"))
			continue;
		len += snprintf(out + len, size - len, "%s%s",
				len ? " " : "", word);
		if (len >= size)
			break;
	}
}

static void check_actions_logged(int audit_fd)
{
	struct expected_record want = {
		.syscall = TARGET_NR, .sig = 0, .code = SECCOMP_RET_LOG,
	};
	char saved[256], reduced[256], now[256];
	int err, status, found = 1, restored;
	pid_t pid = 0;

	err = read_file(ACTIONS_LOGGED, saved, sizeof(saved));
	if (err) {
		printf("# %s: %s\n", ACTIONS_LOGGED, strerror(-err));
		report("actions_logged without log silences RET_LOG, the call still runs",
		       0);
		report("actions_logged rejects allow with EINVAL", 0);
		report("actions_logged can be restored", 0);
		return;
	}
	printf("# actions_logged: %s\n", saved);
	remove_word_log(saved, reduced, sizeof(reduced));
	err = write_file(ACTIONS_LOGGED, reduced);
	if (err)
		printf("# writing \"%s\" to actions_logged: %s\n", reduced,
		       strerror(-err));

	if (!err && read_file(ACTIONS_LOGGED, now, sizeof(now)) == 0 &&
	    !has_word(now, "log")) {
		drain(audit_fd);
		status = run_child(child_log, &pid);
		describe("RET_LOG child with log unlisted", status);
		if (exited_ok(status) && audit_fd >= 0) {
			want.pid = pid;
			found = wait_for_record(audit_fd, &want,
						SILENCE_WAIT_MS);
			if (found)
				printf("# RET_LOG was still logged\n");
		}
		report("actions_logged without log silences RET_LOG, the call still runs",
		       exited_ok(status) && found == 0);
	} else {
		report("actions_logged without log silences RET_LOG, the call still runs",
		       0);
	}

	err = write_file(ACTIONS_LOGGED, "allow");
	report("actions_logged rejects allow with EINVAL", err == -EINVAL);

	err = write_file(ACTIONS_LOGGED, saved);
	restored = !err && read_file(ACTIONS_LOGGED, now, sizeof(now)) == 0 &&
		   !strcmp(now, saved);
	report("actions_logged can be restored", restored);
}

static void check_existing_actions(void)
{
	int status;

	status = run_child(child_allow, NULL);
	describe("ALLOW child", status);
	report("ALLOW still allows", exited_ok(status));

	status = run_child(child_errno, NULL);
	describe("ERRNO child", status);
	report("ERRNO still returns the errno", exited_ok(status));

	status = run_child(child_kill, NULL);
	if (!(status != -1 && WIFSIGNALED(status) &&
	      WTERMSIG(status) == SIGSYS))
		describe("KILL child", status);
	report("KILL still kills with SIGSYS",
	       status != -1 && WIFSIGNALED(status) &&
	       WTERMSIG(status) == SIGSYS);

	status = run_child(child_trap, NULL);
	describe("TRAP child", status);
	report("TRAP still delivers SIGSYS with SYS_SECCOMP", exited_ok(status));
}

/*
 * With /sclog in the initramfs: profile /hello-static with "sclog run".
 * With RET_LOG available the policy must name the calls the target made
 * (and the i386 architecture if its 32-bit child ran).  Without it sclog
 * must refuse with exit status 125 before the target starts.
 */
static void check_sclog(void)
{
	char policy[16384], out[16384];
	int status, fd, err, has_log;
	char avail[256];
	pid_t pid;

	if (access("/sclog", X_OK))
		return;

	has_log = read_file(ACTIONS_AVAIL, avail, sizeof(avail)) == 0 &&
		  has_word(avail, "log");
	unlink("/tmp/p.json");
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		fd = open("/tmp/sclog.out", O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execl("/sclog", "sclog", "run", "-o", "/tmp/p.json", "--",
		      "/hello-static", (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		status = -1;
	if (read_file("/tmp/sclog.out", out, sizeof(out)))
		out[0] = '\0';
	printf("# sclog output:\n%s\n# end of sclog output\n", out);
	printf("# sclog wait status 0x%x, kernel has RET_LOG: %s\n", status,
	       has_log ? "yes" : "no");

	if (!has_log) {
		report("sclog refuses with exit status 125 on a kernel without RET_LOG",
		       status != -1 && WIFEXITED(status) &&
		       WEXITSTATUS(status) == 125);
		report("sclog does not start the target without RET_LOG",
		       !strstr(out, "HELLO-STATIC-STARTED"));
		return;
	}

	err = read_file("/tmp/p.json", policy, sizeof(policy));
	if (!err)
		printf("# policy:\n%s\n# end of policy\n", policy);
	report("sclog run exits 0", exited_ok(status));
	report("sclog ran the target", strstr(out, "HELLO-STATIC-STARTED") != NULL);
	report("sclog policy lists write and exit_group",
	       !err && strstr(policy, "\"write\"") &&
	       strstr(policy, "\"exit_group\""));
	if (strstr(out, "HELLO-STATIC-32-STARTED"))
		report("sclog policy lists SCMP_ARCH_X86 for the 32-bit child",
		       !err && strstr(policy, "SCMP_ARCH_X86\""));
	else
		printf("# the 32-bit child did not run; no i386 check\n");
}

static void init_setup(void)
{
	mkdir("/proc", 0755);
	mkdir("/sys", 0755);
	mkdir("/tmp", 01777);
	mkdir("/dev", 0755);
	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	mount("tmpfs", "/tmp", "tmpfs", 0, NULL);
	/* Keep audit printks off the console so the result lines stay whole. */
	write_file("/proc/sys/kernel/printk", "1");
}

int main(void)
{
	int is_init = getpid() == 1;
	int audit_fd;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (is_init)
		init_setup();

	printf("# seccomp-log-test starting\n");
	audit_fd = open_audit_socket();
	if (audit_fd < 0)
		printf("# NETLINK_AUDIT READLOG socket: %s\n",
		       strerror(-audit_fd));

	check_actions_avail();
	check_get_action_avail();
	check_ret_log(audit_fd);
	check_flag_log(audit_fd);
	check_flag_log_trace(audit_fd);
	check_errno_unlogged(audit_fd);
	check_actions_logged(audit_fd);
	check_existing_actions();
	check_sclog();

	printf("RESULT: %s\n", failures ? "FAIL" : "PASS");
	fflush(stdout);
	if (is_init) {
		sync();
		reboot(RB_AUTOBOOT);
	}
	return failures ? 1 : 0;
}
