// SPDX-License-Identifier: GPL-2.0-only
/* What `sclog check` found: text, JSON or GitHub annotations. */
#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sclog/basic/arch.h"
#include "sclog/basic/json_format.h"
#include "sclog/basic/macro.h"
#include "sclog/basic/quote.h"
#include "sclog/basic/utf8.h"
#include "sclog/policy/findings.h"
#include "sclog/policy/implied.h"

/* Room for a quoted string as GitHub workflow command data. */
#define GITHUB_DATA_SIZE (3 * SCLOG_QUOTE_SIZE)

/*
 * @s (quoted already) as the data of a GitHub workflow command, in @buf
 * (GITHUB_DATA_SIZE bytes): the runner decodes %XX there, so a '%' of the
 * input is written %25.  Returns @buf.
 */
static const char *github_data(char *buf, const char *s)
{
	size_t w = 0;

	for (; *s && w + 4 < GITHUB_DATA_SIZE; s++) {
		if (*s == '%') {
			memcpy(buf + w, "%25", 3);
			w += 3;
		} else {
			buf[w++] = *s;
		}
	}
	buf[w] = '\0';
	return buf;
}

/* The violations: the calls seen outside the policy, then the
 * calls it implies but does not allow (policy/implied.h). */
struct findings {
	const struct sclog_syscall **v;
	long n;
	struct sclog_implied *missing;
	long n_missing;
};

/* The JSON array of @f's missing implied calls. */
static json_object *missing_json(const struct findings *f)
{
	json_object *list = json_object_new_array();

	for (long i = 0; i < f->n_missing; i++) {
		json_object *e = json_object_new_object();
		const char *arch = sclog_arch_name(f->missing[i].arch);

		json_object_object_add(e, "name", json_object_new_string(f->missing[i].name));
		json_object_object_add(e, "arch", arch ? json_object_new_string(arch) : NULL);
		/* null: implied always, not by a call the policy allows. */
		json_object_object_add(e, "because",
				       f->missing[i].because ?
					       json_object_new_string(f->missing[i].because) :
					       NULL);
		json_object_array_add(list, e);
	}
	return list;
}

/* The findings @f as JSON on @out. */
static int write_json(FILE *out, const struct findings *f, const char *policy, int complete)
{
	json_object *root = json_object_new_object(), *list = json_object_new_array();
	_cleanup_free_ char *text = NULL;
	int r;

	for (long i = 0; i < f->n; i++) {
		const struct sclog_syscall *s = f->v[i];
		json_object *e = json_object_new_object();
		_cleanup_free_ char *name = sclog_syscall_name(s->arch, s->nr);
		const char *arch = sclog_arch_name(sclog_arch_of(s->arch, s->nr));

		json_object_object_add(e, "name", name ? json_object_new_string(name) : NULL);
		json_object_object_add(e, "arch", arch ? json_object_new_string(arch) : NULL);
		json_object_object_add(e, "nr", json_object_new_int64(s->nr));
		json_object_object_add(e, "count", json_object_new_uint64(s->count));
		json_object_object_add(e, "first_pid", json_object_new_int(s->first_pid));
		if (s->exe && sclog_utf8_valid(s->exe, s->exe_len))
			json_object_object_add(e, "exe",
					       json_object_new_string_len(s->exe, (int)s->exe_len));
		json_object_array_add(list, e);
	}
	json_object_object_add(root, "policy", json_object_new_string(policy));
	json_object_object_add(root, "violations", list);
	json_object_object_add(root, "implied_missing", missing_json(f));
	json_object_object_add(root, "complete", json_object_new_boolean(complete));
	r = sclog_json_format(root, &text);
	if (r == 0)
		fputs(text, out);
	json_object_put(root);
	return r;
}

/* The findings @f as text or GitHub annotations on @out. */
static void write_lines(FILE *out, const struct findings *f, const char *policy,
			enum sclog_format format)
{
	const char *quoted_policy = sclog_quoted_path(policy);
	char gpolicy[GITHUB_DATA_SIZE];
	long total = f->n + f->n_missing;

