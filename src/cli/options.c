// SPDX-License-Identifier: GPL-2.0-only
/*
 * The command line of every verb from its option table: getopt's arrays,
 * one parse loop, --help, the completions' lists and the man page's
 * OPTIONS.  The tables are in the verbs' files; the groups several verbs
 * share are here.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sclog/basic/exit.h"
#include "sclog/basic/macro.h"
#include "sclog/cli/options.h"
#include "sclog/collect/collector.h"

/* The most options a verb has, with room to grow; a unit test parses every verb. */
#define MAX_OPTIONS 32
/* --help's lines end before this column. */
#define HELP_WIDTH 80
/* An option's names and argument take at most this many columns of --help. */
#define HELP_NAMES_MAX 26

const struct sclog_option sclog_options_help[] = {
	{ "help", 'h', NULL, "show this help", SCLOG_OPT_HELP },
	{},
};

const struct sclog_option sclog_options_recording[] = {
	{ "report", 0, "FILE", "write a JSON report of the run to FILE", SCLOG_OPT_REPORT },
	{ "drain-timeout", 0, "SECS",
	  "wait at most SECS for records still in flight when COMMAND ends (default 10)",
	  SCLOG_OPT_DRAIN_TIMEOUT },
	{ "rcvbuf", 0, "BYTES", "audit socket receive buffer (default 64 MiB)", SCLOG_OPT_RCVBUF },
	{ "container", 0, NULL,
	  "COMMAND is 'podman run', 'crun run', 'runc run' or 'ctr run': record the container in "
	  "place, inside its own image, through the seccomp profile the runtime installs (run "
	  "adds the runtime's measured set; see 'Profiling a container' in README); with the "
	  "notify collector the runtime sends its seccomp listener to sclog: no root needed "
	  "(ctr run: always notify, containerd starts the container)",
	  SCLOG_OPT_CONTAINER },
	{ "progress", 0, NULL,
	  "show records, syscalls, processes and time on the terminal while COMMAND runs",
	  SCLOG_OPT_PROGRESS },
	{ "backend", 0, "COLLECTOR",
	  "audit (RET_LOG records; root), notify (seccomp user notification; any user, "
	  "Linux 5.5) or bpf (counted in the kernel; root, BTF); default: audit where it "
	  "works, else notify",
	  SCLOG_OPT_BACKEND },
	{ "user", 'u', "USER[:GROUP]",
	  "run COMMAND as USER (its uid, primary group or GROUP, supplementary groups; HOME, "
	  "USER and LOGNAME as runuser sets them), switched before the filter so the switch "
	  "is not in the profile",
	  SCLOG_OPT_USER },
	{ "quiet", 'q', NULL, "no summary on stderr (warnings are still printed)",
	  SCLOG_OPT_QUIET },
	{},
};

const struct sclog_cli *const sclog_clis[] = {
	&sclog_run_cli,	   &sclog_check_cli,  &sclog_enforce_cli,
	&sclog_merge_cli,  &sclog_diff_cli,   &sclog_export_cli,
	&sclog_listen_cli, &sclog_doctor_cli, NULL,
};

const struct sclog_cli *sclog_cli_find(const char *verb)
{
	for (size_t i = 0; sclog_clis[i]; i++)
		if (strcmp(sclog_clis[i]->verb, verb) == 0)
			return sclog_clis[i];
	return NULL;
}

/* @cli's options in table order, at most @max; returns how many. */
static size_t flatten(const struct sclog_cli *cli, const struct sclog_option **ret, size_t max)
{
	size_t n = 0;

	for (size_t g = 0; cli->groups[g]; g++)
		for (const struct sclog_option *o = cli->groups[g]; o->name; o++)
			if (n < max)
				ret[n++] = o;
	return n;
}

const struct sclog_option *sclog_options_find(const struct sclog_cli *cli, const char *name)
{
	const struct sclog_option *all[MAX_OPTIONS];
	size_t n = flatten(cli, all, ELEMENTSOF(all));

	for (size_t i = 0; i < n; i++)
		if ((strncmp(name, "--", 2) == 0 && strcmp(name + 2, all[i]->name) == 0) ||
		    (name[0] == '-' && name[1] == all[i]->letter && name[1] && !name[2]))
			return all[i];
	return NULL;
}

/*
 * The option getopt stopped at.  A long option is argv[optind - 1]; inside a
 * cluster of short ones ("-qx") optind may not have moved, but optopt holds
 * the offending letter.
 */
