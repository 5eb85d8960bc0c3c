// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sclog/collect/audit/audit.h"
#include "sclog/collect/audit/session.h"
#include "sclog/collect/probe.h"

#define CAP_AUDIT_CONTROL_BIT 30
#define ACTIONS_AVAIL "/proc/sys/kernel/seccomp/actions_avail"
#define ACTIONS_LOGGED "/proc/sys/kernel/seccomp/actions_logged"

__attribute__((format(printf, 4, 5))) static void set(struct sclog_check *c, const char *name,
						      int ok, const char *fmt, ...)
{
	va_list ap;

	c->name = name;
	c->ok = ok;
	c->fatal = 1;
	va_start(ap, fmt);
	vsnprintf(c->detail, sizeof(c->detail), fmt, ap);
	va_end(ap);
}

static int read_small(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

static int has_word(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = list; (p = strstr(p, word)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return 1;
	return 0;
}

void sclog_probe_release(char *buf, size_t size)
{
	struct utsname u;

	snprintf(buf, size, "%s", uname(&u) == 0 ? u.release : "unknown");
}

static int check_seccomp(struct sclog_check *c)
{
	uint32_t action = SECCOMP_RET_LOG;

	if (prctl(PR_GET_SECCOMP, 0, 0, 0, 0) < 0 && errno == EINVAL) {
		set(c, "seccomp", 0,
		    "the kernel was built without CONFIG_SECCOMP; "
		    "sclog needs seccomp filters (CONFIG_SECCOMP_FILTER)");
		return 0;
	}
	if (syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &action) < 0 && errno == ENOSYS) {
		set(c, "seccomp", 0,
		    "the kernel has no seccomp() syscall (Linux < 3.17); "
		    "sclog needs 4.14 or a kernel patched as in kernel-patches/");
		return 0;
	}
	set(c, "seccomp", 1, "seccomp filters are available");
	return 1;
}

static int check_ret_log(struct sclog_check *c)
{
	uint32_t action = SECCOMP_RET_LOG;
	char avail[256] = "";

	/* Kernels before 4.14 know neither this operation nor RET_LOG, and
	 * an unknown action kills the task: never install one unprobed. */
	if (syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &action) < 0) {
		set(c, "SECCOMP_RET_LOG", 0,
		    "the running kernel does not support SECCOMP_RET_LOG "
		    "(SECCOMP_GET_ACTION_AVAIL: %s); it needs Linux 4.14 or later, or "
		    "a 4.4/4.9 kernel with the series in kernel-patches/ (see "
		    "kernel-patches/README.md)",
		    strerror(errno));
		return 0;
	}
	if (read_small(ACTIONS_AVAIL, avail, sizeof(avail)) < 0 || !has_word(avail, "log")) {
		set(c, "SECCOMP_RET_LOG", 0,
		    "the running kernel does not list \"log\" in " ACTIONS_AVAIL
		    " (\"%s\"); see kernel-patches/README.md",
		    avail);
		return 0;
	}
	set(c, "SECCOMP_RET_LOG", 1, "supported (actions_avail: %s)", avail);
	return 1;
}

static int check_actions_logged(struct sclog_check *c)
{
	char logged[256] = "";

	if (read_small(ACTIONS_LOGGED, logged, sizeof(logged)) < 0) {
		set(c, "actions_logged", 0, "cannot read " ACTIONS_LOGGED ": %s", strerror(errno));
		return 0;
	}
	if (!has_word(logged, "log")) {
		/* RET_LOG then allows silently: an empty profile. */
		set(c, "actions_logged", 0,
		    "\"log\" is missing from " ACTIONS_LOGGED " (\"%s\"), so the kernel "
		    "would run the syscalls without logging them; add it with: "
		    "sysctl -w kernel.seccomp.actions_logged=\"%s%slog\"",
		    logged, logged, *logged ? " " : "");
		return 0;
	}
	set(c, "actions_logged", 1, "\"log\" is logged (%s)", logged);
	return 1;
}

static int check_socket(struct sclog_check *c)
{
	struct sclog_audit_source src;
	struct sclog_error err = { 0 };

	if (sclog_audit_open(&src, 0, &err) < 0) {
		set(c, "audit socket", 0, "%s", err.msg);
		return 0;
	}
	set(c, "audit socket", 1, "subscribed to AUDIT_NLGRP_READLOG, receive buffer %d bytes",
	    src.rcvbuf);
	sclog_audit_close(&src);
	return 1;
}

