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
#include <grp.h>
#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/netlink.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/user.h>
#include <sys/utsname.h>
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
#ifndef SECCOMP_RET_KILL_PROCESS
#define SECCOMP_RET_KILL_PROCESS 0x80000000U
#endif
#ifndef SECCOMP_RET_KILL_THREAD
#define SECCOMP_RET_KILL_THREAD 0x00000000U
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

/* The build also runs as a 32-bit program, for the i386 records. */
#ifdef __i386__
#define TEST_ARCH AUDIT_ARCH_I386
#define REG_NR orig_eax
#define REG_RET eax
#else
#define TEST_ARCH AUDIT_ARCH_X86_64
#define REG_NR orig_rax
#define REG_RET rax
#endif
#define AUDIT_ARCH_I386_VALUE 0x40000003U
#define I386_GETPPID 64

#define RECORD_WAIT_MS 3000
#define SILENCE_WAIT_MS 1500

static int failures;

static void report(const char *check, int ok)
{
	printf("%s: %s\n", ok ? "PASS" : "FAIL", check);
	if (!ok)
		failures++;
}

/*
 * NLMSG_OK() with its types made explicit: the macro compares the u32
 * nlmsg_len with the int it is given, which clang's -Wsign-compare rejects.
 */
static int frame_ok(const struct nlmsghdr *nlh, int left)
{
	return left >= (int)sizeof(*nlh) && nlh->nlmsg_len >= sizeof(*nlh) &&
	       nlh->nlmsg_len <= (unsigned int)left;
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
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, TEST_ARCH, 1, 0),
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
	unsigned int arch;	/* AUDIT_ARCH_*, or 0 not to check it */
};

