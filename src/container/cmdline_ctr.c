// SPDX-License-Identifier: GPL-2.0-only
/*
 * containerd's client, `ctr [GLOBAL] run [OPTIONS] IMAGE|ROOTFS ID [CMD…]`:
 * its option tables, read by command_line.c's parser (FLAGS_GO_IN_ORDER).
 */
#include "sclog/container/command_line_syntax.h"

/*
 * ctr 1.6's options (`ctr --help`, `ctr run --help`, containerd 1.6.20).
 * ctr parses them with Go's flag package (urfave/cli 1, and `run` does not
 * reorder its arguments): "-name" and "--name" are the same, a value is
 * "-name=V" or the next word, and the first word that is not an option ends
 * the options.  A newer ctr may have more: an option not listed here is
 * taken to have a value, as most of them do.
 */
const struct option_spec sclog_ctr_global[] = {
	{ "debug", 0, 0, ROLE_NONE },	    { "address", 'a', 1, ROLE_NONE },
	{ "timeout", 0, 1, ROLE_NONE },	    { "connect-timeout", 0, 1, ROLE_NONE },
	{ "namespace", 'n', 1, ROLE_NONE }, { "help", 'h', 0, ROLE_NONE },
	{ "version", 'v', 0, ROLE_NONE },   {},
};
const struct option_spec sclog_ctr_run[] = {
	{ "seccomp", 0, 0, ROLE_SECCOMP_FLAG },
	{ "seccomp-profile", 0, 1, ROLE_SECCOMP_PROFILE },
	{ "config", 'c', 1, ROLE_WHOLE_SPEC },
	{ "detach", 'd', 0, ROLE_DETACH },
	{ "allow-new-privs", 0, 0, ROLE_NEW_PRIVS },
	{ "privileged", 0, 0, ROLE_PRIVILEGED },
	{ "runc-binary", 0, 1, ROLE_RUNTIME },
	{ "annotation", 0, 1, ROLE_ANNOTATION },
	{ "rm", 0, 0, ROLE_NONE },
	{ "null-io", 0, 0, ROLE_NONE },
	{ "cni", 0, 0, ROLE_NONE },
	{ "runc-systemd-cgroup", 0, 0, ROLE_NONE },
	{ "remap-labels", 0, 0, ROLE_NONE },
	{ "net-host", 0, 0, ROLE_NONE },
	{ "read-only", 0, 0, ROLE_NONE },
	{ "tty", 't', 0, ROLE_NONE },
	{ "rootfs", 0, 0, ROLE_NONE },
	{ "no-pivot", 0, 0, ROLE_NONE },
	{ "help", 'h', 0, ROLE_NONE },
	/* Every other option of ctr 1.6's run takes a value (log-uri,
	 * fifo-dir, cgroup, platform, runc-root, uidmap, gidmap, cpus,
	 * cpu-shares, snapshotter, snapshotter-label, cwd, env, env-file,
	 * label, mount, runtime, runtime-config-path, with-ns, pid-file, gpus,
	 * memory-limit, device, cap-add, cap-drop, apparmor-default-profile,
	 * apparmor-profile, rdt-class, cpu-quota, cpu-period,
	 * rootfs-propagation). */
	{},
};
