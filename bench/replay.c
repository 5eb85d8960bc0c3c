// SPDX-License-Identifier: GPL-2.0-only
/*
 * The record pipeline alone, as the audit collector drives it: a recorded
 * audit stream (one record payload per line, as bench/pipeline.sh captures
 * it) fed through sclog_pipeline_text() for session SES, with or without
 * the order a phase boundary needs.  Prints what it counted, so two runs
 * can be compared.  For callgrind (bench/pipeline.sh):
 *   replay FILE SES ORDERED(0|1) [ROUNDS]
 */
#include <stdio.h>
#include <stdlib.h>

#include "sclog/records/pipeline.h"

int main(int argc, char **argv)
{
	static char data[64 << 20];
	struct sclog_pipeline pl;
	FILE *f;
	size_t len;
	int rounds = argc > 4 ? atoi(argv[4]) : 1;

	if (argc < 4 || !(f = fopen(argv[1], "r"))) {
		fprintf(stderr, "usage: replay FILE SES ORDERED [ROUNDS]\n");
		return 2;
	}
	len = fread(data, 1, sizeof(data), f);
	fclose(f);
	for (int r = 0; r < rounds; r++) {
		if (sclog_pipeline_init(&pl, (uint32_t)strtoul(argv[2], NULL, 10)) < 0)
			return 1;
#ifndef REPLAY_BEFORE_ORDERED /* a tree whose pipeline always read the stamps */
		pl.ordered = atoi(argv[3]);
#endif
		if (sclog_pipeline_text(&pl, data, len) < 0 ||
		    sclog_pipeline_text(&pl, NULL, 0) < 0)
			return 1;
		printf("records %llu foreign %llu malformed %llu distinct %zu\n",
		       (unsigned long long)pl.counters.records,
		       (unsigned long long)pl.counters.foreign,
		       (unsigned long long)pl.counters.malformed, pl.profile->size);
		sclog_pipeline_done(&pl);
	}
	return 0;
}
