// SPDX-License-Identifier: GPL-2.0-only
#include <stdio.h>
#include <string.h>

#include "sclog/basic/macro.h"
#include "sclog/cli/verbs.h"

static const char usage[] =
	"Usage: sclog COMMAND [OPTIONS]...\n"
	"\n"
	"Profile the syscalls of a program and write a seccomp allowlist.\n"
	"\n"
	"Commands:\n"
	"  run [OPTIONS] -- CMD [ARG]...  profile CMD, write an OCI seccomp policy\n"
	"  check -p POLICY -- CMD...      report CMD's syscalls outside POLICY\n"
	"  enforce -p POLICY -- CMD...    run CMD under POLICY\n"
	"  merge POLICY... [-o OUT]       union of policies\n"
	"  diff OLD NEW                   syscalls added and removed\n"
	"  export [-f FMT] POLICY         convert to oci, docker, spo, minijail,\n"
	"                                 systemd or bpf\n"
	"  listen --socket PATH --dir DIR --profile FILE\n"
	"                                 record the containers runtimes hand\n"
	"                                 over (node agent; docs/kubernetes.md)\n"
	"  doctor                         check that this kernel and sclog's\n"
	"                                 privileges allow profiling\n"
	"  help [COMMAND]                 show this help, or COMMAND's\n"
	"  version                        show the version, the libseccomp it\n"
	"                                 runs with and whether the kernel\n"
	"                                 has SECCOMP_RET_LOG\n"
	"\n"
	"'sclog COMMAND --help' describes a command's options. See sclog(1).\n";

static int verb_help(int argc, char **argv);

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
} verbs[] = {
	{ "run", sclog_verb_run },
	{ "check", sclog_verb_check },
	{ "enforce", sclog_verb_enforce },
	{ "merge", sclog_verb_merge },
	{ "diff", sclog_verb_diff },
	{ "export", sclog_verb_export },
	{ "listen", sclog_verb_listen },
	{ "doctor", sclog_verb_doctor },
	{ "help", verb_help },
	{ "--help", verb_help },
	{ "-h", verb_help },
	{ "version", sclog_verb_version },
	{ "--version", sclog_verb_version },
};

/* `sclog help run` is `sclog run --help`. */
static int verb_help(int argc, char **argv)
{
	for (size_t i = 0; argc > 1 && i < ELEMENTSOF(verbs); i++)
		if (strcmp(argv[1], verbs[i].name) == 0 && verbs[i].fn != verb_help) {
			char *args[] = { argv[1], (char *)"--help", NULL };

			return verbs[i].fn(2, args);
		}
	if (argc > 1) {
		fprintf(stderr, "sclog: unknown command '%s'\nTry 'sclog --help'.\n", argv[1]);
		return SCLOG_EXIT_FAILURE;
	}
	fputs(usage, stdout);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs(usage, stderr);
		return SCLOG_EXIT_FAILURE;
	}
	if (strcmp(argv[1], "__complete") == 0) { /* hidden: for the shell completions */
		const char *names[ELEMENTSOF(verbs) + 1] = { NULL };
		size_t n = 0;

		for (size_t i = 0; i < ELEMENTSOF(verbs); i++)
			if (verbs[i].name[0] != '-')
				names[n++] = verbs[i].name;
		return sclog_verb_complete(argc - 1, argv + 1, names);
	}
	for (size_t i = 0; i < ELEMENTSOF(verbs); i++)
		if (strcmp(argv[1], verbs[i].name) == 0)
			return verbs[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "sclog: unknown command '%s'\nTry 'sclog --help'.\n", argv[1]);
	return SCLOG_EXIT_FAILURE;
}
