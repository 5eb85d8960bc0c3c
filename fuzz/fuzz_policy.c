// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target of the policy reader and every writer of a policy.  The input
 * is a policy file (OCI linux.seccomp, OCI config.json or Docker profile).
 * Properties checked when sclog_policy_parse() accepts it:
 *  - the OCI serialisation is read back, and re-serialises byte-identically
 *    (normalisation is idempotent);
 *  - the Docker serialisation is read back and means the same policy (its
 *    OCI serialisation is identical);
 *  - merging the policy into an empty one twice gives what merging once
 *    gives (the union is idempotent; outside strict mode, not checked for
 *    the conditional rules with repeated names of a known bug); with SCLOG_FUZZ_STRICT=1 in the
 *    environment, it must also give sclog_export_oci()'s own output, as
 *    that function documents its output as normalised (plain rules of one
 *    action merged, names unique);
 *  - with SCLOG_FUZZ_STRICT=1, every argument value the reader kept is the
 *    one the file holds (compared with json-c's own reading of the file;
 *    off by default while values above INT64_MAX are known to be clamped,
 *    see regressions/fuzz_policy/open-arg-value-above-int64.json), and no
 *    rule with Docker "includes"/"excludes" conditions was accepted (an
 *    "arches" scope alone is, where it changes nothing: checked by the
 *    Docker read-back);
 *  - the spo, minijail and systemd exports succeed or fail with an error
 *    message, never crash;
 *  - libseccomp compiles it (as `export --format bpf`, `enforce` and the
 *    runtimes do): same-index conditions are normalised and conflicting
 *    actions refused by the reader, so only a program longer than the
 *    kernel's 4096 instructions may fail.
 * A rejected input must come with an error message.
 */
#include <errno.h>
#include <json-c/json.h>
#include <seccomp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "sclog/policy/compose.h"
#include "sclog/policy/export/export.h"
#include "sclog/policy/filter.h"
#include "sclog/policy/policy_parse.h"

static struct sclog_policy *parse_ok(const char *text, const char *what)
{
	struct sclog_policy *p = NULL;
	struct sclog_error err = { 0 };

	if (sclog_policy_parse(text, strlen(text), what, &p, &err) < 0)
		fuzz_fail("sclog cannot read its own %s output: %s\n%s", what, err.msg, text);
	return p;
}

static char *to_oci(const struct sclog_policy *p)
{
	char *s = NULL;

	if (sclog_export_oci(p, &s) < 0 || !s)
		abort();
	return s;
}

static void exports(const struct sclog_policy *p)
{
	struct sclog_error err = { 0 };
	char **notes = NULL;
	char *out = NULL;
	int r;

	r = sclog_export_spo(p, "fuzz", &out, &notes, &err);
	sclog_strv_free(r < 0 ? NULL : notes);
	notes = NULL;
	if (r < 0 && !err.msg[0])
		fuzz_fail("spo export failed (%d) without a message", r);
	free(r < 0 ? NULL : out);
	sclog_error_clear(&err);
	out = NULL;
	r = sclog_export_minijail(p, &out, &notes, &err);
	sclog_strv_free(r < 0 ? NULL : notes);
	notes = NULL;
	if (r < 0 && !err.msg[0])
		fuzz_fail("minijail export failed (%d) without a message", r);
	free(r < 0 ? NULL : out);
	sclog_error_clear(&err);
	out = NULL;
	r = sclog_export_systemd(p, &out, &notes, &err);
	sclog_strv_free(r < 0 ? NULL : notes);
	notes = NULL;
	if (r < 0 && !err.msg[0])
		fuzz_fail("systemd export failed (%d) without a message", r);
	free(r < 0 ? NULL : out);
}

static void compiles(const struct sclog_policy *p)
{
	struct sclog_bpf *bpf = malloc(sizeof(*bpf));
	struct sclog_error err = { 0 };

	if (!bpf)
		abort();
	if (sclog_filter_build_enforce(p, bpf, &err) < 0 && err.code != -E2BIG)
		fuzz_fail("an accepted policy does not compile: %s", err.msg);
	sclog_error_clear(&err);
	if (sclog_filter_build_profile(p, bpf, &err) < 0 && err.code != -E2BIG &&
	    err.code != -ENOEXEC)
		fuzz_fail("an accepted policy does not compile as check's filter: %s", err.msg);
	free(bpf);
}

