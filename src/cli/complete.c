// SPDX-License-Identifier: GPL-2.0-only
/*
 * `sclog __complete …`: what the shell completions offer, printed by sclog
 * itself so that they follow the code: the verbs of main's table, the
 * options of each verb's option table, and the values of the options that
 * take a fixed set (the tables the parsers use, and the installed
 * runtimes.json).  `man-options` is the man page's OPTIONS, made from the
 * same tables when sclog is built.
 */
#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#include "sclog/basic/action.h"
#include "sclog/basic/json_read.h"
#include "sclog/basic/macro.h"
#include "sclog/cli/options.h"
#include "sclog/cli/verbs.h"
#include "sclog/collect/collector.h"
#include "sclog/policy/data.h"

static int print_runtimes(void)
{
	struct sclog_error err = { 0 };
	_cleanup_free_ char *source = NULL, *buf = NULL;
	json_object *root, *all;
	size_t len;

	if (sclog_data_load("runtimes.json", &buf, &len, &source, &err) < 0)
		return 1;
	if (sclog_json_read(buf, len, source, &root, &err) < 0)
		return 0;
	if (json_object_object_get_ex(root, "runtimes", &all) &&
	    json_object_is_type(all, json_type_object)) {
		json_object_object_foreach(all, name, val)
		{
			(void)val;
			printf("%s\n", name);
		}
	}
	json_object_put(root);
	return 0;
}

/* The values of @verb's option @opt ("--format", "-f"), by the option's id in the table. */
static int print_values(const char *verb, const char *opt)
{
	const struct sclog_cli *cli = sclog_cli_find(verb);
	const struct sclog_option *o = cli ? sclog_options_find(cli, opt) : NULL;
	const char *const *list = sclog_export_formats;

	switch (o ? o->id : 0) {
	case SCLOG_OPT_DEFAULT_ACTION:
		for (int k = 0; k < SCLOG_ACT_ALLOW; k++) /* allow is no default */
			printf("%s\n", sclog_action_cli_name((enum sclog_action_kind)k));
		return 0;
	case SCLOG_OPT_FOR:
		return print_runtimes();
	case SCLOG_OPT_BACKEND:
		/* listen's agent has no audit collector. */
		for (size_t i = 0; sclog_collectors[i]; i++)
			if (cli != &sclog_listen_cli ||
			    sclog_collectors[i] != &sclog_collector_audit)
				printf("%s\n", sclog_collectors[i]->name);
		return 0;
	case SCLOG_OPT_FORMAT:
		if (cli != &sclog_export_cli)
			list = sclog_report_formats;
		for (size_t i = 0; list[i]; i++)
			if (cli != &sclog_diff_cli || i <= SCLOG_FORMAT_JSON)
				printf("%s\n", list[i]);
		return 0;
	}
	return 1;
}

int sclog_verb_complete(int argc, char **argv, const char *const *verbs)
{
	const struct sclog_cli *cli;

	if (argc == 2 && strcmp(argv[1], "verbs") == 0) {
		for (size_t i = 0; verbs[i]; i++)
			printf("%s\n", verbs[i]);
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "options") == 0) {
		cli = sclog_cli_find(argv[2]);
		if (cli)
			sclog_options_print_names(cli, stdout);
		return 0;
	}
	if (argc == 4 && strcmp(argv[1], "values") == 0)
		return print_values(argv[2], argv[3]);
	if (argc == 2 && strcmp(argv[1], "man-options") == 0) {
		sclog_options_print_man(stdout);
		return 0;
	}
	fprintf(stderr, "Usage: sclog __complete verbs | options VERB | values VERB OPTION\n"
			"       sclog __complete man-options\n"
			"(for the shell completions and the man page)\n");
	return SCLOG_EXIT_FAILURE;
}
