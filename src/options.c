// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "sclog/options.h"

const char sclog_run_usage[] =
	"Usage: sclog run [OPTIONS] [--] COMMAND [ARG]...\n"
	"\n"
	"Run COMMAND under a SECCOMP_RET_LOG filter, collect the kernel's seccomp\n"
	"audit records of its whole process tree and write a minimal OCI seccomp\n"
	"allowlist.\n"
	"\n"
	"Options:\n"
	"  -o, --output FILE          policy file (default: " SCLOG_DEFAULT_OUTPUT ");\n"
	"                             \"-\" prints it on stdout after COMMAND ends\n"
	"      --report FILE          write a JSON report of the run to FILE\n"
	"      --default-action ACT   action for syscalls not in the list:\n"
	"                             errno[:ERRNO] (default errno:EPERM), kill,\n"
	"                             kill-process, trap, log\n"
	"      --drain-timeout SECS   wait at most SECS for records still in flight\n"
	"                             when COMMAND ends (default 10)\n"
	"      --rcvbuf BYTES         audit socket receive buffer (default 64 MiB)\n"
	"  -q, --quiet                no summary on stderr\n"
	"  -h, --help                 show this help\n"
	"\n"
	"Exit status: COMMAND's status (128+N if signal N killed it); 125 if sclog\n"
	"failed or the profile is incomplete while COMMAND succeeded; 126 if\n"
	"COMMAND cannot be executed; 127 if it is not found.\n";

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

int sclog_run_options_parse(int argc, char **argv, struct sclog_run_options *ret,
			    struct sclog_error *err)
{
	enum { OPT_REPORT = 256, OPT_DEFAULT_ACTION, OPT_DRAIN, OPT_RCVBUF };
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "report", required_argument, NULL, OPT_REPORT },
		{ "default-action", required_argument, NULL, OPT_DEFAULT_ACTION },
		{ "drain-timeout", required_argument, NULL, OPT_DRAIN },
		{ "rcvbuf", required_argument, NULL, OPT_RCVBUF },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	struct sclog_run_options o = {
		.output = SCLOG_DEFAULT_OUTPUT,
		.default_action = { .kind = SCLOG_ACT_ERRNO, .errno_ret = EPERM },
		.drain_timeout = 10,
	};
	double v;
	int c;

	optind = 0; /* reset getopt, which keeps global state */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:o:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			if (!*optarg)
				return sclog_error_set(err, -EINVAL, "--output needs a file name");
			o.output = optarg;
			break;
		case OPT_REPORT:
			if (!*optarg)
				return sclog_error_set(err, -EINVAL, "--report needs a file name");
			o.report = optarg;
			break;
		case OPT_DEFAULT_ACTION:
			if (sclog_action_parse(optarg, &o.default_action) < 0)
				return sclog_error_set(err, -EINVAL,
						       "invalid --default-action '%s': use "
						       "errno[:ERRNO], kill, kill-process, trap "
						       "or log", optarg);
			break;
		case OPT_DRAIN:
			if (parse_positive(optarg, 3600, &o.drain_timeout) < 0)
				return sclog_error_set(err, -EINVAL,
						       "invalid --drain-timeout '%s': give "
						       "seconds, more than 0 and at most 3600",
						       optarg);
			break;
		case OPT_RCVBUF:
			if (parse_positive(optarg, 1 << 30, &v) < 0 || v < 4096)
				return sclog_error_set(err, -EINVAL,
						       "invalid --rcvbuf '%s': give bytes, "
						       "4096 to 1073741824", optarg);
			o.rcvbuf = (int)v;
			break;
		case 'q':
			o.quiet = 1;
			break;
		case 'h':
			*ret = o;
			return SCLOG_OPTIONS_HELP;
		case ':':
			return sclog_error_set(err, -EINVAL, "option '%s' needs an argument",
					       argv[optind - 1]);
		default:
			return sclog_error_set(err, -EINVAL, "unknown option '%s'",
					       argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return sclog_error_set(err, -EINVAL, "no command given: sclog run [OPTIONS] -- "
				       "COMMAND [ARG]...");
	o.argv = argv + optind;
	*ret = o;
	return 0;
}
