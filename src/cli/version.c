// SPDX-License-Identifier: GPL-2.0-only
#include <seccomp.h>
#include <stdio.h>

#include "sclog/cli/verbs.h"
#include "sclog/collect/probe.h"

int sclog_verb_version(int argc, char **argv)
{
	/* The library actually loaded, which may differ from the headers
	 * sclog was built with (a newer libseccomp2 package). */
	const struct scmp_version *v = seccomp_version();
	struct sclog_check c = { 0 };
	char release[128];
	int has_log;

	(void)argc, (void)argv;
	has_log = sclog_probe_ret_log(&c);
	sclog_probe_release(release, sizeof(release));
	printf("sclog %s\n", SCLOG_VERSION);
	printf("libseccomp %u.%u.%u (built with %d.%d.%d)\n", v->major, v->minor, v->micro,
	       SCMP_VER_MAJOR, SCMP_VER_MINOR, SCMP_VER_MICRO);
	printf("Linux %s: SECCOMP_RET_LOG %s\n", release,
	       has_log ? "supported" : "not supported ('sclog doctor' says why)");
	return 0;
}
