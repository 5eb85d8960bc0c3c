// SPDX-License-Identifier: GPL-2.0-only
#include <signal.h>
#include <stdio.h>

#include "sclog/basic/macro.h"
#include "sclog/cli/options.h"
#include "sclog/cli/verbs.h"
#include "sclog/collect/collector.h"
#include "sclog/collect/probe.h"
#include "sclog/run/recording.h"

static int apply(void *opts, int id, const char *arg, struct sclog_error *err)
{
	(void)opts, (void)id, (void)arg, (void)err;
	return 0; /* only --help, which the parser answers */
}

const struct sclog_cli sclog_doctor_cli = {
	.verb = "doctor",
	.usage = "Usage: sclog doctor\n"
		 "\n"
		 "Check that this kernel and sclog's privileges allow profiling: every check\n"
		 "of each collector, and what to do about a failure.\n"
		 "\n",
	.tail = "\n"
		"Exit status: 0 when the audit collector can work, 2 when only the notify\n"
		"collector can, 1 otherwise; 125 on bad usage.\n",
	.groups = { sclog_options_help },
	.apply = apply,
};

int sclog_verb_doctor(int argc, char **argv)
{
	struct sclog_check checks[16];
	char release[128];
	sigset_t mask;
	int works[8] = { 0 }, first, rc;
	struct sclog_error err = { 0 };

	rc = sclog_options_parse(&sclog_doctor_cli, argc, argv, NULL, &first, &err);
	if (rc != 0)
		return sclog_options_finish(rc, &err, &sclog_doctor_cli);
	if (first < argc) {
		fprintf(stderr, "sclog: doctor takes no arguments\n");
		return SCLOG_EXIT_FAILURE;
	}
	sigprocmask(SIG_SETMASK, NULL, &mask);
	sclog_probe_release(release, sizeof(release));
	printf("sclog %s on Linux %s\n", SCLOG_VERSION, release);
	for (size_t c = 0; sclog_collectors[c] && c < ELEMENTSOF(works); c++) {
		size_t n = sclog_recording_probe(sclog_collectors[c], checks, ELEMENTSOF(checks),
						 &mask),
		       failed = 0;

		for (size_t i = 0; i < n; i++)
			failed += checks[i].ok != 1 && checks[i].ok != 2;
		works[c] = !failed;
		printf("\n%s collector%s:\n", sclog_collectors[c]->name, c ? "" : " (the default)");
		sclog_checks_print(checks, n, 0);
	}
	putchar('\n');
	/* 0: the default (audit) collector works; 2: only another one. */
	if (works[0]) {
		printf("sclog run can profile on this system with the %s collector%s.\n",
		       sclog_collectors[0]->name, works[1] ? " (and the notify one)" : "");
		return 0;
	}
	for (size_t c = 1; sclog_collectors[c] && c < ELEMENTSOF(works); c++)
		if (works[c]) {
			printf("sclog run can profile on this system with the %s collector only "
			       "(it picks it by itself); the %s collector's FAIL lines say why.\n",
			       sclog_collectors[c]->name, sclog_collectors[0]->name);
			return 2;
		}
	printf("sclog run cannot profile on this system: fix the FAIL lines above.\n");
	return 1;
}
