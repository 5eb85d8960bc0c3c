// SPDX-License-Identifier: GPL-2.0-only
/* Argument recording: the data file, the values seen, their OCI conditions. */
#include <errno.h>
#include <json-c/json.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sclog/basic/arch.h"
#include "sclog/basic/json_read.h"
#include "sclog/basic/macro.h"
#include "sclog/policy/args.h"

static int bad(struct sclog_error *err, const char *source, const char *path, const char *what)
{
	return sclog_error_set(err, -EINVAL, "%s: %s: %s (see policies/args.json for the format)",
			       source, path, what);
}

/* A mask is a JSON integer or a string in C notation ("0x7e020000"). */
static int parse_mask(json_object *v, uint64_t *ret)
{
	const char *s;
	char *end;

	if (json_object_is_type(v, json_type_int)) {
		int64_t i = json_object_get_int64(v);

		if (i <= 0)
			return -EINVAL;
		*ret = (uint64_t)i;
		return 0;
	}
	if (!json_object_is_type(v, json_type_string))
		return -EINVAL;
	s = json_object_get_string(v);
	errno = 0;
	*ret = strtoull(s, &end, 0);
	return errno || end == s || *end || *ret == 0 ? -EINVAL : 0;
}

static int parse_field(json_object *o, struct sclog_args_field *f, const char *source,
		       const char *path, struct sclog_error *err)
{
	int have_index = 0;

	if (!json_object_is_type(o, json_type_object))
		return bad(err, source, path, "not an object");
	json_object_object_foreach(o, key, v)
	{
		if (strcmp(key, "index") == 0) {
			int64_t i = json_object_get_int64(v);

			if (!json_object_is_type(v, json_type_int) || i < 0 || i > 5)
				return bad(err, source, path, "\"index\" must be an integer 0..5");
			f->index = (unsigned int)i;
			have_index = 1;
		} else if (strcmp(key, "mask") == 0) {
			if (parse_mask(v, &f->mask) < 0)
				return bad(err, source, path,
					   "\"mask\" must be a positive integer "
					   "or a string such as \"0xf\"");
		} else if (strcmp(key, "comment") != 0) {
			return bad(err, source, path, "unknown key (known: index, mask, comment)");
		}
	}
	return have_index ? 0 : bad(err, source, path, "\"index\" is missing");
}

/* The "arches" list of an entry of args.json, at @path in @source. */
static int parse_arches(json_object *v, struct sclog_args_entry *e, const char *source,
			const char *path, struct sclog_error *err)
{
	size_t n = json_object_is_type(v, json_type_array) ? json_object_array_length(v) : 0;

	if (n == 0 || n > ELEMENTSOF(e->arches))
		return bad(err, source, path, "\"arches\" must list 1 to 8 names");
	for (size_t i = 0; i < n; i++) {
		json_object *a = json_object_array_get_idx(v, i);
		uint32_t tok = json_object_is_type(a, json_type_string) ?
				       seccomp_arch_resolve_name(json_object_get_string(a)) :
				       0;

		if (!tok)
			return bad(err, source, path,
				   "unknown architecture in \"arches\" (libseccomp names: x86_64, "
				   "x86, ...)");
		e->arches[i] = tok;
	}
	e->n_arches = n;
	return 0;
}

static int parse_entry(json_object *o, struct sclog_args_entry *e, const char *source, size_t idx,
		       struct sclog_error *err)
{
	char path[64];

	snprintf(path, sizeof(path), "syscalls[%zu]", idx);
	if (!json_object_is_type(o, json_type_object))
		return bad(err, source, path, "not an object");
	json_object_object_foreach(o, key, v)
	{
		if (strcmp(key, "name") == 0) {
			const char *name = json_object_get_string(v);

			if (!json_object_is_type(v, json_type_string) ||
			    strlen(name) >= sizeof(e->name))
				return bad(err, source, path, "\"name\" must be a syscall name");
			if (seccomp_syscall_resolve_name(name) == __NR_SCMP_ERROR &&
			    seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86, name) ==
				    __NR_SCMP_ERROR)
				return sclog_error_set(err, -EINVAL,
						       "%s: %s: libseccomp knows no "
						       "syscall '%s'",
						       source, path, name);
			snprintf(e->name, sizeof(e->name), "%s", name);
		} else if (strcmp(key, "args") == 0) {
			size_t n = json_object_is_type(v, json_type_array) ?
					   json_object_array_length(v) :
					   0;

			if (n == 0 || n > SCLOG_ARGS_MAX_FIELDS)
				return bad(err, source, path,
					   "\"args\" must list 1 or 2 positions");
			for (size_t i = 0; i < n; i++) {
				char fpath[96];

				snprintf(fpath, sizeof(fpath), "%s.args[%zu]", path, i);
				if (parse_field(json_object_array_get_idx(v, i), &e->fields[i],
						source, fpath, err) < 0)
					return -EINVAL;
			}
			e->n_fields = n;
		} else if (strcmp(key, "struct") == 0) {
			if (!json_object_is_type(v, json_type_string) ||
			    strcmp(json_object_get_string(v), "clone_args.flags") != 0)
				return bad(err, source, path,
					   "\"struct\" can only be \"clone_args.flags\"");
			e->from_struct = 1;
		} else if (strcmp(key, "mask") == 0) {
			if (parse_mask(v, &e->fields[0].mask) < 0)
				return bad(err, source, path,
					   "\"mask\" must be a positive integer "
					   "or a string such as \"0xf\"");
		} else if (strcmp(key, "arches") == 0) {
			if (parse_arches(v, e, source, path, err) < 0)
				return -EINVAL;
		} else if (strcmp(key, "comment") != 0) {
			return bad(err, source, path,
				   "unknown key (known: name, args, struct, "
				   "mask, arches, comment)");
		}
	}
	if (!e->name[0])
		return bad(err, source, path, "\"name\" is missing");
	if (e->from_struct == (e->n_fields != 0))
		return bad(err, source, path, "give either \"args\" or \"struct\"");
	if (e->from_struct)
		e->n_fields = 1; /* the struct field, handed in as args[0] */
	return 0;
}

