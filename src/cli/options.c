// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sclog/cli/options.h"
#include "sclog/collect/collector.h"

/* getopt value of --progress (run, check), clear of the verbs' own enums. */
#define OPT_PROGRESS 0x200

const char sclog_run_usage[] =
	"Usage: sclog run [OPTIONS] [--] COMMAND [ARG]...\n"
	"\n"
	"Run COMMAND under a seccomp filter that records every syscall of its whole\n"
	"process tree (SECCOMP_RET_LOG and audit records, or seccomp user\n"
	"notification) and write a minimal OCI seccomp allowlist.\n"
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
	"      --base POLICY          syscalls of POLICY are allowed (they cost\n"
	"                             nothing); the output is POLICY plus what is new\n"
	"      --for RUNTIME          add what the runtime itself needs: runc, crun,\n"
	"                             docker, podman, kubernetes or bwrap\n"
	"      --rcvbuf BYTES         audit socket receive buffer (default 64 MiB)\n"
	"      --no-enosys            do not make the syscalls C libraries fall back\n"
	"                             from (clone3, statx...) return ENOSYS when the\n"
	"                             policy does not allow them\n"
	"      --container            COMMAND is 'podman run', 'crun run' or 'runc run':\n"
	"                             record the container in place, inside its own\n"
	"                             image, through the seccomp profile the runtime\n"
	"                             installs, plus the runtime's measured set (see\n"
	"                             'Profiling a container' in README); with the\n"
	"                             notify collector the runtime sends its seccomp\n"
	"                             listener to sclog: no root needed\n"
	"      --progress             show records, syscalls, processes and time\n"
	"                             on the terminal while COMMAND runs\n"
	"      --backend COLLECTOR    audit (RET_LOG records; root), notify (seccomp\n"
	"                             user notification; any user, Linux 5.5) or bpf\n"
	"                             (counted in the kernel; root, BTF);\n"
	"                             default: audit where it works, else notify\n"
	"      --args                 record the arguments listed in args.json (socket\n"
	"                             family, namespace flags, ioctl request...) and\n"
	"                             allow only the values seen\n"
	"  -u, --user USER[:GROUP]    run COMMAND as USER (its uid, primary group or\n"
	"                             GROUP, supplementary groups; HOME, USER and\n"
	"                             LOGNAME as runuser sets them), switched before\n"
	"                             the filter so the switch is not in the profile\n"
	"  -q, --quiet                no summary on stderr\n"
	"  -h, --help                 show this help\n"
	"\n"
	"Exit status: COMMAND's status (128+N if signal N killed it); 125 if sclog\n"
	"failed or the profile is incomplete while COMMAND succeeded; 126 if\n"
	"COMMAND cannot be executed; 127 if it is not found.\n";

