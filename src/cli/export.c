// SPDX-License-Identifier: GPL-2.0-only
/* `sclog export`: a policy in another tool's format. */
#include <errno.h>
#include <libgen.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sclog/basic/arch.h"
#include "sclog/basic/macro.h"
#include "sclog/cli/options.h"
#include "sclog/cli/verbs.h"
#include "sclog/policy/data.h"
#include "sclog/policy/export/export.h"
#include "sclog/policy/filter.h"

static const struct sclog_option export_options[] = {
	{ "format", 'f', "FMT",
	  "the output format: oci (default), docker, spo, minijail, systemd or bpf",
	  SCLOG_OPT_FORMAT },
	{ "output", 'o', "FILE", "output file (default: stdout; bpf needs a file or pipe)",
	  SCLOG_OPT_OUTPUT },
	{ "for", 0, "RUNTIME", "add what the runtime itself needs", SCLOG_OPT_FOR },
	{ "name", 0, "NAME", "metadata.name of the spo object (default: from POLICY)",
	  SCLOG_OPT_NAME },
	{ "arch", 0, "ARCH", "translate x86_64 names to ARCH (aarch64): see docs/architectures.md",
	  SCLOG_OPT_ARCH },
	{},
};

static int apply(void *opts, int id, const char *arg, struct sclog_error *err)
{
	struct sclog_export_options *o = opts;

	(void)err;
	switch (id) {
	case SCLOG_OPT_FORMAT:
		o->format = arg;
		break;
	case SCLOG_OPT_OUTPUT:
		o->output = arg;
		break;
	case SCLOG_OPT_FOR:
		o->runtime = arg;
		break;
	case SCLOG_OPT_ARCH:
		o->arch = arg;
		break;
	default:
		o->name = arg;
	}
	return 0;
}

const struct sclog_cli sclog_export_cli = {
	.verb = "export",
	.usage = "Usage: sclog export [--format FMT] [-o FILE] POLICY\n"
		 "\n"
		 "Convert POLICY. FMT is one of:\n"
		 "  oci       OCI runtime-spec linux.seccomp JSON (default)\n"
		 "  docker    Docker/moby profile (archMap form)\n"
		 "  spo       Kubernetes security-profiles-operator SeccompProfile (YAML)\n"
		 "  minijail  minijail .policy file (native architecture)\n"
		 "  systemd   SystemCallFilter= and SystemCallArchitectures= lines\n"
		 "  bpf       raw classic BPF (libseccomp), as bwrap --seccomp FD reads it\n"
		 "\n",
	.groups = { export_options, sclog_options_help },
	.apply = apply,
};

int sclog_export_options_parse(int argc, char **argv, struct sclog_export_options *ret,
			       struct sclog_error *err)
{
	struct sclog_export_options o = { .format = "oci", .output = "-" };
	int first, rc, known = 0;

	rc = sclog_options_parse(&sclog_export_cli, argc, argv, &o, &first, err);
	for (size_t i = 0; rc == 0 && sclog_export_formats[i]; i++)
		known |= strcmp(sclog_export_formats[i], o.format) == 0;
	if (rc == 0 && !known)
		rc = sclog_error_set(err, -EINVAL,
				     "unknown --format '%s': use oci, docker, spo, "
				     "minijail, systemd or bpf",
				     o.format);
	if (rc == 0 && argc - first != 1)
		rc = sclog_error_set(err, -EINVAL,
				     "export takes one policy: sclog export "
				     "[--format FMT] POLICY");
	if (rc == 0)
		o.input = argv[first];
	if (rc >= 0)
		*ret = o;
	return rc;
}

static int write_out(const char *path, const char *data, size_t len)
{
	struct sclog_error err = { 0 };

	return sclog_write_file(path, data, len, &err) < 0 ? sclog_verb_fail(&err) : 0;
}