static int applies(const struct sclog_args_entry *e, uint32_t arch)
{
	if (!e->n_arches)
		return 1;
	for (size_t i = 0; i < e->n_arches; i++)
		if (e->arches[i] == arch)
			return 1;
	return 0;
}

/* An entry that names its architectures overrides one of the same name
 * that does not (clone's flags are its second argument on s390). */
static int overridden(const struct sclog_args_spec *s, size_t idx, uint32_t arch)
{
	const struct sclog_args_entry *e = &s->entries[idx];

	if (e->n_arches)
		return 0;
	for (size_t i = 0; i < s->n_entries; i++)
		if (i != idx && s->entries[i].n_arches && applies(&s->entries[i], arch) &&
		    strcmp(s->entries[i].name, e->name) == 0)
			return 1;
	return 0;
}

static int resolve(struct sclog_args_spec *s, const uint32_t *arches, size_t n_arches)
{
	s->keys = calloc(s->n_entries * n_arches + 1, sizeof(*s->keys));
	if (!s->keys)
		return -ENOMEM;
	for (size_t a = 0; a < n_arches; a++)
		for (size_t i = 0; i < s->n_entries; i++) {
			int nr;

			if (!applies(&s->entries[i], arches[a]) || overridden(s, i, arches[a]))
				continue;
			nr = seccomp_syscall_resolve_name_arch(arches[a], s->entries[i].name);
			/* Absent on this arch (fcntl64 on x86_64): nothing to record. */
			if (nr < 0)
				continue;
			s->keys[s->n_keys++] = (struct sclog_args_key){ arches[a], nr, i };
		}
	return 0;
}

int sclog_args_spec_parse(const char *buf, size_t len, const char *source, const uint32_t *arches,
			  size_t n_arches, struct sclog_args_spec **ret, struct sclog_error *err)
{
	json_object *root, *list = NULL;
	struct sclog_args_spec *s = NULL;
	size_t n;
	int r;

	r = sclog_json_read(buf, len, source, &root, err);
	if (r < 0)
		return r;
	r = -EINVAL;
	if (!json_object_is_type(root, json_type_object)) {
		bad(err, source, "(root)", "not an object");
		goto out;
	}
	json_object_object_foreach(root, key, v)
	{
		if (strcmp(key, "syscalls") == 0)
			list = v;
		else if (strcmp(key, "comment") != 0) {
			bad(err, source, key, "unknown key (known: syscalls, comment)");
			goto out;
		}
	}
	n = list && json_object_is_type(list, json_type_array) ? json_object_array_length(list) : 0;
	if (n == 0 || n > 64) {
		bad(err, source, "syscalls", "must be an array of 1 to 64 entries");
		goto out;
	}
	r = -ENOMEM;
	s = calloc(1, sizeof(*s));
	if (!s || !(s->entries = calloc(n, sizeof(*s->entries)))) {
		sclog_error_oom(err);
		goto out;
	}
	s->n_entries = n;
	for (size_t i = 0; i < n; i++)
		if (parse_entry(json_object_array_get_idx(list, i), &s->entries[i], source, i,
				err) < 0) {
			r = -EINVAL;
			goto out;
		}
	if (resolve(s, arches, n_arches) < 0) {
		sclog_error_oom(err);
		goto out;
	}
	*ret = TAKE_PTR(s);
	r = 0;
out:
	sclog_args_spec_free(s);
	json_object_put(root);
	return r;
}

struct sclog_args_spec *sclog_args_spec_free(struct sclog_args_spec *spec)
{
	if (spec) {
		free(spec->entries);
		free(spec->keys);
		free(spec);
	}
	return NULL;
}