/* Does the text of an AUDIT_SECCOMP record match @want? */
static int record_matches(const char *text, const struct expected_record *want)
{
	char pid[32], syscall_nr[32], sig[32], code[32], arch[32];

	snprintf(pid, sizeof(pid), "pid=%d", (int)want->pid);
	snprintf(syscall_nr, sizeof(syscall_nr), "syscall=%ld", want->syscall);
	snprintf(sig, sizeof(sig), "sig=%ld", want->sig);
	snprintf(code, sizeof(code), "code=0x%x", want->code);
	snprintf(arch, sizeof(arch), "arch=%x", want->arch);
	return has_word(text, pid) && has_word(text, syscall_nr) &&
	       has_word(text, sig) && has_word(text, code) &&
	       (!want->arch || has_word(text, arch));
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
		int left;

		len = recv(fd, buf, sizeof(buf), 0);
		if (len < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			return seen_pid ? -1 : 0;
		}
		/*
		 * An int: NLMSG_NEXT() can take it below zero (the last
		 * message's length is not 4-aligned), which frame_ok() only
		 * catches on a signed value.
		 */
		for (left = (int)len; frame_ok(nlh, left);
		     nlh = NLMSG_NEXT(nlh, left)) {
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

/*
 * Collect, for @window_ms, the AUDIT_SECCOMP records of @pid into @out, one
 * per line.  Returns how many arrived.
 */
static int collect_records(int fd, pid_t pid, long window_ms, char *out,
			   size_t size)
{
	long deadline = now_ms() + window_ms;
	size_t used = 0;
	char pid_word[32];
	int count = 0;

	out[0] = '\0';
	snprintf(pid_word, sizeof(pid_word), "pid=%d", (int)pid);
	while (fd >= 0 && now_ms() < deadline) {
		char buf[8192] __attribute__((aligned(NLMSG_ALIGNTO)));
		struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
		ssize_t len;
		int left;

		len = recv(fd, buf, sizeof(buf), 0);
		if (len < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			break;
		}
		/*
		 * An int: NLMSG_NEXT() can take it below zero (the last
		 * message's length is not 4-aligned), which frame_ok() only
		 * catches on a signed value.
		 */
		for (left = (int)len; frame_ok(nlh, left);
		     nlh = NLMSG_NEXT(nlh, left)) {
			char text[1024];
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
			count++;
			if (used + n + 2 < size) {
				memcpy(out + used, text, n);
				used += n;
				out[used++] = '\n';
				out[used] = '\0';
			}
		}
	}
	return count;
}

/* How many of the collected @lines match @want? */
static int count_matches(const char *lines, const struct expected_record *want)
{
	char copy[16384], *save = NULL, *line;
	int count = 0;

	snprintf(copy, sizeof(copy), "%s", lines);
	for (line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		count += record_matches(line, want);
	return count;
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
		  info->si_arch == TEST_ARCH;
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

static int child_trap_logged(void)
{
	struct sigaction sa;
	int err;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sigsys;
	sa.sa_flags = SA_SIGINFO;
	if (sigaction(SIGSYS, &sa, NULL))
		return 4;
	err = install_filter(SECCOMP_RET_TRAP | 0x42, SECCOMP_FILTER_FLAG_LOG);
	if (err) {
		printf("# TRAP filter with FILTER_FLAG_LOG: %s\n",
		       strerror(-err));
		return 2;
	}
	syscall(TARGET_NR);
	return trap_ok ? 0 : 3;
}

/* Where the thread of child_kill_in_thread() leaves its thread id. */
static volatile pid_t *killed_tid;

static void *thread_getppid(void *arg)
{
	(void)arg;
	if (killed_tid)
		*killed_tid = syscall(__NR_gettid);
	syscall(TARGET_NR);
	return NULL;
}

/*
 * A second thread makes the filtered call while the main thread waits:
 * KILL_PROCESS must take the whole process down, KILL_THREAD only the
 * calling thread (the main thread then joins it and exits 0).
 */
static int child_kill_in_thread(unsigned int action)
{
	pthread_t thread;
	int err;

	err = install_filter(action, 0);
	if (err) {
		printf("# kill filter 0x%x: %s\n", action, strerror(-err));
		return 2;
	}
	if (pthread_create(&thread, NULL, thread_getppid, NULL))
		return 4;
	pthread_join(thread, NULL);
	return action == SECCOMP_RET_KILL_PROCESS ? 3 : 0;
}

static int child_kill_process(void)
{
	return child_kill_in_thread(SECCOMP_RET_KILL_PROCESS);
}

static int child_kill_thread(void)
{
	return child_kill_in_thread(SECCOMP_RET_KILL_THREAD);
}

/* Try to write actions_logged; returns 0 or -errno. */
static int try_write_actions_logged(void)
{
	char now[256];
	int err;

	err = read_file(ACTIONS_LOGGED, now, sizeof(now));
	if (err)
		return err;
	return write_file(ACTIONS_LOGGED, now);
}

static int child_write_as_nobody(void)
{
	int err;

	if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
	    setresuid(65534, 65534, 65534))
		return 4;
	err = try_write_actions_logged();
	printf("# uid 65534 writing actions_logged: %s\n",
	       err ? strerror(-err) : "accepted");
	return err == -EACCES ? 0 : 3;
}

static int child_write_without_cap_sys_admin(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];
	int err;

	if (syscall(__NR_capget, &hdr, data))
		return 4;
	data[0].effective &= ~(1U << CAP_SYS_ADMIN);
	data[0].permitted &= ~(1U << CAP_SYS_ADMIN);
	if (syscall(__NR_capset, &hdr, data))
		return 4;
	err = try_write_actions_logged();
	printf("# root without CAP_SYS_ADMIN writing actions_logged: %s\n",
	       err ? strerror(-err) : "accepted");
	return err == -EPERM ? 0 : 3;
}

/*
 * Traced by the parent, under a TRACE filter with FILTER_FLAG_LOG: the
 * tracer lets the first call run and skips the second (it sets the system
 * call number to -1 and the return value to TRACER_RESULT).
 */
#define TRACER_RESULT 4242
static int child_traced(void)
{
	pid_t parent = getppid();
	long first, second;
	int err;

	if (ptrace(PTRACE_TRACEME, 0, NULL, NULL))
		return 4;
	raise(SIGSTOP);
	err = install_filter(SECCOMP_RET_TRACE | 7, SECCOMP_FILTER_FLAG_LOG);
	if (err) {
		printf("# TRACE filter with FILTER_FLAG_LOG: %s\n",
		       strerror(-err));
		return 2;
	}
	first = syscall(TARGET_NR);
	second = syscall(TARGET_NR);
	printf("# traced child: first call %ld (want %d), second %ld (want %d)\n",
	       first, (int)parent, second, TRACER_RESULT);
	return first == parent && second == TRACER_RESULT ? 0 : 3;
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
	report("actions_avail lists kill_process first, as upstream",
	       !err && !strncmp(avail, "kill_process ", 13));
}

static void check_get_action_avail(void)
{
	unsigned int action = SECCOMP_RET_LOG;
	long ret;

	ret = sys_seccomp(SECCOMP_GET_ACTION_AVAIL, 0, &action);
	if (ret)
		printf("# GET_ACTION_AVAIL(RET_LOG): %s\n", strerror(errno));
	report("GET_ACTION_AVAIL accepts RET_LOG", ret == 0);

	action = SECCOMP_RET_KILL_PROCESS;
	ret = sys_seccomp(SECCOMP_GET_ACTION_AVAIL, 0, &action);
	if (ret)
		printf("# GET_ACTION_AVAIL(KILL_PROCESS): %s\n",
		       strerror(errno));
	report("GET_ACTION_AVAIL accepts KILL_PROCESS", ret == 0);

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

static int kernel_is_4_4(void)
{
	struct utsname u;

	return uname(&u) == 0 && !strncmp(u.release, "4.4.", 4);
}

static int killed_by_sigsys(int status)
{
	return status != -1 && WIFSIGNALED(status) &&
	       WTERMSIG(status) == SIGSYS;
}

/* Run @body in a child, then collect its records for @window_ms. */
static int run_and_collect(int audit_fd, int (*body)(void), int *status,
			   char *records, size_t size, long window_ms)
{
	pid_t pid = 0;

	drain(audit_fd);
	*status = run_child(body, &pid);
	records[0] = '\0';
	if (audit_fd < 0 || pid <= 0)
		return 0;
	return collect_records(audit_fd, pid, window_ms, records, size) >= 0 ?
	       pid : 0;
}

static void check_kill_actions(int audit_fd)
{
	struct expected_record want = { .syscall = TARGET_NR };
	char records[4096];
	int status;

	want.pid = run_and_collect(audit_fd, child_kill, &status, records,
				   sizeof(records), SILENCE_WAIT_MS);
	want.sig = SIGSYS;
	want.code = SECCOMP_RET_KILL_THREAD;
	report("KILL_THREAD is logged (sig=31, code=0x0) without FILTER_FLAG_LOG",
	       killed_by_sigsys(status) && count_matches(records, &want) == 1);

	want.pid = run_and_collect(audit_fd, child_trap_logged, &status,
				   records, sizeof(records), SILENCE_WAIT_MS);
	describe("TRAP child with FILTER_FLAG_LOG", status);
	want.sig = 0;
	want.code = SECCOMP_RET_TRAP;
	report("FILTER_FLAG_LOG logs a TRAP action (sig=0, code=0x30000)",
	       exited_ok(status) && count_matches(records, &want) == 1);

	want.pid = run_and_collect(audit_fd, child_trap, &status, records,
				   sizeof(records), SILENCE_WAIT_MS);
	describe("TRAP child", status);
	report("TRAP without FILTER_FLAG_LOG is not logged",
	       exited_ok(status) && count_matches(records, &want) == 0);

	/*
	 * The record's pid= is the process id, except on 4.4, whose
	 * audit_log_task() logs the thread id (4.6 and later: the tgid).
	 */
	killed_tid = mmap(NULL, sizeof(*killed_tid), PROT_READ | PROT_WRITE,
			  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (killed_tid == MAP_FAILED)
		killed_tid = NULL;
	drain(audit_fd);
	status = run_child(child_kill_process, &want.pid);
	if (!killed_by_sigsys(status))
		describe("KILL_PROCESS child", status);
	report("KILL_PROCESS in a second thread kills the whole process with SIGSYS",
	       killed_by_sigsys(status));
	if (killed_tid && kernel_is_4_4())
		want.pid = *killed_tid;
	collect_records(audit_fd, want.pid, SILENCE_WAIT_MS, records,
			sizeof(records));
	want.sig = SIGSYS;
	want.code = SECCOMP_RET_KILL_PROCESS;
	report("KILL_PROCESS is logged (sig=31, code=0x80000000; pid= the process id, the thread id on 4.4)",
	       count_matches(records, &want) == 1);

	status = run_child(child_kill_thread, NULL);
	describe("KILL_THREAD child", status);
	report("KILL_THREAD in a second thread kills only that thread",
	       exited_ok(status));
}

static void check_actions_logged_permissions(void)
{
	char before[256], after[256];
	int status;

	if (read_file(ACTIONS_LOGGED, before, sizeof(before)))
		before[0] = '\0';
	status = run_child(child_write_as_nobody, NULL);
	describe("uid 65534 child", status);
	report("actions_logged: uid 65534 cannot write it (EACCES)",
	       exited_ok(status));
	status = run_child(child_write_without_cap_sys_admin, NULL);
	describe("root child without CAP_SYS_ADMIN", status);
	report("actions_logged: root without CAP_SYS_ADMIN cannot write it (EPERM)",
	       exited_ok(status));
	report("actions_logged is unchanged after the refused writes",
	       before[0] && read_file(ACTIONS_LOGGED, after, sizeof(after)) == 0 &&
	       !strcmp(before, after));
}

/* i386 records: the 32-bit build of this program logs a getppid call. */
static void check_i386(int audit_fd)
{
	struct expected_record want = {
		.syscall = I386_GETPPID, .sig = 0, .code = SECCOMP_RET_LOG,
		.arch = AUDIT_ARCH_I386_VALUE,
	};
	int status, found = 0;
	pid_t pid;

	if (access("/seccomp-log-test-32", X_OK)) {
		printf("SKIP: i386 records (no /seccomp-log-test-32: no 32-bit toolchain)\n");
		return;
	}
	drain(audit_fd);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		execl("/seccomp-log-test-32", "seccomp-log-test-32",
		      "child-log", (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		status = -1;
	describe("32-bit RET_LOG child", status);
	report("RET_LOG runs the system call of a 32-bit (i386) task",
	       exited_ok(status));
	if (audit_fd >= 0 && pid > 0) {
		want.pid = pid;
		found = wait_for_record(audit_fd, &want, RECORD_WAIT_MS);
	}
	report("an i386 task's record has arch=40000003 and the i386 number (syscall=64)",
	       found == 1);
}

/* SECCOMP_RET_TRACE with a tracer: logged only when the call is skipped. */
static void check_trace_with_tracer(int audit_fd)
{
	struct expected_record skipped = {
		.syscall = -1, .sig = 0, .code = SECCOMP_RET_TRACE,
	};
	struct expected_record ran = {
		.syscall = TARGET_NR, .sig = 0, .code = SECCOMP_RET_TRACE,
	};
	int status = -1, events = 0;
	char records[4096];
	pid_t pid;

	drain(audit_fd);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		int code = child_traced();

		fflush(stdout);
		_exit(code);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid ||
	    !WIFSTOPPED(status) ||
	    ptrace(PTRACE_SETOPTIONS, pid, NULL,
		   (void *)(long)PTRACE_O_TRACESECCOMP) ||
	    ptrace(PTRACE_CONT, pid, NULL, NULL)) {
		printf("# could not start tracing the child\n");
		if (pid > 0) {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
		}
		status = -1;
	}
	while (status != -1) {
		if (waitpid(pid, &status, 0) != pid) {
			status = -1;
			break;
		}
		if (!WIFSTOPPED(status))
			break;
		if ((status >> 8) == (SIGTRAP | (PTRACE_EVENT_SECCOMP << 8))) {
			struct user_regs_struct regs;

			if (++events == 2 &&
			    !ptrace(PTRACE_GETREGS, pid, NULL, &regs)) {
				regs.REG_NR = -1;
				regs.REG_RET = TRACER_RESULT;
				ptrace(PTRACE_SETREGS, pid, NULL, &regs);
			}
			ptrace(PTRACE_CONT, pid, NULL, NULL);
		} else {
			ptrace(PTRACE_CONT, pid, NULL,
			       (void *)(long)WSTOPSIG(status));
		}
	}
	describe("traced child", status);
	printf("# PTRACE_EVENT_SECCOMP stops: %d\n", events);
	report("TRACE with a tracer: the tracer sees both calls, runs one and skips one",
	       exited_ok(status) && events == 2);
	collect_records(audit_fd, pid, SILENCE_WAIT_MS, records,
			sizeof(records));
	skipped.pid = pid;
	ran.pid = pid;
	report("TRACE with a tracer: the call the tracer lets run is not logged",
	       exited_ok(status) && count_matches(records, &ran) == 0);
	report("TRACE with a tracer: the skipped call is logged once (syscall=-1, as upstream)",
	       exited_ok(status) && count_matches(records, &skipped) == 1);
}

/*
 * Booted with audit=0: seccomp must work as before, and no record may be
 * produced (the audit netlink protocol may not even exist).
 */
static void check_audit_disabled(void)
{
	struct expected_record want = {
		.syscall = TARGET_NR, .sig = 0, .code = SECCOMP_RET_LOG,
	};
	int audit_fd, status, found = 0;
	char avail[256];
	pid_t pid = 0;

	report("audit=0: actions_avail still lists log",
	       read_file(ACTIONS_AVAIL, avail, sizeof(avail)) == 0 &&
	       has_word(avail, "log"));
	audit_fd = open_audit_socket();
	if (audit_fd < 0)
		printf("# audit=0: NETLINK_AUDIT READLOG socket: %s\n",
		       strerror(-audit_fd));
	status = run_child(child_log, &pid);
	describe("RET_LOG child", status);
	report("audit=0: RET_LOG runs the system call and returns its result",
	       exited_ok(status));
	if (audit_fd >= 0 && pid > 0) {
		want.pid = pid;
		found = wait_for_record(audit_fd, &want, SILENCE_WAIT_MS);
	}
	report("audit=0: no AUDIT_SECCOMP record is produced", found == 0);
	status = run_child(child_kill, NULL);
	report("audit=0: KILL still kills with SIGSYS", killed_by_sigsys(status));
	if (audit_fd >= 0)
		close(audit_fd);
}

/* The upstream selftests, if the initramfs has them; the host judges. */
static void run_selftests(void)
{
	int status, waited = 0;
	pid_t pid, got;

	if (access("/seccomp_bpf", X_OK))
		return;
	printf("# running /seccomp_bpf (upstream selftests)\n");
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		execl("/seccomp_bpf", "seccomp_bpf", (char *)NULL);
		_exit(127);
	}
	if (pid < 0)
		return;
	/* The 4.14 harness has no timeouts: give up after 600 s. */
	while ((got = waitpid(pid, &status, WNOHANG)) == 0 && waited < 6000) {
		usleep(100000);
		waited++;
	}
	if (got == 0) {
		printf("# seccomp_bpf still running after 600 s: killed\n");
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
	}
	printf("# seccomp_bpf wait status 0x%x\n", status);
}

/* Run @argv with stdout and stderr in @out; returns the wait status. */
static int run_capture(char *const argv[], char *out, size_t size, pid_t *ret)
{
	int status, fd;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		fd = open("/tmp/cmd.out", O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execv(argv[0], argv);
		_exit(127);
	}
	if (ret)
		*ret = pid;
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		status = -1;
	if (read_file("/tmp/cmd.out", out, size))
		out[0] = '\0';
	printf("# %s %s: wait status 0x%x, output:\n%s\n# end of output\n",
	       argv[0], argv[1], status, out);
	return status;
}

static int exited_with(int status, int code)
{
	return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == code;
}

/*
 * "sclog enforce" with a kill-process policy: the profile of /hello-static
 * with that default action lets it run; the same program making one more
 * call (getpgid) is killed with SIGSYS, and the kernel logs code=0x80000000.
 */
static void check_sclog_enforce(int audit_fd)
{
	char *merge[] = { "/sclog", "merge", "/tmp/p.json", "-o",
			  "/tmp/pk.json", "--default-action", "kill-process",
			  NULL };
	char *ok[] = { "/sclog", "enforce", "--policy", "/tmp/pk.json", "--",
		       "/hello-static", NULL };
	char *extra[] = { "/sclog", "enforce", "--policy", "/tmp/pk.json",
			  "--", "/hello-static", "--getpgid", NULL };
	struct expected_record want = {
		.syscall = __NR_getpgid, .sig = SIGSYS,
		.code = SECCOMP_RET_KILL_PROCESS,
	};
	char out[16384], policy[16384];
	int status, found = 0;
	pid_t pid = 0;

	status = run_capture(merge, out, sizeof(out), NULL);
	if (read_file("/tmp/pk.json", policy, sizeof(policy)))
		policy[0] = '\0';
	report("sclog merge --default-action kill-process writes SCMP_ACT_KILL_PROCESS",
	       exited_ok(status) && strstr(policy, "SCMP_ACT_KILL_PROCESS"));

	status = run_capture(ok, out, sizeof(out), NULL);
	report("sclog enforce (kill-process policy) runs the profiled program, exit 0",
	       exited_ok(status) && strstr(out, "HELLO-STATIC-STARTED"));

	drain(audit_fd);
	status = run_capture(extra, out, sizeof(out), &pid);
	report("sclog enforce (kill-process policy) kills the program at its first unlisted call",
	       killed_by_sigsys(status) && strstr(out, "CALLING-GETPGID") &&
	       !strstr(out, "SURVIVED-GETPGID"));
	if (audit_fd >= 0 && pid > 0) {
		want.pid = pid;
		found = wait_for_record(audit_fd, &want, RECORD_WAIT_MS);
	}
	report("sclog enforce: the kernel logs the kill (code=0x80000000, syscall=getpgid)",
	       found == 1);
}

/* Without KILL_PROCESS, "sclog enforce" must refuse such a policy. */
static void check_sclog_enforce_refused(void)
{
	static const char policy[] =
		"{\"defaultAction\": \"SCMP_ACT_KILL_PROCESS\", "
		"\"architectures\": [\"SCMP_ARCH_X86_64\"], \"syscalls\": "
		"[{\"names\": [\"write\", \"exit_group\", \"execve\"], "
		"\"action\": \"SCMP_ACT_ALLOW\"}]}\n";
	char *argv[] = { "/sclog", "enforce", "--policy", "/tmp/pk.json", "--",
			 "/hello-static", NULL };
	char out[16384];
	int status;

	if (write_file("/tmp/pk.json", policy) == -ENOENT) {
		int fd = open("/tmp/pk.json", O_WRONLY | O_CREAT, 0644);

		if (fd >= 0)
			close(fd);
		write_file("/tmp/pk.json", policy);
	}
	status = run_capture(argv, out, sizeof(out), NULL);
	report("sclog enforce refuses a kill-process policy with exit status 125 on a kernel without KILL_PROCESS",
	       exited_with(status, 125) && !strstr(out, "HELLO-STATIC-STARTED"));
}

/*
 * With /sclog in the initramfs: profile /hello-static with "sclog run".
 * With RET_LOG available the policy must name the calls the target made
 * (and the i386 architecture if its 32-bit child ran).  Without it sclog
 * must refuse with exit status 125 before the target starts.
 */
static void check_sclog(int audit_fd)
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
		check_sclog_enforce_refused();
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
	check_sclog_enforce(audit_fd);
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

int main(int argc, char **argv)
{
	int is_init = getpid() == 1;
	char cmdline[1024];
	int audit_fd;

	setvbuf(stdout, NULL, _IOLBF, 0);
	/* The 32-bit build, run by check_i386(). */
	if (argc > 1 && !strcmp(argv[1], "child-log"))
		return child_log();
	if (is_init)
		init_setup();

	printf("# seccomp-log-test starting\n");
	if (read_file("/proc/cmdline", cmdline, sizeof(cmdline)) == 0 &&
	    strstr(cmdline, "audit=0")) {
		printf("# booted with audit=0\n");
		check_audit_disabled();
		goto out;
	}
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
	check_kill_actions(audit_fd);
	check_actions_logged_permissions();
	check_i386(audit_fd);
	check_trace_with_tracer(audit_fd);
	run_selftests();
	check_sclog(audit_fd);

out:
	printf("RESULT: %s\n", failures ? "FAIL" : "PASS");
	fflush(stdout);
	if (is_init) {
		sync();
		reboot(RB_AUTOBOOT);
	}
	return failures ? 1 : 0;
}
