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

/* The findings @v[0..@n) as JSON on @f. */
static int write_json(FILE *f, const struct sclog_syscall **v, long n, const char *policy,
		      int complete)
{
	json_object *root = json_object_new_object(), *list = json_object_new_array();
	_cleanup_free_ char *text = NULL;
	int r;

	for (long i = 0; i < n; i++) {
		json_object *e = json_object_new_object();
		_cleanup_free_ char *name = sclog_syscall_name(v[i]->arch, v[i]->nr);
		const char *arch = sclog_arch_name(sclog_arch_of(v[i]->arch, v[i]->nr));

		json_object_object_add(e, "name", name ? json_object_new_string(name) : NULL);
		json_object_object_add(e, "arch", arch ? json_object_new_string(arch) : NULL);
		json_object_object_add(e, "nr", json_object_new_int64(v[i]->nr));
		json_object_object_add(e, "count", json_object_new_uint64(v[i]->count));
		json_object_object_add(e, "first_pid", json_object_new_int(v[i]->first_pid));
		if (v[i]->exe && sclog_utf8_valid(v[i]->exe, v[i]->exe_len))
			json_object_object_add(
				e, "exe",
				json_object_new_string_len(v[i]->exe, (int)v[i]->exe_len));
		json_object_array_add(list, e);
	}
	json_object_object_add(root, "policy", json_object_new_string(policy));
	json_object_object_add(root, "violations", list);
	json_object_object_add(root, "complete", json_object_new_boolean(complete));
	r = sclog_json_format(root, &text);
	if (r == 0)
		fputs(text, f);
	json_object_put(root);
	return r;
}

int sclog_check_findings(const struct sclog_profile *p, const char *policy,
			 enum sclog_format format, int complete, char **ret)
{
	const struct sclog_syscall **v = NULL;
	long n = sclog_profile_sorted(p, &v);
	char *buf = NULL;
	size_t len = 0;
	int r = 0;
	FILE *f;

	if (n < 0 || !(f = open_memstream(&buf, &len))) {
		free(v);
		return -ENOMEM;
	}
	if (format == SCLOG_FORMAT_JSON) {
		r = write_json(f, v, n, policy, complete);
	} else {
		const char *quoted_policy = sclog_quoted_path(policy);
		char gpolicy[GITHUB_DATA_SIZE];

		if (format == SCLOG_FORMAT_TEXT && n)
			fprintf(f, "sclog check: %ld syscall%s outside %s:\n", n, n == 1 ? "" : "s",
				quoted_policy);
		else if (format == SCLOG_FORMAT_TEXT)
			fprintf(f, "sclog check: no syscall outside %s\n", quoted_policy);
		for (long i = 0; i < n; i++) {
			_cleanup_free_ char *name = sclog_syscall_name(v[i]->arch, v[i]->nr);
			const char *arch = sclog_arch_name(sclog_arch_of(v[i]->arch, v[i]->nr));
			char exe[SCLOG_QUOTE_SIZE], gexe[GITHUB_DATA_SIZE];

			/* The exe is the command's to choose: one line, escaped. */
			sclog_quote(exe, sizeof(exe), v[i]->exe ? v[i]->exe : "?",
				    v[i]->exe ? v[i]->exe_len : 1, 0);
			if (format == SCLOG_FORMAT_GITHUB)
				fprintf(f,
					"::error title=seccomp violation::%s (%s) is not allowed "
					"by %s: %llu call%s, first by pid %d (%s)\n",
					name ? name : "?", arch ? arch : "?",
					github_data(gpolicy, quoted_policy),
					(unsigned long long)v[i]->count,
					v[i]->count == 1 ? "" : "s", v[i]->first_pid,
					github_data(gexe, exe));
			else
				fprintf(f, "  %-20s %-8s %8llu call%s, first by pid %d (%s)\n",
					name ? name : "?", arch ? arch : "?",
					(unsigned long long)v[i]->count,
					v[i]->count == 1 ? " " : "s", v[i]->first_pid, exe);
		}
	}
	free(v);
	if (fclose(f) != 0 || r < 0) {
		free(buf);
		return -ENOMEM;
	}
	*ret = buf;
	return (int)n;
}