static int getopt_error(int c, char **argv, struct sclog_error *err)
{
	const char *arg = optind > 0 ? argv[optind - 1] : "";
	char shortopt[3] = { '-', (char)optopt, '\0' };
	const char *name =
		strncmp(arg, "--", 2) == 0 || optopt <= 0 || optopt > 127 ? arg : shortopt;

	if (c == ':')
		return sclog_error_set(err, -EINVAL, "option '%s' needs an argument", name);
	return sclog_error_set(err, -EINVAL, "unknown option '%s'", name);
}

/*
 * getopt's short string and long options for @opts: an option with a letter
 * returns it, one without returns 256 + its index.  "+" stops at the first
 * operand, ":" reports a missing argument apart.
 */
static void getopt_arrays(const struct sclog_cli *cli, const struct sclog_option **opts, size_t n,
			  char *shorts, struct option *longs)
{
	char *s = shorts;

	if (cli->in_order)
		*s++ = '+';
	*s++ = ':';
	for (size_t i = 0; i < n; i++) {
		longs[i] = (struct option){ opts[i]->name,
					    opts[i]->arg ? required_argument : no_argument, NULL,
					    opts[i]->letter ? opts[i]->letter : 256 + (int)i };
		if (opts[i]->letter) {
			*s++ = opts[i]->letter;
			if (opts[i]->arg)
				*s++ = ':';
		}
	}
	*s = '\0';
	longs[n] = (struct option){ 0 };
}

static const struct sclog_option *option_of(int c, const struct sclog_option **opts, size_t n)
{
	if (c >= 256 && (size_t)(c - 256) < n)
		return opts[c - 256];
	for (size_t i = 0; c > 0 && i < n; i++)
		if (opts[i]->letter == c)
			return opts[i];
	return NULL;
}

