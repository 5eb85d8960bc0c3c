// SPDX-License-Identifier: GPL-2.0-only
#include <signal.h>
#include <stdio.h>

#include "sclog/macro.h"
#include "sclog/probe.h"
#include "sclog/recording.h"
#include "sclog/verbs.h"

int sclog_verb_doctor(int argc, char **argv)
{
	struct sclog_check checks[16];
	char release[128];
	sigset_t mask;
	size_t n, failed = 0;

	(void)argv;
	if (argc > 1) {
		fprintf(stderr, "sclog: doctor takes no arguments\n");
		return SCLOG_EXIT_FAILURE;
	}
	sigprocmask(SIG_SETMASK, NULL, &mask);
	sclog_probe_release(release, sizeof(release));
	printf("sclog %s on Linux %s\n", SCLOG_VERSION, release);
	n = sclog_recording_probe(NULL, checks, ELEMENTSOF(checks), &mask);
	for (size_t i = 0; i < n; i++)
		failed += checks[i].ok != 1;
	sclog_checks_print(checks, n, 0);
	printf(failed ? "sclog run cannot profile on this system: fix the FAIL lines above.\n"
		      : "sclog run can profile on this system.\n");
	return failed ? 1 : 0;
}