long sclog_args_lookup(const struct sclog_args_spec *spec, uint32_t arch, int64_t nr)
{
	/* x32 calls arrive as x86_64 with the x32 bit in nr. */
	uint32_t a = sclog_arch_of(arch, nr);

	for (size_t i = 0; i < spec->n_keys; i++)
		if (spec->keys[i].nr == nr && spec->keys[i].arch == a)
			return (long)spec->keys[i].entry;
	return -1;
}

const char **sclog_args_names(const struct sclog_args_spec *spec)
{
	const char **v = calloc(spec->n_entries + 1, sizeof(*v));
	size_t n = 0;

	if (!v)
		return NULL;
	for (size_t i = 0; i < spec->n_entries; i++) {
		int dup = 0;

		for (size_t k = 0; k < n; k++)
			dup |= strcmp(v[k], spec->entries[i].name) == 0;
		if (!dup)
			v[n++] = spec->entries[i].name;
	}
	return v;
}

struct sclog_args_seen *sclog_args_seen_new(const struct sclog_args_spec *spec)
{
	struct sclog_args_seen *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->per_entry = calloc(spec->n_entries ? spec->n_entries : 1, sizeof(*s->per_entry));
	if (!s->per_entry) {
		free(s);
		return NULL;
	}
	s->n_entries = spec->n_entries;
	return s;
}

struct sclog_args_seen *sclog_args_seen_free(struct sclog_args_seen *seen)
{
	if (seen) {
		for (size_t i = 0; i < seen->n_entries; i++)
			free(seen->per_entry[i].tuples);
		free(seen->per_entry);
		free(seen);
	}
	return NULL;
}

int sclog_args_seen_add(struct sclog_args_seen *seen, const struct sclog_args_spec *spec,
			size_t entry, const uint64_t args[6])
{
	const struct sclog_args_entry *e = &spec->entries[entry];
	struct sclog_args_values *v = &seen->per_entry[entry];
	uint64_t t[SCLOG_ARGS_MAX_FIELDS] = { 0 };

	for (size_t i = 0; i < e->n_fields; i++) {
		uint64_t a = e->from_struct ? args[0] : args[e->fields[i].index];

		t[i] = e->fields[i].mask ? a & e->fields[i].mask : a;
	}
	/* A program uses a handful of values per syscall: a scan is enough. */
	for (size_t i = 0; i < v->n; i++)
		if (memcmp(v->tuples[i], t, sizeof(t)) == 0)
			return 0;
	if (v->n >= SCLOG_ARGS_MAX_VALUES) {
		v->dropped++;
		return 0;
	}
	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 8;
		void *p = realloc(v->tuples, cap * sizeof(*v->tuples));

		if (!p)
			return -ENOMEM;
		v->tuples = p;
		v->cap = cap;
	}
	memcpy(v->tuples[v->n++], t, sizeof(t));
	return 0;
}

static int cmp_tuple(const void *a, const void *b)
{
	const uint64_t *x = a, *y = b;

	for (size_t i = 0; i < SCLOG_ARGS_MAX_FIELDS; i++)
		if (x[i] != y[i])
			return x[i] < y[i] ? -1 : 1;
	return 0;
}

int sclog_args_apply(const struct sclog_args_spec *spec, const struct sclog_args_seen *seen,
		     struct sclog_policy *p, size_t *ret_unconditional)
{
	size_t unconditional = 0;

	for (size_t i = 0; i < spec->n_entries; i++) {
		const struct sclog_args_entry *e = &spec->entries[i];
		const struct sclog_args_values *v = &seen->per_entry[i];
		char *names[1] = { (char *)e->name };

		if (!v->n)
			continue;
		if (e->from_struct || v->dropped) {
			unconditional++;
			continue;
		}
		/* Allowed for every value anyway (a --base, or another entry
		 * of the same name made it unconditional): nothing to narrow. */
		if (!sclog_policy_forget_unconditional(p, e->name))
			continue;
		qsort(v->tuples, v->n, sizeof(*v->tuples), cmp_tuple);
		for (size_t k = 0; k < v->n; k++) {
			struct sclog_arg args[SCLOG_ARGS_MAX_FIELDS];
			struct sclog_rule rule = {
				.names = names,
				.n_names = 1,
				.action = { .kind = SCLOG_ACT_ALLOW },
				.args = args,
				.n_args = e->n_fields,
			};

			/* Zeroed padding: rules are compared with memcmp. */
			memset(args, 0, sizeof(args));
			for (size_t f = 0; f < e->n_fields; f++) {
				args[f].index = e->fields[f].index;
				if (e->fields[f].mask) {
					args[f].op = SCMP_CMP_MASKED_EQ;
					args[f].value = e->fields[f].mask;
					args[f].value_two = v->tuples[k][f];
				} else {
					args[f].op = SCMP_CMP_EQ;
					args[f].value = v->tuples[k][f];
				}
			}
			if (sclog_policy_add_rule(p, &rule, NULL) < 0)
				return -ENOMEM;
		}
	}
	if (ret_unconditional)
		*ret_unconditional = unconditional;
	return 0;
}