int sclog_options_parse(const struct sclog_cli *cli, int argc, char **argv, void *opts,
			int *ret_first, struct sclog_error *err)
{
	const struct sclog_option *all[MAX_OPTIONS + 1];
	struct option longs[MAX_OPTIONS + 1];
	char shorts[3 * MAX_OPTIONS + 3];
	size_t n = flatten(cli, all, ELEMENTSOF(all));
	int c, r;

	if (n > MAX_OPTIONS)
		return sclog_error_set(err, -E2BIG, "sclog %s has more than %d options", cli->verb,
				       MAX_OPTIONS);
	getopt_arrays(cli, all, n, shorts, longs);
	optind = 0; /* reset getopt, which keeps global state */
	opterr = 0;
	while ((c = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
		const struct sclog_option *o = option_of(c, all, n);

		if (c == '?' || c == ':' || !o)
			return getopt_error(c, argv, err);
		if (o->id == SCLOG_OPT_HELP)
			return SCLOG_OPTIONS_HELP;
		r = cli->apply(opts, o->id, o->arg ? optarg : NULL, err);
		if (r < 0)
			return r;
	}
	*ret_first = optind;
	return 0;
}

/* "-o, --output FILE", "    --report FILE": an option's names as --help shows them. */
static int names_of(const struct sclog_option *o, char *buf, size_t size)
{
	char letter[5] = "    ";

	if (o->letter)
		snprintf(letter, sizeof(letter), "-%c, ", o->letter);
	return snprintf(buf, size, "%s--%s%s%s", letter, o->name, o->arg ? " " : "",
			o->arg ? o->arg : "");
}

/* @text from column @col, its words wrapped before HELP_WIDTH. */
static void print_wrapped(FILE *f, const char *text, int col)
{
	int at = col;

	while (*text) {
		int len = (int)strcspn(text, " ");

		if (at > col && at + 1 + len >= HELP_WIDTH) {
			fprintf(f, "\n%*s", col, "");
			at = col;
		} else if (at > col) {
			fputc(' ', f);
			at++;
		}
		fwrite(text, 1, (size_t)len, f);
		at += len;
		text += len + strspn(text + len, " ");
	}
	fputc('\n', f);
}

void sclog_options_print_help(const struct sclog_cli *cli, FILE *f)
{
	const struct sclog_option *all[MAX_OPTIONS];
	size_t n = flatten(cli, all, ELEMENTSOF(all));
	char names[64];
	int col = 0;

	/* The help column: after the longest names, unless they are too long. */
	for (size_t i = 0; i < n; i++) {
		int w = 2 + names_of(all[i], names, sizeof(names));

		if (w > col && w <= HELP_NAMES_MAX)
			col = w;
	}
	col += 3;
	fputs(cli->usage, f);
	for (size_t i = 0; i < n; i++) {
		int w = 2 + names_of(all[i], names, sizeof(names));

		if (w + 1 > col)
			fprintf(f, "  %s\n%*s", names, col, "");
		else
			fprintf(f, "  %-*s", col - 2, names);
		print_wrapped(f, all[i]->help, col);
	}
	if (cli->tail)
		fputs(cli->tail, f);
}

void sclog_options_print_names(const struct sclog_cli *cli, FILE *f)
{
	const struct sclog_option *all[MAX_OPTIONS];
	size_t n = flatten(cli, all, ELEMENTSOF(all));

	for (size_t i = 0; i < n; i++) {
		const char *sp = all[i]->arg ? " " : "", *arg = all[i]->arg ? all[i]->arg : "";

		if (all[i]->letter)
			fprintf(f, "-%c%s%s\n", all[i]->letter, sp, arg);
		fprintf(f, "--%s%s%s\n", all[i]->name, sp, arg);
	}
}

/* @s as roff text: hyphens are minus signs, a backslash is printed. */
static void print_roff(FILE *f, const char *s)
{
	if (*s == '.' || *s == '\'')
		fputs("\\&", f);
	for (; *s; s++)
		if (*s == '-')
			fputs("\\-", f);
		else if (*s == '\\')
			fputs("\\e", f);
		else
			fputc(*s, f);
}

/* The verbs that take @group: "run and check", "every command". */
static void print_takers(FILE *f, const struct sclog_option *group)
{
	size_t n = 0, k = 0, all = 0;

	for (size_t i = 0; sclog_clis[i]; i++, all++)
		for (size_t g = 0; sclog_clis[i]->groups[g]; g++)
			n += sclog_clis[i]->groups[g] == group;
	if (n == all) {
		fputs("Every command", f);
		return;
	}
	for (size_t i = 0; sclog_clis[i]; i++)
		for (size_t g = 0; sclog_clis[i]->groups[g]; g++)
			if (sclog_clis[i]->groups[g] == group) {
				fprintf(f, "%s%s",
					k == 0	   ? "" :
					k + 1 == n ? " and " :
						     ", ",
					sclog_clis[i]->verb);
				k++;
			}
}

static void print_man_group(FILE *f, const struct sclog_option *group)
{
	fputs(".SS \"", f);
	print_takers(f, group);
	fputs("\"\n", f);
	for (const struct sclog_option *o = group; o->name; o++) {
		fputs(".TP\n", f);
		if (o->letter)
			fprintf(f, "\\fB\\-%c\\fP, ", o->letter);
		fputs("\\fB\\-\\-", f);
		print_roff(f, o->name);
		fputs("\\fP", f);
		if (o->arg) {
			fputs(" \\fI", f);
			print_roff(f, o->arg);
			fputs("\\fP", f);
		}
		fputc('\n', f);
		print_roff(f, o->help);
		fputs(".\n", f);
	}
}

/* Whether @group is among the groups of the verbs before @verb. */
static int seen_before(size_t verb, const struct sclog_option *group)
{
	for (size_t i = 0; i < verb; i++)
		for (size_t g = 0; sclog_clis[i]->groups[g]; g++)
			if (sclog_clis[i]->groups[g] == group)
				return 1;
	return 0;
}

void sclog_options_print_man(FILE *f)
{
	for (size_t i = 0; sclog_clis[i]; i++)
		for (size_t g = 0; sclog_clis[i]->groups[g]; g++)
			if (sclog_clis[i]->groups[g] != sclog_options_help &&
			    !seen_before(i, sclog_clis[i]->groups[g]))
				print_man_group(f, sclog_clis[i]->groups[g]);
	print_man_group(f, sclog_options_help);
}

int sclog_options_finish(int rc, const struct sclog_error *err, const struct sclog_cli *cli)
{
	if (rc == SCLOG_OPTIONS_HELP) {
		sclog_options_print_help(cli, stdout);
		return 0;
	}
	fprintf(stderr, "sclog: %s\nTry 'sclog %s --help'.\n", err->msg, cli->verb);
	return SCLOG_EXIT_FAILURE;
}

static int parse_positive(const char *s, double max, double *ret)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !(v > 0) || v > max)
		return -EINVAL;
	*ret = v;
	return 0;
}

