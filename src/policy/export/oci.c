// SPDX-License-Identifier: GPL-2.0-only
/*
 * OCI and Docker (moby) JSON of a policy, written directly in the layout of
 * sclog's JSON printer (json_format.c: two spaces, "key": value, an empty
 * array as "[", newline, "]").  Building json-c objects first took a
 * million allocations and a gigabyte for a 15 MB policy whose rules a
 * split multiplies; the output is the same, byte for byte.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sclog/basic/arch.h"
#include "sclog/basic/fileio.h"
#include "sclog/basic/macro.h"
#include "sclog/policy/export/export.h"
#include "sclog/policy/multiarch.h"

/* One writer per memstream, nobody else's: no locking per character
 * (the output of a large policy is a hundred megabytes). */
#define fputc fputc_unlocked
#define fputs fputs_unlocked

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void indent(FILE *f, int level)
{
	static const char spaces[] = "                                ";

	fwrite_unlocked(spaces, 1, 2 * (size_t)level, f);
}

/* A JSON string; what is written here is names from tables, but escape
 * anyway rather than trust that. */
static void put_string(FILE *f, const char *s)
{
	static const char special[] = "\"\\\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c"
				      "\x0d\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19"
				      "\x1a\x1b\x1c\x1d\x1e\x1f";

	fputc('"', f);
	while (s && *s) {
		size_t n = strcspn(s, special);

		fwrite_unlocked(s, 1, n, f);
		s += n;
		if (!*s)
			break;
		/* The escapes json_format.c writes. */
		switch (*s) {
		case '\b':
			fputs("\\b", f);
			break;
		case '\f':
			fputs("\\f", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		default:
			fprintf(f, (unsigned char)*s < 0x20 ? "\\u%04x" : "\\%c",
				(unsigned char)*s);
		}
		s++;
	}
	fputc('"', f);
}

/* "key": at @level, after a comma when not @first. */
static void key(FILE *f, int level, int first, const char *k)
{
	fputs(first ? "\n" : ",\n", f);
	indent(f, level);
	fprintf(f, "\"%s\": ", k);
}

/* An array of strings whose items are at @level + 1; sclog writes an
 * empty one "[", newline, "]". */
static void string_array(FILE *f, int level, char *const *v, size_t n)
{
	fputc('[', f);
	for (size_t i = 0; i < n; i++) {
		fputs(i ? ",\n" : "\n", f);
		indent(f, level + 1);
		put_string(f, v[i]);
	}
	fputc('\n', f);
	indent(f, level);
	fputc(']', f);
}

/* Rule @r with only @names (@n_names of its names), and moby's
 * "includes": {"arches": @includes} when @n_includes. */
static int rule_write(FILE *f, const struct sclog_rule *r, char *const *names, size_t n_names,
		      char *const *includes, size_t n_includes, int level)
{
	_cleanup_free_ char **sorted = malloc((n_names + 1) * sizeof(*sorted));

	if (!sorted)
		return -ENOMEM;
	memcpy(sorted, names, n_names * sizeof(*sorted));
	/* Conditional rules keep their order; plain ones are sets. */
	if (r->n_args == 0)
		qsort(sorted, n_names, sizeof(*sorted), cmp_str);
	indent(f, level);
	fputc('{', f);
	key(f, level + 1, 1, "names");
	string_array(f, level + 1, sorted, n_names);
	key(f, level + 1, 0, "action");
	put_string(f, sclog_action_oci_name(r->action.kind));
	if (r->action.kind == SCLOG_ACT_ERRNO) {
		key(f, level + 1, 0, "errnoRet");
		fprintf(f, "%d", (int)r->action.errno_ret);
	}
	if (r->n_args) {
		key(f, level + 1, 0, "args");
		fputc('[', f);
		for (size_t i = 0; i < r->n_args; i++) {
			const struct sclog_arg *a = &r->args[i];

			fputs(i ? ",\n" : "\n", f);
			indent(f, level + 2);
			fputc('{', f);
			key(f, level + 3, 1, "index");
			fprintf(f, "%u", a->index);
			key(f, level + 3, 0, "value");
			fprintf(f, "%llu", (unsigned long long)a->value);
			key(f, level + 3, 0, "valueTwo");
			fprintf(f, "%llu", (unsigned long long)a->value_two);
			key(f, level + 3, 0, "op");
			put_string(f, sclog_cmp_oci_name(a->op));
			fputc('\n', f);
			indent(f, level + 2);
			fputc('}', f);
		}
		fputc('\n', f);
		indent(f, level + 1);
		fputc(']', f);
	}
	if (n_includes) {
		key(f, level + 1, 0, "includes");
		fputc('{', f);
		key(f, level + 2, 1, "arches");
		string_array(f, level + 2, includes, n_includes);
		fputc('\n', f);
		indent(f, level + 1);
		fputc('}', f);
	}
	fputc('\n', f);
	indent(f, level);
	fputc('}', f);
	return 0;
}

/*
 * moby's names of family @f, @k-th: 0 the native architecture's (its daemon
 * compares that), then each of its architectures' own; NULL where moby has
 * none; NULL at 0: moby can name no architecture of @f.
 */
static const char *docker_family_name(const struct sclog_arch_family *f, size_t k)
{
	if (k == 0) {
		if (sclog_arch_docker_name(f->native))
			return sclog_arch_docker_name(f->native);
		for (size_t a = 0; a < f->n_arches; a++)
			if (sclog_arch_docker_name(f->arches[a]))
				return sclog_arch_docker_name(f->arches[a]);
		return NULL;
	}
	return sclog_arch_docker_name(f->arches[k - 1]);
}

/*
 * Rule @r, first with its names that every family of @fam knows (or none
 * does), then once per other set of families with the names only those
 * know, each scoped to them with moby's "includes": a policy of several
 * families keeps each one's own names.  One family (@n_fam < 2): @r as is.
 */
static int rule_write_scoped(FILE *f, const struct sclog_rule *r,
			     const struct sclog_arch_family *fam, size_t n_fam, size_t *written)
{
	_cleanup_free_ unsigned *scope = NULL;
	_cleanup_free_ char **names = NULL;
	unsigned all = (1u << n_fam) - 1;
	int ret = 0;

	if (n_fam < 2) {
		fputs((*written)++ ? ",\n" : "\n", f);
		return rule_write(f, r, r->names, r->n_names, NULL, 0, 2);
	}
	scope = malloc(r->n_names * sizeof(*scope));
	names = malloc(r->n_names * sizeof(*names));
	if (!scope || !names)
		return -ENOMEM;
	for (size_t i = 0; i < r->n_names; i++) {
		scope[i] = sclog_multiarch_scope(fam, n_fam, r->names[i]);
		/* A family moby has no name for cannot be scoped to: such
		 * names stay for all, as in OCI. */
		for (size_t g = 0; g < n_fam; g++)
			if ((scope[i] & (1u << g)) && !docker_family_name(&fam[g], 0))
				scope[i] = all;
		if (scope[i] == 0)
			scope[i] = all;
	}
	/* Every family's names first, then the other sets in numeric order. */
	for (unsigned k = 0; ret == 0 && k < all; k++) {
		unsigned m = k == 0 ? all : k;
		char *includes[SCLOG_MULTIARCH_MAX * 5];
		size_t n = 0, n_includes = 0;

		for (size_t i = 0; i < r->n_names; i++)
			if (scope[i] == m)
				names[n++] = r->names[i];
		if (!n)
			continue;
		for (size_t g = 0; m != all && g < n_fam; g++)
			for (size_t a = 0; (m & (1u << g)) && a <= fam[g].n_arches; a++) {
				const char *moby = docker_family_name(&fam[g], a);
				size_t dup = 0;

				while (moby && dup < n_includes && strcmp(includes[dup], moby) != 0)
					dup++;
				if (moby && dup == n_includes)
					includes[n_includes++] = (char *)moby;
			}
		fputs((*written)++ ? ",\n" : "\n", f);
		ret = rule_write(f, r, names, n, includes, n_includes, 2);
	}
	return ret;
}

/* Plain ALLOW first, other plain rules by action, then conditional ones. */
static int rule_rank(const struct sclog_rule *r)
{
	if (r->n_args)
		return 100;
	return r->action.kind == SCLOG_ACT_ALLOW ? 0 : 1 + (int)r->action.kind;
}

/* The default action, its errno (crun rejects defaultErrnoRet with any
 * other default action), and the key that comes next. */
static void head(FILE *f, const struct sclog_policy *p, const char *next)
{
	fputc('{', f);
	key(f, 1, 1, "defaultAction");
	put_string(f, sclog_action_oci_name(p->default_action.kind));
	if (p->default_action.kind == SCLOG_ACT_ERRNO) {
		key(f, 1, 0, "defaultErrnoRet");
		fprintf(f, "%d", (int)p->default_action.errno_ret);
	}
	key(f, 1, 0, next);
}

/* The rules, ranked (rule_rank()), then the end of the document; each
 * scoped to the families of @fam (@n_fam: see rule_write_scoped()). */
static int tail(FILE *f, const struct sclog_policy *p, const struct sclog_arch_family *fam,
		size_t n_fam)
{
	size_t written = 0;
	int r = 0;

	key(f, 1, 0, "syscalls");
	fputc('[', f);
	/* Plain rules are one per action: ranking them is cheap, and the
	 * conditional ones, most of a large policy, come last in order. */
	for (int rank = 0; rank < 100 && r == 0; rank++)
		for (size_t i = 0; i < p->n_rules && r == 0; i++)
			if (p->rules[i].n_args == 0 && rule_rank(&p->rules[i]) == rank &&
			    p->rules[i].n_names)
				r = rule_write_scoped(f, &p->rules[i], fam, n_fam, &written);
	for (size_t i = 0; i < p->n_rules && r == 0; i++)
		if (p->rules[i].n_args && p->rules[i].n_names)
			r = rule_write_scoped(f, &p->rules[i], fam, n_fam, &written);
	fputc('\n', f);
	indent(f, 1);
	fputs("]\n}\n", f);
	return r;
}

/* Close the memstream: only then is *@bufp final. */
static int finish(FILE *f, char **bufp, int r, char **ret_json)
{
	if (fclose(f) != 0 || r < 0) {
		free(*bufp);
		return -ENOMEM;
	}
	*ret_json = *bufp;
	return 0;
}

int sclog_export_oci_write(FILE *f, const struct sclog_policy *p)
{
	char **names = calloc(p->n_arches + 1, sizeof(*names));
	size_t n = 0;
	int r;

	if (!names)
		return -ENOMEM;
	for (size_t i = 0; i < p->n_arches; i++)
		if ((names[n] = sclog_arch_oci_name(p->arches[i])))
			n++;
	/* The conventional key order: architectures before syscalls. */
	head(f, p, "architectures");
	string_array(f, 1, names, n);
	/* OCI cannot scope a name: every family gets the union. */
	r = tail(f, p, NULL, 0);
	sclog_strv_free(names);
	return r;
}

/* @write's text of @p in a new string. */
static int to_string(int (*write)(FILE *, const struct sclog_policy *),
		     const struct sclog_policy *p, char **ret_json)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = sclog_memstream(&buf, &len);

	if (!f)
		return -ENOMEM;
	return finish(f, &buf, write(f, p), ret_json);
}