static int parse_backend(const char *s, const char **ret, struct sclog_error *err)
{
	if (strcmp(s, "bpf") == 0 && !sclog_collector_find(s))
		return sclog_error_set(err, -EINVAL, "--backend bpf: this sclog was built without "
				       "the bpf collector (libbpf, clang or bpftool was missing)");
	if (!sclog_collector_find(s))
		return sclog_error_set(err, -EINVAL, "invalid --backend '%s': use audit, notify "
				       "or bpf", s);
	*ret = s;
	return 0;
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

/*
 * The option getopt stopped at.  A long option is argv[optind - 1]; inside a
 * cluster of short ones ("-qx") optind may not have moved, but optopt holds
 * the offending letter.
 */
static int getopt_error(int c, char **argv, struct sclog_error *err)
{
	const char *arg = optind > 0 ? argv[optind - 1] : "";
	char shortopt[3] = { '-', (char)optopt, '\0' };
	const char *name = strncmp(arg, "--", 2) == 0 || optopt <= 0 || optopt > 127 ? arg
											: shortopt;

	if (c == ':')
		return sclog_error_set(err, -EINVAL, "option '%s' needs an argument", name);
	return sclog_error_set(err, -EINVAL, "unknown option '%s'", name);
}

int sclog_run_options_parse(int argc, char **argv, struct sclog_run_options *ret,
			    struct sclog_error *err)
{
	enum { OPT_REPORT = 256, OPT_DEFAULT_ACTION, OPT_DRAIN, OPT_RCVBUF, OPT_BASE, OPT_FOR,
	       OPT_NO_ENOSYS, OPT_CONTAINER,
	       OPT_BACKEND, OPT_ARGS };
	static const struct option longopts[] = {
		{ "args", no_argument, NULL, OPT_ARGS },
		{ "backend", required_argument, NULL, OPT_BACKEND },
		{ "base", required_argument, NULL, OPT_BASE },
		{ "container", no_argument, NULL, OPT_CONTAINER },
		{ "for", required_argument, NULL, OPT_FOR },
		{ "no-enosys", no_argument, NULL, OPT_NO_ENOSYS },
		{ "user", required_argument, NULL, 'u' },
		{ "output", required_argument, NULL, 'o' },
		{ "report", required_argument, NULL, OPT_REPORT },
		{ "default-action", required_argument, NULL, OPT_DEFAULT_ACTION },
		{ "drain-timeout", required_argument, NULL, OPT_DRAIN },
		{ "rcvbuf", required_argument, NULL, OPT_RCVBUF },
		{ "quiet", no_argument, NULL, 'q' },
		{ "progress", no_argument, NULL, OPT_PROGRESS },
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
	while ((c = getopt_long(argc, argv, "+:o:u:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'u':
			o.user = optarg;
			break;
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
		case OPT_BASE:
			o.base = optarg;
			break;
		case OPT_FOR:
			o.runtime = optarg;
			break;
		case OPT_NO_ENOSYS:
			o.no_enosys = 1;
			break;
		case OPT_CONTAINER:
			o.container = 1;
			break;
		case OPT_BACKEND:
			if (parse_backend(optarg, &o.backend, err) < 0)
				return -EINVAL;
			break;
		case OPT_ARGS:
			o.args = 1;
			break;
		case OPT_DEFAULT_ACTION:
			if (sclog_action_parse(optarg, &o.default_action) < 0)
				return sclog_error_set(err, -EINVAL,
						       "invalid --default-action '%s': use "
						       "errno[:ERRNO], kill, kill-process, trap "
						       "or log", optarg);
			o.has_default_action = 1;
			break;
		case OPT_DRAIN:
			if (parse_positive(optarg, 3600, &o.drain_timeout) < 0)
				return sclog_error_set(err, -EINVAL,
						       "invalid --drain-timeout '%s': give "
						       "seconds, more than 0 and at most 3600",
						       optarg);
			break;
		case OPT_RCVBUF:
			if (parse_positive(optarg, 1 << 30, &v) < 0 || v < 4096 || v != (int)v)
				return sclog_error_set(err, -EINVAL,
						       "invalid --rcvbuf '%s': give bytes, "
						       "4096 to 1073741824", optarg);
			o.rcvbuf = (int)v;
			break;
		case 'q':
			o.quiet = 1;
			break;
		case OPT_PROGRESS:
			o.progress = 1;
			break;
		case 'h':
			*ret = o;
			return SCLOG_OPTIONS_HELP;
		default:
			return getopt_error(c, argv, err);
		}
	}
	if (optind >= argc)
		return sclog_error_set(err, -EINVAL, "no command given: sclog run [OPTIONS] -- "
				       "COMMAND [ARG]...");
	if (o.container && o.runtime)
		return sclog_error_set(err, -EINVAL, "--container adds the measured set of the "
				       "runtime it records by itself: leave out --for");
	if (o.container && o.user)
		return sclog_error_set(err, -EINVAL, "--user does not apply to --container: "
				       "give the container's user to the runtime (podman run "
				       "--user, process.user in config.json)");
	o.argv = argv + optind;
	*ret = o;
	return 0;
}

const char sclog_check_usage[] =
	"Usage: sclog check --policy POLICY [OPTIONS] [--] COMMAND [ARG]...\n"
	"\n"
	"Run COMMAND with POLICY's syscalls allowed and every other one logged,\n"
	"watch its whole process tree, and report each syscall outside POLICY.\n"
	"The run is never broken by the check.\n"
	"\n"
	"Options:\n"
	"  -p, --policy FILE          the policy to check against (required)\n"
	"      --format FMT           text (default), json, or github (::error::\n"
	"                             annotations for GitHub Actions)\n"
	"  -o, --output FILE          findings file (default: stdout, after COMMAND)\n"
	"      --report FILE          JSON report of the run, as for run\n"
	"      --drain-timeout SECS   as for run (default 10)\n"
	"      --rcvbuf BYTES         as for run\n"
	"      --container            COMMAND is 'podman run', 'crun run' or 'runc run':\n"
	"                             check the container in place, as for run\n"
	"      --progress             show records, syscalls, processes and time\n"
	"                             on the terminal while COMMAND runs\n"
	"      --backend COLLECTOR    as for run: audit, notify or bpf\n"
	"  -u, --user USER[:GROUP]    run COMMAND as USER, as for run\n"
	"  -q, --quiet                no summary on stderr\n"
	"  -h, --help                 show this help\n"
	"\n"
	"Exit status: COMMAND's status if it failed; otherwise 1 when there were\n"
	"violations, 0 when there were none; 125 if sclog failed or could not\n"
	"watch everything; 126/127 as for run.\n";

const char sclog_enforce_usage[] =
	"Usage: sclog enforce --policy POLICY [--] COMMAND [ARG]...\n"
	"\n"
	"Validate POLICY strictly, install it and execute COMMAND under it, with\n"
	"POLICY's own default action (errno, kill, trap or log).\n"
	"\n"
	"  -p, --policy FILE   OCI or Docker seccomp policy, or an OCI config.json\n"
	"  -u, --user USER[:GROUP]\n"
	"                      run COMMAND as USER, as for run (set-user-ID\n"
	"                      programs keep their privileges, as under runuser)\n"
	"  -h, --help          show this help\n"
	"\n"
	"Exit status: COMMAND's (sclog becomes COMMAND); 125 for a bad policy or\n"
	"when it cannot be installed; 126/127 when COMMAND cannot be executed.\n";

const char sclog_merge_usage[] =
	"Usage: sclog merge [OPTIONS] POLICY... \n"
	"\n"
	"Write the union of the POLICYs' allowlists, per architecture.\n"
	"\n"
	"  -o, --output FILE          output file (default: stdout)\n"
	"      --default-action ACT   the merged default action; required when the\n"
	"                             inputs disagree\n"
	"      --for RUNTIME          add what the runtime itself needs\n"
	"      --no-enosys            no ENOSYS rules for the fallback syscalls\n"
	"  -h, --help                 show this help\n";

const char sclog_diff_usage[] =
	"Usage: sclog diff [--format text|json] OLD NEW\n"
	"\n"
	"Show how NEW treats each syscall differently from OLD, per architecture:\n"
	"  + ARCH NAME              NEW allows it, OLD does not\n"
	"  - ARCH NAME              OLD allows it, NEW does not\n"
	"  ~ ARCH NAME: A -> B      another action (or errno), both allow or deny\n"
	"  ~ ARCH NAME: - when C    condition C only OLD has ('always': none)\n"
	"  ~ ARCH NAME: + when C    condition C only NEW has\n"
	"and a change of default action or of the architectures covered.\n"
	"\n"
	"  -f, --format FMT    text (default) or json\n"
	"  -h, --help          show this help\n"
	"\n"
	"Exit status: 0 when they treat every call the same, 1 when they differ,\n"
	"125 on error.\n";

const char sclog_export_usage[] =
	"Usage: sclog export [--format FMT] [-o FILE] POLICY\n"
	"\n"
	"Convert POLICY. FMT is one of:\n"
	"  oci       OCI runtime-spec linux.seccomp JSON (default)\n"
	"  docker    Docker/moby profile (archMap form)\n"
	"  spo       Kubernetes security-profiles-operator SeccompProfile (YAML)\n"
	"  minijail  minijail .policy file (native architecture)\n"
	"  systemd   SystemCallFilter= and SystemCallArchitectures= lines\n"
	"  bpf       raw classic BPF (libseccomp), as bwrap --seccomp FD reads it\n"
	"\n"
	"  -f, --format FMT    one of the above (default oci)\n"
	"  -o, --output FILE   output file (default: stdout; bpf needs a file or pipe)\n"
	"      --for RUNTIME   add what the runtime itself needs\n"
	"      --name NAME     metadata.name of the spo object (default: from POLICY)\n"
	"      --arch ARCH     translate x86_64 names to ARCH (aarch64); see architectures.md\n"
	"  -h, --help          show this help\n";

int sclog_options_finish(int rc, const struct sclog_error *err, const char *verb,
			 const char *usage)
{
	if (rc == SCLOG_OPTIONS_HELP) {
		fputs(usage, stdout);
		return 0;
	}
	fprintf(stderr, "sclog: %s\nTry 'sclog %s --help'.\n", err->msg, verb);
	return 125; /* SCLOG_EXIT_FAILURE */
}

const char *const sclog_export_formats[] = { "oci", "docker", "spo", "minijail", "systemd", "bpf",
					     NULL };
/* Indexed by enum sclog_format; diff takes the first two. */
const char *const sclog_report_formats[] = { "text", "json", "github", NULL };

static int parse_format(const char *s, int allow_github, enum sclog_format *ret)
{
	for (int f = SCLOG_FORMAT_TEXT; f <= (allow_github ? SCLOG_FORMAT_GITHUB : SCLOG_FORMAT_JSON);
	     f++)
		if (strcmp(s, sclog_report_formats[f]) == 0) {
			*ret = (enum sclog_format)f;
			return 0;
		}
	return -EINVAL;
}


int sclog_check_options_parse(int argc, char **argv, struct sclog_check_options *ret,
			      struct sclog_error *err)
{
	enum { OPT_REPORT = 256, OPT_FORMAT, OPT_DRAIN, OPT_RCVBUF, OPT_CONTAINER, OPT_BACKEND };
	static const struct option longopts[] = {
		{ "backend", required_argument, NULL, OPT_BACKEND },
		{ "policy", required_argument, NULL, 'p' },
		{ "container", no_argument, NULL, OPT_CONTAINER },
		{ "output", required_argument, NULL, 'o' },
		{ "report", required_argument, NULL, OPT_REPORT },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "drain-timeout", required_argument, NULL, OPT_DRAIN },
		{ "rcvbuf", required_argument, NULL, OPT_RCVBUF },
		{ "user", required_argument, NULL, 'u' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "progress", no_argument, NULL, OPT_PROGRESS },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	struct sclog_check_options o = { .output = "-", .drain_timeout = 10 };
	double v;
	int c;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:p:o:u:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'u':
			o.user = optarg;
			break;
		case 'p':
			o.policy = optarg;
			break;
		case 'o':
			o.output = optarg;
			break;
		case OPT_REPORT:
			o.report = optarg;
			break;
		case OPT_CONTAINER:
			o.container = 1;
			break;
		case OPT_BACKEND:
			if (parse_backend(optarg, &o.backend, err) < 0)
				return -EINVAL;
			break;
		case OPT_FORMAT:
			if (parse_format(optarg, 1, &o.format) < 0)
				return sclog_error_set(err, -EINVAL, "invalid --format '%s': use "
						       "text, json or github", optarg);
			break;
		case OPT_DRAIN:
			if (parse_positive(optarg, 3600, &o.drain_timeout) < 0)
				return sclog_error_set(err, -EINVAL, "invalid --drain-timeout '%s'",
						       optarg);
			break;
		case OPT_RCVBUF:
			if (parse_positive(optarg, 1 << 30, &v) < 0 || v < 4096 || v != (int)v)
				return sclog_error_set(err, -EINVAL, "invalid --rcvbuf '%s'", optarg);
			o.rcvbuf = (int)v;
			break;
		case 'q':
			o.quiet = 1;
			break;
		case OPT_PROGRESS:
			o.progress = 1;
			break;
		case 'h':
			*ret = o;
			return SCLOG_OPTIONS_HELP;
		default:
			return getopt_error(c, argv, err);
		}
	}
	if (!o.policy)
		return sclog_error_set(err, -EINVAL, "--policy is required");
	if (optind >= argc)
		return sclog_error_set(err, -EINVAL, "no command given: sclog check --policy "
				       "POLICY -- COMMAND [ARG]...");
	if (o.container && o.user)
		return sclog_error_set(err, -EINVAL, "--user does not apply to --container: "
				       "give the container's user to the runtime (podman run "
				       "--user, process.user in config.json)");
	o.argv = argv + optind;
	*ret = o;
	return 0;
}

int sclog_enforce_options_parse(int argc, char **argv, struct sclog_enforce_options *ret,
				struct sclog_error *err)
{
	static const struct option longopts[] = {
		{ "policy", required_argument, NULL, 'p' },
		{ "user", required_argument, NULL, 'u' },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	struct sclog_enforce_options o = { 0 };
	int c;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:p:u:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			o.policy = optarg;
			break;
		case 'u':
			o.user = optarg;
			break;
		case 'h':
			*ret = o;
			return SCLOG_OPTIONS_HELP;
		default:
			return getopt_error(c, argv, err);
		}
	}
	if (!o.policy)
		return sclog_error_set(err, -EINVAL, "--policy is required");
	if (optind >= argc)
		return sclog_error_set(err, -EINVAL, "no command given: sclog enforce --policy "
				       "POLICY -- COMMAND [ARG]...");
	o.argv = argv + optind;
	*ret = o;
	return 0;
}

