// SPDX-License-Identifier: GPL-2.0-only
#include <ctype.h>
#include <errno.h>
#include <json-c/json.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sclog/macro.h"
#include "sclog/policy.h"

#define JSON_FLAGS                                                             \
	(JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |                   \
	 JSON_C_TO_STRING_NOSLASHESCAPE)

/* Bit that marks an x32 syscall number (arch/x86/include/uapi/asm/unistd.h). */
#define X32_SYSCALL_BIT 0x40000000

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
		 * and the runtimes accept 1..4095. */
		if (errno || *end || v < 1 || v > 4095)
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

const char *sclog_action_oci_name(enum sclog_action_kind kind)
{
	for (size_t i = 0; i < ELEMENTSOF(actions); i++)
		if (actions[i].kind == kind)
			return actions[i].oci;
	return NULL;
}

const char *sclog_arch_name(uint32_t arch)
{
	/* libseccomp resolves names to tokens but not back; these are its
	 * architecture names, and the tokens come from libseccomp itself. */
	static const char *const names[] = {
		"x86",     "x86_64",     "x32",         "arm",     "aarch64",
		"mips",    "mipsel",     "mips64",      "mipsel64", "mips64n32",
		"mipsel64n32", "parisc", "parisc64",    "ppc",     "ppc64",
		"ppc64le", "s390",       "s390x",       "riscv64",
	};

	for (size_t i = 0; i < ELEMENTSOF(names); i++)
		if (seccomp_arch_resolve_name(names[i]) == arch)
			return names[i];
	return NULL;
}

uint32_t sclog_arch_of(uint32_t arch, int64_t nr)
{
	if (arch == SCMP_ARCH_X86_64 && nr >= 0 && (nr & X32_SYSCALL_BIT))
		return SCMP_ARCH_X32;
	return arch;
}

char *sclog_syscall_name(uint32_t arch, int64_t nr)
{
	if (nr < 0 || nr > INT32_MAX || !sclog_arch_name(sclog_arch_of(arch, nr)))
		return NULL;
	return seccomp_syscall_resolve_num_arch(sclog_arch_of(arch, nr), (int)nr);
}

char *sclog_arch_oci_name(uint32_t arch)
{
	const char *name = sclog_arch_name(arch);
	char *s;

	if (!name || asprintf(&s, "SCMP_ARCH_%s", name) < 0)
		return NULL;
	for (char *c = s; *c; c++)
		*c = (char)toupper((unsigned char)*c);
	return s;
}