int sclog_options_apply_recording(struct sclog_recording_options *o, int id, const char *arg,
				  struct sclog_error *err)
{
	double v;

	switch (id) {
	case SCLOG_OPT_OUTPUT:
		if (!*arg)
			return sclog_error_set(err, -EINVAL, "--output needs a file name");
		o->output = arg;
		return 0;
	case SCLOG_OPT_REPORT:
		if (!*arg)
			return sclog_error_set(err, -EINVAL, "--report needs a file name");
		o->report = arg;
		return 0;
	case SCLOG_OPT_DRAIN_TIMEOUT:
		if (parse_positive(arg, 3600, &o->drain_timeout) < 0)
			return sclog_error_set(err, -EINVAL,
					       "invalid --drain-timeout '%s': give "
					       "seconds, more than 0 and at most 3600",
					       arg);
		return 0;
	case SCLOG_OPT_RCVBUF:
		if (parse_positive(arg, 1 << 30, &v) < 0 || v < 4096 || v != (int)v)
			return sclog_error_set(err, -EINVAL,
					       "invalid --rcvbuf '%s': give bytes, "
					       "4096 to 1073741824",
					       arg);
		o->rcvbuf = (int)v;
		return 0;
	case SCLOG_OPT_CONTAINER:
		o->container = 1;
		return 0;
	case SCLOG_OPT_PROGRESS:
		o->progress = 1;
		return 0;
	case SCLOG_OPT_BACKEND:
		if (strcmp(arg, "bpf") == 0 && !sclog_collector_find(arg))
			return sclog_error_set(
				err, -EINVAL,
				"--backend bpf: this sclog was built without the bpf "
				"collector (libbpf, clang or bpftool was missing, or the "
				"architecture is not x86_64 or aarch64)");
		if (!sclog_collector_find(arg))
			return sclog_error_set(err, -EINVAL,
					       "invalid --backend '%s': use audit, notify or bpf",
					       arg);
		o->backend = arg;
		return 0;
	case SCLOG_OPT_USER:
		o->user = arg;
		return 0;
	case SCLOG_OPT_QUIET:
		o->quiet = 1;
		return 0;
	}
	return sclog_error_set(err, -EINVAL, "option %d is not a recording's", id);
}

int sclog_options_check_recording(const struct sclog_recording_options *o, struct sclog_error *err)
{
	if (o->container && o->user)
		return sclog_error_set(err, -EINVAL,
				       "--user does not apply to --container: "
				       "give the container's user to the runtime (podman run "
				       "--user, process.user in config.json)");
	return 0;
}

int sclog_options_command(const struct sclog_cli *cli, int argc, char **argv, int first,
			  char ***ret_argv, struct sclog_error *err)
{
	const char *synopsis = cli->usage + strlen("Usage: ");

	if (first >= argc)
		return sclog_error_set(err, -EINVAL, "no command given: %.*s",
				       (int)strcspn(synopsis, "\n"), synopsis);
	*ret_argv = argv + first;
	return 0;
}

int sclog_options_parse_action(const char *s, struct sclog_action *ret, struct sclog_error *err)
{
	if (sclog_action_parse(s, ret) < 0)
		return sclog_error_set(err, -EINVAL,
				       "invalid --default-action '%s': use "
				       "errno[:ERRNO], kill, kill-process, trap or log",
				       s);
	return 0;
}

const char *const sclog_export_formats[] = { "oci",	"docker", "spo", "minijail",
					     "systemd", "bpf",	  NULL };
/* Indexed by enum sclog_format; diff takes the first two. */
const char *const sclog_report_formats[] = { "text", "json", "github", NULL };

int sclog_options_parse_format(const char *s, int allow_github, enum sclog_format *ret,
			       struct sclog_error *err)
{
	int last = allow_github ? SCLOG_FORMAT_GITHUB : SCLOG_FORMAT_JSON;

	for (int f = SCLOG_FORMAT_TEXT; f <= last; f++)
		if (strcmp(s, sclog_report_formats[f]) == 0) {
			*ret = (enum sclog_format)f;
			return 0;
		}
	return sclog_error_set(err, -EINVAL, "invalid --format '%s': use %s", s,
			       allow_github ? "text, json or github" : "text or json");
}