int sclog_merge_options_parse(int argc, char **argv, struct sclog_merge_options *ret,
			      struct sclog_error *err)
{
	enum { OPT_DEFAULT_ACTION = 256, OPT_FOR, OPT_NO_ENOSYS };
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "default-action", required_argument, NULL, OPT_DEFAULT_ACTION },
		{ "for", required_argument, NULL, OPT_FOR },
		{ "no-enosys", no_argument, NULL, OPT_NO_ENOSYS },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	struct sclog_merge_options o = { .output = "-" };
	int c;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			o.output = optarg;
			break;
		case OPT_DEFAULT_ACTION:
			if (sclog_action_parse(optarg, &o.default_action) < 0)
				return sclog_error_set(err, -EINVAL, "invalid --default-action '%s'",
						       optarg);
			o.has_default_action = 1;
			break;
		case OPT_FOR:
			o.runtime = optarg;
			break;
		case OPT_NO_ENOSYS:
			o.no_enosys = 1;
			break;
		case 'h':
			*ret = o;
			return SCLOG_OPTIONS_HELP;
		default:
			return getopt_error(c, argv, err);
		}
	}
	if (optind >= argc)
		return sclog_error_set(err, -EINVAL, "no policy given: sclog merge POLICY... "
				       "[-o OUT]");
	o.inputs = argv + optind;
	*ret = o;
	return 0;
}