static void queries(const struct sclog_policy *p)
{
	uint32_t *arches = NULL;
	long n = sclog_policy_arches(p, &arches);

	if (n < 1)
		fuzz_fail("sclog_policy_arches returned %ld", n);
	for (long a = 0; a < n; a++) {
		char **names = NULL;
		long k = sclog_policy_allowed_names(p, arches[a], &names);

		if (k < 0)
			abort();
		for (long i = 0; i < k; i++) {
			if (!sclog_policy_allows(p, arches[a], names[i], NULL))
				fuzz_fail("%s is listed as allowed but not allowed", names[i]);
			if (i > 0 && strcmp(names[i - 1], names[i]) >= 0)
				fuzz_fail("allowed names not sorted and unique");
		}
		if (names[k])
			fuzz_fail("allowed names not NULL-terminated");
		sclog_strv_free(names);
	}
	free(arches);
}

/* A conditional rule naming a syscall twice: merging such a policy into
 * itself is known to add the rule again (regressions/fuzz_policy/
 * open-merge-duplicates-conditional-rule.json), so outside strict mode the
 * idempotence check skips these policies. */
static int has_known_merge_bug(const struct sclog_policy *p)
{
	for (size_t i = 0; i < p->n_rules; i++) {
		const struct sclog_rule *r = &p->rules[i];

		for (size_t a = 0; r->n_args && a < r->n_names; a++)
			for (size_t b = a + 1; b < r->n_names; b++)
				if (strcmp(r->names[a], r->names[b]) == 0)
					return 1;
	}
	return 0;
}

/* Compare the values the reader kept with a plain json-c reading of the
 * same text: an argument value must never change on the way in. */