/* --arch: *@p in the names of @arch, and every name that changed on stderr. */
static int translate(struct sclog_policy **p, const char *arch)
{
	struct sclog_error err = { 0 };
	struct sclog_translate_table *t = NULL;
	struct sclog_policy *out = NULL;
	char **notes = NULL;
	uint32_t target;
	size_t n = 0;

	if (sclog_load_translation(&t, &err) < 0)
		return sclog_verb_fail(&err);
	target = sclog_translate_target(t);
	if (seccomp_arch_resolve_name(arch) != target) {
		fprintf(stderr, "sclog: --arch %s: sclog translates names to %s only\n", arch,
			sclog_arch_name(target));
		sclog_translate_table_free(t);
		return SCLOG_EXIT_FAILURE;
	}
	if (sclog_translate_policy(*p, t, &out, &notes, &err) < 0) {
		sclog_translate_table_free(t);
		return sclog_verb_fail(&err);
	}
	while (notes[n])
		n++;
	/* The output is a guess from tables: say so, and what it guessed. */
	fprintf(stderr,
		"sclog: translated to %s names from arch-translate.json, not recorded "
		"there: run it on %s before relying on it; %zu name%s mapped or left out%s\n",
		arch, arch, n, n == 1 ? "" : "s", n ? ":" : "");
	for (char **note = notes; *note; note++)
		fprintf(stderr, "sclog:   %s\n", *note);
	sclog_strv_free(notes);
	sclog_translate_table_free(t);
	sclog_policy_free(*p);
	*p = out;
	return 0;
}

/*
 * The spo object's name: @given, else @input's file name without its
 * extension, as a Kubernetes name (lower case, digits, '-' and '.').
 */
static char *spo_name(const char *input, const char *given)
{
	_cleanup_free_ char *copy = strdup(input);
	char *name = strdup(given ? given : copy ? basename(copy) : "sclog"), *dot;

	if (name && !given && (dot = strrchr(name, '.')))
		*dot = '\0';
	for (char *c = name; c && *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-' ||
		      *c == '.'))
			*c = *c >= 'A' && *c <= 'Z' ? (char)(*c - 'A' + 'a') : '-';
	return name;
}

int sclog_verb_export(int argc, char **argv)
{
	struct sclog_export_options opt;
	struct sclog_error err = { 0 };
	struct sclog_policy *p = NULL;
	_cleanup_free_ char *text = NULL, *name = NULL;
	size_t len = 0;
	char **notes = NULL;
	int rc;

	rc = sclog_export_options_parse(argc, argv, &opt, &err);
	if (rc != 0)
		return sclog_options_finish(rc, &err, &sclog_export_cli);
	if (sclog_load_policy(opt.input, &p, &err) < 0)
		return sclog_verb_fail(&err);
	rc = opt.arch ? translate(&p, opt.arch) : 0;
	if (rc == 0)
		rc = sclog_verb_add_runtime(p, opt.runtime);
	if (rc)
		goto out;
	if (strcmp(opt.format, "bpf") == 0) {
		struct sclog_bpf *bpf = malloc(sizeof(*bpf));

		if (strcmp(opt.output, "-") == 0 && isatty(STDOUT_FILENO)) {
			free(bpf);
			fprintf(stderr,
				"sclog: not writing binary BPF to a terminal; use -o FILE\n");
			rc = SCLOG_EXIT_FAILURE;
			goto out;
		}
		if (!bpf || sclog_filter_build_enforce(p, bpf, &err) < 0) {
			rc = bpf ? sclog_verb_fail(&err) : sclog_verb_oom();
			free(bpf);
			goto out;
		}
		len = bpf->len * sizeof(bpf->insns[0]);
		text = malloc(len);
		if (text)
			memcpy(text, bpf->insns, len);
		free(bpf);
		if (!text) {
			rc = sclog_verb_oom();
			goto out;
		}
	} else if (strcmp(opt.format, "oci") == 0 || strcmp(opt.format, "docker") == 0) {
		/* The largest outputs, written as they are made. */
		rc = sclog_write_policy(opt.output,
					strcmp(opt.format, "oci") == 0 ? sclog_export_oci_write :
									 sclog_export_docker_write,
					p, &err);
		rc = rc < 0 ? sclog_verb_fail(&err) : 0;
		goto out;
	} else {
		if (strcmp(opt.format, "spo") == 0) {
			name = spo_name(opt.input, opt.name);
			rc = name ? sclog_export_spo(p, name, &text, &notes, &err) : -ENOMEM;
		} else if (strcmp(opt.format, "minijail") == 0)
			rc = sclog_export_minijail(p, &text, &notes, &err);
		else
			rc = sclog_export_systemd(p, &text, &notes, &err);
		if (rc < 0) {
			rc = err.code ? sclog_verb_fail(&err) : sclog_verb_oom();
			goto out;
		}
		len = strlen(text);
	}
	for (char **n = notes; n && *n; n++)
		fprintf(stderr, "sclog: WARNING: %s: %s\n", opt.format, *n);
	sclog_strv_free(notes);
	rc = write_out(opt.output, text, len);
out:
	sclog_policy_free(p);
	return rc;
}