int sclog_diff_options_parse(int argc, char **argv, struct sclog_diff_options *ret,
			     struct sclog_error *err)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	struct sclog_diff_options o = { 0 };
	int c;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":f:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (parse_format(optarg, 0, &o.format) < 0)
				return sclog_error_set(err, -EINVAL, "invalid --format '%s': use "
						       "text or json", optarg);
			break;
		case 'h':
			*ret = o;
			return SCLOG_OPTIONS_HELP;
		default:
			return getopt_error(c, argv, err);
		}
	}
	if (argc - optind != 2)
		return sclog_error_set(err, -EINVAL, "diff takes two policies: sclog diff OLD NEW");
	o.a = argv[optind];
	o.b = argv[optind + 1];
	*ret = o;
	return 0;
}

int sclog_export_options_parse(int argc, char **argv, struct sclog_export_options *ret,
			       struct sclog_error *err)
{
	enum { OPT_FOR = 256, OPT_NAME, OPT_ARCH };
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "for", required_argument, NULL, OPT_FOR },
		{ "name", required_argument, NULL, OPT_NAME },
		{ "arch", required_argument, NULL, OPT_ARCH },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	struct sclog_export_options o = { .format = "oci", .output = "-" };
	int c, known = 0;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":f:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			o.format = optarg;
			break;
		case 'o':
			o.output = optarg;
			break;
		case OPT_FOR:
			o.runtime = optarg;
			break;
		case OPT_NAME:
			o.name = optarg;
			break;
		case OPT_ARCH:
			o.arch = optarg;
			break;
		case 'h':
			*ret = o;
			return SCLOG_OPTIONS_HELP;
		default:
			return getopt_error(c, argv, err);
		}
	}
	for (size_t i = 0; sclog_export_formats[i]; i++)
		known |= strcmp(sclog_export_formats[i], o.format) == 0;
	if (!known)
		return sclog_error_set(err, -EINVAL, "unknown --format '%s': use oci, docker, spo, "
				       "minijail, systemd or bpf", o.format);
	if (argc - optind != 1)
		return sclog_error_set(err, -EINVAL, "export takes one policy: sclog export "
				       "[--format FMT] POLICY");
	o.input = argv[optind];
	*ret = o;
	return 0;
}