static void check_values(const uint8_t *data, size_t size, const struct sclog_policy *p)
{
	json_tokener *tok = json_tokener_new();
	json_object *root, *obj, *rules;

	if (!tok)
		abort();
	root = json_tokener_parse_ex(tok, (const char *)data, (int)size);
	json_tokener_free(tok);
	if (!root)
		return;
	obj = root;
	if (json_object_object_get_ex(root, "ociVersion", NULL)) {
		json_object *linux_obj;

		if (!json_object_object_get_ex(root, "linux", &linux_obj) ||
		    !json_object_object_get_ex(linux_obj, "seccomp", &obj))
			goto out;
	}
	if (!json_object_object_get_ex(obj, "syscalls", &rules) ||
	    !json_object_is_type(rules, json_type_array))
		goto out;
	/* The reader normalises (plain rules of one action merge, identical
	 * conditional rules collapse), so a file rule is matched by content,
	 * not by index: some policy rule must carry its exact conditions. */
	for (size_t i = 0; i < json_object_array_length(rules); i++) {
		json_object *args, *rule = json_object_array_get_idx(rules, i), *cond;
		int found = 0;

		/* Docker-engine conditions must be rejected, never dropped; an
		 * "arches" scope alone is read where it changes nothing (the
		 * Docker read-back below checks the meaning). */
		if ((json_object_object_get_ex(rule, "includes", &cond) &&
		     json_object_is_type(cond, json_type_object) &&
		     json_object_object_length(cond) > 0 &&
		     !(json_object_object_length(cond) == 1 &&
		       json_object_object_get_ex(cond, "arches", NULL))) ||
		    (json_object_object_get_ex(rule, "excludes", &cond) &&
		     json_object_is_type(cond, json_type_object) &&
		     json_object_object_length(cond) > 0))
			fuzz_fail("syscalls[%zu] has includes/excludes conditions, yet the policy "
				  "was accepted (they were dropped)",
				  i);

		if (!json_object_object_get_ex(rule, "args", &args) ||
		    !json_object_is_type(args, json_type_array) ||
		    json_object_array_length(args) == 0)
			continue;
		/* Two conditions on one argument: the model splits the rule
		 * into one rule per condition (OR), as crun and runc do. */
		unsigned int seen = 0, split = 0;

		for (size_t k = 0; k < json_object_array_length(args); k++) {
			json_object *ix;
			unsigned int bit;

			json_object_object_get_ex(json_object_array_get_idx(args, k), "index", &ix);
			bit = 1u << (json_object_get_int(ix) & 7);
			split |= seen & bit;
			seen |= bit;
		}
		if (split) {
			for (size_t k = 0; k < json_object_array_length(args); k++) {
				json_object *a = json_object_array_get_idx(args, k), *v;
				uint64_t value = 0, two = 0;

				if (json_object_object_get_ex(a, "value", &v))
					value = json_object_get_uint64(v);
				if (json_object_object_get_ex(a, "valueTwo", &v))
					two = json_object_get_uint64(v);
				found = 0;
				for (size_t r = 0; r < p->n_rules && !found; r++)
					found = p->rules[r].n_args == 1 &&
						p->rules[r].args[0].value == value &&
						p->rules[r].args[0].value_two == two;
				if (!found)
					fuzz_fail("syscalls[%zu].args[%zu]: a condition of a split "
						  "rule is "
						  "lost",
						  i, k);
			}
			continue;
		}
		for (size_t r = 0; r < p->n_rules && !found; r++) {
			int same = p->rules[r].n_args == json_object_array_length(args);

			for (size_t k = 0; same && k < p->rules[r].n_args; k++) {
				json_object *a = json_object_array_get_idx(args, k), *v;
				const struct sclog_arg *arg = &p->rules[r].args[k];

				if (json_object_object_get_ex(a, "value", &v))
					same &= json_object_get_uint64(v) == arg->value;
				else
					same &= arg->value == 0;
				if (json_object_object_get_ex(a, "valueTwo", &v))
					same &= json_object_get_uint64(v) == arg->value_two;
				else
					same &= arg->value_two == 0;
			}
			found = same;
		}
		if (!found)
			fuzz_fail("syscalls[%zu]: no rule read from the file carries its argument "
				  "values exactly",
				  i);
	}
out:
	json_object_put(root);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sclog_policy *p = NULL, *back, *merged;
	struct sclog_error err = { 0 };
	char *oci, *oci2, *once, *docker = NULL;
	/* The bugs strict mode was kept off for are fixed: it is the default. */
	const char *env = getenv("SCLOG_FUZZ_STRICT");
	int strict = !(env && strcmp(env, "0") == 0);
	int r = sclog_policy_parse((const char *)data, size, "fuzz", &p, &err);

	if (r < 0) {
		if (!err.msg[0] || err.code != r)
			fuzz_fail("rejected (%d) without a matching error: %d '%s'", r, err.code,
				  err.msg);
		if (p)
			fuzz_fail("rejected but returned a policy");
		return 0;
	}
	if (r != 0 || !p)
		fuzz_fail("parse returned %d and %p", r, (void *)p);

	/* OCI: read back, and normalisation is idempotent. */
	oci = to_oci(p);
	back = parse_ok(oci, "OCI");
	oci2 = to_oci(back);
	if (strcmp(oci, oci2) != 0)
		fuzz_fail("OCI output does not re-serialise identically:\n%s---\n%s", oci, oci2);
	free(oci2);
	sclog_policy_free(back);

	/* Docker: read back as the same policy. */
	if (sclog_export_docker(p, &docker) < 0 || !docker)
		abort();
	back = parse_ok(docker, "Docker");
	oci2 = to_oci(back);
	if (strcmp(oci, oci2) != 0)
		fuzz_fail("Docker output means another policy:\n%s---\n%s---\n%s", oci, docker,
			  oci2);
	free(oci2);
	sclog_policy_free(back);
	free(docker);

	/* The union is idempotent; to_oci() documents normalised output. */
	merged = sclog_policy_new(&p->default_action);
	if (!merged || sclog_policy_merge(merged, p, NULL) < 0)
		abort();
	once = to_oci(merged);
	if (sclog_policy_merge(merged, p, NULL) < 0)
		abort();
	oci2 = to_oci(merged);
	if ((strict || !has_known_merge_bug(p)) && strcmp(once, oci2) != 0)
		fuzz_fail("merging a policy twice differs from once:\n%s---\n%s", once, oci2);
	if (strict && strcmp(oci, once) != 0)
		fuzz_fail("sclog_export_oci() output is not normalised (merging it into an "
			  "empty policy changes it):\n%s---\n%s",
			  oci, once);
	free(once);
	free(oci2);
	sclog_policy_free(merged);

	if (strict)
		check_values(data, size, p);

	queries(p);
	exports(p);
	compiles(p);
	free(oci);
	sclog_policy_free(p);
	return 0;
}
