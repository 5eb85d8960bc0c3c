// SPDX-License-Identifier: GPL-2.0-only
/* Seccomp actions: their command-line and OCI names. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sclog/basic/action.h"
#include "sclog/basic/macro.h"

static const struct {
	enum sclog_action_kind kind;
	const char *cli;
	const char *oci;
} actions[] = {
	{ SCLOG_ACT_KILL_PROCESS, "kill-process", "SCMP_ACT_KILL_PROCESS" },
	{ SCLOG_ACT_KILL_THREAD, "kill", "SCMP_ACT_KILL" },
	{ SCLOG_ACT_TRAP, "trap", "SCMP_ACT_TRAP" },
	{ SCLOG_ACT_ERRNO, "errno", "SCMP_ACT_ERRNO" },
	{ SCLOG_ACT_LOG, "log", "SCMP_ACT_LOG" },
	{ SCLOG_ACT_ALLOW, "allow", "SCMP_ACT_ALLOW" },
};

static int parse_errno(const char *s, uint32_t *ret)
{
	char *end;
	unsigned long v;

	if (isdigit((unsigned char)s[0])) {
		errno = 0;
		v = strtoul(s, &end, 10);
		/* The kernel keeps 16 bits of SECCOMP_RET_DATA; libseccomp
		 * (2.5.4 measured), so the runtimes, accept 1..4094. */
		if (errno || *end || v < 1 || v > SCLOG_ERRNO_MAX)
			return -EINVAL;
		*ret = (uint32_t)v;
		return 0;
	}
	/* strerrorname_np() knows one name per number; these are the others. */
	static const struct {
		const char *alias;
		int value;
	} aliases[] = {
		{ "EWOULDBLOCK", EWOULDBLOCK },
		{ "ENOTSUP", ENOTSUP },
		{ "EDEADLOCK", EDEADLOCK },
	};

	for (size_t i = 0; i < ELEMENTSOF(aliases); i++)
		if (strcmp(aliases[i].alias, s) == 0) {
			*ret = (uint32_t)aliases[i].value;
			return 0;
		}
	for (int e = 1; e < 4096; e++) {
		const char *name = strerrorname_np(e);

		if (name && strcmp(name, s) == 0) {
			*ret = (uint32_t)e;
			return 0;
		}
	}
	return -EINVAL;
}

int sclog_action_parse(const char *text, struct sclog_action *ret)
{
	const char *colon = strchr(text, ':');
	size_t n = colon ? (size_t)(colon - text) : strlen(text);

	for (size_t i = 0; i < ELEMENTSOF(actions); i++) {
		struct sclog_action a = { .kind = actions[i].kind };

		if (strlen(actions[i].cli) != n || strncmp(actions[i].cli, text, n) != 0)
			continue;
		if (a.kind == SCLOG_ACT_ALLOW)
			return -EINVAL; /* an allow-all policy is not a policy */
		if (a.kind == SCLOG_ACT_ERRNO) {
			a.errno_ret = EPERM;
			if (colon && parse_errno(colon + 1, &a.errno_ret) < 0)
				return -EINVAL;
		} else if (colon) {
			return -EINVAL;
		}
		*ret = a;
		return 0;
	}
	return -EINVAL;
}

const char *sclog_action_cli_name(enum sclog_action_kind kind)
{
	for (size_t i = 0; i < ELEMENTSOF(actions); i++)
		if (actions[i].kind == kind)
			return actions[i].cli;
	return NULL;
}

const char *sclog_action_oci_name(enum sclog_action_kind kind)
{
	for (size_t i = 0; i < ELEMENTSOF(actions); i++)
		if (actions[i].kind == kind)
			return actions[i].oci;
	return NULL;
}

int sclog_action_from_oci_name(const char *name, enum sclog_action_kind *ret)
{
	if (strcmp(name, "SCMP_ACT_KILL_THREAD") == 0) {
		*ret = SCLOG_ACT_KILL_THREAD;
		return 0;
	}
	for (size_t i = 0; i < ELEMENTSOF(actions); i++)
		if (strcmp(actions[i].oci, name) == 0) {
			*ret = actions[i].kind;
			return 0;
		}
	if (strcmp(name, "SCMP_ACT_TRACE") == 0 || strcmp(name, "SCMP_ACT_NOTIFY") == 0)
		return -EOPNOTSUPP;
	return -EINVAL;
}

int sclog_action_equal(const struct sclog_action *a, const struct sclog_action *b)
{
	return a->kind == b->kind && (a->kind != SCLOG_ACT_ERRNO || a->errno_ret == b->errno_ret);
}

int sclog_action_permits(const struct sclog_action *a)
{
	return a->kind == SCLOG_ACT_ALLOW || a->kind == SCLOG_ACT_LOG;
}

const char *sclog_action_describe(const struct sclog_action *a, char *buf, size_t size)
{
	if (a->kind == SCLOG_ACT_ERRNO)
		snprintf(buf, size, "SCMP_ACT_ERRNO(%u)", a->errno_ret);
	else
		snprintf(buf, size, "%s", sclog_action_oci_name(a->kind));
	return buf;
}