	github_data(gpolicy, quoted_policy);
	if (format == SCLOG_FORMAT_TEXT && total)
		fprintf(out, "sclog check: %ld syscall%s outside %s:\n", total,
			total == 1 ? "" : "s", quoted_policy);
	else if (format == SCLOG_FORMAT_TEXT)
		fprintf(out, "sclog check: no syscall outside %s\n", quoted_policy);
	for (long i = 0; i < f->n; i++) {
		const struct sclog_syscall *s = f->v[i];
		_cleanup_free_ char *name = sclog_syscall_name(s->arch, s->nr);
		const char *arch = sclog_arch_name(sclog_arch_of(s->arch, s->nr));
		char exe[SCLOG_QUOTE_SIZE], gexe[GITHUB_DATA_SIZE];

		/* The exe is the command's to choose: one line, escaped. */
		sclog_quote(exe, sizeof(exe), s->exe ? s->exe : "?", s->exe ? s->exe_len : 1, 0);
		if (format == SCLOG_FORMAT_GITHUB)
			fprintf(out,
				"::error title=seccomp violation::%s (%s) is not allowed "
				"by %s: %llu call%s, first by pid %d (%s)\n",
				name ? name : "?", arch ? arch : "?", gpolicy,
				(unsigned long long)s->count, s->count == 1 ? "" : "s",
				s->first_pid, github_data(gexe, exe));
		else
			fprintf(out, "  %-20s %-8s %8llu call%s, first by pid %d (%s)\n",
				name ? name : "?", arch ? arch : "?", (unsigned long long)s->count,
				s->count == 1 ? " " : "s", s->first_pid, exe);
	}
	for (long i = 0; i < f->n_missing; i++) {
		const struct sclog_implied *m = &f->missing[i];
		const char *arch = sclog_arch_name(m->arch);

		if (format == SCLOG_FORMAT_GITHUB && !m->because)
			fprintf(out,
				"::error title=seccomp violation::%s (%s) is not allowed by %s: "
				"every command needs it\n",
				m->name, arch ? arch : "?", gpolicy);
		else if (format == SCLOG_FORMAT_GITHUB)
			fprintf(out,
				"::error title=seccomp violation::%s (%s) is not allowed by %s, "
				"which allows %s: a signal handler cannot return\n",
				m->name, arch ? arch : "?", gpolicy, m->because);
		else if (!m->because)
			fprintf(out, "  %-20s %-8s implied: every command needs it\n", m->name,
				arch ? arch : "?");
		else
			fprintf(out, "  %-20s %-8s implied: the policy allows %s\n", m->name,
				arch ? arch : "?", m->because);
	}
}

/* Whether @f's calls seen hold @name on @arch already. */
static int seen(const struct findings *f, const char *name, uint32_t arch)
{
	for (long i = 0; i < f->n; i++) {
		_cleanup_free_ char *s = sclog_syscall_name(f->v[i]->arch, f->v[i]->nr);

		if (s && strcmp(s, name) == 0 && sclog_arch_of(f->v[i]->arch, f->v[i]->nr) == arch)
			return 1;
	}
	return 0;
}

/* The calls @pol implies and does not allow, unless seen. */
static int find_missing(struct findings *f, const struct sclog_policy *pol)
{
	long n = sclog_policy_implied(pol, &f->missing), w = 0;

	if (n < 0)
		return (int)n;
	for (long i = 0; i < n; i++)
		if (!sclog_policy_allows(pol, f->missing[i].arch, f->missing[i].name, NULL) &&
		    !seen(f, f->missing[i].name, f->missing[i].arch))
			f->missing[w++] = f->missing[i];
	f->n_missing = w;
	return 0;
}

int sclog_check_findings(const struct sclog_profile *p, const struct sclog_policy *pol,
			 const char *policy, enum sclog_format format, int complete, char **ret)
{
	struct findings f = { 0 };
	char *buf = NULL;
	size_t len = 0;
	int r = 0;
	FILE *out = NULL;

	f.n = sclog_profile_sorted(p, &f.v);
	if (f.n < 0 || find_missing(&f, pol) < 0 || !(out = open_memstream(&buf, &len))) {
		free(f.v);
		free(f.missing);
		return -ENOMEM;
	}
	if (format == SCLOG_FORMAT_JSON)
		r = write_json(out, &f, policy, complete);
	else
		write_lines(out, &f, policy, format);
	free(f.v);
	free(f.missing);
	if (fclose(out) != 0 || r < 0) {
		free(buf);
		return -ENOMEM;
	}
	*ret = buf;
	return (int)(f.n + f.n_missing);
}