static int check_status(struct sclog_check *c)
{
	struct sclog_audit_status st;
	struct sclog_error err = { 0 };

	if (sclog_audit_status(&st, &err) < 0) {
		set(c, "audit status", 0,
		    "%s (sclog reads the kernel's lost counter "
		    "to detect dropped records)",
		    err.msg);
		return 0;
	}
	set(c, "audit status", 1,
	    "enabled %u, lost %u, rate_limit %u, backlog_limit %u, "
	    "audit daemon pid %u%s",
	    st.enabled, st.lost, st.rate_limit, st.backlog_limit, st.pid,
	    st.rate_limit ? " (a rate limit drops records; sclog will notice)" : "");
	return 1;
}

/*
 * An audit daemon gets every record too: RET_LOG records fill its log (a
 * 1M-syscall run rotated a whole earlier audit.log away under Debian's
 * defaults) and the command waits on the audit backlog.  A warning: the
 * profile is still complete.
 */
static int check_daemon(struct sclog_check *c)
{
	struct sclog_audit_status st;
	struct sclog_error err = { 0 };

	if (sclog_audit_status(&st, &err) < 0) {
		set(c, "audit daemon", -1, "not checked: %s", err.msg);
		c->fatal = 0;
		return 1;
	}
	if (st.pid) {
		set(c, "audit daemon", 2,
		    "an audit daemon (pid %u) is registered: every seccomp "
		    "record of a profiled command also goes to its log, one per syscall (a "
		    "run of 1M syscalls adds 1M records, can rotate the earlier audit log away, "
		    "and slows the command on the audit backlog); stop the daemon while "
		    "profiling, or use the notify collector, which needs no audit",
		    st.pid);
		c->fatal = 0;
		return 1;
	}
	set(c, "audit daemon", 1, "none registered: records go to sclog only");
	return 1;
}

/* Exclude rules drop seccomp records before any listener sees them. */
static int check_rules(struct sclog_check *c)
{
	struct sclog_audit_rule_text rules[2];
	struct sclog_error err = { 0 };
	long n = sclog_audit_exclude_rules(rules, 2, &err);

	if (n < 0) {
		set(c, "audit rules", 0,
		    "%s (sclog looks for exclude rules that drop seccomp "
		    "records)",
		    err.msg);
		c->fatal = 0;
		return 0;
	}
	if (n > 0) {
		set(c, "audit rules", 0,
		    "%ld audit rule%s drop%s seccomp records before sclog "
		    "sees them, so a profile would miss what they match: '%s'%s%s%s; remove "
		    "them while profiling (auditctl -d, same arguments after -a)",
		    n, n == 1 ? "" : "s", n == 1 ? "s" : "", rules[0].text, n > 1 ? ", '" : "",
		    n > 1 ? rules[1].text : "", n > 1 ? "'" : "");
		c->fatal = 0; /* runs go on and say their profile is incomplete */
		return 0;
	}
	set(c, "audit rules", 1, "no audit rule drops seccomp records");
	return 1;
}

/* Bit @cap of CapEff in /proc/self/status. */
static int has_cap(int cap)
{
	char buf[4096], *line;
	int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	line = strstr(buf, "\nCapEff:");
	return line && (strtoull(line + 9, NULL, 16) >> cap) & 1;
}

/*
 * Whether the command can get an audit session of its own, decided without
 * writing the login uid (which would log an AUDIT_LOGIN of its own): an
 * unset login uid can always be set; a set one needs CAP_AUDIT_CONTROL and
 * loginuid_immutable off (kernel/auditsc.c, audit_set_loginuid_perm()).
 */
static int check_session(struct sclog_check *c)
{
	uint32_t before, auid = sclog_audit_session_auid(&before);
	int immutable;

	if (before == (uint32_t)-1) {
		set(c, "audit session", 1,
		    "sclog's login uid is unset: the command gets an audit "
		    "session of its own, with login uid %u (%s)",
		    auid, getenv("SUDO_UID") ? "SUDO_UID" : "the real uid");
		return 1;
	}
	immutable = sclog_audit_loginuid_immutable();
	if (immutable == 1) {
		set(c, "audit session", 0,
		    "sclog's login uid is set (%u) and the kernel's loginuid_immutable is on "
		    "(auditctl --loginuid-immutable; it stays on until reboot): no process can "
		    "start an audit session, which the audit collector needs to tell the "
		    "command's records from others'. Start sclog where the login uid is unset, "
		    "e.g. from a service (systemd-run --wait --pty sclog run ...), or use the "
		    "notify collector, which needs no audit session",
		    before);
		return 0;
	}
	if (!has_cap(CAP_AUDIT_CONTROL_BIT)) {
		set(c, "audit session", 0,
		    "sclog's login uid is set (%u) and changing it to start the command's audit "
		    "session needs CAP_AUDIT_CONTROL: run sclog as root",
		    before);
		return 0;
	}
	set(c, "audit session", 1,
	    "the command gets an audit session of its own (login uid "
	    "%u kept%s)",
	    before, immutable < 0 ? "; loginuid_immutable unknown" : "");
	return 1;
}