int sclog_export_oci(const struct sclog_policy *p, char **ret_json)
{
	return to_string(sclog_export_oci_write, p, ret_json);
}

int sclog_export_docker_write(FILE *f, const struct sclog_policy *p)
{
	struct sclog_arch_family fam[SCLOG_MULTIARCH_MAX];
	long n_fam = sclog_multiarch_families(p, fam);
	size_t entries = 0;

	if (n_fam < 0)
		return -ENOMEM;

	head(f, p, "archMap");
	fputc('[', f);
	for (size_t i = 0; i < p->n_arches; i++) {
		uint32_t a = p->arches[i], compat[4];
		size_t n_compat = sclog_arch_compat(a, compat, ELEMENTSOF(compat)), n_subs = 0;
		char *subs[ELEMENTSOF(compat)] = { NULL };
		_cleanup_free_ char *name = NULL;

		/* A compat arch goes under its native one when that is listed. */
		if (sclog_arch_native_of(a) && p->n_arches &&
		    sclog_policy_covers(p, sclog_arch_native_of(a)))
			continue;
		name = sclog_arch_oci_name(a);
		fputs(entries++ ? ",\n" : "\n", f);
		indent(f, 2);
		fputc('{', f);
		key(f, 3, 1, "architecture");
		put_string(f, name ? name : "");
		for (size_t c = 0; c < n_compat; c++)
			if (sclog_policy_covers(p, compat[c])) {
				subs[n_subs++] = sclog_arch_oci_name(compat[c]);
			}
		/* An empty list says nothing: leave it out. */
		if (n_subs) {
			key(f, 3, 0, "subArchitectures");
			string_array(f, 3, subs, n_subs);
		}
		for (size_t c = 0; c < n_subs; c++)
			free(subs[c]);
		fputc('\n', f);
		indent(f, 2);
		fputc('}', f);
	}
	fputc('\n', f);
	indent(f, 1);
	fputc(']', f);
	return tail(f, p, fam, (size_t)n_fam);
}

int sclog_export_docker(const struct sclog_policy *p, char **ret_json)
{
	return to_string(sclog_export_docker_write, p, ret_json);
}
