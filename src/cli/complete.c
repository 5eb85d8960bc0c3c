// SPDX-License-Identifier: GPL-2.0-only
/*
 * `sclog __complete …`: what the shell completions offer, printed by sclog
 * itself so that they follow the code: the verbs of main's table, the
 * options of each verb's --help text, and the values of the options that
 * take a fixed set (the tables the parsers use, and the installed
 * runtimes.json).
 */
#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#include "sclog/collect/collector.h"
#include "sclog/policy/data.h"
#include "sclog/basic/macro.h"
#include "sclog/cli/options.h"
#include "sclog/basic/action.h"
#include "sclog/cli/verbs.h"

static const struct {
	const char *verb;
	const char *usage;
} usages[] = {
	{ "run", sclog_run_usage },	    { "check", sclog_check_usage },
	{ "enforce", sclog_enforce_usage }, { "merge", sclog_merge_usage },
	{ "diff", sclog_diff_usage },	    { "export", sclog_export_usage },
};

static const char *usage_of(const char *verb)
{
	for (size_t i = 0; i < ELEMENTSOF(usages); i++)
		if (strcmp(usages[i].verb, verb) == 0)
			return usages[i].usage;
	return NULL;
}

/*
 * One line of a usage text: an option line ("  -o, --output FILE   text")
 * is printed as "-o FILE" and "--output FILE", one a line.
 */
static void print_option_line(const char *line, size_t len)
{
	size_t lead = strspn(line, " "), end = lead;
	char spec[128], *arg, *save = NULL;

	if (lead == 0 || lead >= len || line[lead] != '-')
		return;
	/* The names and their argument end at the first double space. */
	while (end < len && !(line[end] == ' ' && end + 1 < len && line[end + 1] == ' '))
		end++;
	if (end - lead >= sizeof(spec))
		return;
	memcpy(spec, line + lead, end - lead);
	spec[end - lead] = '\0';
	/* The argument is the word after the last name. */
	arg = strrchr(spec, ' ');
	if (arg && arg[1] != '-')
		*arg++ = '\0';
	else
		arg = NULL;
	for (char *name = strtok_r(spec, ", ", &save); name; name = strtok_r(NULL, ", ", &save))
		printf("%s%s%s\n", name, arg ? " " : "", arg ? arg : "");
}

static void print_options(const char *usage)
{
	for (const char *line = usage; *line;) {
		size_t len = strcspn(line, "\n");

		print_option_line(line, len);
		line += len + (line[len] == '\n');
	}
}

static int print_runtimes(void)
{
	struct sclog_error err = { 0 };
	_cleanup_free_ char *source = NULL, *buf = NULL;
	json_object *root, *all;
	size_t len;

	if (sclog_data_load("runtimes.json", &buf, &len, &source, &err) < 0)
		return 1;
	root = json_tokener_parse(buf);
	if (root && json_object_object_get_ex(root, "runtimes", &all) &&
	    json_object_is_type(all, json_type_object)) {
		json_object_object_foreach(all, name, val) {
			(void)val;
			printf("%s\n", name);
		}
	}
	json_object_put(root);
	return 0;
}

static int print_values(const char *verb, const char *opt)
{
	const char *const *list = NULL;

	if (strcmp(opt, "--default-action") == 0) {
		for (int k = 0; k < SCLOG_ACT_ALLOW; k++) /* allow is no default */
			printf("%s\n", sclog_action_cli_name((enum sclog_action_kind)k));
		return 0;
	}
	if (strcmp(opt, "--for") == 0)
		return print_runtimes();
	if (strcmp(opt, "--backend") == 0) {
		for (size_t i = 0; sclog_collectors[i]; i++)
			printf("%s\n", sclog_collectors[i]->name);
		return 0;
	}
	if (strcmp(opt, "--format") == 0 || strcmp(opt, "-f") == 0)
		list = strcmp(verb, "export") == 0 ? sclog_export_formats : sclog_report_formats;
	if (!list)
		return 1;
	for (size_t i = 0; list[i]; i++)
		if (strcmp(verb, "diff") != 0 || i <= SCLOG_FORMAT_JSON)
			printf("%s\n", list[i]);
	return 0;
}

int sclog_verb_complete(int argc, char **argv, const char *const *verbs)
{
	const char *usage;

	if (argc == 2 && strcmp(argv[1], "verbs") == 0) {
		for (size_t i = 0; verbs[i]; i++)
			printf("%s\n", verbs[i]);
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "options") == 0) {
		usage = usage_of(argv[2]);
		if (usage)
			print_options(usage);
		return 0;
	}
	if (argc == 4 && strcmp(argv[1], "values") == 0)
		return print_values(argv[2], argv[3]);
	fprintf(stderr, "Usage: sclog __complete verbs | options VERB | values VERB OPTION\n"
			"(for the shell completions)\n");
	return SCLOG_EXIT_FAILURE;
}