/* The inode numbers of the initial namespaces (include/linux/proc_ns.h). */
#define PROC_USER_INIT_INO 0xEFFFFFFDU
#define PROC_PID_INIT_INO 0xEFFFFFFCU
#define PROC_NET_INIT_INO 0xEFFFFFF9U

static unsigned long ns_ino(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (unsigned long)st.st_ino : 0;
}

/*
 * The audit path works only from the initial namespaces: the kernel takes
 * audit netlink requests from the initial user namespace only
 * (ECONNREFUSED), answers AUDIT_GET only in the initial pid namespace
 * (EPERM), and multicasts records only to the initial network namespace
 * (kernel/audit.c, audit_netlink_ok(), kauditd_send_multicast_skb()).
 */
static int check_namespaces(struct sclog_check *c)
{
	unsigned long user = ns_ino("/proc/self/ns/user"), pid = ns_ino("/proc/self/ns/pid");
	unsigned long net = ns_ino("/proc/self/ns/net"), init_net = ns_ino("/proc/1/ns/net");
	const char *alt = "run sclog on the host, or use the notify collector, which works "
			  "in any namespace";

	if (user && user != PROC_USER_INIT_INO) {
		set(c, "namespaces", 0,
		    "sclog runs in a user namespace other than the initial "
		    "one: the kernel takes audit requests only from the initial user namespace, "
		    "and being root here is not being root there; %s",
		    alt);
		return 0;
	}
	if (pid && pid != PROC_PID_INIT_INO) {
		set(c, "namespaces", 0,
		    "sclog runs in a pid namespace other than the initial "
		    "one: the kernel answers audit status requests (the lost counter sclog "
		    "checks) only in the initial pid namespace; %s",
		    alt);
		return 0;
	}
	/* In the initial pid namespace, pid 1 is the initial init; where its
	 * namespaces cannot be read, Linux 6.x gives the initial network
	 * namespace a fixed inode number (include/linux/proc_ns.h). */
	if (net && init_net && net != init_net) {
		set(c, "namespaces", 0,
		    "sclog runs in a network namespace other than the "
		    "initial one (that of pid 1): the kernel sends audit records only to "
		    "sockets of the initial network namespace, so none would arrive; run sclog "
		    "there (nsenter -t 1 -n sclog ...), or use the notify collector");
		return 0;
	}
	if (net && !init_net && net != PROC_NET_INIT_INO) {
		set(c, "namespaces", 2,
		    "sclog's network namespace (inode %lu) looks like one "
		    "other than the initial one; if it is, the kernel sends it no audit records "
		    "(the end-to-end check then fails): run sclog in the initial network "
		    "namespace, or use the notify collector",
		    net);
		return 1;
	}
	set(c, "namespaces", 1, "the initial user, pid and network namespaces");
	return 1;
}

int sclog_probe_ret_log(struct sclog_check *c)
{
	return check_seccomp(c) && check_ret_log(c);
}

size_t sclog_probe_kernel(struct sclog_check *checks, size_t max)
{
	static int (*const fns[])(struct sclog_check *) = {
		check_seccomp, check_ret_log, check_actions_logged, check_namespaces, check_socket,
		check_status,  check_daemon,  check_rules,	    check_session,
	};
	static const char *const names[] = {
		"seccomp",	"SECCOMP_RET_LOG", "actions_logged",
		"namespaces",	"audit socket",	   "audit status",
		"audit daemon", "audit rules",	   "audit session",
	};
	size_t n = 0;
	int blocked = 0;

	for (size_t i = 0; i < sizeof(fns) / sizeof(fns[0]) && n < max; i++, n++) {
		/* Nothing after a missing seccomp or RET_LOG can work. */
		if (blocked) {
			set(&checks[n], names[i], -1, "not checked");
			continue;
		}
		if (!fns[i](&checks[n]) && (i < 2 || fns[i] == check_namespaces))
			blocked = 1;
	}
	return n;
}