uint32_t sclog_arch_from_oci_name(const char *name)
{
	char lower[32];
	size_t n;

	if (strncmp(name, "SCMP_ARCH_", 10) != 0 || (n = strlen(name + 10)) == 0 ||
	    n >= sizeof(lower))
		return 0;
	for (size_t i = 0; i <= n; i++)
		lower[i] = (char)tolower((unsigned char)name[10 + i]);
	/* Only names sclog can also print back are accepted. */
	if (!sclog_arch_name(seccomp_arch_resolve_name(lower)))
		return 0;
	return seccomp_arch_resolve_name(lower);
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

int sclog_policy_oci(const struct sclog_profile *p, const struct sclog_action *def,
		     char **ret_json, size_t *ret_unnamed)
{
	struct sclog_policy *policy = NULL;
	int r = sclog_policy_from_profile(p, def, &policy, ret_unnamed);

	if (r < 0)
		return r;
	r = sclog_policy_to_oci(policy, ret_json);
	sclog_policy_free(policy);
	return r;
}

int sclog_utf8_valid(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;

	for (size_t i = 0; i < len;) {
		unsigned char c = u[i];
		size_t n;
		uint32_t cp;

		if (c == 0)
			return 0;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			cp = c & 0x07;
		} else {
			return 0;
		}
		for (size_t k = 1; k <= n; k++) {
			if (i + k >= len || (u[i + k] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (u[i + k] & 0x3f);
		}
		/* Overlong forms, surrogates and values past U+10FFFF. */
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			return 0;
		i += n + 1;
	}
	return 1;
}

static void add_bytes(json_object *obj, const char *key, const char *bytes, size_t len)
{
	char hexkey[32];

	if (!bytes)
		return;
	if (sclog_utf8_valid(bytes, len)) {
		json_object_object_add(obj, key, json_object_new_string_len(bytes, (int)len));
		return;
	}
	/* JSON strings cannot carry arbitrary bytes; hex keeps them exact. */
	_cleanup_free_ char *hex = malloc(2 * len + 1);

	if (!hex)
		return;
	for (size_t i = 0; i < len; i++)
		sprintf(hex + 2 * i, "%02x", (unsigned char)bytes[i]);
	snprintf(hexkey, sizeof(hexkey), "%s_hex", key);
	json_object_object_add(obj, hexkey, json_object_new_string(hex));
}

int sclog_report_json(const struct sclog_profile *p, const struct sclog_counters *c,
		      const struct sclog_run_info *info, char **ret_json)
{
	const struct sclog_syscall **v = NULL;
	json_object *root, *list, *cmd, *problems, *counters;
	long n = sclog_profile_sorted(p, &v);

	if (n < 0)
		return (int)n;
	root = json_object_new_object();
	list = json_object_new_array();
	cmd = json_object_new_array();
	problems = json_object_new_array();
	counters = json_object_new_object();

	for (long i = 0; i < n; i++) {
		json_object *e = json_object_new_object();
		uint32_t arch = sclog_arch_of(v[i]->arch, v[i]->nr);
		_cleanup_free_ char *name = sclog_syscall_name(v[i]->arch, v[i]->nr);
		const char *arch_name = sclog_arch_name(arch);

		if (name)
			json_object_object_add(e, "name", json_object_new_string(name));
		else
			json_object_object_add(e, "name", NULL);
		if (arch_name)
			json_object_object_add(e, "arch", json_object_new_string(arch_name));
		else
			json_object_object_add(e, "arch", NULL);
		json_object_object_add(e, "audit_arch", json_object_new_uint64(v[i]->arch));
		json_object_object_add(e, "nr", json_object_new_int64(v[i]->nr));
		json_object_object_add(e, "count", json_object_new_uint64(v[i]->count));
		json_object_object_add(e, "first_pid", json_object_new_int(v[i]->first_pid));
		add_bytes(e, "exe", v[i]->exe, v[i]->exe_len);
		add_bytes(e, "comm", v[i]->comm, v[i]->comm_len);
		json_object_array_add(list, e);
	}
	for (char *const *a = info->argv; a && *a; a++) {
		if (sclog_utf8_valid(*a, strlen(*a))) {
			json_object_array_add(cmd, json_object_new_string(*a));
		} else {
			json_object *arg = json_object_new_object();

			add_bytes(arg, "arg", *a, strlen(*a));
			json_object_array_add(cmd, arg);
		}
	}
	for (size_t i = 0; i < info->n_problems; i++)
		json_object_array_add(problems, json_object_new_string(info->problems[i]));

	json_object_object_add(counters, "records", json_object_new_uint64(c->records));
	json_object_object_add(counters, "foreign", json_object_new_uint64(c->foreign));
	json_object_object_add(counters, "malformed", json_object_new_uint64(c->malformed));
	json_object_object_add(counters, "bad_frames", json_object_new_uint64(c->bad_frames));
	json_object_object_add(counters, "overflow", json_object_new_uint64(c->overflow));
	json_object_object_add(counters, "lost_enobufs", json_object_new_uint64(info->lost_enobufs));
	json_object_object_add(counters, "lost_kernel", json_object_new_uint64(info->lost_kernel));

	json_object_object_add(root, "sclog_version", json_object_new_string(info->version));
	json_object_object_add(root, "kernel_release",
			       json_object_new_string(info->kernel_release ? info->kernel_release : ""));
	json_object_object_add(root, "command", cmd);
	json_object_object_add(root, "duration_seconds", json_object_new_double(info->duration));
	json_object_object_add(root, "sclog_max_rss_kib", json_object_new_int64(info->max_rss_kib));
	json_object_object_add(root, info->exited ? "exit_status" : "signal",
			       json_object_new_int(info->status));
	json_object_object_add(root, "audit_session", json_object_new_uint64(info->ses));
	json_object_object_add(root, "complete", json_object_new_boolean(info->complete));
	json_object_object_add(root, "problems", problems);
	json_object_object_add(root, "records_seen", json_object_new_uint64(c->records));
	json_object_object_add(root, "records_lost",
			       json_object_new_uint64(info->lost_enobufs + info->lost_kernel));
	json_object_object_add(root, "counters", counters);
	if (info->base) {
		json_object *b = json_object_new_object();

		json_object_object_add(b, "policy", json_object_new_string(info->base));
		json_object_object_add(b, "new_syscalls", json_object_new_uint64(info->new_syscalls));
		json_object_object_add(root, "base", b);
	}
	if (info->runtime) {
		json_object *rt = json_object_new_object(), *names = json_object_new_array();

		for (char *const *rn = info->runtime_names; rn && *rn; rn++)
			json_object_array_add(names, json_object_new_string(*rn));
		json_object_object_add(rt, "runtime", json_object_new_string(info->runtime));
		json_object_object_add(rt, "added", names);
		json_object_object_add(root, "for", rt);
	}
	json_object_object_add(root, "syscalls", list);

	if (asprintf(ret_json, "%s\n", json_object_to_json_string_ext(root, JSON_FLAGS)) < 0)
		*ret_json = NULL;
	json_object_put(root);
	free(v);
	return *ret_json ? 0 : -ENOMEM;
}
